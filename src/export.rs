//! Output files: `projection.csv`, `summary.csv` (INTERFACES.md) and the calibration report,
//! written atomically.

use crate::model::Projection;
use crate::model::calibrate::Calibration;
use crate::model::data::Sourced;
use crate::model::output::{COLUMNS, Format};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

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
pub const SUMMARY_HEADER: &str = "unit,level,fund,first_deficit_year,depletion_year,min_months,min_months_year,months_at_horizon,cumulative_backstop,cumulative_backstop_discounted";

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
            "{},{},{},{},{},{},{},{},{},{}",
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
        );
    }
    out
}

/// The calibration report as CSV: every base value per province with its unit, tag and source.
pub fn calibration_csv(c: &Calibration) -> String {
    let mut out = String::from("province,field,value,unit,tag,source\n");
    for p in &c.provinces {
        let fields: [(&str, &Sourced, &str); 30] = [
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
pub fn factors_csv(c: &Calibration) -> String {
    let f = &c.factors;
    format!(
        "factor,value\nstep3_employee_share_scale,{}\nstep3_active_scale,{}\nstep3_retired_scale,{}\nstep4_employee_income,{}\nstep5_employee_spending,{}\nstep6_resident_income,{}\nstep7_resident_spending,{}\nstep7_resident_balance,{}\n",
        f.employee_share_scale,
        f.active_scale,
        f.retired_scale,
        f.employee_income,
        f.employee_spending,
        f.resident_income,
        f.resident_spending,
        f.resident_balance
    )
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, then renamed over the target, so that the target is never half-written.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        // Keep the permissions of the file being replaced.
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else if let Ok(d) = std::fs::File::open(dir) {
        // Make the rename durable where directories can be synced; the rename has happened
        // either way.
        let _ = d.sync_all();
    }
    result
}
