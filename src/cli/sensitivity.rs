//! `yibao sensitivity SCENARIO.ron --metric M --out DIR [--unit U --fund F]
//! [--assumptions low|mid|high]`: one-at-a-time sensitivity, `DIR/sensitivity.csv` sorted by
//! swing (MODEL.md §10, inputs in `model::sensitivity`).

use super::flags::{Flags, progress};
use super::{Failure, create_dir, write};
use crate::model::metric::parse_metric;
use crate::model::sensitivity::{INPUTS, Tornado, tornado};
use std::fmt::Write as _;

const USAGE: &str = "yibao sensitivity SCENARIO.ron --metric M --out DIR [--unit U --fund F] [--assumptions low|mid|high]";

/// Header of `sensitivity.csv`.
pub const SENSITIVITY_HEADER: &str =
    "rank,lever,low_move,high_move,unit,fund,metric,base,low,high,swing";

pub(super) fn cmd_sensitivity(args: &[String]) -> Result<(), Failure> {
    let flags = Flags::parse(
        args,
        "sensitivity",
        &["metric", "out", "unit", "fund", "assumptions", "fertility"],
    )?;
    let metric_src = flags.require("metric")?;
    let out = std::path::PathBuf::from(flags.require("out")?);
    let (data, runner) = flags.runner(USAGE)?;
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
    println!(
        "{} {} (base {}): largest swings",
        t.unit,
        t.metric.describe(),
        t.base
    );
    for b in t.bars.iter().take(5) {
        println!(
            "  {:<36} low {:>12.4}  high {:>12.4}  swing {:.4}",
            b.input.lever.def().id,
            b.low,
            b.high,
            b.swing
        );
    }
    println!("wrote {}", path.display());
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
