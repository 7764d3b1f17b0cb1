//! The command line: dispatch, usage, output handles, exit codes and the helpers the commands
//! share. One file per command; [`COMMANDS`] drives both the dispatch and the usage text, so a
//! new command is a new file plus one line in that list.
//!
//! Exit codes: 0 success, 1 invalid input (scenario or arguments), 2 other failure. Errors go to
//! stderr as `PATH:LINE:COL: error: MESSAGE` where a position is known, else `error: MESSAGE`.
//!
//! Nothing here prints with `print!`/`eprint!` (they panic on a closed or full stream): all
//! output goes through [`Io`], whose streams turn a broken pipe into a quiet stop and any other
//! write error into exit 2. The lint below keeps it that way.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod backtest;
mod check;
mod data;
mod decompose;
mod flags;
mod heatmap;
mod io;
mod levers;
mod mc;
mod population;
mod report;
mod run;
mod sensitivity;
mod solve;

pub use args::{Flag, Parsed, parse_args};
pub use io::{Io, Stream};
pub use levers::describe_default;

use crate::files;
use crate::model::Dataset;
use crate::model::Scenario;
use crate::scenario;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A subcommand: its name, one usage line, and the function that runs it.
pub struct CommandDef {
    /// The word after `yibao`.
    pub name: &'static str,
    /// The positional arguments as the usage text shows them (`SCENARIO.ron`), or empty.
    pub args: &'static str,
    /// The options: the table the command parses its arguments with, and that its synopsis
    /// and `--help` are written from.
    pub flags: &'static [Flag],
    /// What it does, in a few words.
    pub about: &'static str,
    /// Runs the command on the arguments after its name.
    pub run: fn(&mut Io, &[OsString]) -> Result<(), Failure>,
}

impl CommandDef {
    /// The arguments after the name, from [`CommandDef::args`] and the flag table: required
    /// options bare, optional ones in brackets, repeatable ones followed by `...`.
    pub fn synopsis(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.args.is_empty() {
            parts.push(self.args.to_owned());
        }
        parts.extend(self.flags.iter().map(Flag::synopsis));
        parts.join(" ")
    }

    /// `yibao NAME SYNOPSIS`.
    pub fn usage_line(&self) -> String {
        let s = self.synopsis();
        if s.is_empty() {
            format!("yibao {}", self.name)
        } else {
            format!("yibao {} {s}", self.name)
        }
    }
}

/// Every subcommand, in the order the usage text lists them.
pub const COMMANDS: &[CommandDef] = &[
    run::COMMAND,
    check::COMMAND,
    levers::COMMAND,
    data::COMMAND,
    report::COMMAND,
    backtest::COMMAND,
    mc::COMMAND,
    sensitivity::COMMAND,
    solve::COMMAND,
    heatmap::COMMAND,
    decompose::COMMAND,
    population::COMMAND,
];

/// A failure with its exit code; [`run_command`] prints the message once.
#[derive(Debug)]
pub enum Failure {
    /// Wrong arguments (exit 1): the message, then the command list.
    Usage(String),
    /// Invalid input (exit 1); the diagnostics were already printed when `None`.
    Invalid(Option<String>),
    /// Anything else (exit 2).
    Other(String),
}

/// What `main` should do with the arguments.
#[derive(Debug)]
pub enum Dispatch {
    /// Open the desktop app, optionally on a scenario file.
    App(Option<PathBuf>),
    /// A command ran (or the arguments were wrong): exit with this code.
    Exit(ExitCode),
}

