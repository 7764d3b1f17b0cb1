//! The screen backend of the chart description ([`crate::report::spec::ChartPanel`]): each
//! panel's lines, band, references, shade, marker and published years drawn with egui_plot
//! (hover, zoom), in the names, colours and strokes the files use, with the files' legend
//! ([`crate::render::LinePlot::legend`]) as a row above the plot; and the burden bars.

use crate::app::format::{self, Quantity};
use crate::app::i18n::{Lang, T, colon};
use crate::app::io::file_dialog::PathPurpose;
use crate::app::plots::chart_data::{ChartPanel, ChartView, burden_at, text};
use crate::app::plots::export_chart::ChartFormat;
use crate::app::session::command::Command;
use crate::app::session::prefs::Tab;
use crate::app::theme::{self, c32};
use crate::app::yibao_app::{ViewState, YibaoApp};
use crate::render::ticks::{AxisUnit, format_fixed, nice_ticks, tick_decimals};
use crate::render::{Key, Stroke};
use eframe::egui;
use egui_plot::{
    Bar, BarChart, GridInput, GridMark, HLine, HoverPosition, Line, LineStyle, Plot, Polygon,
    VLine, uniform_grid_spacer,
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
    // The title row and the legend row above each plot.
    let title_height = 44.0;
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
    let axis_unit = PanelAxis::of(panel, lang).unit;
    let unit_text = crate::app::i18n::parens(lang, &axis_unit);
    match actions {
        Some((n, out)) if !panel.is_empty() => {
            title_row_ui(
                ui,
                &panel.title,
                Some(&unit_text),
                Some((n, true, out)),
                lang,
            );
        }
        _ => title_row_ui(ui, &panel.title, Some(&unit_text), None, lang),
    }
    if panel.is_empty() {
        no_data_ui(ui, lang, height);
        return;
    }
    legend_row_ui(ui, panel);
    let axis = PanelAxis::of(panel, lang);
    let scale = axis.factor;
    let hover_lines: Vec<(String, Vec<[f64; 2]>)> = panel
        .lines
        .iter()
        .map(|l| (l.name.clone(), l.points.clone()))
        .collect();
    let unit = axis.unit.clone();
    // While another widget (a lever's slider) is dragged, the y range of the previous frame is
    // held so the axis does not rescale on every frame; auto bounds return on release.
    let hold_key = egui::Id::unique(("yibao_y_hold", format!("{id:?}")));
    let prev: Option<YHold> = ui.ctx().data(|d| d.get_temp(hold_key));
    let dragged = ui.ctx().dragged_id();
    let other_drag = dragged.is_some() && dragged != prev.map(|h| h.own);
    let mut held = false;
    // The data's own y range (drawn units): a held range widens to it, so that a line never
    // leaves the plot during a drag.
    let data_y = data_y_range(panel, scale);
    let shown = base_plot(id, q, lang, height)
        .label_formatter(move |pos| Some(snapped_hover(&hover_lines, pos, scale, &unit, lang)))
        .y_axis_formatter(move |mark, _| {
            format_fixed(mark.value, tick_decimals(&[0.0, mark.step_size]))
        })
        .y_grid_spacer(round_ticks)
        // Stocks and flows start at zero unless the user zooms.
        .include_y(0.0)
        .show(ui, |plot| {
            match prev {
                Some(h) if other_drag && (h.held || plot.auto_bounds().y) => {
                    let [lo, hi] = widened(h.y, data_y);
                    plot.set_plot_bounds_y(lo..=hi);
                    held = true;
                }
                Some(h) if h.held => plot.set_auto_bounds([true, true]),
                _ => {}
            }
            let (x0, x1) = year_range(panel);
            let spec = panel.line_plot();
            if let Some(span) = &spec.published {
                plot.span(
                    // No name over the plot: a narrow shaded span would cut it ("已…"); the
                    // legend row above names it in full.
                    egui_plot::Span::new("", span.first..=span.last)
                        .fill(c32(span.color))
                        .border_width(0.0),
                );
            }
            if let Some(b) = &spec.band {
                // A polygon rather than a `Span`: it has a legend entry but no label over the plot.
                plot.polygon(
                    Polygon::new(
                        b.name.as_str(),
                        vec![[x0, b.lo], [x1, b.lo], [x1, b.hi], [x0, b.hi]],
                    )
                    .fill_color(theme::band_fill())
                    .stroke(egui::Stroke::new(0.0, c32(b.color)))
                    .allow_hover(false),
                );
            }
            for r in &spec.references {
                if (r.hi - r.lo).abs() < 1e-9 {
                    plot.add(
                        HLine::new(r.name.as_str(), r.lo)
                            .color(c32(r.color))
                            .style(LineStyle::dashed_loose()),
                    );
                } else {
                    plot.polygon(
                        Polygon::new(
                            r.name.as_str(),
                            vec![[x0, r.lo], [x1, r.lo], [x1, r.hi], [x0, r.hi]],
                        )
                        .fill_color(c32(r.color.alpha(0.25)))
                        .stroke(egui::Stroke::new(1.0, c32(r.color)))
                        .allow_hover(false),
                    );
                }
            }
            for a in &spec.areas {
                let area: Vec<[f64; 3]> = a
                    .points
                    .iter()
                    .map(|[x, u, l]| [*x, u * scale, l * scale])
                    .collect();
                fill_between(plot, &a.name, &area, c32(a.color), c32(a.color));
            }
            for m in &spec.markers {
                plot.add(
                    VLine::new(m.label.as_str(), m.x)
                        .color(c32(m.color))
                        .style(LineStyle::dashed_dense()),
                );
            }
            if spec.zero_line {
                plot.add(
                    HLine::new("", 0.0)
                        .color(theme::faint(theme::REFERENCE))
                        .allow_hover(false),
                );
            }
            for s in &spec.series {
                let points: Vec<[f64; 2]> = s.points.iter().map(|[x, y]| [*x, y * scale]).collect();
                let (width, style) = screen_stroke(s.stroke);
                let color = c32(crate::report::spec::drawn_color(s.color, s.stroke));
                plot.line(
                    Line::new(s.name.as_str(), points)
                        .color(color)
                        .width(width)
                        .style(style),
                );
            }
        });
    let bounds = shown.transform.bounds();
    let y = if held {
        prev.map_or([bounds.min()[1], bounds.max()[1]], |h| widened(h.y, data_y))
    } else {
        [bounds.min()[1], bounds.max()[1]]
    };
    let hold = YHold {
        y,
        held,
        own: shown.response.id,
    };
    ui.ctx().data_mut(|d| d.insert_temp(hold_key, hold));
}

