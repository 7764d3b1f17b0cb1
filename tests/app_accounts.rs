//! 加载省级账户 / Load provincial accounts in the app: a good file re-calibrates and
//! re-projects on a worker and tags the province as published; a bad file or a calibration
//! that fails its guard rails shows positioned errors and leaves the data as they were; the
//! file is shown in the status bar, can be cleared and is remembered in the workspace. Also:
//! the projection's typed warnings appear translated in the status bar.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, harness_with, temp_dir};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yibao::app::session::prefs::Prefs;
use yibao::app::{Command, Dialog, ProjectionMode, YibaoApp};
use yibao::model::accounts::{Item, Scheme};
use yibao::model::{Dataset, Fund, Warning};

const HEADER: &str = "code,year,scheme,item,value,unit,tag,source_id\n";

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{body}")).expect("write accounts");
    path
}

/// Beijing's 2022 resident fund as a user's published accounts.
fn good_file(dir: &Path) -> PathBuf {
    write(
        dir,
        "bj.csv",
        "BJ,2022,resident,income,60,亿元,published,MINE\n\
         BJ,2022,resident,expenditure,55,亿元,published,MINE\n\
         BJ,2022,resident,balance,40,亿元,published,MINE\n",
    )
}

fn bj_base(app: &YibaoApp) -> (f64, f64) {
    let row = &app
        .state()
        .projection
        .series("BJ", Fund::Resident)
        .expect("BJ resident series")
        .rows[0];
    (row.income_total(), row.balance)
}

/// Types `path` into the built-in file dialog's path field.
fn type_path(h: &mut egui_kittest::Harness<'_, YibaoApp>, path: &Path) {
    h.get_by_role_and_label(Role::TextInput, "路径").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "路径")
        .type_text(&path.display().to_string());
    h.run();
}

/// Loads `path` through File → 加载省级账户… and the built-in path dialog, then waits for the
/// worker.
fn load_through_menu(h: &mut egui_kittest::Harness<'_, YibaoApp>, path: &Path) {
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("加载省级账户…").click();
    h.run();
    type_path(h, path);
    h.get_by_role_and_label(Role::Button, "打开").click();
    // A few frames only: while the worker runs the app keeps repainting.
    h.run_steps(2);
    assert!(h.state().path_prompt().is_none());
    h.state_mut().finish_jobs();
    h.run();
}

#[test]
fn a_good_accounts_file_changes_the_province_and_tags_it_published() {
    let dir = temp_dir("accounts-good");
    let file = good_file(&dir);
    let mut h = harness();
    let before = bj_base(h.state());
    assert!(!h.state().state().published.contains_key("BJ"));
    // Tianjin rests on the built-in published accounts from the start.
    assert!(h.state().state().published.contains_key("TJ"));

    load_through_menu(&mut h, &file);
    let app = h.state();
    assert!(app.dialog().is_none(), "{:?}", app.dialog());
    assert_eq!(app.state().accounts.as_deref(), Some(file.as_path()));
    let (income, balance) = bj_base(app);
    assert!((income - 60.0).abs() < 1e-9, "{income}");
    assert!((balance - 40.0).abs() < 1e-9, "{balance}");
    assert_ne!((income, balance), before);
    let items = &app.state().published["BJ"];
    for item in [Item::Income, Item::Expenditure, Item::Balance] {
        assert!(items.contains(&(Scheme::Resident, item)), "{items:?}");
    }
    assert!(h.query_by_label("省级账户：bj.csv").is_some());

    // The tag shows beside the picked province, with the items in its hover.
    assert!(h.query_by_label("公布").is_none());
    h.state_mut()
        .apply(Command::SelectUnit("BJ".parse().expect("a province")));
    h.run();
    h.get_by_label("公布").hover();
    h.run();
    assert!(
        h.query_by_label_contains("以下数值采用公布的省级账户")
            .is_some()
    );
    assert!(h.query_by_label("· 居民医保：收入").is_some());

    // The workspace remembers the file; a new window loads it again.
    let prefs = h.state().prefs_to_store();
    assert_eq!(prefs.accounts.as_deref(), Some(file.as_path()));
    let data = Arc::new(Dataset::embedded().expect("data"));
    let mut again = YibaoApp::new(data, prefs, None, ProjectionMode::Inline);
    again.finish_jobs();
    assert_eq!(again.state().accounts.as_deref(), Some(file.as_path()));
    assert!((bj_base(&again).0 - 60.0).abs() < 1e-9);

    // Clearing goes back to the built-in accounts.
    h.get_by_label("×").click();
    h.run_steps(2);
    h.state_mut().finish_jobs();
    h.run();
    let app = h.state();
    assert_eq!(app.state().accounts, None);
    assert_eq!(app.prefs_to_store().accounts, None);
    assert_eq!(bj_base(app), before);
    assert!(!app.state().published.contains_key("BJ"));
    assert!(h.query_by_label("省级账户：bj.csv").is_none());
}

