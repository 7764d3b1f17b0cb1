//! The app's document state: the working scenario, its projection and the baseline's, the file
//! it belongs to, undo history and the comparison set. No egui here, so tests drive it directly.

use crate::app::io::files::{self, LoadError};
use crate::app::session::compare::{CompareEntry, MAX_COMPARE};
use crate::app::session::history::{Edit, UndoHistory};
use crate::app::session::jobs::{Job, Poll};
use crate::model::calibrate::CalibrationError;
use crate::model::resolve::{Resolved, resolve_for};
use crate::model::{Dataset, LeverPath, Projection, Scenario, project};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A projection slower than this moves to a worker thread so that dragging stays smooth.
const INLINE_BUDGET: Duration = Duration::from_millis(40);

/// A projection run on a worker: the projection or the calibration's error, and how long it
/// took.
type Attempt = (Result<Projection, CalibrationError>, Duration);

/// Where the projection runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectionMode {
    /// Always on the calling thread (tests, the CLI-like batch use).
    Inline,
    /// Inline while runs are fast, else on a worker with the newest request winning.
    Adaptive,
}

/// The document state.
#[derive(Debug)]
pub struct AppState {
    /// The data set projections use: the embedded one, with the user's accounts if loaded.
    pub dataset: Arc<Dataset>,
    /// The data set the app started with (user accounts are added to this one).
    base_dataset: Arc<Dataset>,
    /// The user's provincial accounts file in use, if any ("加载省级账户").
    pub accounts: Option<PathBuf>,
    /// The user's prefecture accounts file in use, if any ("加载地市账户").
    pub subunits: Option<PathBuf>,
    /// The data set's generation: 0 at start, one more each time a re-calibrated data set is
    /// put in place. Analysis results carry the generation they were computed on.
    pub data_id: u64,
    /// The texts of the user's files in use: a saved scenario carries them in its `data`
    /// section, so that it gives the same numbers wherever it is opened.
    pub data_texts: crate::app::session::accounts::Texts,
    /// The `data` section of the file just opened, for the app to load in place of the files
    /// in use (taken by [`crate::app::YibaoApp`] after the open).
    pub opened_data: Option<crate::model::scenario::ScenarioData>,
    /// Items of each province resting on published accounts (the calibration's flags).
    pub published: crate::app::session::accounts::PublishedItems,
    /// The working scenario the lever panel edits.
    pub scenario: Scenario,
    /// The scenario as last opened or saved (to tell unsaved changes).
    saved: Scenario,
    /// The file the scenario belongs to (`None`: new, never saved).
    pub file: Option<PathBuf>,
    /// The projection of the working scenario (the charts draw this); without years when its
    /// calibration failed ([`AppState::failure`]).
    pub projection: Projection,
    /// Why the working scenario has no projection: its calibration failed its guard rails
    /// (possible with a user's accounts). The projection's one warning names the cause, so the
    /// status line counts it and its list shows it; exports refuse with it.
    pub failure: Option<CalibrationError>,
    /// The projection of the current-law baseline at the same horizon and balancing rule.
    pub baseline: Projection,
    baseline_scenario: Scenario,
    /// Undo and redo.
    pub history: UndoHistory,
    /// Warnings the open file came with.
    pub file_warnings: Vec<String>,
    /// Scenarios overlaid in the comparison.
    pub compare: Vec<CompareEntry>,
    /// How long the last projection took.
    pub last_projection: Duration,
    /// The language automatic titles and change lists are written in (the UI's).
    pub naming: crate::app::i18n::Lang,
    mode: ProjectionMode,
    pending: Option<(Job<Attempt>, Scenario)>,
    /// The working scenario's levers while its projection runs on a worker (resolved once at
    /// the edit, so that the lever panel shows the scenario being edited); `None` when the
    /// projection is of the working scenario and carries them.
    pending_levers: Option<Resolved>,
}

impl AppState {
    /// The baseline scenario, projected.
    pub fn new(dataset: Arc<Dataset>, mode: ProjectionMode) -> Self {
        let scenario = Scenario::default();
        let started = Instant::now();
        let (projection, failure) = shown(&dataset, &scenario, project(&dataset, &scenario));
        let last_projection = started.elapsed();
        AppState {
            published: crate::app::session::accounts::published_items(&dataset),
            base_dataset: Arc::clone(&dataset),
            accounts: None,
            subunits: None,
            data_id: 0,
            data_texts: Default::default(),
            opened_data: None,
            baseline: projection.clone(),
            baseline_scenario: scenario.clone(),
            projection,
            failure,
            saved: scenario.clone(),
            scenario,
            dataset,
            file: None,
            history: UndoHistory::default(),
            file_warnings: Vec::new(),
            compare: Vec::new(),
            last_projection,
            naming: crate::app::i18n::Lang::default(),
            mode,
            pending: None,
            pending_levers: None,
        }
    }

