//! Argument parsing shared by the commands: options as `OsString` (a path need not be UTF-8),
//! `--name VALUE` or `--name=VALUE`, switches, positional arguments, `--` ending the options.

use super::Failure;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// An option a command accepts: one row of the table that both parses the command's
/// arguments and writes its `--help` and synopsis (each command's `FLAGS`).
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    /// Long name with its dashes (`--out`).
    pub name: &'static str,
    /// Short alias (`-o`), if any.
    pub short: Option<&'static str>,
    /// What its value is called in messages (`DIR`); `None` for a switch without a value.
    pub value: Option<&'static str>,
    /// What it does, for `--help`.
    pub help: &'static str,
    /// Shown without brackets in the synopsis: the command fails without it.
    pub required: bool,
    /// May be given more than once, each adding to a list (`[--compare FILE]...`).
    pub repeat: bool,
}

impl Flag {
    /// An option with a value.
    pub const fn opt(name: &'static str, value: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            short: None,
            value: Some(value),
            help,
            required: false,
            repeat: false,
        }
    }

    /// A switch without a value.
    pub const fn switch(name: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            short: None,
            value: None,
            help,
            required: false,
            repeat: false,
        }
    }

    /// This option, required by the command.
    pub const fn required(self) -> Flag {
        Flag {
            required: true,
            ..self
        }
    }

    /// This option, repeatable.
    pub const fn repeated(self) -> Flag {
        Flag {
            repeat: true,
            ..self
        }
    }

    /// `--out DIR` (`-o DIR`), the output directory.
    pub const OUT: Flag = Flag {
        name: "--out",
        short: Some("-o"),
        value: Some("DIR"),
        help: "the output directory (created if missing; the files of the set are replaced together)",
        required: true,
        repeat: false,
    };

    /// `--accounts FILE`: published or own provincial accounts (calibration step 10, docs/model.md §11).
    pub const ACCOUNTS: Flag = Flag::opt(
        "--accounts",
        "FILE",
        "published or own provincial accounts (format of province_accounts.csv, docs/accounts.md)",
    );

    /// `--subunits FILE`: real prefecture (sub-unit) accounts replacing the synthetic sub-units
    /// of their provinces (docs/accounts.md).
    pub const SUBUNITS: Flag = Flag::opt(
        "--subunits",
        "FILE",
        "prefecture (sub-unit) accounts replacing the synthetic sub-units of their provinces",
    );

    /// `--history-until YEAR`: the last year held to published totals (calibration step 11, docs/model.md §11).
    pub const HISTORY_UNTIL: Flag = Flag::opt(
        "--history-until",
        "YEAR",
        "the last year held to published totals (default: the last published year; 2022 makes every later year a forecast)",
    );

    /// `--headers zh|id`: the CSV header row in Chinese with units, or the column ids.
    pub const HEADERS: Flag = Flag::opt(
        "--headers",
        "zh|id",
        "CSV header row in Chinese with units, or the column ids (default)",
    );

    /// `--excel`: a UTF-8 byte-order mark first, for Excel and WPS.
    pub const EXCEL: Flag = Flag::switch(
        "--excel",
        "start CSV files with a UTF-8 byte-order mark, for Excel and WPS",
    );

    /// `--precision rounded|full`: CSV numbers rounded for people (default) or round-trip.
    pub const PRECISION: Flag = Flag::opt(
        "--precision",
        "rounded|full",
        "CSV numbers rounded for people (default) or with round-trip digits",
    );

    /// The options of every command that projects: `--accounts`, `--history-until`,
    /// `--subunits` (docs/interfaces.md).
    pub const PROJECTING: [Flag; 3] = [Flag::ACCOUNTS, Flag::HISTORY_UNTIL, Flag::SUBUNITS];

    /// How the synopsis shows it: `--out DIR`, `[--excel]`, `[--compare FILE]...`.
    pub fn synopsis(&self) -> String {
        let body = match self.value {
            Some(v) => format!("{} {v}", self.name),
            None => self.name.to_owned(),
        };
        let shown = if self.required {
            body
        } else {
            format!("[{body}]")
        };
        if self.repeat {
            format!("{shown}...")
        } else {
            shown
        }
    }
}

/// The arguments of one command, sorted into options and positional arguments.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Positional arguments in order.
    pub positional: Vec<OsString>,
    /// Options with values, in order (an option may repeat).
    values: Vec<(&'static str, OsString)>,
    /// Switches given.
    switches: Vec<&'static str>,
}

impl Parsed {
    /// The last value of an option.
    pub fn value(&self, name: &str) -> Option<&OsStr> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_os_str())
    }

    /// Every value of a repeatable option, in order.
    pub fn values(&self, name: &str) -> Vec<&OsStr> {
        self.values
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_os_str())
            .collect()
    }

    /// Whether a switch was given.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.contains(&name)
    }

    /// A path option, required: an empty value is an error like a missing one.
    pub fn required_path(&self, command: &str, flag: &Flag) -> Result<PathBuf, Failure> {
        let value_name = flag.value.unwrap_or("VALUE");
        match self.value(flag.name) {
            None => Err(Failure::Invalid(Some(format!(
                "`yibao {command}` needs `{} {value_name}`",
                flag.name
            )))),
            Some(v) if v.is_empty() => Err(Failure::Usage(format!(
                "`yibao {command} {}` is empty; give a {}",
                flag.name,
                value_name.to_lowercase()
            ))),
            Some(v) => Ok(PathBuf::from(v)),
        }
    }

    /// Positional arguments as paths; an empty one is an error.
    pub fn paths(&self, command: &str) -> Result<Vec<PathBuf>, Failure> {
        self.positional
            .iter()
            .map(|p| {
                if p.is_empty() {
                    Err(Failure::Usage(format!(
                        "`yibao {command}` was given an empty file name"
                    )))
                } else {
                    Ok(PathBuf::from(p))
                }
            })
            .collect()
    }
}

