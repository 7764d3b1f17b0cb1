//! The command line: one function per subcommand, calling the same functions as the app.
//!
//! Exit codes: 0 success, 1 invalid input (scenario or arguments), 2 other failure. Errors go to
//! stderr as `PATH:LINE:COL: error: MESSAGE` where a position is known, else `error: MESSAGE`.

use crate::export;
use crate::model::accounts::Accounts;
use crate::model::calibrate::{Calibration, calibrate};
use crate::model::history;
use crate::model::levers::{Default, LEVERS, LeverDef};
use crate::model::project::{history_factors, try_project};
use crate::model::resolve::resolve;
use crate::model::{Dataset, Scenario};
use crate::scenario::{self, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
Yibao 医保基金政策模拟器 — projections of China's basic medical insurance funds

usage:
    yibao [SCENARIO.ron]                 open the desktop app (optionally on a scenario file)
    yibao run SCENARIO.ron --out DIR     headless projection: DIR/projection.csv and DIR/summary.csv
    yibao check SCENARIO.ron...          validate only; exit 0 when valid, 1 when not
    yibao levers [--csv]                 the lever catalogue (id, unit, default, range, source)
    yibao data --out DIR                 the calibrated 2022 base state per province, with provenance
    yibao backtest --out DIR             the model's forecast of the history years against the published
                                         figures (DIR/backtest.csv, DIR/validation.md)

options of every projecting command (run, data, backtest):
    --accounts FILE                      published or own provincial accounts (the format of
                                         assets/data/provinces/province_accounts.csv)
    --history-until YEAR                 last year held to published totals (default: the last year
                                         with data; 2022 turns every later year into a forecast)
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
                | "backtest"
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
    let result = match args[0].as_str() {
        "run" => cmd_run(rest),
        "check" => cmd_check(rest),
        "levers" => cmd_levers(rest),
        "data" => cmd_data(rest),
        "backtest" => cmd_backtest(rest),
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

/// Options of every command that projects (INTERFACES.md).
#[derive(Debug, Default)]
pub struct ProjectOptions {
    /// `--accounts FILE`.
    pub accounts: Option<PathBuf>,
    /// `--history-until YEAR`.
    pub history_until: Option<i32>,
}

/// Takes the projecting options out of `args`; the rest is returned for the command's own parser.
fn parse_project_options(
    args: &[String],
    command: &str,
) -> Result<(Vec<String>, ProjectOptions), Failure> {
    let mut rest = Vec::new();
    let mut opts = ProjectOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--accounts" => match it.next() {
                Some(f) => opts.accounts = Some(PathBuf::from(f)),
                None => {
                    return Err(Failure::Invalid(Some(format!(
                        "`{command} --accounts` needs a file"
                    ))));
                }
            },
            "--history-until" => {
                let year = it
                    .next()
                    .and_then(|y| y.parse::<i32>().ok())
                    .ok_or_else(|| {
                        Failure::Invalid(Some(format!("`{command} --history-until` needs a year")))
                    })?;
                opts.history_until = Some(year);
            }
            _ => rest.push(a.clone()),
        }
    }
    Ok((rest, opts))
}

/// The embedded data set with the projecting options applied.
fn dataset_with(opts: &ProjectOptions) -> Result<Dataset, Failure> {
    let mut data = dataset()?;
    if let Some(path) = &opts.accounts {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::Other(format!(
                "cannot read accounts file: {e}: {}",
                path.display()
            ))
        })?;
        let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
        let name = path.display().to_string();
        let parsed = Accounts::parse(&name, &text, &codes).map_err(accounts_failure)?;
        data = data.with_accounts(parsed).map_err(accounts_failure)?;
    }
    if let Some(year) = opts.history_until {
        let last = data.published.last().map_or(data.base_year, |y| y.year);
        if year < data.base_year || year > last {
            return Err(Failure::Invalid(Some(format!(
                "--history-until {year}: published figures cover {}–{last}",
                data.base_year
            ))));
        }
        data.history_until = year;
    }
    Ok(data)
}

