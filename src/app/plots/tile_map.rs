//! The regional view (issue 11): a tile map of the 31 provinces (each a square in its rough
//! geographic place) coloured by a chosen metric in a year on a slider, and a transfers chart
//! (net pooling and adjustment-fund transfers per province, payers left, receivers right).
//! Hovering a tile shows its value, the backstop and the idle surplus held elsewhere in the
//! province (the cost of fragmentation); clicking selects the province. The map is a file
//! chart ([`tile_chart`], `render::Plot::Tiles`) painted by the scene backend (issue 20), so
//! its PNG/SVG export is the screen.

use crate::app::format;
use crate::app::i18n::{Lang, T, colon};
use crate::app::plots::chart_data::{ChartPanel, ChartView};
use crate::app::plots::scene_ui;
use crate::app::plots::tabs::{ChartTab, Tab, TabContext};
use crate::app::session::command::Command;
use crate::app::session::state::AppState;
use crate::app::yibao_app::{ViewState, YibaoApp};
use crate::model::{Fund, Projection, YearRow};
use eframe::egui;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, vec2};

/// (code, column, row) of each province on an 9 × 8 grid, roughly as on a map.
pub const TILES: [(&str, u8, u8); 31] = [
    ("HL", 8, 0),
    ("NM", 5, 1),
    ("BJ", 6, 1),
    ("LN", 7, 1),
    ("JL", 8, 1),
    ("XJ", 1, 2),
    ("GS", 3, 2),
    ("NX", 4, 2),
    ("SX", 5, 2),
    ("HE", 6, 2),
    ("TJ", 7, 2),
    ("QH", 2, 3),
    ("SN", 4, 3),
    ("HA", 5, 3),
    ("SD", 6, 3),
    ("XZ", 1, 4),
    ("SC", 3, 4),
    ("CQ", 4, 4),
    ("HB", 5, 4),
    ("AH", 6, 4),
    ("JS", 7, 4),
    ("SH", 8, 4),
    ("GZ", 4, 5),
    ("HN", 5, 5),
    ("JX", 6, 5),
    ("ZJ", 7, 5),
    ("YN", 3, 6),
    ("GX", 4, 6),
    ("GD", 5, 6),
    ("FJ", 6, 6),
    ("HI", 5, 7),
];

/// What the tiles show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapMetric {
    /// Months of reserve (the province grid's colour classes).
    Months,
    /// Expenditure paid per member, yuan.
    PerCapita,
    /// Backstop paid, 亿元.
    Backstop,
    /// Transfers in − out, 亿元.
    NetTransfers,
}

impl MapMetric {
    /// Every metric in menu order.
    pub const ALL: [MapMetric; 4] = [
        MapMetric::Months,
        MapMetric::PerCapita,
        MapMetric::Backstop,
        MapMetric::NetTransfers,
    ];

    fn label(self) -> T {
        match self {
            MapMetric::Months => T::MapMonths,
            MapMetric::PerCapita => T::MapPerCapita,
            MapMetric::Backstop => T::MapBackstop,
            MapMetric::NetTransfers => T::MapNetTransfers,
        }
    }

    /// The metric's value in a row (`None` when it is not defined).
    pub fn value(self, r: &YearRow) -> Option<f64> {
        match self {
            MapMetric::Months => r.months_of_reserve,
            MapMetric::PerCapita => Some(r.per_capita_expenditure_yuan),
            MapMetric::Backstop => Some(r.backstop),
            MapMetric::NetTransfers => Some(r.transfers_in - r.transfers_out),
        }
    }

    fn show(self, v: Option<f64>, lang: Lang) -> String {
        match (self, v) {
            (MapMetric::Months, v) => format::months(v, lang),
            (_, None) => "—".to_owned(),
            (MapMetric::PerCapita, Some(v)) => {
                format!("{} {}", format::grouped(v, 0), T::MapYuan.get(lang))
            }
            (MapMetric::NetTransfers, Some(v)) => {
                format!("{} {}", format::signed(v, 1), T::MapYi.get(lang))
            }
            (MapMetric::Backstop, Some(v)) => {
                format!("{} {}", format::grouped(v, 1), T::MapYi.get(lang))
            }
        }
    }
}