/// An argument for messages: lossy UTF-8, at most 80 characters.
pub fn show(arg: &OsStr) -> String {
    let s = arg.to_string_lossy();
    if s.chars().count() > 80 {
        let head: String = s.chars().take(77).collect();
        format!("{head}…")
    } else {
        s.into_owned()
    }
}

/// Sorts `args` by `flags`; an unknown option or a missing value is a usage error.
pub fn parse_args(command: &str, args: &[OsString], flags: &[Flag]) -> Result<Parsed, Failure> {
    let mut parsed = Parsed::default();
    let mut it = args.iter();
    let mut options_done = false;
    while let Some(arg) = it.next() {
        let bytes = arg.as_encoded_bytes();
        let is_option = !options_done && bytes.len() > 1 && bytes[0] == b'-';
        if !is_option {
            parsed.positional.push(arg.clone());
            continue;
        }
        if bytes == b"--" {
            options_done = true;
            continue;
        }
        // `--name=value`: split at the first `=` (the name part is ASCII when it matches).
        let (name, inline) = match bytes.iter().position(|&b| b == b'=') {
            Some(i) if bytes.starts_with(b"--") => (
                String::from_utf8_lossy(&bytes[..i]).into_owned(),
                Some(rest_after_eq(arg, i)),
            ),
            _ => (show(arg), None),
        };
        let Some(flag) = flags
            .iter()
            .find(|f| f.name == name || f.short == Some(name.as_str()))
        else {
            return Err(Failure::Usage(format!(
                "unknown option `{name}` for `yibao {command}`"
            )));
        };
        match flag.value {
            None => {
                if inline.is_some() {
                    return Err(Failure::Usage(format!(
                        "`{}` takes no value in `yibao {command}`",
                        flag.name
                    )));
                }
                parsed.switches.push(flag.name);
            }
            Some(value_name) => {
                let value = match inline {
                    Some(v) => v,
                    None => match it.next() {
                        Some(v) => v.clone(),
                        None => {
                            return Err(Failure::Usage(format!(
                                "`yibao {command} {}` needs a value: `{} {value_name}`",
                                flag.name, flag.name
                            )));
                        }
                    },
                };
                // One value per option, as every command reads it (a second one used to win
                // silently on some commands); lists are the options that say so.
                if !flag.repeat && parsed.values.iter().any(|(n, _)| *n == flag.name) {
                    return Err(Failure::Usage(format!(
                        "`{}` is given more than once in `yibao {command}`; give it once",
                        flag.name
                    )));
                }
                parsed.values.push((flag.name, value));
            }
        }
    }
    Ok(parsed)
}

/// The part of `arg` after the `=` at byte `i`, keeping non-UTF-8 bytes (Unix).
fn rest_after_eq(arg: &OsStr, i: usize) -> OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        OsStr::from_bytes(&arg.as_bytes()[i + 1..]).to_os_string()
    }
    #[cfg(not(unix))]
    {
        OsString::from(String::from_utf8_lossy(&arg.as_encoded_bytes()[i + 1..]).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_values_switches_and_positionals() {
        let csv = Flag::switch("--csv", "");
        let units = Flag::opt("--units", "LIST", "").repeated();
        let p = parse_args(
            "x",
            &os(&[
                "a.ron",
                "--out=d1",
                "--units",
                "GD",
                "--csv",
                "--units=SC",
                "--",
                "-b",
            ]),
            &[Flag::OUT, csv, units],
        )
        .unwrap();
        assert_eq!(p.positional, os(&["a.ron", "-b"]));
        assert_eq!(p.value("--out"), Some(OsStr::new("d1")));
        assert_eq!(p.values("--units"), [OsStr::new("GD"), OsStr::new("SC")]);
        assert!(p.switch("--csv"));
        // A single-valued option given twice (either spelling) is refused, not the last taken.
        assert!(matches!(
            parse_args("x", &os(&["--out=d1", "-o", "d2"]), &[Flag::OUT]),
            Err(Failure::Usage(m)) if m == "`--out` is given more than once in `yibao x`; give it once"
        ));
        assert!(matches!(
            parse_args("x", &os(&["--outt", "d"]), &[Flag::OUT]),
            Err(Failure::Usage(m)) if m == "unknown option `--outt` for `yibao x`"
        ));
        assert!(matches!(
            parse_args("x", &os(&["--out"]), &[Flag::OUT]),
            Err(Failure::Usage(m)) if m == "`yibao x --out` needs a value: `--out DIR`"
        ));
        let p = parse_args("x", &os(&["--out", ""]), &[Flag::OUT]).unwrap();
        assert!(matches!(
            p.required_path("x", &Flag::OUT),
            Err(Failure::Usage(m)) if m == "`yibao x --out` is empty; give a dir"
        ));
    }
}
