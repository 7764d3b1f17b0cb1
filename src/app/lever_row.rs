//! One lever in the panel: changed marker, label with hover card, slider with exact entry and
//! unit, the year it applies from, the current-law value, reset and the path editor toggle.

use super::command::Command;
use super::format;
use super::history::Edit;
use super::i18n::{Lang, T};
use super::path_editor::path_editor_ui;
use super::resolve::{baseline_value_at, lever_key, lever_value_at, simple_edit, with_keys};
use super::theme;
use super::yibao_app::ViewState;
use crate::model::Scenario;
use crate::model::levers::{LeverDef, Unit};
use eframe::egui;

/// What a lever row reads besides the lever.
pub struct LeverContext<'a> {
    /// The working scenario.
    pub scenario: &'a Scenario,
    /// First projected year.
    pub base_year: i32,
    /// UI language.
    pub lang: Lang,
    /// The selected province (values are shown for it), if any.
    pub view_province: Option<&'a str>,
    /// The province whose `@CODE` overrides are edited, if any.
    pub edit_province: Option<&'a str>,
    /// Default year simple edits apply from.
    pub first_reform_year: i32,
}

/// Slider step in display units.
fn step(def: &LeverDef) -> f64 {
    match def.unit {
        Unit::YuanPerYear | Unit::Integer => 1.0,
        Unit::Years => 0.1,
        _ => 0.01,
    }
}

/// Draws one lever.
pub fn lever_row_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let zh = lang.is_zh();
    let edit_province = cx.edit_province.filter(|_| def.per_province);
    let key = lever_key(def, edit_province);
    let existing = cx.scenario.levers.get(&key);
    let path_year = existing
        .and_then(|p| p.first_year())
        .filter(|y| *y > i32::MIN);
    let from_year = path_year
        .or_else(|| view.from_years.get(&key).copied())
        .unwrap_or(cx.first_reform_year);
    let value = lever_value_at(
        cx.scenario,
        def.lever,
        cx.view_province,
        cx.base_year,
        from_year,
    );
    let baseline = baseline_value_at(def.lever, cx.view_province, cx.base_year, from_year);
    let national_changed = cx.scenario.levers.contains_key(def.id);
    let province_changed = cx
        .view_province
        .is_some_and(|c| cx.scenario.levers.contains_key(&lever_key(def, Some(c))));

    // Row 1: marker, label (hover card), path toggle and reset.
    let label_id = ui
        .horizontal(|ui| {
            marker_ui(ui, def, national_changed, province_changed, lang);
            let mut text = egui::RichText::new(def.label(zh));
            if existing.is_some() {
                text = text.strong();
            }
            let label = ui
                .add(egui::Label::new(text).sense(egui::Sense::hover()))
                .on_hover_ui(|ui| hover_card_ui(ui, cx, def, from_year, baseline));
            if !def.in_effect {
                ui.label(
                    egui::RichText::new(format!("（{}）", T::NotInEffect.get(lang)))
                        .small()
                        .weak(),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let reset = ui
                    .add_enabled(
                        existing.is_some(),
                        egui::Button::new(T::ResetLever.get(lang)).small(),
                    )
                    .on_hover_text(T::ResetLeverHint.get(lang));
                if reset.clicked() {
                    out.push(Command::SetLever {
                        key: key.clone(),
                        path: None,
                        edit: Edit::Reset { key: key.clone() },
                        continuing: false,
                    });
                }
                let mut open = view.open_paths.contains(&key);
                if ui
                    .toggle_value(
                        &mut open,
                        egui::RichText::new(T::EditPath.get(lang)).small(),
                    )
                    .changed()
                {
                    if open {
                        view.open_paths.insert(key.clone());
                    } else {
                        view.open_paths.remove(&key);
                    }
                }
            });
            label.id
        })
        .inner;

    // Row 2: slider with its number field, and the unit.
    let scale = def.unit.display_scale();
    ui.horizontal(|ui| {
        let mut shown = value * scale;
        let response = if def.unit == Unit::Integer {
            ui.add(
                egui::DragValue::new(&mut shown)
                    .range(def.hard.0..=def.hard.1)
                    .speed(1.0),
            )
        } else {
            let lo = (def.soft.0 * scale).min(shown).min(baseline * scale);
            let hi = (def.soft.1 * scale).max(shown).max(baseline * scale);
            // The slider takes what the number field and the unit leave, measured rather than
            // guessed: an overflowing row would widen the panel, and the slider with it, every
            // frame.
            let unit_width = egui::WidgetText::from(def.unit.label(zh))
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Body,
                )
                .size()
                .x;
            let spacing = ui.spacing().item_spacing.x;
            let number_width = 64.0;
            ui.spacing_mut().slider_width =
                (ui.available_width() - unit_width - number_width - 3.0 * spacing).max(60.0);
            ui.add(
                egui::Slider::new(&mut shown, lo..=hi)
                    .clamping(egui::SliderClamping::Never)
                    .step_by(step(def))
                    .custom_formatter(|v, _| format::lever_value(def, v / scale))
                    .custom_parser(format::parse_number),
            )
        };
        let response = response.labelled_by(label_id);
        ui.label(egui::RichText::new(def.unit.label(zh)).weak());
        if response.changed() {
            let new = (shown / scale).clamp(def.hard.0, def.hard.1);
            if new.is_finite() && (new - value).abs() > f64::EPSILON * value.abs().max(1.0) {
                let continuing = response.dragged() && !response.drag_started();
                out.push(Command::SetLever {
                    key: key.clone(),
                    path: Some(simple_edit(existing, def, from_year, new)),
                    edit: Edit::Lever {
                        key: key.clone(),
                        old: Some(value),
                        new: Some(new),
                    },
                    continuing,
                });
            }
        }
        if response.drag_stopped() || response.lost_focus() {
            out.push(Command::EndEdit);
        }
    });

    // Row 3: the year it applies from and the current-law value.
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(egui::RichText::new(T::FromYear.get(lang)).small());
        let several_keys = existing.is_some_and(|p| p.keys().len() > 1);
        let mut year = from_year;
        let response = ui
            .add_enabled(
                !several_keys,
                egui::DragValue::new(&mut year)
                    .range(cx.base_year + 1..=cx.scenario.horizon)
                    .speed(0.1),
            )
            .on_hover_text(format!("{} · {}", def.label(zh), T::StartYear.get(lang)));
        ui.label(egui::RichText::new(T::YearSuffix.get(lang)).small());
        if response.changed() && year != from_year {
            match existing {
                Some(path) => out.push(Command::SetLever {
                    key: key.clone(),
                    path: Some(with_keys(path, path.keys().values().map(|v| (year, *v)))),
                    edit: Edit::Path { key: key.clone() },
                    continuing: response.dragged() && !response.drag_started(),
                }),
                None => {
                    view.from_years.insert(key.clone(), year);
                }
            }
        }
        ui.label(
            egui::RichText::new(format!(
                " · {} {}",
                T::DefaultValue.get(lang),
                format::lever_value_unit(def, baseline, lang)
            ))
            .small()
            .weak(),
        );
    });

    if view.open_paths.contains(&key) {
        let seed = existing
            .cloned()
            .unwrap_or_else(|| simple_edit(None, def, from_year, value));
        path_editor_ui(ui, def, &key, existing.is_some(), &seed, cx, out);
    }
}

