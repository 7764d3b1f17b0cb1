//! The command line as a user runs it: exit codes, output files and messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn yibao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn run_writes_both_csv_files_with_the_interface_columns() {
    let out = tmp("run");
    let o = yibao(&[
        "run",
        &scenario("baseline.ron"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let proj = std::fs::read_to_string(out.join("projection.csv")).unwrap();
    let sum = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(
        proj.lines().next().unwrap(),
        yibao::export::PROJECTION_HEADER
    );
    assert_eq!(sum.lines().next().unwrap(), yibao::export::SUMMARY_HEADER);
    // (31 provinces + nation) × 3 funds × 39 years, plus the header.
    assert_eq!(proj.lines().count(), 32 * 3 * 39 + 1);
    assert_eq!(sum.lines().count(), 32 * 3 + 1);
    assert!(
        proj.lines()
            .nth(1)
            .unwrap()
            .starts_with("CN,nation,employee_accounts,2022,")
    );
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn run_is_byte_identical_across_runs() {
    let (a, b) = (tmp("det-a"), tmp("det-b"));
    for d in [&a, &b] {
        let o = yibao(&[
            "run",
            &scenario("roadmap-2035.ron"),
            "--out",
            d.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for f in ["projection.csv", "summary.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn every_shipped_scenario_runs_and_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let o = yibao(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in &files {
        let out = tmp(&format!(
            "all-{}",
            Path::new(f).file_stem().unwrap().to_string_lossy()
        ));
        let o = yibao(&["run", f, "--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stderr(&o));
    }
}

#[test]
fn invalid_input_exits_1_with_a_positioned_message() {
    let d = tmp("bad");
    let bad = d.join("bad.ron");
    std::fs::write(
        &bad,
        "Scenario(\n    format: 1,\n    title: \"x\"\n    horizon: 2050,\n)\n",
    )
    .unwrap();
    let o = yibao(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.starts_with(&format!("{}:", bad.display())), "{e}");
    assert!(e.contains(": error: "), "{e}");
    let o = yibao(&[
        "run",
        bad.to_str().unwrap(),
        "--out",
        d.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !d.join("out").exists(),
        "nothing is written for an invalid scenario"
    );
}

#[test]
fn bad_arguments_exit_1_and_say_what_to_do() {
    let o = yibao(&["run", &scenario("baseline.ron")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim(), "error: `yibao run` needs `--out DIR`");
    let o = yibao(&["run", &scenario("baseline.ron"), "--outt", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown option `--outt`"));
    let o = yibao(&["check", "/nonexistent/x.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("/nonexistent/x.ron"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn levers_lists_the_whole_catalogue() {
    let o = yibao(&["levers"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    for d in yibao::model::LEVERS {
        assert!(text.contains(d.id), "{} missing", d.id);
    }
    let csv = String::from_utf8(yibao(&["levers", "--csv"]).stdout).unwrap();
    assert_eq!(csv.lines().count(), yibao::model::LEVERS.len() + 1);
}

#[test]
fn data_writes_the_calibration_report_with_provenance() {
    let out = tmp("data");
    let o = yibao(&["data", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cal = std::fs::read_to_string(out.join("calibration.csv")).unwrap();
    assert_eq!(
        cal.lines().next().unwrap(),
        "province,field,value,unit,tag,source"
    );
    let bj_pop = cal
        .lines()
        .find(|l| l.starts_with("BJ,population,"))
        .unwrap();
    assert!(
        bj_pop.starts_with("BJ,population,2184,10k persons,published,"),
        "{bj_pop}"
    );
    for tag in [",published,", ",derived,", ",assumed,"] {
        assert!(cal.contains(tag), "{tag}");
    }
    let factors = std::fs::read_to_string(out.join("factors.csv")).unwrap();
    assert!(factors.contains("step4_employee_income,"));
}

#[test]
fn accounts_and_history_options_reach_the_projection() {
    let dir = tmp("accounts");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "code,year,scheme,item,value,unit,tag,source_id\nXX,2022,resident,income,1,亿元,published,S\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = yibao(&[
        "run",
        &scenario("baseline.ron"),
        "--accounts",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bad.csv:2:1: error: unknown province `XX`"),
        "{}",
        stderr(&o)
    );
    let o = yibao(&[
        "run",
        &scenario("baseline.ron"),
        "--history-until",
        "2031",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = yibao(&[
        "run",
        &scenario("baseline.ron"),
        "--history-until",
        "2022",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("projection.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("CN,nation,resident,2023,") && l.ends_with(",0"))
    );
    let o = yibao(&["data", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let published = std::fs::read_to_string(out.join("published_accounts.csv")).unwrap();
    assert!(published.contains("TJ,resident,income,published"));
    assert!(published.contains("BJ,resident,income,modelled"));
    let o = yibao(&["backtest", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("validation.md")).unwrap();
    assert!(
        md.contains("| 2023 | resident | expenditure | 10457.65 |"),
        "{md}"
    );
}

#[test]
fn an_impossible_calibration_exits_1_naming_province_and_step() {
    let dir = tmp("impossible");
    let file = dir.join("sh.csv");
    std::fs::write(
        &file,
        "code,year,scheme,item,value,unit,tag,source_id\n\
         SH,2022,resident,income,130,亿元,published,S\n\
         SH,2022,resident,expenditure,100,亿元,published,S\n\
         SH,2022,resident,balance,10,亿元,published,S\n",
    )
    .unwrap();
    let out = dir.join("out");
    for command in ["run", "data"] {
        let mut args = vec![command];
        let s = scenario("baseline.ron");
        if command == "run" {
            args.push(&s);
        }
        args.extend([
            "--accounts",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let o = yibao(&args);
        assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("error: calibration step 7, province SH: the resident fund implies a negative opening balance"),
            "{command}: {}",
            stderr(&o)
        );
    }
    // The built-in Qinghai 2021 rows are listed as unused, with their position.
    let o = yibao(&["data", "--out", out.to_str().unwrap()]);
    assert!(
        stderr(&o).contains(
            "provinces/province_accounts.csv:22:31: note: not used (before the base year)"
        ),
        "{}",
        stderr(&o)
    );
}
