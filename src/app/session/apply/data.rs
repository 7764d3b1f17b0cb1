//! Commands about the user's data files: provincial accounts (加载省级账户) and prefecture
//! accounts (加载地市账户), validated, re-calibrated and re-projected on a worker.

use crate::app::i18n::T;
use crate::app::session::command::Command;
use crate::app::session::jobs::Poll;
use crate::app::yibao_app::{Dialog, YibaoApp};
use std::path::PathBuf;

impl YibaoApp {
    /// Applies a command of the data group; the others are routed elsewhere by
    /// [`YibaoApp::apply`].
    pub(super) fn apply_data(&mut self, command: Command) {
        match command {
            Command::LoadAccounts(path) => self.start_accounts(Some(path)),
            Command::ClearAccounts => self.start_accounts(None),
            Command::LoadSubunits(path) => self.start_subunits(Some(path)),
            Command::ClearSubunits => self.start_subunits(None),
            _ => {}
        }
    }

    /// Loads (`Some`) or clears (`None`) the user's provincial accounts on a worker thread; a
    /// newer request replaces one still running.
    fn start_accounts(&mut self, path: Option<PathBuf>) {
        self.start_reload(crate::app::session::accounts::Files {
            accounts: path,
            subunits: self.state.subunits.clone(),
            subunits_change: false,
            texts: crate::app::session::accounts::Texts {
                accounts: None,
                subunits: self.state.data_texts.subunits.clone(),
            },
        });
    }

    /// Loads (`Some`) or clears (`None`) the user's prefecture accounts on the same worker
    /// (with the provincial accounts in use).
    fn start_subunits(&mut self, path: Option<PathBuf>) {
        self.start_reload(crate::app::session::accounts::Files {
            accounts: self.state.accounts.clone(),
            subunits: path,
            subunits_change: true,
            texts: crate::app::session::accounts::Texts {
                accounts: self.state.data_texts.accounts.clone(),
                subunits: None,
            },
        });
    }

    /// Loads the accounts and sub-units a scenario file carries (its `data` section) in place
    /// of the files in use, on the same worker; named `FILE#data.accounts` in messages.
    pub(super) fn start_embedded(
        &mut self,
        file: &std::path::Path,
        data: crate::model::scenario::ScenarioData,
    ) {
        let name = |kind: &str| PathBuf::from(format!("{}#data.{kind}", file.display()));
        let accounts = data.accounts.as_ref().map(|_| name("accounts"));
        let subunits = data.subunits.as_ref().map(|_| name("subunits"));
        self.start_reload(crate::app::session::accounts::Files {
            subunits_change: accounts.is_none(),
            accounts,
            subunits,
            texts: crate::app::session::accounts::Texts {
                accounts: data.accounts.map(std::sync::Arc::from),
                subunits: data.subunits.map(std::sync::Arc::from),
            },
        });
    }

    fn start_reload(&mut self, files: crate::app::session::accounts::Files) {
        if let Some(job) = self.accounts_job.take() {
            job.cancel();
        }
        self.accounts_job = Some(crate::app::session::accounts::start(
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
    pub(super) fn accounts_done(
        &mut self,
        (files, result): crate::app::session::accounts::Outcome,
    ) {
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
