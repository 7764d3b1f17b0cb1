//! `yibao mc SCENARIO.ron --draws N --seed S --out DIR [--assumptions low|mid|high]`: the
//! stochastic projection (MODEL.md §10), writing `fan.csv` and `depletion_probability.csv`.

use super::flags::{Flags, progress};
use super::{CommandDef, Failure, Io, write_files};
use crate::model::stochastic::{McResult, monte_carlo};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;

const SYNOPSIS: &str = "SCENARIO.ron --draws N --seed S --out DIR [--assumptions low|mid|high] [--fertility low|medium|high]";
const ABOUT: &str = "stochastic projection: DIR/fan.csv, DIR/depletion_probability.csv";
const USAGE: &str = concat!(
    "yibao mc ",
    "SCENARIO.ron --draws N --seed S --out DIR [--assumptions low|mid|high]"
);

/// Header of `fan.csv`.
pub const FAN_HEADER: &str = "unit,level,fund,year,metric,p5,p25,p50,p75,p95";

/// Header of `depletion_probability.csv`.
pub const DEPLETION_HEADER: &str = "unit,level,fund,year,p_depleted";

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "mc",
    synopsis: SYNOPSIS,
    about: ABOUT,
    run: cmd_mc,
};

fn cmd_mc(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(
        args,
        "mc",
        &[
            "accounts",
            "history-until",
            "draws",
            "seed",
            "out",
            "assumptions",
            "fertility",
        ],
    )?;
    let draws: usize = flags.number("draws")?.unwrap_or(1000);
    let seed: u64 = flags.number("seed")?.unwrap_or(1);
    if draws == 0 {
        return Err(Failure::Invalid(Some(
            "`--draws` must be at least 1".into(),
        )));
    }
    let out = flags.out()?;
    let (_, runner) = flags.runner(io, USAGE)?;
    let cancel = AtomicBool::new(false);
    let result = monte_carlo(&runner, draws, seed, None, &progress("mc", draws), &cancel)
        .ok_or_else(|| Failure::Other("the run was cancelled".into()))?;
    write_files(
        &out,
        &[
            ("fan.csv", &fan_csv(&result)),
            ("depletion_probability.csv", &depletion_csv(&result)),
        ],
    )?;
    writeln!(
        io.out,
        "{}: {draws} draws, seed {seed} → {}",
        flags.positional[0].display(),
        out.display()
    );
    Ok(())
}

fn cells(out: &mut String, p: &[f64; 5]) {
    for v in p {
        let _ = write!(out, ",{v}");
    }
}

/// `fan.csv`: per unit, fund, year and metric (`balance`, `months_of_reserve`) the 5th–95th
/// percentiles over the draws; months cells are empty when no draw pays anything that year.
pub fn fan_csv(r: &McResult) -> String {
    let mut out = String::new();
    out.push_str(FAN_HEADER);
    out.push('\n');
    for f in &r.fans {
        for (t, year) in f.years.iter().enumerate() {
            let _ = write!(
                out,
                "{},{},{},{year},balance",
                f.unit,
                f.level.id(),
                f.fund.id()
            );
            cells(&mut out, &f.balance[t]);
            out.push('\n');
            let _ = write!(
                out,
                "{},{},{},{year},months_of_reserve",
                f.unit,
                f.level.id(),
                f.fund.id()
            );
            match &f.months[t] {
                Some(p) => cells(&mut out, p),
                None => out.push_str(",,,,,"),
            }
            out.push('\n');
        }
    }
    out
}

/// `depletion_probability.csv`: per unit, fund and year the share of draws depleted by then.
pub fn depletion_csv(r: &McResult) -> String {
    let mut out = String::new();
    out.push_str(DEPLETION_HEADER);
    out.push('\n');
    for f in &r.fans {
        for (year, p) in f.years.iter().zip(&f.p_depleted) {
            let _ = writeln!(
                out,
                "{},{},{},{year},{p}",
                f.unit,
                f.level.id(),
                f.fund.id()
            );
        }
    }
    out
}
