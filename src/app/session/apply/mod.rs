//! Applying the frame's commands: the only place the app's state changes in response to the UI.
//!
//! [`YibaoApp::apply`] routes each [`Command`] to its group, one module each:
//!
//! | module | commands |
//! |---|---|
//! | `document.rs` | the working scenario: lever paths, title, description, references, balancing, pooling, horizon, reset, undo, redo |
//! | `files.rs` | scenario files: new, open, save, the unsaved-changes and overwrite prompts, recent files, autosaves, quit |
//! | `pick.rs` | [`Command::PickPath`]: the one path-picking command (native dialog, else the built-in one) |
//! | `data.rs` | the user's provincial and prefecture accounts, reloaded on a worker |
//! | `exports.rs` | chart files, the clipboard, the report pack and the briefing |
//! | `view.rs` | what is shown: unit, fund, tab, language, theme, dialogs |
//! | `analyses.rs` | the comparison and the analyses on workers: uncertainty, goal seek, heatmap, decomposition |

mod analyses;
mod data;
mod document;
mod exports;
mod files;
mod pick;
mod view;

use crate::app::session::command::Command;
use crate::app::yibao_app::YibaoApp;

impl YibaoApp {
    /// Applies one command.
    pub fn apply(&mut self, command: Command) {
        self.state.naming = self.lang();
        use Command as C;
        match command {
            C::PickPath(purpose) => self.pick_path(purpose),
            c @ (C::SetLever { .. }
            | C::EndEdit
            | C::SetTitle(_)
            | C::SetDescription(_)
            | C::SetReferences(_)
            | C::SetBalancing(_)
            | C::SetPooling(_)
            | C::SetHorizon(_)
            | C::ResetAll
            | C::Undo
            | C::Redo) => self.apply_document(c),
            c @ (C::New
            | C::Open(_)
            | C::Save
            | C::SaveAs(_)
            | C::PathPromptConfirm
            | C::PathPromptCancel
            | C::ClearRecent
            | C::Quit
            | C::PromptSave
            | C::PromptDiscard
            | C::PromptCancel
            | C::RecoverAutosave(_)
            | C::DiscardAutosave(_)
            | C::KeepAutosaves
            | C::ConfirmOverwrite
            | C::CancelOverwrite) => self.apply_files(c),
            c @ (C::LoadAccounts(_) | C::ClearAccounts | C::LoadSubunits(_) | C::ClearSubunits) => {
                self.apply_data(c)
            }
            c @ (C::ExportChart(..)
            | C::CopyChartImage(_)
            | C::CopyChartData(_)
            | C::CopyText(_)
            | C::ExportReport(_)
            | C::ExportBriefing(_)) => self.apply_exports(c),
            c @ (C::DismissDialog
            | C::SelectUnit(_)
            | C::SelectFund(_)
            | C::SelectTab(_)
            | C::SetProvinceScope(_)
            | C::SetCompareMetric(_)
            | C::SetLang(_)
            | C::ShowLevers(_)
            | C::ReferenceLines(_)
            | C::Dark(_)) => self.apply_view(c),
            c @ (C::PinCurrent
            | C::CompareFiles(_)
            | C::RemoveCompare(_)
            | C::ClearCompare
            | C::CancelJob
            | C::RefreshUncertainty
            | C::CancelUncertainty
            | C::ResumeUncertainty
            | C::Solve { .. }
            | C::CancelSolve
            | C::ApplySolved
            | C::SetHeatmapSpec(_)
            | C::RunHeatmap
            | C::CancelHeatmap
            | C::SetDecomposeSpec(_)
            | C::RunDecompose
            | C::CancelDecompose) => self.apply_analyses(c),
        }
    }
}

impl YibaoApp {
    /// Picks up the report pack and the comparison batch when they are done.
    pub(in crate::app) fn poll_job(&mut self, _commands: &mut Vec<Command>) {
        self.poll_report();
        self.poll_compare();
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
}
