//! The left panel: scenario settings (title, balancing rule, horizon), the national/province
//! editing scope, and every lever of the catalogue, grouped.

use super::command::Command;
use super::i18n::{T, tf};
use super::lever_row::{LeverContext, lever_row_ui};
use super::yibao_app::{FIRST_REFORM_YEAR, ViewState, YibaoApp};
use crate::model::Balancing;
use crate::model::levers::{Group, LEVERS};
use crate::model::scenario::MAX_HORIZON;
use eframe::egui;

/// Groups open when the app starts; the rest hold rarely changed model parameters.
const OPEN_GROUPS: [Group; 7] = [
    Group::ResidentFinancing,
    Group::EmployeeFinancing,
    Group::PersonalAccounts,
    Group::Pooling,
    Group::Benefits,
    Group::Retirement,
    Group::Economy,
];

/// Draws the lever panel.
pub fn lever_panel_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    let zh = lang.is_zh();
    let scenario = &app.state.scenario;
    ui.add_space(4.0);
    ui.heading(T::Levers.get(lang));

    let label_width = if zh { 84.0 } else { 110.0 };
    let row = |ui: &mut egui::Ui, text: &str, add: &mut dyn FnMut(&mut egui::Ui, egui::Id)| {
        ui.horizontal(|ui| {
            let label = ui.label(text);
            ui.add_space((label_width - label.rect.width()).max(0.0));
            add(ui, label.id);
        });
    };
    row(ui, T::ScenarioTitle.get(lang), &mut |ui, label| {
        let mut title = scenario.title.clone();
        let response = ui
            .add(egui::TextEdit::singleline(&mut title).desired_width(ui.available_width()))
            .labelled_by(label);
        if response.changed() {
            out.push(Command::SetTitle(title));
        }
        if response.lost_focus() {
            out.push(Command::EndEdit);
        }
    });
    row(ui, T::Balancing.get(lang), &mut |ui, label| {
        egui::ComboBox::from_id_salt("balancing")
            .selected_text(scenario.balancing.label(zh))
            .show_ui(ui, |ui| {
                for b in Balancing::ALL {
                    if ui
                        .selectable_label(scenario.balancing == b, b.label(zh))
                        .clicked()
                        && scenario.balancing != b
                    {
                        out.push(Command::SetBalancing(b));
                    }
                }
            })
            .response
            .labelled_by(label);
    });
    row(ui, T::Horizon.get(lang), &mut |ui, label| {
        let mut horizon = scenario.horizon;
        let response = ui
            .add(
                egui::DragValue::new(&mut horizon)
                    .range(app.state.dataset.base_year + 5..=MAX_HORIZON)
                    .speed(0.2),
            )
            .labelled_by(label);
        if response.changed() && horizon != scenario.horizon {
            out.push(Command::SetHorizon(horizon));
        }
        if response.drag_stopped() || response.lost_focus() {
            out.push(Command::EndEdit);
        }
    });

    ui.separator();
    scope_ui(ui, app, view, out);
    ui.add(
        egui::TextEdit::singleline(&mut view.lever_filter)
            .hint_text(T::FilterLevers.get(lang))
            .desired_width(f32::INFINITY),
    );
    ui.separator();

    let province = app.province_code();
    let cx = LeverContext {
        scenario,
        base_year: app.state.dataset.base_year,
        lang,
        view_province: province,
        edit_province: province.filter(|_| view.province_scope),
        first_reform_year: FIRST_REFORM_YEAR,
    };
    let filter = view.lever_filter.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("levers")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in Group::ALL {
                let levers: Vec<_> = LEVERS
                    .iter()
                    .filter(|d| d.group == group)
                    .filter(|d| {
                        filter.is_empty()
                            || d.id.contains(&filter)
                            || d.label_zh.contains(&filter)
                            || d.label_en.to_lowercase().contains(&filter)
                    })
                    .collect();
                if levers.is_empty() {
                    continue;
                }
                let changed = levers
                    .iter()
                    .filter(|d| {
                        scenario
                            .levers
                            .keys()
                            .any(|k| k == d.id || k.starts_with(&format!("{}@", d.id)))
                    })
                    .count();
                let mut title = egui::RichText::new(group.label(zh)).strong();
                if changed > 0 {
                    title = egui::RichText::new(format!("{} ●{changed}", group.label(zh))).strong();
                }
                egui::CollapsingHeader::new(title)
                    .id_salt(("group", group as usize))
                    .default_open(OPEN_GROUPS.contains(&group) || !filter.is_empty())
                    .show(ui, |ui| {
                        if group == Group::Pooling {
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(T::PoolingPlaceholder.get(lang))
                                        .small()
                                        .weak(),
                                )
                                .wrap(),
                            );
                        }
                        for def in levers {
                            ui.push_id(def.id, |ui| lever_row_ui(ui, &cx, def, view, out));
                            ui.add_space(6.0);
                        }
                    });
            }
        });
}

/// National levers or the selected province's overrides.
fn scope_ui(ui: &mut egui::Ui, app: &YibaoApp, view: &ViewState, out: &mut Vec<Command>) {
    let lang = app.lang();
    match app.province_code() {
        Some(code) => {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .selectable_label(!view.province_scope, T::ScopeNation.get(lang))
                    .clicked()
                {
                    out.push(Command::SetProvinceScope(false));
                }
                let name = app.unit_name(code);
                if ui
                    .selectable_label(
                        view.province_scope,
                        tf(lang, T::ScopeProvince, &[&name, code]),
                    )
                    .clicked()
                {
                    out.push(Command::SetProvinceScope(true));
                }
            });
        }
        None => {
            ui.label(egui::RichText::new(T::ScopeHint.get(lang)).small().weak());
        }
    }
}
