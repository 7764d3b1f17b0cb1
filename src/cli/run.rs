//! `yibao run SCENARIO.ron --out DIR`: the headless projection, `DIR/projection.csv`,
//! `DIR/summary.csv`, `DIR/fragmentation.csv` and `DIR/fiscal.csv`.

use super::{
    CommandDef, Failure, Flag, Io, ProjectOptions, csv_options, dataset_for, load_scenario,
    parse_args, write_files,
};
use crate::export;
use crate::model::project::project;
use std::ffi::OsString;

/// The options `yibao run` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    Flag::OUT,
    Flag::PRECISION,
    Flag::HEADERS,
    Flag::EXCEL,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "run",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: "headless projection: DIR/projection.csv, summary.csv, fragmentation.csv and fiscal.csv",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let parsed = parse_args("run", args, FLAGS)?;
    let opts = ProjectOptions::from_parsed(&parsed, "run")?;
    let (headers, excel) = csv_options(&parsed)?;
    let csv = |text: String| crate::report::csv_text::localize_owned(text, headers, excel);
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
    // The accounts and sub-units the file carries, unless the options give others.
    let data = dataset_for(io, &opts, &scenario, file)?;
    let projection =
        project(&data, &scenario).map_err(|e| Failure::Invalid(Some(e.to_string())))?;
    crate::model::sense::projection(&projection).map_err(|d| Failure::Other(d.to_string()))?;
    for w in &projection.warnings {
        writeln!(io.err, "warning: {w}");
    }
    let projection_csv = csv(export::projection_csv_with(&projection, precision));
    let summary_csv = csv(export::summary_csv_with(&projection, precision));
    let mut files = vec![
        ("projection.csv", projection_csv.as_str()),
        ("summary.csv", summary_csv.as_str()),
    ];
    // The cost of fragmentation (backstop paid while other pooling units hold surplus), always
    // written so that the directory never keeps one from an earlier run beside a new pair.
    let fragmentation_csv = csv(export::fragmentation_csv_with(&projection, precision));
    files.push(("fragmentation.csv", fragmentation_csv.as_str()));
    // The treasury's view (docs/model.md §15).
    let fiscal = crate::model::fiscal::rows(&projection)
        .map_err(|e| Failure::Other(format!("built-in budgets: {e}")))?;
    let fiscal_csv = csv(export::fiscal_csv_with(&fiscal, precision));
    files.push(("fiscal.csv", fiscal_csv.as_str()));
    write_files(&out, &files)?;
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