/// Width and style of a stroke on screen.
fn screen_stroke(stroke: Stroke) -> (f32, LineStyle) {
    match stroke {
        Stroke::Faint => (1.5, LineStyle::Solid),
        Stroke::FaintDashed => (1.5, LineStyle::dashed_loose()),
        Stroke::Solid => (2.5, LineStyle::Solid),
        Stroke::Dashed => (2.0, LineStyle::dashed_loose()),
    }
}

/// The legend of a panel as a row above the plot, so it never covers the data: the entries
/// of the file's legend ([`crate::render::LinePlot::legend`]), a swatch in each item's colour
/// (a dash for dashed lines) and its full name, in drawing order.
fn legend_row_ui(ui: &mut egui::Ui, panel: &ChartPanel) {
    let items = panel.line_plot().legend();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 12.0;
        for e in items {
            legend_entry_ui(ui, e.key, c32(e.color), &e.name);
        }
    });
}

/// One legend entry: its swatch and whole name in one block, so that a row too short for it
/// moves the whole entry to the next row instead of breaking the name.
pub fn legend_entry_ui(ui: &mut egui::Ui, key: Key, color: egui::Color32, name: &str) {
    let swatch_rect = legend_block(ui, 16.0, name);
    let y = swatch_rect.center().y;
    let painter = ui.painter();
    match key {
        Key::Line(stroke) if stroke.is_dashed() => {
            for i in 0..3 {
                let x = swatch_rect.left() + i as f32 * 6.0;
                painter.line_segment(
                    [egui::pos2(x, y), egui::pos2(x + 3.5, y)],
                    egui::Stroke::new(2.0, color),
                );
            }
        }
        Key::Line(_) => {
            painter.line_segment(
                [
                    egui::pos2(swatch_rect.left(), y),
                    egui::pos2(swatch_rect.right(), y),
                ],
                egui::Stroke::new(2.5, color),
            );
        }
        Key::Box => {
            painter.rect_filled(swatch_rect.shrink2(egui::vec2(0.0, 2.0)), 1.0, color);
        }
    }
}

