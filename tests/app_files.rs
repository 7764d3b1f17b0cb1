//! Files in the app: opening by path shows the title and marks changed levers; a broken file
//! shows positioned errors and changes nothing; saving is atomic and round-trips; the
//! unsaved-changes prompt guards New; an autosave is offered for recovery.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, harness_with, temp_dir};
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;
use std::sync::Arc;
use yibao::app::io::autosave::Autosaver;
use yibao::app::session::prefs::Prefs;
use yibao::app::{Command, Dialog, Guarded, ProjectionMode, YibaoApp};
use yibao::model::{Dataset, LeverPath};

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

#[cfg(unix)]
#[test]
fn saving_over_a_read_only_file_is_refused_with_a_message() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("readonly");
    let path = dir.join("locked.ron");
    std::fs::write(&path, REFORM).expect("write");
    let mut h = harness();
    h.state_mut().apply(Command::Open(path.clone()));
    h.run();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    h.state_mut().apply(Command::SetTitle("改过".to_owned()));
    h.state_mut().apply(Command::Save);
    h.run();
    let expected = format!(
        "the file is read-only; make it writable or save under another name: {}",
        path.display()
    );
    assert_eq!(
        h.state().dialog(),
        Some(&Dialog::SaveFailed(expected.clone()))
    );
    assert!(h.query_by_label(&expected).is_some());
    assert!(h.state().state().is_dirty(), "nothing was saved");
    assert_eq!(std::fs::read_to_string(&path).expect("file"), REFORM);
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

/// An autosave left by an instance that crashed: written, then the instance is gone without a
/// clean exit (dropping the autosaver releases its lock as the system does for a dead process).
fn crashed_autosave(dir: &std::path::Path, title: &str) -> (yibao::model::Scenario, PathBuf) {
    let mut scenario = yibao::model::Scenario {
        title: title.to_owned(),
        ..Default::default()
    };
    scenario.levers.insert(
        "resident.premium".to_owned(),
        LeverPath::Indexed([(2026, 480.0)].into()),
    );
    let mut saver = Autosaver::new(dir.to_path_buf());
    saver.write(None, &scenario).expect("autosave written");
    let path = saver.path();
    drop(saver);
    (scenario, path)
}

fn app_with(dir: &std::path::Path, prefs: Prefs) -> YibaoApp {
    let dataset = Arc::new(Dataset::embedded().expect("data"));
    let mut saver = Autosaver::new(dir.to_path_buf());
    saver.delay_secs = 0.0;
    YibaoApp::new(dataset, prefs, Some(saver), ProjectionMode::Inline)
}

fn autosaves_in(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    v.sort();
    v
}

