//! `yibao backtest --out DIR`: the rolling-origin backtest (`DIR/backtest.csv`,
//! `DIR/validation.md`): from each origin (the base year and every published year but the
//! last) the current-law forecast of every later published year; `--history-until YEAR` makes
//! YEAR the only origin.

use super::{CommandDef, Failure, Flag, Io, ProjectOptions, dataset_with, parse_args, write_files};
use crate::export;
use crate::model::Scenario;
use crate::model::backtest;
use std::ffi::OsString;

/// The options `yibao backtest` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    Flag::OUT,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "backtest",
    args: "",
    flags: FLAGS,
    about: "rolling-origin forecasts of every published year after each origin",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let parsed = parse_args("backtest", args, FLAGS)?;
    if !parsed.positional.is_empty() {
        return Err(Failure::Usage(
            "`yibao backtest` takes no file; usage: yibao backtest --out DIR".into(),
        ));
    }
    let out = parsed.required_path("backtest", &Flag::OUT)?;
    let mut opts = ProjectOptions::from_parsed(&parsed, "backtest")?;
    // One origin when --history-until names it; else every origin (rolling).
    let single = opts.history_until.take();
    let data = dataset_with(io, &opts)?;
    let origins = match single {
        Some(year) => vec![year],
        None => backtest::origins(&data),
    };
    let scenarios: Vec<Scenario> = backtest::RULES
        .iter()
        .map(|rule| backtest::with_rule(&Scenario::default(), rule))
        .collect();
    let mut runs = backtest::rolling_each(&data, &scenarios, &origins)
        .map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    let forecasts = runs.remove(0);
    let alternatives: Vec<(&str, Vec<backtest::Forecast>)> = backtest::RULES
        .iter()
        .skip(1)
        .map(|r| r.0)
        .zip(runs)
        .collect();
    let csv = export::backtest_csv(&forecasts);
    write_files(
        &out,
        &[
            ("backtest.csv", &csv),
            (
                "validation.md",
                &export::validation_md(&forecasts, &origins, backtest::RULES[0].0, &alternatives),
            ),
        ],
    )?;
    io.out.write_str(&csv);
    writeln!(
        io.out,
        "wrote backtest.csv and validation.md to {}",
        out.display()
    );
    Ok(())
}
