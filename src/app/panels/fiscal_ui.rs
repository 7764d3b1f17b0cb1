//! The Fiscal burden tab (财政负担, docs/model.md §15): for the selected unit, the fiscal money
//! paid into the funds year by year as stacked bars (central subsidy, local subsidy, any
//! employee subsidy, backstop), its share of general budget expenditure against the baseline's,
//! and a table of key years. The numbers are [`fiscal_view`]'s, which tests read too.

use crate::app::format::{self, Quantity};
use crate::app::i18n::{Lang, T, colon, tf};
use crate::app::plots::tabs::{ChartTab, Tab, TabContext};
use crate::app::session::state::AppState;
use crate::app::theme;
use crate::model::fiscal::{self, FiscalRow, Item};
use eframe::egui;
use egui_plot::{Bar, BarChart, Corner, Legend, Line, LineStyle, Plot};

/// The registered tab.
pub struct FiscalTab;

impl ChartTab for FiscalTab {
    fn key(&self) -> Tab {
        Tab::Fiscal
    }
    fn label(&self) -> T {
        T::TabFiscal
    }
    fn panels(
        &self,
        _state: &AppState,
        _view: &crate::app::ChartView,
    ) -> Vec<crate::app::plots::chart_data::ChartPanel> {
        Vec::new()
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        fiscal_ui(ui, cx.app.state(), &cx.chart.unit, cx.chart.lang);
    }
}

/// The treasury's view of a unit in the working scenario and the baseline, every year.
#[derive(Clone, Debug, PartialEq)]
pub struct FiscalView {
    /// The working scenario's rows.
    pub scenario: Vec<FiscalRow>,
    /// The baseline's rows.
    pub baseline: Vec<FiscalRow>,
}

impl FiscalView {
    /// The years the table lists: the base year, 2025, every tenth year from 2030 and 2035, and
    /// the horizon, as far as projected.
    pub fn table_years(&self) -> Vec<i32> {
        let (Some(first), Some(last)) = (self.scenario.first(), self.scenario.last()) else {
            return Vec::new();
        };
        let mut years: Vec<i32> = [first.year, 2025, 2030, 2035, 2040, 2050, 2060, last.year]
            .into_iter()
            .filter(|y| (first.year..=last.year).contains(y))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The baseline's row of a year.
    pub fn baseline_row(&self, year: i32) -> Option<&FiscalRow> {
        self.baseline.iter().find(|r| r.year == year)
    }
}

/// The treasury's view of `unit` (`None` without budget data, e.g. for a sub-unit).
pub fn fiscal_view(state: &AppState, unit: &str) -> Option<FiscalView> {
    let scenario = fiscal::unit_rows(&state.projection, unit).ok()?;
    let baseline = fiscal::unit_rows(&state.baseline, unit).ok()?;
    (!scenario.is_empty()).then_some(FiscalView { scenario, baseline })
}

/// One stacked part of the bars: its label, colour and value.
type Part = (T, egui::Color32, fn(&FiscalRow) -> f64);

/// The stacked parts, bottom first; the employee subsidy only when some year has one.
fn parts(rows: &[FiscalRow]) -> Vec<Part> {
    let mut out: Vec<Part> = vec![
        (T::FiscalCentral, theme::SCENARIO, |r| r.subsidy_central),
        (T::FiscalLocal, theme::INCOME, |r| r.subsidy_local),
    ];
    if rows.iter().any(|r| r.subsidy_employee != 0.0) {
        out.push((T::FiscalEmployee, theme::SCHEDULED, |r| r.subsidy_employee));
    }
    out.push((T::FiscalBackstop, theme::DANGER, |r| r.backstop));
    out
}

/// Draws the tab.
pub fn fiscal_ui(ui: &mut egui::Ui, state: &AppState, unit: &str, lang: Lang) {
    let Some(view) = fiscal_view(state, unit) else {
        ui.label(egui::RichText::new(T::FiscalUnavailable.get(lang)).weak());
        return;
    };
    let money = Quantity::MoneyYi;
    let scale = money.scale(lang);
    let height = ui.available_height();
    let bars_height = (height * 0.36).max(110.0);
    let share_height = (height * 0.2).max(80.0);

    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(T::FiscalMoneyTitle.get(lang)).strong());
        ui.label(egui::RichText::new(crate::app::i18n::parens(lang, money.unit(lang))).weak());
    });
    let charts: Vec<BarChart> = {
        let mut done: Vec<BarChart> = Vec::new();
        for (label, color, value) in parts(&view.scenario) {
            let name = label.get(lang);
            let bars = view
                .scenario
                .iter()
                .map(|r| {
                    Bar::new(f64::from(r.year), value(r) * scale)
                        .width(0.7)
                        .name(format::year(r.year, lang))
                        .fill(color)
                })
                .collect();
            let chart = BarChart::new(name, bars)
                .color(color)
                .element_formatter(Box::new(move |bar: &Bar, _: &BarChart| {
                    format!(
                        "{}{}{name}\n{}",
                        bar.name,
                        colon(lang),
                        Quantity::MoneyYi.with_unit(bar.value / scale, lang)
                    )
                }));
            let refs: Vec<&BarChart> = done.iter().collect();
            let chart = chart.stack_on(&refs);
            done.push(chart);
        }
        done
    };
    Plot::new(("fiscal_bars", unit))
        .height(bars_height)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .x_axis_formatter(|mark, _| {
            if mark.value.fract().abs() < 1e-9 {
                format!("{}", mark.value as i32)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(|mark, _| format::grouped(mark.value, 0))
        .y_axis_min_width(48.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });

    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(T::FiscalShareTitle.get(lang)).strong());
        ui.label(
            egui::RichText::new(crate::app::i18n::parens(lang, Quantity::Percent.unit(lang)))
                .weak(),
        );
    });
    let share = |rows: &[FiscalRow]| -> Vec<[f64; 2]> {
        rows.iter()
            .map(|r| [f64::from(r.year), r.share_of_budget() * 100.0])
            .collect()
    };
    Plot::new(("fiscal_share", unit))
        .height(share_height)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .x_axis_formatter(|mark, _| {
            if mark.value.fract().abs() < 1e-9 {
                format!("{}", mark.value as i32)
            } else {
                String::new()
            }
        })
        .y_axis_min_width(48.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(
                Line::new(
                    crate::report::spec::text::baseline(lang),
                    share(&view.baseline),
                )
                .color(theme::faint(theme::SCENARIO))
                .style(LineStyle::dashed_loose()),
            );
            plot.line(
                Line::new(
                    crate::report::spec::text::current(lang),
                    share(&view.scenario),
                )
                .color(theme::SCENARIO)
                .width(2.0),
            );
        });

    // Both ways: at 1024 pixels the table is wider than the central area.
    egui::ScrollArea::both()
        .id_salt("fiscal_table")
        .show(ui, |ui| {
            table_ui(ui, &view, lang);
            let budgets = fiscal::Budgets::embedded().ok();
            let (last_budget, last_health) = budgets.map_or((0, 0), |b| {
                (
                    b.years(Item::BudgetExpenditure).1,
                    b.years(Item::HealthExpenditure).1,
                )
            });
            let topup_year = view
                .table_years()
                .into_iter()
                .find(|y| *y >= 2035)
                .unwrap_or(state.projection.horizon);
            let topup = view
                .scenario
                .iter()
                .find(|r| r.year == topup_year)
                .map_or(0.0, |r| r.resident_topup);
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    T::FiscalNote,
                    &[
                        &last_budget.to_string(),
                        &last_health.to_string(),
                        &topup_year.to_string(),
                        &money.with_unit(topup, lang),
                    ],
                ))
                .small()
                .weak(),
            );
        });
}

