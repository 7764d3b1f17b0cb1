//! The central area: unit and fund selectors, headline cards, chart tabs.

use crate::app::i18n::T;
use crate::app::panels::headline::{MID_YEAR, cards, fiscal_card, headline, headline_ui, sentence};
use crate::app::plots::chart_data::ChartView;
use crate::app::plots::tabs::{TABS, TabContext};
use crate::app::session::command::Command;
use crate::app::yibao_app::{ViewState, YibaoApp};
use crate::model::{Fund, Unit};
use eframe::egui;

/// Draws the central area.
pub fn central_ui(ui: &mut egui::Ui, app: &YibaoApp, view: &mut ViewState, out: &mut Vec<Command>) {
    let lang = app.lang();
    let unit = app.unit().to_owned();
    let fund = app.fund();

    // Wrapped: in English the fund names are long enough to push a 1024-pixel window's central
    // area wider than the window (and the headline cards out of it).
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(T::UnitLabel.get(lang));
        unit_picker_ui(ui, app, view, out).labelled_by(label.id);
        if let Some(items) = app.state.published.get(&unit) {
            published_tag(ui, lang, items);
        }
        ui.add_space(12.0);
        ui.label(T::FundLabel.get(lang));
        for f in Fund::MAIN {
            if ui
                .selectable_label(fund == f, f.label(lang.is_zh()))
                .clicked()
                && fund != f
            {
                out.push(Command::SelectFund(f));
            }
        }
        if app.state.is_computing() {
            ui.spinner();
            ui.label(T::Computing.get(lang));
        }
    });
    ui.add_space(4.0);

    let scenario_h = headline(&app.state.projection, &unit, fund);
    let baseline_h = headline(&app.state.baseline, &unit, fund);
    let unit_name = app.unit_name(&unit);
    let text = sentence(
        &scenario_h,
        &baseline_h,
        fund,
        &unit_name,
        // Changed from current law: any lever, a pooling section or another balancing rule.
        !app.state.scenario.levers.is_empty()
            || !app.state.scenario.pooling.is_empty()
            || app.state.scenario.balancing != crate::model::Balancing::default(),
        lang,
    );
    let name = |code: &str| app.unit_name(code);
    let mut all_cards = cards(&scenario_h, &baseline_h, lang, &name);
    // 财政负担: the treasury's view of the unit in the mid-term year (docs/model.md §15).
    let fiscal_year = MID_YEAR.min(app.state.projection.horizon);
    let fiscal_row = |p: &crate::model::Projection| {
        crate::model::fiscal::unit_rows(p, &unit)
            .ok()
            .and_then(|rows| rows.into_iter().find(|r| r.year == fiscal_year))
    };
    all_cards.push(fiscal_card(
        fiscal_row(&app.state.projection).as_ref(),
        fiscal_row(&app.state.baseline).as_ref(),
        fiscal_year,
        lang,
    ));
    headline_ui(ui, &all_cards, &text);
    ui.add_space(4.0);

    ui.horizontal_wrapped(|ui| {
        for def in TABS {
            let tab = def.key();
            let selected = app.prefs.tab == tab;
            let text = egui::RichText::new(def.label().get(lang));
            let text = if selected { text.strong() } else { text };
            if ui.selectable_label(selected, text).clicked() && !selected {
                out.push(Command::SelectTab(tab));
            }
        }
    });
    ui.separator();

    let chart_view = ChartView {
        unit,
        fund,
        lang,
        reference_lines: app.prefs.reference_lines,
        compare_metric: view.compare_metric,
    };
    app.prefs.tab.def().ui(
        ui,
        TabContext {
            app,
            view,
            chart: &chart_view,
            out,
        },
    );
}

/// Whether a province matches the (lower-case) search text.
fn unit_matches(p: &crate::model::data::ProvinceInput, filter: &str) -> bool {
    filter.is_empty()
        || p.name_zh.contains(filter)
        || p.name_en.to_lowercase().contains(filter)
        || p.code.to_lowercase() == filter
}

/// The searchable unit selector: the nation and the 31 provinces.
fn unit_picker_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) -> egui::Response {
    let lang = app.lang();
    let current = app.unit().to_owned();
    let was_open = view.unit_picker_open;
    view.unit_picker_open = false;
    egui::ComboBox::from_id_salt("unit_picker")
        .selected_text(app.unit_name(&current))
        .width(140.0)
        .height(420.0)
        .show_ui(ui, |ui| {
            view.unit_picker_open = true;
            let search = ui.add(
                egui::TextEdit::singleline(&mut view.unit_filter)
                    .hint_text(T::SearchUnit.get(lang))
                    .desired_width(160.0),
            );
            // Typing goes straight to the search field when the list opens.
            if !was_open {
                search.request_focus();
            }
            let filter = view.unit_filter.trim().to_lowercase();
            let matching: Vec<&str> = app
                .state
                .dataset
                .provinces
                .iter()
                .filter(|p| unit_matches(p, &filter))
                .map(|p| p.code.as_str())
                .collect();
            // Enter picks the only match.
            if search.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                && let [only] = matching[..]
                && !filter.is_empty()
            {
                out.extend(Unit::from_code(only).map(Command::SelectUnit));
                ui.close();
            }
            if filter.is_empty()
                && ui
                    .selectable_label(current == Unit::Nation.code(), T::Nation.get(lang))
                    .clicked()
            {
                out.push(Command::SelectUnit(Unit::Nation));
            }
            for p in &app.state.dataset.provinces {
                if !unit_matches(p, &filter) {
                    continue;
                }
                let name = if lang.is_zh() { &p.name_zh } else { &p.name_en };
                let clicked = ui
                    .horizontal(|ui| {
                        let clicked = ui
                            .selectable_label(current == p.code, format!("{name} ({})", p.code))
                            .clicked();
                        if let Some(items) = app.state.published.get(&p.code) {
                            published_tag(ui, lang, items);
                        }
                        clicked
                    })
                    .inner;
                if clicked {
                    out.extend(Unit::from_code(&p.code).map(Command::SelectUnit));
                }
            }
        })
        .response
}

/// The "公布 / published" tag of a province resting on published accounts, with the items in
/// its hover (the calibration's published flags; every other figure is modelled).
fn published_tag(
    ui: &mut egui::Ui,
    lang: crate::app::i18n::Lang,
    items: &[(crate::model::accounts::Scheme, crate::model::accounts::Item)],
) {
    use crate::model::accounts::{Item, Scheme};
    let text = egui::RichText::new(T::PublishedTag.get(lang))
        .small()
        .color(crate::app::theme::CHANGED);
    ui.add(egui::Label::new(text).sense(egui::Sense::hover()))
        .on_hover_ui(|ui| {
            ui.label(T::PublishedHint.get(lang));
            for (scheme, item) in items {
                let scheme = match scheme {
                    Scheme::Employee => T::SchemeEmployee,
                    Scheme::EmployeePooled => T::SchemeEmployeePooled,
                    Scheme::EmployeeAccounts => T::SchemeEmployeeAccounts,
                    Scheme::Resident => T::SchemeResident,
                };
                let item = match item {
                    Item::Participants => T::ItemParticipants,
                    Item::Active => T::ItemActive,
                    Item::Retired => T::ItemRetired,
                    Item::Income => T::ItemIncome,
                    Item::Expenditure => T::ItemExpenditure,
                    Item::Balance => T::ItemBalance,
                    Item::CurrentBalance => T::ItemCurrentBalance,
                };
                ui.label(format!(
                    "· {}{}{}",
                    scheme.get(lang),
                    crate::app::i18n::colon(lang),
                    item.get(lang)
                ));
            }
        });
}