/// The lowest and highest y of a panel's series and areas, in drawn units (`None` without
/// data).
fn data_y_range(panel: &ChartPanel, scale: f64) -> Option<[f64; 2]> {
    let spec = panel.line_plot();
    let ys = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p[1]))
        .chain(
            spec.areas
                .iter()
                .flat_map(|a| a.points.iter().flat_map(|p| [p[1], p[2]])),
        )
        .map(|y| y * scale)
        .filter(|y| y.is_finite());
    ys.fold(None, |acc: Option<[f64; 2]>, y| {
        Some(acc.map_or([y, y], |[lo, hi]| [lo.min(y), hi.max(y)]))
    })
}

/// A held y range widened to take in the data (with a small margin), so that the axes stay still
/// while the lines stay inside them, and grow only when a line would leave the plot.
pub fn widened(held: [f64; 2], data: Option<[f64; 2]>) -> [f64; 2] {
    let Some([lo, hi]) = data else {
        return held;
    };
    let margin = 0.05 * (hi - lo).abs().max(held[1] - held[0]).max(1e-9);
    [
        if lo < held[0] { lo - margin } else { held[0] },
        if hi > held[1] { hi + margin } else { held[1] },
    ]
}

/// The y range a chart holds while a slider is dragged, and whether it held it this frame.
#[derive(Clone, Copy, Debug)]
struct YHold {
    y: [f64; 2],
    held: bool,
    own: egui::Id,
}

/// The width of a text in a style, on one line (what a widget needs to show it whole).
pub fn text_width(ui: &egui::Ui, text: impl Into<egui::WidgetText>, style: egui::TextStyle) -> f32 {
    text.into()
        .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
        .size()
        .x
}

/// A chart's title row: the title and its unit on the left, the copy and export buttons of
/// chart `n` (with 复制数据 when `data`) on the right. The buttons fold into a menu when the
/// row is short; when even the menu does not fit beside the title, the title wraps on a line
/// of its own above the buttons. Nothing is shortened or drawn past the column.
pub fn title_row_ui(
    ui: &mut egui::Ui,
    title: &str,
    unit: Option<&str>,
    buttons: Option<(usize, bool, &mut Vec<Command>)>,
    lang: Lang,
) {
    let gap = ui.spacing().item_spacing.x;
    let title_w = text_width(
        ui,
        egui::RichText::new(title).strong(),
        egui::TextStyle::Body,
    ) + unit.map_or(0.0, |u| {
        gap + text_width(ui, egui::RichText::new(u).weak(), egui::TextStyle::Body)
    });
    let menu_w = buttons.as_ref().map_or(0.0, |_| {
        text_width(
            ui,
            egui::RichText::new(T::ChartMenu.get(lang)),
            egui::TextStyle::Button,
        ) + ui.spacing().button_padding.x * 2.0
            + gap
            + 16.0
    });
    let labels = |ui: &mut egui::Ui| {
        ui.add(egui::Label::new(egui::RichText::new(title).strong()).wrap());
        if let Some(u) = unit {
            ui.add(egui::Label::new(egui::RichText::new(u).weak()).wrap());
        }
    };
    if title_w + menu_w <= ui.available_width() {
        ui.horizontal(|ui| {
            labels(ui);
            if let Some((n, data, out)) = buttons {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    chart_buttons_ui(ui, n, data, lang, out);
                });
            }
        });
    } else {
        ui.horizontal_wrapped(|ui| labels(ui));
        if let Some((n, data, out)) = buttons {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                chart_buttons_ui(ui, n, data, lang, out);
            });
        }
    }
}

