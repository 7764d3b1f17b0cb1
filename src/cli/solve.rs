//! `yibao solve SCENARIO.ron --lever ID --target EXPR [--unit U --fund F] [--from YEAR]
//! [--assumptions low|mid|high]`: goal seek (docs/model.md §10, grammar in `model::metric`).

use super::Flag;
use super::flags::{ASSUMPTIONS, FERTILITY, FROM, FUND, LEVER, TARGET, UNIT};
use super::flags::{Flags, analysis_lever};
use super::{CommandDef, Failure, Io};
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::model::metric::parse_target;
use crate::model::solve::{Outcome, SolveSpec, solve};
use std::ffi::OsString;

const ABOUT: &str = "goal seek: the lever value that meets the target";

/// The options `yibao solve` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    LEVER.required(),
    TARGET.required(),
    UNIT,
    FUND,
    FROM,
    ASSUMPTIONS,
    FERTILITY,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "solve",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: ABOUT,
    run: cmd_solve,
};

fn cmd_solve(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(args, "solve", FLAGS)?;
    let id = flags.require("lever")?;
    let lever = analysis_lever(id)?;
    let target_src = flags.require("target")?;
    let from: i32 = flags.number("from")?.unwrap_or(FIRST_OPEN_YEAR);
    let (data, runner) = flags.runner(io, &COMMAND.usage_line())?;
    let target = parse_target(target_src, runner.horizon())
        .map_err(|e| Failure::Invalid(Some(format!("`--target`: {e}"))))?;
    let spec = SolveSpec {
        lever,
        target,
        unit: flags.unit(&data)?,
        fund: flags.fund()?,
        from,
    };
    let fund = target.metric.fund.unwrap_or(spec.fund);
    let what = format!("{} {} (fund {})", spec.unit, target.describe(), fund.id());
    match solve(&runner, &spec).map_err(|e| Failure::Invalid(Some(e)))? {
        Outcome::Solved {
            value,
            metric,
            near,
            near_metric,
            tolerance,
        } => {
            writeln!(io.out, "{id} = {value} from {from}");
            writeln!(
                io.out,
                "  meets {what}: metric {metric}; {near} (within {tolerance:.3e}) gives {near_metric}, which does not"
            );
            Ok(())
        }
        Outcome::AlwaysMet { range } => {
            writeln!(
                io.out,
                "every value of {id} tried in its range {}..{} meets {what}; nothing to solve",
                range.0, range.1
            );
            Ok(())
        }
        Outcome::NeverMet {
            range,
            metric_at_ends,
        } => {
            // `==` is met only where a tried value lands within 1e-6 of the number.
            let hint = if target.op == crate::model::metric::Op::Eq {
                "; `==` needs a tried value to land on the number: use >= or <= to find where the metric crosses it"
            } else {
                ""
            };
            Err(Failure::Other(format!(
                "no value of {id} in its range {}..{} meets {what} (metric {} at {} and {} at {}){hint}",
                range.0, range.1, metric_at_ends.0, range.0, metric_at_ends.1, range.1
            )))
        }
    }
}
