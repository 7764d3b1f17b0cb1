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
        yibao::export::projection_header()
    );
    assert_eq!(sum.lines().next().unwrap(), yibao::export::SUMMARY_HEADER);
    // (31 provinces + nation) × (3 funds + the `employee` and `all` totals) × 39 years, plus
    // the header.
    assert_eq!(proj.lines().count(), 32 * 5 * 39 + 1);
    assert_eq!(sum.lines().count(), 32 * 5 + 1);
    assert!(
        proj.lines()
            .nth(1)
            .unwrap()
            .starts_with("CN,nation,all,2022,")
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
fn precision_full_prints_round_trip_digits_and_rejects_other_names() {
    let out = tmp("precision");
    let dir = out.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--out", dir];
        let file = scenario("baseline.ron");
        args.push(&file);
        args.extend_from_slice(extra);
        let o = yibao(&args);
        (o.status.code(), stderr(&o))
    };
    assert_eq!(run(&["--precision", "full"]).0, Some(0));
    let full = std::fs::read_to_string(out.join("projection.csv")).unwrap();
    assert_eq!(run(&[]).0, Some(0));
    let rounded = std::fs::read_to_string(out.join("projection.csv")).unwrap();
    // The same cell: 4 decimals for people, every digit with `--precision full`.
    let cell = |csv: &str| {
        csv.lines()
            .nth(2)
            .unwrap()
            .split(',')
            .nth(16)
            .unwrap()
            .to_owned()
    };
    let (f, r) = (cell(&full), cell(&rounded));
    assert_eq!(r.split('.').nth(1).map(str::len), Some(4), "{r}");
    let (fv, rv): (f64, f64) = (f.parse().unwrap(), r.parse().unwrap());
    assert!((fv - rv).abs() <= 0.00005, "{f} vs {r}");
    assert!(f.len() > r.len(), "{f} vs {r}");
    let (code, err) = run(&["--precision", "exact"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--precision"), "{err}");
}
