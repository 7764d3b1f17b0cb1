//! Open and Save As on a machine without a desktop portal: the app says so and falls back to its
//! built-in file dialog (a path field, the scenarios folder and recent folders as shortcuts, the
//! folder's scenario files), which opens, saves and answers the unsaved-changes prompt.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness_with, temp_dir};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use yibao::app::{Command, PathPurpose, YibaoApp};

const NO_PORTAL: &str = "org.freedesktop.portal.Desktop is not on the session bus";

fn app_without_portal() -> YibaoApp {
    let mut app = YibaoApp::for_tests().expect("app");
    app.set_portal(Err(NO_PORTAL.to_owned()));
    app
}

fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// Replaces the text of the dialog's path field.
fn type_path(h: &mut egui_kittest::Harness<'_, YibaoApp>, path: &std::path::Path) {
    h.get_by_role_and_label(Role::TextInput, "路径").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "路径")
        .type_text(&path.display().to_string());
    h.run();
}

#[test]
fn open_without_a_portal_says_so_and_opens_through_the_built_in_dialog() {
    let mut h = harness_with(app_without_portal());
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("打开…").click();
    h.run();
    // The error says in plain words that the system dialog cannot open; the missing service
    // and the system's own (English) report only under 技术细节.
    assert!(
        h.query_by_label_contains("系统的文件对话框打不开")
            .is_some()
    );
    assert!(h.query_by_label(NO_PORTAL).is_none());
    h.get_by_label("技术细节").click();
    h.run();
    assert!(
        h.query_by_label_contains("桌面文件对话框服务（xdg-desktop-portal 的文件选择器）不可用")
            .is_some()
    );
    assert!(h.query_by_label(NO_PORTAL).is_some());
    // The scenarios folder is a shortcut; its files are listed.
    h.get_by_label("示例方案文件夹").click();
    h.run();
    h.get_by_label("premium-freeze.ron").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "路径")
            .value()
            .as_deref(),
        Some(example("premium-freeze.ron").display().to_string().as_str())
    );
    h.get_by_role_and_label(Role::Button, "打开").click();
    h.run();
    let app = h.state();
    assert!(app.path_prompt().is_none());
    assert_eq!(
        app.state().scenario.title,
        "居民个人缴费暂停上涨（2026–2028）"
    );
    assert_eq!(
        app.state().file.as_deref(),
        Some(example("premium-freeze.ron").as_path())
    );
}

#[test]
fn save_as_without_a_portal_writes_the_typed_path_and_offers_recent_folders() {
    let dir = temp_dir("fallback-save");
    let source = dir.join("freeze.ron");
    std::fs::copy(example("premium-freeze.ron"), &source).expect("copy fixture");
    let mut h = harness_with(app_without_portal());
    h.state_mut().apply(Command::Open(source.clone()));
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(450.0);
    h.run();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("另存为…").click();
    h.run();
    // It starts at the current file, with its folder among the shortcuts and a warning that
    // saving there replaces the file.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "路径")
            .value()
            .as_deref(),
        Some(source.display().to_string().as_str())
    );
    assert!(h.query_by_label(&dir.display().to_string()).is_some());
    assert!(h.query_by_label("该文件已存在，保存将覆盖它。").is_some());

    let target = dir.join("raised");
    type_path(&mut h, &target);
    assert!(h.query_by_label("该文件已存在，保存将覆盖它。").is_none());
    h.get_by_label("保存").click();
    h.run();
    let saved = dir.join("raised.ron");
    let app = h.state();
    assert!(app.path_prompt().is_none());
    assert_eq!(app.state().file.as_deref(), Some(saved.as_path()));
    assert!(!app.state().is_dirty());
    let text = std::fs::read_to_string(&saved).expect("the file was written");
    assert!(text.contains("\"resident.premium\""), "{text}");
    assert!(text.contains("450"), "{text}");
}

