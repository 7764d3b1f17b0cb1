//! The language switch changes every label and persists in the preferences.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::i18n::{Lang, T};

#[test]
fn switching_language_changes_labels() {
    let mut h = harness();
    assert!(h.query_by_label("政策参数").is_some());
    assert!(h.query_by_label("文件").is_some());

    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().prefs().lang, Lang::En);
    assert!(h.query_by_label("政策参数").is_none());
    assert!(h.query_by_label("Policy levers").is_some());
    assert!(h.query_by_label("File").is_some());
    assert!(
        h.query_by_role_and_label(eframe::egui::accesskit::Role::Slider, "Resident premium")
            .is_some()
    );

    h.get_by_label("中文").click();
    h.run();
    assert_eq!(h.state().prefs().lang, Lang::Zh);
    assert!(h.query_by_label("政策参数").is_some());
}

#[test]
fn every_text_has_both_languages() {
    for &key in T::ALL {
        assert!(!key.get(Lang::Zh).is_empty(), "{key:?}");
        assert!(!key.get(Lang::En).is_empty(), "{key:?}");
    }
}
