//! Layout snapshots (issue 21): the app at 1024×700 and 1920×1080, in Chinese and in English,
//! on every tab. Instead of comparing images (which needs a GPU renderer on the test machine),
//! each frame's painted text and accessibility tree are checked: no text is shortened with an
//! ellipsis (the headline cards' values, the published-years label, legends), no text reaches
//! past the window's edge, and every labelled widget (cards, buttons, tabs, the fund switch)
//! lies inside the window.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness_sized;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use yibao::app::i18n::Lang;
use yibao::app::plots::tabs::TABS;
use yibao::app::{Command, YibaoApp};

const SIZES: [(f32, f32); 2] = [(1024.0, 700.0), (1920.0, 1080.0)];

/// Every text shape painted in the last frame, with the clip rectangle it was painted in.
fn painted_texts(h: &Harness<'_, YibaoApp>) -> Vec<(egui::Rect, egui::Rect, String, bool)> {
    fn walk(
        shape: &egui::Shape,
        clip: egui::Rect,
        out: &mut Vec<(egui::Rect, egui::Rect, String, bool)>,
    ) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, clip, out)),
            egui::Shape::Text(t) => {
                let rect = t.visual_bounding_rect();
                if !t.galley.text().trim().is_empty() && rect.is_finite() {
                    out.push((rect, clip, t.galley.text().to_owned(), t.galley.elided));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut out);
    }
    out
}

/// Whether a text ends in an ellipsis that the app's own texts do not have: a name cut short
/// to fit (egui_plot's span label, "已…"). Menu items and hints that open a dialog or invite
/// typing ("打开…", "搜索参数…") are whole.
fn shortened(text: &str) -> bool {
    use yibao::app::i18n::T;
    text.contains('…')
        && !T::ALL
            .iter()
            .flat_map(|t| [t.get(Lang::Zh), t.get(Lang::En)])
            .any(|whole| whole.contains('…') && text.contains(whole.trim_end_matches('…')))
}

/// The problems of the last frame in a window of `size`.
fn layout_problems(h: &Harness<'_, YibaoApp>, size: egui::Vec2) -> Vec<String> {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size).expand(0.5);
    let mut problems = Vec::new();
    for (rect, clip, text, elided) in painted_texts(h) {
        let visible = rect.intersect(clip);
        if visible.width() <= 0.0 || visible.height() <= 0.0 {
            continue; // scrolled out of view
        }
        if elided || shortened(&text) {
            problems.push(format!("shortened: {text:?}"));
        }
        if !screen.contains_rect(rect) && !clip.contains_rect(rect) {
            problems.push(format!("cut at the window's edge: {text:?} at {rect:?}"));
        } else if !screen.contains_rect(visible) {
            problems.push(format!("outside the window: {text:?} at {rect:?}"));
        }
    }
    for node in h.root().query_all_by(|n| n.label().is_some()) {
        if node.accesskit_node().bounding_box().is_none() {
            continue;
        }
        let r = node.rect();
        // Below the window's bottom edge: rows of a scrolled list.
        if r.min.y >= size.y {
            continue;
        }
        if r.max.x > screen.max.x || r.min.x < screen.min.x {
            problems.push(format!(
                "widget past the window's side: {:?} at {r:?}",
                node.accesskit_node().label()
            ));
        }
    }
    problems
}

fn app() -> YibaoApp {
    YibaoApp::for_tests().expect("embedded data loads")
}

/// Every tab at both sizes and in both languages: nothing shortened, nothing outside.
#[test]
fn every_tab_fits_the_window_whole_at_both_sizes_in_both_languages() {
    let mut failures = Vec::new();
    for (w, hgt) in SIZES {
        let size = egui::vec2(w, hgt);
        let mut h = harness_sized(app(), size);
        for lang in [Lang::Zh, Lang::En] {
            h.state_mut().apply(Command::SetLang(lang));
            h.run();
            for def in TABS {
                h.state_mut().apply(Command::SelectTab(def.key()));
                // Some tabs start work on the worker when they open and repaint until it
                // lands: checked while it runs (progress bars, Cancel) and after a fixed
                // number of frames.
                for steps in [2, 10] {
                    h.run_steps(steps);
                    for p in layout_problems(&h, size) {
                        let p = format!("{w}×{hgt} {lang:?} {:?}: {p}", def.key());
                        if !failures.contains(&p) {
                            failures.push(p);
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The headline cards at 1024×700: each card's whole value is on screen, and the six cards
/// flow onto a second row rather than shrink their values.
#[test]
fn headline_cards_wrap_to_a_second_row_at_1024() {
    let size = egui::vec2(1024.0, 700.0);
    for lang in [Lang::Zh, Lang::En] {
        let mut h = harness_sized(app(), size);
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        let titles = [
            yibao::app::i18n::T::CardBackstop.get(lang),
            yibao::app::i18n::T::CardDepletionNation.get(lang),
        ];
        let tops: Vec<f32> = titles
            .iter()
            .map(|t| h.get_by_label(t).rect().top())
            .collect();
        assert!(
            tops[0] > tops[1] + 20.0,
            "{lang:?}: the backstop card sits on a row below the first card ({tops:?})"
        );
        let texts = painted_texts(&h);
        let shortened: Vec<&String> = texts
            .iter()
            .filter(|t| t.3 || shortened(&t.2))
            .map(|t| &t.2)
            .collect();
        assert!(shortened.is_empty(), "{lang:?}: {shortened:?}");
    }
}
