//! Everything the UI can ask for, collected during a frame and applied after it
//! ([`crate::app::YibaoApp::apply`]), so that widgets never mutate the state under each other.

use crate::app::i18n::Lang;
use crate::app::io::file_dialog::PathPurpose;
use crate::app::plots::chart_data::PlotMetric;
use crate::app::plots::export_chart::ChartFormat;
use crate::app::session::history::Edit;
use crate::app::session::prefs::Tab;
use crate::model::{Balancing, Fund, LeverPath};
use std::path::PathBuf;

/// A request from the UI.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Set (`Some`) or remove (`None`) a lever path; `continuing` folds a drag into one undo step.
    SetLever {
        /// The lever and scope (`id` or `id@CODE` in files).
        key: crate::model::LeverKey,
        /// The new path.
        path: Option<LeverPath>,
        /// How the undo menu names it.
        edit: Edit,
        /// Part of an ongoing drag or typing.
        continuing: bool,
    },
    /// Ends a drag or typing, so that the next edit is its own undo step.
    EndEdit,
    /// Set the title (typing continues one undo step).
    SetTitle(String),
    /// Set the description (typing continues one undo step).
    SetDescription(String),
    /// Set the references, one per entry (typing continues one undo step).
    SetReferences(Vec<String>),
    /// Set the balancing rule.
    SetBalancing(Balancing),
    /// Set the scenario's pooling levels and adjustment funds (the pooling editor).
    SetPooling(crate::model::scenario::Pooling),
    /// Set the horizon.
    SetHorizon(i32),
    /// Remove every lever change.
    ResetAll,
    /// Undo the newest edit.
    Undo,
    /// Redo the newest undone edit.
    Redo,
    /// Start over on the baseline (asks about unsaved changes first).
    New,
    /// Ask for a path for `purpose` (a scenario to open or save to, files to compare, a data
    /// file to load, where to export): the native dialog, else the built-in one; the path
    /// then goes to the plain-path command of that purpose (`Open`, `SaveAs`, `CompareFiles`,
    /// `LoadAccounts`, `LoadSubunits`, `ExportChart`, `ExportReport`, `ExportBriefing`).
    PickPath(PathPurpose),
    /// Open a file (asks about unsaved changes first).
    Open(PathBuf),
    /// Save to the current file, or ask for one.
    Save,
    /// Save to this file.
    SaveAs(PathBuf),
    /// Use the path of the built-in file dialog.
    PathPromptConfirm,
    /// Close the built-in file dialog.
    PathPromptCancel,
    /// Forget the recent files.
    ClearRecent,
    /// Close the window (asks about unsaved changes first).
    Quit,
    /// Answer to the unsaved-changes prompt: save, then continue.
    PromptSave,
    /// Answer to the unsaved-changes prompt: continue without saving.
    PromptDiscard,
    /// Answer to the unsaved-changes prompt: do nothing.
    PromptCancel,
    /// Restore this autosave of an instance that did not close cleanly.
    RecoverAutosave(PathBuf),
    /// Delete this autosave.
    DiscardAutosave(PathBuf),
    /// Keep the autosaves offered for recovery on disk and close the offer.
    KeepAutosaves,
    /// Save over a file that has comments (asked once per file).
    ConfirmOverwrite,
    /// Do not overwrite it.
    CancelOverwrite,
    /// Close the error or message dialog.
    DismissDialog,
    /// Select the unit the charts and province overrides follow (`CN` or a code).
    SelectUnit(crate::model::Unit),
    /// Select the fund.
    SelectFund(Fund),
    /// Select the chart tab.
    SelectTab(Tab),
    /// Edit province overrides (true) or national levers (false) while a province is selected.
    SetProvinceScope(bool),
    /// PlotMetric of the Compare tab.
    SetCompareMetric(PlotMetric),
    /// Pin the working scenario into the comparison.
    PinCurrent,
    /// Add scenario files to the comparison (loaded off the UI thread).
    CompareFiles(Vec<PathBuf>),
    /// Remove a compared scenario.
    RemoveCompare(usize),
    /// Empty the comparison.
    ClearCompare,
    /// Cancel the running background job.
    CancelJob,
    /// Switch the language.
    SetLang(Lang),
    /// Show or hide the lever panel.
    ShowLevers(bool),
    /// Draw the Germany and Korea reference lines.
    ReferenceLines(bool),
    /// Dark or light theme.
    Dark(bool),
    /// Start the Uncertainty tab's analysis of the current scenario, unit and fund if it is
    /// neither shown nor running.
    RefreshUncertainty,
    /// Cancel the Uncertainty tab's running work.
    CancelUncertainty,
    /// Allow a cancelled analysis to run again.
    ResumeUncertainty,
    /// Goal seek: the value of `lever` (from 2026 on) that meets `target` for the selected
    /// unit and fund, on a worker thread.
    Solve {
        /// The lever.
        lever: crate::model::Lever,
        /// The province whose override (`id@CODE`) is solved; `None`: the national path.
        province: Option<String>,
        /// The target expression (`months>=6 until 2035`).
        target: String,
    },
    /// Cancel the running goal seek.
    CancelSolve,
    /// Set the Heatmap tab's levers, grid size and metric.
    SetHeatmapSpec(crate::app::session::heatmap::HeatSpec),
    /// Compute the heatmap of the working scenario for the selected unit and fund (worker).
    RunHeatmap,
    /// Cancel the running heatmap.
    CancelHeatmap,
    /// Set the Decomposition tab's metric and seed.
    SetDecomposeSpec(crate::app::session::decompose::DecSpec),
    /// Decompose the working scenario's change against the baseline for the selected unit and
    /// fund (worker).
    RunDecompose,
    /// Cancel the running decomposition.
    CancelDecompose,
    /// Apply the newest goal-seek answer to its lever as one undoable edit (when it was solved
    /// on the working scenario).
    ApplySolved,
    /// Export panel `n` of the current tab (the province grid for the Provinces tab) to a path.
    ExportChart(usize, ChartFormat, PathBuf),
    /// Copy panel `n` of the current tab to the clipboard as an image.
    CopyChartImage(usize),
    /// Copy panel `n` of the current tab to the clipboard as a table for spreadsheets
    /// ([`crate::app::plots::export_chart::sheet_tsv`]).
    CopyChartData(usize),
    /// Put text (tab-separated table data) on the system clipboard.
    CopyText(String),
    /// Export the report pack of the working scenario (with the compared ones) to a folder, on
    /// a worker thread.
    ExportReport(PathBuf),
    /// Write the briefing (.docx) of the working scenario (with the compared ones) to a path,
    /// on a worker thread.
    ExportBriefing(PathBuf),
    /// Load this provincial accounts file: validated, re-calibrated and re-projected on a
    /// worker; a bad file shows its errors and changes nothing.
    LoadAccounts(PathBuf),
    /// Go back to the built-in accounts.
    ClearAccounts,
    /// Load this prefecture accounts file: validated against the provinces, re-projected on a
    /// worker; a bad file shows its errors and changes nothing.
    LoadSubunits(PathBuf),
    /// Go back to synthetic sub-units only.
    ClearSubunits,
}
