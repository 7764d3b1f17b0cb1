//! The 统筹层次 / pooling editor of the lever panel: the scenario's pooling levels per scheme
//! and its adjustment funds (docs/model.md §12), edited as undoable commands. The two-part design's
//! extra fields are kept as written in the file (the editor shows and changes the one-rate
//! part only).

use crate::app::i18n::{Lang, T};
use crate::app::session::command::Command;
use crate::app::yibao_app::YibaoApp;
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

/// What the section's widgets did this frame: a value changed, and an edit ended (so that a
/// drag is one undo step).
#[derive(Default)]
struct Edits {
    changed: bool,
    ended: bool,
}

impl Edits {
    /// A discrete change (a pick, an added or removed step): changed and ended at once.
    fn done(&mut self) {
        self.changed = true;
        self.ended = true;
    }

    /// A dragged or typed value: changed while it moves, ended when it stops.
    fn track(&mut self, r: &egui::Response) -> bool {
        self.changed |= r.changed();
        self.ended |= r.drag_stopped() || r.lost_focus();
        r.changed()
    }
}

/// "自 [year]": the first year of a step, within `range`.
fn year_field(
    ui: &mut egui::Ui,
    lang: Lang,
    year: &mut i32,
    range: std::ops::RangeInclusive<i32>,
    edits: &mut Edits,
) {
    let from = ui.label(T::FromYear.get(lang)).id;
    let r = ui
        .add(
            egui::DragValue::new(year)
                .range(range)
                .speed(0.2)
                .update_while_editing(false),
        )
        .labelled_by(from);
    edits.track(&r);
}

/// A combo box over `options`, named by the label `name`.
fn choice<V: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    value: &mut V,
    options: &[V],
    label: impl Fn(V) -> &'static str,
    name: egui::Id,
    edits: &mut Edits,
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(label(*value))
        .show_ui(ui, |ui| {
            for &option in options {
                if ui
                    .selectable_label(*value == option, label(option))
                    .clicked()
                    && *value != option
                {
                    *value = option;
                    edits.done();
                }
            }
        })
        .response
        .labelled_by(name);
}

/// The "×" of a step.
fn remove_button(ui: &mut egui::Ui, lang: Lang) -> bool {
    ui.small_button("×")
        .on_hover_text(T::RemoveStep.get(lang))
        .clicked()
}

/// The "＋ …" button under a list of steps.
fn add_button(ui: &mut egui::Ui, lang: Lang, text: T) -> bool {
    ui.small_button(format!("＋ {}", text.get(lang))).clicked()
}

/// Draws the pooling section; a change pushes the whole new `Pooling` as one command.
pub fn pooling_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    let pooling = &app.state().scenario.pooling;
    let last_year = app.state().scenario.horizon;
    let years = app.state().dataset.base_year + 1..=last_year;
    egui::CollapsingHeader::new(T::PoolingSection.get(lang))
        .id_salt("pooling_section")
        .default_open(!pooling.is_empty())
        .show(ui, |ui| {
            let mut next = pooling.clone();
            let mut edits = Edits::default();
            for (name, steps) in [
                (T::PoolingResident, &mut next.resident),
                (T::PoolingEmployee, &mut next.employee),
            ] {
                let heading = ui.label(egui::RichText::new(name.get(lang)).strong()).id;
                let mut remove = None;
                for (i, step) in steps.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        year_field(ui, lang, &mut step.from, years.clone(), &mut edits);
                        choice(
                            ui,
                            ("pooling_level", name.get(Lang::En), i),
                            &mut step.level,
                            &[
                                PoolingLevel::Prefecture,
                                PoolingLevel::Province,
                                PoolingLevel::National,
                            ],
                            |l| level_label(l, lang),
                            heading,
                            &mut edits,
                        );
                        if remove_button(ui, lang) {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    steps.remove(i);
                    edits.done();
                }
                if add_button(ui, lang, T::AddLevelStep) {
                    let from = next_year(steps.iter().map(|s| s.from));
                    steps.push(PoolingStep {
                        from: from.min(last_year),
                        level: PoolingLevel::Province,
                    });
                    edits.done();
                }
            }
            let heading = ui
                .label(egui::RichText::new(T::PoolingAdjustment.get(lang)).strong())
                .id;
            let mut remove = None;
            for (i, step) in next.adjustment.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    year_field(ui, lang, &mut step.from, years.clone(), &mut edits);
                    choice(
                        ui,
                        ("adjustment_scope", i),
                        &mut step.scope,
                        &[AdjustmentScope::Province, AdjustmentScope::National],
                        |s| scope_label(s, lang),
                        heading,
                        &mut edits,
                    );
                    // The rate α in percent of contribution income.
                    let mut percent = step.rate * 100.0;
                    let r = ui
                        .add(
                            egui::DragValue::new(&mut percent)
                                .range(0.0..=20.0)
                                .speed(0.05)
                                .max_decimals(2)
                                .suffix(" %")
                                .update_while_editing(false),
                        )
                        .labelled_by(heading);
                    if edits.track(&r) {
                        // Stored as shown: two decimals of a percent.
                        step.rate = format!("{:.4}", percent / 100.0)
                            .parse()
                            .unwrap_or(percent / 100.0);
                    }
                    if remove_button(ui, lang) {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                next.adjustment.remove(i);
                edits.done();
            }
            if add_button(ui, lang, T::AddAdjustment) {
                let from = next_year(next.adjustment.iter().map(|s| s.from));
                next.adjustment.push(AdjustmentStep::new(
                    from.min(last_year),
                    AdjustmentScope::National,
                    0.03,
                ));
                edits.done();
            }
            if !next.is_empty() {
                ui.label(
                    egui::RichText::new(T::SyntheticNote.get(lang))
                        .small()
                        .weak(),
                );
            }
            if edits.changed && next != *pooling {
                out.push(Command::SetPooling(next));
            }
            if edits.ended {
                out.push(Command::EndEdit);
            }
        });
}
