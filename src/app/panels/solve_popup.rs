//! The "求解 / Solve" action of a lever row: a small button that opens a compact popup with a
//! target form for the selected unit ([`crate::app::target_form`]: fund, measure, ≥/≤, value,
//! year), runs the goal seek on the worker ([`crate::app::uncertainty`]) with progress and
//! cancel, and shows the value found, or that no value in the lever's range meets the target,
//! with "应用 / Apply" (one undoable edit); an answer the scenario, region, fund or data has
//! moved away from is marked outdated with "重新求解".

use crate::app::format;
use crate::app::i18n::{Lang, T, tf};
use crate::app::panels::lever_row::LeverContext;
use crate::app::panels::target_form::{TargetForm, outdated_ui, target_form_ui};
use crate::app::session::command::Command;
use crate::app::session::uncertainty::{Key, SolveAnswer, solve_key};
use crate::app::theme;
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::model::levers::LeverDef;
use crate::model::solve::Outcome;
use eframe::egui;

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
        .data(|d| d.get_temp::<TargetForm>(form_id))
        .unwrap_or_else(|| TargetForm::new(horizon));
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
    target_form_ui(ui, &mut form, cx.fund, horizon, lang, &key);
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
                target: form.target(cx.fund),
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
    if let Some(answer) = u.answer.as_ref().filter(|a| a.key() == key) {
        answer_ui(ui, answer, cx.analysis, lang, out);
    }
}

/// A goal-seek answer where it is shown (the Uncertainty tab, a lever's popup), against `key`,
/// what the window shows now: the value found (with 应用 while it answers `key`), that every
/// value or none meets the target, or the error. An answer solved on another scenario, region,
/// fund or data set is marked outdated, whatever its outcome, with a button that solves the
/// same target again; once applied it says so.
pub fn answer_ui(
    ui: &mut egui::Ui,
    answer: &SolveAnswer,
    key: &Key,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let zh = lang.is_zh();
    let def = answer.lever.def();
    let applied = answer.applied.as_ref() == Some(&key.scenario)
        && answer.unit == key.unit
        && answer.fund == key.fund
        && answer.data == key.data;
    let fresh = answer.answers(key);
    if !fresh && !applied && outdated_ui(ui, lang, T::SolveAgain) {
        out.push(Command::Solve {
            lever: answer.lever,
            province: answer.province.clone(),
            target: answer.target.clone(),
        });
    }
    let text = |t: String| {
        let t = egui::RichText::new(t);
        if fresh || applied {
            t
        } else {
            t.weak().strikethrough()
        }
    };
    ui.label(
        egui::RichText::new(&answer.target)
            .small()
            .monospace()
            .weak(),
    );
    match &answer.outcome {
        Ok(Outcome::Solved { value, metric, .. }) => {
            ui.add(
                egui::Label::new(text(tf(
                    lang,
                    T::SolveResult,
                    &[
                        def.label(zh),
                        &format::lever_value_unit(def, *value, lang),
                        &answer.metric_text(*metric, lang),
                    ],
                )))
                .wrap(),
            );
            if fresh {
                if ui.button(T::ApplySolved.get(lang)).clicked() {
                    out.push(Command::ApplySolved);
                }
            } else if applied {
                ui.label(egui::RichText::new(T::SolveApplied.get(lang)).weak());
            }
        }
        Ok(Outcome::AlwaysMet { .. }) => {
            ui.add(egui::Label::new(text(T::SolveAlwaysMet.get(lang).to_owned())).wrap());
        }
        Ok(Outcome::NeverMet { range, .. }) => {
            let t = text(tf(
                lang,
                T::SolveNeverMet,
                &[
                    &format::lever_value_unit(def, range.0, lang),
                    &format::lever_value_unit(def, range.1, lang),
                ],
            ));
            let t = if fresh { t.color(theme::DANGER) } else { t };
            ui.add(egui::Label::new(t).wrap());
        }
        Err(e) => {
            let t = text(e.clone());
            let t = if fresh { t.color(theme::DANGER) } else { t };
            ui.add(egui::Label::new(t).wrap());
        }
    }
}
