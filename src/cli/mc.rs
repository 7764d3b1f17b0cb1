//! `yibao mc SCENARIO.ron --draws N --seed S --out DIR [--assumptions low|mid|high]`: the
//! stochastic projection (docs/model.md §10), writing `fan.csv` and `depletion_probability.csv`;
//! `--charts CN,GD,… [--lang zh|en]` adds the fan (with the low-cost and high-cost assumption
//! sets) and P(depleted by year) of each unit's pooled and resident funds as charts.

use super::Flag;
use super::flags::{ASSUMPTIONS, CHARTS, DRAWS, FERTILITY, LANG, SEED};
use super::flags::{Flags, progress};
use super::{CommandDef, Failure, Io};
use crate::model::experiment::{Runner, balance_path, cost_set_runs};
use crate::model::keys::NATION_CODE;
use crate::model::stochastic::{MAX_DRAWS, McResult, monte_carlo};
use crate::model::{Dataset, Fund};
use crate::render::{self, Lang};
use crate::report::uncertainty as charts;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;

const ABOUT: &str = "stochastic projection: DIR/fan.csv, DIR/depletion_probability.csv, with --charts DIR/charts/UNIT_FUND_{fan,depletion}.{svg,png,csv}";

/// Header of `fan.csv`.
pub const FAN_HEADER: &str = "unit,level,fund,year,metric,p5,p25,p50,p75,p95";

/// Header of `depletion_probability.csv`.
pub const DEPLETION_HEADER: &str = "unit,level,fund,year,p_depleted";

/// The options `yibao mc` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    DRAWS,
    SEED,
    Flag::OUT,
    ASSUMPTIONS,
    FERTILITY,
    CHARTS,
    LANG,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "mc",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: ABOUT,
    run: cmd_mc,
};

fn cmd_mc(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(args, "mc", FLAGS)?;
    let draws: usize = flags.number("draws")?.unwrap_or(1000);
    let seed: u64 = flags.number("seed")?.unwrap_or(1);
    if draws == 0 {
        return Err(Failure::Invalid(Some(
            "`--draws` must be at least 1".into(),
        )));
    }
    if draws > MAX_DRAWS {
        return Err(Failure::Invalid(Some(format!(
            "`--draws {draws}`: at most {MAX_DRAWS} draws (each keeps its paths until the percentiles are taken); run several seeds for more"
        ))));
    }
    let out = flags.out()?;
    let lang = match flags.get("lang") {
        None => Lang::Zh,
        Some(v) => {
            Lang::from_id(v).ok_or_else(|| Failure::Usage(format!("`--lang {v}`: use zh or en")))?
        }
    };
    let units = chart_units(flags.get("charts"));
    let (data, runner) = flags.runner(io, &COMMAND.usage_line())?;
    for u in &units {
        if u != NATION_CODE && data.province_index(u).is_none() {
            return Err(Failure::Usage(format!(
                "unknown unit `{u}` in `--charts`: use CN or a province code (BJ, GD, …)"
            )));
        }
    }
    let cancel = AtomicBool::new(false);
    let result = monte_carlo(&runner, draws, seed, None, &progress("mc", draws), &cancel)
        .ok_or_else(|| Failure::Other("the run was cancelled".into()))?;
    // The charts are drawn before any file is written, so that a failure leaves no new files.
    let chart_files = if units.is_empty() {
        Vec::new()
    } else {
        mc_charts(&data, &runner, &result, &units, lang)?
    };
    // One set: the tables and the charts are published together under the directory's lock.
    let (fan, depletion) = (fan_csv(&result), depletion_csv(&result));
    let names: Vec<String> = chart_files
        .iter()
        .map(|(n, _)| format!("charts/{n}"))
        .collect();
    let mut set: Vec<(&str, &[u8])> = vec![
        ("fan.csv", fan.as_bytes()),
        ("depletion_probability.csv", depletion.as_bytes()),
    ];
    set.extend(
        names
            .iter()
            .zip(&chart_files)
            .map(|(n, (_, b))| (n.as_str(), b.as_slice())),
    );
    for (name, bytes) in &set {
        if name.ends_with(".csv") {
            super::finite_csv(&out.join(name), &String::from_utf8_lossy(bytes))?;
        }
    }
    super::not_a_file(&out)?;
    crate::files::write_file_set(&out, &set)
        .map_err(|e| Failure::Other(format!("cannot write the output: {e}: {}", out.display())))?;
    writeln!(
        io.out,
        "{}: {draws} draw{}, seed {seed} → {}",
        flags.positional[0].display(),
        if draws == 1 { "" } else { "s" },
        out.display()
    );
    Ok(())
}

/// The units of `--charts CN,GD,…`, upper-cased, in the order given, each once.
fn chart_units(value: Option<&str>) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for u in value.unwrap_or("").split(',') {
        let u = u.trim().to_uppercase();
        if !u.is_empty() && !units.contains(&u) {
            units.push(u);
        }
    }
    units
}

/// The funds whose fans are drawn: the two that can run out.
const CHART_FUNDS: [Fund; 2] = [Fund::EmployeePooled, Fund::Resident];

/// The chart files (`UNIT_FUND_fan` and `UNIT_FUND_depletion`, each as SVG, PNG and CSV) of
/// every unit in `units`, with the deterministic balance under the run's assumption set and
/// under the low-cost and high-cost sets drawn over the fan.
fn mc_charts(
    data: &Dataset,
    runner: &Runner,
    result: &McResult,
    units: &[String],
    lang: Lang,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let deterministic = runner.run(None, &[]);
    let sets =
        cost_set_runs(data, &runner.scenario).map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    let names = crate::report::unit_names(data);
    let footer = crate::report::footer(data, &runner.scenario, lang);
    let mut files = Vec::new();
    for unit in units {
        let unit_name = crate::report::unit_name(&names, unit, lang);
        for fund in CHART_FUNDS {
            let Some(fan) = result.fan(unit, fund) else {
                continue;
            };
            let texts = charts::Texts {
                unit_name: unit_name.clone(),
                fund,
                scenario: runner.scenario.title.clone(),
                footer: footer.clone(),
                lang,
                draws: result.draws,
                seed: result.seed,
            };
            let overlays = charts::overlays(
                lang,
                balance_path(&deterministic, unit, fund),
                sets.each_ref().map(|p| balance_path(p, unit, fund)),
            );
            for (what, chart) in [
                ("fan", charts::fan_chart(fan, &overlays, &texts)),
                ("depletion", charts::depletion_chart(fan, &texts)),
            ] {
                let stem = format!("{unit}_{}_{what}", fund.id());
                let png =
                    render::png(&chart).map_err(|e| Failure::Other(format!("{stem}.png: {e}")))?;
                files.push((format!("{stem}.svg"), render::svg(&chart).into_bytes()));
                files.push((format!("{stem}.png"), png));
                files.push((format!("{stem}.csv"), chart.data_csv().into_bytes()));
            }
        }
    }
    Ok(files)
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
