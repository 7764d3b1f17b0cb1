//! The one path-picking command ([`Command::PickPath`]): the native dialog when it can open,
//! else the built-in one; either way the picked path goes to the same plain-path action that
//! tests send directly.

use crate::app::io::file_dialog::{self, PathPrompt, PathPurpose, Suggestion};
use crate::app::session::command::Command;
use crate::app::yibao_app::YibaoApp;
use std::path::PathBuf;

impl YibaoApp {
    /// Asks for a path for `purpose`: the native dialog, else the built-in one (when the
    /// desktop portal is missing, with the reason, or when the app runs without native
    /// dialogs).
    pub(super) fn pick_path(&mut self, purpose: PathPurpose) {
        match self.native_ok() {
            Ok(()) => {
                let chart_title = match purpose {
                    PathPurpose::ExportChart(n, _) => match self.export_chart(n) {
                        Some(chart) => Some(chart.title),
                        // Nothing to export: no dialog.
                        None => return,
                    },
                    _ => None,
                };
                let suggestion = Suggestion {
                    lang: self.lang(),
                    file: self.state.file.as_deref(),
                    title: &self.state.scenario.title,
                    chart_title: chart_title.as_deref(),
                    export_dir: self.prefs.export_dir.as_deref(),
                };
                let paths = file_dialog::pick_native(purpose, &suggestion);
                self.use_picked(purpose, paths);
            }
            Err(reason) => self.show_path_prompt(purpose, reason),
        }
    }

    /// Does what a path was picked for; nothing when none was (a cancelled dialog).
    fn use_picked(&mut self, purpose: PathPurpose, paths: Vec<PathBuf>) {
        let Some(path) = paths.first().cloned() else {
            return;
        };
        match purpose {
            PathPurpose::Open => self.apply(Command::Open(path)),
            PathPurpose::SaveAs => {
                self.save_as(path);
            }
            PathPurpose::PromptSave => self.save_then_continue(path),
            PathPurpose::Compare => self.apply(Command::CompareFiles(paths)),
            PathPurpose::Accounts => self.apply(Command::LoadAccounts(path)),
            PathPurpose::Subunits => self.apply(Command::LoadSubunits(path)),
            PathPurpose::ExportChart(n, format) => {
                self.apply(Command::ExportChart(n, format, path));
            }
            PathPurpose::ExportReport => self.apply(Command::ExportReport(path)),
            PathPurpose::ExportBriefing => self.apply(Command::ExportBriefing(path)),
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
        let shortcuts = self.prompt_shortcuts(scenarios.clone());
        let folder = self.prompt_folder(purpose, scenarios);
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

    /// The built-in dialog's shortcut folders: the scenarios folder, the folders of recent
    /// files and the home folder.
    fn prompt_shortcuts(&self, scenarios: Option<PathBuf>) -> Vec<PathBuf> {
        let mut shortcuts: Vec<PathBuf> = scenarios.into_iter().collect();
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
        shortcuts
    }

    /// The folder the built-in dialog starts in: that of the current or the most recent file,
    /// else the examples to open and home to save (the installed examples folder is not
    /// writable); exports start in the folder of the last export while it exists.
    fn prompt_folder(&self, purpose: PathPurpose, scenarios: Option<PathBuf>) -> PathBuf {
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
        match purpose {
            PathPurpose::ExportChart(..) | PathPurpose::ExportReport => self
                .prefs
                .export_dir
                .clone()
                .filter(|d| d.is_dir())
                .unwrap_or(folder),
            _ => folder,
        }
    }

    /// Uses the built-in dialog's path for what it was opened for.
    pub(super) fn confirm_path_prompt(&mut self) {
        let Some(prompt) = self.path_prompt.take() else {
            return;
        };
        let Some(path) = prompt.chosen() else {
            self.path_prompt = Some(prompt);
            return;
        };
        self.use_picked(prompt.purpose, vec![path]);
    }
}
