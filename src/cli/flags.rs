//! Option parsing shared by the analysis commands (mc, solve, sensitivity, heatmap).

use super::{Failure, Flag, Io, Parsed, ProjectOptions, dataset_with, load_scenario, parse_args};
use crate::model::Dataset;
use crate::model::assumptions::AssumptionSet;
use crate::model::experiment::Runner;
use crate::model::keys::NATION_CODE;
use crate::model::output::Fund;
use crate::model::population::{Fertility, with_fertility};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::str::FromStr;

// The options of the analysis commands; each command lists the ones it takes in its `FLAGS`.
pub(super) const DRAWS: Flag = Flag::opt("--draws", "N", "number of draws (default 1000)");
pub(super) const SEED: Flag = Flag::opt(
    "--seed",
    "S",
    "seed of the draws (default 1): the same seed gives the same numbers at any thread count",
);
pub(super) const ASSUMPTIONS: Flag = Flag::opt(
    "--assumptions",
    "low|mid|high",
    "the economic assumption set (default mid)",
);
pub(super) const FERTILITY: Flag = Flag::opt(
    "--fertility",
    "low|medium|high",
    "the population variant (default medium)",
);
pub(super) const LEVER: Flag = Flag::opt("--lever", "ID", "the lever to set (see `yibao levers`)");
pub(super) const TARGET: Flag = Flag::opt(
    "--target",
    "EXPR",
    "the target, e.g. `months>=6 until 2035` or `depletion>=2040` (docs/interfaces.md)",
);
pub(super) const UNIT: Flag =
    Flag::opt("--unit", "U", "the region: CN (default) or a province code");
pub(super) const FUND: Flag = Flag::opt(
    "--fund",
    "F",
    "the fund: resident (default), employee_pooled or employee_accounts",
);
pub(super) const FROM: Flag = Flag::opt(
    "--from",
    "YEAR",
    "first year the set value applies (default 2026, the first year after the published notices)",
);
pub(super) const METRIC: Flag =
    Flag::opt("--metric", "M", "the measure (docs/interfaces.md: metrics)");
pub(super) const X: Flag = Flag::opt(
    "--x",
    "ID[=LO..HI]",
    "the lever across, with its range (default: its soft range)",
);
pub(super) const Y: Flag = Flag::opt(
    "--y",
    "ID[=LO..HI]",
    "the lever down, with its range (default: its soft range)",
);
pub(super) const STEPS: Flag = Flag::opt("--steps", "N", "values per axis (default 20)");
pub(super) const CHARTS: Flag = Flag::opt(
    "--charts",
    "CN,GD,...",
    "also write fan and depletion charts for these regions (DIR/charts/)",
);
pub(super) const LANG: Flag = Flag::opt("--lang", "zh|en", "language of the charts (default zh)");

/// The lever of `--lever ID` or a heatmap axis: known (else a suggestion) and one that a
/// value from a projected year can move.
pub(super) fn analysis_lever(id: &str) -> Result<crate::model::Lever, Failure> {
    let lever = crate::model::Lever::from_id(id).ok_or_else(|| {
        let hint = crate::scenario::suggest::similar_ids(id);
        invalid(if hint.is_empty() {
            format!("unknown lever `{id}`; see `yibao levers`")
        } else {
            format!(
                "unknown lever `{id}`; did you mean `{}`?",
                hint.join("`, `")
            )
        })
    })?;
    crate::model::solve::check_solvable(lever).map_err(invalid)?;
    Ok(lever)
}

/// Positional arguments and `--name VALUE` options, parsed by the shared [`parse_args`].
pub(super) struct Flags {
    pub positional: Vec<PathBuf>,
    parsed: Parsed,
    command: &'static str,
}

fn invalid(msg: String) -> Failure {
    Failure::Invalid(Some(msg))
}

impl Flags {
    /// Parses `args` with the command's flag table; every option takes a value. Option values
    /// other than `--out` must be UTF-8 (they are ids, numbers and expressions).
    pub fn parse(
        args: &[OsString],
        command: &'static str,
        flags: &'static [Flag],
    ) -> Result<Flags, Failure> {
        let parsed = parse_args(command, args, flags)?;
        for f in flags {
            // Each option of these commands takes one value: a second one is a mistake (the
            // scenario file refuses a lever set twice the same way).
            if parsed.values(f.name).len() > 1 {
                return Err(Failure::Usage(format!(
                    "`{}` is given more than once in `yibao {command}`; give it once",
                    f.name
                )));
            }
            if f.name != Flag::OUT.name
                && parsed.value(f.name).is_some_and(|v| v.to_str().is_none())
            {
                return Err(Failure::Usage(format!(
                    "the value of `{}` in `yibao {command}` is not valid UTF-8",
                    f.name
                )));
            }
        }
        Ok(Flags {
            positional: parsed.paths(command)?,
            parsed,
            command,
        })
    }

    /// `--out DIR`, required and non-empty.
    pub fn out(&self) -> Result<PathBuf, Failure> {
        let out = self.parsed.required_path(self.command, &Flag::OUT)?;
        // Before any work: a file in the way fails now, not after the run.
        super::not_a_file(&out)?;
        Ok(out)
    }

    /// The value of `--name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.parsed
            .value(&format!("--{name}"))
            .and_then(|v| v.to_str())
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
        let u = self.get("unit").unwrap_or(NATION_CODE);
        if u == NATION_CODE || data.province_index(u).is_some() {
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
    pub fn runner(&self, io: &mut Io, usage: &str) -> Result<(Dataset, Runner), Failure> {
        let [file] = self.positional.as_slice() else {
            return Err(Failure::Usage(format!("usage: {usage}")));
        };
        let set = self.assumptions()?;
        let fertility = self.fertility()?;
        let scenario = load_scenario(io, file).ok_or(Failure::Invalid(None))?;
        let opts = ProjectOptions::from_parsed(&self.parsed, self.command)?;
        let data = with_fertility(&dataset_with(io, &opts)?, fertility)
            .map_err(|e| Failure::Other(format!("population variant: {e}")))?;
        let runner = Runner::new(&data, &scenario, set)
            .map_err(|e| Failure::Invalid(Some(e.to_string())))?;
        for w in &runner.prepared.warnings {
            writeln!(io.err, "warning: {w}");
        }
        // The last line of defence: no analysis of a scenario whose own projection holds a
        // non-finite number or a negative count.
        crate::model::sense::projection(&runner.run(None, &[]))
            .map_err(|d| Failure::Other(d.to_string()))?;
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
