//! Commands that export: chart files, the clipboard (image or table), the report pack and the
//! briefing (the last two written on a worker, one at a time).

use crate::app::i18n::{T, tf};
use crate::app::plots::export_chart::{self, ChartFormat};
use crate::app::session::command::Command;
use crate::app::session::jobs::Poll;
use crate::app::yibao_app::{Dialog, YibaoApp};
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl YibaoApp {
    /// Applies a command of the exports group; the others are routed elsewhere by
    /// [`YibaoApp::apply`].
    pub(super) fn apply_exports(&mut self, command: Command) {
        let lang = self.lang();
        match command {
            Command::ExportChart(n, format, path) => self.export_chart_to(n, format, &path),
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
            Command::CopyChartData(n) => match self.chart_sheet(n) {
                Some(text) => self.apply(Command::CopyText(text)),
                None => self.notice = Some(T::NoData.get(lang).to_owned()),
            },
            Command::CopyText(text) => {
                if let Some(ctx) = &self.ctx {
                    ctx.copy_text(text);
                    self.notice = Some(T::CopiedData.get(lang).to_owned());
                }
            }
            Command::ExportReport(dir) => {
                // The next export starts beside this pack.
                self.prefs.export_dir = folder_of(&dir);
                self.start_report(dir);
            }
            Command::ExportBriefing(path) => self.start_briefing(path),
            _ => {}
        }
    }

    /// Writes panel `n` of the current tab (the province grid for the Provinces tab) to
    /// `path`; the next export starts in its folder.
    fn export_chart_to(&mut self, n: usize, format: ChartFormat, path: &Path) {
        let lang = self.lang();
        match self.export_chart(n) {
            Some(chart) => match export_chart::write_chart(&chart, format, path) {
                Ok(()) => {
                    self.notice = Some(tf(lang, T::Exported, &[&path.display().to_string()]));
                    self.prefs.export_dir = folder_of(path);
                }
                Err(e) => self.dialog = Some(Dialog::SaveFailed(e)),
            },
            None => self.notice = Some(T::NoData.get(lang).to_owned()),
        }
    }

    /// What the first line of a copied table names: the working scenario, the selected
    /// region, `fund` (when the table reads one) and the footer with the hash.
    pub fn sheet_head(&self, fund: Option<crate::model::Fund>) -> export_chart::SheetHead {
        let lang = self.lang();
        export_chart::SheetHead {
            scenario: self.state.scenario.title.clone(),
            region: self.unit_name(self.unit()),
            fund: fund.map(|f| f.label(lang.is_zh()).to_owned()),
            footer: crate::report::footer(&self.state.dataset, &self.state.scenario, lang),
        }
    }

    /// Panel `n` of the current tab as a table for spreadsheets (what 复制数据 copies);
    /// `None` when there is nothing to copy.
    pub fn chart_sheet(&self, n: usize) -> Option<String> {
        let chart = self.export_chart(n)?;
        let fund = match self.prefs.tab {
            crate::app::plots::tabs::Tab::Provinces
            | crate::app::plots::tabs::Tab::Heatmap
            | crate::app::plots::tabs::Tab::Regions
            | crate::app::plots::tabs::Tab::Decompose
            | crate::app::plots::tabs::Tab::Uncertainty => Some(self.fund()),
            _ => {
                let view = self.chart_view();
                let panels =
                    crate::app::plots::chart_data::chart_data(&self.state, self.prefs.tab, &view);
                match panels.get(n) {
                    Some(panel) => {
                        let mut funds = panel
                            .lines
                            .iter()
                            .filter(|l| !l.metric.is_national_gap())
                            .map(|l| l.metric.fund(view.fund));
                        let first = funds.next();
                        first.filter(|f| funds.all(|g| g == *f))
                    }
                    // The burden bars: residents' premiums.
                    None => Some(crate::model::Fund::Resident),
                }
            }
        };
        Some(export_chart::sheet_tsv(
            &chart,
            &self.sheet_head(fund),
            self.lang(),
        ))
    }

    /// The file chart of panel `n` of the current tab: exactly the plotted series; for the
    /// Provinces tab the province grid of the selected fund.
    pub fn export_chart(&self, n: usize) -> Option<crate::render::Chart> {
        let view = self.chart_view();
        let tab = self.prefs.tab;
        if tab == crate::app::plots::tabs::Tab::Provinces {
            return Some(export_chart::grid_chart(self));
        }
        if tab == crate::app::plots::tabs::Tab::Heatmap {
            return crate::app::panels::heatmap_ui::heatmap_chart(self);
        }
        if tab == crate::app::plots::tabs::Tab::Regions {
            return (n == 0).then(|| crate::app::plots::tile_map::tile_chart(self, self.view.map));
        }
        if tab == crate::app::plots::tabs::Tab::Decompose {
            return crate::app::panels::decompose_ui::decompose_chart(self);
        }
        if tab == crate::app::plots::tabs::Tab::Uncertainty {
            return crate::app::panels::uncertainty_ui::uncertainty_chart(self, n);
        }
        let panels = crate::app::plots::chart_data::chart_data(&self.state, tab, &view);
        // The burden tab's bars come after its line panels.
        if tab == crate::app::plots::tabs::Tab::Burden && n == panels.len() {
            return Some(export_chart::burden_bars_chart(self, self.view.burden_year));
        }
        let panel = panels.get(n)?;
        if panel.is_empty() {
            return None;
        }
        // The fund the lines read, when they all read one: a file must say which.
        let mut name = self.unit_name(&view.unit);
        if let Some(f) = panel.fund(view.fund) {
            let sep = view.lang.title_sep();
            name = format!("{name}{sep}{}", f.label(view.lang.is_zh()));
        }
        Some(export_chart::panel_chart(
            panel,
            &name,
            &self.state.scenario,
            &self.state.dataset,
            view.lang,
        ))
    }

    /// The working scenario and the compared ones, as a report or briefing shows them.
    fn report_runs(&self) -> (crate::report::Projected, Vec<crate::report::Projected>) {
        let main = crate::report::Projected {
            scenario: self.state.scenario.clone(),
            projection: self.state.projection.clone(),
        };
        // The pack always shows the current-law baseline (现行政策基准) beside the scenario; a
        // compared entry that is that baseline (pinned while the working scenario was current
        // law, or opened from a file) is left out so that it is not named twice. The entry's
        // own scenario goes along under its legend name, so the pack's assumptions are its own.
        let baseline = crate::report::baseline_for(&main.scenario);
        let compare = self
            .state
            .compare
            .iter()
            .filter(|e| !crate::report::same_policy(&e.scenario, &baseline))
            .map(|e| crate::report::Projected {
                scenario: crate::model::Scenario {
                    title: e.name.clone(),
                    ..e.scenario.clone()
                },
                projection: e.projection.clone(),
            })
            .collect();
        (main, compare)
    }

    /// Writes the briefing (.docx) on a worker thread (it shares the report's slot: one
    /// export at a time, with the same progress and notice).
    fn start_briefing(&mut self, path: PathBuf) {
        if self.report_job.is_some() || self.refuse_failed() {
            return;
        }
        let data = Arc::clone(&self.state.dataset);
        let (main, compare) = self.report_runs();
        let lang = self.lang();
        let target = path.clone();
        let job = crate::app::session::jobs::Job::spawn(self.ctx.clone(), move |progress| {
            progress.set(0.1);
            // The same optional sections as `yibao report --docx`: the treasury's view and the
            // reform decomposition (on this worker; a second or two for ten changes).
            let baseline = match crate::report::projected(
                &data,
                crate::report::baseline_for(&main.scenario),
            ) {
                Ok(baseline) => baseline,
                Err(e) => return Some(Err(format!("the current-law baseline: {e}"))),
            };
            let extras = crate::report::briefing::Extras {
                fiscal: crate::report::sections::fiscal(&main, &baseline, lang),
                decomposition: crate::report::sections::decomposition(&data, &main, lang),
            };
            progress.set(0.5);
            Some(
                crate::report::briefing::write_briefing(
                    &target,
                    &data,
                    &main,
                    &compare,
                    lang,
                    crate::report::briefing::Date::today(),
                    &extras,
                )
                .map(|()| 1),
            )
        });
        self.report_job = Some((job, path));
    }

    /// Starts writing the report pack on a worker thread (one at a time).
    fn start_report(&mut self, dir: PathBuf) {
        if self.report_job.is_some() || self.refuse_failed() {
            return;
        }
        let data = Arc::clone(&self.state.dataset);
        let (main, compare) = self.report_runs();
        let opts = crate::report::PackOptions {
            out: dir.clone(),
            units: match self.province_code() {
                Some(code) => vec![code.to_owned()],
                None => Vec::new(),
            },
            lang: self.lang(),
            headers: crate::report::csv_text::Headers::Ids,
            excel: false,
        };
        let job = crate::app::session::jobs::Job::spawn(self.ctx.clone(), move |progress| {
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

    /// Whether the working scenario has no projection to export (its calibration failed): then
    /// the error shows, naming the cause, and nothing is written.
    fn refuse_failed(&mut self) -> bool {
        let Some(e) = &self.state.failure else {
            return false;
        };
        self.dialog = Some(Dialog::SaveFailed(e.to_string()));
        true
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

    fn report_done(&mut self, result: Option<Result<usize, String>>, dir: &Path) {
        let lang = self.lang();
        match result {
            Some(Ok(_)) => {
                self.notice = Some(tf(lang, T::Exported, &[&dir.display().to_string()]));
            }
            Some(Err(e)) => self.dialog = Some(Dialog::SaveFailed(e)),
            None => {}
        }
    }

    /// Picks up the report pack or briefing when it is written.
    pub(super) fn poll_report(&mut self) {
        let Some((job, _)) = &self.report_job else {
            return;
        };
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
}

/// The folder of `path`, where the next export starts (`None` for a bare name).
fn folder_of(path: &Path) -> Option<PathBuf> {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
}
