//! The Heatmap tab (热力图): choose two levers, a grid size and a metric; compute on the worker
//! ([`crate::app::heatmap`]); the chart ([`crate::render::HeatPlot`]: cells, axis values, colour
//! legend, the current scenario's point) is laid out once by the renderer and painted on screen
//! by the scene backend ([`crate::app::plots::scene_ui`]), so the exported PNG/SVG is the
//! screen; a hover card per cell. This file only draws and pushes [`Command`]s.

use crate::app::format;
use crate::app::i18n::{Lang, T, tf};
use crate::app::plots::scene_ui;
use crate::app::plots::tabs::{ChartTab, Tab, TabContext};
use crate::app::session::command::Command;
use crate::app::session::heatmap::{HeatKey, HeatMetric, MAX_STEPS, MIN_STEPS, classes};
use crate::app::session::state::AppState;
use crate::app::theme;
use crate::app::yibao_app::YibaoApp;
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::model::heatmap::Heatmap;
use crate::model::solve::solvable;
use crate::model::{LEVERS, Lever, levers::LeverDef};
use crate::render::{Chart, HeatPlot, Plot};
use eframe::egui;

/// The registered tab.
pub struct HeatmapTab;

impl ChartTab for HeatmapTab {
    fn key(&self) -> Tab {
        Tab::Heatmap
    }
    fn label(&self) -> T {
        T::TabHeatmap
    }
    fn panels(
        &self,
        _state: &AppState,
        _view: &crate::app::ChartView,
    ) -> Vec<crate::app::plots::chart_data::ChartPanel> {
        Vec::new()
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        heatmap_ui(ui, cx.app, cx.out);
    }
}

/// An axis name with its unit: "居民个人缴费（元/年）".
fn axis_label(def: &LeverDef, lang: Lang) -> String {
    let unit = def.unit.label(lang.is_zh());
    match (unit.is_empty(), lang.is_zh()) {
        (true, _) => def.label(lang.is_zh()).to_owned(),
        (false, true) => format!("{}（{unit}）", def.label(true)),
        (false, false) => format!("{} ({unit})", def.label(false)),
    }
}

/// A cell's value as text: a year (or "not depleted by …"), or months.
fn value_text(metric: HeatMetric, v: f64, horizon: i32, lang: Lang) -> String {
    match metric {
        HeatMetric::Depletion if v > f64::from(horizon) => {
            tf(lang, T::HeatNever, &[&horizon.to_string()])
        }
        HeatMetric::Depletion => format::year(v as i32, lang),
        HeatMetric::Months(_) => format::grouped(v, 1),
    }
}

/// The metric's name.
fn metric_name(metric: HeatMetric, lang: Lang) -> String {
    match metric {
        HeatMetric::Depletion => T::HeatTitleDepletion.get(lang).to_owned(),
        HeatMetric::Months(y) => tf(lang, T::HeatTitleMonths, &[&y.to_string()]),
    }
}

/// The chart of a computed heatmap: axes in display units, the metric's colour classes, the
/// current scenario's point.
pub fn heat_plot(
    map: &Heatmap,
    metric: HeatMetric,
    horizon: i32,
    current: [f64; 2],
    lang: Lang,
) -> HeatPlot {
    let (dx, dy) = (map.x.lever.def(), map.y.lever.def());
    let (sx, sy) = (dx.unit.display_scale(), dy.unit.display_scale());
    HeatPlot {
        x_label: axis_label(dx, lang),
        y_label: axis_label(dy, lang),
        value_label: match metric {
            HeatMetric::Depletion => T::HeatDepletion.get(lang).to_owned(),
            HeatMetric::Months(y) => format!("{} {y}", T::HeatMonthsIn.get(lang)),
        },
        x: map.x.values.iter().map(|v| v * sx).collect(),
        y: map.y.values.iter().map(|v| v * sy).collect(),
        cells: map.cells.clone(),
        classes: classes(metric, horizon, lang.is_zh()),
        marker: Some((
            [current[0] * sx, current[1] * sy],
            T::HeatCurrent.get(lang).to_owned(),
        )),
    }
}

/// The current scenario's national values of the two levers in the first open year.
fn current_point(app: &YibaoApp, x: Lever, y: Lever) -> [f64; 2] {
    let levers = app.state().levers();
    let at = |l: Lever| levers.unit_in_year(l, None, FIRST_OPEN_YEAR);
    [at(x), at(y)]
}

