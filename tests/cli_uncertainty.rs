//! `yibao mc`, `solve`, `sensitivity` and `heatmap` as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn yibao(args: &[&str], threads: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yibao"));
    c.args(args);
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-unc-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn baseline() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/baseline.ron")
        .display()
        .to_string()
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn mc_writes_identical_files_at_one_and_two_threads() {
    let (a, b) = (tmp("mc1"), tmp("mc2"));
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        let o = yibao(
            &[
                "mc",
                &baseline(),
                "--draws",
                "60",
                "--seed",
                "7",
                "--out",
                dir.to_str().unwrap(),
            ],
            Some(threads),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for f in ["fan.csv", "depletion_probability.csv"] {
        assert_eq!(read(a.join(f)), read(b.join(f)), "{f} differs");
    }
    let fan = read(a.join("fan.csv"));
    assert_eq!(
        fan.lines().next(),
        Some("unit,level,fund,year,metric,p5,p25,p50,p75,p95")
    );
    // 32 units × 3 funds × 39 years × 2 metrics.
    assert_eq!(fan.lines().count(), 1 + 32 * 3 * 39 * 2);
    let dep = read(a.join("depletion_probability.csv"));
    assert_eq!(dep.lines().next(), Some("unit,level,fund,year,p_depleted"));
    assert!(
        dep.lines()
            .any(|l| l.starts_with("CN,nation,resident,2035,"))
    );
}

#[test]
fn mc_rejects_bad_options_with_exit_1() {
    let o = yibao(&["mc", &baseline(), "--draws", "many", "--out", "x"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`many` is not a valid number"));
    let o = yibao(&["mc", &baseline(), "--drawz", "5"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown option `--drawz`"));
    let o = yibao(
        &["mc", &baseline(), "--out", "x", "--assumptions", "medium"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("use low, mid or high"));
}

#[test]
fn solve_prints_the_value_or_says_none_meets_the_target() {
    let o = yibao(
        &[
            "solve",
            &baseline(),
            "--lever",
            "resident.premium",
            "--target",
            "resident.months>=12 until 2035",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let value: f64 = out
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("resident.premium = "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no value in {out}"));
    assert!(value > 400.0 && value < 5000.0, "{value}");
    let o = yibao(
        &[
            "solve",
            &baseline(),
            "--lever",
            "resident.child_factor",
            "--target",
            "resident.months>=1000 until 2035",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("no value of resident.child_factor in its range")
    );
    let o = yibao(
        &[
            "solve",
            &baseline(),
            "--lever",
            "resident.premum",
            "--target",
            "months>=1",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `resident.premium`"));
}

#[test]
fn sensitivity_and_heatmap_write_their_tables() {
    let d = tmp("sens");
    let o = yibao(
        &[
            "sensitivity",
            &baseline(),
            "--metric",
            "resident.depletion",
            "--out",
            d.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = read(d.join("sensitivity.csv"));
    let swings: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| {
            l.rsplit(',')
                .next()
                .and_then(|v| v.parse().ok())
                .expect("swing")
        })
        .collect();
    assert!(swings.len() > 10 && swings.windows(2).all(|w| w[0] >= w[1]));
    let o = yibao(
        &[
            "heatmap",
            &baseline(),
            "--x",
            "resident.premium=300..900",
            "--y",
            "resident.subsidy",
            "--steps",
            "3",
            "--metric",
            "resident.months@2035",
            "--out",
            d.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(read(d.join("heatmap.csv")).lines().count(), 1 + 9);
}

#[test]
fn mc_draws_charts_of_the_listed_units_and_refuses_too_many_draws() {
    let dir = tmp("mc-charts");
    let o = yibao(
        &[
            "mc",
            &baseline(),
            "--draws",
            "30",
            "--seed",
            "7",
            "--out",
            dir.to_str().unwrap(),
            "--charts",
            "cn,GD",
            "--lang",
            "en",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let charts = dir.join("charts");
    for unit in ["CN", "GD"] {
        for fund in ["employee_pooled", "resident"] {
            for what in ["fan", "depletion"] {
                for ext in ["svg", "png", "csv"] {
                    let f = charts.join(format!("{unit}_{fund}_{what}.{ext}"));
                    assert!(std::fs::metadata(&f).is_ok_and(|m| m.len() > 100), "{f:?}");
                }
            }
        }
    }
    // The fan's chart data are fan.csv's percentiles.
    let chart = read(charts.join("GD_resident_fan.csv"));
    let header: Vec<&str> = chart.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (median, p95) = (col("Median"), col("5th–95th percentile (upper)"));
    let fan = read(dir.join("fan.csv"));
    for line in chart.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let row = fan
            .lines()
            .find(|l| l.starts_with(&format!("GD,province,resident,{},balance,", cells[0])))
            .expect("the year in fan.csv");
        let p: Vec<&str> = row.split(',').skip(5).collect();
        assert_eq!((cells[median], cells[p95]), (p[2], p[4]), "{line}");
    }
    assert!(read(charts.join("CN_resident_fan.svg")).contains("<polygon"));

    let out = dir.to_str().unwrap();
    let b = baseline();
    refused(
        &["mc", &b, "--out", out, "--charts", "XX"],
        "unknown unit `XX` in `--charts`",
    );
    refused(&["mc", &b, "--out", out, "--lang", "fr"], "use zh or en");
    for draws in ["10001", "18446744073709551615"] {
        refused(
            &["mc", &b, "--draws", draws, "--out", out],
            "at most 10000 draws",
        );
    }
}

/// Exit code 1 and a message containing `needle`.
fn refused(args: &[&str], needle: &str) {
    let o = yibao(args, None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
}

#[test]
fn analyses_that_could_not_move_their_metric_are_refused_not_run() {
    let dir = tmp("refused");
    let out = dir.to_str().unwrap();
    let b = baseline();
    // A start year after the horizon, and metrics that look at a year before the changes.
    refused(
        &[
            "heatmap",
            &b,
            "--x",
            "resident.premium",
            "--y",
            "resident.subsidy",
            "--steps",
            "2",
            "--metric",
            "depletion",
            "--from",
            "2061",
            "--out",
            out,
        ],
        "start year 2061 is outside 2023–2060",
    );
    refused(
        &[
            "heatmap",
            &b,
            "--x",
            "resident.premium",
            "--y",
            "resident.subsidy",
            "--steps",
            "2",
            "--metric",
            "months@2030",
            "--from",
            "2040",
            "--out",
            out,
        ],
        "before the changes start in 2040",
    );
    refused(
        &["sensitivity", &b, "--metric", "months@2024", "--out", out],
        "before the changes start in 2026",
    );
    refused(
        &[
            "solve",
            &b,
            "--lever",
            "resident.subsidy",
            "--target",
            "months>=6 until 2030",
            "--from",
            "2035",
        ],
        "before the changes start in 2035",
    );
    // A horizon before the inputs move.
    let short = dir.join("short.ron");
    let text = std::fs::read_to_string(&b)
        .unwrap()
        .replace("horizon: 2060", "horizon: 2025");
    assert!(
        text.contains("horizon: 2025"),
        "the baseline names its horizon"
    );
    std::fs::write(&short, text).unwrap();
    refused(
        &[
            "sensitivity",
            short.to_str().unwrap(),
            "--metric",
            "months",
            "--out",
            out,
        ],
        "outside 2023–2025",
    );
    // A lever that acts on the base-year calibration only.
    for args in [
        vec![
            "solve",
            &b,
            "--lever",
            "calibration.margin_shrinkage",
            "--target",
            "months>=6",
        ],
        vec![
            "heatmap",
            &b,
            "--x",
            "calibration.margin_shrinkage",
            "--y",
            "resident.subsidy",
            "--metric",
            "depletion",
            "--out",
            out,
        ],
    ] {
        refused(&args, "acts on the base-year calibration only");
    }
    // Targets that are not numbers or give the year twice; options given twice.
    refused(
        &[
            "solve",
            &b,
            "--lever",
            "resident.subsidy",
            "--target",
            "months>=NaN",
        ],
        "not a finite number",
    );
    refused(
        &[
            "solve",
            &b,
            "--lever",
            "resident.subsidy",
            "--target",
            "months@2035>=6 until 2040",
        ],
        "gives a year twice",
    );
    refused(
        &["mc", &b, "--draws", "3", "--draws", "5", "--out", out],
        "`--draws` is given more than once",
    );
    refused(&["mc", &b, "--draws"], "needs a value: `--draws N`");
    refused(
        &[
            "heatmap",
            &b,
            "--x",
            "resident.premium=500..500",
            "--y",
            "resident.subsidy",
            "--steps",
            "3",
            "--metric",
            "depletion",
            "--out",
            out,
        ],
        "the range is a single value",
    );
    refused(
        &[
            "heatmap",
            &b,
            "--x",
            "resident.premum",
            "--y",
            "resident.subsidy",
            "--metric",
            "depletion",
            "--out",
            out,
        ],
        "did you mean `resident.premium`?",
    );
    // A file where the output directory should be: said before any work, nothing written.
    let file = dir.join("afile");
    std::fs::write(&file, "keep").unwrap();
    let o = yibao(
        &["mc", &b, "--draws", "3", "--out", file.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a file, not a directory"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

#[test]
fn analyses_take_sub_units_like_run() {
    let dir = tmp("subunits");
    let subunits =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/subunits_gz_illustrative.csv");
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/national-adjustment-fund.ron");
    let o = yibao(
        &[
            "mc",
            scenario.to_str().unwrap(),
            "--draws",
            "4",
            "--out",
            dir.to_str().unwrap(),
            "--subunits",
            subunits.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        read(dir.join("fan.csv"))
            .lines()
            .any(|l| l.starts_with("GZ-"))
    );
}
