//! Drawing chart panels with egui_plot: lines (baseline faint behind the scenario), the 6–9
//! month band, reference lines, hover labels with units, and the burden bars.

use super::chart_data::{ChartPanel, ChartView, LineKind, QUINTILE_LABELS, burden_at};
use super::command::Command;
use super::export_chart::{self, ChartFormat};
use super::format::{self, Quantity};
use super::i18n::{Lang, T, colon};
use super::prefs::Tab;
use super::theme;
use super::yibao_app::{ViewState, YibaoApp};
use eframe::egui;
use egui_plot::{
    Bar, BarChart, Corner, GridInput, HLine, HoverPosition, Legend, Line, LineStyle, Plot, Polygon,
    uniform_grid_spacer,
};

/// Draws a tab's panels: up to three stacked, more in a grid of two columns.
pub fn panels_ui(
    ui: &mut egui::Ui,
    panels: &[ChartPanel],
    lang: Lang,
    tab: Tab,
    out: &mut Vec<Command>,
) {
    let gap = ui.spacing().item_spacing.y;
    let title_height = 22.0;
    if panels.len() >= 4 {
        let rows = panels.len().div_ceil(2) as f32;
        let height = ((ui.available_height() - rows * gap) / rows - title_height).max(120.0);
        for row in panels.chunks(2) {
            ui.columns(2, |columns| {
                for (col, panel) in columns.iter_mut().zip(row) {
                    let n = panels
                        .iter()
                        .position(|p| std::ptr::eq(p, panel))
                        .unwrap_or(0);
                    plot_panel_ui(
                        col,
                        panel,
                        lang,
                        (tab, &panel.title),
                        height,
                        Some((n, out)),
                    );
                }
            });
        }
    } else {
        let n = panels.len().max(1) as f32;
        let height = ((ui.available_height() - gap * n) / n - title_height).max(120.0);
        for (n, panel) in panels.iter().enumerate() {
            plot_panel_ui(ui, panel, lang, (tab, &panel.title), height, Some((n, out)));
        }
    }
}

/// The hover text of a point: series, year and value with its unit.
fn hover_text(q: Quantity, lang: Lang, pos: &HoverPosition<'_>) -> Option<String> {
    let (name, p) = match pos {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => (*plot_name, *position),
        HoverPosition::Elsewhere { position } => ("", *position),
    };
    let year = format::year(p.x.round() as i32, lang);
    let value = q.with_unit(p.y / q.scale(lang), lang);
    Some(if name.is_empty() {
        format!("{year}\n{value}")
    } else {
        format!("{name}\n{year}{}{value}", colon(lang))
    })
}

/// A plot with year ticks on x and grouped numbers on y.
fn base_plot<'a>(
    id: impl std::hash::Hash + std::fmt::Debug,
    q: Quantity,
    lang: Lang,
    height: f32,
) -> Plot<'a> {
    Plot::new(id)
        .height(height)
        .legend(Legend::default().position(Corner::LeftTop))
        .label_formatter(move |pos| hover_text(q, lang, pos))
        .x_axis_formatter(|mark, _| {
            if mark.value.fract().abs() < 1e-9 {
                format!("{}", mark.value as i32)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(move |mark, _| {
            format::grouped(mark.value, if q == Quantity::MoneyYi { 0 } else { 1 })
        })
        .y_axis_min_width(48.0)
        .allow_scroll(false)
}

/// Draws one panel with its title and unit.
pub fn plot_panel_ui(
    ui: &mut egui::Ui,
    panel: &ChartPanel,
    lang: Lang,
    id: impl std::hash::Hash + std::fmt::Debug,
    height: f32,
    actions: Option<(usize, &mut Vec<Command>)>,
) {
    let q = panel.quantity;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&panel.title).strong());
        ui.label(egui::RichText::new(format!("（{}）", q.unit(lang))).weak());
        if let Some((n, out)) = actions
            && !panel.is_empty()
        {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                export_buttons_ui(ui, panel, n, lang, out);
            });
        }
    });
    if panel.is_empty() {
        no_data_ui(ui, lang, height);
        return;
    }
    let scale = q.scale(lang);
    base_plot(id, q, lang, height)
        .legend(
            Legend::default()
                .position(legend_corner(panel))
                .follow_insertion_order(true),
        )
        .show(ui, |plot| {
            let (x0, x1) = year_range(panel);
            if let Some((name, lo, hi)) = &panel.band {
                // A polygon rather than a `Span`: it has a legend entry but no label over the plot.
                plot.polygon(
                    Polygon::new(
                        name.as_str(),
                        vec![[x0, *lo], [x1, *lo], [x1, *hi], [x0, *hi]],
                    )
                    .fill_color(theme::band_fill())
                    .stroke(egui::Stroke::new(0.0, theme::GOOD))
                    .allow_hover(false),
                );
            }
            for (name, lo, hi) in &panel.references {
                if (hi - lo).abs() < 1e-9 {
                    plot.add(
                        HLine::new(name.as_str(), *lo)
                            .color(theme::REFERENCE)
                            .style(LineStyle::dashed_loose()),
                    );
                } else {
                    plot.polygon(
                        Polygon::new(
                            name.as_str(),
                            vec![[x0, *lo], [x1, *lo], [x1, *hi], [x0, *hi]],
                        )
                        .fill_color(theme::faint(theme::REFERENCE))
                        .stroke(egui::Stroke::new(0.0, theme::REFERENCE))
                        .allow_hover(false),
                    );
                }
            }
            if panel.zero_line {
                plot.add(
                    HLine::new("", 0.0)
                        .color(theme::faint(theme::REFERENCE))
                        .allow_hover(false),
                );
            }
            for line in &panel.lines {
                let points: Vec<[f64; 2]> =
                    line.points.iter().map(|[x, y]| [*x, y * scale]).collect();
                let (width, style) = match line.kind {
                    LineKind::Baseline => (1.5, LineStyle::Solid),
                    LineKind::Scenario => (2.5, LineStyle::Solid),
                    LineKind::Compare(_) => (2.0, LineStyle::dashed_dense()),
                };
                plot.line(
                    Line::new(line.name.as_str(), points)
                        .color(line.color)
                        .width(width)
                        .style(style),
                );
            }
        });
}

