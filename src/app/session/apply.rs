//! Applying the frame's commands: the only place the app's state changes in response to the UI.

use crate::app::command::Command;
use crate::app::compare;
use crate::app::export_chart;
use crate::app::file_dialog::{self, PathPrompt, PathPurpose};
use crate::app::history::Edit;
use crate::app::i18n::{T, tf};
use crate::app::jobs::Poll;
use crate::app::yibao_app::{Dialog, Guarded, YibaoApp};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

impl YibaoApp {
    /// Applies one command.
    pub fn apply(&mut self, command: Command) {
        let lang = self.lang();
        self.state.naming = lang;
        match command {
            Command::SetLever {
                key,
                path,
                edit,
                continuing,
            } => self.state.set_lever(key, path, edit, continuing),
            Command::EndEdit => self.state.history.close(),
            Command::SetTitle(title) => self.state.edit(Edit::Title, true, |s| s.title = title),
            Command::SetDescription(text) => {
                self.state
                    .edit(Edit::Description, true, |s| s.description = text);
            }
            Command::SetReferences(refs) => {
                self.state
                    .edit(Edit::References, true, |s| s.references = refs);
            }
            Command::SetPooling(p) => {
                self.state.edit(Edit::Pooling, true, |s| s.pooling = p);
            }
            Command::SetBalancing(b) => {
                self.state
                    .edit(Edit::Balancing(b), false, |s| s.balancing = b);
            }
            Command::SetHorizon(new) => {
                let old = self.state.scenario.horizon;
                self.state
                    .edit(Edit::Horizon { old, new }, true, |s| s.horizon = new);
            }
            Command::ResetAll => self.state.reset_all(),
            Command::Undo => {
                self.state.undo();
            }
            Command::Redo => {
                self.state.redo();
            }
            Command::New => self.guard(Guarded::New),
            Command::Open(path) => self.guard(Guarded::Open(path)),
            Command::OpenDialog => match self.native_ok() {
                Ok(()) => {
                    if let Some(path) = file_dialog::pick_open(lang) {
                        self.apply(Command::Open(path));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::Open, reason),
            },
            Command::Save => match self.state.file.clone() {
                Some(path) => {
                    self.save_as(path);
                }
                None => self.apply(Command::SaveAsDialog),
            },
            Command::SaveAsDialog => match self.native_ok() {
                Ok(()) => {
                    if let Some(path) = file_dialog::pick_save(
                        lang,
                        self.state.file.as_deref(),
                        &self.state.scenario.title,
                    ) {
                        self.save_as(path);
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::SaveAs, reason),
            },
            Command::SaveAs(path) => {
                self.save_as(path);
            }
            Command::PathPromptConfirm => self.confirm_path_prompt(),
            Command::PathPromptCancel => self.path_prompt = None,
            Command::ClearRecent => self.prefs.recent.clear(),
            Command::Quit => self.guard(Guarded::Quit),
            Command::PromptSave => {
                let saved = match self.state.file.clone() {
                    Some(path) => self.save_as(path),
                    None => match self.native_ok() {
                        Ok(()) => file_dialog::pick_save(lang, None, &self.state.scenario.title)
                            .is_some_and(|path| self.save_as(path)),
                        Err(reason) => {
                            // The prompt's action waits for the built-in dialog's answer.
                            self.show_path_prompt(PathPurpose::PromptSave, reason);
                            false
                        }
                    },
                };
                // A failed or cancelled save keeps the prompt's action waiting.
                if saved && let Some(action) = self.prompt.take() {
                    self.run_guarded(action);
                }
            }
            Command::PromptDiscard => {
                if let Some(action) = self.prompt.take() {
                    self.run_guarded(action);
                }
            }
            Command::PromptCancel => self.prompt = None,
            Command::RecoverAutosave(path) => self.recover_autosave(&path),
            Command::DiscardAutosave(path) => {
                self.recovery.retain(|o| o.path != path);
                if let Some(saver) = self.autosaver.as_mut()
                    && let Err(e) = saver.discard(&path)
                {
                    self.notice = Some(format!("autosave: {e}"));
                }
            }
            Command::KeepAutosaves => {
                self.recovery.clear();
                if let Some(saver) = self.autosaver.as_mut() {
                    saver.release_orphans();
                }
            }
            Command::ConfirmOverwrite => {
                if let Some(path) = self.overwrite_prompt.take() {
                    self.overwrite_confirmed.insert(path.clone());
                    if self.save_as(path)
                        && let Some(action) = self.prompt.take()
                    {
                        self.run_guarded(action);
                    }
                }
            }
            Command::CancelOverwrite => self.overwrite_prompt = None,
            Command::DismissDialog => self.dialog = None,
            Command::SelectUnit(unit) => {
                // A pick ends the search: the list opens unfiltered next time.
                self.view.unit_filter.clear();
                if unit.is_nation() {
                    self.view.province_scope = false;
                }
                self.prefs.unit = unit;
            }
            Command::SelectFund(fund) => self.prefs.fund = fund,
            Command::SelectTab(tab) => self.prefs.tab = tab,
            Command::SetProvinceScope(on) => self.view.province_scope = on,
            Command::SetCompareMetric(m) => self.view.compare_metric = m,
            Command::PinCurrent => {
                if !self.state.pin_current() {
                    self.notice = Some(self.compare_full_text());
                }
            }
            Command::CompareDialog => match self.native_ok() {
                Ok(()) => {
                    let paths = file_dialog::pick_many(lang);
                    if !paths.is_empty() {
                        self.apply(Command::CompareFiles(paths));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::Compare, reason),
            },
            Command::CompareFiles(paths) => self.start_compare(paths),
            Command::RemoveCompare(i) => {
                if i < self.state.compare.len() {
                    self.state.compare.remove(i);
                }
            }
            Command::ClearCompare => self.state.compare.clear(),
            Command::CancelJob => {
                if let Some(job) = self.job.take() {
                    job.cancel();
                }
            }
            Command::SetLang(l) => {
                // Notices are formatted in the language they were raised in; drop the old one.
                if self.prefs.lang != l {
                    self.notice = None;
                }
                self.prefs.lang = l;
            }
            Command::ShowLevers(on) => self.prefs.show_levers = on,
            Command::ReferenceLines(on) => self.prefs.reference_lines = on,
            Command::Dark(on) => self.prefs.dark = on,
            Command::RefreshUncertainty => {
                let key = crate::app::uncertainty_ui::current_key(self);
                self.uncertainty
                    .request(&self.state.dataset, &key, self.ctx.clone());
            }
            Command::CancelUncertainty => self.uncertainty.cancel(),
            Command::ResumeUncertainty => self.uncertainty.resume(),
            Command::LoadAccountsDialog => match self.native_ok() {
                Ok(()) => {
                    if let Some(path) = file_dialog::pick_accounts(lang) {
                        self.apply(Command::LoadAccounts(path));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::Accounts, reason),
            },
            Command::LoadAccounts(path) => self.start_accounts(Some(path)),
            Command::ClearAccounts => self.start_accounts(None),
            Command::LoadSubunitsDialog => match self.native_ok() {
                Ok(()) => {
                    if let Some(path) = file_dialog::pick_subunits(lang) {
                        self.apply(Command::LoadSubunits(path));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::Subunits, reason),
            },
            Command::LoadSubunits(path) => self.start_subunits(Some(path)),
            Command::ClearSubunits => self.start_subunits(None),
            Command::Solve {
                lever,
                province,
                target,
            } => {
                let key = crate::app::uncertainty_ui::current_key(self);
                self.uncertainty.start_solve(
                    &self.state.dataset,
                    &key,
                    lever,
                    province,
                    target,
                    self.ctx.clone(),
                );
            }
            Command::CancelSolve => self.uncertainty.cancel_solve(),
            Command::SetHeatmapSpec(spec) => self.heatmap.spec = spec,
            Command::RunHeatmap => {
                let key = crate::app::heatmap::HeatKey {
                    scenario: self.state.scenario.clone(),
                    unit: self.unit().to_owned(),
                    fund: self.fund(),
                    spec: self.heatmap.spec.clone(),
                    data: self.state.data_id,
                };
                self.heatmap
                    .start(&self.state.dataset, key, self.ctx.clone());
            }
            Command::CancelHeatmap => self.heatmap.cancel(),
            Command::SetDecomposeSpec(spec) => self.decompose.spec = spec,
            Command::RunDecompose => {
                let key = crate::app::decompose::DecKey {
                    scenario: self.state.scenario.clone(),
                    unit: self.unit().to_owned(),
                    fund: self.fund(),
                    spec: self.decompose.spec.clone(),
                };
                self.decompose
                    .start(&self.state.dataset, key, self.ctx.clone());
            }
            Command::CancelDecompose => self.decompose.cancel(),
            Command::ApplySolved => {
                let current = crate::app::uncertainty_ui::current_key(self);
                if let Some(a) = &self.uncertainty.answer
                    && a.answers(&current)
                    && let (Some(path), Some(value)) = (a.path(), a.value())
                    && let Ok(key) = a.key().parse::<crate::model::LeverKey>()
                {
                    let edit = Edit::Solved {
                        key,
                        value,
                        target: a.target.clone(),
                    };
                    self.state.set_lever(key, Some(path), edit, false);
                    let now = self.state.scenario.clone();
                    if let Some(a) = &mut self.uncertainty.answer {
                        a.applied = Some(now);
                    }
                }
            }
            Command::ExportChartDialog(n, format) => match self.native_ok() {
                Ok(()) => {
                    if let Some(chart) = self.export_chart(n)
                        && let Some(path) = file_dialog::pick_export(
                            lang,
                            &chart.title,
                            format.ext(),
                            self.prefs.export_dir.as_deref(),
                        )
                    {
                        self.apply(Command::ExportChart(n, format, path));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::ExportChart(n, format), reason),
            },
            Command::ExportChart(n, format, path) => match self.export_chart(n) {
                Some(chart) => match export_chart::write_chart(&chart, format, &path) {
                    Ok(()) => {
                        self.notice = Some(tf(lang, T::Exported, &[&path.display().to_string()]));
                        self.prefs.export_dir = path
                            .parent()
                            .filter(|p| !p.as_os_str().is_empty())
                            .map(std::path::Path::to_path_buf);
                    }
                    Err(e) => self.dialog = Some(Dialog::SaveFailed(e)),
                },
                None => self.notice = Some(T::NoData.get(lang).to_owned()),
            },
            Command::CopyChartImage(n) => {
                if let Some(chart) = self.export_chart(n)
                    && let Some(ctx) = &self.ctx
                {
                    match export_chart::color_image(&chart) {
                        Ok(image) => {
                            ctx.copy_image(image);
                            self.notice = Some(T::CopiedImage.get(lang).to_owned());
                        }
                        Err(e) => self.notice = Some(e),
                    }
                }
            }
            Command::ExportReportDialog => match self.native_ok() {
                Ok(()) => {
                    if let Some(dir) =
                        file_dialog::pick_folder(lang, self.prefs.export_dir.as_deref())
                    {
                        self.apply(Command::ExportReport(dir));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::ExportReport, reason),
            },
            Command::ExportReport(dir) => {
                // The next export starts beside this pack.
                self.prefs.export_dir = dir
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(std::path::Path::to_path_buf);
                self.start_report(dir);
            }
            Command::ExportBriefingDialog => match self.native_ok() {
                Ok(()) => {
                    if let Some(path) = file_dialog::pick_briefing(lang, &self.state.scenario.title)
                    {
                        self.apply(Command::ExportBriefing(path));
                    }
                }
                Err(reason) => self.show_path_prompt(PathPurpose::ExportBriefing, reason),
            },
            Command::ExportBriefing(path) => self.start_briefing(path),
            Command::CopyChartData(n) => match self.chart_sheet(n) {
                Some(text) => self.apply(Command::CopyText(text)),
                None => self.notice = Some(T::NoData.get(lang).to_owned()),
            },
            Command::CopyText(text) => {
                if let Some(ctx) = &self.ctx {
                    ctx.copy_text(text);
                    self.notice = Some(T::CopiedData.get(lang).to_owned());
                }
            }
        }
    }

    /// Whether native file dialogs can open: `Err(Some(why))` when the desktop portal is
    /// missing, `Err(None)` when the app runs without them (tests).
    fn native_ok(&mut self) -> Result<(), Option<String>> {
        if !self.native_dialogs {
            return Err(None);
        }
        match self.portal.as_mut() {
            Some(probe) => probe.result().map_err(Some),
            None => Ok(()),
        }
    }

    /// Opens the built-in file dialog: it starts in the current file's folder (or the most
    /// recent file's; else the scenarios folder to open, the home folder to save), with the
    /// scenarios folder, the folders of recent files and the home folder as shortcuts.
    fn show_path_prompt(&mut self, purpose: PathPurpose, reason: Option<String>) {
        let scenarios = file_dialog::scenarios_folder();
        let mut shortcuts: Vec<PathBuf> = scenarios.iter().cloned().collect();
        for path in &self.prefs.recent {
            if let Some(dir) = path.parent()
                && !dir.as_os_str().is_empty()
                && !shortcuts.iter().any(|d| d == dir)
            {
                shortcuts.push(dir.to_path_buf());
            }
        }
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
            && !shortcuts.contains(&home)
        {
            shortcuts.push(home);
        }
        // Open in the folder of the current or the most recent file, else among the examples;
        // save there too, else at home (the installed examples folder is not writable).
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let fallback = if purpose.saves() { home } else { scenarios };
        let folder = self
            .state
            .file
            .as_deref()
            .or(self.prefs.recent.first().map(PathBuf::as_path))
            .and_then(|p| p.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map(std::path::Path::to_path_buf)
            .or(fallback)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        // Exports start in the folder of the last export, while it exists.
        let folder = match purpose {
            PathPurpose::ExportChart(..) | PathPurpose::ExportReport => self
                .prefs
                .export_dir
                .clone()
                .filter(|d| d.is_dir())
                .unwrap_or(folder),
            _ => folder,
        };
        let start = match (purpose, purpose.saves(), &self.state.file) {
            (PathPurpose::ExportChart(n, format), _, _) => {
                let title = self.export_chart(n).map(|c| c.title).unwrap_or_default();
                folder
                    .join(file_dialog::file_name_for(&title))
                    .with_extension(format.ext())
            }
            (PathPurpose::ExportBriefing, _, _) => folder
                .join(file_dialog::file_name_for(&self.state.scenario.title))
                .with_extension("docx"),
            (PathPurpose::ExportReport, _, _) => folder
                .join(file_dialog::file_name_for(&self.state.scenario.title))
                .with_extension(""),
            (_, true, Some(file)) => file.clone(),
            (_, true, None) => folder.join(file_dialog::file_name_for(&self.state.scenario.title)),
            (_, false, _) => folder,
        };
        self.path_prompt = Some(PathPrompt::new(purpose, start, reason, shortcuts));
    }

    /// Uses the built-in dialog's path for what it was opened for.
    fn confirm_path_prompt(&mut self) {
        let Some(prompt) = self.path_prompt.take() else {
            return;
        };
        let Some(path) = prompt.chosen() else {
            self.path_prompt = Some(prompt);
            return;
        };
        match prompt.purpose {
            PathPurpose::Open => self.apply(Command::Open(path)),
            PathPurpose::SaveAs => {
                self.save_as(path);
            }
            PathPurpose::PromptSave => {
                if self.save_as(path)
                    && let Some(action) = self.prompt.take()
                {
                    self.run_guarded(action);
                }
            }
            PathPurpose::Compare => self.apply(Command::CompareFiles(vec![path])),
            PathPurpose::Accounts => self.apply(Command::LoadAccounts(path)),
            PathPurpose::Subunits => self.apply(Command::LoadSubunits(path)),
            PathPurpose::ExportChart(n, format) => {
                self.apply(Command::ExportChart(n, format, path));
            }
            PathPurpose::ExportReport => self.apply(Command::ExportReport(path)),
            PathPurpose::ExportBriefing => self.apply(Command::ExportBriefing(path)),
        }
    }

    /// The file chart of panel `n` of the current tab: exactly the plotted series; for the
    /// Provinces tab the province grid of the selected fund.
    /// What the first line of a copied table names: the working scenario, the selected
    /// region, `fund` (when the table reads one) and the footer with the hash.
    pub fn sheet_head(&self, fund: Option<crate::model::Fund>) -> export_chart::SheetHead {
        let lang = self.lang();
        export_chart::SheetHead {
            scenario: self.state.scenario.title.clone(),
            region: self.unit_name(self.unit()),
            fund: fund.map(|f| f.label(lang.is_zh()).to_owned()),
            footer: crate::report::footer(&self.state.dataset, &self.state.scenario, lang),
        }
    }

    /// Panel `n` of the current tab as a table for spreadsheets (what 复制数据 copies);
    /// `None` when there is nothing to copy.
    pub fn chart_sheet(&self, n: usize) -> Option<String> {
        let chart = self.export_chart(n)?;
        let fund = match self.prefs.tab {
            crate::app::tabs::Tab::Provinces
            | crate::app::tabs::Tab::Heatmap
            | crate::app::tabs::Tab::Decompose
            | crate::app::tabs::Tab::Uncertainty => Some(self.fund()),
            _ => {
                let view = self.chart_view();
                let panels = crate::app::chart_data::chart_data(&self.state, self.prefs.tab, &view);
                match panels.get(n) {
                    Some(panel) => {
                        let mut funds = panel
                            .lines
                            .iter()
                            .filter(|l| !l.metric.is_national_gap())
                            .map(|l| l.metric.fund(view.fund));
                        let first = funds.next();
                        first.filter(|f| funds.all(|g| g == *f))
                    }
                    // The burden bars: residents' premiums.
                    None => Some(crate::model::Fund::Resident),
                }
            }
        };
        Some(export_chart::sheet_tsv(
            &chart,
            &self.sheet_head(fund),
            self.lang(),
        ))
    }

    pub fn export_chart(&self, n: usize) -> Option<crate::render::Chart> {
        let view = self.chart_view();
        let tab = self.prefs.tab;
        if tab == crate::app::tabs::Tab::Provinces {
            return Some(export_chart::grid_chart(self));
        }
        if tab == crate::app::tabs::Tab::Heatmap {
            return crate::app::heatmap_ui::heatmap_chart(self);
        }
        if tab == crate::app::tabs::Tab::Decompose {
            return crate::app::decompose_ui::decompose_chart(self);
        }
        if tab == crate::app::tabs::Tab::Uncertainty {
            return crate::app::uncertainty_ui::uncertainty_chart(self, n);
        }
        let panels = crate::app::chart_data::chart_data(&self.state, tab, &view);
        // The burden tab's bars come after its line panels.
        if tab == crate::app::tabs::Tab::Burden && n == panels.len() {
            return Some(export_chart::burden_bars_chart(self, self.view.burden_year));
        }
        let panel = panels.get(n)?;
        if panel.is_empty() {
            return None;
        }
        // The fund the lines read, when they all read one: a file must say which.
        let mut name = self.unit_name(&view.unit);
        if let Some(f) = panel.fund(view.fund) {
            let sep = view.lang.title_sep();
            name = format!("{name}{sep}{}", f.label(view.lang.is_zh()));
        }
        Some(export_chart::panel_chart(
            panel,
            &name,
            &self.state.scenario,
            &self.state.dataset,
            view.lang,
        ))
    }

    /// Runs `action` now, or asks first when there are unsaved changes.
    fn guard(&mut self, action: Guarded) {
        if self.state.is_dirty() {
            self.prompt = Some(action);
        } else {
            self.run_guarded(action);
        }
    }

    fn run_guarded(&mut self, action: Guarded) {
        match action {
            Guarded::New => {
                self.state.new_scenario();
                self.view.from_years.clear();
                self.view.open_paths.clear();
                self.view.slider_years.clear();
            }
            Guarded::Open(path) => self.open_now(path),
            Guarded::Quit => {
                self.close_confirmed = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// Opens a file without asking; a file that fails validation leaves everything as it was
    /// and shows its errors.
    fn open_now(&mut self, path: PathBuf) {
        match self.state.open_path(&path) {
            Ok(()) => {
                self.prefs.add_recent(&path);
                if let Some(data) = self.state.opened_data.take() {
                    self.start_embedded(&path, data);
                }
                self.view.reveal_assumptions =
                    crate::app::lever_panel::sets_assumptions(&self.state.scenario);
                self.view.from_years.clear();
                self.view.open_paths.clear();
                self.view.slider_years.clear();
                self.notice = Some(tf(self.lang(), T::Opened, &[&path.display().to_string()]));
                if !self.state.file_warnings.is_empty() {
                    self.dialog = Some(Dialog::FileWarnings(self.state.file_warnings.clone()));
                }
            }
            Err(e) => {
                self.dialog = Some(Dialog::OpenFailed {
                    messages: e.messages,
                });
            }
        }
    }

    /// Puts a recovered autosave on screen, writes it into this instance's own autosave at
    /// once, and only then deletes the orphan, so that no instant holds it nowhere. The other
    /// orphans stay on disk and are offered again on the next start.
    fn recover_autosave(&mut self, path: &std::path::Path) {
        let Some(orphan) = self.recovery.iter().find(|o| o.path == path).cloned() else {
            return;
        };
        let Ok(autosave) = orphan.content else {
            return;
        };
        self.state.recover(autosave.scenario, autosave.source);
        self.recovery.clear();
        if let Some(saver) = self.autosaver.as_mut() {
            let written = if self.state.is_dirty() {
                saver.write(self.state.file.as_deref(), &self.state.scenario)
            } else {
                Ok(())
            };
            let result = written.and_then(|()| saver.discard(path));
            saver.release_orphans();
            if let Err(e) = result {
                self.notice = Some(format!("autosave: {e}"));
            }
        }
    }

    /// Saves to `path`; true on success, else shows why. Overwriting a file that has comments
    /// asks first (once per file), since the written file cannot keep them.
    fn save_as(&mut self, path: PathBuf) -> bool {
        if !self.overwrite_confirmed.contains(&path) && crate::app::files::has_comments(&path) {
            self.overwrite_prompt = Some(path);
            return false;
        }
        match self.state.save_to(&path) {
            Ok(()) => {
                self.prefs.add_recent(&path);
                self.view.reveal_assumptions =
                    crate::app::lever_panel::sets_assumptions(&self.state.scenario);
                self.notice = Some(tf(self.lang(), T::Saved, &[&path.display().to_string()]));
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::SaveFailed(format!("{e}: {}", path.display())));
                false
            }
        }
    }

    fn compare_full_text(&self) -> String {
        tf(
            self.lang(),
            T::CompareFull,
            &[&compare::MAX_COMPARE.to_string()],
        )
    }

    /// Loads and projects files for the comparison on a worker thread.
    fn start_compare(&mut self, paths: Vec<PathBuf>) {
        if let Some(job) = self.job.take() {
            job.cancel();
        }
        self.job = Some(compare::load_batch(
            Arc::clone(&self.state.dataset),
            paths,
            self.ctx.clone(),
        ));
    }

    /// Picks up the comparison batch when it is done.
    /// Starts writing the report pack on a worker thread (one at a time).
    /// The working scenario and the compared ones, as a report or briefing shows them.
    fn report_runs(&self) -> (crate::report::Projected, Vec<crate::report::Projected>) {
        let main = crate::report::Projected {
            scenario: self.state.scenario.clone(),
            projection: self.state.projection.clone(),
        };
        let compare = self
            .state
            .compare
            .iter()
            .map(|e| crate::report::Projected {
                scenario: crate::model::Scenario {
                    title: e.name.clone(),
                    ..crate::model::Scenario::default()
                },
                projection: e.projection.clone(),
            })
            .collect();
        (main, compare)
    }

    /// Writes the briefing (.docx) on a worker thread (it shares the report's slot: one
    /// export at a time, with the same progress and notice).
    fn start_briefing(&mut self, path: PathBuf) {
        if self.report_job.is_some() {
            return;
        }
        let data = Arc::clone(&self.state.dataset);
        let (main, compare) = self.report_runs();
        let lang = self.lang();
        let target = path.clone();
        let job = crate::app::jobs::Job::spawn(self.ctx.clone(), move |progress| {
            progress.set(0.1);
            // The same optional sections as `yibao report --docx`: the treasury's view and the
            // reform decomposition (on this worker; a second or two for ten changes).
            let baseline =
                crate::report::projected(&data, crate::report::baseline_for(&main.scenario));
            let extras = crate::report::briefing::Extras {
                fiscal: crate::report::sections::fiscal(&main, &baseline, lang),
                decomposition: crate::report::sections::decomposition(&data, &main, lang),
            };
            progress.set(0.5);
            Some(
                crate::report::briefing::write_briefing(
                    &target,
                    &data,
                    &main,
                    &compare,
                    lang,
                    crate::report::briefing::Date::today(),
                    &extras,
                )
                .map(|()| 1),
            )
        });
        self.report_job = Some((job, path));
    }

    fn start_report(&mut self, dir: PathBuf) {
        if self.report_job.is_some() {
            return;
        }
        let data = Arc::clone(&self.state.dataset);
        let (main, compare) = self.report_runs();
        let opts = crate::report::PackOptions {
            out: dir.clone(),
            units: match self.province_code() {
                Some(code) => vec![code.to_owned()],
                None => Vec::new(),
            },
            lang: self.lang(),
            headers: crate::report::csv_text::Headers::Ids,
            excel: false,
        };
        let job = crate::app::jobs::Job::spawn(self.ctx.clone(), move |progress| {
            let report = |done: usize, total: usize, _: &str| {
                progress.set(done as f64 / total.max(1) as f64);
            };
            Some(
                crate::report::write_pack(&data, &main, &compare, &opts, &report)
                    .map(|w| w.files.len()),
            )
        });
        self.report_job = Some((job, dir));
    }

    /// Whether a report pack is being written, and how far.
    pub fn report_progress(&self) -> Option<f64> {
        self.report_job.as_ref().map(|(j, _)| j.fraction())
    }

    /// Waits for a report pack being written (tests; the UI polls instead).
    pub fn finish_report(&mut self) {
        if let Some((job, dir)) = self.report_job.take() {
            let result = job.wait();
            self.report_done(result, &dir);
        }
    }

    fn report_done(&mut self, result: Option<Result<usize, String>>, dir: &std::path::Path) {
        let lang = self.lang();
        match result {
            Some(Ok(_)) => {
                self.notice = Some(tf(lang, T::Exported, &[&dir.display().to_string()]));
            }
            Some(Err(e)) => self.dialog = Some(Dialog::SaveFailed(e)),
            None => {}
        }
    }

    pub(in crate::app) fn poll_job(&mut self, _commands: &mut Vec<Command>) {
        if let Some((job, _)) = &self.report_job {
            match job.poll() {
                Poll::Running => {}
                Poll::Done(result) => {
                    if let Some((_, dir)) = self.report_job.take() {
                        self.report_done(Some(result), &dir);
                    }
                }
                Poll::Gone => self.report_job = None,
            }
        }
        let Some(job) = &self.job else {
            return;
        };
        match job.poll() {
            Poll::Running => {}
            Poll::Done(batch) => {
                self.job = None;
                self.add_batch(batch);
            }
            Poll::Gone => self.job = None,
        }
    }

    fn add_batch(&mut self, batch: compare::Batch) {
        let mut full = false;
        for entry in batch.entries {
            if !self.state.add_compare(entry) {
                full = true;
            }
        }
        if full {
            self.notice = Some(self.compare_full_text());
        }
        if !batch.errors.is_empty() {
            let messages = batch.errors.into_iter().flat_map(|e| e.messages).collect();
            self.dialog = Some(Dialog::OpenFailed { messages });
        }
    }

    /// Waits for a running comparison batch and accounts reload (tests; the UI polls
    /// instead).
    pub fn finish_jobs(&mut self) {
        if let Some(job) = self.accounts_job.take()
            && let Some(outcome) = job.wait()
        {
            self.accounts_done(outcome);
        }
        if let Some(job) = self.job.take()
            && let Some(batch) = job.wait()
        {
            self.add_batch(batch);
        }
    }

    /// Loads (`Some`) or clears (`None`) the user's provincial accounts on a worker thread; a
    /// newer request replaces one still running.
    fn start_accounts(&mut self, path: Option<PathBuf>) {
        self.start_reload(crate::app::accounts::Files {
            accounts: path,
            subunits: self.state.subunits.clone(),
            subunits_change: false,
            texts: crate::app::accounts::Texts {
                accounts: None,
                subunits: self.state.data_texts.subunits.clone(),
            },
        });
    }

    /// Loads (`Some`) or clears (`None`) the user's prefecture accounts on the same worker
    /// (with the provincial accounts in use).
    fn start_subunits(&mut self, path: Option<PathBuf>) {
        self.start_reload(crate::app::accounts::Files {
            accounts: self.state.accounts.clone(),
            subunits: path,
            subunits_change: true,
            texts: crate::app::accounts::Texts {
                accounts: self.state.data_texts.accounts.clone(),
                subunits: None,
            },
        });
    }

    /// Loads the accounts and sub-units a scenario file carries (its `data` section) in place
    /// of the files in use, on the same worker; named `FILE#data.accounts` in messages.
    fn start_embedded(
        &mut self,
        file: &std::path::Path,
        data: crate::model::scenario::ScenarioData,
    ) {
        let name = |kind: &str| PathBuf::from(format!("{}#data.{kind}", file.display()));
        let accounts = data.accounts.as_ref().map(|_| name("accounts"));
        let subunits = data.subunits.as_ref().map(|_| name("subunits"));
        self.start_reload(crate::app::accounts::Files {
            subunits_change: accounts.is_none(),
            accounts,
            subunits,
            texts: crate::app::accounts::Texts {
                accounts: data.accounts.map(std::sync::Arc::from),
                subunits: data.subunits.map(std::sync::Arc::from),
            },
        });
    }

    fn start_reload(&mut self, files: crate::app::accounts::Files) {
        if let Some(job) = self.accounts_job.take() {
            job.cancel();
        }
        self.accounts_job = Some(crate::app::accounts::start(
            self.state.base_dataset(),
            files,
            self.state.reload_inputs(),
            self.ctx.clone(),
        ));
    }

    /// Whether provincial accounts are being loaded or cleared.
    pub fn accounts_loading(&self) -> bool {
        self.accounts_job.is_some()
    }

    /// Picks up a finished accounts reload.
    pub(in crate::app) fn poll_accounts(&mut self) {
        let Some(job) = &self.accounts_job else {
            return;
        };
        match job.poll() {
            Poll::Running => {}
            Poll::Done(outcome) => {
                self.accounts_job = None;
                self.accounts_done(outcome);
            }
            Poll::Gone => self.accounts_job = None,
        }
    }

    /// Uses a reloaded data set, or shows why the file was not used (the data stay as they
    /// were). The workspace remembers the accounts in use.
    fn accounts_done(&mut self, (files, result): crate::app::accounts::Outcome) {
        match result {
            Ok(reloaded) => {
                self.state.use_reloaded(reloaded);
                // Analyses of the old data no longer apply.
                self.uncertainty.cancel();
                self.uncertainty = Default::default();
                // A load is shown by the accounts label of the status line; a clear by a note.
                let (cleared, note) = if files.subunits_change {
                    (files.subunits.is_none(), T::SubunitsCleared)
                } else {
                    (files.accounts.is_none(), T::AccountsCleared)
                };
                self.notice = cleared.then(|| note.get(self.lang()).to_owned());
            }
            Err(messages) if files.subunits_change => {
                self.dialog = Some(Dialog::SubunitsFailed { messages })
            }
            Err(messages) => self.dialog = Some(Dialog::AccountsFailed { messages }),
        }
        // The workspace remembers files only: data a scenario carried come with that scenario.
        let file = |p: &Option<PathBuf>| {
            p.clone()
                .filter(|p| !p.to_string_lossy().contains("#data."))
        };
        self.prefs.accounts = file(&self.state.accounts);
        self.prefs.subunits = file(&self.state.subunits);
    }
}
