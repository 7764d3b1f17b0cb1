//! The goal-seek target as a small form in the UI's language — fund, measure, ≥/≤, value, year —
//! shared by the Uncertainty tab and the lever rows' Solve popup. It writes the target grammar
//! of `yibao solve` (docs/interfaces.md; `months>=6 until 2035`), which stays the command line's.

use crate::app::i18n::{Lang, T};
use crate::model::Fund;
use crate::model::experiment::FIRST_OPEN_YEAR;
use eframe::egui;

/// What the target measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetMeasure {
    /// Months of reserve in every year up to the year (`months OP X until Y`).
    Months,
    /// The balance (累计结存, 亿元) at the end of the year (`balance@Y OP X`).
    Balance,
    /// The backstop (财政兜底, 亿元) summed up to the year (`backstop OP X until Y`).
    Backstop,
    /// The depletion year (`depletion OP Y`; never depleted counts as later than any year).
    Depletion,
}

impl TargetMeasure {
    /// Every measure, in the order the form lists them.
    pub const ALL: [TargetMeasure; 4] = [
        TargetMeasure::Months,
        TargetMeasure::Balance,
        TargetMeasure::Backstop,
        TargetMeasure::Depletion,
    ];

    /// The measure's name in the form.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TargetMeasure::Months => T::MeasureMonths,
            TargetMeasure::Balance => T::MeasureBalance,
            TargetMeasure::Backstop => T::MeasureBackstop,
            TargetMeasure::Depletion => T::MeasureDepletion,
        }
        .get(lang)
    }
}

/// A goal-seek target being entered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TargetForm {
    /// The fund measured; `None`: the fund selected in the window.
    pub fund: Option<Fund>,
    /// What is measured.
    pub measure: TargetMeasure,
    /// ≥ (true) or ≤ (false).
    pub at_least: bool,
    /// The value compared with (months, or 亿元); not used by the depletion year.
    pub value: f64,
    /// The year: the last year of months and backstop, the year of the balance, the year the
    /// depletion year is compared with.
    pub year: i32,
}

impl TargetForm {
    /// Months of reserve ≥ 6 in every year to 2035 (capped at the horizon), of the selected fund.
    pub fn new(horizon: i32) -> TargetForm {
        TargetForm {
            fund: None,
            measure: TargetMeasure::Months,
            at_least: true,
            value: 6.0,
            year: 2035.min(horizon),
        }
    }

    /// The target in the goal-seek grammar; the fund is named when it is not `selected` (the
    /// fund the solve runs on).
    pub fn target(&self, selected: Fund) -> String {
        let fund = match self.fund {
            Some(f) if f != selected => format!("{}.", f.id()),
            _ => String::new(),
        };
        let op = if self.at_least { ">=" } else { "<=" };
        let value = self.value;
        let year = self.year;
        match self.measure {
            TargetMeasure::Months => format!("{fund}months{op}{value} until {year}"),
            TargetMeasure::Balance => format!("{fund}balance@{year}{op}{value}"),
            TargetMeasure::Backstop => format!("{fund}backstop{op}{value} until {year}"),
            TargetMeasure::Depletion => format!("{fund}depletion{op}{year}"),
        }
    }
}

