//! Applying the frame's commands: the only place the app's state changes in response to the UI.

use super::command::Command;
use super::compare;
use super::export_chart;
use super::file_dialog;
use super::history::Edit;
use super::i18n::{T, tf};
use super::jobs::Poll;
use super::yibao_app::{Dialog, Guarded, YibaoApp};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

impl YibaoApp {
    /// Applies one command.
    pub fn apply(&mut self, command: Command) {
        let lang = self.lang();
        match command {
            Command::SetLever {
                key,
                path,
                edit,
                continuing,
            } => self.state.set_lever(&key, path, edit, continuing),
            Command::EndEdit => self.state.history.close(),
            Command::SetTitle(title) => self.state.edit(Edit::Title, true, |s| s.title = title),
            Command::SetBalancing(b) => {
                self.state
                    .edit(Edit::Balancing(b), false, |s| s.balancing = b);
            }
            Command::SetHorizon(new) => {
                let old = self.state.scenario.horizon;
                self.state
                    .edit(Edit::Horizon { old, new }, true, |s| s.horizon = new);
            }
            Command::ResetAll => self.state.reset_all(),
            Command::Undo => {
                self.state.undo();
            }
            Command::Redo => {
                self.state.redo();
            }
            Command::New => self.guard(Guarded::New),
            Command::Open(path) => self.guard(Guarded::Open(path)),
            Command::OpenDialog => {
                if self.native_dialogs
                    && let Some(path) = file_dialog::pick_open(lang)
                {
                    self.apply(Command::Open(path));
                }
            }
            Command::Save => match self.state.file.clone() {
                Some(path) => {
                    self.save_as(path);
                }
                None => self.apply(Command::SaveAsDialog),
            },
            Command::SaveAsDialog => {
                if self.native_dialogs
                    && let Some(path) = file_dialog::pick_save(
                        lang,
                        self.state.file.as_deref(),
                        &self.state.scenario.title,
                    )
                {
                    self.save_as(path);
                }
            }
            Command::SaveAs(path) => {
                self.save_as(path);
            }
            Command::ClearRecent => self.prefs.recent.clear(),
            Command::Quit => self.guard(Guarded::Quit),
            Command::PromptSave => {
                let saved = match self.state.file.clone() {
                    Some(path) => self.save_as(path),
                    None => {
                        let picked = if self.native_dialogs {
                            file_dialog::pick_save(lang, None, &self.state.scenario.title)
                        } else {
                            None
                        };
                        picked.is_some_and(|path| self.save_as(path))
                    }
                };
                // A failed or cancelled save keeps the prompt's action waiting.
                if saved && let Some(action) = self.prompt.take() {
                    self.run_guarded(action);
                }
            }
            Command::PromptDiscard => {
                if let Some(action) = self.prompt.take() {
                    self.run_guarded(action);
                }
            }
            Command::PromptCancel => self.prompt = None,
            Command::RecoverAutosave => {
                if let Some(autosave) = self.recovery.take() {
                    self.state.recover(autosave.scenario, autosave.source);
                }
            }
            Command::DiscardAutosave => {
                self.recovery = None;
                if let Some(saver) = self.autosaver.as_mut()
                    && let Err(e) = saver.remove()
                {
                    self.notice = Some(format!("autosave: {e}"));
                }
            }
            Command::DismissDialog => self.dialog = None,
            Command::SelectUnit(unit) => {
                if unit == "CN" {
                    self.view.province_scope = false;
                }
                self.prefs.unit = unit;
            }
            Command::SelectFund(fund) => fund.id().clone_into(&mut self.prefs.fund),
            Command::SelectTab(tab) => self.prefs.tab = tab,
            Command::SetProvinceScope(on) => self.view.province_scope = on,
            Command::SetCompareMetric(m) => self.view.compare_metric = m,
            Command::PinCurrent => {
                if !self.state.pin_current() {
                    self.notice = Some(self.compare_full_text());
                }
            }
            Command::CompareDialog => {
                if self.native_dialogs {
                    let paths = file_dialog::pick_many(lang);
                    if !paths.is_empty() {
                        self.apply(Command::CompareFiles(paths));
                    }
                }
            }
            Command::CompareFiles(paths) => self.start_compare(paths),
            Command::RemoveCompare(i) => {
                if i < self.state.compare.len() {
                    self.state.compare.remove(i);
                }
            }
            Command::ClearCompare => self.state.compare.clear(),
            Command::CancelJob => {
                if let Some(job) = self.job.take() {
                    job.cancel();
                }
            }
            Command::SetLang(l) => {
                // Notices are formatted in the language they were raised in; drop the old one.
                if self.prefs.lang != l {
                    self.notice = None;
                }
                self.prefs.lang = l;
            }
            Command::ShowLevers(on) => self.prefs.show_levers = on,
            Command::ReferenceLines(on) => self.prefs.reference_lines = on,
            Command::Dark(on) => self.prefs.dark = on,
            Command::ExportChartDialog(n, format) => {
                if self.native_dialogs
                    && let Some(chart) = self.export_chart(n)
                    && let Some(path) = file_dialog::pick_export(lang, &chart.title, format.ext())
                {
                    self.apply(Command::ExportChart(n, format, path));
                }
            }
            Command::ExportChart(n, format, path) => match self.export_chart(n) {
                Some(chart) => match export_chart::write_chart(&chart, format, &path) {
                    Ok(()) => {
                        self.notice = Some(tf(lang, T::Exported, &[&path.display().to_string()]));
                    }
                    Err(e) => self.dialog = Some(Dialog::SaveFailed(e)),
                },
                None => self.notice = Some(T::NoData.get(lang).to_owned()),
            },
            Command::CopyChartImage(n) => {
                if let Some(chart) = self.export_chart(n)
                    && let Some(ctx) = &self.ctx
                {
                    match export_chart::color_image(&chart) {
                        Ok(image) => {
                            ctx.copy_image(image);
                            self.notice = Some(T::CopiedImage.get(lang).to_owned());
                        }
                        Err(e) => self.notice = Some(e),
                    }
                }
            }
            Command::ExportReportDialog => {
                if self.native_dialogs
                    && let Some(dir) = file_dialog::pick_folder(lang)
                {
                    self.apply(Command::ExportReport(dir));
                }
            }
            Command::ExportReport(dir) => self.start_report(dir),
            Command::CopyText(text) => {
                if let Some(ctx) = &self.ctx {
                    ctx.copy_text(text);
                    self.notice = Some(T::CopiedData.get(lang).to_owned());
                }
            }
        }
    }