/// The small dot that marks a lever the scenario changed (orange) or overrides for the selected
/// province (purple); it names itself for screen readers and tests.
fn marker_ui(ui: &mut egui::Ui, def: &LeverDef, national: bool, province: bool, lang: Lang) {
    let size = egui::vec2(10.0, 10.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let label = def.label(lang.is_zh());
    let (color, name) = match (national, province) {
        (_, true) => (theme::PROVINCE_OVERRIDE, T::ChangedProvince.get(lang)),
        (true, false) => (theme::CHANGED, T::Changed.get(lang)),
        (false, false) => return,
    };
    ui.painter().circle_filled(rect.center(), 4.0, color);
    let text = format!("{name}{}{label}", super::i18n::colon(lang));
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, text.clone())
    });
    response.on_hover_text(name);
}

/// The hover card: description, unit, ranges, current-law value, source and id.
fn hover_card_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    year: i32,
    baseline: f64,
) {
    let lang = cx.lang;
    let zh = lang.is_zh();
    ui.set_max_width(420.0);
    ui.label(egui::RichText::new(def.label(zh)).strong());
    ui.add(egui::Label::new(def.description(zh)).wrap());
    ui.separator();
    let range = |r: (f64, f64)| {
        format!(
            "{} – {}",
            format::lever_value_unit(def, r.0, lang),
            format::lever_value_unit(def, r.1, lang)
        )
    };
    egui::Grid::new(("lever_card", def.id))
        .num_columns(2)
        .show(ui, |ui| {
            let unit = def.unit.label(zh);
            ui.label(T::Unit.get(lang));
            ui.label(if unit.is_empty() { "—" } else { unit });
            ui.end_row();
            ui.label(T::ValidRange.get(lang));
            ui.label(range(def.hard));
            ui.end_row();
            ui.label(T::AdviseRange.get(lang));
            ui.label(range(def.soft));
            ui.end_row();
            ui.label(T::DefaultValue.get(lang));
            ui.label(format!(
                "{}（{}）",
                format::lever_value_unit(def, baseline, lang),
                format::year(year, lang)
            ));
            ui.end_row();
            for (key, path) in cx
                .scenario
                .levers
                .iter()
                .filter(|(k, _)| *k == def.id || k.starts_with(&format!("{}@", def.id)))
            {
                ui.label(T::ScenarioValue.get(lang));
                ui.label(format!("{key}: {}", path_text(def, path)));
                ui.end_row();
            }
            ui.label(T::LeverId.get(lang));
            ui.monospace(def.id);
            ui.end_row();
        });
    ui.label(egui::RichText::new(T::Source.get(lang)).weak());
    ui.add(egui::Label::new(egui::RichText::new(def.reference).small()).wrap());
}

/// A path as a short text in display units: `Indexed 2026: 500`.
pub fn path_text(def: &LeverDef, path: &crate::model::Path) -> String {
    let keys: Vec<String> = path
        .keys()
        .iter()
        .map(|(y, v)| {
            if *y == i32::MIN {
                format::lever_value(def, *v)
            } else {
                format!("{y}: {}", format::lever_value(def, *v))
            }
        })
        .collect();
    format!("{} {}", path.kind_name(), keys.join(", "))
}
