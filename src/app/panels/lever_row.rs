//! One lever in the panel: changed marker, label with hover card, slider with exact entry and
//! unit, the year it applies from, the current-law value, reset and the path editor toggle.

use crate::app::format;
use crate::app::i18n::{Lang, T, tf};
use crate::app::panels::path_editor::path_editor_ui;
use crate::app::plots::charts;
use crate::app::session::command::Command;
use crate::app::session::edits::{delta_path, freeze_path, shift_path, simple_edit, with_keys};
use crate::app::session::history::Edit;
use crate::app::theme;
use crate::app::yibao_app::ViewState;
use crate::model::levers::{LeverDef, ValueUnit};
use crate::model::resolve::Resolved;
use crate::model::{LeverKey, LeverPath, Province, Scenario};
use eframe::egui;

/// What a lever row reads besides the lever.
pub struct LeverContext<'a> {
    /// The working scenario.
    pub scenario: &'a Scenario,
    /// Its levers as resolved (the projection's own, or the edited scenario's while that runs).
    pub levers: &'a Resolved,
    /// Current law's levers as resolved.
    pub law: &'a Resolved,
    /// First projected year.
    pub base_year: i32,
    /// UI language.
    pub lang: Lang,
    /// The selected province (values are shown for it), if any.
    pub view_province: Option<Province>,
    /// The province whose `@CODE` overrides are edited, if any.
    pub edit_province: Option<Province>,
    /// Default year simple edits apply from.
    pub first_reform_year: i32,
    /// The goal-seek job and answer (the Solve popup).
    pub solve: &'a crate::app::session::uncertainty::Uncertainty,
    /// The selected unit's name (the Solve popup's targets are measured on it).
    pub unit_name: &'a str,
    /// The selected fund.
    pub fund: crate::model::Fund,
    /// What an analysis result must have been computed on to be current (scenario, unit, fund,
    /// data); the Solve popup marks any other answer outdated.
    pub analysis: &'a crate::app::session::uncertainty::Key,
}

impl LeverContext<'_> {
    /// The working scenario's value of a lever in a year, for the nation (`None`) or a province.
    fn value(&self, def: &LeverDef, province: Option<Province>, year: i32) -> f64 {
        self.levers
            .unit_in_year(def.lever, province.map(Province::index), year)
    }

    /// Current law's value of a lever in a year, for the nation (`None`) or a province.
    fn law_value(&self, def: &LeverDef, province: Option<Province>, year: i32) -> f64 {
        self.law
            .unit_in_year(def.lever, province.map(Province::index), year)
    }
}

/// Slider step in display units.
fn step(def: &LeverDef) -> f64 {
    match def.unit {
        ValueUnit::YuanPerYear | ValueUnit::Integer => 1.0,
        ValueUnit::Years => 0.1,
        _ => 0.01,
    }
}

/// What the slider of a lever edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SliderTarget {
    /// No path or a one-key path: the value from the start year on.
    Simple,
    /// A multi-year path, shifted as a whole (every key by the same amount).
    Whole,
    /// One key year of a multi-year path.
    Year(i32),
}

/// Money levers (yuan per head) get the relative entry and the freeze action.
pub fn is_money(def: &LeverDef) -> bool {
    def.unit == ValueUnit::YuanPerYear
}

/// Draws one lever: its header, the slider, the keys of a multi-year path, the year it
/// applies from, the change relative to current law (money levers) and the path editor.
pub fn lever_row_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let row = Row::new(cx, def, view);
    // Row 1: marker, label (hover card), path toggle and reset.
    let label_id = header_ui(ui, cx, &row, view, out);
    // Row 2: slider with its number field, and the unit.
    slider_ui(ui, cx.lang, &row, label_id, out);
    // Row 2b, multi-year paths only: the whole path, and what the slider edits.
    if let Some(path) = row.multi {
        path_keys_ui(ui, def, row.key, path, row.target, view, cx.lang);
    }
    // Row 3: the year it applies from and the current-law value.
    from_year_ui(ui, cx, &row, view, out);
    // Row 4, money levers: the change relative to current law, freezing, and what current law
    // and the scenario give over the years the change covers.
    if is_money(def) {
        relative_ui(ui, cx, def, row.key, row.existing, row.from_year, out);
    }
    if view.open_paths.contains(&row.key) {
        let seed = row
            .existing
            .cloned()
            .unwrap_or_else(|| simple_edit(None, def, row.from_year, row.value));
        path_editor_ui(ui, def, row.key, row.existing.is_some(), &seed, cx, out);
    }
}

