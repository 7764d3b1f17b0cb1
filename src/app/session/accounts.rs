//! Provincial accounts in the app (calibration step 10, docs/model.md §11): a user's accounts file, read and
//! validated with the same parser as `--accounts`, then the data set re-calibrated and the
//! working scenario, the baseline and the comparison re-projected on a worker thread. A file
//! that does not parse, exceeds a national total or fails the calibration's guard rails
//! changes nothing and comes back as positioned messages.

use crate::app::session::jobs::Job;
use crate::model::accounts::{Item, Scheme};
use crate::model::project::project;
use crate::model::{Dataset, Projection, Scenario};
use eframe::egui;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Items of each province that rest on published accounts, by province code (provinces with
/// none are absent).
pub type PublishedItems = BTreeMap<String, Vec<(Scheme, Item)>>;

/// The items the calibration of `data`'s current-law scenario took from published accounts
/// (its `published` flags, as `yibao data` writes them to `published_accounts.csv`). Empty
/// when the calibration fails.
pub fn published_items(data: &Dataset) -> PublishedItems {
    crate::model::calibrate::current_law(data)
        .map(|cal| {
            cal.provinces
                .into_iter()
                .filter(|p| !p.published.is_empty())
                .map(|p| (p.code, p.published))
                .collect()
        })
        .unwrap_or_default()
}

/// `base` with the accounts file at `path` added, read and checked as `--accounts` does
/// ([`crate::model::inputs`]). Errors are `FILE:LINE:COL: error: MESSAGE` lines.
pub fn dataset_with_accounts(base: &Dataset, path: &Path) -> Result<Dataset, Vec<String>> {
    crate::model::inputs::with_accounts_file(base, path)
}

/// [`dataset_with_accounts`] from the file's text, `name` naming it in messages.
pub fn dataset_with_accounts_text(
    base: &Dataset,
    name: &str,
    text: &str,
) -> Result<Dataset, Vec<String>> {
    crate::model::inputs::with_accounts_text(base, name, text)
}

/// `data` with the sub-unit (prefecture) accounts file at `path`, read and checked as
/// `--subunits` does ([`crate::model::inputs`]).
pub fn dataset_with_subunits(data: &Dataset, path: &Path) -> Result<Dataset, Vec<String>> {
    crate::model::inputs::with_subunits_file(data, path)
}

/// [`dataset_with_subunits`] from the file's text, `name` naming it in messages.
pub fn dataset_with_subunits_text(
    data: &Dataset,
    name: &str,
    text: &str,
) -> Result<Dataset, Vec<String>> {
    crate::model::inputs::with_subunits_text(data, name, text)
}

/// The texts of the user's files in use, as read: what a saved scenario carries in its `data`
/// section, and what a scenario opened with such a section loads instead of files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts {
    /// Provincial accounts.
    pub accounts: Option<Arc<str>>,
    /// Prefecture accounts.
    pub subunits: Option<Arc<str>>,
}

impl Texts {
    /// The scenario file's `data` section.
    pub fn to_data(&self) -> crate::model::scenario::ScenarioData {
        crate::model::scenario::ScenarioData {
            accounts: self.accounts.as_deref().map(str::to_owned),
            subunits: self.subunits.as_deref().map(str::to_owned),
        }
    }
}

/// The user's files a data set is built from, and which of them a reload changes.
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// Provincial accounts (`None`: the built-in accounts only).
    pub accounts: Option<PathBuf>,
    /// Prefecture accounts (`None`: synthetic sub-units only).
    pub subunits: Option<PathBuf>,
    /// Whether the reload loads or clears the prefecture accounts (else the provincial ones).
    pub subunits_change: bool,
    /// Texts standing in for the files (a scenario's `data` section): the paths then only name
    /// them in messages and the status line (`FILE.ron#data.accounts`).
    pub texts: Texts,
}

/// What the app projects with a data set: the working scenario, the baseline and the
/// compared scenarios.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The working scenario.
    pub scenario: Scenario,
    /// The baseline at the working scenario's horizon and balancing rule.
    pub baseline: Scenario,
    /// The compared scenarios, in order.
    pub compare: Vec<Scenario>,
}

