//! The comparison set: scenarios pinned or opened to overlay on the current one.

use crate::app::io::files::{self, LoadError};
use crate::app::session::jobs::Job;
use crate::model::{Dataset, Projection, Scenario, project};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many scenarios the comparison overlays besides the current one.
pub const MAX_COMPARE: usize = 5;

/// One compared scenario with its projection.
#[derive(Clone, Debug)]
pub struct CompareEntry {
    /// Legend name (the scenario title, or the file name when the title is empty).
    pub name: String,
    /// The file it came from; `None` for a pinned snapshot of the working scenario.
    pub source: Option<PathBuf>,
    /// The scenario.
    pub scenario: Scenario,
    /// Its projection.
    pub projection: Projection,
}

impl CompareEntry {
    /// Projects a scenario into an entry; a calibration that fails its guard rails is the
    /// error, as a message naming the file (or the scenario) and the cause.
    pub fn new(
        dataset: &Dataset,
        scenario: Scenario,
        source: Option<PathBuf>,
    ) -> Result<Self, LoadError> {
        let name = if scenario.title.trim().is_empty() {
            source
                .as_deref()
                .and_then(Path::file_stem)
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        } else {
            scenario.title.clone()
        };
        let projection = project(dataset, &scenario).map_err(|e| {
            let what = source
                .as_deref()
                .map_or_else(|| name.clone(), |p| p.display().to_string());
            LoadError {
                messages: vec![format!("{what}: error: {e}")],
            }
        })?;
        Ok(CompareEntry {
            name,
            source,
            scenario,
            projection,
        })
    }
}

/// Result of loading files into the comparison off the UI thread.
#[derive(Debug)]
pub struct Batch {
    /// Entries that loaded, in the order given.
    pub entries: Vec<CompareEntry>,
    /// Files that failed, with their messages.
    pub errors: Vec<LoadError>,
}

/// Loads and projects `paths` on a worker thread, reporting progress per file.
pub fn load_batch(
    dataset: Arc<Dataset>,
    paths: Vec<PathBuf>,
    repaint: Option<egui::Context>,
) -> Job<Batch> {
    Job::spawn(repaint, move |progress| {
        let mut batch = Batch {
            entries: Vec::new(),
            errors: Vec::new(),
        };
        for (i, path) in paths.iter().enumerate() {
            if progress.is_cancelled() {
                return None;
            }
            match files::load(path)
                .and_then(|loaded| CompareEntry::new(&dataset, loaded.scenario, Some(path.clone())))
            {
                Ok(entry) => batch.entries.push(entry),
                Err(e) => batch.errors.push(e),
            }
            progress.set((i + 1) as f64 / paths.len() as f64);
        }
        Some(batch)
    })
}

/// Projects saved comparison entries (legend name, source, scenario) on a worker thread: the
/// workspace of the last session, restored at start without holding up the first frame.
pub fn project_batch(
    dataset: Arc<Dataset>,
    items: Vec<(String, Option<PathBuf>, Scenario)>,
    repaint: Option<egui::Context>,
) -> Job<Batch> {
    Job::spawn(repaint, move |progress| {
        let mut batch = Batch {
            entries: Vec::new(),
            errors: Vec::new(),
        };
        let n = items.len();
        for (i, (name, source, scenario)) in items.into_iter().enumerate() {
            if progress.is_cancelled() {
                return None;
            }
            match CompareEntry::new(&dataset, scenario, source) {
                Ok(mut entry) => {
                    if !name.is_empty() {
                        entry.name = name;
                    }
                    batch.entries.push(entry);
                }
                Err(e) => batch.errors.push(e),
            }
            progress.set((i + 1) as f64 / n as f64);
        }
        Some(batch)
    })
}
