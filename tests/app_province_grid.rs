//! The province grid on screen (issue 20) is the exported chart: the report's grid laid out by
//! the renderer and painted by the scene backend, every cell where and in the colour the scene
//! puts it, the same cells and names as the file's scene; hover names the province, year and
//! months; a click on a cell or a province's name selects the province.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use yibao::app::Command;
use yibao::app::i18n::colon;
use yibao::app::plots::export_chart::{grid_chart, grid_chart_codes};
use yibao::app::plots::scene_ui;
use yibao::app::plots::tabs::Tab;
use yibao::app::{format, theme};
use yibao::render::scene::{Prim, Scene};

/// Every filled rectangle the last frame painted: `(rect, fill)`.
fn painted_rects(output: &egui::FullOutput) -> Vec<(egui::Rect, egui::Color32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(egui::Rect, egui::Color32)>) {
        match shape {
            egui::Shape::Rect(r) => out.push((r.rect, r.fill)),
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in &output.shapes {
        walk(&s.shape, &mut out);
    }
    out
}

/// The scene's rectangles inside its plot (the grid's cells), in drawing order.
fn cells(scene: &Scene) -> Vec<([f32; 4], yibao::render::Color)> {
    let p = scene.plot;
    scene
        .prims
        .iter()
        .filter_map(|prim| match prim {
            Prim::Rect {
                x, y, w, h, fill, ..
            } if *x >= p[0] && *x < p[2] && *y >= p[1] && *y < p[3] => {
                Some(([*x, *y, x + w, y + h], *fill))
            }
            _ => None,
        })
        .collect()
}

/// The texts of a scene.
fn texts(scene: &Scene) -> Vec<String> {
    scene
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn click_at(h: &mut egui_kittest::Harness<'static, yibao::app::YibaoApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
}

#[test]
fn the_screen_grid_paints_the_exported_scene_and_answers_hover_and_click() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Provinces));
    h.run();
    let (chart, codes) = grid_chart_codes(h.state());
    assert_eq!(chart, grid_chart(h.state()), "the file's chart");
    assert_eq!(codes.len(), 31);
    let rect = h.get_by_label(&chart.title).rect();
    let (scene, placed) = scene_ui::scene_for(&chart, rect);

    // The file's scene (the PNG/SVG canvas) has the same cells in the same colours and order,
    // and the same province names, year labels and legend.
    let file = yibao::render::layout::layout(&chart, yibao::render::WIDTH, yibao::render::HEIGHT);
    let (screen_cells, file_cells) = (cells(&scene), cells(&file));
    let p = &h.state().state().projection;
    let years = (p.horizon - p.base_year + 1) as usize;
    assert_eq!(screen_cells.len(), 31 * years);
    assert_eq!(
        screen_cells.iter().map(|c| c.1).collect::<Vec<_>>(),
        file_cells.iter().map(|c| c.1).collect::<Vec<_>>()
    );
    assert_eq!(texts(&scene), texts(&file));
    assert_eq!(
        scene.legend.iter().map(|l| &l.name).collect::<Vec<_>>(),
        file.legend.iter().map(|l| &l.name).collect::<Vec<_>>()
    );
    assert!(
        scene.legend.len() >= 4,
        "the colour classes are in the legend"
    );

    // Every cell of the scene is painted where the scene puts it, in its colour.
    let painted = painted_rects(h.output());
    for (r, fill) in &screen_cells {
        let want = placed.rect(*r);
        assert!(
            painted.iter().any(|(p, c)| *c == theme::c32(*fill)
                && (p.min - want.min).length() < 0.01
                && (p.max - want.max).length() < 0.01),
            "cell {r:?} painted"
        );
    }

    // Hover a cell: the card names the province, the year and its months.
    let gd = codes.iter().position(|c| c == "GD").expect("Guangdong");
    let base = h.state().state().projection.base_year;
    let col = (2035 - base) as usize;
    let hit = scene
        .hits
        .iter()
        .find(|x| x.row == gd && x.col == Some(col))
        .expect("a hit box per cell");
    let centre = |r: [f32; 4]| placed.to_screen((r[0] + r[2]) / 2.0, (r[1] + r[3]) / 2.0);
    h.hover_at(centre(hit.rect));
    h.run();
    let app = h.state();
    let lang = app.lang();
    let months = app
        .state()
        .projection
        .series("GD", app.fund())
        .and_then(|s| s.row(2035))
        .and_then(|r| r.months_of_reserve);
    let card = format!(
        "{} {}{}{}",
        app.unit_name("GD"),
        format::year(2035, lang),
        colon(lang),
        format::months(months, lang)
    );
    assert!(
        h.query_by_label_contains(&card).is_some(),
        "hover card {card}"
    );

    // Click it: Guangdong is selected; a click on another row's name selects that province.
    assert_ne!(h.state().unit(), "GD");
    click_at(&mut h, centre(hit.rect));
    assert_eq!(h.state().unit(), "GD");
    let first = scene
        .hits
        .iter()
        .find(|x| x.row == 0 && x.col.is_none())
        .expect("a hit box per row name");
    assert_eq!(first.name, h.state().unit_name(&codes[0]));
    click_at(&mut h, centre(first.rect));
    assert_eq!(h.state().unit(), codes[0]);
}