#[test]
fn the_unsaved_changes_prompt_saves_through_the_built_in_dialog_then_goes_on() {
    let dir = temp_dir("fallback-prompt");
    let mut h = harness_with(app_without_portal());
    h.get_by_role_and_label(Role::Slider, "财政补助")
        .set_value_accesskit(800.0);
    h.run();
    h.state_mut().apply(Command::New);
    h.run();
    h.get_by_label("保存").click();
    h.run();
    // The built-in dialog proposes a name from the automatic title.
    let proposed = h
        .get_by_role_and_label(Role::TextInput, "路径")
        .value()
        .unwrap_or_default();
    assert!(
        proposed.ends_with("未命名方案（基于现行政策）.ron"),
        "{proposed}"
    );
    let target = dir.join("subsidy.ron");
    type_path(&mut h, &target);
    h.state_mut().apply(Command::PathPromptConfirm);
    h.run();
    assert!(target.is_file());
    // Saved, then the New that was waiting ran.
    let app = h.state();
    assert!(app.prompt().is_none());
    assert!(app.state().scenario.levers.is_empty());
    assert!(app.state().file.is_none());

    // Cancel leaves everything as it was.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("打开…").click();
    h.run();
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().path_prompt().is_none());
}

#[test]
fn chart_export_without_a_portal_writes_through_the_built_in_dialog() {
    let dir = temp_dir("fallback-export");
    let mut h = harness_with(app_without_portal());
    h.run();
    h.state_mut()
        .apply(Command::PickPath(PathPurpose::ExportChart(
            0,
            yibao::app::plots::export_chart::ChartFormat::Svg,
        )));
    h.run();
    // The built-in dialog is open for an SVG of the first panel, proposing its title.
    assert!(
        h.query_by_label_contains("系统的文件对话框打不开")
            .is_some()
    );
    let proposed = h
        .get_by_role_and_label(Role::TextInput, "路径")
        .value()
        .unwrap_or_default();
    assert!(proposed.ends_with(".svg"), "{proposed}");
    let target = dir.join("reserve");
    type_path(&mut h, &target);
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    assert!(h.state().path_prompt().is_none());
    let svg = std::fs::read_to_string(dir.join("reserve.svg")).expect("the chart was written");
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "{}",
        &svg[..40]
    );
}

#[test]
fn briefing_export_without_a_portal_writes_a_docx_through_the_built_in_dialog() {
    let dir = temp_dir("fallback-briefing");
    let mut h = harness_with(app_without_portal());
    h.run();
    h.state_mut()
        .apply(Command::PickPath(PathPurpose::ExportBriefing));
    h.run();
    assert!(
        h.query_by_label_contains("系统的文件对话框打不开")
            .is_some()
    );
    let proposed = h
        .get_by_role_and_label(Role::TextInput, "路径")
        .value()
        .unwrap_or_default();
    assert!(proposed.ends_with(".docx"), "{proposed}");
    // A path without an extension gets `.docx`.
    type_path(&mut h, &dir.join("briefing"));
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    assert!(h.state().path_prompt().is_none());
    h.state_mut().finish_report();
    assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());
    let bytes = std::fs::read(dir.join("briefing.docx")).expect("the briefing was written");
    assert!(bytes.starts_with(b"PK"), "a zip (OOXML) file");
}

/// The report pack's folder: an existing folder is listed with what it holds (its files and
/// subfolders), not called empty; a folder that does not exist yet says so; an empty one says
/// it is empty.
#[test]
fn the_built_in_dialog_lists_an_existing_folder_and_tells_missing_from_empty() {
    let dir = temp_dir("fallback-listing");
    std::fs::create_dir_all(dir.join("charts")).expect("subfolder");
    std::fs::write(dir.join("summary.md"), "# x\n").expect("file");
    std::fs::create_dir_all(dir.join("empty")).expect("empty folder");
    let mut h = harness_with(app_without_portal());
    h.run();
    h.state_mut()
        .apply(Command::PickPath(PathPurpose::ExportReport));
    h.run();
    type_path(&mut h, &dir);
    assert!(
        h.query_by_label("summary.md").is_some(),
        "the folder's file is listed"
    );
    assert!(h.query_by_label("charts/").is_some(), "its subfolder too");
    assert!(h.query_by_label_contains("此文件夹为空").is_none());
    type_path(&mut h, &dir.join("empty"));
    assert!(h.query_by_label("（此文件夹为空）").is_some());
    type_path(&mut h, &dir.join("new").join("pack"));
    assert!(h.query_by_label_contains("此文件夹尚不存在").is_some());
    h.state_mut().apply(Command::PathPromptCancel);
    let _ = std::fs::remove_dir_all(&dir);
}