/// The tab.
pub struct TileMapTab;

impl ChartTab for TileMapTab {
    fn key(&self) -> Tab {
        Tab::Regions
    }
    fn label(&self) -> T {
        T::TabRegions
    }
    fn panels(&self, _state: &AppState, _view: &ChartView) -> Vec<ChartPanel> {
        Vec::new()
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        regions_ui(ui, cx.app, cx.view, cx.out);
    }
}

/// The value of a metric per province in a year, in [`TILES`] order.
pub fn tile_values(p: &Projection, fund: Fund, metric: MapMetric, year: i32) -> Vec<Option<f64>> {
    TILES
        .iter()
        .map(|(code, _, _)| {
            p.series(code, fund)
                .and_then(|s| s.row(year))
                .and_then(|r| metric.value(r))
        })
        .collect()
}

/// The metric and year the tile map shows (the year within the projection).
fn map_choice(app: &YibaoApp, choice: (MapMetric, Option<i32>)) -> (MapMetric, i32) {
    let p = &app.state().projection;
    let year = choice.1.unwrap_or(p.base_year + 8);
    (
        choice.0,
        year.clamp(p.base_year, p.horizon.max(p.base_year)),
    )
}

fn regions_ui(ui: &mut egui::Ui, app: &YibaoApp, view: &mut ViewState, out: &mut Vec<Command>) {
    let lang = app.lang();
    let p = &app.state().projection;
    let fund = app.fund();
    if p.series.is_empty() {
        crate::app::plots::charts::no_data_ui(ui, lang, ui.available_height() - 40.0);
        return;
    }
    let (mut metric, mut year) = map_choice(app, view.map);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(fund.label(lang.is_zh())).strong());
        egui::ComboBox::from_label(T::MapMetric.get(lang))
            .selected_text(metric.label().get(lang))
            .show_ui(ui, |ui| {
                for m in MapMetric::ALL {
                    ui.selectable_value(&mut metric, m, m.label().get(lang));
                }
            });
        ui.add(egui::Slider::new(&mut year, p.base_year..=p.horizon).text(T::MapYear.get(lang)));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            crate::app::plots::charts::chart_buttons_ui(ui, 0, true, lang, out);
        });
    });
    view.map = (metric, Some(year));
    let values = tile_values(p, fund, metric, year);
    let avail = ui.available_size();
    if avail.x < NARROW {
        // A narrow window (1024×700): the map takes the whole width, so that its names and
        // values stay legible, and the transfers table follows below it.
        map_ui(ui, app, p, fund, metric, year, &values, out);
        transfers_ui(ui, app, p, fund, year);
    } else {
        let map_w = (avail.x * 0.58).max(200.0);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(map_w);
                map_ui(ui, app, p, fund, metric, year, &values, out);
            });
            ui.vertical(|ui| transfers_ui(ui, app, p, fund, year));
        });
    }
    if p.series
        .iter()
        .any(|s| s.level == crate::model::Level::Subunit)
    {
        ui.label(
            egui::RichText::new(T::SyntheticNote.get(lang))
                .small()
                .weak(),
        );
    }
}

/// Below this width (points) the map and the transfers table stack instead of sharing a row.
const NARROW: f32 = 900.0;

/// A screen colour as the renderer's.
fn rc(c: Color32) -> crate::render::Color {
    crate::render::Color::rgb(c.r(), c.g(), c.b())
}

