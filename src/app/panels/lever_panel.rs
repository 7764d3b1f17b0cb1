//! The left panel: scenario settings (title, balancing rule, horizon), the national/province
//! editing scope, and every lever of the catalogue, grouped.

use crate::app::i18n::{T, tf};
use crate::app::panels::lever_row::{LeverContext, lever_row_ui};
use crate::app::session::command::Command;
use crate::app::yibao_app::{FIRST_REFORM_YEAR, ViewState, YibaoApp};
use crate::model::Balancing;
use crate::model::levers::{Group, LEVERS};
use crate::model::scenario::MAX_HORIZON;
use eframe::egui;

/// Groups open when the app starts (inside their section); the rest hold rarely changed
/// parameters.
const OPEN_GROUPS: [Group; 6] = [
    Group::ResidentFinancing,
    Group::EmployeeFinancing,
    Group::PersonalAccounts,
    Group::Benefits,
    Group::Retirement,
    Group::Economy,
];

/// Groups of model assumptions and technical parameters (growth, behaviour, the synthetic
/// sub-units and their random seed, stochastic shocks): drawn in their own section, collapsed,
/// below the policy levers.
pub const ASSUMPTION_GROUPS: [Group; 4] = [
    Group::Economy,
    Group::Behaviour,
    Group::Pooling,
    Group::Stochastic,
];

/// Whether the panel shows a lever: levers not in effect yet are hidden unless the scenario
/// sets them (so that a file's values stay visible and can be reset).
pub fn lever_shown(def: &crate::model::LeverDef, scenario: &crate::model::Scenario) -> bool {
    def.in_effect || sets_lever(scenario, def)
}

/// Whether a lever matches the (lower-case) search text.
fn matches_filter(def: &crate::model::LeverDef, filter: &str) -> bool {
    filter.is_empty()
        || def.id.contains(filter)
        || def.label_zh.contains(filter)
        || def.label_en.to_lowercase().contains(filter)
}

/// Whether the scenario sets any lever of the assumptions section.
pub fn sets_assumptions(scenario: &crate::model::Scenario) -> bool {
    LEVERS
        .iter()
        .any(|d| ASSUMPTION_GROUPS.contains(&d.group) && sets_lever(scenario, d))
}

fn sets_lever(scenario: &crate::model::Scenario, def: &crate::model::LeverDef) -> bool {
    scenario.lever_paths().any(|(k, _)| k.lever == def.lever)
}

/// Draws the lever panel: the scenario's own fields, pooling, the scope and the filter, then
/// the policy levers by group and the assumptions folded below them.
pub fn lever_panel_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    ui.add_space(4.0);
    ui.heading(T::Levers.get(lang));
    scenario_fields_ui(ui, app, view, out);
    crate::app::panels::pooling_editor::pooling_ui(ui, app, out);

    ui.separator();
    scope_ui(ui, app, view, out);
    ui.add(
        egui::TextEdit::singleline(&mut view.lever_filter)
            .hint_text(T::FilterLevers.get(lang))
            .desired_width(f32::INFINITY),
    );
    ui.separator();

    let province = app.selected_unit().province();
    let unit_name = app.unit_name(app.unit());
    let analysis = crate::app::panels::uncertainty_ui::current_key(app);
    let cx = LeverContext {
        scenario: &app.state.scenario,
        levers: app.state.levers(),
        law: app.state.law_levers(),
        base_year: app.state.dataset.base_year,
        lang,
        view_province: province,
        edit_province: province.filter(|_| view.province_scope),
        first_reform_year: FIRST_REFORM_YEAR,
        solve: &app.uncertainty,
        unit_name: &unit_name,
        fund: app.fund(),
        analysis: &analysis,
    };
    let filter = view.lever_filter.trim().to_lowercase();
    // A solid scroll bar beside the rows, not a floating one over their right edge, where the
    // 重置 buttons are.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    egui::ScrollArea::vertical()
        .id_salt("levers")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in Group::ALL
                .into_iter()
                .filter(|g| !ASSUMPTION_GROUPS.contains(g))
            {
                group_ui(ui, &cx, group, &filter, view, out);
            }
            assumptions_ui(ui, &cx, &filter, view, out);
        });
}

