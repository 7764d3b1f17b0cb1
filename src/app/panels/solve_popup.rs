//! The "求解 / Solve" action of a lever row: a small button that opens a compact popup with a
//! target for the selected unit and fund (months of reserve ≥ X in every year to Y, not
//! depleted before Y, cumulative backstop = 0 to Y), runs the goal seek on the worker
//! ([`crate::app::uncertainty`]) with progress and cancel, and shows the value found, or that
//! no value in the lever's range meets the target, with "应用 / Apply" (one undoable edit).

use crate::app::command::Command;
use crate::app::format;
use crate::app::i18n::{Lang, T, tf};
use crate::app::lever_row::LeverContext;
use crate::app::theme;
use crate::app::uncertainty::solve_key;
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::model::levers::LeverDef;
use crate::model::solve::Outcome;
use eframe::egui;

/// The kind of target the popup offers (the same targets as `yibao solve` and the tab's form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Months of reserve ≥ X in every year to Y (`months>=X until Y`).
    Months,
    /// Not depleted before Y (`depletion>=Y`).
    NotDepleted,
    /// Cumulative backstop = 0 to Y (`backstop==0 until Y`).
    NoBackstop,
}

/// The popup's form, kept per lever row in egui's memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SolveForm {
    /// Which target.
    pub goal: Goal,
    /// X of the months target.
    pub months: f64,
    /// Y of the months target.
    pub months_year: i32,
    /// Y of the depletion target.
    pub depletion_year: i32,
    /// Y of the backstop target.
    pub backstop_year: i32,
}

impl SolveForm {
    /// Defaults within a horizon: 6 months to 2035, not depleted before 2050, no backstop to
    /// the horizon (each year capped at the horizon).
    pub fn new(horizon: i32) -> SolveForm {
        SolveForm {
            goal: Goal::Months,
            months: 6.0,
            months_year: 2035.min(horizon),
            depletion_year: 2050.min(horizon),
            backstop_year: horizon,
        }
    }

    /// The target in the goal-seek grammar (docs/interfaces.md, `yibao solve`).
    pub fn target(&self) -> String {
        match self.goal {
            Goal::Months => format!("months>={} until {}", self.months, self.months_year),
            Goal::NotDepleted => format!("depletion>={}", self.depletion_year),
            Goal::NoBackstop => format!("backstop==0 until {}", self.backstop_year),
        }
    }
}

/// The row's accessible names: "居民个人缴费：求解".
fn named(def: &LeverDef, what: &str, lang: Lang) -> String {
    format!(
        "{}{}{what}",
        def.label(lang.is_zh()),
        crate::app::i18n::colon(lang)
    )
}

/// The Solve button of a lever row (scenario key `key`, province override when `province`)
/// and its popup. Call inside the row's right-to-left header.
pub fn solve_button_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    province: Option<&str>,
    out: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let button = ui
        .add(egui::Button::new(egui::RichText::new(T::Solve.get(lang)).small()).small())
        .on_hover_text(tf(
            lang,
            T::SolveRowHint,
            &[cx.unit_name, cx.fund.label(lang.is_zh())],
        ));
    let name = named(def, T::Solve.get(lang), lang);
    button.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name));
    egui::Popup::from_toggle_button_response(&button)
        .close_behavior(egui::PopupCloseBehavior::IgnoreClicks)
        .width(340.0)
        .show(|ui| popup_ui(ui, cx, def, province, out));
}

