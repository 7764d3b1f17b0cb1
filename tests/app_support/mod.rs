//! Shared helpers of the app tests.

#![allow(dead_code)]

use eframe::egui;
use egui_kittest::Harness;
use yibao::app::YibaoApp;

/// A harness around the whole app at a desktop size, with the CJK font installed as in the
/// real window (the harness panics on any glyph no font has).
pub fn harness() -> Harness<'static, YibaoApp> {
    harness_with(YibaoApp::for_tests().expect("embedded data loads"))
}

/// A harness around a prepared app.
pub fn harness_with(app: YibaoApp) -> Harness<'static, YibaoApp> {
    harness_sized(app, egui::vec2(1440.0, 900.0))
}

/// A harness around a prepared app in a window of `size` points.
pub fn harness_sized(app: YibaoApp, size: egui::Vec2) -> Harness<'static, YibaoApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_context_setup(yibao::app::fonts::install)
        .build_ui_state(|ui, app: &mut YibaoApp| app.ui(ui), app);
    h.run();
    h
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yibao-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
