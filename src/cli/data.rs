//! `yibao data --out DIR`: the calibrated 2022 base state per province, with provenance.

use super::{CommandDef, Failure, Flag, Io, dataset, parse_args, write_files};
use crate::export;
use crate::model::Scenario;
use crate::model::calibrate::calibrate;
use crate::model::resolve::resolve;
use std::ffi::OsString;

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "data",
    synopsis: "--out DIR",
    about: "the calibrated 2022 base state per province, with provenance",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let parsed = parse_args("data", args, &[Flag::OUT])?;
    if !parsed.positional.is_empty() {
        return Err(Failure::Usage(
            "`yibao data` takes no file; usage: yibao data --out DIR".into(),
        ));
    }
    let out = parsed.required_path("data", &Flag::OUT)?;
    let data = dataset()?;
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let (levers, _) = resolve(
        &Scenario::default(),
        &codes,
        data.base_year,
        data.base_year + 1,
    );
    let cal = calibrate(&data, &levers);
    write_files(
        &out,
        &[
            ("calibration.csv", &export::calibration_csv(&cal)),
            ("factors.csv", &export::factors_csv(&cal)),
        ],
    )?;
    io.out.write_str(&export::factors_csv(&cal));
    for w in &cal.warnings {
        writeln!(io.err, "warning: {w}");
    }
    writeln!(
        io.out,
        "wrote {} and {}",
        out.join("calibration.csv").display(),
        out.join("factors.csv").display()
    );
    Ok(())
}
