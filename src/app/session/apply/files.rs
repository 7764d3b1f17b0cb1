//! Commands about scenario files: new, open, save, the unsaved-changes and overwrite prompts,
//! recent files, autosaves and quitting.

use crate::app::i18n::{T, tf};
use crate::app::io::file_dialog::PathPurpose;
use crate::app::session::command::Command;
use crate::app::yibao_app::{Dialog, Guarded, YibaoApp};
use eframe::egui;
use std::path::{Path, PathBuf};

impl YibaoApp {
    /// Applies a command of the files group; the others are routed elsewhere by
    /// [`YibaoApp::apply`].
    pub(super) fn apply_files(&mut self, command: Command) {
        match command {
            Command::New => self.guard(Guarded::New),
            Command::Open(path) => self.guard(Guarded::Open(path)),
            Command::Save => match self.state.file.clone() {
                Some(path) => {
                    self.save_as(path);
                }
                None => self.pick_path(PathPurpose::SaveAs),
            },
            Command::SaveAs(path) => {
                self.save_as(path);
            }
            Command::PathPromptConfirm => self.confirm_path_prompt(),
            Command::PathPromptCancel => self.path_prompt = None,
            Command::ClearRecent => self.prefs.recent.clear(),
            Command::Quit => self.guard(Guarded::Quit),
            Command::PromptSave => match self.state.file.clone() {
                Some(path) => self.save_then_continue(path),
                // The prompt's action waits for the picked path.
                None => self.pick_path(PathPurpose::PromptSave),
            },
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
                    self.save_then_continue(path);
                }
            }
            Command::CancelOverwrite => self.overwrite_prompt = None,
            _ => {}
        }
    }

    /// Saves to `path`, then goes on with what the unsaved-changes prompt was asked for; a
    /// failed or cancelled save keeps that action waiting.
    pub(super) fn save_then_continue(&mut self, path: PathBuf) {
        if self.save_as(path)
            && let Some(action) = self.prompt.take()
        {
            self.run_guarded(action);
        }
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
                    crate::app::panels::lever_panel::sets_assumptions(&self.state.scenario);
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
    fn recover_autosave(&mut self, path: &Path) {
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
    pub(super) fn save_as(&mut self, path: PathBuf) -> bool {
        if !self.overwrite_confirmed.contains(&path) && crate::app::io::files::has_comments(&path) {
            self.overwrite_prompt = Some(path);
            return false;
        }
        match self.state.save_to(&path) {
            Ok(()) => {
                self.prefs.add_recent(&path);
                self.view.reveal_assumptions =
                    crate::app::panels::lever_panel::sets_assumptions(&self.state.scenario);
                self.notice = Some(tf(self.lang(), T::Saved, &[&path.display().to_string()]));
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::SaveFailed(format!("{e}: {}", path.display())));
                false
            }
        }
    }
}