    /// The file chart of panel `n` of the current tab: exactly the plotted series; for the
    /// Provinces tab the province grid of the selected fund.
    pub fn export_chart(&self, n: usize) -> Option<crate::render::Chart> {
        let view = self.chart_view();
        let tab = self.prefs.tab;
        if tab == super::tabs::Tab::Provinces {
            return Some(export_chart::grid_chart(self));
        }
        let panels = super::chart_data::chart_data(&self.state, tab, &view);
        let panel = panels.get(n)?;
        if panel.is_empty() {
            return None;
        }
        Some(export_chart::panel_chart(
            panel,
            &self.unit_name(&view.unit),
            &self.state.scenario,
            &self.state.dataset,
            view.lang,
        ))
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
                self.view.from_years.clear();
                self.view.open_paths.clear();
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

    /// Saves to `path`; true on success, else shows why.
    fn save_as(&mut self, path: PathBuf) -> bool {
        match self.state.save_to(&path) {
            Ok(()) => {
                self.prefs.add_recent(&path);
                self.notice = Some(tf(self.lang(), T::Saved, &[&path.display().to_string()]));
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::SaveFailed(format!("{e}: {}", path.display())));
                false
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
    /// Starts writing the report pack on a worker thread (one at a time).
    fn start_report(&mut self, dir: PathBuf) {
        if self.report_job.is_some() {
            return;
        }
        let data = Arc::clone(&self.state.dataset);
        let main = crate::report::Projected {
            scenario: self.state.scenario.clone(),
            projection: self.state.projection.clone(),
        };
        let compare: Vec<crate::report::Projected> = self
            .state
            .compare
            .iter()
            .map(|e| crate::report::Projected {
                scenario: crate::model::Scenario {
                    title: e.name.clone(),
                    ..crate::model::Scenario::default()
                },
                projection: e.projection.clone(),
            })
            .collect();
        let opts = crate::report::PackOptions {
            out: dir.clone(),
            units: match self.province_code() {
                Some(code) => vec![code.to_owned()],
                None => Vec::new(),
            },
            lang: if self.lang().is_zh() {
                crate::render::Lang::Zh
            } else {
                crate::render::Lang::En
            },
            headers: crate::report::csv_text::Headers::Ids,
            excel: false,
        };
        let job = super::jobs::Job::spawn(self.ctx.clone(), move |progress| {
            let report = |done: usize, total: usize, _: &str| {
                progress.set(done as f64 / total.max(1) as f64);
            };
            Some(
                crate::report::write_pack(&data, &main, &compare, &opts, &report)
                    .map(|w| w.files.len()),
            )
        });
        self.report_job = Some((job, dir));
    }

    /// Whether a report pack is being written, and how far.
    pub fn report_progress(&self) -> Option<f64> {
        self.report_job.as_ref().map(|(j, _)| j.fraction())
    }

    /// Waits for a report pack being written (tests; the UI polls instead).
    pub fn finish_report(&mut self) {
        if let Some((job, dir)) = self.report_job.take() {
            let result = job.wait();
            self.report_done(result, &dir);
        }
    }

    fn report_done(&mut self, result: Option<Result<usize, String>>, dir: &std::path::Path) {
        let lang = self.lang();
        match result {
            Some(Ok(_)) => {
                self.notice = Some(tf(lang, T::Exported, &[&dir.display().to_string()]));
            }
            Some(Err(e)) => self.dialog = Some(Dialog::SaveFailed(e)),
            None => {}
        }
    }

    pub(super) fn poll_job(&mut self, _commands: &mut Vec<Command>) {
        if let Some((job, _)) = &self.report_job {
            match job.poll() {
                Poll::Running => {}
                Poll::Done(result) => {
                    if let Some((_, dir)) = self.report_job.take() {
                        self.report_done(Some(result), &dir);
                    }
                }
                Poll::Gone => self.report_job = None,
            }
        }
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

    fn add_batch(&mut self, batch: compare::Batch) {
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

    /// Waits for a running comparison batch (tests; the UI polls instead).
    pub fn finish_jobs(&mut self) {
        if let Some(job) = self.job.take()
            && let Some(batch) = job.wait()
        {
            self.add_batch(batch);
        }
    }
}
