//! Output files: `projection.csv`, `summary.csv` (INTERFACES.md) and the calibration report,
//! written atomically.

use crate::model::Projection;
use crate::model::accounts::{Item, Scheme};
use crate::model::backtest::Forecast;
use crate::model::calibrate::{Calibration, Factors};
use crate::model::data::Sourced;
use crate::model::fiscal::FiscalRow;
use crate::model::history::{Check, History};
use crate::model::output::{COLUMNS, Format};
use std::fmt::Write as _;

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
    let mut s = String::with_capacity(24);
    push_number(&mut s, v, format, precision);
    s
}

/// Appends [`number`]`(v, format, precision)` to `out` (the same bytes, without a string per
/// cell; fixed decimals through [`crate::fixed`]).
pub fn push_number(out: &mut String, v: f64, format: Format, precision: Precision) {
    match precision {
        Precision::Full => {
            let start = out.len();
            let _ = write!(out, "{v}");
            crate::fixed::drop_negative_zero(out, start);
        }
        Precision::Rounded => crate::fixed::push_fixed_unsigned_zero(out, v, format.decimals()),
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
            out.push_str(&s.unit);
            out.push(',');
            out.push_str(s.level.id());
            out.push(',');
            out.push_str(s.fund.id());
            out.push(',');
            crate::fixed::push_int(&mut out, r.year.into());
            for c in COLUMNS {
                out.push(',');
                if let Some(v) = c.get(r) {
                    push_number(&mut out, v, c.format, precision);
                }
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
/// idle by other pooling units meanwhile (docs/model.md §12).
pub fn fragmentation_csv_with(p: &Projection, precision: Precision) -> String {
    let mut out = String::new();
    out.push_str(FRAGMENTATION_HEADER);
    out.push('\n');
    for f in &p.fragmentation {
        let _ = write!(out, "{},{},{},", f.unit, f.fund.id(), f.year);
        push_number(&mut out, f.backstop, Format::Money, precision);
        out.push(',');
        push_number(&mut out, f.idle_surplus, Format::Money, precision);
        out.push('\n');
    }
    out
}

/// Column header of `fiscal.csv` (docs/interfaces.md).
pub const FISCAL_HEADER: &str = "unit,level,year,subsidy_central,subsidy_local,subsidy_employee,backstop,fiscal_total,budget_expenditure,health_expenditure,share_of_budget,share_of_health,resident_topup,budget_published,health_published";

/// `fiscal.csv`, the treasury's view (docs/model.md §15): one row per unit × year, the nation
/// first, then the provinces in data order. Money in 亿元, shares as fractions.
pub fn fiscal_csv_with(rows: &[FiscalRow], precision: Precision) -> String {
    let mut out = String::with_capacity(rows.len() * 160);
    out.push_str(FISCAL_HEADER);
    out.push('\n');
    for r in rows {
        let _ = write!(out, "{},{},{}", r.unit, r.level.id(), r.year);
        let cells = [
            (r.subsidy_central, Format::Money),
            (r.subsidy_local, Format::Money),
            (r.subsidy_employee, Format::Money),
            (r.backstop, Format::Money),
            (r.fiscal_total(), Format::Money),
            (r.budget_expenditure, Format::Money),
            (r.health_expenditure, Format::Money),
            (r.share_of_budget(), Format::Rate),
            (r.share_of_health(), Format::Rate),
            (r.resident_topup, Format::Money),
        ];
        for (v, format) in cells {
            out.push(',');
            push_number(&mut out, v, format, precision);
        }
        let _ = writeln!(
            out,
            ",{},{}",
            u8::from(r.budget_published),
            u8::from(r.health_published),
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
            "(resident income − expenditure) ÷ income (calibration step 7, docs/model.md §3)",
        );
        let structural = Sourced::assumed(
            p.resident_margin_structural,
            "the v1 spending formula's margin, before shrinkage (calibration step 7, docs/model.md §3)",
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
                    "tilted age structure (calibration step 8, docs/model.md §3)",
                ),
                "fraction",
            ),
            (
                "resident_child_share",
                &Sourced::derived(
                    p.resident_mix.child_share,
                    "resident pool aged 0-17 (docs/model.md §4)",
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

/// `history_factors.csv`: the history-year factors (calibration step 11, docs/model.md §11) of the provinces without
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
