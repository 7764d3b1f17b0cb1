//! `yibao run SCENARIO.ron --out DIR`: the headless projection, `DIR/projection.csv` and
//! `DIR/summary.csv`.

use super::{
    CommandDef, Failure, Flag, Io, ProjectOptions, dataset_with, load_scenario, parse_args,
    write_files,
};
use crate::export;
use crate::model::project::try_project;
use std::ffi::OsString;

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "run",
    synopsis: "SCENARIO.ron --out DIR [--precision full] [--accounts FILE] [--history-until YEAR]",
    about: "headless projection: DIR/projection.csv and DIR/summary.csv",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let [accounts, history] = ProjectOptions::FLAGS;
    let parsed = parse_args(
        "run",
        args,
        &[Flag::OUT, Flag::PRECISION, accounts, history],
    )?;
    let opts = ProjectOptions::from_parsed(&parsed, "run")?;
    let precision = match parsed.value(Flag::PRECISION.name) {
        None => export::Precision::default(),
        Some(v) => v
            .to_str()
            .and_then(export::Precision::from_name)
            .ok_or_else(|| {
                Failure::Invalid(Some("`--precision` takes `rounded` or `full`".into()))
            })?,
    };
    let files = parsed.paths("run")?;
    let [file] = files.as_slice() else {
        return Err(Failure::Usage(
            "`yibao run` needs exactly one scenario file".into(),
        ));
    };
    let out = parsed.required_path("run", &Flag::OUT)?;
    let scenario = load_scenario(io, file).ok_or(Failure::Invalid(None))?;
    let data = dataset_with(io, &opts)?;
    let projection =
        try_project(&data, &scenario).map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    for w in &projection.warnings {
        writeln!(io.err, "warning: {w}");
    }
    write_files(
        &out,
        &[
            (
                "projection.csv",
                &export::projection_csv_with(&projection, precision),
            ),
            (
                "summary.csv",
                &export::summary_csv_with(&projection, precision),
            ),
        ],
    )?;
    writeln!(
        io.out,
        "{}: projected {}–{} → {}",
        file.display(),
        projection.base_year,
        projection.horizon,
        out.display()
    );
    Ok(())
}
