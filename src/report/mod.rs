//! The report pack: charts (SVG and PNG) for the nation and chosen provinces, `projection.csv`,
//! `summary.csv`, `summary.md`, `fiscal.csv` (the treasury's view) and `tables.xlsx` (with
//! `--docx` also `briefing.docx`), written into one folder. The `report` command and the app's
//! "export report" action both call [`write_pack`] ([`write_pack_with`] for the briefing and
//! optional sections).

pub mod briefing;
pub mod charts;
pub mod csv_text;
pub mod decompose;
pub mod metric;
pub mod sections;
pub mod spec;
pub mod summary_md;
pub mod tables;
pub mod uncertainty;
pub mod xlsx;

use crate::export;
use crate::model::keys::NATION_CODE;
use crate::model::{Dataset, Projection, Scenario, project};
use crate::render::{self, Lang};
use charts::{Context, Named, Run};
use csv_text::Headers;
use rayon::prelude::*;
use std::path::PathBuf;

/// What a pack contains.
#[derive(Clone, Debug)]
pub struct PackOptions {
    /// Output folder (created if missing).
    pub out: PathBuf,
    /// Province codes charted besides the nation.
    pub units: Vec<String>,
    /// Language of the charts (summary.md is always Chinese with an English section).
    pub lang: Lang,
    /// CSV headers.
    pub headers: Headers,
    /// UTF-8 BOM on CSV files.
    pub excel: bool,
}

/// A scenario of the pack with its projection.
pub struct Projected {
    /// The scenario.
    pub scenario: Scenario,
    /// Its projection.
    pub projection: Projection,
}

/// Projects a scenario; a calibration that fails its guard rails is the error.
pub fn projected(
    data: &Dataset,
    scenario: Scenario,
) -> Result<Projected, crate::model::calibrate::CalibrationError> {
    let projection = project(data, &scenario)?;
    Ok(Projected {
        scenario,
        projection,
    })
}

/// Whether two scenarios project the same policy: everything but the title, description and
/// references equal.
pub fn same_policy(a: &Scenario, b: &Scenario) -> bool {
    let bare = |s: &Scenario| Scenario {
        title: String::new(),
        description: String::new(),
        references: Vec::new(),
        ..s.clone()
    };
    bare(a) == bare(b)
}

/// The current-law baseline at a scenario's horizon and balancing rule.
pub fn baseline_for(scenario: &Scenario) -> Scenario {
    Scenario {
        horizon: scenario.horizon,
        balancing: scenario.balancing,
        ..Scenario::default()
    }
}