/// The usage text, built from [`COMMANDS`].
pub fn usage() -> String {
    let mut lines: Vec<(String, &str)> = vec![(
        "yibao [SCENARIO.ron]".to_owned(),
        "open the desktop app (optionally on a scenario file)",
    )];
    for c in COMMANDS {
        lines.push((c.usage_line(), c.about));
    }
    lines.push(("yibao --help | --version".to_owned(), ""));
    let width = lines
        .iter()
        .map(|(h, _)| h.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = String::from(
        "Yibao 医保基金政策模拟器 — projections of China's basic medical insurance funds\n\nusage:\n",
    );
    for (head, about) in lines {
        if about.is_empty() {
            text.push_str(&format!("    {head}\n"));
        } else {
            text.push_str(&format!("    {head:<width$}   {about}\n"));
        }
    }
    text.push_str("\nexit codes: 0 success, 1 invalid input, 2 other failure");
    text
}

/// `yibao COMMAND --help`: the usage line, what the command does, every option with what it
/// does (all from the command's flag table), and the exit codes.
pub fn command_usage(c: &CommandDef) -> String {
    let mut text = format!(
        "usage: {}

{}.
",
        c.usage_line(),
        c.about
    );
    if !c.flags.is_empty() {
        let shown: Vec<String> = c
            .flags
            .iter()
            .map(|f| {
                let value = f.value.map(|v| format!(" {v}")).unwrap_or_default();
                match f.short {
                    Some(s) => format!("{}{value}, {s}{value}", f.name),
                    None => format!("{}{value}", f.name),
                }
            })
            .collect();
        let width = shown.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        text.push_str(
            "
options:
",
        );
        for (f, s) in c.flags.iter().zip(&shown) {
            let mark = if f.required { " (required)" } else { "" };
            text.push_str(&format!("    {s:<width$}   {}{mark}\n", f.help));
        }
    }
    text.push_str(
        "\nOutput files and formats: docs/interfaces.md.\nexit codes: 0 success, 1 invalid input, 2 other failure",
    );
    text
}

/// Decides between the app and a command, and runs the command with the process's streams.
///
/// No arguments, or one argument naming an existing file, open the app; a command name runs
/// it; anything else is a usage error (exit 1, with the command list).
pub fn dispatch(args: Vec<OsString>) -> Dispatch {
    let mut io = Io::std();
    let d = dispatch_with(&mut io, args);
    match d {
        Dispatch::Exit(code) => Dispatch::Exit(io.finish(code)),
        app => app,
    }
}

/// [`dispatch`] with given streams (tests).
pub fn dispatch_with(io: &mut Io, args: Vec<OsString>) -> Dispatch {
    let Some(first) = args.first() else {
        return Dispatch::App(None);
    };
    let rest = &args[1..];
    match first.to_str() {
        Some("--help" | "-h" | "help") => {
            writeln!(io.out, "{}", usage());
            return Dispatch::Exit(ExitCode::SUCCESS);
        }
        Some("--version" | "-V") => {
            writeln!(io.out, "yibao {}", env!("CARGO_PKG_VERSION"));
            // The data vintage the projections are calibrated on.
            match crate::model::Dataset::embedded() {
                Ok(d) => writeln!(io.out, "data: {} (base year {})", d.vintage, d.base_year),
                Err(e) => writeln!(io.out, "data: the embedded data do not load: {e}"),
            }
            return Dispatch::Exit(ExitCode::SUCCESS);
        }
        Some(name) => {
            if let Some(c) = COMMANDS.iter().find(|c| c.name == name) {
                if rest.iter().any(|a| a == "--help" || a == "-h") {
                    writeln!(io.out, "{}", command_usage(c));
                    return Dispatch::Exit(ExitCode::SUCCESS);
                }
                return Dispatch::Exit(run_command(io, c, rest));
            }
        }
        None => {}
    }
    // Not a command: an existing file opens the app, anything else is a usage error.
    if rest.is_empty() && !first.is_empty() && Path::new(first).is_file() {
        return Dispatch::App(Some(PathBuf::from(first)));
    }
    let shown = args::show(first);
    let message = if shown.starts_with('-') {
        format!("unknown option `{shown}`")
    } else if Path::new(first).is_dir() {
        format!("`{shown}` is a directory, not a scenario file or a command")
    } else if rest.is_empty() && (shown.ends_with(".ron") || shown.contains('/')) {
        format!("no such file `{shown}`, and `{shown}` is not a command")
    } else {
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        match closest_command(&shown, &names) {
            Some(c) => format!("unknown command `{shown}`; did you mean `{c}`?"),
            None => format!("unknown command `{shown}`"),
        }
    };
    Dispatch::Exit(report(io, Err(Failure::Usage(message))))
}

fn closest_command<'a>(found: &str, names: &[&'a str]) -> Option<&'a str> {
    if found.chars().count() > 64 {
        return None;
    }
    names
        .iter()
        .map(|n| (crate::scenario::suggest::edit_distance(found, n), *n))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|x| x.1)
}

/// Runs one command and turns its result into an exit code.
pub fn run_command(io: &mut Io, command: &CommandDef, args: &[OsString]) -> ExitCode {
    let result = (command.run)(io, args);
    report(io, result)
}

