//! The tile map (issue 21): a colour legend under it, and every tile named in full (a province
//! name, not a code like NM, HA or HE) for its hover and accessibility label, in both languages.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::Command;
use yibao::app::i18n::{Lang, T};
use yibao::app::plots::tabs::Tab;
use yibao::app::plots::tile_map::TILES;

#[test]
fn the_tile_map_has_a_colour_legend_and_names_provinces_in_full() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Regions));
    for lang in [Lang::Zh, Lang::En] {
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        // The legend names what the colours show, with the months classes.
        let legend = format!(
            "{}{}{}",
            T::MapLegend.get(lang),
            yibao::app::i18n::colon(lang),
            T::MapMonths.get(lang)
        );
        assert!(h.query_by_label(&legend).is_some(), "{lang:?}: {legend}");
        // Every tile carries its province's name.
        for (code, _, _) in TILES {
            let name = h.state().unit_name(code);
            assert_ne!(name, code, "{lang:?}: {code} has a name");
            let label = format!("{name}{}", yibao::app::i18n::colon(lang));
            assert!(
                h.query_by_label_contains(&label).is_some(),
                "{lang:?}: the tile of {code} is named {name}"
            );
        }
    }
    // In English, the tile of HA says Henan on hover.
    let henan = h.state().unit_name("HA");
    assert_eq!(henan, "Henan");
    let tile = h.get_by_label_contains("Henan: ");
    tile.hover();
    h.run();
    assert!(
        h.query_all_by_label_contains("Henan 2").next().is_some(),
        "the hover names the province in full"
    );
}