/// The scenario's own fields, each with its label in a column: title, the about section,
/// balancing rule and horizon.
fn scenario_fields_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    let zh = lang.is_zh();
    let scenario = &app.state.scenario;
    let label_width = if zh { 84.0 } else { 110.0 };
    let row = |ui: &mut egui::Ui, text: &str, add: &mut dyn FnMut(&mut egui::Ui, egui::Id)| {
        ui.horizontal(|ui| {
            let label = ui.label(text);
            ui.add_space((label_width - label.rect.width()).max(0.0));
            add(ui, label.id);
        });
    };
    row(ui, T::ScenarioTitle.get(lang), &mut |ui, label| {
        let mut title = crate::app::session::changes::shown_title(&scenario.title, lang).to_owned();
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
    about_ui(ui, app, view, out);
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
                    .speed(0.2)
                    .update_while_editing(false),
            )
            .labelled_by(label);
        if response.changed() && horizon != scenario.horizon {
            out.push(Command::SetHorizon(horizon));
        }
        if response.drag_stopped() || response.lost_focus() {
            out.push(Command::EndEdit);
        }
    });
}

/// The assumption groups, folded under one header that counts the levers the scenario sets
/// (open while a filter is typed, or once after a file that sets one was opened or saved),
/// and the count of levers hidden as not in effect.
fn assumptions_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    filter: &str,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let (lang, scenario) = (cx.lang, cx.scenario);
    let changed = LEVERS
        .iter()
        .filter(|d| ASSUMPTION_GROUPS.contains(&d.group) && sets_lever(scenario, d))
        .count();
    let any_match = LEVERS.iter().any(|d| {
        ASSUMPTION_GROUPS.contains(&d.group)
            && lever_shown(d, scenario)
            && matches_filter(d, filter)
    });
    let mut title = T::AssumptionSection.get(lang).to_owned();
    if changed > 0 {
        title = format!("{title} ●{changed}");
    }
    ui.add_space(4.0);
    if !any_match {
        return;
    }
    egui::CollapsingHeader::new(egui::RichText::new(title).strong())
        .id_salt("assumptions")
        .default_open(false)
        .open((!filter.is_empty() || std::mem::take(&mut view.reveal_assumptions)).then_some(true))
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(T::AssumptionHint.get(lang))
                        .small()
                        .weak(),
                )
                .wrap(),
            );
            for group in ASSUMPTION_GROUPS {
                group_ui(ui, cx, group, filter, view, out);
            }
        });
    let hidden = LEVERS.iter().filter(|d| !lever_shown(d, scenario)).count();
    if hidden > 0 {
        ui.add(
            egui::Label::new(
                egui::RichText::new(tf(lang, T::HiddenLevers, &[&hidden.to_string()]))
                    .small()
                    .weak(),
            )
            .wrap(),
        );
    }
}

/// One group of levers (skipped when the filter or the in-effect rule leaves none).
fn group_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    group: Group,
    filter: &str,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let zh = lang.is_zh();
    let scenario = cx.scenario;
    let levers: Vec<_> = LEVERS
        .iter()
        .filter(|d| d.group == group && lever_shown(d, scenario))
        .filter(|d| matches_filter(d, filter))
        .collect();
    if levers.is_empty() {
        return;
    }
    let changed = levers.iter().filter(|d| sets_lever(scenario, d)).count();
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
                ui.push_id(def.id, |ui| lever_row_ui(ui, cx, def, view, out));
                ui.add_space(6.0);
            }
        });
}

/// The scenario's description and references, editable (each an undoable edit).
fn about_ui(ui: &mut egui::Ui, app: &YibaoApp, view: &mut ViewState, out: &mut Vec<Command>) {
    let lang = app.lang();
    let scenario = &app.state.scenario;
    egui::CollapsingHeader::new(T::AboutScenario.get(lang))
        .id_salt("about_scenario")
        .default_open(false)
        .show(ui, |ui| {
            let label = ui.label(egui::RichText::new(T::Description.get(lang)).small());
            let mut text = scenario.description.clone();
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if response.changed() {
                out.push(Command::SetDescription(text));
            }
            if response.lost_focus() {
                out.push(Command::EndEdit);
            }
            let label = ui.label(egui::RichText::new(T::References.get(lang)).small());
            // While the field has the focus it shows what is typed (blank lines included); the
            // scenario keeps the non-blank lines.
            let mut text = view
                .references_text
                .clone()
                .unwrap_or_else(|| scenario.references.join("\n"));
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
                .on_hover_text(T::ReferencesHint.get(lang));
            if response.changed() {
                let refs: Vec<String> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
                if refs != scenario.references {
                    out.push(Command::SetReferences(refs));
                }
            }
            if response.has_focus() || response.changed() {
                view.references_text = Some(text);
            }
            if response.lost_focus() {
                view.references_text = None;
                out.push(Command::EndEdit);
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