    /// The working scenario's levers as resolved for the provinces and the nation: the
    /// projection's own (what it used), or while that runs on a worker, the edited scenario's.
    pub fn levers(&self) -> &Resolved {
        self.pending_levers
            .as_ref()
            .unwrap_or(&self.projection.inputs.levers)
    }

    /// Current law's levers over the same years (the baseline projection's own).
    pub fn law_levers(&self) -> &Resolved {
        &self.baseline.inputs.levers
    }

    /// Whether the working scenario differs from the file (or from the baseline when new).
    pub fn is_dirty(&self) -> bool {
        self.scenario != self.saved
    }

    /// Whether a projection is running on a worker.
    pub fn is_computing(&self) -> bool {
        self.pending.is_some()
    }

    /// Applies an edit to the working scenario, records it for undo and re-projects.
    /// `continuing` folds it into the previous entry when that edited the same thing.
    /// A scenario the user has not named gets its automatic title and list of changes
    /// ([`crate::app::session::changes::auto_name`]) in the same undo step.
    pub fn edit(&mut self, edit: Edit, continuing: bool, change: impl FnOnce(&mut Scenario)) {
        let before = self.scenario.clone();
        change(&mut self.scenario);
        if !matches!(edit, Edit::Title | Edit::Description | Edit::References) {
            crate::app::session::changes::auto_name(
                &before,
                &mut self.scenario,
                &self.dataset,
                self.naming,
            );
        }
        if self.scenario == before {
            return;
        }
        self.history.record(edit, before, continuing);
        self.reproject();
    }

    /// Sets (`Some`) or removes (`None`) a lever path.
    pub fn set_lever(
        &mut self,
        key: crate::model::LeverKey,
        path: Option<LeverPath>,
        edit: Edit,
        continuing: bool,
    ) {
        self.edit(edit, continuing, |s| s.set_lever(key, path));
    }

    /// Removes every lever change (title and settings stay).
    pub fn reset_all(&mut self) {
        self.edit(Edit::ResetAll, false, |s| s.levers.clear());
    }

