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
    assert_eq!(names.len(), 4, "{names:?}");
    // The treasury's view: one row per unit and year, with its interface header.
    let fiscal = std::fs::read_to_string(out.join("fiscal.csv")).unwrap();
    assert_eq!(fiscal.lines().next().unwrap(), yibao::export::FISCAL_HEADER);
    assert_eq!(fiscal.lines().count(), 32 * 39 + 1);
    assert!(
        fiscal
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("CN,nation,2022,")
    );
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
    for f in ["projection.csv", "summary.csv", "fiscal.csv"] {
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

fn yibao_os(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn a_closed_stdout_is_a_quiet_exit_not_a_panic() {
    for args in [&["levers"][..], &["levers", "--csv"], &["--help"]] {
        // The reading end is closed before the child starts: every write gets a broken pipe.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_yibao"))
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    // `check` keeps its exit code when nobody reads its report.
    let d = tmp("pipe-check");
    let bad = d.join("bad.ron");
    std::fs::write(&bad, "Scenario(format: 1)").unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(["check", bad.to_str().unwrap()])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing required field `title`"));
}

#[test]
fn a_full_stdout_is_an_error_exit_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    let o = Command::new(env!("CARGO_BIN_EXE_yibao"))
        .arg("levers")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: cannot write to standard output: No space left on device (os error 28)\n"
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_paths_not_panics() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = tmp("non-utf8");
    let name = OsStr::from_bytes(b"\xffscenario\xfe.ron");
    let file = d.join(name);
    std::fs::copy(scenario("baseline.ron"), &file).unwrap();
    let o = yibao_os(&[OsStr::new("check"), file.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("scenario\u{fffd}.ron: ok"));
    let out = d.join(OsStr::from_bytes(b"out\xff"));
    let o = yibao_os(&[
        OsStr::new("run"),
        file.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("summary.csv").is_file());
    // Not UTF-8 and not a file or command: a usage error.
    let o = yibao_os(&[OsStr::from_bytes(b"\xff\xfe")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: unknown command `\u{fffd}\u{fffd}`"));
    let o = yibao_os(&[OsStr::new("run"), OsStr::from_bytes(b"--\xff")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown option `--\u{fffd}` for `yibao run`"));
}

#[test]
fn unknown_commands_and_options_are_usage_errors_with_the_command_list() {
    let d = tmp("usage");
    let exists = d.join("x.ron");
    std::fs::write(&exists, "").unwrap();
    let cases: [(&[&str], &str); 8] = [
        (
            &["chek", "x.ron"],
            "error: unknown command `chek`; did you mean `check`?",
        ),
        (&["-v"], "error: unknown option `-v`"),
        (&["--verbose"], "error: unknown option `--verbose`"),
        (&["frobnicate"], "error: unknown command `frobnicate`"),
        (
            &["/no/such/file.ron"],
            "error: no such file `/no/such/file.ron`, and `/no/such/file.ron` is not a command",
        ),
        (
            &["run", &scenario("baseline.ron"), "-x"],
            "error: unknown option `-x` for `yibao run`",
        ),
        (
            &[exists.to_str().unwrap(), "extra"],
            "error: unknown command",
        ),
        (&[d.to_str().unwrap()], "error: `/"),
    ];
    for (args, first_line) in cases {
        let o = yibao(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        assert!(e.starts_with(first_line), "{args:?}: {e}");
        for c in yibao::cli::COMMANDS {
            assert!(
                e.contains(&format!("    yibao {}", c.name)),
                "{args:?}: {e}"
            );
        }
        assert!(o.stdout.is_empty());
    }
    let o = yibao(&[d.to_str().unwrap()]);
    assert!(
        stderr(&o).starts_with(&format!(
            "error: `{}` is a directory, not a scenario file or a command\n",
            d.display()
        )),
        "{}",
        stderr(&o)
    );
    let baseline = scenario("baseline.ron");
    let empties: [(&[&str], &str); 3] = [
        (
            &["run", &baseline, "--out", ""],
            "error: `yibao run --out` is empty; give a dir\n",
        ),
        (
            &["data", "--out="],
            "error: `yibao data --out` is empty; give a dir\n",
        ),
        (
            &["check", ""],
            "error: `yibao check` was given an empty file name\n",
        ),
    ];
    for (args, first_line) in empties {
        let o = yibao(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        assert!(e.starts_with(first_line), "{args:?}: {e}");
        assert!(
            e.contains("    yibao run "),
            "{args:?}: the command list follows"
        );
    }
}

#[test]
fn an_existing_file_opens_the_app_and_no_arguments_too() {
    use yibao::cli::{Dispatch, Io, Stream, dispatch_with};
    let mut io = Io {
        out: Stream::new("out", Box::new(Vec::new())),
        err: Stream::new("err", Box::new(Vec::new())),
    };
    let file = scenario("baseline.ron");
    match dispatch_with(&mut io, vec![file.clone().into()]) {
        Dispatch::App(Some(p)) => assert_eq!(p, PathBuf::from(&file)),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        dispatch_with(&mut io, vec![]),
        Dispatch::App(None)
    ));
    assert!(matches!(
        dispatch_with(&mut io, vec!["nope.ron".into()]),
        Dispatch::Exit(_)
    ));
}

#[test]
fn help_lists_every_command_of_the_table() {
    let o = yibao(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.trim_end(), yibao::cli::usage());
    for c in yibao::cli::COMMANDS {
        assert!(text.contains(&c.usage_line()), "{}", c.name);
    }
}

/// The two output files of `run` as one pair of bytes.
fn pair(dir: &Path) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    (
        std::fs::read(dir.join("projection.csv")).ok(),
        std::fs::read(dir.join("summary.csv")).ok(),
    )
}

#[test]
fn run_output_is_never_a_mismatched_pair_even_when_killed() {
    // The complete outputs of two scenarios.
    let (a, b) = (tmp("pair-a"), tmp("pair-b"));
    let sa = scenario("baseline.ron");
    let sb = scenario("roadmap-2035.ron");
    for (s, d) in [(&sa, &a), (&sb, &b)] {
        let o = yibao(&["run", s, "--out", d.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (pa, sa_sum) = pair(&a);
    let (pb, sb_sum) = pair(&b);
    let out = tmp("pair-kill");
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut killed_midway = 0;
    for i in 0..24 {
        let s = if i % 2 == 0 { &sa } else { &sb };
        let mut child = Command::new(env!("CARGO_BIN_EXE_yibao"))
            .args(["run", s, "--out", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(std::time::Duration::from_millis(rng % 120));
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        // An incomplete set is allowed (the next run completes it); a mixed one is not.
        if let (Some(p), Some(s)) = pair(&out) {
            assert!(
                (Some(&p) == pa.as_ref() && Some(&s) == sa_sum.as_ref())
                    || (Some(&p) == pb.as_ref() && Some(&s) == sb_sum.as_ref()),
                "kill {i} left a projection and a summary of different runs"
            );
        }
    }
    assert!(
        killed_midway > 0,
        "no run was interrupted; the test proved nothing"
    );
    // A run to the end leaves only the pair: the staging directories of the killed runs are gone.
    let o = yibao(&["run", &sa, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(pair(&out), (pa, sa_sum));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "fiscal.csv",
            "fragmentation.csv",
            "projection.csv",
            "summary.csv"
        ]
    );
}

#[test]
fn run_cleans_stale_temporaries_and_fails_before_replacing_anything() {
    let out = tmp("stale");
    // Left by processes that no longer run (pid 4194304 is above Linux's pid_max).
    std::fs::create_dir(out.join(".yibao-out-4194304-0-0.tmp")).unwrap();
    std::fs::write(out.join(".yibao-out-4194304-0-0.tmp/projection.csv"), "x").unwrap();
    std::fs::write(out.join(".summary.csv.4194304.tmp"), "x").unwrap();
    std::fs::write(out.join("notes.tmp"), "mine").unwrap();
    let o = yibao(&[
        "run",
        &scenario("baseline.ron"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "fiscal.csv",
            "fragmentation.csv",
            "notes.tmp",
            "projection.csv",
            "summary.csv"
        ]
    );

    // summary.csv is a directory: the error comes before projection.csv is replaced.
    std::fs::write(out.join("projection.csv"), "old").unwrap();
    std::fs::remove_file(out.join("summary.csv")).unwrap();
    std::fs::create_dir(out.join("summary.csv")).unwrap();
    let o = yibao(&[
        "run",
        &scenario("baseline.ron"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("summary.csv is a directory"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("projection.csv")).unwrap(),
        "old"
    );
}

#[test]
fn check_caps_the_messages_but_counts_every_error() {
    let d = tmp("cap");
    let f = d.join("many.ron");
    let mut text = String::from("Scenario(format: 1, title: \"x\", levers: {\n");
    for i in 0..60 {
        text.push_str(&format!(
            "    \"no.such_lever_{i:02}\": Steps({{2026: 1.0}}),\n"
        ));
    }
    text.push_str("})\n");
    std::fs::write(&f, text).unwrap();
    let o = yibao(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 51, "{e}");
    assert_eq!(
        e.lines().last().unwrap(),
        format!("{}: error: … and 10 more errors", f.display())
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}: invalid (60 errors)\n", f.display())
    );
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
    // The same cell (a forecast year's balance): 4 decimals for people, every digit with
    // `--precision full`.
    let cell = |csv: &str| {
        csv.lines()
            .nth(10)
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
    let history = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "history")
        .expect("a history column");
    assert!(csv.lines().any(
        |l| l.starts_with("CN,nation,resident,2023,") && l.split(',').nth(history) == Some("0")
    ));
    let o = yibao(&["data", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let published = std::fs::read_to_string(out.join("published_accounts.csv")).unwrap();
    assert!(published.contains("TJ,resident,income,published"));
    assert!(published.contains("BJ,resident,income,modelled"));
    let o = yibao(&["backtest", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("validation.md")).unwrap();
    assert!(
        md.contains("| 2023 | 1 | resident | expenditure | 10457.65 |"),
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
    // Every command that projects refuses with the calibration's error (exit 1), and none
    // writes a pack, a table or an analysis of an empty projection.
    let s = scenario("baseline.ron");
    let commands: [&[&str]; 6] = [
        &["run", &s],
        &["data"],
        &["report", &s],
        &["report", &s, "--docx"],
        &["decompose", &s, "--metric", "months@2035"],
        &["mc", &s, "--draws", "2"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        let command = command.join(" ");
        args.extend([
            "--accounts",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let o = yibao(&args);
        assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("calibration step 7, province SH: the resident fund implies a negative opening balance"),
            "{command}: {}",
            stderr(&o)
        );
        assert!(
            stderr(&o).lines().any(|l| l.starts_with("error: ")),
            "{command}: {}",
            stderr(&o)
        );
        assert!(!out.exists(), "{command} wrote {}", out.display());
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

#[test]
fn docs_validation_is_the_current_backtest() {
    let out = tmp("validation-doc");
    let o = yibao(&["backtest", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let generated = std::fs::read_to_string(out.join("validation.md")).unwrap();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/validation.md"))
        .unwrap();
    assert!(
        doc == generated,
        "docs/validation.md is stale: run `yibao backtest --out DIR` and copy DIR/validation.md"
    );
}

#[test]
fn docs_levers_is_the_current_catalogue() {
    let o = yibao(&["levers", "--markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let generated = String::from_utf8(o.stdout).expect("UTF-8");
    // Every lever of the catalogue has its row.
    for def in yibao::model::LEVERS {
        assert!(
            generated.contains(&format!("| `{}` |", def.id)),
            "{} has no row",
            def.id
        );
    }
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/levers.md"))
        .expect("docs/levers.md");
    assert!(
        doc == generated,
        "docs/levers.md is stale: run `yibao levers --markdown > docs/levers.md`"
    );
    let both = yibao(&["levers", "--csv", "--markdown"]);
    // One format at a time: a usage error.
    assert_eq!(both.status.code(), Some(1), "{}", stderr(&both));
    assert!(
        stderr(&both).contains("[--csv | --markdown]"),
        "{}",
        stderr(&both)
    );
}

#[test]
fn every_command_answers_help_with_its_usage_and_exit_0() {
    for c in yibao::cli::COMMANDS {
        for flag in ["--help", "-h"] {
            let o = yibao(&[c.name, flag]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{} {flag}: {}",
                c.name,
                stderr(&o)
            );
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(
                out.starts_with(&format!("usage: yibao {}", c.name)),
                "{} {flag}: {out}",
                c.name
            );
            assert!(
                out.contains(&c.usage_line()) && out.contains(c.about),
                "{out}"
            );
            // Every option the command parses is listed with what it does.
            for f in c.flags {
                let line = out
                    .lines()
                    .find(|l| l.trim_start().starts_with(f.name))
                    .unwrap_or_else(|| panic!("{} {flag} lacks {}: {out}", c.name, f.name));
                assert!(line.contains(f.help), "{line}");
            }
        }
    }
}

/// docs/interfaces.md shows every command with exactly the options its flag table parses: the
/// synopsis there is the one `--help` prints, so the page and the parser cannot drift apart.
#[test]
fn interfaces_doc_lists_the_options_each_command_parses() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interfaces.md"))
        .expect("docs/interfaces.md");
    for c in yibao::cli::COMMANDS {
        let line = c.usage_line();
        assert!(
            doc.lines().any(|l| l.trim() == line),
            "docs/interfaces.md lacks the line `{line}` (copy it from `yibao {} --help`)",
            c.name
        );
        // And no other line there gives the command options it does not parse.
        for l in doc.lines().map(str::trim) {
            let Some(rest) = l.strip_prefix(&format!("yibao {} ", c.name)) else {
                continue;
            };
            for word in rest.split(|ch: char| ch.is_whitespace() || "[]".contains(ch)) {
                if word.starts_with("--") && word.len() > 2 {
                    let name = word.split('=').next().unwrap_or(word);
                    assert!(
                        c.flags.iter().any(|f| f.name == name),
                        "docs/interfaces.md: `{l}` shows {name}, which `yibao {}` does not take",
                        c.name
                    );
                }
            }
        }
    }
    // A scenario file is not needed to ask for help, and nothing is written.
    let o = yibao(&["report", "--help", "--out", "/nonexistent/dir"]);
    assert_eq!(o.status.code(), Some(0));
}