#[test]
fn an_autosave_left_by_a_crash_is_offered_in_local_time_and_recovered() {
    let dir = temp_dir("autosave");
    let (scenario, orphan) = crashed_autosave(&dir, "崩溃前的方案");

    let app = app_with(&dir, Prefs::default());
    assert_eq!(app.recovery().len(), 1);
    let offered = app.recovery()[0].content.clone().expect("readable");
    let mut h = harness_with(app);
    assert!(h.query_by_label("恢复未保存的工作？").is_some());
    // The time is shown in the system's time zone.
    let shown = format!(
        "上次退出时有未保存的方案“崩溃前的方案”（自动保存于 {}）。",
        offered.saved_at_text()
    );
    assert!(h.query_by_label(&shown).is_some(), "{shown}");
    h.get_by_label("恢复").click();
    h.run();
    let app = h.state();
    assert_eq!(app.state().scenario, scenario);
    assert!(app.state().is_dirty(), "recovered work still needs saving");
    // The recovered work is in this instance's autosave before the orphan is gone.
    assert!(!orphan.exists());
    assert_eq!(autosaves_in(&dir).len(), 1);

    // A clean exit removes this instance's autosave and lock.
    h.state_mut().on_exit();
    assert!(autosaves_in(&dir).is_empty());
    let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn closing_while_the_recovery_offer_is_open_keeps_the_autosave() {
    let dir = temp_dir("autosave-close");
    let (scenario, orphan) = crashed_autosave(&dir, "未决定");
    let mut h = harness_with(app_with(&dir, Prefs::default()));
    assert!(h.query_by_label("恢复未保存的工作？").is_some());
    h.state_mut().on_exit();
    drop(h);
    assert!(orphan.exists(), "closing is no answer to the offer");
    // It is offered again on the next start, and "later" keeps it too.
    let mut h = harness_with(app_with(&dir, Prefs::default()));
    let offered = h.state().recovery()[0].content.clone().expect("readable");
    assert_eq!(offered.scenario, scenario);
    h.get_by_label("稍后决定").click();
    h.run();
    assert!(h.state().recovery().is_empty());
    assert!(orphan.exists());
}

#[test]
fn a_running_instance_is_not_an_orphan_and_every_orphan_is_offered() {
    let dir = temp_dir("autosave-instances");
    let (_, first) = crashed_autosave(&dir, "第一个");
    let (_, second) = crashed_autosave(&dir, "第二个");
    // A live instance with unsaved work.
    let mut live = Autosaver::new(dir.clone());
    let live_scenario = yibao::model::Scenario {
        title: "仍在运行".to_owned(),
        ..Default::default()
    };
    live.write(None, &live_scenario).expect("written");

    let mut h = harness_with(app_with(&dir, Prefs::default()));
    let offered: Vec<PathBuf> = h
        .state()
        .recovery()
        .iter()
        .map(|o| o.path.clone())
        .collect();
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort();
    let mut got = offered.clone();
    got.sort();
    assert_eq!(got, expected, "both orphans, not the live instance's file");
    // A third instance started meanwhile does not offer what the second is offering.
    let third = app_with(&dir, Prefs::default());
    assert!(third.recovery().is_empty());
    drop(third);
    // Discarding one deletes it; the other stays offered.
    h.state_mut().apply(Command::DiscardAutosave(first.clone()));
    h.run();
    assert!(!first.exists());
    assert_eq!(h.state().recovery().len(), 1);
    h.state_mut().on_exit();
    assert!(second.exists());
    assert!(
        live.path().exists(),
        "the live instance's work is untouched"
    );
    assert_eq!(
        yibao::app::io::autosave::read(&live.path())
            .expect("readable")
            .scenario,
        live_scenario
    );
}

#[test]
fn an_unreadable_autosave_is_kept_and_reported() {
    let dir = temp_dir("autosave-bad");
    let bad = dir.join("autosave-1-1.ron");
    std::fs::write(&bad, "(format_from_the_future: 9)").expect("write");
    let legacy = dir.join("autosave.ron");
    std::fs::write(&legacy, "not ron at all").expect("write");
    let mut h = harness_with(app_with(&dir, Prefs::default()));
    let recovery = h.state().recovery().to_vec();
    assert_eq!(recovery.len(), 2);
    assert!(recovery.iter().all(|o| o.content.is_err()));
    let message = recovery[0].content.clone().expect_err("unreadable");
    let shown = format!(
        "有一个自动保存文件无法读取，已保留未删除：{}（{message}）",
        recovery[0].path.display()
    );
    assert!(h.query_by_label(&shown).is_some(), "{shown}");
    h.get_by_label("稍后决定").click();
    h.run();
    h.state_mut().on_exit();
    assert_eq!(
        std::fs::read_to_string(&bad).expect("kept"),
        "(format_from_the_future: 9)"
    );
    assert_eq!(
        std::fs::read_to_string(&legacy).expect("kept"),
        "not ron at all"
    );
}

#[test]
fn the_autosave_follows_undo_and_redo_and_saving_refreshes_it() {
    use yibao::model::Balancing;
    let dir = temp_dir("autosave-undo");
    let autosave_dir = dir.join("data");
    let mut h = harness_with(app_with(&autosave_dir, Prefs::default()));
    let on_disk = |_: &egui_kittest::Harness<'static, YibaoApp>| {
        autosaves_in(&autosave_dir).first().map(|p| {
            yibao::app::io::autosave::read(p)
                .expect("readable")
                .scenario
        })
    };
    h.state_mut().apply(Command::SetBalancing(Balancing::Debt));
    h.run();
    h.state_mut()
        .apply(Command::SetBalancing(Balancing::CutBenefits));
    h.run();
    assert_eq!(
        on_disk(&h).map(|s| s.balancing),
        Some(Balancing::CutBenefits)
    );
    h.state_mut().apply(Command::Undo);
    h.run();
    assert_eq!(h.state().state().scenario.balancing, Balancing::Debt);
    assert_eq!(
        on_disk(&h).map(|s| s.balancing),
        Some(Balancing::Debt),
        "what is on screen after undo"
    );
    h.state_mut().apply(Command::Redo);
    h.run();
    assert_eq!(
        on_disk(&h).map(|s| s.balancing),
        Some(Balancing::CutBenefits)
    );
    // Undo back to the saved state: nothing unsaved, no autosave.
    h.state_mut().apply(Command::Undo);
    h.state_mut().apply(Command::Undo);
    h.run();
    assert!(!h.state().state().is_dirty());
    assert_eq!(on_disk(&h), None);

    // Saving refreshes the autosave: after a save and a crash nothing older is offered.
    h.state_mut().apply(Command::SetBalancing(Balancing::Debt));
    h.run();
    assert!(on_disk(&h).is_some());
    h.state_mut().apply(Command::SaveAs(dir.join("saved.ron")));
    h.run();
    assert_eq!(on_disk(&h), None);
    drop(h); // a crash: no on_exit
    let next = app_with(&autosave_dir, Prefs::default());
    assert!(next.recovery().is_empty());
}