/// Draws the form (two rows); `selected` is the window's fund, `id` keeps the widgets of two
/// forms apart. Each field is named for screen readers and tests (目标基金, 指标, 比较, 目标值,
/// 年份).
pub fn target_form_ui(
    ui: &mut egui::Ui,
    form: &mut TargetForm,
    selected: Fund,
    horizon: i32,
    lang: Lang,
    id: &str,
) {
    let zh = lang.is_zh();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(T::TargetFund.get(lang));
        let fund = form.fund.unwrap_or(selected);
        egui::ComboBox::from_id_salt((id, "fund"))
            .selected_text(fund.label(zh))
            .show_ui(ui, |ui| {
                for f in Fund::MAIN {
                    if ui.selectable_label(fund == f, f.label(zh)).clicked() {
                        form.fund = Some(f);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label(T::TargetMeasureLabel.get(lang));
        egui::ComboBox::from_id_salt((id, "measure"))
            .selected_text(form.measure.label(lang))
            .show_ui(ui, |ui| {
                for m in TargetMeasure::ALL {
                    ui.selectable_value(&mut form.measure, m, m.label(lang));
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(T::TargetOp.get(lang));
        egui::ComboBox::from_id_salt((id, "op"))
            .selected_text(if form.at_least { "≥" } else { "≤" })
            .width(40.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.at_least, true, "≥");
                ui.selectable_value(&mut form.at_least, false, "≤");
            })
            .response
            .labelled_by(label.id);
        if form.measure != TargetMeasure::Depletion {
            let label = ui.label(T::TargetValue.get(lang));
            let (range, speed, decimals) = match form.measure {
                TargetMeasure::Months => (0.0..=120.0, 0.1, 1),
                _ => (-1.0e7..=1.0e7, 10.0, 0),
            };
            ui.add(
                egui::DragValue::new(&mut form.value)
                    .range(range)
                    .speed(speed)
                    .max_decimals(decimals)
                    .custom_parser(crate::app::format::parse_number)
                    .update_while_editing(false),
            )
            .labelled_by(label.id);
        }
        let year_label = match form.measure {
            TargetMeasure::Months | TargetMeasure::Backstop => T::TargetUntil,
            TargetMeasure::Balance => T::TargetInYear,
            TargetMeasure::Depletion => T::TargetYear,
        };
        let label = ui.label(year_label.get(lang));
        let years = FIRST_OPEN_YEAR + 1..=horizon.max(FIRST_OPEN_YEAR + 1);
        form.year = form.year.clamp(*years.start(), *years.end());
        ui.add(
            egui::DragValue::new(&mut form.year)
                .range(years)
                .speed(0.2)
                .custom_formatter(|v, _| format!("{v:.0}"))
                .update_while_editing(false),
        )
        .labelled_by(label.id);
    });
}

/// The note an outdated result carries wherever it is shown: "已过期：方案、地区、基金或数据已改变"
/// in the warning colour, and a button to run it again (`again`: 重新求解 / 重新计算). True
/// when the button was clicked.
pub fn outdated_ui(ui: &mut egui::Ui, lang: Lang, again: T) -> bool {
    let mut clicked = false;
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(crate::app::theme::DANGER, T::Outdated.get(lang));
        clicked = ui.button(again.get(lang)).clicked();
    });
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metric::{Measure, Op, parse_target};

    #[test]
    fn every_measure_writes_a_target_the_solver_reads_as_meant() {
        let mut f = TargetForm::new(2060);
        assert_eq!(f.target(Fund::Resident), "months>=6 until 2035");
        let t = parse_target(&f.target(Fund::Resident), 2060).expect("months");
        assert_eq!(t.metric.measure, Measure::MinMonths(2035));
        assert_eq!((t.op, t.value, t.metric.fund), (Op::Ge, 6.0, None));
        f.fund = Some(Fund::EmployeePooled);
        f.measure = TargetMeasure::Balance;
        f.at_least = false;
        f.value = 5000.0;
        f.year = 2040;
        let t = parse_target(&f.target(Fund::Resident), 2060).expect("balance");
        assert_eq!(t.metric.measure, Measure::Balance(2040));
        assert_eq!(t.metric.fund, Some(Fund::EmployeePooled));
        assert_eq!((t.op, t.value), (Op::Le, 5000.0));
        // The selected fund is not named.
        assert_eq!(f.target(Fund::EmployeePooled), "balance@2040<=5000");
        f.measure = TargetMeasure::Backstop;
        let t = parse_target(&f.target(Fund::EmployeePooled), 2060).expect("backstop");
        assert_eq!(t.metric.measure, Measure::Backstop(2040));
        f.measure = TargetMeasure::Depletion;
        f.at_least = true;
        let t = parse_target(&f.target(Fund::EmployeePooled), 2060).expect("depletion");
        assert_eq!(t.metric.measure, Measure::Depletion);
        assert_eq!((t.op, t.value), (Op::Ge, 2040.0));
        // A short horizon caps the default year.
        assert_eq!(TargetForm::new(2030).year, 2030);
    }
}