fn report(io: &mut Io, result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(m)) => {
            writeln!(io.err, "error: {m}\n\n{}", usage());
            ExitCode::from(1)
        }
        Err(Failure::Invalid(msg)) => {
            if let Some(m) = msg {
                writeln!(io.err, "error: {m}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Other(m)) => {
            writeln!(io.err, "error: {m}");
            ExitCode::from(2)
        }
    }
}

/// The embedded data set.
pub fn dataset() -> Result<Dataset, Failure> {
    Dataset::embedded().map_err(|e| Failure::Other(format!("embedded data: {e}")))
}

/// Options of every command that projects (INTERFACES.md).
#[derive(Debug, Default)]
pub struct ProjectOptions {
    /// `--accounts FILE`.
    pub accounts: Option<PathBuf>,
    /// `--history-until YEAR`.
    pub history_until: Option<i32>,
    /// `--subunits FILE`.
    pub subunits: Option<PathBuf>,
}

impl ProjectOptions {
    /// Reads `--accounts` and `--history-until` from parsed arguments.
    pub fn from_parsed(parsed: &Parsed, command: &str) -> Result<ProjectOptions, Failure> {
        let history_until = match parsed.value(Flag::HISTORY_UNTIL.name) {
            None => None,
            Some(v) => Some(
                v.to_str()
                    .and_then(|y| y.trim().parse::<i32>().ok())
                    .ok_or_else(|| {
                        Failure::Usage(format!(
                            "`yibao {command} --history-until` needs a year, not `{}`",
                            args::show(v)
                        ))
                    })?,
            ),
        };
        let accounts = match parsed.value(Flag::ACCOUNTS.name) {
            None => None,
            Some(_) => Some(parsed.required_path(command, &Flag::ACCOUNTS)?),
        };
        let subunits = match parsed.value(Flag::SUBUNITS.name) {
            None => None,
            Some(_) => Some(parsed.required_path(command, &Flag::SUBUNITS)?),
        };
        Ok(ProjectOptions {
            accounts,
            history_until,
            subunits,
        })
    }
}

/// The CSV options of `run` and `report`: `--headers zh|id` and `--excel`.
pub fn csv_options(parsed: &Parsed) -> Result<(crate::report::csv_text::Headers, bool), Failure> {
    use crate::report::csv_text::Headers;
    let headers = match parsed.value(Flag::HEADERS.name).map(|v| v.to_str()) {
        None => Headers::Ids,
        Some(Some("zh")) => Headers::Zh,
        Some(Some("id" | "en")) => Headers::Ids,
        Some(_) => {
            return Err(Failure::Usage("`--headers` takes `zh` or `id`".to_owned()));
        }
    };
    Ok((headers, parsed.switch(Flag::EXCEL.name)))
}

