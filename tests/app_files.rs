//! Files in the app: opening by path shows the title and marks changed levers; a broken file
//! shows positioned errors and changes nothing; saving is atomic and round-trips; the
//! unsaved-changes prompt guards New; an autosave is offered for recovery.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, harness_with, temp_dir};
use egui_kittest::kittest::Queryable as _;
use std::sync::Arc;
use yibao::app::autosave::Autosaver;
use yibao::app::prefs::Prefs;
use yibao::app::{Command, Dialog, Guarded, ProjectionMode, YibaoApp};
use yibao::model::{Dataset, Path};

const REFORM: &str = r#"Scenario(
    format: 1,
    title: "提高居民个人缴费",
    description: "Premium 500 yuan from 2026, indexed to income.",
    levers: {
        "resident.premium": Indexed({2026: 500.0}),
        "economy.savings": Steps({2027: 0.03}),
    },
)
"#;

#[test]
fn opening_a_file_shows_its_title_and_marks_its_levers() {
    let dir = temp_dir("open");
    let path = dir.join("reform.ron");
    std::fs::write(&path, REFORM).expect("write fixture");

    let mut h = harness();
    h.state_mut().apply(Command::Open(path.clone()));
    h.run();

    let app = h.state();
    assert_eq!(app.state().scenario.title, "提高居民个人缴费");
    assert_eq!(app.state().file.as_deref(), Some(path.as_path()));
    assert!(!app.state().is_dirty());
    assert_eq!(app.prefs().recent.first(), Some(&path));
    // The title is on screen (lever panel field) and both levers are marked.
    assert!(h.query_all_by_value("提高居民个人缴费").next().is_some());
    assert!(h.query_by_label("已修改：居民个人缴费").is_some());
    assert!(h.query_by_label("已修改：控费与反欺诈节约").is_some());
    assert!(h.query_by_label("已修改：财政补助").is_none());
}

#[test]
fn a_broken_file_shows_errors_and_leaves_the_scenario_untouched() {
    let dir = temp_dir("broken");
    let path = dir.join("broken.ron");
    std::fs::write(
        &path,
        "Scenario(\n    format: 1,\n    title: \"坏文件\",\n    levers: {\n        \"resident.premum\": Steps({2026: 500.0}),\n        \"resident.subsidy\": Steps({2026: -5.0}),\n    },\n)\n",
    )
    .expect("write fixture");

    let mut h = harness();
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "居民个人缴费")
        .set_value_accesskit(450.0);
    h.run();
    let before = h.state().state().scenario.clone();

    h.state_mut().apply(Command::Open(path.clone()));
    h.run();
    // Unsaved changes first: the prompt asks, "don't save" goes on.
    assert_eq!(h.state().prompt(), Some(&Guarded::Open(path.clone())));
    h.get_by_label("不保存").click();
    h.run();

    let app = h.state();
    assert_eq!(
        app.state().scenario,
        before,
        "nothing of the broken file applied"
    );
    assert_eq!(app.state().file, None);
    let Some(Dialog::OpenFailed { messages }) = app.dialog() else {
        panic!("expected the error dialog, got {:?}", app.dialog());
    };
    let shown = path.display().to_string();
    assert!(
        messages.iter().any(|m| m.starts_with(&format!(
            "{shown}:5:9: error: unknown lever \"resident.premum\""
        ))),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("resident.subsidy")),
        "{messages:?}"
    );
    // The dialog is on screen with the positioned message, and OK closes it.
    assert!(h.query_by_label("无法打开方案文件").is_some());
    h.get_by_label("确定").click();
    h.run();
    assert!(h.state().dialog().is_none());
}

#[test]
fn save_writes_the_file_format_and_reopens_identically() {
    let dir = temp_dir("save");
    let path = dir.join("saved.ron");
    let mut h = harness();
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "居民个人缴费")
        .set_value_accesskit(520.0);
    h.run();
    h.state_mut().apply(Command::SaveAs(path.clone()));
    h.run();
    let app = h.state();
    assert!(!app.state().is_dirty());
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(text.starts_with("Scenario("), "{text}");
    assert!(text.contains("\"resident.premium\""), "{text}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "the atomic write left {leftovers:?}");

    let saved = app.state().scenario.clone();
    let mut other = YibaoApp::for_tests().expect("app");
    other.apply(Command::Open(path));
    assert_eq!(other.state().scenario, saved);
}

#[test]
fn new_asks_before_dropping_unsaved_changes() {
    let mut h = harness();
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "财政补助")
        .set_value_accesskit(800.0);
    h.run();
    h.state_mut().apply(Command::New);
    h.run();
    assert_eq!(h.state().prompt(), Some(&Guarded::New));
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().prompt().is_none());
    assert!(
        h.state()
            .state()
            .scenario
            .levers
            .contains_key("resident.subsidy")
    );

    h.state_mut().apply(Command::New);
    h.run();
    h.get_by_label("不保存").click();
    h.run();
    assert!(h.state().state().scenario.levers.is_empty());
    assert!(!h.state().state().is_dirty());
}

#[test]
fn an_autosave_left_by_a_crash_is_offered_and_recovered() {
    let dir = temp_dir("autosave");
    let mut scenario = yibao::model::Scenario {
        title: "崩溃前的方案".to_owned(),
        ..Default::default()
    };
    scenario.levers.insert(
        "resident.premium".to_owned(),
        Path::Indexed([(2026, 480.0)].into()),
    );
    Autosaver::new(dir.clone())
        .write(None, &scenario)
        .expect("autosave written");

    let dataset = Arc::new(Dataset::embedded().expect("data"));
    let app = YibaoApp::new(
        dataset,
        Prefs::default(),
        Some(Autosaver::new(dir.clone())),
        ProjectionMode::Inline,
    );
    assert!(app.recovery().is_some());
    let mut h = harness_with(app);
    assert!(h.query_by_label("恢复未保存的工作？").is_some());
    h.get_by_label("恢复").click();
    h.run();
    let app = h.state();
    assert_eq!(app.state().scenario, scenario);
    assert!(app.state().is_dirty(), "recovered work still needs saving");

    // A clean exit removes the autosave.
    h.state_mut().on_exit();
    assert!(Autosaver::new(dir).read().is_none());
}

use eframe::egui;
