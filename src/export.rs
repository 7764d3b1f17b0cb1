//! Output files: `projection.csv`, `summary.csv` (INTERFACES.md) and the calibration report,
//! written atomically.

use crate::model::Projection;
use crate::model::accounts::{Item, Scheme};
use crate::model::backtest::Forecast;
use crate::model::calibrate::{Calibration, Factors};
use crate::model::data::Sourced;
use crate::model::history::{Check, History};
use crate::model::output::{COLUMNS, Format};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How numbers are printed in `projection.csv` and `summary.csv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Precision {
    /// For people (INTERFACES.md): money and people with 4 decimals, rates and shares with 6,
    /// months with 3.
    #[default]
    Rounded,
    /// Round-trip digits for machine use (`--precision full`).
    Full,
}

impl Precision {
    /// The precision named on the command line (`rounded`, `full`).
    pub fn from_name(name: &str) -> Option<Precision> {
        match name {
            "rounded" => Some(Precision::Rounded),
            "full" => Some(Precision::Full),
            _ => None,
        }
    }
}

/// A number in `format` at `precision`; `-0` prints as `0`.
pub fn number(v: f64, format: Format, precision: Precision) -> String {
    let s = match precision {
        Precision::Full => v.to_string(),
        Precision::Rounded => format!("{:.*}", format.decimals(), v),
    };
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => s,
    }
}

fn cell(v: Option<f64>, format: Format, precision: Precision) -> String {
    v.map_or_else(String::new, |x| number(x, format, precision))
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// Column header of `projection.csv`, in the order INTERFACES.md fixes (from [`COLUMNS`]).
pub fn projection_header() -> String {
    let mut h = String::from("unit,level,fund,year");
    for c in COLUMNS {
        h.push(',');
        h.push_str(c.name);
    }
    h
}

/// Column header of `summary.csv`.
pub const SUMMARY_HEADER: &str = "unit,level,fund,first_deficit_year,depletion_year,min_months,min_months_year,months_at_horizon,cumulative_backstop,cumulative_backstop_discounted,first_backstop_year,estimate,depletion_year_low,depletion_year_high";

/// `projection.csv` rounded for people (see [`projection_csv_with`]).
pub fn projection_csv(p: &Projection) -> String {
    projection_csv_with(p, Precision::Rounded)
}

/// `projection.csv`: one row per unit × fund × year, sorted by level, unit, fund, year; one
/// cell per [`COLUMNS`] entry.
pub fn projection_csv_with(p: &Projection, precision: Precision) -> String {
    let mut out =
        String::with_capacity(p.series.len() * p.series.first().map_or(0, |s| s.rows.len()) * 200);
    out.push_str(&projection_header());
    out.push('\n');
    for s in &p.series {
        for r in &s.rows {
            let _ = write!(
                out,
                "{},{},{},{}",
                s.unit,
                s.level.id(),
                s.fund.id(),
                r.year
            );
            for c in COLUMNS {
                out.push(',');
                out.push_str(&cell(c.get(r), c.format, precision));
            }
            out.push('\n');
        }
    }
    out
}

/// `summary.csv` rounded for people.
pub fn summary_csv(p: &Projection) -> String {
    summary_csv_with(p, Precision::Rounded)
}

/// `summary.csv`: one row per unit × fund.
pub fn summary_csv_with(p: &Projection, precision: Precision) -> String {
    let mut out = String::new();
    out.push_str(SUMMARY_HEADER);
    out.push('\n');
    for s in &p.summaries {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            s.unit,
            s.level.id(),
            s.fund.id(),
            opt(s.first_deficit_year),
            opt(s.depletion_year),
            cell(s.min_months, Format::Months, precision),
            opt(s.min_months_year),
            cell(s.months_at_horizon, Format::Months, precision),
            number(s.cumulative_backstop, Format::Money, precision),
            number(s.cumulative_backstop_discounted, Format::Money, precision),
            opt(s.first_backstop_year),
            u8::from(s.estimate.is_some()),
            opt(s.estimate.and_then(|e| e.low)),
            opt(s.estimate.and_then(|e| e.high)),
        );
    }
    out
}

/// Column header of `fragmentation.csv`.
pub const FRAGMENTATION_HEADER: &str = "unit,fund,year,backstop,idle_surplus";

/// `fragmentation.csv` (written by every `yibao run`): per
/// province and the nation, per pooled fund and year, the backstop paid and the surplus held
/// idle by other pooling units meanwhile (docs/model.md §8).
pub fn fragmentation_csv_with(p: &Projection, precision: Precision) -> String {
    let mut out = String::new();
    out.push_str(FRAGMENTATION_HEADER);
    out.push('\n');
    for f in &p.fragmentation {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            f.unit,
            f.fund.id(),
            f.year,
            number(f.backstop, Format::Money, precision),
            number(f.idle_surplus, Format::Money, precision),
        );
    }
    out
}

/// The calibration report as CSV: every base value per province with its unit, tag and source.
pub fn calibration_csv(c: &Calibration) -> String {
    let mut out = String::from("province,field,value,unit,tag,source\n");
    for p in &c.provinces {
        let margin = Sourced::derived(
            p.resident_margin(),
            "(resident income − expenditure) ÷ income (DATA.md step 7)",
        );
        let structural = Sourced::assumed(
            p.resident_margin_structural,
            "the v1 spending formula's margin, before shrinkage (DATA.md step 7)",
        );
        let fields: [(&str, &Sourced, &str); 32] = [
            ("resident_margin", &margin, "fraction"),
            ("resident_margin_structural", &structural, "fraction"),
            ("population", &p.population, "10k persons"),
            ("coverage", &p.coverage, "fraction"),
            ("active", &p.active, "10k persons"),
            ("retired", &p.retired, "10k persons"),
            ("residents", &p.residents, "10k persons"),
            ("wage", &p.wage, "yuan"),
            ("disposable_income", &p.income, "yuan"),
            ("employee_income", &p.employee_income, "100m yuan"),
            ("employee_expenditure", &p.employee_expenditure, "100m yuan"),
            ("pooled_income", &p.pooled_income, "100m yuan"),
            ("pooled_interest", &p.pooled_interest, "100m yuan"),
            ("pooled_expenditure", &p.pooled_expenditure, "100m yuan"),
            ("pooled_balance", &p.pooled_balance, "100m yuan"),
            ("account_income", &p.account_income, "100m yuan"),
            ("account_expenditure", &p.account_expenditure, "100m yuan"),
            ("account_balance", &p.account_balance, "100m yuan"),
            ("employer_rate", &p.employer_rate, "fraction"),
            ("individual_rate", &p.individual_rate, "fraction"),
            ("average_pension", &p.pension, "yuan"),
            ("resident_income", &p.resident_income, "100m yuan"),
            ("resident_premiums", &p.resident_premiums, "100m yuan"),
            ("resident_subsidy", &p.resident_subsidy, "100m yuan"),
            ("resident_interest", &p.resident_interest, "100m yuan"),
            ("resident_topup_per_head", &p.topup_per_head, "yuan"),
            ("resident_expenditure", &p.resident_expenditure, "100m yuan"),
            ("resident_balance", &p.resident_balance, "100m yuan"),
            (
                "employee_reimbursement",
                &p.employee_reimbursement,
                "fraction",
            ),
            (
                "resident_reimbursement",
                &p.resident_reimbursement,
                "fraction",
            ),
            (
                "population_65plus_share",
                &Sourced::derived(
                    p.shares.iter().map(|s| s[13..].iter().sum::<f64>()).sum(),
                    "tilted age structure (DATA.md step 8)",
                ),
                "fraction",
            ),
            (
                "resident_child_share",
                &Sourced::derived(
                    p.resident_mix.child_share,
                    "resident pool aged 0-17 (MODEL.md §3)",
                ),
                "fraction",
            ),
        ];
        for (name, v, unit) in fields {
            let _ = writeln!(
                out,
                "{},{},{},{},{},\"{}\"",
                p.code,
                name,
                v.value,
                unit,
                v.tag.id(),
                v.source.replace('"', "'")
            );
        }
    }
    out
}

/// The normalisation factors of the calibration recipe, as `name,value` CSV.
pub fn factors_csv(
    c: &Calibration,
    without_accounts: &Factors,
    without_accounts_spread: f64,
) -> String {
    let mut out = String::from("factor,value,without_accounts\n");
    for ((id, v), (_, w)) in c.factors.rows().iter().zip(without_accounts.rows()) {
        let _ = writeln!(out, "{id},{v},{w}");
    }
    let _ = writeln!(out, "step7_lambda,{},{}", c.lambda, c.lambda);
    let _ = writeln!(
        out,
        "step7_margin_spread,{},{}",
        c.margin_spread, without_accounts_spread
    );
    out
}

/// `history_factors.csv`: the history-year factors (DATA.md step 11) of the provinces without
/// their own published figures.
pub fn history_csv(h: &History) -> String {
    let mut out = String::from("year,fund,item,factor\n");
    for r in &h.rows {
        let _ = writeln!(out, "{},{},{},{}", r.year, r.fund, r.item, r.factor);
    }
    out
}

/// `near_term.csv`: per history year and scheme, the growth of cost per weighted head the
/// published expenditure implies, whether the near-term anchor counts it (one-off years do
/// not), and the current-law growth of that year (docs/model.md §13).
pub fn near_term_csv(h: &History) -> String {
    use crate::model::history::{COST_SCHEMES, ONE_OFF_YEARS};
    let mut out = String::from("scheme,year,implied_cost_growth,counted,current_law_growth\n");
    for (scheme, name) in COST_SCHEMES.iter().enumerate() {
        for (year, g) in h.years.iter().zip(&h.implied_growth) {
            let Some(g) = g[scheme] else {
                continue;
            };
            let counted = !ONE_OFF_YEARS.iter().any(|(y, _)| y == year);
            let law = usize::try_from(year - h.base_year)
                .ok()
                .and_then(|t| h.default_growth.get(t))
                .copied()
                .unwrap_or(0.0);
            let _ = writeln!(out, "{name},{year},{g:.6},{},{law:.6}", u8::from(counted));
        }
    }
    out
}

/// `resident_margins.csv`: each province's base-year resident margin and what it rests on —
/// `published` (its base-year accounts), `evidence` (its deviation from the nation's margin in
/// other published years) or `estimate` (the λ rule; its range ± the spread) — docs/model.md §3.
pub fn margins_csv(data: &crate::model::Dataset, c: &Calibration) -> String {
    use crate::model::calibrate::resident_evidence;
    use crate::model::data::Provenance;
    let mut out = String::from(
        "province,margin_pct,national_margin_pct,basis,range_pct,evidence_years,evidence_deviation_pct\n",
    );
    for (p, b) in c.provinces.iter().enumerate() {
        let margin = 1.0 - b.resident_expenditure.value / b.resident_income.value;
        let evidence = resident_evidence(data, p, b.resident_income.value);
        let basis = if b.resident_expenditure.tag == Provenance::Published {
            "published"
        } else if b.resident_estimate {
            "estimate"
        } else {
            "evidence"
        };
        let range = if b.resident_estimate {
            format!("{:.2}", c.margin_spread * 100.0)
        } else {
            String::new()
        };
        let years: Vec<String> = evidence.iter().map(|e| e.year.to_string()).collect();
        let devs: Vec<String> = evidence
            .iter()
            .map(|e| format!("{:+.2}", (e.margin - e.national) * 100.0))
            .collect();
        let _ = writeln!(
            out,
            "{},{:.2},{:.2},{basis},{range},{},{}",
            b.code,
            margin * 100.0,
            c.national_margin * 100.0,
            years.join(" "),
            devs.join(" ")
        );
    }
    out
}

/// A comparison table of published figures and model values (history checks or backtest).
pub fn checks_csv(checks: &[Check]) -> String {
    let mut out = String::from("year,scheme,item,published,model,error_pct\n");
    for c in checks {
        let _ = writeln!(
            out,
            "{},{},{},{},{:.2},{:.2}",
            c.year,
            c.scheme,
            c.item,
            c.published,
            c.model,
            (c.model / c.published - 1.0) * 100.0
        );
    }
    out
}

/// `published_accounts.csv`: for every province and base-year item, whether the calibration
/// rests on a published figure or on the recipe.
pub fn published_csv(c: &Calibration) -> String {
    let mut out = String::from("province,scheme,item,status\n");
    for p in &c.provinces {
        for scheme in [Scheme::Employee, Scheme::Resident] {
            for item in Item::ALL {
                if scheme == Scheme::Resident && matches!(item, Item::Active | Item::Retired) {
                    continue;
                }
                let status = if p.published.contains(&(scheme, item)) {
                    "published"
                } else {
                    "modelled"
                };
                let _ = writeln!(out, "{},{},{},{status}", p.code, scheme.id(), item.id());
            }
        }
    }
    out
}

/// `backtest.csv` of the rolling backtest: the columns of `history_checks.csv`, then the
/// forecast's origin and how many years ahead of it the figure lies.
pub fn backtest_csv(forecasts: &[Forecast]) -> String {
    let mut out = String::from("year,scheme,item,published,model,error_pct,origin,horizon\n");
    for f in forecasts {
        let c = &f.check;
        let _ = writeln!(
            out,
            "{},{},{},{},{:.2},{:.2},{},{}",
            c.year,
            c.scheme,
            c.item,
            c.published,
            c.model,
            f.error() * 100.0,
            f.origin,
            f.horizon()
        );
    }
    out
}

/// A mean and largest absolute error as `1.23 % / 4.56 %`, or `—`.
fn error_pair(e: Option<(f64, f64)>) -> String {
    e.map_or_else(
        || "—".to_owned(),
        |(mean, max)| format!("{:.2} % / {:.2} %", mean * 100.0, max * 100.0),
    )
}

/// `validation.md`: the rolling backtest of the current-law rule (`rule`), a summary per
/// origin, the alternatives' errors beside it, and every comparison per origin.
pub fn validation_md(
    forecasts: &[Forecast],
    origins: &[i32],
    rule: &str,
    alternatives: &[(&str, Vec<Forecast>)],
) -> String {
    let mut out = String::from("# Validation: the rolling backtest\n\n");
    let _ = writeln!(
        out,
        "Generated by `yibao backtest --out DIR`: from each origin the model is held to the published \
         figures through that year and forecasts every later year of the current-law baseline \
         (near-term cost rule: {rule}; docs/model.md §13). Money in 亿元, people in 万人; error = model ÷ \
         published − 1. Published figures: `assets/data/nhsa/national_fund_statistics.csv` (sources in \
         `assets/data/nhsa/SOURCES.md`). Headline flows: income and expenditure of the employee scheme, \
         its pooled fund and the resident fund. Do not edit by hand: rerun the command.\n"
    );
    out.push_str("## Summary: headline flows, mean / largest absolute error\n\n");
    out.push_str("| origin | one year ahead | two and more years ahead |\n|---|---:|---:|\n");
    for &o in origins {
        let _ = writeln!(
            out,
            "| {o} | {} | {} |",
            error_pair(crate::model::backtest::headline_error(forecasts, |f| {
                f.origin == o && f.horizon() == 1
            })),
            error_pair(crate::model::backtest::headline_error(forecasts, |f| {
                f.origin == o && f.horizon() > 1
            })),
        );
    }
    let _ = writeln!(
        out,
        "| all | {} | {} |\n",
        error_pair(crate::model::backtest::headline_error(forecasts, |f| f
            .horizon()
            == 1)),
        error_pair(crate::model::backtest::headline_error(forecasts, |f| f
            .horizon()
            > 1)),
    );
    if !alternatives.is_empty() {
        out.push_str(
            "## The near-term cost rule and the alternatives tried\n\n\
             Headline flows, mean / largest absolute error over every origin. The first choice was \
             made by reasoning before any run; its backtest showed the 2023 rebound driving the \
             anchor, and 2023 was then set aside as a one-off on the reasons in docs/model.md §13. \
             Both are shown; no parameter was fitted to these errors. Alternatives that differ \
             only in the trend years they average give the same errors while one trend year \
             (2024) precedes the last origin.\n\n\
             | rule | one year ahead | two and more years ahead |\n|---|---:|---:|\n",
        );
        let all = std::iter::once((rule, forecasts))
            .chain(alternatives.iter().map(|(name, f)| (*name, f.as_slice())));
        for (name, f) in all {
            let _ = writeln!(
                out,
                "| {name} | {} | {} |",
                error_pair(crate::model::backtest::headline_error(f, |f| f.horizon() == 1)),
                error_pair(crate::model::backtest::headline_error(f, |f| f.horizon() > 1)),
            );
        }
        out.push('\n');
    }
    for &o in origins {
        let _ = writeln!(
            out,
            "## Origin {o}: history held through {o}\n\n\
             | year | ahead | scheme | item | published | model | error |\n|---|---:|---|---|---:|---:|---:|"
        );
        for f in forecasts.iter().filter(|f| f.origin == o) {
            let c = &f.check;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.2} | {:.2} | {:+.2} % |",
                c.year,
                f.horizon(),
                c.scheme,
                c.item,
                c.published,
                c.model,
                f.error() * 100.0
            );
        }
        out.push('\n');
    }
    out
}

/// A number unique within this process, for temporary names.
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}-{n}-{nanos:x}", std::process::id())
}

/// The file an atomic write must replace: `path` itself, or the final target of a symbolic
/// link (so that the link stays a link and its target gets the new content). A dangling link
/// resolves to where it points.
fn resolve_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(std::io::Error::other(format!(
        "too many levels of symbolic links: {}",
        path.display()
    )))
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, then renamed over the target, so that the target is never half-written.
///
/// - A symbolic link is followed: its final target is replaced, the link stays.
/// - A read-only target is refused (`PermissionDenied`, saying so) instead of being replaced.
/// - The temporary name is short (`.yibao-PID-N-T.tmp`) whatever the target's name, so long
///   names work, and unique, so concurrent writes in one process do not collide.
/// - The replaced file's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = resolve_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let old = std::fs::metadata(&target).ok();
    if let Some(meta) = &old {
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "the target is a directory",
            ));
        }
        if meta.permissions().readonly() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the file is read-only; make it writable or save under another name",
            ));
        }
    }
    let tmp = dir.join(format!(".yibao-{}.tmp", unique()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(contents)?;
        // Keep the permissions of the file being replaced.
        if let Some(meta) = &old {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        sync_dir(&dir);
    }
    result
}

/// Makes renames in `dir` durable where directories can be synced; they have happened either
/// way.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Prefix of the staging directories of [`write_file_set`].
const STAGING_PREFIX: &str = ".yibao-out-";

/// Writes a set of files that belong together (`projection.csv` and `summary.csv`) into `dir`
/// so that a reader, even after a kill at any instant, never sees new and old files mixed:
/// everything is written and synced in a staging directory inside `dir` first (any error
/// stops here, before a file is replaced); then, under the lock of `dir` ([`lock_dir`]), the
/// old files of the set are removed except the first, and the new ones are renamed in, first
/// file first. At every instant `dir` holds the complete old set, an incomplete set, or the
/// complete new set, and two writers into one `dir` publish one after the other, never mixed
/// ([`lock_dir`]).
///
/// Names may hold one folder (`charts/CN_resident_fan.svg`). Staging directories left by a
/// killed run are removed first (those of processes that no longer run, or older than an hour
/// where that cannot be told), and so are temporaries of [`write_atomic`] from such processes,
/// in `dir` and in each folder of the set.
pub fn write_file_set(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    write_file_set_owning(dir, files, &[])
}

/// Where the system cannot lock a directory itself, the lock is taken on this file inside it.
pub const LOCK_FILE: &str = ".yibao.lock";

/// How long a writer waits for another to finish publishing into the same directory.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Takes the exclusive lock of `dir` (waiting at most [`LOCK_WAIT`]), held until the returned
/// handle is dropped and released by the system when the process ends, even when killed. The
/// lock is on the directory itself (nothing is left in it); where a directory cannot be
/// opened as a file, on [`LOCK_FILE`] inside it.
pub fn lock_dir(dir: &Path) -> std::io::Result<std::fs::File> {
    let (f, shown) = match std::fs::File::open(dir) {
        Ok(f) => (f, dir.to_path_buf()),
        Err(_) => {
            let path = dir.join(LOCK_FILE);
            let f = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            (f, path)
        }
    };
    let start = std::time::Instant::now();
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!(
                        "another yibao process is writing into this directory (it holds the lock of {}) and has not finished after {} s; try again when it is done",
                        shown.display(),
                        LOCK_WAIT.as_secs()
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// [`write_file_set`], where the folders `owned` belong to the set: files in them that the new
/// set lacks (charts of units no longer asked for) are removed with the old set.
pub fn write_file_set_owning(
    dir: &Path,
    files: &[(&str, &[u8])],
    owned: &[&str],
) -> std::io::Result<()> {
    write_file_set_with(dir, files, owned, &[])
}

/// [`write_file_set_owning`], where the files named in `optional` (paths in `dir`) belong to
/// the set even when it lacks them: an old one is removed with the old set (a report pack's
/// `briefing.docx` when the new pack is written without `--docx`).
pub fn write_file_set_with(
    dir: &Path,
    files: &[(&str, &[u8])],
    owned: &[&str],
    optional: &[&str],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut folders: Vec<PathBuf> = vec![dir.to_path_buf()];
    for (name, _) in files {
        if let Some(parent) = Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            let f = dir.join(parent);
            if !folders.contains(&f) {
                folders.push(f);
            }
        }
    }
    for f in &folders {
        clean_stale(f, files.iter().map(|f| f.0));
    }
    for (name, _) in files {
        let t = dir.join(name);
        if std::fs::symlink_metadata(&t).is_ok_and(|m| m.is_dir()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!("{} is a directory", t.display()),
            ));
        }
    }
    let staging = dir.join(format!("{STAGING_PREFIX}{}.tmp", unique()));
    std::fs::create_dir(&staging)?;
    let result = (|| {
        for (name, bytes) in files {
            let path = staging.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut f = std::fs::File::create(path)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        sync_dir(&staging);
        for f in folders.iter().skip(1) {
            std::fs::create_dir_all(f)?;
        }
        let _lock = lock_dir(dir)?;
        let keep: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
        let mut old: Vec<PathBuf> = keep.iter().skip(1).cloned().collect();
        for o in owned {
            if let Ok(entries) = std::fs::read_dir(dir.join(o)) {
                old.extend(
                    entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| p.is_file() && !keep.contains(p))
                        .filter(|p| {
                            !p.file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                        }),
                );
            }
        }
        old.extend(
            optional
                .iter()
                .map(|n| dir.join(n))
                .filter(|p| !keep.contains(p)),
        );
        for path in old {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        for f in &folders {
            sync_dir(f);
        }
        let pause = publish_pause();
        for (name, _) in files {
            std::fs::rename(staging.join(name), dir.join(name))?;
            if let Some(p) = pause {
                std::thread::sleep(p);
            }
        }
        for f in &folders {
            sync_dir(f);
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// A pause after each file published, from `YIBAO_TEST_PUBLISH_PAUSE_MS`: a test hook that
/// widens the publishing step so that tests can make two writers overlap (tests/sets.rs).
fn publish_pause() -> Option<std::time::Duration> {
    let ms: u64 = std::env::var("YIBAO_TEST_PUBLISH_PAUSE_MS")
        .ok()?
        .parse()
        .ok()?;
    Some(std::time::Duration::from_millis(ms.min(10_000)))
}

/// Whether process `pid` is gone (only known where `/proc` exists).
fn process_gone(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if pid == std::process::id() {
        return Some(false);
    }
    proc.join("self")
        .exists()
        .then(|| !proc.join(pid.to_string()).exists())
}

/// Removes staging directories and temporaries left in `dir` by killed runs, including those
/// of earlier versions (`.NAME.PID.tmp` for the names of the set).
fn clean_stale<'a>(dir: &Path, names: impl Iterator<Item = &'a str>) {
    let legacy: Vec<String> = names.map(|n| format!(".{n}.")).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rest = name
            .strip_prefix(STAGING_PREFIX)
            .or_else(|| name.strip_prefix(".yibao-"))
            .or_else(|| legacy.iter().find_map(|l| name.strip_prefix(l.as_str())));
        let Some(rest) = rest.filter(|_| name.ends_with(".tmp")) else {
            continue;
        };
        let pid = rest
            .split(['-', '.'])
            .next()
            .and_then(|p| p.parse::<u32>().ok());
        let old = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        let stale = match pid.and_then(process_gone) {
            Some(gone) => gone,
            None => old,
        };
        if stale {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}
