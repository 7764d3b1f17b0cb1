//! The app: document state, preferences and the view state of one window, and the frame's
//! layout. Tests drive [`YibaoApp::ui`] through `egui_kittest`; the eframe wrapper in
//! `native.rs` only adds storage, the window and native dialogs.

use super::i18n::Lang;
use super::io::autosave::{Autosaver, Orphan};
use super::panels::province_grid::ProvinceColumn;
use super::panels::{central, dialogs, lever_panel, status_bar, top_bar};
use super::plots::chart_data::{ChartView, PlotMetric};
use super::session::compare::Batch;
use super::session::jobs::Job;
use super::session::prefs::Prefs;
use super::session::state::{AppState, ProjectionMode};
use crate::model::{Dataset, Fund, LeverKey, Unit};
use eframe::egui;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The year simple lever edits apply from unless the user picks another.
pub const FIRST_REFORM_YEAR: i32 = 2026;

/// What waits for an answer to the unsaved-changes prompt.
#[derive(Clone, Debug, PartialEq)]
pub enum Guarded {
    /// Start a new scenario.
    New,
    /// Open a file.
    Open(PathBuf),
    /// Close the window.
    Quit,
}

/// A dialog that needs acknowledging.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// A file did not open; its positioned errors.
    OpenFailed {
        /// `PATH:LINE:COL: error: MESSAGE` lines.
        messages: Vec<String>,
    },
    /// Saving failed.
    SaveFailed(String),
    /// A file opened with warnings.
    FileWarnings(Vec<String>),
    /// A provincial accounts file was not used; its positioned errors.
    /// A prefecture accounts file that could not be used (its positioned messages).
    SubunitsFailed {
        /// One line per problem.
        messages: Vec<String>,
    },
    AccountsFailed {
        /// `PATH:LINE:COL: error: MESSAGE` lines (or the calibration's guard-rail error).
        messages: Vec<String>,
    },
}

/// View state that is not persisted: filters, per-lever start years, open editors.
#[derive(Clone, Debug)]
pub struct ViewState {
    /// Start years chosen for levers the scenario does not set yet, by lever key.
    pub from_years: BTreeMap<LeverKey, i32>,
    /// Lever keys whose path editor is open.
    pub open_paths: BTreeSet<LeverKey>,
    /// The key year the slider of a multi-year path edits, by scenario key ("edit this year");
    /// a key not listed here shifts the whole path.
    pub slider_years: BTreeMap<LeverKey, i32>,
    /// Open the assumptions section once (a file that sets one of its levers was opened).
    pub reveal_assumptions: bool,
    /// The references being typed (one per line), while their field has the focus.
    pub references_text: Option<String>,
    /// Lever search text.
    pub lever_filter: String,
    /// Province search text of the unit picker.
    pub unit_filter: String,
    /// Whether the unit picker's list was open last frame.
    pub unit_picker_open: bool,
    /// Edit `@CODE` overrides of the selected province instead of national levers.
    pub province_scope: bool,
    /// PlotMetric of the Compare tab.
    pub compare_metric: PlotMetric,
    /// Year of the burden bars.
    pub burden_year: i32,
    /// The Provinces tab shows the sortable table instead of the grid.
    pub province_table: bool,
    /// Sort column of the province table and whether descending.
    pub province_sort: (ProvinceColumn, bool),
    /// What the tile map shows and in which year (`None`: the base year + 8).
    pub map: (crate::app::plots::tile_map::MapMetric, Option<i32>),
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            from_years: BTreeMap::new(),
            open_paths: BTreeSet::new(),
            slider_years: BTreeMap::new(),
            references_text: None,
            reveal_assumptions: false,
            lever_filter: String::new(),
            unit_filter: String::new(),
            unit_picker_open: false,
            province_scope: false,
            compare_metric: PlotMetric::Months,
            burden_year: 2030,
            province_table: false,
            province_sort: (ProvinceColumn::Months, false),
            map: (crate::app::plots::tile_map::MapMetric::Months, None),
        }
    }
}