#[test]
fn a_bad_accounts_file_shows_positioned_errors_and_changes_nothing() {
    let dir = temp_dir("accounts-bad");
    let bad = write(
        &dir,
        "bad.csv",
        "BJ,2022,resident,income,sixty,亿元,published,MINE\n",
    );
    let mut h = harness();
    let before = h.state().state().projection.clone();
    load_through_menu(&mut h, &bad);
    let app = h.state();
    let Some(Dialog::AccountsFailed { messages }) = app.dialog() else {
        panic!("expected the accounts error dialog, got {:?}", app.dialog());
    };
    let prefix = format!("{}:2:", bad.display());
    assert!(
        messages.iter().any(|m| m.starts_with(&prefix)),
        "{messages:?}"
    );
    assert_eq!(app.state().accounts, None);
    assert_eq!(app.state().projection, before);
    assert!(h.query_by_label("无法使用省级账户文件").is_some());
    assert!(h.query_by_label_contains(&prefix).is_some());
}

#[test]
fn a_calibration_that_fails_its_guard_rails_keeps_the_previous_data() {
    let dir = temp_dir("accounts-guard");
    let good = good_file(&dir);
    // Shanghai's resident fund with an income that leaves no room in the step-7 margins.
    let impossible = write(
        &dir,
        "sh.csv",
        "SH,2022,resident,income,130,亿元,published,MINE\n\
         SH,2022,resident,expenditure,100,亿元,published,MINE\n\
         SH,2022,resident,balance,10,亿元,published,MINE\n",
    );
    let mut h = harness();
    let built_in = h.state().state().projection.clone();
    h.state_mut().apply(Command::LoadAccounts(good.clone()));
    // The reload runs on a worker: nothing has changed when the command returns.
    assert!(h.state().accounts_loading());
    assert_eq!(h.state().state().accounts, None);
    assert_eq!(h.state().state().projection, built_in);
    h.state_mut().finish_jobs();
    h.run();
    let loaded = h.state().state().projection.clone();
    assert!(!loaded.series.is_empty());

    h.state_mut()
        .apply(Command::LoadAccounts(impossible.clone()));
    h.state_mut().finish_jobs();
    h.run();
    let app = h.state();
    let Some(Dialog::AccountsFailed { messages }) = app.dialog() else {
        panic!("expected the accounts error dialog, got {:?}", app.dialog());
    };
    assert!(
        messages
            .iter()
            .any(|m| m.contains("sh.csv") && m.contains("province SH")),
        "{messages:?}"
    );
    // The previous accounts and their projection stay.
    assert_eq!(app.state().accounts.as_deref(), Some(good.as_path()));
    assert_eq!(app.state().projection, loaded);
}

