//! `yibao backtest --out DIR`: the model's forecast of the history years against the published
//! figures (`DIR/backtest.csv`, `DIR/validation.md`); the base year is the last year held to
//! published totals unless `--history-until` says otherwise.

use super::{
    CommandDef, Failure, Flag, Io, ProjectOptions, dataset, dataset_with, parse_args, write_files,
};
use crate::export;
use crate::model::Scenario;
use crate::model::history;
use crate::model::project::try_project;
use std::ffi::OsString;

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "backtest",
    synopsis: "--out DIR [--accounts FILE] [--history-until YEAR] [--subunits FILE]",
    about: "the forecast of the history years against the published figures",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let [accounts, history_flag, subunits] = ProjectOptions::FLAGS;
    let parsed = parse_args(
        "backtest",
        args,
        &[Flag::OUT, accounts, history_flag, subunits],
    )?;
    if !parsed.positional.is_empty() {
        return Err(Failure::Usage(
            "`yibao backtest` takes no file; usage: yibao backtest --out DIR".into(),
        ));
    }
    let out = parsed.required_path("backtest", &Flag::OUT)?;
    let mut opts = ProjectOptions::from_parsed(&parsed, "backtest")?;
    let base = dataset()?.base_year;
    opts.history_until = Some(opts.history_until.unwrap_or(base));
    let data = dataset_with(io, &opts)?;
    let projection = try_project(&data, &Scenario::default())
        .map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    let checks = history::compare(&data, &projection);
    let csv = export::checks_csv(&checks);
    write_files(
        &out,
        &[
            ("backtest.csv", &csv),
            (
                "validation.md",
                &export::validation_md(&checks, data.history_until),
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