/// What one lever row shows and edits, read once per frame.
struct Row<'a> {
    def: &'a LeverDef,
    /// The province whose override the row edits (per-province levers only).
    edit_province: Option<Province>,
    /// The key the row's edits write (`id` or `id@CODE`).
    key: LeverKey,
    /// The scenario's path under that key, if it sets one.
    existing: Option<&'a LeverPath>,
    /// The year a simple edit applies from.
    from_year: i32,
    /// The working scenario's value in that year (for the selected province or the nation).
    value: f64,
    /// Current law's value in that year.
    baseline: f64,
    /// Whether the national path, or the selected province's override, is set.
    changed: (bool, bool),
    /// The scenario's path when it has several keys.
    multi: Option<&'a LeverPath>,
    /// What the slider edits.
    target: SliderTarget,
    /// The value the slider shows.
    slider_value: f64,
}

impl<'a> Row<'a> {
    fn new(cx: &LeverContext<'a>, def: &'a LeverDef, view: &ViewState) -> Self {
        let edit_province = cx.edit_province.filter(|_| def.per_province);
        let key = LeverKey::new(def.lever, edit_province);
        let existing = cx.scenario.lever(key);
        let path_year = existing
            .and_then(|p| p.first_year())
            .filter(|y| *y > i32::MIN);
        // A lever read in the base year only is edited in the base year.
        let first_year = if crate::scenario::BASE_YEAR_ONLY.contains(&def.lever) {
            crate::scenario::FIRST_LEVER_YEAR
        } else {
            cx.first_reform_year
        };
        let from_year = path_year
            .or_else(|| view.from_years.get(&key).copied())
            .unwrap_or(first_year);
        let value = cx.value(def, cx.view_province, from_year);
        let national_changed = cx.scenario.lever(LeverKey::national(def.lever)).is_some();
        let province_changed = cx.view_province.is_some_and(|p| {
            cx.scenario
                .lever(LeverKey::new(def.lever, Some(p)))
                .is_some()
        });
        // What the slider edits. A path with several keys (from the path editor or a file) is
        // shifted as a whole unless the user picked one of its years ("edit this year").
        let multi = existing.filter(|p| p.keys().len() > 1);
        let target = match multi {
            None => SliderTarget::Simple,
            Some(path) => match view.slider_years.get(&key) {
                Some(y) if path.keys().contains_key(y) => SliderTarget::Year(*y),
                _ => SliderTarget::Whole,
            },
        };
        let slider_value = match (multi, target) {
            (Some(path), SliderTarget::Year(y)) => path.keys().get(&y).copied().unwrap_or(value),
            (Some(path), SliderTarget::Whole) => {
                path.keys().values().next().copied().unwrap_or(value)
            }
            _ => value,
        };
        Row {
            def,
            edit_province,
            key,
            existing,
            from_year,
            value,
            baseline: cx.law_value(def, cx.view_province, from_year),
            changed: (national_changed, province_changed),
            multi,
            target,
            slider_value,
        }
    }

    /// The path and the undo entry of a slider moved to `new`.
    fn slider_edit(&self, new: f64) -> (LeverPath, Edit) {
        let (def, key, old) = (self.def, self.key, self.slider_value);
        match (self.multi, self.target) {
            (Some(path), SliderTarget::Whole) => (
                shift_path(path, def, new - old),
                Edit::Shift { key, old, new },
            ),
            (Some(path), SliderTarget::Year(y)) => (
                simple_edit(Some(path), def, y, new),
                Edit::Lever {
                    key,
                    old: Some(old),
                    new: Some(new),
                },
            ),
            _ => (
                simple_edit(self.existing, def, self.from_year, new),
                Edit::Lever {
                    key,
                    old: Some(self.value),
                    new: Some(new),
                },
            ),
        }
    }
}

