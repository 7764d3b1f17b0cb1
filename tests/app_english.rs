//! English complete (issue 21): in English the screen carries no Chinese — chart titles,
//! legends, the built-in baseline's title, tabs, cards, tooltips of the chart buttons — on any
//! tab. Names that come from the user's own files are the only exception, and the tests below
//! load none.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness_sized;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use yibao::app::i18n::Lang;
use yibao::app::plots::tabs::TABS;
use yibao::app::{Command, YibaoApp};

/// Whether a character is a CJK ideograph or CJK punctuation/full-width form.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Every text of the last frame: painted galleys and accessibility labels and values.
fn screen_texts(h: &Harness<'_, YibaoApp>) -> Vec<String> {
    fn walk(shape: &egui::Shape, out: &mut Vec<String>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(t) => out.push(t.galley.text().to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    for node in h.root().query_all_by(|_| true) {
        let n = node.accesskit_node();
        out.extend(n.label());
        out.extend(n.value());
    }
    out
}

/// The texts of the last frame that carry Chinese.
fn chinese(h: &Harness<'_, YibaoApp>) -> Vec<String> {
    let mut found: Vec<String> = screen_texts(h)
        .into_iter()
        // The language switch names Chinese in Chinese, by design.
        .filter(|t| t != "中文" && t.chars().any(is_cjk))
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn english_mode_shows_no_chinese_on_any_tab() {
    let mut h = harness_sized(
        YibaoApp::for_tests().expect("embedded data loads"),
        egui::vec2(1440.0, 900.0),
    );
    h.state_mut().apply(Command::SetLang(Lang::En));
    h.run();
    let mut failures = Vec::new();
    for def in TABS {
        h.state_mut().apply(Command::SelectTab(def.key()));
        h.run_steps(12);
        for t in chinese(&h) {
            failures.push(format!("{:?}: {t:?}", def.key()));
        }
    }
    // A province, too: its name and its tabs.
    h.state_mut().apply(Command::SelectUnit(
        yibao::model::Unit::from_code("HA").expect("Henan"),
    ));
    for def in TABS {
        h.state_mut().apply(Command::SelectTab(def.key()));
        h.run_steps(12);
        for t in chinese(&h) {
            failures.push(format!("HA {:?}: {t:?}", def.key()));
        }
    }
    failures.dedup();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
