//! The Decomposition tab (改革分解, issue 22): choose a metric (and its year) and a seed;
//! compute on the worker ([`crate::app::decompose`]); draw the waterfall from the baseline's
//! value through each change's contribution to the scenario's with egui_plot bars, and the
//! table of contributions; export as PNG/SVG/CSV through the chart renderer's waterfall
//! ([`crate::report::decompose::waterfall`]). This file only draws and pushes [`Command`]s.

use crate::app::format;
use crate::app::i18n::{Lang, T, tf};
use crate::app::plots::tabs::{ChartTab, Tab, TabContext};
use crate::app::session::command::Command;
use crate::app::session::decompose::{DecKey, DecMetric};
use crate::app::session::state::AppState;
use crate::app::theme;
use crate::app::yibao_app::YibaoApp;
use crate::model::decompose::{Decomposition, Method, changes};
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::render::Chart;
use eframe::egui;
use egui_plot::{Bar, BarChart, Corner, GridInput, Legend, Plot, uniform_grid_spacer};

/// The registered tab.
pub struct DecomposeTab;

impl ChartTab for DecomposeTab {
    fn key(&self) -> Tab {
        Tab::Decompose
    }
    fn label(&self) -> T {
        T::TabDecompose
    }
    fn panels(
        &self,
        _state: &AppState,
        _view: &crate::app::ChartView,
    ) -> Vec<crate::app::plots::chart_data::ChartPanel> {
        Vec::new()
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        decompose_ui(ui, cx.app, cx.out);
    }
}

/// The shown decomposition as a file chart (`None` when there is none for the current
/// scenario, unit and fund).
pub fn decompose_chart(app: &YibaoApp) -> Option<Chart> {
    let state = app.state();
    let (_, Ok(d)) = app
        .decompose
        .current(&state.scenario, app.unit(), app.fund())?
    else {
        return None;
    };
    Some(crate::report::decompose::waterfall(
        &state.dataset,
        &state.scenario,
        d,
        app.lang(),
    ))
}

/// Decimals of the metric's numbers as shown.
fn decimals(d: &Decomposition) -> usize {
    use crate::model::metric::Measure;
    match d.metric.measure {
        Measure::Depletion => 2,
        Measure::Backstop(_) | Measure::Balance(_) => 1,
        Measure::Months(_) | Measure::MinMonths(_) => 2,
        Measure::Burden(_) => 5,
    }
}

/// Draws the tab.
pub fn decompose_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    let horizon = app.state().scenario.horizon;
    let mut spec = app.decompose.spec.clone();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(T::DecMetric.get(lang));
        let year = spec.metric.year().unwrap_or(2035.min(horizon));
        let kinds = [
            (T::DecMonths, DecMetric::Months(year)),
            (T::DecDepletion, DecMetric::Depletion),
            (T::DecBackstop, DecMetric::Backstop(year)),
            (T::DecBurden, DecMetric::Burden(year)),
        ];
        let current = kinds
            .iter()
            .find(|(_, m)| std::mem::discriminant(m) == std::mem::discriminant(&spec.metric))
            .map_or(T::DecMonths, |(t, _)| *t);
        egui::ComboBox::from_id_salt("decompose_metric")
            .selected_text(current.get(lang))
            .width(200.0)
            .show_ui(ui, |ui| {
                for (t, m) in kinds {
                    ui.selectable_value(&mut spec.metric, m, t.get(lang));
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(mut y) = spec.metric.year() {
            let label = ui.label(T::DecYear.get(lang));
            if ui
                .add(
                    egui::DragValue::new(&mut y)
                        .range(FIRST_OPEN_YEAR..=horizon.max(FIRST_OPEN_YEAR))
                        .speed(0.2),
                )
                .labelled_by(label.id)
                .changed()
            {
                spec.metric = spec.metric.with_year(y);
            }
        }
        let label = ui.label(T::DecSeed.get(lang));
        ui.add(egui::DragValue::new(&mut spec.seed).speed(0.2))
            .labelled_by(label.id);
    });
    if spec != app.decompose.spec {
        out.push(Command::SetDecomposeSpec(spec.clone()));
    }
    let no_change = changes(&app.state().scenario).is_empty();
    ui.horizontal(|ui| {
        let busy = app.decompose.is_busy();
        if ui
            .add_enabled(
                !busy && !no_change,
                egui::Button::new(T::DecCompute.get(lang)),
            )
            .clicked()
        {
            out.push(Command::RunDecompose);
        }
        if let Some(f) = app.decompose.progress() {
            ui.add(
                egui::ProgressBar::new(f as f32)
                    .desired_width(160.0)
                    .show_percentage(),
            );
            if ui.button(T::Cancel.get(lang)).clicked() {
                out.push(Command::CancelDecompose);
            }
        }
    });
    ui.label(
        egui::RichText::new(tf(
            lang,
            T::DecNote,
            &[&app.unit_name(app.unit()), app.fund().label(lang.is_zh())],
        ))
        .small()
        .weak(),
    );
    ui.separator();
    if no_change {
        ui.label(egui::RichText::new(T::DecNoChange.get(lang)).weak());
        return;
    }
    let state = app.state();
    match app
        .decompose
        .current(&state.scenario, app.unit(), app.fund())
    {
        Some((key, Ok(d))) => result_ui(ui, app, key, d, lang, out),
        Some((_, Err(e))) => {
            ui.colored_label(theme::DANGER, e);
        }
        None if app.decompose.result.is_some() => {
            ui.label(egui::RichText::new(T::DecStale.get(lang)).weak());
        }
        None => {
            ui.label(egui::RichText::new(T::DecEmpty.get(lang)).weak());
        }
    }
}