#[test]
fn saving_over_a_file_with_comments_asks_once() {
    let dir = temp_dir("comments");
    let path = dir.join("commented.ron");
    let text =
        "// 手写的注释\nScenario(\n    format: 1,\n    title: \"带注释\", /* 也是注释 */\n)\n";
    std::fs::write(&path, text).expect("write");
    let mut h = harness();
    h.state_mut().apply(Command::Open(path.clone()));
    h.run();
    h.state_mut()
        .apply(Command::SetTitle("改过的标题".to_owned()));
    h.state_mut().apply(Command::Save);
    h.run();
    assert_eq!(h.state().overwrite_prompt(), Some(path.as_path()));
    assert!(h.query_by_label("覆盖带注释的文件？").is_some());
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(
        std::fs::read_to_string(&path).expect("file"),
        text,
        "cancel keeps the file"
    );
    assert!(h.state().state().is_dirty());

    h.state_mut().apply(Command::Save);
    h.run();
    h.get_by_label("仍然保存").click();
    h.run();
    assert!(!h.state().state().is_dirty());
    assert!(
        std::fs::read_to_string(&path)
            .expect("file")
            .contains("改过的标题")
    );
    // Asked once: a later save of the same file goes ahead (the file has no comments now, and
    // the answer is remembered for files that keep getting them from elsewhere).
    std::fs::write(&path, text).expect("write");
    h.state_mut()
        .apply(Command::SetTitle("第三个标题".to_owned()));
    h.state_mut().apply(Command::Save);
    h.run();
    assert!(h.state().overwrite_prompt().is_none());
    assert!(
        std::fs::read_to_string(&path)
            .expect("file")
            .contains("第三个标题")
    );
}

#[test]
fn the_workspace_is_restored_after_a_restart() {
    use yibao::app::session::prefs::Tab;
    use yibao::model::Fund;
    let dir = temp_dir("workspace");
    let path = dir.join("reform.ron");
    std::fs::write(&path, REFORM).expect("write fixture");
    let mut h = harness();
    h.state_mut()
        .apply(Command::CompareFiles(vec![path.clone()]));
    h.state_mut().finish_jobs();
    h.state_mut().apply(Command::PinCurrent);
    h.state_mut().apply(Command::PinCurrent);
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.state_mut()
        .apply(Command::SelectFund(Fund::EmployeePooled));
    h.state_mut().apply(Command::SelectTab(Tab::Compare));
    h.run();
    let before: Vec<(String, Option<PathBuf>)> = h
        .state()
        .state()
        .compare
        .iter()
        .map(|e| (e.name.clone(), e.source.clone()))
        .collect();
    assert_eq!(before.len(), 3);

    // What eframe stores on exit, through its RON storage, into a new app.
    let stored = ron::to_string(&h.state().prefs_to_store()).expect("serialize");
    let prefs: Prefs = ron::from_str(&stored).expect("deserialize");
    let dataset = Arc::new(Dataset::embedded().expect("data"));
    let mut app = YibaoApp::new(dataset, prefs, None, ProjectionMode::Inline);
    app.finish_jobs();
    let after: Vec<(String, Option<PathBuf>)> = app
        .state()
        .compare
        .iter()
        .map(|e| (e.name.clone(), e.source.clone()))
        .collect();
    assert_eq!(after, before);
    assert_eq!(app.unit(), "GD");
    assert_eq!(app.fund(), Fund::EmployeePooled);
    assert_eq!(app.prefs().tab, Tab::Compare);
    let h = harness_with(app);
    assert!(
        h.query_all_by_label_contains("提高居民个人缴费")
            .next()
            .is_some()
    );
}

use eframe::egui;
