//! Output files: `projection.csv`, `summary.csv` (INTERFACES.md) and the calibration report,
//! written atomically.

use crate::model::Projection;
use crate::model::accounts::{Item, Scheme};
use crate::model::calibrate::{Calibration, Factors};
use crate::model::data::Sourced;
use crate::model::history::{Check, History};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Column header of `projection.csv`, in the order INTERFACES.md fixes.
pub const PROJECTION_HEADER: &str = "unit,level,fund,year,active,retired,participants,income_contributions,income_subsidy,income_interest,income_other,transfers_in,transfers_out,expenditure_scheduled,expenditure_paid,current_balance,balance,months_of_reserve,backstop,reimbursement_rate,history";

/// Column header of `summary.csv`.
pub const SUMMARY_HEADER: &str = "unit,level,fund,first_deficit_year,depletion_year,min_months,min_months_year,months_at_horizon,cumulative_backstop,cumulative_backstop_discounted";

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// `projection.csv`: one row per unit × fund × year, sorted by level, unit, fund, year.
pub fn projection_csv(p: &Projection) -> String {
    let mut out =
        String::with_capacity(p.series.len() * p.series.first().map_or(0, |s| s.rows.len()) * 200);
    out.push_str(PROJECTION_HEADER);
    out.push('\n');
    for s in &p.series {
        for r in &s.rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                s.unit,
                s.level.id(),
                s.fund.id(),
                r.year,
                opt(r.active),
                opt(r.retired),
                r.participants,
                r.income_contributions,
                r.income_subsidy,
                r.income_interest,
                r.income_other,
                r.transfers_in,
                r.transfers_out,
                r.expenditure_scheduled,
                r.expenditure_paid,
                r.current_balance,
                r.balance,
                opt(r.months_of_reserve),
                r.backstop,
                opt(r.reimbursement_rate),
                u8::from(r.history),
            );
        }
    }
    out
}

/// `summary.csv`: one row per unit × fund.
pub fn summary_csv(p: &Projection) -> String {
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
            opt(s.min_months),
            opt(s.min_months_year),
            opt(s.months_at_horizon),
            s.cumulative_backstop,
            s.cumulative_backstop_discounted,
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
pub fn factors_csv(c: &Calibration, without_accounts: &Factors) -> String {
    let mut out = String::from("factor,value,without_accounts\n");
    for ((id, v), (_, w)) in c.factors.rows().iter().zip(without_accounts.rows()) {
        let _ = writeln!(out, "{id},{v},{w}");
    }
    let _ = writeln!(out, "step7_lambda,{},{}", c.lambda, c.lambda);
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

/// `validation.md`: the backtest table (model vs published) as Markdown.
pub fn validation_md(checks: &[Check], history_until: i32) -> String {
    let mut out = String::from("# Validation: the backtest\n\n");
    let _ = writeln!(
        out,
        "Generated by `yibao backtest --out DIR` (history held to published totals through {history_until}; \
         every later year is a forecast of the current-law baseline). Money in 亿元, people in 万人; \
         error = model ÷ published − 1. Published figures: `assets/data/nhsa/national_fund_statistics.csv` \
         (sources in `assets/data/nhsa/SOURCES.md`). Do not edit by hand: rerun the command.\n"
    );
    out.push_str(
        "| year | scheme | item | published | model | error |\n|---|---|---|---:|---:|---:|\n",
    );
    for c in checks {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} | {:.2} | {:+.2} % |",
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