/// A data set ready to replace the app's: re-calibrated and re-projected.
#[derive(Debug)]
pub struct Reloaded {
    /// The accounts file (`None`: back to the built-in accounts).
    pub path: Option<PathBuf>,
    /// The prefecture accounts file (`None`: synthetic sub-units only).
    pub subunits: Option<PathBuf>,
    /// The new data set.
    pub dataset: Arc<Dataset>,
    /// The inputs it was projected for.
    pub inputs: Inputs,
    /// The working scenario's projection.
    pub projection: Projection,
    /// The baseline's projection.
    pub baseline: Projection,
    /// The compared scenarios' projections, in order.
    pub compare: Vec<Projection>,
    /// Items resting on published accounts, per province.
    pub published: PublishedItems,
    /// The texts of the files used.
    pub texts: Texts,
}

/// Builds the data set with the accounts at `path` (or `base` itself for `None`), calibrates
/// and projects `inputs`. A failed calibration is an error naming the file, province and step.
pub fn reload(
    base: &Dataset,
    path: Option<&Path>,
    inputs: Inputs,
) -> Result<Reloaded, Vec<String>> {
    reload_files(base, path, None, &Texts::default(), inputs)
}

/// [`reload`] with the prefecture accounts at `subunits` too (checked after the provincial
/// accounts, against the provinces they calibrate).
pub fn reload_files(
    base: &Dataset,
    path: Option<&Path>,
    subunits: Option<&Path>,
    given: &Texts,
    inputs: Inputs,
) -> Result<Reloaded, Vec<String>> {
    // A text given stands in for its file; else the file is read once here.
    let text = |p: &Path, t: &Option<Arc<str>>| -> Result<Arc<str>, Vec<String>> {
        match t {
            Some(t) => Ok(Arc::clone(t)),
            None => crate::files::read_text(p, crate::files::MAX_ACCOUNTS_BYTES)
                .map(Arc::from)
                .map_err(|e| vec![format!("{}: error: {e}", p.display())]),
        }
    };
    let mut texts = Texts::default();
    let dataset = match path {
        Some(p) => {
            let t = text(p, &given.accounts)?;
            let d = dataset_with_accounts_text(base, &p.display().to_string(), &t)?;
            texts.accounts = Some(t);
            d
        }
        None => base.clone(),
    };
    let dataset = match subunits {
        Some(p) => {
            let t = text(p, &given.subunits)?;
            let d = dataset_with_subunits_text(&dataset, &p.display().to_string(), &t)?;
            texts.subunits = Some(t);
            d
        }
        None => dataset,
    };
    let failed = |e: crate::model::calibrate::CalibrationError| {
        let name = path.map_or_else(String::new, |p| format!("{}: ", p.display()));
        vec![format!("{name}error: {e}")]
    };
    let projection = project(&dataset, &inputs.scenario).map_err(failed)?;
    let baseline = project(&dataset, &inputs.baseline).map_err(failed)?;
    let compare = inputs
        .compare
        .iter()
        .map(|s| project(&dataset, s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed)?;
    let published = published_items(&dataset);
    Ok(Reloaded {
        path: path.map(Path::to_path_buf),
        subunits: subunits.map(Path::to_path_buf),
        dataset: Arc::new(dataset),
        inputs,
        projection,
        baseline,
        compare,
        published,
        texts,
    })
}

/// The reload's outcome as the job delivers it: the result, and the files it was for.
pub type Outcome = (Files, Result<Reloaded, Vec<String>>);

/// Starts [`reload_files`] on a worker thread.
pub fn start(
    base: Arc<Dataset>,
    files: Files,
    inputs: Inputs,
    repaint: Option<egui::Context>,
) -> Job<Outcome> {
    Job::spawn(repaint, move |progress| {
        let result = reload_files(
            &base,
            files.accounts.as_deref(),
            files.subunits.as_deref(),
            &files.texts,
            inputs,
        );
        (!progress.is_cancelled()).then_some((files, result))
    })
}