/// Row 1: the changed marker, the label with its hover card, and at the right the reset, the
/// Solve popup and the path editor toggle. Returns the label's id (it names the slider).
fn header_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    row: &Row<'_>,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) -> egui::Id {
    let (lang, def, key) = (cx.lang, row.def, row.key);
    ui.horizontal(|ui| {
        marker_ui(ui, def, row.changed.0, row.changed.1, lang);
        let mut text = egui::RichText::new(def.label(lang.is_zh()));
        if row.existing.is_some() {
            text = text.strong();
        }
        let label = ui
            .add(egui::Label::new(text).sense(egui::Sense::hover()))
            .on_hover_ui(|ui| hover_card_ui(ui, cx, def, row.from_year, row.baseline));
        if !def.in_effect {
            ui.label(
                egui::RichText::new(crate::app::i18n::parens(lang, T::NotInEffect.get(lang)))
                    .small()
                    .weak(),
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let reset = ui
                .add_enabled(
                    row.existing.is_some(),
                    egui::Button::new(T::ResetLever.get(lang)).small(),
                )
                .on_hover_text(T::ResetLeverHint.get(lang));
            if reset.clicked() {
                out.push(Command::SetLever {
                    key,
                    path: None,
                    edit: Edit::Reset { key },
                    continuing: false,
                });
            }
            if crate::model::solve::solvable(def.lever) {
                crate::app::panels::solve_popup::solve_button_ui(
                    ui,
                    cx,
                    def,
                    row.edit_province.map(Province::code),
                    out,
                );
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
                    view.open_paths.insert(key);
                } else {
                    view.open_paths.remove(&key);
                }
            }
        });
        label.id
    })
    .inner
}

/// Row 2: the slider (a number field for whole numbers) with its unit; a moved value is one
/// `SetLever` (a drag continues one undo step), and the end of a drag or typing closes it.
fn slider_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    row: &Row<'_>,
    label_id: egui::Id,
    out: &mut Vec<Command>,
) {
    let (def, zh) = (row.def, lang.is_zh());
    let scale = def.unit.display_scale();
    ui.horizontal(|ui| {
        let mut shown = row.slider_value * scale;
        let response = if def.unit == ValueUnit::Integer {
            ui.add(
                egui::DragValue::new(&mut shown)
                    .range(def.hard.0..=def.hard.1)
                    .speed(1.0)
                    .update_while_editing(false),
            )
        } else {
            let lo = (def.soft.0 * scale).min(shown).min(row.baseline * scale);
            let hi = (def.soft.1 * scale).max(shown).max(row.baseline * scale);
            ui.spacing_mut().slider_width = slider_width(ui, def.unit.label(zh));
            ui.add(
                egui::Slider::new(&mut shown, lo..=hi)
                    .clamping(egui::SliderClamping::Never)
                    .step_by(step(def))
                    .custom_formatter(|v, _| format::lever_value(def, v / scale))
                    .custom_parser(format::parse_number)
                    // Typed digits commit on Enter, Tab or leaving the field: one projection
                    // and one undo step, not one per keystroke (8 → 83 → 836).
                    .update_while_editing(false),
            )
        };
        let response = response.labelled_by(label_id);
        ui.label(egui::RichText::new(def.unit.label(zh)).weak());
        if response.changed() {
            // Stored at the precision the field shows.
            let new = format::lever_shown(def, (shown / scale).clamp(def.hard.0, def.hard.1));
            let old = row.slider_value;
            let moved = (new - old).abs() > f64::EPSILON * old.abs().max(1.0);
            if new.is_finite() && moved {
                let (path, edit) = row.slider_edit(new);
                out.push(Command::SetLever {
                    key: row.key,
                    path: Some(path),
                    edit,
                    continuing: response.dragged() && !response.drag_started(),
                });
            }
        }
        if response.drag_stopped() || response.lost_focus() {
            out.push(Command::EndEdit);
        }
    });
}

/// The slider's width: what the number field and the unit leave, measured rather than guessed
/// (an overflowing row would widen the panel, and the slider with it, every frame).
fn slider_width(ui: &egui::Ui, unit: &str) -> f32 {
    let unit_width = charts::text_width(ui, unit, egui::TextStyle::Body);
    let spacing = ui.spacing().item_spacing.x;
    let number_width = 64.0;
    (ui.available_width() - unit_width - number_width - 3.0 * spacing).max(60.0)
}

/// Row 3: the year a simple edit applies from (moving it moves the path's one key; fixed for
/// a path of several keys) and current law's value.
fn from_year_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    row: &Row<'_>,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let (lang, def, key) = (cx.lang, row.def, row.key);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(egui::RichText::new(T::FromYear.get(lang)).small());
        let mut year = row.from_year;
        let response = ui
            .add_enabled(
                row.multi.is_none(),
                egui::DragValue::new(&mut year)
                    .range(cx.base_year + 1..=cx.scenario.horizon)
                    .speed(0.1)
                    .update_while_editing(false),
            )
            .on_hover_text(format!(
                "{} · {}",
                def.label(lang.is_zh()),
                T::StartYear.get(lang)
            ));
        ui.label(egui::RichText::new(T::YearSuffix.get(lang)).small());
        if response.changed() && year != row.from_year {
            match row.existing {
                Some(path) => out.push(Command::SetLever {
                    key,
                    path: Some(with_keys(path, path.keys().values().map(|v| (year, *v)))),
                    edit: Edit::Path { key },
                    continuing: response.dragged() && !response.drag_started(),
                }),
                None => {
                    view.from_years.insert(key, year);
                }
            }
        }
        ui.label(
            egui::RichText::new(format!(
                " · {} {}",
                T::DefaultValue.get(lang),
                format::lever_value_unit(def, row.baseline, lang)
            ))
            .small()
            .weak(),
        );
    });
}