/// A short hash of a scenario alone (FNV-1a over its canonical RON text). Outputs state
/// [`output_hash`], which covers the data and the program version too.
pub fn scenario_hash(s: &Scenario) -> String {
    let text = crate::scenario::to_ron_string(s);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// A short hash of what a figure rests on (FNV-1a): the scenario's canonical RON text without
/// its data section, the user's data files in the data set ([`Dataset::user_files`]: the
/// accounts and sub-unit texts, whether from `--accounts`/`--subunits` or from the scenario
/// file) and the program version — so that a figure traces to its inputs, and the same file
/// opened elsewhere states the same hash only when it gives the same numbers.
pub fn output_hash(data: &Dataset, s: &Scenario) -> String {
    let bare = Scenario {
        data: crate::model::scenario::ScenarioData::default(),
        ..s.clone()
    };
    let text = crate::scenario::to_ron_string(&bare);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let user = data.user_files.to_le_bytes();
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    for b in text
        .bytes()
        .chain([0u8])
        .chain(user)
        .chain([0u8])
        .chain(version.iter().copied())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// The footer of every chart: data vintage, program version, and the hash of scenario, data
/// and program version ([`output_hash`]).
pub fn footer(data: &Dataset, s: &Scenario, lang: Lang) -> String {
    let v = env!("CARGO_PKG_VERSION");
    let hash = output_hash(data, s);
    if lang.is_zh() {
        format!(
            "数据：{} · 医保基金政策模拟器 yibao {v} · 方案哈希 {hash}",
            data.vintage_zh
        )
    } else {
        format!("Data: {} · Yibao {v} · scenario hash {hash}", data.vintage)
    }
}

/// The name of unit `code` among `units` (see [`unit_names`]) in `lang`; the code itself when
/// it is not there.
pub fn unit_name(units: &[(String, String, String)], code: &str, lang: Lang) -> String {
    units.iter().find(|u| u.0 == code).map_or_else(
        || code.to_owned(),
        |u| {
            if lang.is_zh() {
                u.1.clone()
            } else {
                u.2.clone()
            }
        },
    )
}

/// Unit names `(code, zh, en)`: the nation, then the provinces in data order.
pub fn unit_names(data: &Dataset) -> Vec<(String, String, String)> {
    let mut out = vec![(
        NATION_CODE.to_owned(),
        "全国".to_owned(),
        "China".to_owned(),
    )];
    out.extend(
        data.provinces
            .iter()
            .map(|p| (p.code.clone(), p.name_zh.clone(), p.name_en.clone())),
    );
    out
}

/// Every chart of a pack.
pub fn pack_charts(
    data: &Dataset,
    main: &Projected,
    baseline: &Projected,
    compare: &[Projected],
    units: &[String],
    lang: Lang,
) -> Vec<Named> {
    let cx = Context {
        scenario: Run {
            name: &main.scenario.title,
            projection: &main.projection,
        },
        baseline: Run {
            name: &baseline.scenario.title,
            projection: &baseline.projection,
        },
        compare: compare
            .iter()
            .map(|c| Run {
                name: &c.scenario.title,
                projection: &c.projection,
            })
            .collect(),
        lang,
        footer: footer(data, &main.scenario, lang),
        units: unit_names(data),
    };
    let mut out = cx.unit_charts(NATION_CODE);
    out.extend(cx.gaps());
    for fund in crate::model::Fund::MAIN {
        out.push(Named {
            stem: format!("provinces_{}_months", fund.id()),
            chart: cx.province_grid(fund),
        });
    }
    for u in units {
        out.extend(cx.unit_charts(u));
    }
    out
}

/// A file of the pack: its name in the output directory and its bytes.
type NamedBytes = (String, Vec<u8>);

/// A pack's files as written.
#[derive(Clone, Debug, Default)]
pub struct Written {
    /// Paths of every file written.
    pub files: Vec<PathBuf>,
}

/// What a pack contains besides its standard files.
#[derive(Clone, Debug, Default)]
pub struct PackExtras {
    /// Also write `briefing.docx` (`--docx`).
    pub docx: bool,
    /// Date of the briefing and the creation date of `tables.xlsx` and `briefing.docx`
    /// (`None`: [`briefing::Date::today`]).
    pub date: Option<briefing::Date>,
    /// Sections shown when present (the decomposition, the treasury's view): in the briefing,
    /// and their tables as sheets of `tables.xlsx`.
    pub extras: briefing::Extras,
}

/// Writes the pack as one set of files. `progress(done, total, what)` is called after each file
/// is made (the set is then published at once).
pub fn write_pack(
    data: &Dataset,
    main: &Projected,
    compare: &[Projected],
    opts: &PackOptions,
    progress: &(dyn Fn(usize, usize, &str) + Sync),
) -> Result<Written, String> {
    write_pack_with(data, main, compare, opts, &PackExtras::default(), progress)
}

/// [`write_pack`] with the briefing and optional sections ([`PackExtras`]).
pub fn write_pack_with(
    data: &Dataset,
    main: &Projected,
    compare: &[Projected],
    opts: &PackOptions,
    extras: &PackExtras,
    progress: &(dyn Fn(usize, usize, &str) + Sync),
) -> Result<Written, String> {
    let out = &opts.out;
    std::fs::create_dir_all(out.join("charts")).map_err(|e| {
        format!(
            "cannot create output directory: {e}: {}",
            out.join("charts").display()
        )
    })?;
    for u in &opts.units {
        if data.province_index(u).is_none() {
            return Err(format!("unknown province code `{u}` in --units"));
        }
    }
    let baseline = projected(data, baseline_for(&main.scenario))
        .map_err(|e| format!("the current-law baseline: {e}"))?;
    let charts = pack_charts(data, main, &baseline, compare, &opts.units, opts.lang);
    let total = charts.len() * 3 + 5 + usize::from(extras.docx);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = |what: &str| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, total, what);
    };
    let csv = |text: String| csv_text::localize_owned(text, opts.headers, opts.excel);
    // Every file is made first, then the whole pack is published as one set (staged, then
    // moved in under the directory's lock): a killed or failed report leaves the previous
    // pack whole or the new one, never charts of one scenario beside tables of another.
    let projection_csv = export::projection_csv(&main.projection);
    let summary_csv = export::summary_csv(&main.projection);
    let date = extras.date.unwrap_or_else(briefing::Date::today);
    // The optional sections the caller did not give: the treasury's view always (a sheet of
    // tables.xlsx, a section of the briefing), the reform decomposition for a briefing.
    let mut sections = extras.extras.clone();
    if sections.fiscal.is_none() {
        sections.fiscal = sections::fiscal(main, &baseline, opts.lang);
    }
    // The workbook's sheets do not depend on `--docx`: the decomposition made for the
    // briefing is in the document only (`yibao decompose` writes its table).
    let sheets: Vec<tables::Table> = sections
        .sections()
        .flat_map(|s| s.tables.iter().cloned())
        .collect();
    if extras.docx && sections.decomposition.is_none() {
        sections.decomposition = sections::decomposition(data, main, opts.lang);
    }
    let tables = tables::pack_tables(
        main,
        &baseline,
        compare,
        &summary_csv,
        &projection_csv,
        opts.lang,
        sheets,
    )?;
    let mut set: Vec<(String, Vec<u8>)> = vec![
        ("projection.csv".into(), csv(projection_csv).into_bytes()),
        ("summary.csv".into(), csv(summary_csv).into_bytes()),
        (
            "summary.md".into(),
            summary_md::summary_md(data, main, &baseline, compare).into_bytes(),
        ),
    ];
    // The treasury's view (docs/model.md §15).
    let fiscal = crate::model::fiscal::rows(&main.projection)
        .map_err(|e| format!("built-in budgets: {e}"))?;
    set.push((
        "fiscal.csv".into(),
        csv(export::fiscal_csv_with(&fiscal, export::Precision::Rounded)).into_bytes(),
    ));
    for (name, _) in &set {
        tick(name);
    }
    // The workbook is made beside the charts (one long job on one thread while the charts
    // share the others) instead of after them.
    let (chart_files, workbook) = rayon::join(
        || -> Result<Vec<Vec<NamedBytes>>, String> {
            charts
                .par_iter()
                .map(|n| {
                    let png = render::png(&n.chart).map_err(|e| format!("{}: {e}", n.stem))?;
                    let files = vec![
                        (
                            format!("charts/{}.svg", n.stem),
                            render::svg(&n.chart).into_bytes(),
                        ),
                        (format!("charts/{}.png", n.stem), png),
                        (
                            format!("charts/{}.csv", n.stem),
                            csv(n.chart.data_csv()).into_bytes(),
                        ),
                    ];
                    for (name, _) in &files {
                        tick(name);
                    }
                    Ok(files)
                })
                .collect()
        },
        || {
            let bytes = xlsx::tables_xlsx(&tables, date);
            tick("tables.xlsx");
            bytes
        },
    );
    set.extend(chart_files?.into_iter().flatten());
    set.push(("tables.xlsx".into(), workbook?));
    if extras.docx {
        // The key charts as the pack rendered them.
        let images = briefing::key_chart_stems(!compare.is_empty())
            .iter()
            .filter_map(|stem| {
                let png = set
                    .iter()
                    .find(|(n, _)| *n == format!("charts/{stem}.png"))?;
                let chart = charts.iter().find(|n| &n.stem == stem)?;
                Some(briefing::Image {
                    png: png.1.clone(),
                    caption: chart.chart.title.clone(),
                })
            })
            .collect();
        let docx = briefing::briefing_docx(&briefing::Briefing {
            data,
            main,
            baseline: &baseline,
            compare,
            lang: opts.lang,
            date,
            charts: images,
            extras: &sections,
        })?;
        set.push(("briefing.docx".into(), docx));
        tick("briefing.docx");
    }
    for (name, bytes) in &set {
        if !name.ends_with(".csv") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        if crate::cli::may_be_non_finite(&text)
            && let Some(at) = crate::model::sense::csv_non_finite(&text)
        {
            return Err(format!(
                "{}: {at}: a number is not finite; no output was written",
                out.join(name).display()
            ));
        }
    }
    let refs: Vec<(&str, &[u8])> = set
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    // A briefing of an earlier pack goes with the old set when this one has none.
    crate::files::write_file_set_with(out, &refs, &["charts"], &["briefing.docx"])
        .map_err(|e| format!("cannot write the report: {e}: {}", out.display()))?;
    let files = set.iter().map(|(n, _)| out.join(n)).collect();
    Ok(Written { files })
}
