//! `yibao report SCENARIO.ron --out DIR [--compare OTHER.ron]... [--units GD,SC,...]
//! [--lang zh|en] [--headers zh] [--excel] [--docx] [--date YYYY-MM-DD]`: the report pack of a
//! scenario (docs/reports.md).

use super::{
    CommandDef, Failure, Flag, Io, ProjectOptions, csv_options, dataset_for, load_scenario,
    parse_args,
};
use crate::model::keys::NATION_CODE;
use crate::render::Lang;
use crate::report::briefing::Date;
use crate::report::{PackExtras, PackOptions, projected, write_pack_with};
use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::io::Write as _;

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "report",
    args: "SCENARIO.ron",
    flags: FLAGS,
    about: "a report pack: charts (SVG, PNG, CSV), projection.csv, summary.csv, summary.md, tables.xlsx; with --docx briefing.docx",
    run,
};

const COMPARE: Flag = Flag::opt(
    "--compare",
    "OTHER.ron",
    "a scenario to compare with, in every chart and table (repeatable)",
)
.repeated();
const UNITS: Flag = Flag::opt(
    "--units",
    "GD,SC,...",
    "provinces that get their own charts besides the nation (repeatable)",
)
.repeated();
const LANG: Flag = Flag::opt(
    "--lang",
    "zh|en",
    "language of the charts and summary.md (default zh)",
);
const DOCX: Flag = Flag::switch(
    "--docx",
    "also write briefing.docx (Word/WPS: summary, headline table, key charts, sources)",
);
const DATE: Flag = Flag::opt(
    "--date",
    "YYYY-MM-DD",
    "the date of briefing.docx and tables.xlsx (default SOURCE_DATE_EPOCH, else today)",
);

/// The options `yibao report` parses and its `--help` shows.
const FLAGS: &[Flag] = &[
    Flag::OUT,
    COMPARE,
    UNITS,
    LANG,
    Flag::HEADERS,
    Flag::EXCEL,
    DOCX,
    DATE,
    Flag::ACCOUNTS,
    Flag::HISTORY_UNTIL,
    Flag::SUBUNITS,
];

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let parsed = parse_args("report", args, FLAGS)?;
    let files = parsed.paths("report")?;
    let [file] = files.as_slice() else {
        return Err(Failure::Usage(
            "`yibao report` needs exactly one scenario file".into(),
        ));
    };
    let out = parsed.required_path("report", &Flag::OUT)?;
    let (headers, excel) = csv_options(&parsed)?;
    let lang = match parsed.value(LANG.name) {
        None => Lang::Zh,
        Some(v) => v
            .to_str()
            .and_then(Lang::from_id)
            .ok_or_else(|| Failure::Usage("`--lang` takes `zh` or `en`".into()))?,
    };
    let units: Vec<String> = parsed
        .values(UNITS.name)
        .iter()
        .flat_map(|v| {
            v.to_string_lossy()
                .split(',')
                .map(|u| u.trim().to_uppercase())
                .filter(|u| !u.is_empty() && u != NATION_CODE)
                .collect::<Vec<_>>()
        })
        .collect();
    let date = match parsed.value(DATE.name) {
        None => None,
        Some(v) => Some(v.to_str().and_then(Date::parse).ok_or_else(|| {
            Failure::Usage(format!(
                "`--date` takes a date written YYYY-MM-DD, not `{}`",
                v.to_string_lossy()
            ))
        })?),
    };
    let extras = PackExtras {
        docx: parsed.switch(DOCX.name),
        date,
        ..PackExtras::default()
    };
    let opts = ProjectOptions::from_parsed(&parsed, "report")?;
    let scenario = load_scenario(io, file).ok_or(Failure::Invalid(None))?;
    let mut others = Vec::new();
    let baseline = crate::report::baseline_for(&scenario);
    for c in parsed.values(COMPARE.name) {
        let path = std::path::PathBuf::from(c);
        let other = load_scenario(io, &path).ok_or(Failure::Invalid(None))?;
        // The pack always shows the current-law baseline (现行政策基准); a compared file that is
        // that baseline under another title would show it twice.
        if crate::report::same_policy(&other, &baseline) {
            writeln!(
                io.err,
                "note: {} is the current-law baseline the report shows anyway; compared once",
                path.display()
            );
            continue;
        }
        others.push(other);
    }
    // The main scenario's own accounts and sub-units, unless the options give others.
    let data = dataset_for(io, &opts, &scenario, file)?;
    for u in &units {
        if data.province_index(u).is_none() {
            return Err(Failure::Usage(format!(
                "unknown province code `{u}` in `--units`; see `yibao data`"
            )));
        }
    }
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        writeln!(io.err, "projecting…");
    }
    // A calibration that fails its guard rails is invalid input (exit 1), named with the
    // scenario it failed for.
    let failed = |title: &str, e: crate::model::calibrate::CalibrationError| {
        Failure::Invalid(Some(format!("{title}: {e}")))
    };
    let title = scenario.title.clone();
    let main_run = projected(&data, scenario).map_err(|e| failed(&title, e))?;
    for w in &main_run.projection.warnings {
        writeln!(io.err, "warning: {w}");
    }
    let compare = others
        .into_iter()
        .map(|s| {
            let title = s.title.clone();
            projected(&data, s).map_err(|e| failed(&title, e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for p in std::iter::once(&main_run).chain(&compare) {
        crate::model::sense::projection(&p.projection)
            .map_err(|d| Failure::Other(d.to_string()))?;
    }
    let pack = PackOptions {
        out,
        units,
        lang,
        headers,
        excel,
    };
    // Progress on the terminal only; written straight to stderr (a failed progress line is not
    // worth stopping the pack for).
    let progress = |done: usize, total: usize, _what: &str| {
        if terminal {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\rwriting {done}/{total}");
            if done == total {
                let _ = writeln!(e);
            }
        }
    };
    let written = write_pack_with(&data, &main_run, &compare, &pack, &extras, &progress)
        .map_err(Failure::Other)?;
    writeln!(
        io.out,
        "wrote {} files to {}",
        written.files.len(),
        pack.out.display()
    );
    Ok(())
}