/// The embedded data set with the projecting options applied: a user's accounts file
/// (validated, errors with file, line and column) and the last history year.
pub fn dataset_with(io: &mut Io, opts: &ProjectOptions) -> Result<Dataset, Failure> {
    let mut data = dataset()?;
    if let Some(path) = &opts.accounts {
        data = crate::model::inputs::with_accounts_file(&data, path)
            .map_err(|lines| file_failure(io, &lines))?;
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
    if let Some(path) = &opts.subunits {
        data = crate::model::inputs::with_subunits_file(&data, path)
            .map_err(|lines| file_failure(io, &lines))?;
    }
    Ok(data)
}

/// The data set a scenario file's numbers rest on: [`dataset_with`], with the accounts and
/// sub-units the scenario carries in its `data` section when the options give none (an option
/// given replaces the file's data, with a warning). The file's data are read with the same
/// parsers and checks, errors naming `FILE#data.accounts:LINE:COL`.
pub fn dataset_for(
    io: &mut Io,
    opts: &ProjectOptions,
    scenario: &Scenario,
    file: &Path,
) -> Result<Dataset, Failure> {
    let embedded = |kind: &str| format!("{}#data.{kind}", file.display());
    if opts.accounts.is_some() && scenario.data.accounts.is_some() {
        writeln!(
            io.err,
            "warning: --accounts replaces the accounts {} carries",
            file.display()
        );
    }
    if opts.subunits.is_some() && scenario.data.subunits.is_some() {
        writeln!(
            io.err,
            "warning: --subunits replaces the sub-units {} carries",
            file.display()
        );
    }
    // The provincial accounts come first (the sub-units are checked against them), then the
    // history year, then the sub-units: the order of `dataset_with`.
    let mut data = dataset()?;
    match (&opts.accounts, &scenario.data.accounts) {
        (Some(_), _) => {
            let only = ProjectOptions {
                accounts: opts.accounts.clone(),
                history_until: None,
                subunits: None,
            };
            data = dataset_with(io, &only)?;
        }
        (None, Some(text)) => {
            data = crate::model::inputs::with_accounts_text(&data, &embedded("accounts"), text)
                .map_err(|lines| file_failure(io, &lines))?;
        }
        (None, None) => {}
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
    match (&opts.subunits, &scenario.data.subunits) {
        (Some(path), _) => {
            data = crate::model::inputs::with_subunits_file(&data, path)
                .map_err(|lines| file_failure(io, &lines))?;
        }
        (None, Some(text)) => {
            data = crate::model::inputs::with_subunits_text(&data, &embedded("subunits"), text)
                .map_err(|lines| file_failure(io, &lines))?;
        }
        (None, None) => {}
    }
    Ok(data)
}

/// A user's data file that did not load: its diagnostic lines (`FILE:LINE:COL: error: …`),
/// printed once.
fn file_failure(io: &mut Io, lines: &[String]) -> Failure {
    for l in lines {
        writeln!(io.err, "{l}");
    }
    Failure::Invalid(None)
}

/// The calibration of the current-law scenario, with guard-rail errors as failures.
pub fn calibrated(data: &Dataset) -> Result<crate::model::calibrate::Calibration, Failure> {
    crate::model::calibrate::current_law(data).map_err(|e| Failure::Invalid(Some(e.to_string())))
}

/// Loads and validates a scenario, printing its diagnostics to stderr.
pub fn load_scenario(io: &mut Io, path: &Path) -> Option<Scenario> {
    match scenario::load(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                writeln!(io.err, "{w}");
            }
            Some(loaded.scenario)
        }
        Err(diags) => {
            for d in &diags {
                writeln!(io.err, "{d}");
            }
            None
        }
    }
}

/// Creates the output directory (and its parents).
pub fn create_dir(dir: &Path) -> Result<(), Failure> {
    not_a_file(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::Other(format!(
            "cannot create output directory: {e}: {}",
            dir.display()
        ))
    })
}

/// `--out` names a file that is in the way: say so (the system's "File exists" does not).
pub(super) fn not_a_file(dir: &Path) -> Result<(), Failure> {
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Failure::Other(format!(
            "cannot write the output: {} is a file, not a directory",
            dir.display()
        )));
    }
    Ok(())
}

/// Writes files that belong together into `dir` (see [`files::write_file_set`]): a kill never
/// leaves new and old files mixed, and an error comes before any file is replaced.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) -> Result<(), Failure> {
    not_a_file(dir)?;
    for (name, text) in files {
        finite_csv(&dir.join(name), text)?;
    }
    let set: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_bytes())).collect();
    files::write_file_set(dir, &set)
        .map_err(|e| Failure::Other(format!("cannot write the output: {e}: {}", dir.display())))
}

/// The last line of defence on every CSV a command writes: a cell that is not a finite number
/// (`NaN`, `inf`) stops the command (exit 2) before any file is replaced, naming the file, the
/// row and the column.
pub fn finite_csv(path: &Path, text: &str) -> Result<(), Failure> {
    if path.extension().is_some_and(|e| e == "csv")
        && may_be_non_finite(text)
        && let Some(at) = crate::model::sense::csv_non_finite(text)
    {
        return Err(Failure::Other(format!(
            "{}: {at}: a number is not finite; no output was written (an input makes no sense: check the accounts and sub-units files)",
            path.display()
        )));
    }
    Ok(())
}

/// Whether `text` holds `NaN` or `inf` anywhere: two searches over the whole text, so that the
/// line-by-line check of [`crate::model::sense::csv_non_finite`] runs only where a cell may
/// not be finite (it finds nothing in a text without either).
pub fn may_be_non_finite(text: &str) -> bool {
    text.contains("NaN") || text.contains("inf")
}

/// Writes one output file atomically, as a set of one (under the directory's lock, stale
/// temporaries removed).
pub fn write_file(path: &Path, contents: &str) -> Result<(), Failure> {
    finite_csv(path, contents)?;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return files::write_atomic(path, contents.as_bytes())
            .map_err(|e| Failure::Other(format!("cannot write: {e}: {}", path.display())));
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    write_files(dir, &[(name, contents)])
}