/// Copy and export buttons of chart `n` of the tab, right to left (call inside a
/// right-to-left layout): 复制图片, 复制数据 when `data` (it copies the chart as a table for
/// spreadsheets, [`Command::CopyChartData`]), then one button per file format.
pub fn chart_buttons_ui(
    ui: &mut egui::Ui,
    n: usize,
    data: bool,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    // The buttons' width: their texts, padding and gaps. When the row has less room, they fold
    // into one menu instead of pushing the title or the window's edge.
    let texts: Vec<&str> = [T::CopyImage.get(lang)]
        .into_iter()
        .chain(data.then(|| T::CopyData.get(lang)))
        .chain(ChartFormat::ALL.iter().map(|f| f.label()))
        .collect();
    let pad = ui.spacing().button_padding.x * 2.0 + ui.spacing().item_spacing.x;
    let need: f32 = texts
        .iter()
        .map(|t| {
            egui::WidgetText::from(*t)
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Button,
                )
                .size()
                .x
                + pad
        })
        .sum();
    if need > ui.available_width() - 8.0 {
        ui.menu_button(T::ChartMenu.get(lang), |ui| {
            chart_button_list_ui(ui, n, data, lang, out);
        })
        .response
        .on_hover_text(T::ChartMenuHint.get(lang));
    } else {
        chart_button_list_ui(ui, n, data, lang, out);
    }
}

