//! The province grid: 31 provinces × years, each cell coloured by months of reserve with the
//! 6–9 month target band in green; hover for the value, click a province to select it.

use crate::app::format;
use crate::app::i18n::{Lang, T, colon, tf};
use crate::app::session::command::Command;
use crate::app::theme;
use crate::app::yibao_app::{ViewState, YibaoApp};
use crate::model::Projection;
use eframe::egui;
use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke, vec2};

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
    let years = rows.iter().map(|(_, m)| m.len()).max().unwrap_or(0).max(1);
    let name_width = if lang.is_zh() { 64.0 } else { 110.0 };
    let header = 18.0;
    let legend = 28.0;
    let avail = ui.available_size();
    let row_h = ((avail.y - header - legend) / rows.len() as f32).clamp(10.0, 22.0);
    let cell_w = ((avail.x - name_width) / years as f32).max(4.0);
    let size = vec2(
        name_width + cell_w * years as f32,
        header + row_h * rows.len() as f32,
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let painter = ui.painter_at(rect);
    let text_color = ui.visuals().text_color();
    let small = FontId::proportional(11.0);
    let first_year = p.base_year;

    for c in 0..years {
        let year = first_year + c as i32;
        if year % 5 == 0 {
            let x = rect.left() + name_width + (c as f32 + 0.5) * cell_w;
            // The last column's label would stick out of the grid: right-align it.
            let (x, align) = if c + 1 == years {
                (rect.right(), Align2::RIGHT_CENTER)
            } else {
                (x, Align2::CENTER_CENTER)
            };
            painter.text(
                Pos2::new(x, rect.top() + header / 2.0),
                align,
                year.to_string(),
                small.clone(),
                text_color,
            );
        }
    }
    let selected = app.unit();
    for (r, (code, months)) in rows.iter().enumerate() {
        let y = rect.top() + header + r as f32 * row_h;
        let name = app.unit_name(code);
        painter.text(
            Pos2::new(rect.left() + 2.0, y + row_h / 2.0),
            Align2::LEFT_CENTER,
            name,
            FontId::proportional((row_h - 4.0).clamp(9.0, 13.0)),
            text_color,
        );
        for (c, m) in months.iter().enumerate() {
            let cell = Rect::from_min_size(
                Pos2::new(rect.left() + name_width + c as f32 * cell_w, y),
                vec2(cell_w - 1.0, row_h - 1.0),
            );
            painter.rect_filled(cell, 0.0, theme::months_color(*m));
        }
        if code == selected {
            let row = Rect::from_min_size(Pos2::new(rect.left(), y), vec2(size.x, row_h));
            painter.rect_stroke(
                row,
                2.0,
                Stroke::new(2.0, text_color),
                egui::StrokeKind::Inside,
            );
        }
    }

    if let Some(pos) = response.hover_pos() {
        let r = ((pos.y - rect.top() - header) / row_h).floor();
        let c = ((pos.x - rect.left() - name_width) / cell_w).floor();
        if r >= 0.0 && (r as usize) < rows.len() {
            let (code, months) = &rows[r as usize];
            let text = if c >= 0.0 && (c as usize) < months.len() {
                format!(
                    "{} {}{}{}",
                    app.unit_name(code),
                    format::year(first_year + c as i32, lang),
                    colon(lang),
                    format::months(months[c as usize], lang)
                )
            } else {
                app.unit_name(code)
            };
            response.clone().on_hover_text_at_pointer(text);
            if response.clicked() && code != selected {
                out.extend(crate::model::Unit::from_code(code).map(Command::SelectUnit));
            }
        }
    }
    legend_ui(ui, lang);
}

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

/// The colour classes with their ranges.
fn legend_ui(ui: &mut egui::Ui, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(T::GridLegend.get(lang)).small());
        // The classes and labels of the exported grid.
        for (text, color) in crate::report::charts::months_classes(lang) {
            crate::app::plots::charts::legend_entry_ui(
                ui,
                crate::render::Key::Box,
                theme::c32(color),
                &text,
            );
        }
    });
}