/// The shown heatmap as a file chart (`None` when there is none for the current scenario,
/// unit and fund).
pub fn heatmap_chart(app: &YibaoApp) -> Option<Chart> {
    let state = app.state();
    let (key, Ok(map)) =
        app.heatmap
            .current(&state.scenario, app.unit(), app.fund(), state.data_id)?
    else {
        return None;
    };
    let lang = app.lang();
    let rlang = lang;
    let horizon = state.scenario.horizon;
    let sep = rlang.title_sep();
    let plot = heat_plot(
        map,
        key.spec.metric,
        horizon,
        current_point(app, key.spec.x, key.spec.y),
        lang,
    );
    Some(Chart {
        title: format!(
            "{}{sep}{}{sep}{}",
            metric_name(key.spec.metric, lang),
            app.unit_name(&key.unit),
            key.fund.label(lang.is_zh())
        ),
        subtitle: tf(
            lang,
            T::HeatNote,
            &[
                &FIRST_OPEN_YEAR.to_string(),
                &app.unit_name(&key.unit),
                key.fund.label(lang.is_zh()),
            ],
        ),
        footer: crate::report::footer(&state.dataset, &state.scenario, rlang),
        lang: rlang,
        plot: Plot::Heat(plot),
    })
}

/// Draws the tab.
pub fn heatmap_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    let zh = lang.is_zh();
    let horizon = app.state().scenario.horizon;
    let mut spec = app.heatmap.spec.clone();
    ui.horizontal_wrapped(|ui| {
        for (name, lever, salt) in [
            (T::HeatX, &mut spec.x, "heat_x"),
            (T::HeatY, &mut spec.y, "heat_y"),
        ] {
            let label = ui.label(name.get(lang));
            egui::ComboBox::from_id_salt(salt)
                .selected_text(lever.def().label(zh))
                .width(180.0)
                .show_ui(ui, |ui| {
                    for d in LEVERS.iter().filter(|d| solvable(d.lever)) {
                        ui.selectable_value(lever, d.lever, d.label(zh));
                    }
                })
                .response
                .labelled_by(label.id);
        }
        let label = ui.label(T::HeatSteps.get(lang));
        ui.add(
            egui::DragValue::new(&mut spec.steps)
                .range(MIN_STEPS..=MAX_STEPS)
                .speed(0.2)
                .custom_formatter(|v, _| format!("{v:.0}×{v:.0}")),
        )
        .labelled_by(label.id);
        ui.separator();
        let is_depletion = spec.metric == HeatMetric::Depletion;
        if ui.radio(is_depletion, T::HeatDepletion.get(lang)).clicked() {
            spec.metric = HeatMetric::Depletion;
        }
        let mut year = match spec.metric {
            HeatMetric::Months(y) => y,
            HeatMetric::Depletion => 2035.min(horizon),
        };
        let radio = ui.radio(!is_depletion, T::HeatMonthsIn.get(lang));
        let field = ui
            .add(
                egui::DragValue::new(&mut year)
                    .range(FIRST_OPEN_YEAR..=horizon.max(FIRST_OPEN_YEAR))
                    .speed(0.2),
            )
            .labelled_by(radio.id);
        if radio.clicked() || field.changed() {
            spec.metric = HeatMetric::Months(year);
        }
    });
    if spec != app.heatmap.spec {
        out.push(Command::SetHeatmapSpec(spec.clone()));
    }
    ui.horizontal(|ui| {
        let same = spec.x == spec.y;
        let busy = app.heatmap.is_busy();
        if ui
            .add_enabled(!same && !busy, egui::Button::new(T::HeatCompute.get(lang)))
            .clicked()
        {
            out.push(Command::RunHeatmap);
        }
        if same {
            ui.colored_label(theme::DANGER, T::HeatSameLever.get(lang));
        }
        if let Some(f) = app.heatmap.progress() {
            ui.add(
                egui::ProgressBar::new(f as f32)
                    .desired_width(160.0)
                    .show_percentage(),
            );
            if ui.button(T::Cancel.get(lang)).clicked() {
                out.push(Command::CancelHeatmap);
            }
        }
    });
    let unit_name = app.unit_name(app.unit());
    ui.label(
        egui::RichText::new(tf(
            lang,
            T::HeatNote,
            &[
                &FIRST_OPEN_YEAR.to_string(),
                &unit_name,
                app.fund().label(zh),
            ],
        ))
        .small()
        .weak(),
    );
    ui.separator();
    let state = app.state();
    match app
        .heatmap
        .current(&state.scenario, app.unit(), app.fund(), state.data_id)
    {
        Some((key, Ok(map))) => {
            if let Some(chart) = heatmap_chart(app) {
                export_row_ui(ui, &chart, lang, out);
            }
            // One colour everywhere: say so, or it reads as a result.
            if map.cells.windows(2).all(|w| w[0] == w[1]) {
                ui.colored_label(theme::DANGER, T::HeatFlat.get(lang));
            }
            grid_ui(ui, app, key, map, lang);
        }
        Some((_, Err(e))) => {
            ui.colored_label(theme::DANGER, e);
        }
        None if app.heatmap.result.is_some() => {
            // The old grid answered another scenario, region, fund or data: not shown.
            if crate::app::panels::target_form::outdated_ui(ui, lang, T::RunAgain) {
                out.push(Command::RunHeatmap);
            }
        }
        None => {
            ui.label(egui::RichText::new(T::HeatEmpty.get(lang)).weak());
        }
    }
}