/// The whole app of one window.
pub struct YibaoApp {
    pub(super) state: AppState,
    pub(super) prefs: Prefs,
    pub(super) view: ViewState,
    pub(super) autosaver: Option<Autosaver>,
    /// Autosaves of instances that did not close cleanly, offered for recovery.
    pub(super) recovery: Vec<Orphan>,
    /// A save waiting for the user to confirm overwriting a file that has comments.
    pub(super) overwrite_prompt: Option<PathBuf>,
    /// Files the user agreed to overwrite although they have comments (asked once each).
    pub(super) overwrite_confirmed: BTreeSet<PathBuf>,
    pub(super) dialog: Option<Dialog>,
    pub(super) prompt: Option<Guarded>,
    pub(super) job: Option<Job<Batch>>,
    /// Loading or clearing provincial accounts (re-calibration on a worker).
    pub(super) accounts_job: Option<Job<super::session::accounts::Outcome>>,
    /// The Uncertainty tab's jobs and results.
    pub uncertainty: super::session::uncertainty::Uncertainty,
    /// The Heatmap tab's choices, job and result.
    pub heatmap: super::session::heatmap::Heatmaps,
    /// The Decomposition tab's choices, job and result.
    pub decompose: super::session::decompose::Decompositions,
    /// A report pack being written: the job (files written or the error) and its folder.
    pub(super) report_job: Option<(Job<Result<usize, String>>, PathBuf)>,
    /// A short message for the status line.
    pub(super) notice: Option<String>,
    /// The unsaved-changes prompt was answered: let the window close.
    pub(super) close_confirmed: bool,
    pub(super) ctx: Option<egui::Context>,
    /// Whether native file dialogs may open (false in tests and headless runs).
    pub(super) native_dialogs: bool,
    /// Whether they can: the desktop-portal probe started with the window.
    pub(super) portal: Option<super::io::file_dialog::PortalProbe>,
    /// The built-in file dialog, when it is up.
    pub(super) path_prompt: Option<super::io::file_dialog::PathPrompt>,
    /// Time of the last edit not yet autosaved.
    edited_at: Option<f64>,
    window_title: String,
}

impl YibaoApp {
    /// An app on the baseline. With an autosaver, an autosave left by a crash is offered for
    /// recovery.
    pub fn new(
        dataset: Arc<Dataset>,
        prefs: Prefs,
        autosaver: Option<Autosaver>,
        mode: ProjectionMode,
    ) -> Self {
        let mut autosaver = autosaver;
        let recovery = autosaver
            .as_mut()
            .map(Autosaver::orphans)
            .unwrap_or_default();
        let state = AppState::new(dataset, mode);
        // The workspace of the last session: pinned and opened comparisons, projected off the
        // UI thread.
        let job = (!prefs.compare.is_empty()).then(|| {
            let items = prefs
                .compare
                .iter()
                .map(|c| (c.name.clone(), c.source.clone(), c.scenario.clone()))
                .collect();
            super::session::compare::project_batch(Arc::clone(&state.dataset), items, None)
        });
        // The accounts files of the last session, loaded again off the UI thread.
        let accounts_job = (prefs.accounts.is_some() || prefs.subunits.is_some()).then(|| {
            super::session::accounts::start(
                state.base_dataset(),
                super::session::accounts::Files {
                    accounts: prefs.accounts.clone(),
                    subunits: prefs.subunits.clone(),
                    subunits_change: prefs.accounts.is_none(),
                    texts: Default::default(),
                },
                state.reload_inputs(),
                None,
            )
        });
        YibaoApp {
            accounts_job,
            state,
            prefs,
            view: ViewState::default(),
            autosaver,
            recovery,
            overwrite_prompt: None,
            overwrite_confirmed: BTreeSet::new(),
            dialog: None,
            prompt: None,
            job,
            uncertainty: Default::default(),
            heatmap: Default::default(),
            decompose: Default::default(),
            notice: None,
            report_job: None,
            close_confirmed: false,
            ctx: None,
            native_dialogs: false,
            portal: None,
            path_prompt: None,
            edited_at: None,
            window_title: String::new(),
        }
    }

    /// An app for tests: embedded data, default prefs, inline projection, no autosave.
    pub fn for_tests() -> anyhow::Result<Self> {
        let dataset = Dataset::embedded()?;
        Ok(YibaoApp::new(
            Arc::new(dataset),
            Prefs::default(),
            None,
            ProjectionMode::Inline,
        ))
    }

