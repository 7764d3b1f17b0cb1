//! `yibao sensitivity SCENARIO.ron --metric M --out DIR [--unit U --fund F]
//! [--assumptions low|mid|high]`: one-at-a-time sensitivity, `DIR/sensitivity.csv` sorted by
//! swing (docs/model.md §10, inputs in `model::sensitivity`).

use super::Flag;
use super::flags::{ASSUMPTIONS, FERTILITY, FUND, METRIC, UNIT};
use super::flags::{Flags, progress};
use super::{CommandDef, Failure, Io, create_dir, write_file as write};
use crate::model::metric::parse_metric;
use crate::model::sensitivity::{INPUTS, Tornado, tornado};
use std::ffi::OsString;
use std::fmt::Write as _;

const ABOUT: &str = "one input at a time to its low and high value: DIR/sensitivity.csv";

/// Header of `sensitivity.csv`.
pub const SENSITIVITY_HEADER: &str =
    "rank,lever,low_move,high_move,unit,fund,metric,base,low,high,swing";

/// The options `yibao sensitivity` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    METRIC.required(),
    Flag::OUT,
    UNIT,
    FUND,
    ASSUMPTIONS,
    FERTILITY,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "sensitivity",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: ABOUT,
    run: cmd_sensitivity,
};

fn cmd_sensitivity(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(args, "sensitivity", FLAGS)?;
    let metric_src = flags.require("metric")?;
    let out = flags.out()?;
    let (data, runner) = flags.runner(io, &COMMAND.usage_line())?;
    let metric = parse_metric(metric_src, runner.horizon())
        .map_err(|e| Failure::Invalid(Some(format!("`--metric`: {e}"))))?;
    let unit = flags.unit(&data)?;
    let fund = flags.fund()?;
    let t = tornado(
        &runner,
        &metric,
        &unit,
        fund,
        &progress("sensitivity", INPUTS.len() * 2),
    )
    .map_err(|e| Failure::Invalid(Some(e)))?;
    create_dir(&out)?;
    let path = out.join("sensitivity.csv");
    write(&path, &sensitivity_csv(&t))?;
    writeln!(
        io.out,
        "{} {} (base {}): largest swings",
        t.unit,
        t.metric.describe(),
        t.base
    );
    for b in t.bars.iter().take(5) {
        writeln!(
            io.out,
            "  {:<36} low {:>12.4}  high {:>12.4}  swing {:.4}",
            b.input.lever.def().id,
            b.low,
            b.high,
            b.swing
        );
    }
    writeln!(io.out, "wrote {}", path.display());
    Ok(())
}

/// `sensitivity.csv`: one row per input, largest swing first.
pub fn sensitivity_csv(t: &Tornado) -> String {
    let mut out = String::new();
    out.push_str(SENSITIVITY_HEADER);
    out.push('\n');
    let fund = t.metric.fund.unwrap_or(t.fund);
    for (i, b) in t.bars.iter().enumerate() {
        let (lo, hi) = b.input.describe();
        let _ = writeln!(
            out,
            "{},{},{lo},{hi},{},{},{},{},{},{},{}",
            i + 1,
            b.input.lever.def().id,
            t.unit,
            fund.id(),
            t.metric.describe(),
            t.base,
            b.low,
            b.high,
            b.swing
        );
    }
    out
}
