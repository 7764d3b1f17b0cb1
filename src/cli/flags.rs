//! Option parsing shared by the analysis commands (mc, solve, sensitivity, heatmap).

use super::{Failure, dataset, load_scenario};
use crate::model::Dataset;
use crate::model::assumptions::AssumptionSet;
use crate::model::experiment::Runner;
use crate::model::output::Fund;
use crate::model::population::{Fertility, with_fertility};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::str::FromStr;

/// Positional arguments and `--name VALUE` options.
pub(super) struct Flags {
    pub positional: Vec<String>,
    values: BTreeMap<String, String>,
    command: &'static str,
}

fn invalid(msg: String) -> Failure {
    Failure::Invalid(Some(msg))
}

impl Flags {
    /// Parses `args`; every option takes a value and must be one of `allowed` (without `--`).
    pub fn parse(
        args: &[String],
        command: &'static str,
        allowed: &[&str],
    ) -> Result<Flags, Failure> {
        let mut f = Flags {
            positional: Vec::new(),
            values: BTreeMap::new(),
            command,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let name = match a.as_str() {
                "-o" => "out",
                s if s.starts_with("--") => &s[2..],
                s if s.starts_with('-') && s.len() > 1 => "",
                _ => {
                    f.positional.push(a.clone());
                    continue;
                }
            };
            if !allowed.contains(&name) {
                return Err(invalid(format!(
                    "unknown option `{a}` for `yibao {command}`; see `yibao --help`"
                )));
            }
            let Some(v) = it.next() else {
                return Err(invalid(format!("`yibao {command} --{name}` needs a value")));
            };
            f.values.insert(name.to_owned(), v.clone());
        }
        Ok(f)
    }

    /// The value of `--name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The value of `--name`, required.
    pub fn require(&self, name: &str) -> Result<&str, Failure> {
        self.get(name)
            .ok_or_else(|| invalid(format!("`yibao {}` needs `--{name}`", self.command)))
    }

    /// `--name` parsed as a `T`.
    pub fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>, Failure> {
        self.get(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| invalid(format!("`--{name} {v}`: `{v}` is not a valid number")))
            })
            .transpose()
    }

    /// `--assumptions low|mid|high` (default mid).
    pub fn assumptions(&self) -> Result<AssumptionSet, Failure> {
        match self.get("assumptions") {
            None => Ok(AssumptionSet::Mid),
            Some(v) => AssumptionSet::from_id(v)
                .ok_or_else(|| invalid(format!("`--assumptions {v}`: use low, mid or high"))),
        }
    }

    /// `--unit` (default CN), checked against the data.
    pub fn unit(&self, data: &Dataset) -> Result<String, Failure> {
        let u = self.get("unit").unwrap_or("CN");
        if u == "CN" || data.province_index(u).is_some() {
            Ok(u.to_owned())
        } else {
            Err(invalid(format!(
                "`--unit {u}`: use CN or a province code (BJ, GD, …)"
            )))
        }
    }

    /// `--fund` (default resident).
    pub fn fund(&self) -> Result<Fund, Failure> {
        let f = self.get("fund").unwrap_or("resident");
        Fund::from_id(f)
            .filter(|x| Fund::MAIN.contains(x))
            .ok_or_else(|| {
                invalid(format!(
                    "`--fund {f}`: use employee_pooled, employee_accounts or resident"
                ))
            })
    }

    /// `--fertility low|medium|high` (default medium).
    pub fn fertility(&self) -> Result<Fertility, Failure> {
        match self.get("fertility") {
            None => Ok(Fertility::Medium),
            Some(v) => Fertility::from_id(v)
                .ok_or_else(|| invalid(format!("`--fertility {v}`: use low, medium or high"))),
        }
    }

    /// The one positional scenario file, loaded and prepared under `--assumptions` and
    /// `--fertility`.
    pub fn runner(&self, usage: &str) -> Result<(Dataset, Runner), Failure> {
        let [file] = self.positional.as_slice() else {
            return Err(invalid(format!("usage: {usage}")));
        };
        let set = self.assumptions()?;
        let fertility = self.fertility()?;
        let scenario = load_scenario(Path::new(file)).ok_or(Failure::Invalid(None))?;
        let data = with_fertility(&dataset()?, fertility)
            .map_err(|e| Failure::Other(format!("population variant: {e}")))?;
        let runner = Runner::new(&data, &scenario, set);
        for w in &runner.prepared.warnings {
            eprintln!("warning: {w}");
        }
        Ok((data, runner))
    }
}

/// A progress line on stderr (`label: done/total`), only when stderr is a terminal.
pub(super) fn progress(label: &'static str, total: usize) -> impl Fn(usize) + Sync {
    let tty = std::io::stderr().is_terminal();
    move |done: usize| {
        let step = (total / 100).max(1);
        if tty && (done.is_multiple_of(step) || done == total) {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r{label}: {done}/{total}");
            if done == total {
                let _ = writeln!(e);
            }
        }
    }
}
