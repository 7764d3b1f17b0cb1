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

/// The tile map on screen is the exported chart's scene (issue 20): every tile painted where
/// and in the colour the scene puts it, the chart the Export button writes (SVG and PNG
/// through the renderer); hover names the province, click selects it.
#[test]
fn the_screen_tile_map_is_the_exported_scene_and_answers_hover_and_click() {
    use eframe::egui;
    use yibao::app::plots::export_chart::ChartFormat;
    use yibao::app::plots::scene_ui;
    use yibao::render::scene::Prim;

    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Regions));
    h.run();
    let chart = h.state().export_chart(0).expect("the tile map exports");
    let yibao::render::Plot::Tiles(plot) = &chart.plot else {
        panic!("a tile map")
    };
    assert_eq!(plot.tiles.len(), TILES.len());
    let rect = h.get_by_label(&chart.title).rect();
    let (scene, placed) = scene_ui::scene_for(&chart, rect);
    assert_eq!(scene.hits.len(), TILES.len());

    // Every tile of the scene is painted in place in its fill.
    let mut painted = Vec::new();
    fn walk(shape: &egui::Shape, out: &mut Vec<(egui::Rect, egui::Color32)>) {
        match shape {
            egui::Shape::Rect(r) => out.push((r.rect, r.fill)),
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    for s in &h.output().shapes {
        walk(&s.shape, &mut painted);
    }
    for (hit, tile) in scene.hits.iter().zip(&plot.tiles) {
        assert_eq!(hit.name, tile.name);
        let fill = scene
            .prims
            .iter()
            .find_map(|p| match p {
                Prim::Rect { x, y, fill, .. } if *x == hit.rect[0] && *y == hit.rect[1] => {
                    Some(*fill)
                }
                _ => None,
            })
            .expect("a tile rectangle");
        assert_eq!(fill, tile.fill);
        let want = placed.rect(hit.rect);
        assert!(
            painted
                .iter()
                .any(|(r, c)| *c == yibao::app::theme::c32(fill)
                    && (r.min - want.min).length() < 0.01
                    && (r.max - want.max).length() < 0.01),
            "{} painted",
            tile.name
        );
    }

    // Hover Guangdong's tile: its card; click: Guangdong is selected.
    let gd = TILES.iter().position(|t| t.0 == "GD").expect("GD");
    let r = scene.hits[gd].rect;
    let centre = placed.to_screen((r[0] + r[2]) / 2.0, (r[1] + r[3]) / 2.0);
    h.hover_at(centre);
    h.run();
    let name = h.state().unit_name("GD");
    assert!(
        h.query_all_by_label_contains(&format!("{name} 2"))
            .next()
            .is_some(),
        "hover card of {name}"
    );
    assert_ne!(h.state().unit(), "GD");
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
    assert_eq!(h.state().unit(), "GD");

    // The files: SVG with the tiles' names, PNG, CSV with a row per province.
    let dir = app_support::temp_dir("tile-map");
    for (format, file) in [
        (ChartFormat::Svg, "map.svg"),
        (ChartFormat::Png, "map.png"),
        (ChartFormat::Csv, "map.csv"),
    ] {
        h.state_mut()
            .apply(Command::ExportChart(0, format, dir.join(file)));
        assert!(std::fs::metadata(dir.join(file)).is_ok_and(|m| m.len() > 100));
    }
    let svg = std::fs::read_to_string(dir.join("map.svg")).expect("svg");
    assert!(svg.contains(&plot.tiles[gd].label), "the tile's label");
    let csv = std::fs::read_to_string(dir.join("map.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 1 + TILES.len());
    let _ = std::fs::remove_dir_all(&dir);
}