    /// At start without a file to open: reopens the newest recent file, so that a restart
    /// continues where the last session was, unless an autosave is offered for recovery (its
    /// prompt comes first) or the file is gone (then the baseline, as before). True when a file
    /// was opened.
    pub fn reopen_last(&mut self) -> bool {
        if !self.recovery.is_empty() {
            return false;
        }
        match self.prefs.recent.first().filter(|p| p.is_file()).cloned() {
            Some(path) => {
                self.apply(super::session::command::Command::Open(path));
                self.state.file.is_some()
            }
            None => false,
        }
    }

    /// The document state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The document state, mutable (tests and the CLI-like helpers).
    pub fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    /// The preferences.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The dialog on screen, if any.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    /// The action waiting for the unsaved-changes prompt, if any.
    pub fn prompt(&self) -> Option<&Guarded> {
        self.prompt.as_ref()
    }

    /// The built-in file dialog, if it is up.
    pub fn path_prompt(&self) -> Option<&super::io::file_dialog::PathPrompt> {
        self.path_prompt.as_ref()
    }

    /// Lets the app try native file dialogs, with the portal probe's answer already known:
    /// `Err(why)` makes every file dialog fall back to the built-in one, naming `why` (tests of a
    /// machine without a desktop portal).
    pub fn set_portal(&mut self, probe: Result<(), String>) {
        self.native_dialogs = true;
        self.portal = Some(super::io::file_dialog::PortalProbe::known(probe));
    }

    /// The autosaves offered for recovery (empty when there are none).
    pub fn recovery(&self) -> &[Orphan] {
        &self.recovery
    }

    /// The file waiting for "overwrite its comments?", if any.
    pub fn overwrite_prompt(&self) -> Option<&std::path::Path> {
        self.overwrite_prompt.as_deref()
    }

    /// The preferences to store, with the current workspace (comparisons) in them.
    pub fn prefs_to_store(&self) -> Prefs {
        let mut prefs = self.prefs.clone();
        prefs.compare = self
            .state
            .compare
            .iter()
            .map(|e| super::session::prefs::SavedCompare {
                name: e.name.clone(),
                source: e.source.clone(),
                scenario: e.scenario.clone(),
            })
            .collect();
        prefs
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    /// The selected unit: the nation or a province the data knows.
    pub fn selected_unit(&self) -> Unit {
        match self.prefs.unit {
            Unit::Province(p) if self.province(p.code()).is_none() => Unit::Nation,
            unit => unit,
        }
    }

    /// The selected unit's code: `CN` or a province code.
    pub fn unit(&self) -> &'static str {
        self.selected_unit().code()
    }