/// Copy and export buttons of the shown heatmap.
fn export_row_ui(ui: &mut egui::Ui, chart: &Chart, lang: Lang, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&chart.title).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            crate::app::plots::charts::chart_buttons_ui(ui, 0, true, lang, out);
        });
    });
}

/// The heatmap as its file draws it (the chart of [`heatmap_chart`] laid out by the renderer
/// and painted by [`crate::app::plots::scene_ui`]), with the hover card of the cell under the
/// pointer.
fn grid_ui(ui: &mut egui::Ui, app: &YibaoApp, key: &HeatKey, map: &Heatmap, lang: Lang) {
    let horizon = app.state().scenario.horizon;
    let metric = key.spec.metric;
    let Some(chart) = heatmap_chart(app) else {
        return;
    };
    let Plot::Heat(plot) = &chart.plot else {
        return;
    };
    let avail = ui.available_size();
    let size = egui::vec2(avail.x.max(300.0), (avail.y - 8.0).max(240.0));
    let title = metric_name(metric, lang);
    let (response, scene, placed) = scene_ui::chart_ui(ui, &chart, size, &title);
    let painter = ui.painter_at(response.rect);
    // Hover: the cell under the pointer, outlined, and its lever values and metric.
    let (nx, ny) = (plot.x.len().max(1), plot.y.len().max(1));
    let area = placed.rect(scene.plot);
    let (cw, ch) = (area.width() / nx as f32, area.height() / ny as f32);
    if let Some(pos) = response.hover_pos()
        && area.contains(pos)
        && map.cells.len() == nx * ny
    {
        let ix = (((pos.x - area.min.x) / cw) as usize).min(nx - 1);
        let iy = (((area.max.y - pos.y) / ch) as usize).min(ny - 1);
        if let (Some(x), Some(y), Some(v)) =
            (plot.x.get(ix), plot.y.get(iy), plot.cells.get(iy * nx + ix))
        {
            let cell = egui::Rect::from_min_size(
                egui::pos2(
                    area.min.x + ix as f32 * cw,
                    area.max.y - (iy + 1) as f32 * ch,
                ),
                egui::vec2(cw, ch),
            );
            painter.rect_stroke(
                cell,
                0.0,
                egui::Stroke::new(2.0, egui::Color32::BLACK),
                egui::StrokeKind::Inside,
            );
            let tick = |v: f64| {
                if (v - v.round()).abs() < 1e-9 || v.abs() >= 100.0 {
                    format::grouped(v, 0)
                } else {
                    format::grouped(v, 2)
                }
            };
            let text = tf(
                lang,
                T::HeatHover,
                &[
                    &plot.x_label,
                    &tick(*x),
                    &plot.y_label,
                    &tick(*y),
                    &plot.value_label,
                    &value_text(metric, *v, horizon, lang),
                ],
            );
            response.on_hover_text_at_pointer(text);
        }
    }
}
