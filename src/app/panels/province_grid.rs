//! The province grid: 31 provinces × years, each cell coloured by months of reserve with the
//! 6–9 month target band in green; hover for the value, click a province to select it. The
//! grid is the exported chart's scene (issue 20) painted by [`scene_ui`]; the sortable table
//! is its alternative view.

use crate::app::format;
use crate::app::i18n::{T, colon, tf};
use crate::app::plots::scene_ui;
use crate::app::session::command::Command;
use crate::app::yibao_app::{ViewState, YibaoApp};
use crate::model::Projection;
use eframe::egui;
use egui::{Sense, Stroke, vec2};

/// Months of reserve by province (rows, data order) and year (columns) of the selected fund.
pub fn grid_values(app: &YibaoApp, p: &Projection) -> Vec<(String, Vec<Option<f64>>)> {
    let fund = app.fund();
    app.state()
        .dataset
        .provinces
        .iter()
        .filter_map(|prov| {
            let series = p.series(&prov.code, fund)?;
            let months = series.rows.iter().map(|r| r.months_of_reserve).collect();
            Some((prov.code.clone(), months))
        })
        .collect()
}

/// Draws the grid.
pub fn province_grid_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    let p = &app.state().projection;
    let rows = grid_values(app, p);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.province_table, false, T::GridView.get(lang));
        ui.selectable_value(&mut view.province_table, true, T::TableView.get(lang));
        ui.add_space(8.0);
        ui.label(egui::RichText::new(app.fund().label(lang.is_zh())).strong());
        ui.label(egui::RichText::new(T::GridHint.get(lang)).weak());
        if !rows.is_empty() {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                grid_buttons_ui(ui, app, out);
            });
        }
    });
    if rows.is_empty() {
        crate::app::plots::charts::no_data_ui(ui, lang, ui.available_height() - 40.0);
        return;
    }
    if view.province_table {
        table_ui(ui, app, view, out);
        return;
    }
    grid_scene_ui(ui, app, &rows, out);
}

/// The grid as its file draws it: the report's chart
/// ([`crate::report::charts::Context::province_grid`]) laid out by the renderer and painted
/// by [`scene_ui`], its legend the file's. On top, for
/// the screen only: the selected province's row outlined, the hovered cell outlined with the
/// province, year and months in a card; a click on a row (cell or name) selects its province.
/// The regions come from the scene's hit boxes.
fn grid_scene_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    rows: &[(String, Vec<Option<f64>>)],
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    let (chart, codes) = crate::app::plots::export_chart::grid_chart_codes(app);
    let avail = ui.available_size();
    // Below this height the 31 rows' names would overlap: the grid scrolls instead.
    let size = vec2(avail.x.max(300.0), (avail.y - 8.0).max(GRID_MIN_HEIGHT));
    egui::ScrollArea::vertical()
        .id_salt("province_grid_scene")
        .show(ui, |ui| {
            let (response, scene, placed) =
                scene_ui::chart_ui_sense(ui, &chart, size, &chart.title, Sense::click());
            let painter = ui.painter_at(response.rect);
            let text_color = ui.visuals().text_color();
            let row_rect = |row: usize| {
                scene
                    .hits
                    .iter()
                    .filter(|h| h.row == row)
                    .map(|h| placed.rect(h.rect))
                    .reduce(|a, b| a.union(b))
            };
            let selected = app.unit();
            if let Some(row) = codes.iter().position(|c| c == selected)
                && let Some(r) = row_rect(row)
            {
                painter.rect_stroke(
                    r,
                    2.0,
                    Stroke::new(2.0, text_color),
                    egui::StrokeKind::Inside,
                );
            }
            let Some(pos) = response.hover_pos() else {
                return;
            };
            let (x, y) = placed.to_scene(pos);
            let Some(hit) = scene.hit_at(x, y) else {
                return;
            };
            let Some(code) = codes.get(hit.row) else {
                return;
            };
            let months = rows
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, m)| m.as_slice())
                .unwrap_or_default();
            let text = match hit.col.and_then(|c| months.get(c).map(|m| (c, *m))) {
                Some((c, m)) => {
                    painter.rect_stroke(
                        placed.rect(hit.rect),
                        0.0,
                        Stroke::new(2.0, egui::Color32::BLACK),
                        egui::StrokeKind::Inside,
                    );
                    format!(
                        "{} {}{}{}",
                        app.unit_name(code),
                        format::year(app.state().projection.base_year + c as i32, lang),
                        colon(lang),
                        format::months(m, lang)
                    )
                }
                None => app.unit_name(code),
            };
            if response.clicked() && code != selected {
                out.extend(crate::model::Unit::from_code(code).map(Command::SelectUnit));
            }
            response.on_hover_text_at_pointer(text);
        });
}

