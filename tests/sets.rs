//! Outputs as sets under a lock, and user input refused at the command line (issue 19): the
//! reproducers of the issue give exit 1 with a positioned message and write nothing; two
//! writers into one `--out` never leave a mixed set; stale temporaries of every command go.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn yibao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-sets-{}-{name}", std::process::id()));
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

const HEAD: &str = "code,year,scheme,item,value,unit,tag,source_id\n";

#[test]
fn a_meaningless_accounts_row_is_exit_1_naming_the_cell_and_nothing_is_written() {
    let dir = tmp("zero");
    let cases = [
        (
            "BJ,2022,employee,participants,0,万人,published,S\n",
            "bad.csv:2:31: error: BJ 2022 employee participants = 0",
        ),
        (
            "BJ,2022,employee,active,0.001,万人,published,S\n",
            "bad.csv:2:25: error: BJ 2022 employee active = 0.001 万人 is outside the plausible range",
        ),
        (
            "BJ,2023,employee,expenditure,0,亿元,published,S\n",
            "bad.csv:2:30: error: BJ 2023 employee expenditure = 0",
        ),
        (
            "BJ,2023,employee,expenditure,1,亿元,published,S\n",
            "bad.csv:2:30: error: BJ 2023 employee expenditure = 1 亿元 is outside the plausible range",
        ),
    ];
    for (row, message) in cases {
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, format!("{HEAD}{row}")).unwrap();
        let out = dir.join("out");
        let s = scenario("baseline.ron");
        for command in ["run", "data", "solve", "report"] {
            let mut args = vec![command];
            if command != "data" {
                args.push(&s);
            }
            args.extend(["--accounts", bad.to_str().unwrap()]);
            if command == "solve" {
                args.extend([
                    "--lever",
                    "resident.premium",
                    "--target",
                    "resident.months>=6 until 2035",
                ]);
            } else {
                args.extend(["--out", out.to_str().unwrap()]);
            }
            let o = yibao(&args);
            assert_eq!(o.status.code(), Some(1), "{command} {row}: {}", stderr(&o));
            let e = stderr(&o);
            assert!(e.contains(message), "{command} {row}: {e}");
            assert!(
                !out.join("projection.csv").exists(),
                "{command}: wrote output"
            );
        }
    }
}