/// The title with the export buttons, the waterfall and the table.
fn result_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    _key: &DecKey,
    d: &Decomposition,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let chart = decompose_chart(app);
    let zh = lang.is_zh();
    let metric = crate::report::decompose::metric_label(d, lang);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(tf(lang, T::DecTitle, &[&metric])).strong());
        if chart.is_some() {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                crate::app::plots::charts::chart_buttons_ui(ui, 0, true, lang, out);
            });
        }
    });
    let dec = decimals(d);
    let method = match d.method {
        Method::Exact { subsets } => tf(lang, T::DecExact, &[&subsets.to_string()]),
        Method::Sampled {
            permutations, seed, ..
        } => tf(
            lang,
            T::DecSampled,
            &[&permutations.to_string(), &seed.to_string()],
        ),
    };
    ui.label(format!(
        "{} {} → {} {}（{}）· {method}",
        T::DecBaseline.get(lang),
        format::grouped(d.baseline, dec),
        T::DecScenario.get(lang),
        format::grouped(d.scenario, dec),
        format::signed(d.total(), dec),
    ));
    if d.censored.0 || d.censored.1 {
        ui.label(
            egui::RichText::new(tf(
                lang,
                T::DecCensored,
                &[&(d.horizon + 1).to_string(), &d.horizon.to_string()],
            ))
            .small()
            .weak(),
        );
    }
    let names = crate::report::unit_names(&app.state().dataset);
    let province = |code: &str| crate::report::unit_name(&names, code, lang);
    let labels: Vec<String> = std::iter::once(T::DecBaseline.get(lang).to_owned())
        .chain(d.parts.iter().map(|p| p.change.label(zh, &province)))
        .chain(std::iter::once(T::DecScenario.get(lang).to_owned()))
        .collect();
    // Room for every row's name on the value axis (egui_plot drops crowded labels).
    let height = (ui.available_height() * 0.6).max(labels.len() as f32 * 26.0 + 60.0);
    egui::ScrollArea::vertical()
        .id_salt("decompose_result")
        .show(ui, |ui| {
            waterfall_ui(ui, d, &labels, height, lang);
            egui::Grid::new("decompose_grid")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for t in [
                        T::DecChange,
                        T::DecContribution,
                        T::DecStdError,
                        T::DecAlone,
                    ] {
                        ui.label(egui::RichText::new(t.get(lang)).strong());
                    }
                    ui.end_row();
                    for (p, label) in d.parts.iter().zip(&labels[1..]) {
                        ui.label(label);
                        ui.label(format::signed(p.contribution, dec));
                        ui.label(if p.std_error > 0.0 {
                            format::grouped(p.std_error, dec)
                        } else {
                            "—".to_owned()
                        });
                        ui.label(format::signed(p.alone, dec));
                        ui.end_row();
                    }
                    ui.label(egui::RichText::new(T::DecTotal.get(lang)).strong());
                    ui.label(egui::RichText::new(format::signed(d.total(), dec)).strong());
                    ui.label("");
                    ui.label("");
                    ui.end_row();
                });
        });
}

/// The waterfall as horizontal egui_plot bars: totals from the axis's start, steps floating
/// from the running total, first row on top.
fn waterfall_ui(ui: &mut egui::Ui, d: &Decomposition, labels: &[String], height: f32, lang: Lang) {
    let mut ends = vec![d.baseline, d.scenario];
    let mut at = d.baseline;
    for p in &d.parts {
        at += p.contribution;
        ends.push(at);
    }
    let lo = ends.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = (hi - lo).max(hi.abs().max(1.0) * 1e-6) * 0.15;
    let origin = if lo >= 0.0 && lo - pad <= 0.0 {
        0.0
    } else {
        lo - pad
    };
    let n = labels.len();
    // Row k (0 = baseline) sits at y = n − k.
    let bar = |k: usize, from: f64, to: f64, color: egui::Color32| {
        Bar::new((n - k) as f64, to - from)
            .base_offset(from)
            .name(&labels[k])
            .fill(color)
            .width(0.7)
    };
    let mut totals = vec![bar(0, origin, d.baseline, theme::SCENARIO)];
    let (mut up, mut down) = (Vec::new(), Vec::new());
    let mut at = d.baseline;
    for (i, p) in d.parts.iter().enumerate() {
        let b = bar(
            i + 1,
            at,
            at + p.contribution,
            if p.contribution >= 0.0 {
                theme::INCOME
            } else {
                theme::EXPENDITURE
            },
        );
        if p.contribution >= 0.0 {
            up.push(b);
        } else {
            down.push(b);
        }
        at += p.contribution;
    }
    totals.push(bar(n - 1, origin, d.scenario, theme::SCENARIO));
    let names = labels.to_vec();
    let (t_up, t_down, t_total) = (
        T::DecUp.get(lang),
        T::DecDown.get(lang),
        T::DecEnds.get(lang),
    );
    Plot::new("decompose_waterfall")
        .height(height)
        .legend(Legend::default().position(Corner::RightBottom))
        .y_axis_formatter(move |m, _| {
            let k = m.value.round();
            if (m.value - k).abs() < 1e-6 && k >= 1.0 && (k as usize) <= n {
                names[n - k as usize].clone()
            } else {
                String::new()
            }
        })
        // A mark at every row, so that every row shows its name.
        .y_grid_spacer(uniform_grid_spacer(|_: GridInput| [1.0, 5.0, 10.0]))
        .y_axis_min_width(140.0)
        .include_x(origin)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(t_total, totals)
                    .horizontal()
                    .color(theme::SCENARIO),
            );
            plot.bar_chart(BarChart::new(t_up, up).horizontal().color(theme::INCOME));
            plot.bar_chart(
                BarChart::new(t_down, down)
                    .horizontal()
                    .color(theme::EXPENDITURE),
            );
        });
}