/// The buttons of [`chart_buttons_ui`], in a row or in its menu.
fn chart_button_list_ui(
    ui: &mut egui::Ui,
    n: usize,
    data: bool,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    if ui.small_button(T::CopyImage.get(lang)).clicked() {
        out.push(Command::CopyChartImage(n));
        ui.close();
    }
    if data
        && ui
            .small_button(T::CopyData.get(lang))
            .on_hover_text(T::CopyDataHint.get(lang))
            .clicked()
    {
        out.push(Command::CopyChartData(n));
        ui.close();
    }
    for format in ChartFormat::ALL.iter().rev() {
        if ui
            .small_button(format.label())
            .on_hover_text(T::ExportHint.get(lang))
            .clicked()
        {
            out.push(Command::PickPath(PathPurpose::ExportChart(n, *format)));
            ui.close();
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
        ui.label(egui::RichText::new(text::burden(lang)).strong());
        ui.label(
            egui::RichText::new(crate::app::i18n::parens(lang, Quantity::Percent.unit(lang)))
                .weak(),
        );
        ui.add_space(16.0);
        let label = ui.label(T::BurdenYear.get(lang));
        ui.add(
            egui::DragValue::new(&mut view.burden_year)
                .range(first..=last)
                .speed(0.1),
        )
        .labelled_by(label.id);
        // The bars export as the chart after the line panels (see `YibaoApp::export_chart`).
        let bars = panels.len();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            chart_buttons_ui(ui, bars, false, lang, out);
        });
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
                            .name(text::quintile(lang, q))
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
            // The legend above the plot, in the bars' own colours: each entry a swatch of the
            // five quintile colours, faint for the baseline, full for the scenario.
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 12.0;
                if baseline.is_some() {
                    quintile_legend_ui(ui, true, text::baseline(lang));
                }
                quintile_legend_ui(ui, false, text::current(lang));
            });
            base_plot("burden_bars", Quantity::Percent, lang, height)
                .x_grid_spacer(uniform_grid_spacer(|_: GridInput| [1.0, 5.0, 10.0]))
                .x_axis_formatter(move |mark, _| {
                    let q = mark.value.round();
                    if (mark.value - q).abs() < 1e-9 && (0.0..5.0).contains(&q) {
                        text::quintile(lang, q as usize).to_owned()
                    } else {
                        String::new()
                    }
                })
                .show(ui, |plot| {
                    if let Some(base) = baseline {
                        plot.bar_chart(
                            BarChart::new(text::baseline(lang), bars(base, -0.19, true))
                                .element_formatter(Box::new(format_bar)),
                        );
                    }
                    plot.bar_chart(
                        BarChart::new(text::current(lang), bars(values, 0.19, false))
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

/// A legend entry of the burden bars: five stripes in the quintiles' colours (faint for the
/// baseline's bars) and the name.
fn quintile_legend_ui(ui: &mut egui::Ui, faint: bool, name: &str) {
    let swatch = legend_block(ui, 25.0, name);
    for (q, color) in theme::QUINTILES.iter().enumerate() {
        let x = swatch.left() + q as f32 * 5.0;
        let stripe = egui::Rect::from_min_size(egui::pos2(x, swatch.top()), egui::vec2(5.0, 10.0));
        let color = if faint { theme::faint(*color) } else { *color };
        ui.painter().rect_filled(stripe, 0.0, color);
    }
}

/// One legend entry's block: room for a swatch `swatch_width` wide and 10 high and the small
/// `name` after it, allocated whole (an entry moves to the next row whole) and labelled for
/// accessibility. Paints the name; returns the swatch's rectangle for the caller to paint.
fn legend_block(ui: &mut egui::Ui, swatch_width: f32, name: &str) -> egui::Rect {
    let galley = egui::WidgetText::from(egui::RichText::new(name).small()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let swatch = egui::vec2(swatch_width, 10.0);
    let size = egui::vec2(
        swatch.x + 4.0 + galley.size().x,
        galley.size().y.max(swatch.y),
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, galley.text())
    });
    let text_pos = egui::pos2(
        rect.left() + swatch.x + 4.0,
        rect.center().y - galley.size().y / 2.0,
    );
    ui.painter()
        .galley(text_pos, galley, ui.visuals().text_color());
    egui::Rect::from_center_size(
        egui::pos2(rect.left() + swatch.x / 2.0, rect.center().y),
        swatch,
    )
}

/// The unit a panel's values are shown in: money from 1 万亿 on in 万亿元 (trillion yuan), as in
/// the exported charts; other quantities in their usual unit.
pub struct PanelAxis {
    /// Shown = stored × factor.
    pub factor: f64,
    /// Unit label.
    pub unit: String,
}

impl PanelAxis {
    /// The axis of a panel: the unit the files' axis of the same panel uses.
    pub fn of(panel: &ChartPanel, lang: Lang) -> PanelAxis {
        let max = panel
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p[1].abs()))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let u = AxisUnit::for_values(panel.quantity, lang, max);
        PanelAxis {
            factor: u.factor,
            unit: u.label.to_owned(),
        }
    }
}

/// Round-number grid lines (1, 2, 2.5, 5 × 10ⁿ, 4–6 of them) inside the visible range.
fn round_ticks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let ticks = nice_ticks(lo, hi);
    let step = match ticks.as_slice() {
        [a, b, ..] => b - a,
        _ => 1.0,
    };
    ticks
        .into_iter()
        .filter(|t| *t >= lo - 1e-9 * step && *t <= hi + 1e-9 * step)
        .map(|value| GridMark {
            value,
            step_size: step,
        })
        .collect()
}

