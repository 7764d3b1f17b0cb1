//! `yibao solve SCENARIO.ron --lever ID --target EXPR [--unit U --fund F] [--from YEAR]
//! [--assumptions low|mid|high]`: goal seek (MODEL.md §10, grammar in `model::metric`).

use super::flags::Flags;
use super::{CommandDef, Failure, Io};
use crate::model::Lever;
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::model::metric::parse_target;
use crate::model::solve::{Outcome, SolveSpec, solvable, solve};
use crate::scenario::suggest::similar_ids;
use std::ffi::OsString;

const SYNOPSIS: &str = "SCENARIO.ron --lever ID --target EXPR [--unit U --fund F] [--from YEAR] [--assumptions low|mid|high] [--fertility low|medium|high]";
const ABOUT: &str = "goal seek: the lever value that meets the target";
const USAGE: &str = concat!(
    "yibao solve ",
    "SCENARIO.ron --lever ID --target EXPR [--unit U --fund F] [--from YEAR] [--assumptions low|mid|high]"
);

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "solve",
    synopsis: SYNOPSIS,
    about: ABOUT,
    run: cmd_solve,
};

fn cmd_solve(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(
        args,
        "solve",
        &[
            "accounts",
            "history-until",
            "lever",
            "target",
            "unit",
            "fund",
            "from",
            "assumptions",
            "fertility",
        ],
    )?;
    let id = flags.require("lever")?;
    let lever = Lever::from_id(id).ok_or_else(|| {
        let hint = similar_ids(id);
        Failure::Invalid(Some(if hint.is_empty() {
            format!("unknown lever `{id}`; see `yibao levers`")
        } else {
            format!(
                "unknown lever `{id}`; did you mean `{}`?",
                hint.join("`, `")
            )
        }))
    })?;
    if !solvable(lever) {
        return Err(Failure::Invalid(Some(format!(
            "lever `{id}` does not enter the deterministic projection; choose another"
        ))));
    }
    let target_src = flags.require("target")?;
    let from: i32 = flags.number("from")?.unwrap_or(FIRST_OPEN_YEAR);
    let (data, runner) = flags.runner(io, USAGE)?;
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
    let what = format!("{} {}", spec.unit, target.describe());
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
                "  meets {what} (fund {}): metric {metric}; {near} (within {tolerance:.3e}) gives {near_metric}, which does not",
                fund.id()
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
        } => Err(Failure::Other(format!(
            "no value of {id} in its range {}..{} meets {what} (metric {} at {} and {} at {})",
            range.0, range.1, metric_at_ends.0, range.0, metric_at_ends.1, range.1
        ))),
    }
}
