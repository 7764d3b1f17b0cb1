//! Commands that edit the working scenario (each an undoable edit).

use crate::app::session::command::Command;
use crate::app::session::history::Edit;
use crate::app::yibao_app::YibaoApp;

impl YibaoApp {
    /// Applies a command of the document group; the others are routed elsewhere by
    /// [`YibaoApp::apply`].
    pub(super) fn apply_document(&mut self, command: Command) {
        let state = &mut self.state;
        match command {
            Command::SetLever {
                key,
                path,
                edit,
                continuing,
            } => state.set_lever(key, path, edit, continuing),
            Command::EndEdit => state.history.close(),
            Command::SetTitle(title) => state.edit(Edit::Title, true, |s| s.title = title),
            Command::SetDescription(text) => {
                state.edit(Edit::Description, true, |s| s.description = text);
            }
            Command::SetReferences(refs) => {
                state.edit(Edit::References, true, |s| s.references = refs);
            }
            Command::SetPooling(p) => state.edit(Edit::Pooling, true, |s| s.pooling = p),
            Command::SetBalancing(b) => {
                state.edit(Edit::Balancing(b), false, |s| s.balancing = b);
            }
            Command::SetHorizon(new) => {
                let old = state.scenario.horizon;
                state.edit(Edit::Horizon { old, new }, true, |s| s.horizon = new);
            }
            Command::ResetAll => state.reset_all(),
            Command::Undo => {
                state.undo();
            }
            Command::Redo => {
                state.redo();
            }
            _ => {}
        }
    }
}