/// The hover readout snapped to the nearest year: the year, then every series' value in it.
pub fn snapped_hover(
    lines: &[(String, Vec<[f64; 2]>)],
    pos: &HoverPosition<'_>,
    scale: f64,
    unit: &str,
    lang: Lang,
) -> String {
    let x = match pos {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => {
            position.x
        }
    };
    let year = x.round();
    let mut out = format::year(year as i32, lang);
    for (name, points) in lines {
        if name.is_empty() {
            continue;
        }
        if let Some(p) = points.iter().find(|p| (p[0] - year).abs() < 1e-9) {
            out.push('\n');
            out.push_str(&format!(
                "{name}{}{} {unit}",
                colon(lang),
                format::grouped(p[1] * scale, 2)
            ));
        }
    }
    out
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

/// Fills the area between two curves, `[x, upper, lower]` per point, as one trapezoid per
/// interval: the plot fills convex polygons only, and the area between two curves is seldom
/// convex. The trapezoids share one name, so the legend shows one entry (in `legend` colour).
pub fn fill_between(
    plot: &mut egui_plot::PlotUi<'_>,
    name: &str,
    area: &[[f64; 3]],
    fill: egui::Color32,
    legend: egui::Color32,
) {
    for w in area.windows(2) {
        let ([x0, u0, l0], [x1, u1, l1]) = (w[0], w[1]);
        plot.polygon(
            Polygon::new(name, vec![[x0, l0], [x1, l1], [x1, u1], [x0, u0]])
                .fill_color(fill)
                .stroke(egui::Stroke::new(0.0, legend))
                .allow_hover(false),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::plots::chart_data::{LineKind, PlotMetric};

    #[test]
    fn hover_snaps_to_the_nearest_year_and_lists_every_series() {
        let lines = vec![
            ("A".to_owned(), vec![[2030.0, 1.0], [2031.0, 2.0]]),
            ("B".to_owned(), vec![[2030.0, 10.0], [2031.0, 20.0]]),
        ];
        let pos = HoverPosition::Elsewhere {
            position: egui_plot::PlotPoint::new(2030.6, 99.0),
        };
        let text = snapped_hover(&lines, &pos, 1.0, "亿元", Lang::Zh);
        assert_eq!(text, "2031年\nA：2.00 亿元\nB：20.00 亿元");
    }

    #[test]
    fn grid_marks_are_round_and_few() {
        for bounds in [(0.0, 598_396.8), (-3.2, 27.3), (0.0, 0.087)] {
            let marks = round_ticks(GridInput {
                bounds,
                base_step_size: 1e-6,
            });
            assert!(
                (3..=6).contains(&marks.len()),
                "{bounds:?}: {}",
                marks.len()
            );
            for m in &marks {
                let k = m.value / m.step_size;
                assert!((k - k.round()).abs() < 1e-6, "{bounds:?}: {}", m.value);
            }
        }
    }

    #[test]
    fn money_from_one_wanyi_is_shown_in_wanyi() {
        let panel = |y: f64| ChartPanel {
            title: String::new(),
            quantity: Quantity::MoneyYi,
            lines: vec![crate::app::plots::chart_data::ChartLine {
                name: "x".to_owned(),
                metric: PlotMetric::Balance,
                kind: LineKind::Scenario,
                color: crate::render::palette::SCENARIO,
                points: vec![[2030.0, y]],
            }],
            band: None,
            references: Vec::new(),
            zero_line: false,
            shade: None,
            marker: None,
            published: None,
        };
        let big = PanelAxis::of(&panel(598_396.8), Lang::Zh);
        assert_eq!((big.unit.as_str(), big.factor), ("万亿元", 1e-4));
        let small = PanelAxis::of(&panel(9_000.0), Lang::Zh);
        assert_eq!((small.unit.as_str(), small.factor), ("亿元", 1.0));
        let en = PanelAxis::of(&panel(598_396.8), Lang::En);
        assert_eq!(en.unit, "trillion yuan");
    }
}

#[cfg(test)]
mod hold_tests {
    use super::widened;

    #[test]
    fn a_held_range_widens_to_keep_the_lines_inside() {
        // The data inside: the range stays as it was.
        assert_eq!(widened([0.0, 10.0], Some([1.0, 9.0])), [0.0, 10.0]);
        // A line leaving the top (a drag raised it to 14): the top follows, the bottom stays.
        let [lo, hi] = widened([0.0, 10.0], Some([1.0, 14.0]));
        assert_eq!(lo, 0.0);
        assert!(hi > 14.0, "{hi}");
        // And the bottom.
        let [lo, hi] = widened([0.0, 10.0], Some([-3.0, 9.0]));
        assert!(lo < -3.0 && hi == 10.0, "{lo} {hi}");
        assert_eq!(widened([0.0, 10.0], None), [0.0, 10.0]);
    }
}