    /// The selected province's code, if a province is selected.
    pub fn province_code(&self) -> Option<&'static str> {
        self.selected_unit().province().map(|p| p.code())
    }

    /// The province with this code.
    pub fn province(&self, code: &str) -> Option<&crate::model::data::ProvinceInput> {
        self.state.dataset.provinces.iter().find(|p| p.code == code)
    }

    /// The selected unit's name in the UI language.
    pub fn unit_name(&self, code: &str) -> String {
        match self.province(code) {
            Some(p) if self.lang().is_zh() => p.name_zh.clone(),
            Some(p) => p.name_en.clone(),
            None => super::i18n::T::Nation.get(self.lang()).to_owned(),
        }
    }

    /// The selected fund.
    pub fn fund(&self) -> Fund {
        Some(self.prefs.fund)
            .filter(|f| Fund::MAIN.contains(f))
            .unwrap_or(Fund::Resident)
    }

    /// Whether lever edits go to the selected province's `@CODE` overrides.
    pub fn editing_province(&self) -> Option<&'static str> {
        self.province_code().filter(|_| self.view.province_scope)
    }

    /// What the charts show now.
    pub fn chart_view(&self) -> ChartView {
        ChartView {
            unit: self.unit().to_owned(),
            fund: self.fund(),
            lang: self.lang(),
            reference_lines: self.prefs.reference_lines,
            compare_metric: self.view.compare_metric,
        }
    }

    /// One frame of the whole window.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        if self.state.poll() {
            ctx.request_repaint();
        }
        // A goal seek started before the levers changed would not apply: stop it.
        self.uncertainty.drop_stale_solve(&self.state.scenario);
        if self.uncertainty.poll() {
            ctx.request_repaint();
        }
        self.heatmap.drop_stale(&self.state.scenario);
        if self.heatmap.poll() {
            ctx.request_repaint();
        }
        self.decompose.drop_stale(&self.state.scenario);
        if self.decompose.poll() {
            ctx.request_repaint();
        }
        if self.state.is_computing()
            || self.job.is_some()
            || self.uncertainty.is_busy()
            || self.heatmap.is_busy()
            || self.decompose.is_busy()
            || self.report_job.is_some()
            || self.accounts_job.is_some()
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let mut commands = Vec::new();
        self.poll_job(&mut commands);
        self.poll_accounts();
        super::panels::input::input_commands(self, &ctx, &mut commands);

        egui::Panel::top("menu_bar").show(ui, |ui| top_bar::top_bar_ui(ui, self, &mut commands));
        egui::Panel::bottom("status_bar")
            .show(ui, |ui| status_bar::status_bar_ui(ui, self, &mut commands));
        if self.prefs.show_levers {
            // The panel edits view-only state (filters, open editors) in place; take it out so
            // that the rest of the app can be read at the same time.
            let mut view = std::mem::take(&mut self.view);
            let response = egui::Panel::left("lever_panel")
                .resizable(true)
                .default_size(self.prefs.lever_panel_width)
                .size_range(320.0..=720.0)
                .show(ui, |ui| {
                    lever_panel::lever_panel_ui(ui, self, &mut view, &mut commands)
                });
            self.view = view;
            self.prefs.lever_panel_width = response.response.rect.width();
        }
        let mut view = std::mem::take(&mut self.view);
        egui::CentralPanel::default().show(ui, |ui| {
            central::central_ui(ui, self, &mut view, &mut commands)
        });
        self.view = view;
        dialogs::dialogs_ui(&ctx, self, &mut commands);
        // The built-in file dialog edits its own state; drawn last, it sits above the
        // unsaved-changes prompt that may have opened it.
        let mut prompt = self.path_prompt.take();
        if let Some(prompt) = prompt.as_mut() {
            dialogs::path_prompt_ui(&ctx, prompt, self.lang(), &mut commands);
        }
        self.path_prompt = prompt;
        super::panels::input::file_drop_ui(&ctx, self, &mut commands);

        for command in commands {
            self.apply(command);
        }
        self.autosave_tick(ctx.input(|i| i.time));
        self.sync_window_title(&ctx);
    }

    /// Keeps the autosave equal to what is on screen: written a little after any change (an
    /// edit, undo or redo) while there are unsaved changes, removed once there are none (after a
    /// save, or an undo back to the file).
    fn autosave_tick(&mut self, now: f64) {
        let Some(saver) = self.autosaver.as_mut() else {
            return;
        };
        if !self.state.is_dirty() {
            self.edited_at = None;
            if saver.has_file()
                && let Err(e) = saver.remove()
            {
                self.notice = Some(format!("autosave: {e}"));
            }
            return;
        }
        if saver.is_current(self.state.file.as_deref(), &self.state.scenario) {
            self.edited_at = None;
            return;
        }
        let since = *self.edited_at.get_or_insert(now);
        if now - since >= saver.delay_secs {
            if let Err(e) = saver.write(self.state.file.as_deref(), &self.state.scenario) {
                self.notice = Some(format!("autosave: {e}"));
            }
            self.edited_at = None;
        } else if let Some(ctx) = &self.ctx {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                saver.delay_secs - (now - since),
            ));
        }
    }

    fn sync_window_title(&mut self, ctx: &egui::Context) {
        let dirty = if self.state.is_dirty() { " *" } else { "" };
        let title = format!(
            "{}{dirty} — Yibao {}",
            crate::app::session::changes::shown_title(&self.state.scenario.title, self.lang()),
            super::i18n::T::AppName.get(self.lang())
        );
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// Removes this instance's autosave and lock: called on a clean exit. Autosaves still
    /// offered for recovery stay on disk (closing the window is no answer to the offer).
    pub fn on_exit(&mut self) {
        if let Some(saver) = self.autosaver.as_mut() {
            // Nothing to tell the user any more; a leftover autosave is only offered again.
            let _ = saver.close();
        }
    }
}