#[test]
fn projection_warnings_are_translated_in_the_status_bar() {
    let mut app = YibaoApp::for_tests().expect("app");
    app.state_mut().projection.warnings = vec![
        Warning::EmptyResidentPool {
            province: "SH".into(),
        },
        Warning::HorizonClamped {
            requested: 2120,
            used: 2100,
        },
    ];
    let file_warnings = app.state().file_warnings.len();
    let mut h = harness_with(app);
    let count = (file_warnings + 2).to_string();
    h.get_by_label(&format!("警告 {count}")).click();
    h.run();
    assert!(
        h.query_by_label_contains("上海：职工参保人数已占满参保人口，居民参保人数为零")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("预测终止年 2120 已调整为 2100")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("resident pool is empty")
            .is_none()
    );

    h.get_by_label("English").click();
    h.run();
    h.get_by_label(&format!("{count} warnings")).click();
    h.run();
    assert!(
        h.query_by_label_contains(
            "Shanghai: employee members fill the insured; resident pool is empty"
        )
        .is_some()
    );
    assert!(
        h.query_by_label_contains("horizon 2120 clamped to 2100")
            .is_some()
    );
}

#[test]
fn prefs_without_accounts_keep_loading() {
    let prefs: Prefs = ron::from_str("(lang: En)").expect("old prefs");
    assert_eq!(prefs.accounts, None);
}

#[test]
fn a_scenario_whose_calibration_fails_shows_the_cause_and_exports_nothing() {
    let dir = temp_dir("accounts-failed-calibration");
    // Shanghai's resident fund with a balance far below one year's deficit: calibration step 7
    // refuses it (a negative opening balance).
    let data = Dataset::embedded().expect("data");
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let accounts = yibao::model::accounts::Accounts::parse(
        "sh.csv",
        &format!(
            "{HEADER}SH,2022,resident,income,130,亿元,published,MINE\n\
             SH,2022,resident,expenditure,100,亿元,published,MINE\n\
             SH,2022,resident,balance,10,亿元,published,MINE\n"
        ),
        &codes,
    )
    .expect("well formed");
    let data = data
        .with_accounts(accounts)
        .expect("within national totals");
    let app = YibaoApp::new(
        Arc::new(data),
        Prefs::default(),
        None,
        ProjectionMode::Inline,
    );
    // The error is kept, not an empty projection passed off as a result.
    let failure = app.state().failure.clone().expect("the calibration failed");
    assert_eq!((failure.province.as_str(), failure.step), ("SH", 7));
    assert!(app.state().projection.series.is_empty());
    let mut h = harness_with(app);
    // The status line names the cause in the UI's language.
    h.get_by_label("警告 1").click();
    h.run();
    assert!(
        h.query_by_label_contains(
            "校准第 7 步，省份 上海：the resident fund implies a negative opening balance"
        )
        .is_some()
    );
    // An edit projects again and fails again, with the same cause.
    h.state_mut().apply(Command::SetHorizon(2040));
    assert_eq!(h.state().state().failure.as_ref(), Some(&failure));
    // No report pack of a scenario without a projection: the error shows instead.
    let pack = dir.join("pack");
    h.state_mut().apply(Command::ExportReport(pack.clone()));
    h.state_mut().finish_report();
    let Some(Dialog::SaveFailed(message)) = h.state().dialog() else {
        panic!("expected the error dialog, got {:?}", h.state().dialog());
    };
    assert!(
        message.contains("calibration step 7, province SH"),
        "{message}"
    );
    assert!(!pack.exists());
    // A compared file that cannot be calibrated is an error naming the file, not an entry.
    h.state_mut().apply(Command::DismissDialog);
    let compared = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/premium-freeze.ron");
    h.state_mut()
        .apply(Command::CompareFiles(vec![compared.clone()]));
    h.state_mut().finish_jobs();
    assert!(h.state().state().compare.is_empty());
    let Some(Dialog::OpenFailed { messages }) = h.state().dialog() else {
        panic!("expected the open error, got {:?}", h.state().dialog());
    };
    assert_eq!(
        messages,
        &vec![format!("{}: error: {failure}", compared.display())]
    );
}