fn popup_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    province: Option<&str>,
    out: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let zh = lang.is_zh();
    let key = solve_key(def.lever, province);
    let horizon = cx.scenario.horizon;
    let form_id = ui.make_persistent_id(("solve_form", &key));
    let mut form = ui
        .data(|d| d.get_temp::<SolveForm>(form_id))
        .unwrap_or_else(|| SolveForm::new(horizon));
    let years = FIRST_OPEN_YEAR + 1..=horizon.max(FIRST_OPEN_YEAR + 1);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(named(def, T::Solve.get(lang), lang)).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button(T::Close.get(lang)).clicked() {
                ui.close();
            }
        });
    });
    let scope = if province.is_some() {
        T::SolveScopeProvince
    } else {
        T::SolveScopeNational
    };
    ui.label(
        egui::RichText::new(tf(
            lang,
            T::SolveFor,
            &[
                cx.unit_name,
                cx.fund.label(zh),
                scope.get(lang),
                &FIRST_OPEN_YEAR.to_string(),
            ],
        ))
        .small()
        .weak(),
    );
    // Each field is named by the text before it (screen readers, tests).
    let year_field = |ui: &mut egui::Ui, y: &mut i32, label: egui::Id| {
        ui.add(
            egui::DragValue::new(y)
                .range(years.clone())
                .speed(0.2)
                .custom_formatter(|v, _| format!("{v:.0}")),
        )
        .labelled_by(label);
    };
    ui.horizontal(|ui| {
        let r = ui.radio_value(&mut form.goal, Goal::Months, T::SolveGoalMonths.get(lang));
        ui.add(
            egui::DragValue::new(&mut form.months)
                .range(0.0..=120.0)
                .speed(0.1)
                .max_decimals(1),
        )
        .labelled_by(r.id);
        let until = ui.label(T::SolveGoalUntil.get(lang));
        year_field(ui, &mut form.months_year, until.id);
    });
    ui.horizontal(|ui| {
        let r = ui.radio_value(
            &mut form.goal,
            Goal::NotDepleted,
            T::SolveGoalDepletion.get(lang),
        );
        year_field(ui, &mut form.depletion_year, r.id);
    });
    ui.horizontal(|ui| {
        let r = ui.radio_value(
            &mut form.goal,
            Goal::NoBackstop,
            T::SolveGoalBackstop.get(lang),
        );
        year_field(ui, &mut form.backstop_year, r.id);
    });
    ui.data_mut(|d| d.insert_temp(form_id, form));

    let u = cx.solve;
    let running = u.solving();
    ui.horizontal(|ui| {
        let here = running.is_some_and(|(q, _)| q.key == key);
        if ui
            .add_enabled(!here, egui::Button::new(T::SolveRun.get(lang)))
            .clicked()
        {
            out.push(Command::Solve {
                lever: def.lever,
                province: province.map(str::to_owned),
                target: form.target(),
            });
        }
        if let Some((_, f)) = running.filter(|(q, _)| q.key == key) {
            ui.add(
                egui::ProgressBar::new(f as f32)
                    .desired_width(120.0)
                    .show_percentage(),
            );
            if ui.button(T::Cancel.get(lang)).clicked() {
                out.push(Command::CancelSolve);
            }
        }
    });
    let Some(answer) = u.answer.as_ref().filter(|a| a.key() == key) else {
        return;
    };
    let fresh = answer.scenario == *cx.scenario;
    ui.label(
        egui::RichText::new(&answer.target)
            .small()
            .monospace()
            .weak(),
    );
    match &answer.outcome {
        Ok(Outcome::Solved { value, metric, .. }) => {
            ui.add(
                egui::Label::new(tf(
                    lang,
                    T::SolveResult,
                    &[
                        def.label(zh),
                        &format::lever_value_unit(def, *value, lang),
                        &answer.metric_text(*metric, lang),
                    ],
                ))
                .wrap(),
            );
            if fresh {
                if ui.button(T::ApplySolved.get(lang)).clicked() {
                    out.push(Command::ApplySolved);
                }
            } else if answer.applied.as_ref() == Some(cx.scenario) {
                ui.label(egui::RichText::new(T::SolveApplied.get(lang)).weak());
            } else {
                ui.label(egui::RichText::new(T::SolveStale.get(lang)).weak());
            }
        }
        Ok(Outcome::AlwaysMet { .. }) => {
            ui.add(egui::Label::new(T::SolveAlwaysMet.get(lang)).wrap());
        }
        Ok(Outcome::NeverMet { range, .. }) => {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(tf(
                        lang,
                        T::SolveNeverMet,
                        &[
                            &format::lever_value_unit(def, range.0, lang),
                            &format::lever_value_unit(def, range.1, lang),
                        ],
                    ))
                    .color(theme::DANGER),
                )
                .wrap(),
            );
        }
        Err(e) => {
            ui.add(egui::Label::new(egui::RichText::new(e).color(theme::DANGER)).wrap());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metric::{Measure, Op, parse_target};

    #[test]
    fn each_goal_writes_a_target_the_solver_parses_as_meant() {
        let mut f = SolveForm::new(2060);
        let t = parse_target(&f.target(), 2060).expect("months target");
        assert_eq!(t.metric.measure, Measure::MinMonths(2035));
        assert_eq!((t.op, t.value), (Op::Ge, 6.0));
        f.goal = Goal::NotDepleted;
        let t = parse_target(&f.target(), 2060).expect("depletion target");
        assert_eq!(t.metric.measure, Measure::Depletion);
        assert_eq!((t.op, t.value), (Op::Ge, 2050.0));
        f.goal = Goal::NoBackstop;
        let t = parse_target(&f.target(), 2060).expect("backstop target");
        assert_eq!(t.metric.measure, Measure::Backstop(2060));
        assert_eq!((t.op, t.value), (Op::Eq, 0.0));
        // A short horizon caps the default years.
        let short = SolveForm::new(2030);
        assert_eq!((short.months_year, short.depletion_year), (2030, 2030));
    }
}
