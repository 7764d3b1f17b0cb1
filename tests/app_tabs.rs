//! Every registered chart tab renders in both languages: its label selects it, and the titles
//! of the panels it plots appear on screen.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::Command;
use yibao::app::i18n::Lang;
use yibao::app::tabs::TABS;

#[test]
fn every_registered_tab_renders_in_both_languages() {
    let mut h = harness();
    for lang in [Lang::Zh, Lang::En] {
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        for def in TABS {
            h.get_by_label(def.label().get(lang)).click();
            h.run();
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