#[test]
fn a_utf16_accounts_file_is_named_and_quoted_cells_lose_their_quotes() {
    let dir = tmp("enc");
    let file = dir.join("u16.csv");
    let mut bytes = vec![0xFF, 0xFE];
    for u in HEAD.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(&file, bytes).unwrap();
    let out = dir.join("out");
    let o = yibao(&[
        "data",
        "--accounts",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("u16.csv: error: the file is UTF-16 (little-endian) text"),
        "{}",
        stderr(&o)
    );
    // The built-in Tianjin row, every cell quoted, CRLF line ends and a byte-order mark:
    // the same figure as unquoted.
    let quoted = dir.join("q.csv");
    std::fs::write(
        &quoted,
        "\u{feff}code,year,scheme,item,value,unit,tag,source_id\r\n\"TJ\",\"2022\",\"resident\",\"income\",\"55.4797\",\"亿元\",\"published\",\"TJ, 2023\"\r\n",
    )
    .unwrap();
    let o = yibao(&[
        "data",
        "--accounts",
        quoted.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The scenario whose projection a `projection.csv` and a `summary.csv` come from, among two
/// references.
fn which(text: &[u8], refs: &[Vec<u8>; 2]) -> usize {
    refs.iter()
        .position(|r| r.as_slice() == text)
        .expect("a file of one of the two runs")
}

#[test]
fn two_concurrent_runs_into_one_out_never_leave_a_mixed_set() {
    let dir = tmp("concurrent");
    let names = ["baseline.ron", "premium-freeze.ron"];
    let mut proj: [Vec<u8>; 2] = Default::default();
    let mut summ: [Vec<u8>; 2] = Default::default();
    for (i, n) in names.iter().enumerate() {
        let out = dir.join(format!("ref{i}"));
        let o = yibao(&["run", &scenario(n), "--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        proj[i] = std::fs::read(out.join("projection.csv")).unwrap();
        summ[i] = std::fs::read(out.join("summary.csv")).unwrap();
    }
    assert_ne!(summ[0], summ[1]);
    let out = dir.join("shared");
    // The first writer pauses 400 ms after each file it publishes (a test hook), the second
    // not at all: without the lock, the second's set lands in the middle of the first's and
    // the first's later files replace the second's.
    for round in 0..2 {
        let children: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if i == 1 {
                    std::thread::sleep(std::time::Duration::from_millis(150));
                }
                Command::new(env!("CARGO_BIN_EXE_yibao"))
                    .args(["run", &scenario(n), "--out", out.to_str().unwrap()])
                    .env(
                        "YIBAO_TEST_PUBLISH_PAUSE_MS",
                        if i == 0 { "400" } else { "0" },
                    )
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawns")
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success(), "round {round}");
        }
        let p = which(&std::fs::read(out.join("projection.csv")).unwrap(), &proj);
        let s = which(&std::fs::read(out.join("summary.csv")).unwrap(), &summ);
        assert_eq!(
            p, s,
            "round {round}: projection of one run beside summary of the other"
        );
        let leftovers: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn a_report_is_one_set_and_removes_stale_temporaries_and_charts_of_an_earlier_pack() {
    let dir = tmp("report");
    let out = dir.join("r");
    let o = yibao(&[
        "report",
        &scenario("baseline.ron"),
        "--units",
        "GD",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let charts = out.join("charts");
    let gd: Vec<PathBuf> = std::fs::read_dir(&charts)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("GD"))
        .collect();
    assert!(!gd.is_empty());
    // Temporaries of a killed earlier writer (a process id that cannot be running).
    let stale = [
        charts.join(".yibao-4000000000-0-0.tmp"),
        out.join(".yibao-4000000000-1-0.tmp"),
    ];
    for s in &stale {
        std::fs::write(s, "half").unwrap();
    }
    let o = yibao(&[
        "report",
        &scenario("premium-freeze.ron"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for s in &stale {
        assert!(!s.exists(), "{} left", s.display());
    }
    for p in &gd {
        assert!(!p.exists(), "{} of the earlier pack left", p.display());
    }
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(!summary.is_empty());
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn an_option_given_twice_is_a_usage_error_on_every_command() {
    let dir = tmp("twice");
    let (a, b) = (dir.join("a"), dir.join("b"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let s = scenario("baseline.ron");
    for args in [
        vec!["run", &s, "--out", a, "--out", b],
        vec!["report", &s, "--out", a, "--out", b],
        vec!["data", "--out", a, "--out", b],
    ] {
        let o = yibao(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("`--out` is given more than once"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert!(!Path::new(a).exists() && !Path::new(b).exists());
}

#[test]
fn a_heatmap_range_error_shows_the_number_short() {
    let dir = tmp("heatmap");
    let o = yibao(&[
        "heatmap",
        &scenario("baseline.ron"),
        "--x",
        "resident.premium=0..1e308",
        "--y",
        "resident.subsidy",
        "--metric",
        "resident.depletion",
        "--out",
        dir.join("h").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("1.000e308 is outside the hard range"), "{e}");
    assert!(e.len() < 400, "{e}");
}

#[test]
fn repeated_pooling_years_are_errors_and_base_year_levers_warn_when_set_later() {
    let dir = tmp("pooling");
    let dup = write(
        &dir,
        "dup.ron",
        "Scenario(\n    format: 1,\n    title: \"x\",\n    pooling: (\n        resident: [(from: 2025, level: Province), (from: 2025, level: Prefecture)],\n        adjustment: [(from: 2027, scope: National, rate: 0.03), (from: 2027, scope: Province, rate: 0.02)],\n    ),\n)\n",
    );
    let o = yibao(&["check", &dup]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("pooling.resident[1]: year 2025 is already given by pooling.resident[0]"),
        "{e}"
    );
    assert!(
        e.contains("pooling.adjustment[1]: year 2027 is already given by pooling.adjustment[0]"),
        "{e}"
    );
    let later = write(
        &dir,
        "later.ron",
        "#![enable(implicit_some)]\nScenario(\n    format: 1,\n    title: \"x\",\n    levers: {\n        \"calibration.margin_shrinkage\": Steps({2026: 0.5}),\n    },\n)\n",
    );
    let o = yibao(&["check", &later]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The position survives the attribute line: line 6, the year key's column.
    assert!(
        stderr(&o).contains("later.ron:6:48: warning: calibration.margin_shrinkage: year 2026: this lever acts on the base year 2022 only"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_duplicated_years_messages_point_at_the_key_whose_value_is_read() {
    // The second 2026 (written 2_026) is the value read: both its range warning and the
    // duplicate error point at it, not at the first key.
    let src = "Scenario(\n    format: 1,\n    title: \"x\",\n    levers: {\n        \"resident.premium\": Steps({2026: 400.0, 2_026: 4000.0}),\n    },\n)\n";
    let diags = yibao::scenario::parse_str(src, "dup.ron").unwrap_err();
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|d| d
                .starts_with("dup.ron:5:49: error: resident.premium: year 2026 is given twice")),
        "{text:?}"
    );
    assert!(
        text.iter().any(
            |d| d.starts_with("dup.ron:5:49: warning: resident.premium in 2026:")
                && d.contains("4000 yuan/yr")
        ),
        "{text:?}"
    );
}
