//! The command line: one function per subcommand, calling the same functions as the app.
//!
//! Exit codes: 0 success, 1 invalid input (scenario or arguments), 2 other failure. Errors go to
//! stderr as `PATH:LINE:COL: error: MESSAGE` where a position is known, else `error: MESSAGE`.

use crate::export;
use crate::model::calibrate::calibrate;
use crate::model::levers::{Default, LEVERS, LeverDef};
use crate::model::resolve::resolve;
use crate::model::{Dataset, Scenario, project};
use crate::scenario::{self, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
Yibao 医保基金政策模拟器 — projections of China's basic medical insurance funds

usage:
    yibao [SCENARIO.ron]                 open the desktop app (optionally on a scenario file)
    yibao run SCENARIO.ron --out DIR     headless projection: DIR/projection.csv and DIR/summary.csv
             [--headers zh] [--excel]    Chinese headers with units; UTF-8 BOM for Excel and WPS
    yibao check SCENARIO.ron...          validate only; exit 0 when valid, 1 when not
    yibao levers [--csv]                 the lever catalogue (id, unit, default, range, source)
    yibao data --out DIR                 the calibrated 2022 base state per province, with provenance
    yibao report SCENARIO.ron --out DIR  a report pack: charts, CSV files and summary.md
             [--compare OTHER.ron]... [--units GD,SC,...] [--lang zh|en] [--headers zh] [--excel]
    yibao --help | --version

exit codes: 0 success, 1 invalid input, 2 other failure";

/// Whether the arguments name a subcommand (otherwise the app opens).
pub fn is_command(args: &[String]) -> bool {
    matches!(
        args.first().map(String::as_str),
        Some(
            "run"
                | "check"
                | "levers"
                | "data"
                | "report"
                | "help"
                | "--help"
                | "-h"
                | "--version"
                | "-V"
        )
    )
}

/// A failure with its exit code; the message is printed once, by [`main`].
enum Failure {
    /// Invalid input (exit 1); the diagnostics were already printed when `None`.
    Invalid(Option<String>),
    /// Anything else (exit 2).
    Other(String),
}

/// Runs a subcommand and returns the exit code.
pub fn main(args: &[String]) -> ExitCode {
    let rest = &args[1..];
    if args[0] == "report" {
        return crate::report::cli::main(rest);
    }
    let result = match args[0].as_str() {
        "run" => cmd_run(rest),
        "check" => cmd_check(rest),
        "levers" => cmd_levers(rest),
        "data" => cmd_data(rest),
        "--version" | "-V" => {
            println!("yibao {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        _ => {
            println!("{USAGE}");
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(msg)) => {
            if let Some(m) = msg {
                eprintln!("error: {m}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Other(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
    }
}

/// Splits `--out DIR` from positional arguments; rejects unknown flags.
fn parse_out(args: &[String], command: &str) -> Result<(Vec<String>, Option<PathBuf>), Failure> {
    let mut positional = Vec::new();
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" | "-o" => match it.next() {
                Some(d) => out = Some(PathBuf::from(d)),
                None => {
                    return Err(Failure::Invalid(Some(format!(
                        "`{command} --out` needs a directory"
                    ))));
                }
            },
            f if f.starts_with('-') && f.len() > 1 => {
                return Err(Failure::Invalid(Some(format!(
                    "unknown option `{f}` for `yibao {command}`; see `yibao --help`"
                ))));
            }
            _ => positional.push(a.clone()),
        }
    }
    Ok((positional, out))
}

fn dataset() -> Result<Dataset, Failure> {
    Dataset::embedded().map_err(|e| Failure::Other(format!("embedded data: {e}")))
}

/// Loads and validates a scenario, printing its diagnostics to stderr.
pub fn load_scenario(path: &Path) -> Option<Scenario> {
    match scenario::load(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            Some(loaded.scenario)
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            None
        }
    }
}

fn create_dir(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::Other(format!(
            "cannot create output directory: {e}: {}",
            dir.display()
        ))
    })
}

fn write(path: &Path, contents: &str) -> Result<(), Failure> {
    export::write_atomic(path, contents.as_bytes())
        .map_err(|e| Failure::Other(format!("cannot write: {e}: {}", path.display())))
}

