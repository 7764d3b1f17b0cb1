//! `yibao decompose SCENARIO.ron --metric M --out DIR [--unit U --fund F] [--year Y]
//! [--seed S] [--permutations N] [--lang zh|en]`: each changed lever's contribution to a
//! metric against the baseline (Shapley values; docs/model.md §14, "Reform decomposition"),
//! `DIR/decomposition.csv` and the waterfall chart `DIR/waterfall.{svg,png,csv}`.

use super::Flag;
use super::flags::{FERTILITY, FUND, Flags, LANG, METRIC, PERMUTATIONS, SEED, UNIT, YEAR};
use super::{CommandDef, Failure, Io};
use crate::model::decompose::{
    DEFAULT_PERMUTATIONS, DecomposeError, Decomposer, MAX_PERMUTATIONS, Method, Spec,
};
use crate::model::metric::parse_metric;
use crate::render::{self, Lang};
use crate::report::decompose as table;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::sync::atomic::AtomicBool;

const ABOUT: &str = "each changed lever's contribution to a metric against the baseline (Shapley values): DIR/decomposition.csv, DIR/waterfall.{svg,png,csv}";

/// The options `yibao decompose` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    METRIC.required(),
    Flag::OUT,
    UNIT,
    FUND,
    YEAR,
    SEED,
    PERMUTATIONS,
    LANG,
    FERTILITY,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "decompose",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: ABOUT,
    run: cmd_decompose,
};

fn invalid(m: String) -> Failure {
    Failure::Invalid(Some(m))
}

fn cmd_decompose(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(args, "decompose", FLAGS)?;
    let metric_src = flags.require("metric")?.to_owned();
    let year: Option<i32> = flags.number("year")?;
    let seed: u64 = flags.number("seed")?.unwrap_or(1);
    let permutations: usize = flags
        .number("permutations")?
        .unwrap_or(DEFAULT_PERMUTATIONS);
    if !(4..=MAX_PERMUTATIONS).contains(&permutations) {
        return Err(invalid(format!(
            "`--permutations {permutations}`: use 4 to {MAX_PERMUTATIONS}"
        )));
    }
    let lang = match flags.get("lang") {
        None => Lang::Zh,
        Some(v) => {
            Lang::from_id(v).ok_or_else(|| Failure::Usage(format!("`--lang {v}`: use zh or en")))?
        }
    };
    let out = flags.out()?;
    let (data, scenario) = flags.scenario(io, &COMMAND.usage_line())?;
    let metric_src = match year {
        None => metric_src,
        Some(_) if metric_src.contains('@') => {
            return Err(invalid(format!(
                "`--metric {metric_src}` names a year and `--year` gives another; give it once"
            )));
        }
        Some(y) => format!("{}@{y}", metric_src.trim()),
    };
    let metric = parse_metric(&metric_src, scenario.horizon)
        .map_err(|e| invalid(format!("`--metric`: {e}")))?;
    let unit = flags.unit(&data)?;
    let fund = flags.fund()?;
    // The last line of defence: no analysis of a scenario whose own projection holds a
    // non-finite number or a negative count.
    let projection = crate::model::project(&data, &scenario)
        .map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    crate::model::sense::projection(&projection).map_err(|d| Failure::Other(d.to_string()))?;
    let decomposer = Decomposer::new(&data, &scenario).map_err(|e| match e {
        DecomposeError::Cancelled => Failure::Other(e.to_string()),
        e => invalid(e.to_string()),
    })?;
    let spec = Spec {
        seed,
        permutations,
        ..Spec::new(metric, &unit, fund)
    };
    let tty = std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        let step = (total / 100).max(1);
        if tty && (done.is_multiple_of(step) || done == total) {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\rdecompose: {done}/{total}");
            if done == total {
                let _ = writeln!(e);
            }
        }
    };
    let d = decomposer
        .run(&spec, &progress, &AtomicBool::new(false))
        .map_err(|e| match e {
            DecomposeError::Cancelled => Failure::Other(e.to_string()),
            e => invalid(e.to_string()),
        })?;
    let csv = table::csv(&data, &d, lang);
    let chart = table::waterfall(&data, &scenario, &d, lang);
    let png = render::png(&chart).map_err(|e| Failure::Other(format!("waterfall.png: {e}")))?;
    let svg = render::svg(&chart);
    let chart_csv = chart.data_csv();
    let set: Vec<(&str, &[u8])> = vec![
        ("decomposition.csv", csv.as_bytes()),
        ("waterfall.svg", svg.as_bytes()),
        ("waterfall.png", &png),
        ("waterfall.csv", chart_csv.as_bytes()),
    ];
    for (name, bytes) in &set {
        if name.ends_with(".csv") {
            super::finite_csv(&out.join(name), &String::from_utf8_lossy(bytes))?;
        }
    }
    super::not_a_file(&out)?;
    crate::files::write_file_set(&out, &set)
        .map_err(|e| Failure::Other(format!("cannot write the output: {e}: {}", out.display())))?;
    let method = match d.method {
        Method::Exact { subsets } => format!("exact, {subsets} subsets"),
        Method::Sampled {
            permutations,
            seed,
            subsets,
        } => format!("sampled, {permutations} permutations, seed {seed}, {subsets} subsets"),
    };
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} {}: baseline {} → scenario {} (change {:+}); {method}",
        d.unit,
        d.metric.describe(),
        d.baseline,
        d.scenario,
        d.total()
    );
    if d.censored.0 || d.censored.1 {
        let _ = writeln!(
            text,
            "  (a depletion year of {} means not depleted by {}: censored)",
            d.horizon + 1,
            d.horizon
        );
    }
    for p in &d.parts {
        let se = if p.std_error > 0.0 {
            format!(" ± {:.4}", p.std_error)
        } else {
            String::new()
        };
        let _ = writeln!(
            text,
            "  {:<36} {:>+14.4}{se}",
            p.change.id(),
            p.contribution
        );
    }
    let _ = writeln!(text, "wrote {}", out.join("decomposition.csv").display());
    write!(io.out, "{text}");
    Ok(())
}