/// The table of key years: the parts, the total, the budget, both shares and the change of the
/// budget share from the baseline.
fn table_ui(ui: &mut egui::Ui, view: &FiscalView, lang: Lang) {
    let money = Quantity::MoneyYi;
    let parts = parts(&view.scenario);
    egui::Grid::new("fiscal_grid")
        .striped(true)
        .num_columns(parts.len() + 6)
        .show(ui, |ui| {
            // Headers wrap in a narrow column: the table fits a 1024-pixel window.
            let header = |ui: &mut egui::Ui, text: &str| {
                ui.vertical(|ui| {
                    ui.set_max_width(72.0);
                    ui.add(egui::Label::new(egui::RichText::new(text).strong()).wrap());
                });
            };
            header(ui, T::FiscalYear.get(lang));
            for (label, _, _) in &parts {
                header(ui, label.get(lang));
            }
            for key in [
                T::FiscalTotal,
                T::FiscalBudget,
                T::FiscalShareBudget,
                T::FiscalShareHealth,
            ] {
                header(ui, key.get(lang));
            }
            header(ui, crate::report::spec::text::baseline(lang));
            ui.end_row();
            for year in view.table_years() {
                let Some(r) = view.scenario.iter().find(|r| r.year == year) else {
                    continue;
                };
                ui.label(year.to_string());
                for (_, _, value) in &parts {
                    ui.label(money.number(value(r), lang));
                }
                ui.label(money.number(r.fiscal_total(), lang));
                let grown = if r.budget_published { "" } else { "*" };
                ui.label(format!(
                    "{}{grown}",
                    money.number(r.budget_expenditure, lang)
                ));
                ui.label(format::grouped(r.share_of_budget() * 100.0, 2) + "%");
                ui.label(format::grouped(r.share_of_health() * 100.0, 1) + "%");
                ui.label(view.baseline_row(year).map_or_else(String::new, |b| {
                    format::grouped(b.share_of_budget() * 100.0, 2) + "%"
                }));
                ui.end_row();
            }
        });
}