/// The tile map as its file draws it and the screen paints it: every province's tile in the
/// metric's colour with its short name (a code in English) and value, and the legend: the
/// months classes (as the province grid and the files), or samples of the scale from its low
/// to its high end (symmetric around zero for the diverging transfers scale) and "no value".
pub fn tile_chart(app: &YibaoApp, choice: (MapMetric, Option<i32>)) -> crate::render::Chart {
    let (metric, year) = map_choice(app, choice);
    let lang = app.lang();
    let state = app.state();
    let p = &state.projection;
    let fund = app.fund();
    let values = tile_values(p, fund, metric, year);
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let diverging = metric == MapMetric::NetTransfers;
    let color = |v: Option<f64>| match metric {
        MapMetric::Months => crate::render::palette::months_color(v),
        _ => rc(scale(v, lo, hi, diverging)),
    };
    let tiles = TILES
        .iter()
        .zip(&values)
        .map(|((code, col, row), v)| crate::render::Tile {
            name: app.unit_name(code),
            // Chinese names fit a tile; in English the province code does.
            label: if lang.is_zh() {
                app.unit_name(code).chars().take(3).collect()
            } else {
                (*code).to_owned()
            },
            value: *v,
            value_text: short(*v),
            col: *col,
            row: *row,
            fill: color(*v),
        })
        .collect();
    let legend = if metric == MapMetric::Months {
        crate::report::charts::months_classes(lang)
    } else if known.is_empty() {
        Vec::new()
    } else {
        let (from, to) = if diverging {
            let m = lo.abs().max(hi.abs());
            (-m, m)
        } else {
            (lo, hi)
        };
        let mut l: Vec<(String, crate::render::Color)> = (0..5)
            .map(|k| {
                let v = from + (to - from) * f64::from(k) / 4.0;
                (metric.show(Some(v), lang), color(Some(v)))
            })
            .collect();
        l.push((T::MapNoValue.get(lang).to_owned(), color(None)));
        l
    };
    let sep = lang.title_sep();
    let name = crate::app::session::changes::shown_title(&state.scenario.title, lang);
    let mut subtitle = if lang.is_zh() {
        format!("方案：{name}")
    } else {
        format!("Scenario: {name}")
    };
    if diverging {
        subtitle.push_str(if lang.is_zh() { "；" } else { "; " });
        subtitle.push_str(T::MapLegendDiverging.get(lang));
    }
    crate::render::Chart {
        title: format!(
            "{}{sep}{}{sep}{}",
            metric.label().get(lang),
            format::year(year, lang),
            fund.label(lang.is_zh())
        ),
        subtitle,
        footer: crate::report::footer(&state.dataset, &state.scenario, lang),
        lang,
        plot: crate::render::Plot::Tiles(crate::render::TilePlot {
            tiles,
            legend_title: format!(
                "{}{}{}",
                T::MapLegend.get(lang),
                colon(lang),
                metric.label().get(lang)
            ),
            legend,
            value_label: metric.label().get(lang).to_owned(),
        }),
    }
}

/// Colour of a value on a two-colour scale (`diverging`: 0 is white).
fn scale(v: Option<f64>, lo: f64, hi: f64, diverging: bool) -> Color32 {
    let Some(v) = v else {
        return Color32::from_gray(128);
    };
    let mix = |a: Color32, b: Color32, t: f64| {
        let t = t.clamp(0.0, 1.0) as f32;
        let c = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
        Color32::from_rgb(c(a.r(), b.r()), c(a.g(), b.g()), c(a.b(), b.b()))
    };
    let white = Color32::from_rgb(0xf7, 0xf7, 0xf7);
    let blue = Color32::from_rgb(0x21, 0x66, 0xac);
    let red = Color32::from_rgb(0xb2, 0x18, 0x2b);
    if diverging {
        let m = lo.abs().max(hi.abs()).max(1e-9);
        if v >= 0.0 {
            mix(white, blue, v / m)
        } else {
            mix(white, red, -v / m)
        }
    } else if hi > lo {
        mix(white, red, (v - lo) / (hi - lo))
    } else {
        white
    }
}

