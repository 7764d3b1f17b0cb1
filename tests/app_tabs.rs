//! Every registered chart tab renders in both languages: its label selects it, and the titles
//! of the panels it plots appear on screen.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::Command;
use yibao::app::i18n::Lang;
use yibao::app::plots::tabs::TABS;

#[test]
fn every_registered_tab_renders_in_both_languages() {
    let mut h = harness();
    for lang in [Lang::Zh, Lang::En] {
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        for def in TABS {
            h.get_by_label(def.label().get(lang)).click();
            // Some tabs start work on the worker when they open (the Uncertainty tab's
            // analyses) and repaint until it lands: a fixed number of frames, not "settled".
            h.run_steps(12);
            assert_eq!(h.state().prefs().tab, def.key(), "{lang:?} {:?}", def.key());
            let view = h.state().chart_view();
            let panels = def.panels(h.state().state(), &view);
            for panel in &panels {
                assert!(
                    h.query_all_by_label(&panel.title).next().is_some(),
                    "{lang:?} {:?}: panel `{}` not shown",
                    def.key(),
                    panel.title
                );
            }
        }
    }
}

#[test]
fn province_table_sorts_by_months_and_selects_on_click() {
    use yibao::app::plots::tabs::Tab;
    use yibao::app::{ProvinceColumn, province_rows};
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Provinces));
    h.run();
    h.get_by_label("表格").click();
    h.run();
    let ascending = province_rows(h.state(), (ProvinceColumn::Months, false));
    let months: Vec<f64> = ascending.iter().filter_map(|r| r.3).collect();
    assert_eq!(months.len(), 31);
    assert!(months.windows(2).all(|w| w[0] <= w[1]), "ascending");
    let descending = province_rows(h.state(), (ProvinceColumn::Months, true));
    assert_eq!(
        descending.first().map(|r| &r.0),
        ascending.last().map(|r| &r.0)
    );
    // Clicking the sorted column's header reverses it; clicking a province selects it.
    h.get_by_label("2035年可支付月数 ▲").click();
    h.run();
    assert!(h.query_by_label("2035年可支付月数 ▼").is_some(), "reversed");
    // The top row of the reversed table (a row scrolled out of view takes no click).
    let first = h.state().unit_name(&descending[0].0);
    h.get_by_label(&first).click();
    h.run();
    assert_eq!(h.state().unit(), descending[0].0);
}
