//! `yibao report SCENARIO.ron --out DIR [--compare OTHER.ron]... [--units GD,SC,...]
//! [--lang zh|en] [--headers zh] [--excel] [--docx] [--date YYYY-MM-DD]`: the report pack of a
//! scenario (docs/reports.md).

use super::{
    CommandDef, Failure, Flag, Io, ProjectOptions, csv_options, dataset_with, load_scenario,
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
    synopsis: "SCENARIO.ron --out DIR [--compare OTHER.ron]... [--units GD,SC,...] [--lang zh|en] [--headers zh] [--excel] [--docx] [--date YYYY-MM-DD] [--accounts FILE] [--history-until YEAR] [--subunits FILE]",
    about: "a report pack: charts (SVG, PNG, CSV), projection.csv, summary.csv, summary.md, tables.xlsx; with --docx briefing.docx",
    run,
};

const COMPARE: Flag = Flag {
    name: "--compare",
    short: None,
    value: Some("FILE"),
};
const UNITS: Flag = Flag {
    name: "--units",
    short: None,
    value: Some("CODES"),
};
const DOCX: Flag = Flag {
    name: "--docx",
    short: None,
    value: None,
};
const DATE: Flag = Flag {
    name: "--date",
    short: None,
    value: Some("YYYY-MM-DD"),
};
const LANG: Flag = Flag {
    name: "--lang",
    short: None,
    value: Some("zh|en"),
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let [accounts, history, subunits] = ProjectOptions::FLAGS;
    let parsed = parse_args(
        "report",
        args,
        &[
            Flag::OUT,
            COMPARE,
            UNITS,
            LANG,
            Flag::HEADERS,
            Flag::EXCEL,
            DOCX,
            DATE,
            accounts,
            history,
            subunits,
        ],
    )?;
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
    for c in parsed.values(COMPARE.name) {
        let path = std::path::PathBuf::from(c);
        others.push(load_scenario(io, &path).ok_or(Failure::Invalid(None))?);
    }
    let data = dataset_with(io, &opts)?;
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
    let main_run = projected(&data, scenario);
    for w in &main_run.projection.warnings {
        writeln!(io.err, "warning: {w}");
    }
    let compare: Vec<_> = others.into_iter().map(|s| projected(&data, s)).collect();
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