/// The least height of the grid on screen (points): 31 rows whose names do not overlap at the
/// scale of a narrow window.
const GRID_MIN_HEIGHT: f32 = 420.0;

/// A sortable column of the province table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProvinceColumn {
    /// Province name (data order).
    Name,
    /// 累计结存耗尽年份.
    Depletion,
    /// 首次当期赤字年份.
    FirstDeficit,
    /// Months of reserve in the middle year.
    Months,
}

/// One row of the province table: code, depletion year, first deficit, months in 2035.
pub type ProvinceRow = (String, Option<i32>, Option<i32>, Option<f64>);

/// The province table's rows for the selected fund, sorted by a column (years and months
/// ascending unless `descending`; provinces without a value last).
pub fn province_rows(app: &YibaoApp, sort: (ProvinceColumn, bool)) -> Vec<ProvinceRow> {
    let p = &app.state().projection;
    let fund = app.fund();
    let mut rows: Vec<ProvinceRow> = app
        .state()
        .dataset
        .provinces
        .iter()
        .map(|prov| {
            let s = p.summary(&prov.code, fund);
            let months = p
                .series(&prov.code, fund)
                .and_then(|s| s.row(crate::report::charts::MID_YEAR))
                .and_then(|r| r.months_of_reserve);
            (
                prov.code.clone(),
                s.and_then(|s| s.depletion_year),
                s.and_then(|s| s.first_deficit_year),
                months,
            )
        })
        .collect();
    let (col, descending) = sort;
    let key = |r: &ProvinceRow| -> Option<f64> {
        match col {
            ProvinceColumn::Name => None,
            ProvinceColumn::Depletion => r.1.map(f64::from),
            ProvinceColumn::FirstDeficit => r.2.map(f64::from),
            ProvinceColumn::Months => r.3,
        }
    };
    if col != ProvinceColumn::Name {
        rows.sort_by(|a, b| match (key(a), key(b)) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if descending { o.reverse() } else { o }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    } else if descending {
        rows.reverse();
    }
    rows
}

/// The sortable table of provinces: click a header to sort, again to reverse.
fn table_ui(ui: &mut egui::Ui, app: &YibaoApp, view: &mut ViewState, out: &mut Vec<Command>) {
    let lang = app.lang();
    let rows = province_rows(app, view.province_sort);
    let horizon = app.state().projection.horizon.to_string();
    egui::ScrollArea::vertical()
        .id_salt("province_table")
        .show(ui, |ui| {
            egui::Grid::new("province_table_grid")
                .striped(true)
                .num_columns(4)
                .spacing([24.0, 4.0])
                .show(ui, |ui| {
                    for (col, label) in [
                        (ProvinceColumn::Name, T::ProvinceCol.get(lang)),
                        (ProvinceColumn::Depletion, T::CardDepletion.get(lang)),
                        (ProvinceColumn::FirstDeficit, T::CardFirstDeficit.get(lang)),
                        (ProvinceColumn::Months, T::CardMonths2035.get(lang)),
                    ] {
                        let (current, desc) = view.province_sort;
                        let arrow = match (current == col, desc) {
                            (true, false) => " ▲",
                            (true, true) => " ▼",
                            _ => "",
                        };
                        if ui
                            .button(egui::RichText::new(format!("{label}{arrow}")).strong())
                            .clicked()
                        {
                            view.province_sort = (col, current == col && !desc);
                        }
                    }
                    ui.end_row();
                    for (code, depletion, deficit, months) in &rows {
                        if ui
                            .selectable_label(code == app.unit(), app.unit_name(code))
                            .clicked()
                            && code != app.unit()
                        {
                            out.extend(
                                crate::model::Unit::from_code(code).map(Command::SelectUnit),
                            );
                        }
                        ui.label(depletion.map_or_else(
                            || tf(lang, T::NotWithin, &[&horizon]),
                            |y| format::year(y, lang),
                        ));
                        ui.label(deficit.map_or_else(
                            || tf(lang, T::NoDeficit, &[&horizon]),
                            |y| format::year(y, lang),
                        ));
                        ui.label(format::months(*months, lang));
                        ui.end_row();
                    }
                });
        });
}

/// Export and copy buttons of the grid (right to left).
fn grid_buttons_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    crate::app::plots::charts::chart_buttons_ui(ui, 0, true, app.lang(), out);
}