    /// Undoes the newest edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.history.undo(&self.scenario) {
            Some(s) => {
                self.scenario = s;
                self.reproject();
                true
            }
            None => false,
        }
    }

    /// Redoes the newest undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.history.redo(&self.scenario) {
            Some(s) => {
                self.scenario = s;
                self.reproject();
                true
            }
            None => false,
        }
    }

    /// Starts over on the baseline, with no file.
    pub fn new_scenario(&mut self) {
        self.replace(Scenario::default(), None, Vec::new());
    }

    /// Opens a scenario file. A file that fails validation changes nothing.
    pub fn open_path(&mut self, path: &Path) -> Result<(), LoadError> {
        let mut loaded = files::load(path)?;
        // The data the file carries are the data set's, not the edited scenario's: they are
        // loaded in place of the files in use and written back on save.
        let data = std::mem::take(&mut loaded.scenario.data);
        self.opened_data = (!data.is_empty()).then_some(data);
        self.replace(loaded.scenario, Some(path.to_path_buf()), loaded.warnings);
        Ok(())
    }

    /// The working scenario as a file holds it: with the texts of the user's files in use in
    /// its `data` section.
    pub fn scenario_to_save(&self) -> Scenario {
        Scenario {
            data: self.data_texts.to_data(),
            ..self.scenario.clone()
        }
    }

    /// Puts a recovered autosave in place: the file it came from stays attached, and the
    /// recovered changes count as unsaved.
    pub fn recover(&mut self, scenario: Scenario, source: Option<PathBuf>) {
        let saved = source
            .as_deref()
            .and_then(|p| files::load(p).ok())
            .map_or_else(Scenario::default, |l| l.scenario);
        self.replace(saved, source, Vec::new());
        let before = self.scenario.clone();
        self.scenario = scenario;
        if self.scenario != before {
            self.history.record(Edit::ResetAll, before, false);
            self.history.close();
        }
        self.reproject();
    }

    fn replace(&mut self, scenario: Scenario, file: Option<PathBuf>, warnings: Vec<String>) {
        self.saved = scenario.clone();
        self.scenario = scenario;
        self.file = file;
        self.file_warnings = warnings;
        self.history.clear();
        self.reproject();
    }

    /// Saves the working scenario to `path` (atomically) and attaches it to that file.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<()> {
        files::save(path, &self.scenario_to_save())?;
        self.saved = self.scenario.clone();
        self.file = Some(path.to_path_buf());
        Ok(())
    }

    /// Re-runs the projection of the working scenario (and of the baseline when its horizon or
    /// balancing rule changed).
    pub fn reproject(&mut self) {
        let baseline = Scenario {
            horizon: self.scenario.horizon,
            balancing: self.scenario.balancing,
            ..Scenario::default()
        };
        if baseline != self.baseline_scenario {
            self.baseline = shown(&self.dataset, &baseline, project(&self.dataset, &baseline)).0;
            self.baseline_scenario = baseline;
        }
        if let Some((job, _)) = self.pending.take() {
            job.cancel();
        }
        let inline = self.mode == ProjectionMode::Inline || self.last_projection <= INLINE_BUDGET;
        if inline {
            let started = Instant::now();
            let result = project(&self.dataset, &self.scenario);
            self.last_projection = started.elapsed();
            self.show(result);
        } else {
            self.pending_levers = Some(resolve_for(&self.dataset, &self.scenario).0);
            let dataset = Arc::clone(&self.dataset);
            let scenario = self.scenario.clone();
            let job = Job::spawn(None, move |progress| {
                let started = Instant::now();
                let projection = project(&dataset, &scenario);
                (!progress.is_cancelled()).then(|| (projection, started.elapsed()))
            });
            self.pending = Some((job, self.scenario.clone()));
        }
    }

    /// Picks up a projection finished on a worker; true when one arrived.
    pub fn poll(&mut self) -> bool {
        let Some((job, scenario)) = &self.pending else {
            return false;
        };
        match job.poll() {
            Poll::Running => false,
            Poll::Done((result, took)) => {
                if *scenario == self.scenario {
                    self.show(result);
                }
                self.last_projection = took;
                self.pending = None;
                true
            }
            Poll::Gone => {
                self.pending = None;
                false
            }
        }
    }

    /// Adds a snapshot of the working scenario to the comparison; false when it is full.
    pub fn pin_current(&mut self) -> bool {
        if self.compare.len() >= MAX_COMPARE {
            return false;
        }
        let mut entry = CompareEntry {
            name: self.scenario.title.clone(),
            source: None,
            scenario: self.scenario.clone(),
            projection: self.projection.clone(),
        };
        let n = self.compare.iter().filter(|e| e.source.is_none()).count();
        if n > 0 {
            entry.name = format!("{} #{}", entry.name, n + 1);
        }
        self.compare.push(entry);
        true
    }

    /// Adds a scenario file to the comparison (inline); the error leaves the set unchanged.
    pub fn compare_path(&mut self, path: &Path) -> Result<(), LoadError> {
        let loaded = files::load(path)?;
        self.add_compare(CompareEntry::new(
            &self.dataset,
            loaded.scenario,
            Some(path.to_path_buf()),
        )?);
        Ok(())
    }

    /// Adds an entry unless the comparison is full; false when it was.
    pub fn add_compare(&mut self, entry: CompareEntry) -> bool {
        if self.compare.len() >= MAX_COMPARE {
            return false;
        }
        self.compare.push(entry);
        true
    }

    /// What a change of data set must re-project: the working scenario, the baseline and the
    /// comparison.
    pub fn reload_inputs(&self) -> crate::app::session::accounts::Inputs {
        crate::app::session::accounts::Inputs {
            scenario: self.scenario.clone(),
            baseline: self.baseline_scenario.clone(),
            compare: self.compare.iter().map(|e| e.scenario.clone()).collect(),
        }
    }

    /// The data set the app started with, before user accounts.
    pub fn base_dataset(&self) -> Arc<Dataset> {
        Arc::clone(&self.base_dataset)
    }

    /// Puts a re-calibrated data set in place with its projections. What changed while it was
    /// computed (an edit, a new comparison) is projected again here.
    pub fn use_reloaded(&mut self, r: crate::app::session::accounts::Reloaded) {
        if let Some((job, _)) = self.pending.take() {
            job.cancel();
        }
        self.dataset = r.dataset;
        self.data_id += 1;
        self.data_texts = r.texts;
        self.accounts = r.path;
        self.subunits = r.subunits;
        self.published = r.published;
        self.baseline = r.baseline;
        self.baseline_scenario = r.inputs.baseline;
        for (i, entry) in self.compare.iter_mut().enumerate() {
            match (r.inputs.compare.get(i), r.compare.get(i)) {
                (Some(s), Some(p)) if *s == entry.scenario => entry.projection = p.clone(),
                _ => {
                    let result = project(&self.dataset, &entry.scenario);
                    entry.projection = shown(&self.dataset, &entry.scenario, result).0;
                }
            }
        }
        if r.inputs.scenario == self.scenario {
            self.show(Ok(r.projection));
        } else {
            self.reproject();
        }
    }

    /// Puts the working scenario's projection in place, or when its calibration failed, a
    /// projection without years whose warning names the cause.
    fn show(&mut self, result: Result<Projection, CalibrationError>) {
        let (projection, failure) = shown(&self.dataset, &self.scenario, result);
        self.projection = projection;
        self.failure = failure;
        self.pending_levers = None;
    }

    /// Number of warnings the status line counts (file and projection).
    pub fn warning_count(&self) -> usize {
        self.file_warnings.len() + self.projection.warnings.len()
    }
}