/// The tile map: [`tile_chart`] laid out by the renderer and painted by [`scene_ui`], so the
/// exported file is the screen. On top, for the screen: the selected province outlined, each
/// tile and legend entry named in full for screen readers (the tile shows a code in English),
/// the hovered tile's card (value, backstop, idle surplus) and a click selecting its province;
/// the regions are the scene's hit boxes and legend boxes.
#[allow(clippy::too_many_arguments)]
fn map_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    p: &Projection,
    fund: Fund,
    metric: MapMetric,
    year: i32,
    values: &[Option<f64>],
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    let chart = tile_chart(app, (metric, Some(year)));
    let avail = ui.available_size();
    let size = vec2(
        avail.x,
        (avail.x * crate::render::HEIGHT / crate::render::WIDTH)
            .min(avail.y - 30.0)
            .max(200.0),
    );
    let (response, scene, placed) =
        scene_ui::chart_ui_sense(ui, &chart, size, &chart.title, Sense::click());
    let painter = ui.painter_at(response.rect);
    let selected = app.unit();
    let mut hovered = None;
    for hit in &scene.hits {
        let i = hit.row;
        let Some((code, _, _)) = TILES.get(i) else {
            continue;
        };
        let r = placed.rect(hit.rect);
        if *code == selected {
            painter.rect_stroke(
                r,
                3.0,
                Stroke::new(2.5, ui.visuals().text_color()),
                egui::StrokeKind::Inside,
            );
        }
        if response.hover_pos().is_some_and(|h| r.contains(h)) {
            hovered = Some(i);
        }
        // Each tile carries its province's full name and value (screen readers, tests): the
        // tile itself shows a code in English.
        let tile_response = ui.interact(r, ui.scope_id().with(("tile", *code)), Sense::hover());
        let name = format!(
            "{}{}{}",
            app.unit_name(code),
            colon(lang),
            metric.show(values[i], lang)
        );
        tile_response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, name.clone())
        });
    }
    for (k, entry) in scene.legend.iter().enumerate() {
        let r = placed.rect(entry.rect);
        ui.interact(r, ui.scope_id().with(("map_legend", k)), Sense::hover())
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, entry.name.clone())
            });
    }
    if let Some(i) = hovered {
        let code = TILES[i].0;
        let frag = p
            .fragmentation
            .iter()
            .find(|f| f.unit == code && f.fund == fund && f.year == year);
        let mut text = format!(
            "{} {}{}{}",
            app.unit_name(code),
            format::year(year, lang),
            colon(lang),
            metric.show(values[i], lang)
        );
        if let Some(f) = frag {
            text.push_str(&format!(
                "\n{}{}{} {}\n{}{}{} {}",
                T::MapBackstop.get(lang),
                colon(lang),
                format::grouped(f.backstop, 1),
                T::MapYi.get(lang),
                T::IdleSurplus.get(lang),
                colon(lang),
                format::grouped(f.idle_surplus, 1),
                T::MapYi.get(lang),
            ));
        }
        if response.clicked() && code != selected {
            out.extend(crate::model::Unit::from_code(code).map(Command::SelectUnit));
        }
        response.on_hover_text_at_pointer(text);
    }
}

/// A tile's short value.
fn short(v: Option<f64>) -> String {
    match v {
        None => "—".to_owned(),
        Some(v) if v.abs() >= 100.0 => format::grouped(v, 0),
        Some(v) => format::grouped(v, 1),
    }
}

/// Net transfers per province in the year, sorted: payers (negative) first.
pub fn net_transfers(p: &Projection, fund: Fund, year: i32) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = TILES
        .iter()
        .filter_map(|(code, _, _)| {
            let r = p.series(code, fund)?.row(year)?;
            Some(((*code).to_owned(), r.transfers_in - r.transfers_out))
        })
        .collect();
    v.sort_by(|a, b| a.1.total_cmp(&b.1));
    v
}