/// Export and copy buttons of a panel (right to left).
pub fn export_buttons_ui(
    ui: &mut egui::Ui,
    panel: &ChartPanel,
    n: usize,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    if ui.small_button(T::CopyImage.get(lang)).clicked() {
        out.push(Command::CopyChartImage(n));
    }
    if ui
        .small_button(T::CopyData.get(lang))
        .on_hover_text(T::CopyDataHint.get(lang))
        .clicked()
    {
        out.push(Command::CopyText(export_chart::panel_tsv(panel)));
    }
    for format in ChartFormat::ALL.iter().rev() {
        if ui
            .small_button(format.label())
            .on_hover_text(T::ExportHint.get(lang))
            .clicked()
        {
            out.push(Command::ExportChartDialog(n, *format));
        }
    }
}

/// The placeholder of a panel without data.
pub fn no_data_ui(ui: &mut egui::Ui, lang: Lang, height: f32) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_min_size(egui::vec2(ui.available_width(), height - 12.0));
        ui.centered_and_justified(|ui| {
            ui.label(egui::RichText::new(T::NoData.get(lang)).weak());
        });
    });
}

/// The burden tab: bars by quintile in a chosen year (baseline beside scenario), and the lowest
/// and highest quintiles over time.
pub fn burden_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    chart: &ChartView,
    view: &mut ViewState,
    panels: &[ChartPanel],
    out: &mut Vec<Command>,
) {
    let lang = chart.lang;
    let state = app.state();
    let first = state.projection.base_year;
    let last = state.projection.horizon.max(first);
    view.burden_year = view.burden_year.clamp(first, last);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(T::SBurden.get(lang)).strong());
        ui.label(egui::RichText::new(format!("（{}）", Quantity::Percent.unit(lang))).weak());
        ui.add_space(16.0);
        let label = ui.label(T::BurdenYear.get(lang));
        ui.add(
            egui::DragValue::new(&mut view.burden_year)
                .range(first..=last)
                .speed(0.1),
        )
        .labelled_by(label.id);
    });
    let height = ((ui.available_height() - 60.0) / 2.0).max(120.0);
    let scenario = burden_at(&state.projection, &chart.unit, view.burden_year);
    let baseline = burden_at(&state.baseline, &chart.unit, view.burden_year);
    match scenario {
        None => no_data_ui(ui, lang, height),
        Some(values) => {
            let bars = |values: [f64; 5], offset: f64, faint: bool| -> Vec<Bar> {
                values
                    .iter()
                    .enumerate()
                    .map(|(q, v)| {
                        let color = theme::QUINTILES[q];
                        Bar::new(q as f64 + offset, v * 100.0)
                            .width(0.36)
                            .name(QUINTILE_LABELS[q].get(lang))
                            .fill(if faint { theme::faint(color) } else { color })
                    })
                    .collect()
            };
            let format_bar = move |bar: &Bar, _: &BarChart| {
                format!(
                    "{}\n{}",
                    bar.name,
                    Quantity::Percent.with_unit(bar.value / 100.0, lang)
                )
            };
            base_plot("burden_bars", Quantity::Percent, lang, height)
                .x_grid_spacer(uniform_grid_spacer(|_: GridInput| [1.0, 5.0, 10.0]))
                .x_axis_formatter(move |mark, _| {
                    let q = mark.value.round();
                    if (mark.value - q).abs() < 1e-9 && (0.0..5.0).contains(&q) {
                        QUINTILE_LABELS[q as usize].get(lang).to_owned()
                    } else {
                        String::new()
                    }
                })
                .show(ui, |plot| {
                    if let Some(base) = baseline {
                        plot.bar_chart(
                            BarChart::new(T::Baseline.get(lang), bars(base, -0.19, true))
                                .element_formatter(Box::new(format_bar)),
                        );
                    }
                    plot.bar_chart(
                        BarChart::new(T::Current.get(lang), bars(values, 0.19, false))
                            .element_formatter(Box::new(format_bar)),
                    );
                });
        }
    }
    for (n, panel) in panels.iter().enumerate() {
        plot_panel_ui(
            ui,
            panel,
            lang,
            ("burden", &panel.title),
            height,
            Some((n, &mut *out)),
        );
    }
}

/// First and last year any line of the panel covers.
fn year_range(panel: &ChartPanel) -> (f64, f64) {
    let xs = panel
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p[0]));
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }
}

/// The legend goes where the scenario's line leaves room: top left when it ends higher than it
/// starts, else top right.
fn legend_corner(panel: &ChartPanel) -> Corner {
    let rising = panel
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Scenario)
        .and_then(|l| Some(l.points.last()?[1] >= l.points.first()?[1]))
        .unwrap_or(true);
    if rising {
        Corner::LeftTop
    } else {
        Corner::RightTop
    }
}