fn accounts_failure(errors: Vec<crate::model::accounts::AccountsError>) -> Failure {
    for e in &errors {
        eprintln!("{e}");
    }
    Failure::Invalid(None)
}

/// The calibration of the current-law scenario, with guard-rail errors as failures.
fn calibrated(data: &Dataset) -> Result<Calibration, Failure> {
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let (levers, _) = resolve(
        &Scenario::default(),
        &codes,
        data.base_year,
        data.base_year + 1,
    );
    calibrate(data, &levers).map_err(|e| Failure::Invalid(Some(e.to_string())))
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
    let (args, opts) = parse_project_options(args, "run")?;
    let (files, out) = parse_out(&args, "run")?;
    let [file] = files.as_slice() else {
        return Err(Failure::Invalid(Some(
            "usage: yibao run SCENARIO.ron --out DIR".into(),
        )));
    };
    let out = out.ok_or_else(|| Failure::Invalid(Some("`yibao run` needs `--out DIR`".into())))?;
    let scenario = load_scenario(Path::new(file)).ok_or(Failure::Invalid(None))?;
    let data = dataset_with(&opts)?;
    let projection =
        try_project(&data, &scenario).map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    for w in &projection.warnings {
        eprintln!("warning: {w}");
    }
    create_dir(&out)?;
    write(
        &out.join("projection.csv"),
        &export::projection_csv(&projection),
    )?;
    write(&out.join("summary.csv"), &export::summary_csv(&projection))?;
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
    let (args, opts) = parse_project_options(args, "data")?;
    let (pos, out) = parse_out(&args, "data")?;
    if !pos.is_empty() {
        return Err(Failure::Invalid(Some("usage: yibao data --out DIR".into())));
    }
    let out = out.ok_or_else(|| Failure::Invalid(Some("`yibao data` needs `--out DIR`".into())))?;
    let data = dataset_with(&opts)?;
    let cal = calibrated(&data)?;
    let recipe = calibrated(&data.clone().without_accounts())?;
    let hist = history_factors(&data, &cal);
    create_dir(&out)?;
    let factors = export::factors_csv(&cal, &recipe.factors);
    let files = [
        ("calibration.csv", export::calibration_csv(&cal)),
        ("factors.csv", factors.clone()),
        ("published_accounts.csv", export::published_csv(&cal)),
        ("history_factors.csv", export::history_csv(&hist)),
        ("history_checks.csv", export::checks_csv(&hist.checks)),
    ];
    for (name, contents) in &files {
        write(&out.join(name), contents)?;
    }
    print!("{factors}");
    print!("{}", export::history_csv(&hist));
    for w in cal.warnings.iter().chain(&hist.warnings) {
        eprintln!("warning: {w}");
    }
    for (row, why) in data.unused_accounts() {
        eprintln!("{}: note: not used ({why})", row.position());
    }
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}

fn cmd_backtest(args: &[String]) -> Result<(), Failure> {
    let (args, mut opts) = parse_project_options(args, "backtest")?;
    let (pos, out) = parse_out(&args, "backtest")?;
    if !pos.is_empty() {
        return Err(Failure::Invalid(Some(
            "usage: yibao backtest --out DIR".into(),
        )));
    }
    let out =
        out.ok_or_else(|| Failure::Invalid(Some("`yibao backtest` needs `--out DIR`".into())))?;
    let base = dataset()?.base_year;
    opts.history_until = Some(opts.history_until.unwrap_or(base));
    let data = dataset_with(&opts)?;
    let projection = try_project(&data, &Scenario::default())
        .map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    let checks = history::compare(&data, &projection);
    create_dir(&out)?;
    write(&out.join("backtest.csv"), &export::checks_csv(&checks))?;
    write(
        &out.join("validation.md"),
        &export::validation_md(&checks, data.history_until),
    )?;
    print!("{}", export::checks_csv(&checks));
    println!("wrote backtest.csv and validation.md to {}", out.display());
    Ok(())
}
