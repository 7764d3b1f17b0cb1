//! The small path editor under a lever: the path kind and its year → value keys.

use crate::app::i18n::T;
use crate::app::panels::lever_row::LeverContext;
use crate::app::session::command::Command;
use crate::app::session::edits::with_keys;
use crate::app::session::history::Edit;
use crate::model::levers::LeverDef;
use crate::model::{LeverKey, LeverPath};
use eframe::egui;
use std::collections::BTreeMap;

/// Draws the editor of `key`'s path; `seed` is the path edits start from when the scenario
/// has none yet (`exists` false).
pub fn path_editor_ui(
    ui: &mut egui::Ui,
    def: &LeverDef,
    key: LeverKey,
    exists: bool,
    seed: &LeverPath,
    cx: &LeverContext<'_>,
    out: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let scale = def.unit.display_scale();
    let set = |path: Option<LeverPath>, continuing: bool| Command::SetLever {
        key,
        path,
        edit: Edit::Path { key },
        continuing,
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label(egui::RichText::new(T::PathKind.get(lang)).small());
            let kinds = [
                (T::PathSteps, LeverPath::Steps(BTreeMap::new())),
                (T::PathLinear, LeverPath::Linear(BTreeMap::new())),
                (T::PathIndexed, LeverPath::Indexed(BTreeMap::new())),
            ];
            let current = kinds
                .iter()
                .find(|(_, p)| p.kind_name() == seed.kind_name())
                .map_or(T::PathSteps, |(t, _)| *t);
            egui::ComboBox::from_id_salt(("path_kind", key))
                .selected_text(current.get(lang))
                .show_ui(ui, |ui| {
                    for (text, like) in &kinds {
                        // Only levers with an index may grow with it.
                        let allowed = !matches!(like, LeverPath::Indexed(_)) || def.index.is_some();
                        let selected = like.kind_name() == seed.kind_name();
                        if ui
                            .add_enabled(
                                allowed,
                                egui::Button::selectable(selected, text.get(lang)),
                            )
                            .clicked()
                            && !selected
                        {
                            out.push(set(Some(with_keys(like, seed.keys().clone())), false));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        let keys: Vec<(i32, f64)> = seed.keys().iter().map(|(y, v)| (*y, *v)).collect();
        egui::Grid::new(("path_keys", key))
            .num_columns(3)
            .show(ui, |ui| {
                for (i, &(year, value)) in keys.iter().enumerate() {
                    let mut y = year;
                    let yr = ui
                        .add(
                            egui::DragValue::new(&mut y)
                                .range(cx.base_year..=2100)
                                .speed(0.1)
                                .update_while_editing(false),
                        )
                        .on_hover_text(T::StartYear.get(lang));
                    let mut shown = value * scale;
                    let vr = ui.add(
                        egui::DragValue::new(&mut shown)
                            .range(def.hard.0 * scale..=def.hard.1 * scale)
                            .speed(((def.soft.1 - def.soft.0) * scale / 200.0).max(0.001))
                            .max_decimals(crate::app::format::lever_decimals(def))
                            .update_while_editing(false),
                    );
                    let vr = vr.on_hover_text(def.label(lang.is_zh()));
                    let remove = ui.add_enabled(
                        keys.len() > 1 || exists,
                        egui::Button::new(T::RemoveKey.get(lang)).small(),
                    );
                    ui.end_row();
                    if yr.changed() || vr.changed() {
                        let mut new = keys.clone();
                        // Stored at the precision the field shows.
                        new[i] = (y, crate::app::format::lever_shown(def, shown / scale));
                        let continuing = (yr.dragged() && !yr.drag_started())
                            || (vr.dragged() && !vr.drag_started());
                        out.push(set(Some(with_keys(seed, new)), continuing));
                    }
                    if yr.drag_stopped() || vr.drag_stopped() || yr.lost_focus() || vr.lost_focus()
                    {
                        out.push(Command::EndEdit);
                    }
                    if remove.clicked() {
                        let rest: Vec<_> =
                            keys.iter().copied().filter(|(k, _)| *k != year).collect();
                        out.push(set(
                            (!rest.is_empty()).then(|| with_keys(seed, rest)),
                            false,
                        ));
                    }
                }
            });
        if ui.small_button(T::AddKey.get(lang)).clicked() {
            let (last_year, last_value) = keys
                .last()
                .copied()
                .unwrap_or((cx.first_reform_year - 1, 0.0));
            let mut new = keys.clone();
            new.push((last_year.max(cx.base_year) + 1, last_value));
            out.push(set(Some(with_keys(seed, new)), false));
        }
    });
}
