//! `yibao heatmap SCENARIO.ron --x ID[=LO..HI] --y ID[=LO..HI] --metric M --out DIR
//! [--steps N] [--unit U --fund F] [--from YEAR] [--assumptions low|mid|high]`: two levers on
//! a grid (default: each lever's soft range, 20 steps), `DIR/heatmap.csv`.

use super::Flag;
use super::flags::{ASSUMPTIONS, FERTILITY, FROM, FUND, METRIC, STEPS, UNIT, X, Y};
use super::flags::{Flags, analysis_lever, progress};
use super::{CommandDef, Failure, Io, create_dir, write_file as write};
use crate::model::experiment::FIRST_OPEN_YEAR;
use crate::model::heatmap::{Axis, Heatmap, heatmap};
use crate::model::metric::parse_metric;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;

const ABOUT: &str = "two levers on a grid: DIR/heatmap.csv";

/// Header of `heatmap.csv`.
pub const HEATMAP_HEADER: &str = "x_lever,x,y_lever,y,unit,fund,metric,value";

fn axis(spec: &str, steps: usize) -> Result<Axis, Failure> {
    let bad = |m: String| Failure::Invalid(Some(m));
    // What the user typed is echoed clipped, numbers in short form (`1e308`, not 309 digits).
    let shown: String = if spec.chars().count() > 64 {
        spec.chars().take(63).chain(['…']).collect()
    } else {
        spec.to_owned()
    };
    let (id, range) = match spec.split_once('=') {
        Some((id, r)) => (id, Some(r)),
        None => (spec, None),
    };
    let lever = analysis_lever(id)?;
    let def = lever.def();
    let (lo, hi) = match range {
        None => def.soft,
        Some(r) => {
            let (a, b) = r
                .split_once("..")
                .ok_or_else(|| bad(format!("`{shown}`: write the range as LO..HI")))?;
            let num = |s: &str| {
                s.trim()
                    .parse::<f64>()
                    .map_err(|_| bad(format!("`{shown}`: `{s}` is not a number")))
            };
            (num(a)?, num(b)?)
        }
    };
    for v in [lo, hi] {
        if !(def.hard.0..=def.hard.1).contains(&v) {
            return Err(bad(format!(
                "`{shown}`: {} is outside the hard range {}..{} of `{id}`",
                crate::model::sense::show(v),
                crate::model::sense::show(def.hard.0),
                crate::model::sense::show(def.hard.1)
            )));
        }
    }
    if lo == hi && steps > 1 {
        return Err(bad(format!(
            "`{shown}`: the range is a single value; give LO..HI with LO ≠ HI, or --steps 1"
        )));
    }
    Ok(Axis::linspace(lever, lo, hi, steps))
}

/// The options `yibao heatmap` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    X.required(),
    Y.required(),
    METRIC.required(),
    Flag::OUT,
    STEPS,
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
    name: "heatmap",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: ABOUT,
    run: cmd_heatmap,
};

fn cmd_heatmap(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(args, "heatmap", FLAGS)?;
    let steps: usize = flags.number("steps")?.unwrap_or(20);
    if !(1..=500).contains(&steps) {
        return Err(Failure::Invalid(Some(
            "`--steps` must be between 1 and 500".into(),
        )));
    }
    let x = axis(flags.require("x")?, steps)?;
    let y = axis(flags.require("y")?, steps)?;
    let metric_src = flags.require("metric")?;
    let out = flags.out()?;
    let from: i32 = flags.number("from")?.unwrap_or(FIRST_OPEN_YEAR);
    let (data, runner) = flags.runner(io, &COMMAND.usage_line())?;
    let metric = parse_metric(metric_src, runner.horizon())
        .map_err(|e| Failure::Invalid(Some(format!("`--metric`: {e}"))))?;
    let unit = flags.unit(&data)?;
    let fund = flags.fund()?;
    let cancel = AtomicBool::new(false);
    let h = heatmap(
        &runner,
        x,
        y,
        from,
        &metric,
        &unit,
        fund,
        &progress("heatmap", steps * steps),
        &cancel,
    )
    .map_err(|e| Failure::Invalid(Some(e)))?
    .ok_or_else(|| Failure::Other("the run was cancelled".into()))?;
    create_dir(&out)?;
    let path = out.join("heatmap.csv");
    write(&path, &heatmap_csv(&h))?;
    writeln!(io.out, "{steps}×{steps} grid → {}", path.display());
    Ok(())
}

/// `heatmap.csv`: one row per cell, y outer, x inner.
pub fn heatmap_csv(h: &Heatmap) -> String {
    let mut out = String::new();
    out.push_str(HEATMAP_HEADER);
    out.push('\n');
    let fund = h.metric.fund.unwrap_or(h.fund);
    let nx = h.x.values.len();
    for (k, v) in h.cells.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{v}",
            h.x.lever.def().id,
            h.x.values[k % nx],
            h.y.lever.def().id,
            h.y.values[k / nx],
            h.unit,
            fund.id(),
            h.metric.describe()
        );
    }
    out
}
