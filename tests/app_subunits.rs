//! 加载地市账户 / Load prefecture accounts in the app: beside the provincial accounts loader,
//! on the same worker; a good file replaces Guizhou's synthetic sub-units (labelled as real),
//! shows in the status bar and can be cleared; a bad file shows positioned errors and changes
//! nothing.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, temp_dir};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yibao::app::{Command, Dialog, ProjectionMode, YibaoApp};
use yibao::model::output::Level;
use yibao::model::scenario::{Pooling, PoolingLevel, PoolingStep};
use yibao::model::{Dataset, Fund, Warning};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/subunits_gz_illustrative.csv")
}

fn prefecture_pooling() -> Pooling {
    let steps = vec![PoolingStep {
        from: 2023,
        level: PoolingLevel::Prefecture,
    }];
    Pooling {
        resident: steps.clone(),
        employee: steps,
        adjustment: Vec::new(),
    }
}

fn has_unit(app: &YibaoApp, unit: &str) -> bool {
    app.state()
        .projection
        .series
        .iter()
        .any(|s| s.unit == unit && s.level == Level::Subunit && s.fund == Fund::Resident)
}

fn loaded_note(app: &YibaoApp) -> bool {
    app.state()
        .projection
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::LoadedSubunits { provinces, .. } if provinces == &["GZ"]))
}

/// Loads `path` through 文件 → 加载地市账户… and the built-in path dialog, then waits.
fn load_through_menu(h: &mut egui_kittest::Harness<'_, YibaoApp>, path: &Path) {
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("加载地市账户…").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "路径").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "路径")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_role_and_label(Role::Button, "打开").click();
    h.run_steps(2);
    h.state_mut().finish_jobs();
    h.run();
}

#[test]
fn prefecture_accounts_replace_guizhous_synthetic_units_and_can_be_cleared() {
    let mut h = harness();
    h.state_mut()
        .apply(Command::SetPooling(prefecture_pooling()));
    h.run();
    // Synthetic: Guizhou has its nine drawn units, no rest unit.
    assert!(has_unit(h.state(), "GZ-09") && !has_unit(h.state(), "GZ-00"));
    assert!(!loaded_note(h.state()));
    load_through_menu(&mut h, &fixture());
    let app = h.state();
    assert!(app.dialog().is_none(), "{:?}", app.dialog());
    assert_eq!(app.state().subunits.as_deref(), Some(fixture().as_path()));
    // Loaded: the file's nine units plus the rest of the province, labelled as real.
    assert!(has_unit(app, "GZ-09") && has_unit(app, "GZ-00"));
    assert!(loaded_note(app));
    h.get_by_label_contains("地市账户：subunits_gz_illustrative.csv");
    // The workspace remembers the file; a new window loads it again (with the same pooling).
    let mut prefs = h.state().prefs_to_store();
    assert_eq!(prefs.subunits.as_deref(), Some(fixture().as_path()));
    prefs.accounts = None;
    let data = Arc::new(Dataset::embedded().expect("data"));
    let mut again = YibaoApp::new(data, prefs, None, ProjectionMode::Inline);
    again.finish_jobs();
    assert_eq!(again.state().subunits.as_deref(), Some(fixture().as_path()));
    again.apply(Command::SetPooling(prefecture_pooling()));
    assert!(has_unit(&again, "GZ-00") && loaded_note(&again));
    // Cleared from the menu: back to synthetic units.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("清除地市账户").click();
    h.run();
    h.state_mut().finish_jobs();
    h.run();
    let app = h.state();
    assert!(app.state().subunits.is_none());
    assert!(!has_unit(app, "GZ-00") && !loaded_note(app));
    assert_eq!(app.prefs_to_store().subunits, None);
}

#[test]
fn a_bad_prefecture_file_shows_positioned_errors_and_changes_nothing() {
    let dir = temp_dir("subunits-bad");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "code,name,year,scheme,item,value,unit,tag,source_id\nGZ-01,贵阳市,2022,resident,income,x,亿元,derived,T\n",
    )
    .expect("written");
    let mut h = harness();
    h.state_mut()
        .apply(Command::SetPooling(prefecture_pooling()));
    h.run();
    h.state_mut().apply(Command::LoadSubunits(bad.clone()));
    h.state_mut().finish_jobs();
    h.run();
    let app = h.state();
    let Some(Dialog::SubunitsFailed { messages }) = app.dialog() else {
        panic!(
            "expected the prefecture accounts error dialog, got {:?}",
            app.dialog()
        );
    };
    assert_eq!(
        messages,
        &[format!(
            "{}:2:32: error: `x` is not a number",
            bad.display()
        )]
    );
    assert!(app.state().subunits.is_none());
    assert!(!has_unit(app, "GZ-00") && !loaded_note(app));
    let _ = std::fs::remove_dir_all(&dir);
}