/// The keys of a multi-year path as a row of buttons: "shift the whole path" or one year to
/// edit; the slider follows the choice, and a line says what it edits.
fn path_keys_ui(
    ui: &mut egui::Ui,
    def: &LeverDef,
    key: LeverKey,
    path: &crate::model::LeverPath,
    target: SliderTarget,
    view: &mut ViewState,
    lang: Lang,
) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        if ui
            .selectable_label(
                target == SliderTarget::Whole,
                egui::RichText::new(T::ShiftWholePath.get(lang)).small(),
            )
            .on_hover_text(T::ShiftWholePathHint.get(lang))
            .clicked()
        {
            view.slider_years.remove(&key);
        }
        for (year, v) in path.keys() {
            let text = format!(
                "{}{}",
                format::year(*year, lang),
                format_key_value(def, *v, lang)
            );
            if ui
                .selectable_label(
                    target == SliderTarget::Year(*year),
                    egui::RichText::new(text).small(),
                )
                .on_hover_text(T::EditThisYearHint.get(lang))
                .clicked()
            {
                view.slider_years.insert(key, *year);
            }
        }
    });
    let first = path.keys().keys().next().copied().unwrap_or_default();
    let last = path.keys().keys().next_back().copied().unwrap_or_default();
    let says = match target {
        SliderTarget::Year(y) => tf(lang, T::SliderEditsYear, &[&y.to_string()]),
        _ => tf(
            lang,
            T::SliderEditsWhole,
            &[
                &path.keys().len().to_string(),
                &first.to_string(),
                &last.to_string(),
            ],
        ),
    };
    ui.label(egui::RichText::new(says).small().color(theme::CHANGED));
}

/// A key's value after its year: `：400` / `: 400`.
fn format_key_value(def: &LeverDef, v: f64, lang: Lang) -> String {
    format!(
        "{}{}",
        crate::app::i18n::colon(lang),
        format::lever_value(def, v)
    )
}

/// The relative entry of a money lever: a Δ field (current law + Δ from the start year, growing
/// with the lever's index like current law), a freeze action (a `Steps` path holding the level of
/// the year before the start year), and the current-law and scenario values in the start year
/// and at the horizon.
fn relative_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    key: LeverKey,
    existing: Option<&crate::model::LeverPath>,
    from_year: i32,
    out: &mut Vec<Command>,
) {
    let lang = cx.lang;
    // The unit the key applies to: its province, else the nation.
    let place = cx.edit_province.filter(|_| def.per_province);
    let shown_place = place.or(cx.view_province);
    // Current law as the rows show it (whole yuan): the difference is taken from that, so that
    // the value shown, current law shown and the difference add up.
    let law_from = format::lever_shown(def, cx.law_value(def, place, from_year));
    let now_from = cx.value(def, place, from_year);
    let delta_now = now_from - law_from;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let money = Money {
            lang,
            def,
            key,
            from_year,
        };
        delta_ui(ui, &money, law_from, delta_now, out);
        let level_year = from_year - 1;
        let level = cx.value(def, place, level_year);
        freeze_ui(ui, &money, existing, level, out);
    });
    over_years_ui(ui, cx, def, shown_place, existing.is_some(), from_year);
}

/// What the relative entry of a money lever edits: the lever, its key and the start year.
struct Money<'a> {
    lang: Lang,
    def: &'a LeverDef,
    key: LeverKey,
    from_year: i32,
}

