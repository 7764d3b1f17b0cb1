//! The Compare tab: pin or add scenarios, overlay them with a legend, and a table of their
//! headline numbers side by side.

use crate::app::format::{self, Quantity};
use crate::app::i18n::{Lang, T, colon, tf};
use crate::app::io::file_dialog::PathPurpose;
use crate::app::panels::headline::{Headline, headline};
use crate::app::plots::chart_data::{ChartPanel, ChartView, PlotMetric};
use crate::app::plots::charts::{self, plot_panel_ui};
use crate::app::session::command::Command;
use crate::app::session::compare::MAX_COMPARE;
use crate::app::theme;
use crate::app::yibao_app::YibaoApp;
use eframe::egui;

/// Draws the Compare tab.
pub fn compare_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    chart: &ChartView,
    panels: &[ChartPanel],
    out: &mut Vec<Command>,
) {
    let lang = chart.lang;
    let state = app.state();
    let full = state.compare.len() >= MAX_COMPARE;
    ui.horizontal_wrapped(|ui| {
        let hint = tf(lang, T::CompareFull, &[&MAX_COMPARE.to_string()]);
        if ui
            .add_enabled(!full, egui::Button::new(T::PinCurrent.get(lang)))
            .on_disabled_hover_text(&hint)
            .clicked()
        {
            out.push(Command::PinCurrent);
        }
        if ui
            .add_enabled(!full, egui::Button::new(T::AddFiles.get(lang)))
            .clicked()
        {
            out.push(Command::PickPath(PathPurpose::Compare));
        }
        if ui
            .add_enabled(
                !state.compare.is_empty(),
                egui::Button::new(T::ClearCompare.get(lang)),
            )
            .clicked()
        {
            out.push(Command::ClearCompare);
        }
        ui.add_space(16.0);
        let label = ui.label(T::CompareMetric.get(lang));
        egui::ComboBox::from_id_salt("compare_metric")
            .selected_text(chart.compare_metric.label(lang))
            .show_ui(ui, |ui| {
                for m in PlotMetric::COMPARABLE {
                    if ui
                        .selectable_label(chart.compare_metric == m, m.label(lang))
                        .clicked()
                    {
                        out.push(Command::SetCompareMetric(m));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    if state.compare.is_empty() {
        ui.label(egui::RichText::new(T::CompareEmpty.get(lang)).weak());
    }
    let rows = 3 + state.compare.len();
    // The copy button, the header (two lines when its texts wrap) and the rows.
    let table_height = 52.0 + 24.0 * rows as f32;
    let height = (ui.available_height() - table_height - 40.0).max(160.0);
    for (n, panel) in panels.iter().enumerate() {
        plot_panel_ui(
            ui,
            panel,
            lang,
            ("compare", &panel.title),
            height,
            Some((n, &mut *out)),
        );
    }
    ui.add_space(6.0);
    table_ui(ui, app, chart, out);
}

/// Headline numbers of the baseline, the current scenario and every compared one.
fn table_ui(ui: &mut egui::Ui, app: &YibaoApp, chart: &ChartView, out: &mut Vec<Command>) {
    let lang = chart.lang;
    let state = app.state();
    let mut rows: Vec<(String, egui::Color32, Headline, Option<usize>)> = vec![
        (
            crate::report::spec::text::baseline(lang).to_owned(),
            theme::faint(theme::SCENARIO),
            headline(&state.baseline, &chart.unit, chart.fund),
            None,
        ),
        (
            format!(
                "{}{}{}",
                crate::report::spec::text::current(lang),
                colon(lang),
                crate::app::session::changes::shown_title(&state.scenario.title, lang)
            ),
            theme::SCENARIO,
            headline(&state.projection, &chart.unit, chart.fund),
            None,
        ),
    ];
    let names = crate::app::plots::chart_data::compare_names(state, lang);
    for ((i, e), name) in state.compare.iter().enumerate().zip(names) {
        rows.push((
            name,
            theme::COMPARE[i % theme::COMPARE.len()],
            headline(&e.projection, &chart.unit, chart.fund),
            Some(i),
        ));
    }
    let tsv = table_tsv(
        &rows,
        &app.sheet_head(Some(chart.fund)),
        state.scenario.horizon,
        lang,
    );
    if ui
        .small_button(T::CopyTable.get(lang))
        .on_hover_text(T::CopyDataHint.get(lang))
        .clicked()
    {
        out.push(Command::CopyText(tsv));
    }
    egui::ScrollArea::horizontal()
        .id_salt("compare_table")
        .show(ui, |ui| {
            egui::Grid::new("compare_table_grid")
                .striped(true)
                .num_columns(6)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    let horizon = state.scenario.horizon.to_string();
                    for h in [
                        T::ScenarioCol.get(lang).to_owned(),
                        T::CardDepletion.get(lang).to_owned(),
                        T::CardFirstDeficit.get(lang).to_owned(),
                        T::CardMonths2035.get(lang).to_owned(),
                        tf(lang, T::CardMonthsHorizon, &[&horizon]),
                        T::CardBackstop.get(lang).to_owned(),
                    ] {
                        // Headers wrap in a narrow column: the table fits a 1024-pixel window.
                        ui.vertical(|ui| {
                            ui.set_max_width(72.0);
                            ui.add(egui::Label::new(egui::RichText::new(h).strong()).wrap());
                        });
                    }
                    ui.end_row();
                    for (name, color, h, index) in rows {
                        ui.horizontal(|ui| {
                            // A long name wraps: the table fits a 1024-pixel window.
                            ui.set_max_width(150.0);
                            let (rect, _) = ui
                                .allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                            ui.painter().rect_filled(rect, 2.0, color);
                            let width =
                                charts::text_width(ui, name.as_str(), egui::TextStyle::Body);
                            ui.allocate_ui(egui::vec2(width.min(110.0), 0.0), |ui| {
                                ui.add(egui::Label::new(name).wrap());
                            });
                            // The remove button sits by the name so that it never scrolls away.
                            if let Some(i) = index
                                && ui.small_button(T::Remove.get(lang)).clicked()
                            {
                                out.push(Command::RemoveCompare(i));
                            }
                        });
                        cells_ui(ui, &h, lang);
                        ui.end_row();
                    }
                });
        });
}

/// The table as tab-separated text for Excel/WPS: a first line naming the region, the fund
/// and the footer (data, program version, hash) — the rows name the scenarios; a header with
/// units; then the numbers as numbers (years, months with one decimal, the backstop in the UI's
/// money unit with one decimal), no grouping.
pub fn table_tsv(
    rows: &[(String, egui::Color32, Headline, Option<usize>)],
    head: &crate::app::plots::export_chart::SheetHead,
    horizon: i32,
    lang: Lang,
) -> String {
    use crate::app::plots::export_chart::sheet_number;
    let horizon = horizon.to_string();
    let months = Quantity::Months.unit(lang);
    let money = Quantity::MoneyYi;
    let with = |name: String, unit: &str| {
        if lang.is_zh() {
            format!("{name}（{unit}）")
        } else {
            format!("{name} ({unit})")
        }
    };
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let (region, fund) = if lang.is_zh() {
        ("地区", "基金")
    } else {
        ("Region", "Fund")
    };
    let mut first = vec![format!("{region}{}{}", colon(lang), clean(&head.region))];
    if let Some(f) = &head.fund {
        first.push(format!("{fund}{}{f}", colon(lang)));
    }
    first.push(clean(&head.footer));
    let mut out = first.join("\t");
    out.push('\n');
    let header = [
        T::ScenarioCol.get(lang).to_owned(),
        T::CardDepletion.get(lang).to_owned(),
        T::CardFirstDeficit.get(lang).to_owned(),
        with(T::CardMonths2035.get(lang).to_owned(), months),
        with(tf(lang, T::CardMonthsHorizon, &[&horizon]), months),
        with(T::CardBackstop.get(lang).to_owned(), money.unit(lang)),
    ];
    out.push_str(&header.join("\t"));
    out.push('\n');
    let opt = |v: Option<String>| v.unwrap_or_default();
    for (name, _, h, _) in rows {
        let cells = [
            clean(name),
            opt(h.depletion_year.map(|y| y.to_string())),
            opt(h.first_deficit_year.map(|y| y.to_string())),
            opt(h.months_mid.map(|m| sheet_number(m, 1))),
            opt(h.months_at_horizon.map(|m| sheet_number(m, 1))),
            if h.available {
                sheet_number(h.cumulative_backstop * money.scale(lang), 1)
            } else {
                String::new()
            },
        ];
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

fn cells_ui(ui: &mut egui::Ui, h: &Headline, lang: Lang) {
    if !h.available {
        for _ in 0..5 {
            ui.label("—");
        }
        return;
    }
    let horizon = h.horizon.to_string();
    ui.label(h.depletion_year.map_or_else(
        || tf(lang, T::NotWithin, &[&horizon]),
        |y| format::year(y, lang),
    ));
    ui.label(h.first_deficit_year.map_or_else(
        || tf(lang, T::NoDeficit, &[&horizon]),
        |y| format::year(y, lang),
    ));
    ui.label(format::months(h.months_mid, lang));
    ui.label(format::months(h.months_at_horizon, lang));
    ui.label(Quantity::MoneyYi.with_unit(h.cumulative_backstop, lang));
}
