//! Shared files reproduce their numbers (issue 21, item 7): a scenario saved with loaded
//! provincial accounts or prefecture figures carries them in its `data` section; opened in a
//! fresh app or by `yibao run` without `--accounts`, it gives the same numbers — projection.csv
//! byte for byte — and states the same hash of scenario, data and program version. Bad data in
//! a file are named with the file and the section.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};
use yibao::app::{Command, YibaoApp};
use yibao::model::Fund;

const HEADER: &str = "code,year,scheme,item,value,unit,tag,source_id\n";

/// Beijing's 2022 resident fund as a user's published accounts.
fn accounts_file(dir: &Path) -> PathBuf {
    let path = dir.join("bj.csv");
    std::fs::write(
        &path,
        format!(
            "{HEADER}BJ,2022,resident,income,60,亿元,published,MINE\n\
             BJ,2022,resident,expenditure,55,亿元,published,MINE\n\
             BJ,2022,resident,balance,40,亿元,published,MINE\n"
        ),
    )
    .expect("write accounts");
    path
}

fn yibao(args: &[&std::ffi::OsStr]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_yibao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn run_csv(scenario: &Path, out: &Path, extra: &[&std::ffi::OsStr]) -> String {
    let mut args = vec![
        "run".as_ref(),
        scenario.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend_from_slice(extra);
    let o = yibao(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out.join("projection.csv")).expect("projection.csv")
}

fn bj_balance(app: &YibaoApp) -> f64 {
    app.state()
        .projection
        .series("BJ", Fund::Resident)
        .expect("BJ")
        .rows[0]
        .balance
}

#[test]
fn a_scenario_saved_with_loaded_accounts_reproduces_projection_csv_anywhere() {
    let dir = temp_dir("shared-data");
    let accounts = accounts_file(&dir);
    let mut h = harness();
    let built_in = bj_balance(h.state());
    let hash_without =
        yibao::report::output_hash(&h.state().state().dataset, &h.state().state().scenario);
    h.state_mut().apply(Command::LoadAccounts(accounts.clone()));
    h.state_mut().finish_jobs();
    h.run();
    assert_eq!(
        bj_balance(h.state()),
        40.0,
        "the user's accounts are in use"
    );
    assert_ne!(built_in, 40.0);
    let saved = dir.join("with-data.ron");
    h.state_mut().apply(Command::SaveAs(saved.clone()));
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.contains("    data: (\n"), "{text}");
    assert!(text.contains("BJ,2022,resident,balance,40"), "{text}");
    let hash = yibao::report::output_hash(&h.state().state().dataset, &h.state().state().scenario);
    assert_ne!(hash, hash_without, "the hash covers the data");
    let app_csv = yibao::export::projection_csv(&h.state().state().projection);

    // `yibao run` without --accounts: the same bytes as the app, and as --accounts itself.
    let from_file = run_csv(&saved, &dir.join("a"), &[]);
    assert_eq!(from_file, app_csv);
    let plain = dir.join("plain.ron");
    let bare = yibao::model::Scenario {
        data: Default::default(),
        ..h.state().state().scenario.clone()
    };
    yibao::scenario::save(&plain, &bare).expect("save plain");
    let with_option = run_csv(
        &plain,
        &dir.join("b"),
        &["--accounts".as_ref(), accounts.as_os_str()],
    );
    assert_eq!(from_file, with_option);
    // Without the data the numbers differ: the test can fail.
    let without = run_csv(&plain, &dir.join("c"), &[]);
    assert_ne!(without, from_file);

    // A fresh app (no accounts in its profile) opening the file: the same numbers and hash,
    // and the file saved again is the same file.
    std::fs::remove_file(&accounts).expect("the accounts file is gone: the scenario carries it");
    let mut fresh = harness();
    assert_eq!(bj_balance(fresh.state()), built_in);
    fresh.state_mut().apply(Command::Open(saved.clone()));
    fresh.state_mut().finish_jobs();
    fresh.run();
    assert_eq!(bj_balance(fresh.state()), 40.0);
    assert_eq!(
        yibao::export::projection_csv(&fresh.state().state().projection),
        app_csv
    );
    assert!(!fresh.state().state().is_dirty());
    let state = fresh.state().state();
    assert_eq!(
        yibao::report::output_hash(&state.dataset, &state.scenario),
        hash
    );
    let again = dir.join("again.ron");
    fresh.state_mut().apply(Command::SaveAs(again.clone()));
    assert_eq!(std::fs::read_to_string(&again).expect("saved"), text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_data_in_a_scenario_file_are_named_with_the_file_and_section() {
    let dir = temp_dir("shared-bad-data");
    let file = dir.join("bad.ron");
    std::fs::write(
        &file,
        format!(
            "Scenario(\n    format: 1,\n    title: \"x\",\n    data: (\n        accounts: Some({:?}),\n    ),\n)\n",
            format!("{HEADER}BJ,2022,resident,balance,abc,亿元,published,MINE\n")
        ),
    )
    .expect("write");
    let o = yibao(&[
        "run".as_ref(),
        file.as_os_str(),
        "--out".as_ref(),
        dir.join("out").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("{}#data.accounts:2:", file.display())),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
