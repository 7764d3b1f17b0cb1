//! Commands of the comparison and of the analyses that run on workers: the Uncertainty tab,
//! goal seek, the heatmap and the reform decomposition.

use crate::app::i18n::{T, tf};
use crate::app::session::command::Command;
use crate::app::session::compare;
use crate::app::session::history::Edit;
use crate::app::session::jobs::Poll;
use crate::app::yibao_app::{Dialog, YibaoApp};
use std::path::PathBuf;
use std::sync::Arc;

impl YibaoApp {
    /// Applies a command of the analyses group; the others are routed elsewhere by
    /// [`YibaoApp::apply`].
    pub(super) fn apply_analyses(&mut self, command: Command) {
        match command {
            Command::PinCurrent => {
                let pinned = self.state.pin_current();
                if !pinned {
                    self.notice = Some(self.compare_full_text());
                }
            }
            Command::CompareFiles(paths) => self.start_compare(paths),
            Command::RemoveCompare(i) if i < self.state.compare.len() => {
                self.state.compare.remove(i);
            }
            Command::ClearCompare => self.state.compare.clear(),
            Command::CancelJob => {
                if let Some(job) = self.job.take() {
                    job.cancel();
                }
            }
            Command::RefreshUncertainty => {
                let key = crate::app::panels::uncertainty_ui::current_key(self);
                self.uncertainty
                    .request(&self.state.dataset, &key, self.ctx.clone());
            }
            Command::CancelUncertainty => self.uncertainty.cancel(),
            Command::ResumeUncertainty => self.uncertainty.resume(),
            Command::Solve {
                lever,
                province,
                target,
            } => {
                let key = crate::app::panels::uncertainty_ui::current_key(self);
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
            Command::ApplySolved => self.apply_solved(),
            Command::SetHeatmapSpec(spec) => self.heatmap.spec = spec,
            Command::RunHeatmap => {
                let key = crate::app::session::heatmap::HeatKey {
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
                let key = crate::app::session::decompose::DecKey {
                    scenario: self.state.scenario.clone(),
                    unit: self.unit().to_owned(),
                    fund: self.fund(),
                    spec: self.decompose.spec.clone(),
                };
                self.decompose
                    .start(&self.state.dataset, key, self.ctx.clone());
            }
            Command::CancelDecompose => self.decompose.cancel(),
            _ => {}
        }
    }

    /// Applies the newest goal-seek answer to its lever as one undoable edit, when it was
    /// solved on the working scenario, unit and fund.
    fn apply_solved(&mut self) {
        let current = crate::app::panels::uncertainty_ui::current_key(self);
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
    pub(super) fn poll_compare(&mut self) {
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

    pub(super) fn add_batch(&mut self, batch: compare::Batch) {
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
}