fn cmd_run(args: &[String]) -> Result<(), Failure> {
    let (args, headers, excel) =
        crate::report::cli::csv_flags(args).map_err(|e| Failure::Invalid(Some(e)))?;
    let csv = |text: String| crate::report::csv_text::localize(&text, headers, excel);
    let (files, out) = parse_out(&args, "run")?;
    let [file] = files.as_slice() else {
        return Err(Failure::Invalid(Some(
            "usage: yibao run SCENARIO.ron --out DIR".into(),
        )));
    };
    let out = out.ok_or_else(|| Failure::Invalid(Some("`yibao run` needs `--out DIR`".into())))?;
    let scenario = load_scenario(Path::new(file)).ok_or(Failure::Invalid(None))?;
    let data = dataset()?;
    let projection = project(&data, &scenario);
    for w in &projection.warnings {
        eprintln!("warning: {w}");
    }
    create_dir(&out)?;
    write(
        &out.join("projection.csv"),
        &csv(export::projection_csv(&projection)),
    )?;
    write(
        &out.join("summary.csv"),
        &csv(export::summary_csv(&projection)),
    )?;
    println!(
        "{}: projected {}–{} → {}",
        file,
        projection.base_year,
        projection.horizon,
        out.display()
    );
    Ok(())
}

fn cmd_check(args: &[String]) -> Result<(), Failure> {
    let (files, _) = parse_out(args, "check")?;
    if files.is_empty() {
        return Err(Failure::Invalid(Some(
            "usage: yibao check SCENARIO.ron...".into(),
        )));
    }
    let mut all_ok = true;
    for f in &files {
        match scenario::load(Path::new(f)) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    eprintln!("{w}");
                }
                let n = loaded.warnings.len();
                println!("{f}: ok ({n} warning{})", if n == 1 { "" } else { "s" });
            }
            Err(diags) => {
                all_ok = false;
                for d in &diags {
                    eprintln!("{d}");
                }
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                println!(
                    "{f}: invalid ({errors} error{})",
                    if errors == 1 { "" } else { "s" }
                );
            }
        }
    }
    if all_ok {
        Ok(())
    } else {
        Err(Failure::Invalid(None))
    }
}

/// The current-law default of a lever in words.
pub fn describe_default(def: &LeverDef) -> String {
    let keys = |k: &[(i32, f64)]| {
        k.iter()
            .map(|(y, v)| format!("{y}:{v}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match def.default {
        Default::Constant(v) => v.to_string(),
        Default::Steps(k) => format!("Steps {}", keys(k)),
        Default::Linear(k) => format!("Linear {}", keys(k)),
        Default::Indexed(k) => format!(
            "Indexed {} then × (1 + {})",
            keys(k),
            def.index.map_or("?", |l| l.def().id)
        ),
        Default::SameAs(l) => format!("= {}", l.def().id),
    }
}

fn cmd_levers(args: &[String]) -> Result<(), Failure> {
    let csv = match args {
        [] => false,
        [f] if f == "--csv" => true,
        _ => return Err(Failure::Invalid(Some("usage: yibao levers [--csv]".into()))),
    };
    let rows: Vec<[String; 7]> = LEVERS
        .iter()
        .map(|d| {
            [
                d.id.to_owned(),
                d.unit.id().to_owned(),
                describe_default(d),
                format!("{}..{}", d.hard.0, d.hard.1),
                format!("{}..{}", d.soft.0, d.soft.1),
                format!("{} / {}", d.label_zh, d.label_en),
                d.reference.to_owned(),
            ]
        })
        .collect();
    let header = [
        "id",
        "unit",
        "default",
        "hard range",
        "soft range",
        "label",
        "source",
    ];
    if csv {
        println!("{}", header.join(","));
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "'")))
                .collect();
            println!("{}", cells.join(","));
        }
        return Ok(());
    }
    let mut width = [0usize; 5];
    for r in rows
        .iter()
        .map(|r| &r[..5])
        .chain(std::iter::once(&header.map(String::from)[..5]))
    {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i < 5 {
                s.push_str(&format!("{c:<w$}  ", w = width[i]));
            } else {
                s.push_str(c);
                s.push_str("  ");
            }
        }
        s.trim_end().to_owned()
    };
    println!("{}", line(&header.map(String::from)));
    for r in &rows {
        println!("{}", line(r));
    }
    Ok(())
}

fn cmd_data(args: &[String]) -> Result<(), Failure> {
    let (pos, out) = parse_out(args, "data")?;
    if !pos.is_empty() {
        return Err(Failure::Invalid(Some("usage: yibao data --out DIR".into())));
    }
    let out = out.ok_or_else(|| Failure::Invalid(Some("`yibao data` needs `--out DIR`".into())))?;
    let data = dataset()?;
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let (levers, _) = resolve(
        &Scenario::default(),
        &codes,
        data.base_year,
        data.base_year + 1,
    );
    let cal = calibrate(&data, &levers);
    create_dir(&out)?;
    write(&out.join("calibration.csv"), &export::calibration_csv(&cal))?;
    write(&out.join("factors.csv"), &export::factors_csv(&cal))?;
    print!("{}", export::factors_csv(&cal));
    for w in &cal.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "wrote {} and {}",
        out.join("calibration.csv").display(),
        out.join("factors.csv").display()
    );
    Ok(())
}
