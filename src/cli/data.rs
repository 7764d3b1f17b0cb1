//! `yibao data --out DIR`: the calibrated 2022 base state per province, with provenance, the
//! normalisation factors (with and without published accounts), the published accounts used,
//! and the history years' factors and checks.

use super::{
    CommandDef, Failure, Flag, Io, ProjectOptions, calibrated, dataset_with, parse_args,
    write_files,
};
use crate::export;
use crate::model::project::history_factors;
use std::ffi::OsString;

/// The options `yibao data` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    Flag::OUT,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "data",
    args: "",
    flags: FLAGS,
    about: "the calibrated 2022 base state per province, with provenance",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let parsed = parse_args("data", args, FLAGS)?;
    if !parsed.positional.is_empty() {
        return Err(Failure::Usage(
            "`yibao data` takes no file; usage: yibao data --out DIR".into(),
        ));
    }
    let out = parsed.required_path("data", &Flag::OUT)?;
    let opts = ProjectOptions::from_parsed(&parsed, "data")?;
    let data = dataset_with(io, &opts)?;
    let cal = calibrated(&data)?;
    let recipe = calibrated(&data.recipe_only())?;
    let hist = history_factors(&data, &cal);
    let factors = export::factors_csv(&cal, &recipe.factors, recipe.margin_spread);
    let history = export::history_csv(&hist);
    let files = [
        ("calibration.csv", export::calibration_csv(&cal)),
        ("factors.csv", factors.clone()),
        ("published_accounts.csv", export::published_csv(&cal)),
        ("history_factors.csv", history.clone()),
        ("history_checks.csv", export::checks_csv(&hist.checks)),
        ("near_term.csv", export::near_term_csv(&hist)),
        ("resident_margins.csv", export::margins_csv(&data, &cal)),
    ];
    let set: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    write_files(&out, &set)?;
    io.out.write_str(&factors);
    io.out.write_str(&history);
    for w in cal.warnings.iter().map(ToString::to_string) {
        writeln!(io.err, "warning: {w}");
    }
    for w in hist.warnings.iter().map(ToString::to_string) {
        writeln!(io.err, "warning: {w}");
    }
    // At most MAX_DIAGNOSTICS notes, as for a scenario file's diagnostics: a large file of
    // unused years is summed up, not listed line by line.
    let unused = data.unused_accounts();
    let shown = crate::scenario::MAX_DIAGNOSTICS;
    for (row, why) in unused.iter().take(shown) {
        writeln!(io.err, "{}: note: not used ({why})", row.position());
    }
    if unused.len() > shown {
        writeln!(
            io.err,
            "note: … and {} more rows not used",
            unused.len() - shown
        );
    }
    writeln!(io.out, "wrote {} files to {}", files.len(), out.display());
    Ok(())
}