/// What the app shows of a projection: itself, or for a calibration that failed its guard
/// rails, a projection without years (empty charts) whose one warning is the error, with the
/// error beside it.
fn shown(
    data: &Dataset,
    scenario: &Scenario,
    result: Result<Projection, CalibrationError>,
) -> (Projection, Option<CalibrationError>) {
    match result {
        Ok(projection) => (projection, None),
        Err(e) => {
            let projection = Projection {
                base_year: data.base_year,
                horizon: data.base_year,
                series: Vec::new(),
                summaries: Vec::new(),
                gaps: Vec::new(),
                warnings: vec![crate::model::warning::Warning::CalibrationFailed(e.clone())],
                fragmentation: Vec::new(),
                inputs: Arc::new(crate::model::output::Inputs {
                    levers: resolve_for(data, scenario).0,
                    base: None,
                }),
            };
            (projection, Some(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lever, LeverKey};

    /// Polls until the worker's projection lands (bounded: a hung worker fails the test).
    fn settle(state: &mut AppState) {
        for _ in 0..6000 {
            if state.poll() || !state.is_computing() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the worker projection never arrived");
    }

    fn premium(state: &AppState) -> f64 {
        state
            .levers()
            .unit_in_year(Lever::ResidentPremium, None, 2030)
    }

    #[test]
    fn adaptive_mode_keeps_the_newest_edit_and_drops_stale_results() {
        let data = Arc::new(Dataset::embedded().expect("embedded data"));
        let mut state = AppState::new(Arc::clone(&data), ProjectionMode::Adaptive);
        let baseline = state.projection.clone();
        // As if the last run was slow: the next ones go to a worker.
        state.last_projection = Duration::from_secs(1);
        let key = LeverKey::national(Lever::ResidentPremium);
        let edit = Edit::Path { key };
        state.set_lever(key, Some(LeverPath::constant(500.0)), edit.clone(), false);
        assert!(state.is_computing());
        state.last_projection = Duration::from_secs(1);
        state.set_lever(key, Some(LeverPath::constant(600.0)), edit.clone(), false);
        // While the newest runs, the charts keep the last finished projection and the lever
        // panel reads the edited scenario.
        assert!(state.is_computing());
        assert_eq!(state.projection, baseline);
        assert_eq!(premium(&state), 600.0);
        settle(&mut state);
        // Only the newest edit's projection lands (the first was cancelled).
        assert!(!state.is_computing());
        assert_eq!(
            state.projection,
            project(&data, &state.scenario).expect("calibrates")
        );
        assert_eq!(state.scenario.lever(key), Some(&LeverPath::constant(600.0)));
        assert_eq!(premium(&state), 600.0);

        // A result for a scenario that is no longer the working one is dropped.
        state.last_projection = Duration::from_secs(1);
        state.set_lever(key, Some(LeverPath::constant(700.0)), edit, false);
        let shown = state.projection.clone();
        state
            .scenario
            .set_lever(key, Some(LeverPath::constant(800.0)));
        settle(&mut state);
        assert!(!state.is_computing());
        assert_eq!(
            state.projection, shown,
            "the 700 result must not land under 800"
        );
    }
}
