//! The 统筹层次 / pooling editor of the lever panel: the scenario's pooling levels per scheme
//! and its adjustment funds (MODEL.md §8), edited as undoable commands. The two-part design's
//! extra fields are kept as written in the file (the editor shows and changes the one-rate
//! part only).

use super::command::Command;
use super::i18n::{Lang, T};
use super::yibao_app::YibaoApp;
use crate::model::scenario::{AdjustmentScope, AdjustmentStep, PoolingLevel, PoolingStep};
use eframe::egui;

/// The first year a new step proposes.
const FIRST_STEP_YEAR: i32 = 2026;

fn level_label(level: PoolingLevel, lang: Lang) -> &'static str {
    match level {
        PoolingLevel::Prefecture => T::LevelPrefecture.get(lang),
        PoolingLevel::Province => T::LevelProvince.get(lang),
        PoolingLevel::National => T::LevelNational.get(lang),
    }
}

fn scope_label(scope: AdjustmentScope, lang: Lang) -> &'static str {
    match scope {
        AdjustmentScope::Province => T::FundScopeProvince.get(lang),
        AdjustmentScope::National => T::FundScopeNational.get(lang),
    }
}

/// The year a new step after `steps` starts.
fn next_year(years: impl Iterator<Item = i32>) -> i32 {
    years.max().map_or(FIRST_STEP_YEAR, |y| y + 1)
}

/// Draws the pooling section; a change pushes the whole new `Pooling` as one command.
pub fn pooling_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    let pooling = &app.state().scenario.pooling;
    let last_year = app.state().scenario.horizon;
    let first_year = app.state().dataset.base_year + 1;
    egui::CollapsingHeader::new(T::PoolingSection.get(lang))
        .id_salt("pooling_section")
        .default_open(!pooling.is_empty())
        .show(ui, |ui| {
            let mut next = pooling.clone();
            let mut changed = false;
            let mut ended = false;
            for (name, steps) in [
                (T::PoolingResident, &mut next.resident),
                (T::PoolingEmployee, &mut next.employee),
            ] {
                let heading = ui.label(egui::RichText::new(name.get(lang)).strong()).id;
                let mut remove = None;
                for (i, step) in steps.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        let from = ui.label(T::FromYear.get(lang)).id;
                        let r = ui
                            .add(
                                egui::DragValue::new(&mut step.from)
                                    .range(first_year..=last_year)
                                    .speed(0.2),
                            )
                            .labelled_by(from);
                        changed |= r.changed();
                        ended |= r.drag_stopped() || r.lost_focus();
                        egui::ComboBox::from_id_salt(("pooling_level", name.get(Lang::En), i))
                            .selected_text(level_label(step.level, lang))
                            .show_ui(ui, |ui| {
                                for level in [
                                    PoolingLevel::Prefecture,
                                    PoolingLevel::Province,
                                    PoolingLevel::National,
                                ] {
                                    if ui
                                        .selectable_label(
                                            step.level == level,
                                            level_label(level, lang),
                                        )
                                        .clicked()
                                        && step.level != level
                                    {
                                        step.level = level;
                                        changed = true;
                                        ended = true;
                                    }
                                }
                            })
                            .response
                            .labelled_by(heading);
                        if ui
                            .small_button("×")
                            .on_hover_text(T::RemoveStep.get(lang))
                            .clicked()
                        {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    steps.remove(i);
                    changed = true;
                    ended = true;
                }
                if ui
                    .small_button(format!("＋ {}", T::AddLevelStep.get(lang)))
                    .clicked()
                {
                    let from = next_year(steps.iter().map(|s| s.from));
                    steps.push(PoolingStep {
                        from: from.min(last_year),
                        level: PoolingLevel::Province,
                    });
                    changed = true;
                    ended = true;
                }
            }
            let heading = ui
                .label(egui::RichText::new(T::PoolingAdjustment.get(lang)).strong())
                .id;
            let mut remove = None;
            for (i, step) in next.adjustment.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    let from = ui.label(T::FromYear.get(lang)).id;
                    let r = ui
                        .add(
                            egui::DragValue::new(&mut step.from)
                                .range(first_year..=last_year)
                                .speed(0.2),
                        )
                        .labelled_by(from);
                    changed |= r.changed();
                    ended |= r.drag_stopped() || r.lost_focus();
                    egui::ComboBox::from_id_salt(("adjustment_scope", i))
                        .selected_text(scope_label(step.scope, lang))
                        .show_ui(ui, |ui| {
                            for scope in [AdjustmentScope::Province, AdjustmentScope::National] {
                                if ui
                                    .selectable_label(step.scope == scope, scope_label(scope, lang))
                                    .clicked()
                                    && step.scope != scope
                                {
                                    step.scope = scope;
                                    changed = true;
                                    ended = true;
                                }
                            }
                        })
                        .response
                        .labelled_by(heading);
                    // The rate α in percent of contribution income.
                    let mut percent = step.rate * 100.0;
                    let r = ui
                        .add(
                            egui::DragValue::new(&mut percent)
                                .range(0.0..=20.0)
                                .speed(0.05)
                                .max_decimals(2)
                                .suffix(" %"),
                        )
                        .labelled_by(heading);
                    if r.changed() {
                        step.rate = percent / 100.0;
                        changed = true;
                    }
                    ended |= r.drag_stopped() || r.lost_focus();
                    if ui
                        .small_button("×")
                        .on_hover_text(T::RemoveStep.get(lang))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                next.adjustment.remove(i);
                changed = true;
                ended = true;
            }
            if ui
                .small_button(format!("＋ {}", T::AddAdjustment.get(lang)))
                .clicked()
            {
                let from = next_year(next.adjustment.iter().map(|s| s.from));
                next.adjustment.push(AdjustmentStep::new(
                    from.min(last_year),
                    AdjustmentScope::National,
                    0.03,
                ));
                changed = true;
                ended = true;
            }
            if !next.is_empty() {
                ui.label(
                    egui::RichText::new(T::SyntheticNote.get(lang))
                        .small()
                        .weak(),
                );
            }
            if changed && next != *pooling {
                out.push(Command::SetPooling(next));
            }
            if ended {
                out.push(Command::EndEdit);
            }
        });
}