fn transfers_ui(ui: &mut egui::Ui, app: &YibaoApp, p: &Projection, fund: Fund, year: i32) {
    let lang = app.lang();
    ui.label(
        egui::RichText::new(format!(
            "{} {}",
            T::TransfersTitle.get(lang),
            format::year(year, lang)
        ))
        .strong(),
    );
    let rows = net_transfers(p, fund, year);
    let max = rows.iter().map(|r| r.1.abs()).fold(0.0, f64::max);
    if max <= 0.0 {
        ui.label(egui::RichText::new(T::NoTransfers.get(lang)).weak());
        return;
    }
    let width = ui.available_width().clamp(160.0, 420.0);
    let row_h = ((ui.available_height() - 40.0) / rows.len() as f32).clamp(9.0, 16.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, row_h * rows.len() as f32), Sense::hover());
    let painter = ui.painter_at(rect);
    let name_w = if lang.is_zh() { 48.0 } else { 80.0 };
    let mid = rect.left() + name_w + (width - name_w) / 2.0;
    let half = (width - name_w) / 2.0 - 4.0;
    let text = ui.visuals().text_color();
    for (i, (code, v)) in rows.iter().enumerate() {
        let y = rect.top() + i as f32 * row_h;
        painter.text(
            Pos2::new(rect.left(), y + row_h / 2.0),
            Align2::LEFT_CENTER,
            app.unit_name(code),
            FontId::proportional((row_h - 3.0).clamp(8.0, 12.0)),
            text,
        );
        let len = (v.abs() / max) as f32 * half;
        let (x0, x1, color) = if *v < 0.0 {
            (mid - len, mid, Color32::from_rgb(0xb2, 0x18, 0x2b))
        } else {
            (mid, mid + len, Color32::from_rgb(0x21, 0x66, 0xac))
        };
        painter.rect_filled(
            Rect::from_min_max(Pos2::new(x0, y + 1.0), Pos2::new(x1, y + row_h - 1.0)),
            1.0,
            color,
        );
    }
    painter.line_segment(
        [Pos2::new(mid, rect.top()), Pos2::new(mid, rect.bottom())],
        Stroke::new(1.0, text),
    );
    ui.label(
        egui::RichText::new(T::TransfersLegend.get(lang))
            .small()
            .weak(),
    );
    // The adjustment funds' flows of the year, when there are any.
    let adj = match fund {
        Fund::Resident => Some(Fund::ResidentAdjustment),
        Fund::EmployeePooled => Some(Fund::EmployeeAdjustment),
        _ => None,
    };
    if let Some(adj) = adj {
        let (mut tin, mut tout, mut reserve) = (0.0, 0.0, 0.0);
        let mut any = false;
        for s in p.series.iter().filter(|s| s.fund == adj) {
            if let Some(r) = s.row(year) {
                tin += r.transfers_in;
                tout += r.transfers_out;
                reserve += r.balance;
                any = true;
            }
        }
        if any {
            ui.label(format!(
                "{}{}{} / {} / {} {}",
                adj.label(lang.is_zh()),
                colon(lang),
                format::grouped(tin, 1),
                format::grouped(tout, 1),
                format::grouped(reserve, 1),
                T::AdjustmentFlows.get(lang)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_has_one_tile_in_its_own_place() {
        for (i, (code, col, row)) in TILES.iter().enumerate() {
            assert!(crate::scenario::PROVINCE_CODES.contains(code), "{code}");
            assert!(*col < 9 && *row < 8);
            for (other, c, r) in TILES.iter().skip(i + 1) {
                assert_ne!(code, other);
                assert!((col, row) != (c, r), "{code} and {other} share a tile");
            }
        }
    }

    #[test]
    fn a_diverging_scale_is_white_at_zero_red_below_blue_above() {
        let zero = scale(Some(0.0), -1.0, 1.0, true);
        assert_eq!(zero, Color32::from_rgb(0xf7, 0xf7, 0xf7));
        let below = scale(Some(-1.0), -1.0, 1.0, true);
        let above = scale(Some(1.0), -1.0, 1.0, true);
        assert!(below.r() > below.b());
        assert!(above.b() > above.r());
    }
}