/// The Δ field: the change from current law (`law_from`) in the start year, written as a path
/// that grows with the lever's index like current law.
fn delta_ui(
    ui: &mut egui::Ui,
    money: &Money<'_>,
    law_from: f64,
    delta_now: f64,
    out: &mut Vec<Command>,
) {
    let Money {
        lang,
        def,
        key,
        from_year,
    } = *money;
    ui.label(egui::RichText::new(T::DeltaLabel.get(lang)).small());
    let mut delta = delta_now;
    let response = ui
        .add(
            egui::DragValue::new(&mut delta)
                .speed(1.0)
                .range(def.hard.0 - law_from..=def.hard.1 - law_from)
                .max_decimals(format::lever_decimals(def))
                .custom_formatter(|v, _| format::signed(v, format::lever_decimals(def)))
                .custom_parser(format::parse_number)
                .update_while_editing(false),
        )
        .on_hover_text(tf(
            lang,
            T::DeltaHint,
            &[
                &from_year.to_string(),
                &format::lever_value_unit(def, law_from, lang),
            ],
        ));
    // Named with the lever, for screen readers and tests: every money row has one.
    let name = accessible_name(def, T::DeltaLabel.get(lang), lang);
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::drag_value(true, delta);
        info.label = Some(name.clone());
        info
    });
    ui.label(
        egui::RichText::new(def.unit.label(lang.is_zh()))
            .small()
            .weak(),
    );
    if response.changed() && delta.is_finite() && (delta - delta_now).abs() > 1e-9 {
        out.push(Command::SetLever {
            key,
            path: Some(delta_path(def, from_year, law_from, delta)),
            edit: Edit::Delta { key, delta },
            continuing: response.dragged() && !response.drag_started(),
        });
    }
    if response.drag_stopped() || response.lost_focus() {
        out.push(Command::EndEdit);
    }
}

/// The freeze action: a path holding `level`, the value of the year before the start year
/// (disabled while the scenario already holds exactly that path).
fn freeze_ui(
    ui: &mut egui::Ui,
    money: &Money<'_>,
    existing: Option<&crate::model::LeverPath>,
    level: f64,
    out: &mut Vec<Command>,
) {
    let Money {
        lang,
        def,
        key,
        from_year,
    } = *money;
    let level_year = from_year - 1;
    let freeze = freeze_path(def, from_year, level);
    let frozen = existing == Some(&freeze);
    let text = tf(lang, T::Freeze, &[&level_year.to_string()]);
    let button = ui.add_enabled(!frozen, egui::Button::new(&text).small());
    let name = accessible_name(def, &text, lang);
    button.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, !frozen, &name));
    if button
        .on_hover_text(tf(
            lang,
            T::FreezeHint,
            &[
                &format::lever_value_unit(def, level, lang),
                &level_year.to_string(),
                &from_year.to_string(),
            ],
        ))
        .clicked()
    {
        out.push(Command::SetLever {
            key,
            path: Some(freeze),
            edit: Edit::Freeze {
                key,
                year: from_year,
            },
            continuing: false,
        });
    }
}

/// What current law and (when it sets the lever) the scenario give in the start year and at
/// the horizon, for the province shown or the nation.
fn over_years_ui(
    ui: &mut egui::Ui,
    cx: &LeverContext<'_>,
    def: &LeverDef,
    shown_place: Option<Province>,
    sets: bool,
    from_year: i32,
) {
    let (lang, zh) = (cx.lang, cx.lang.is_zh());
    let horizon = cx.scenario.horizon.max(from_year);
    let years = if horizon > from_year {
        vec![from_year, horizon]
    } else {
        vec![from_year]
    };
    let values = |levers: &Resolved| -> String {
        years
            .iter()
            .map(|y| {
                let v = levers.unit_in_year(def.lever, shown_place.map(Province::index), *y);
                format!("{} {}", format::year(*y, lang), format::lever_value(def, v))
            })
            .collect::<Vec<_>>()
            .join(if zh { "，" } else { ", " })
    };
    let mut text = tf(lang, T::LawOverYears, &[&values(cx.law)]);
    if sets {
        text.push_str(if zh { "；" } else { "; " });
        text.push_str(&tf(lang, T::ScenarioOverYears, &[&values(cx.levers)]));
    }
    ui.add(egui::Label::new(egui::RichText::new(text).small().weak()).wrap());
}

/// "居民个人缴费：较现行政策": a control's name with its lever's.
fn accessible_name(def: &LeverDef, what: &str, lang: Lang) -> String {
    format!(
        "{}{}{what}",
        def.label(lang.is_zh()),
        crate::app::i18n::colon(lang)
    )
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
    let text = format!("{name}{}{label}", crate::app::i18n::colon(lang));
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
    ui.add(egui::Label::new(def.hover_text(zh)).wrap());
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
                .lever_paths()
                .filter(|(k, _)| k.lever == def.lever)
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
    ui.add(
        egui::Label::new(
            egui::RichText::new(crate::app::i18n::source_text(def.reference, lang)).small(),
        )
        .wrap(),
    );
}

/// A path as a short text in display units: `Indexed 2026: 500`.
pub fn path_text(def: &LeverDef, path: &crate::model::LeverPath) -> String {
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
