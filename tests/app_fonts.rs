//! Fonts: the interface keeps the embedded GB2312 subset; user text with characters outside it
//! (镕 堃 喆 玥 赟, common in names) renders with a system CJK font added after the subset.

#![cfg(feature = "gui")]

mod app_support;

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::fonts;
use yibao::app::{Command, YibaoApp};

#[test]
fn names_outside_gb2312_render_with_the_system_cjk_font() {
    let Some(found) = fonts::find_cjk_font(&fonts::font_dirs()) else {
        // .ci/run installs one (fonts-droid-fallback); a machine without any CJK font shows
        // boxes for these characters, and the harness would refuse to draw them.
        eprintln!("no system CJK font covers {}: skipped", fonts::PROBE_CHARS);
        return;
    };
    eprintln!("system CJK font: {}", found.path.display());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_context_setup(|ctx| {
            fonts::install(ctx);
            let used = fonts::install_system_fallback(ctx, &fonts::font_dirs());
            assert!(used.is_some(), "the font found is installed");
        })
        .build_ui_state(
            |ui, app: &mut YibaoApp| app.ui(ui),
            YibaoApp::for_tests().expect("app"),
        );
    h.run();
    // The harness panics on any character no installed font has: drawing these proves the
    // fallback is in the font families the app uses.
    let title = format!("朱{}的方案", fonts::PROBE_CHARS);
    h.state_mut().apply(Command::SetTitle(title.clone()));
    h.state_mut()
        .apply(Command::SetDescription("喆、玥、赟".to_owned()));
    h.run();
    h.get_by_label("方案说明与参考文献").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "方案说明")
            .value()
            .as_deref(),
        Some("喆、玥、赟")
    );
    assert!(h.query_all_by_value(&title).next().is_some());
}
