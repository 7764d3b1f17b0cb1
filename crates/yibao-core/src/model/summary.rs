//! Summary metrics and benefit gaps (docs/model.md §7).

use super::output::{Fragmentation, Fund, GapRow, Level, Series, Summary, YearRow};

/// The official reserve target of the employee pooled fund, in months of expenditure
/// (docs/model.md §6): charts draw it as the 6–9 month band.
pub const RESERVE_TARGET_MONTHS: (f64, f64) = (6.0, 9.0);

/// The middle year the headline cards, summaries and reports read months of reserve in.
pub const MID_YEAR: i32 = 2035;

/// Summary metrics for every series. `discount[p]` are the discount factors of province `p`
/// (indexed like `codes`); the nation's discounted backstop is the sum of its provinces'.
pub fn summaries(series: &[Series], codes: &[&str], discount: &[Vec<f64>]) -> Vec<Summary> {
    let index: std::collections::HashMap<&str, usize> =
        codes.iter().enumerate().map(|(p, c)| (*c, p)).collect();
    let mut out: Vec<Summary> = series
        .iter()
        .filter(|s| s.level != Level::Nation)
        .map(|s| {
            // A sub-unit (`AH-01`) discounts at its province's rates.
            let province = s.unit.split_once('-').map_or(s.unit.as_str(), |(c, _)| c);
            let f = index.get(province).map(|&p| discount[p].as_slice());
            summarise(s, f)
        })
        .collect();
    for s in series.iter().filter(|s| s.level == Level::Nation) {
        let mut sum = summarise(s, None);
        sum.cumulative_backstop_discounted = out
            .iter()
            .filter(|x| x.level == Level::Province && x.fund == s.fund)
            .map(|x| x.cumulative_backstop_discounted)
            .sum();
        out.push(sum);
    }
    out.sort_by(|a, b| (a.level, &a.unit, a.fund.id()).cmp(&(b.level, &b.unit, b.fund.id())));
    out
}

/// Rounding noise within which a current balance counts as zero, relative to the year's
/// scheduled expenditure (first deficit year).
const ZERO_NOISE: f64 = 1e-9;

fn noise(r: &YearRow) -> f64 {
    ZERO_NOISE * r.expenditure_scheduled.abs().max(1.0)
}

/// `v` is below zero by more than rounding noise of the year's flows.
fn negative(v: f64, r: &YearRow) -> bool {
    v < -noise(r)
}

/// The fund is depleted in this year: its own money — last year's balance plus this year's
/// flows and pooling transfers, before any grant from an adjustment fund and before any
/// balancing measure; for a total of funds that do not share one purse, its net position — is
/// not positive (docs/model.md §7, "One story per fund"). The one definition every depletion
/// year uses (summaries, metrics, Monte Carlo). Its months line (months of reserve) is then at
/// or below zero, and above zero in every year it is not: a fund whose own money is exactly
/// zero (a deficit that the pool covered to the yuan) holds no reserve.
pub fn depleted(r: &YearRow) -> bool {
    r.own_money <= 0.0
}

/// Whether a fund can be depleted: not the accounts (members' own money, never backstopped;
/// their running out shows as unmet account need) nor the `employee` and `all` totals (funds
/// that cannot pay for one another do not run out together).
pub fn can_deplete(fund: Fund) -> bool {
    !(fund.is_total() || fund == Fund::EmployeeAccounts)
}

/// The depletion year of a series as an index into its rows (the first projected year it is
/// [`depleted`]); `None` when it is not within the horizon or the fund cannot be depleted. The
/// one reading of the depletion year of summaries, metrics and Monte Carlo.
pub fn depletion_index(s: &Series) -> Option<usize> {
    if !can_deplete(s.fund) {
        return None;
    }
    depleted_at(&s.rows)
}

/// The index of the first projected year of `rows` (a fund that can be depleted) that is
/// [`depleted`].
pub fn depleted_at(rows: &[YearRow]) -> Option<usize> {
    rows.iter().skip(1).position(depleted).map(|t| t + 1)
}

/// The series' depletion year (as in its [`Summary`]), if any.
pub fn depletion_year(s: &Series) -> Option<i32> {
    depletion_index(s).map(|t| s.rows[t].year)
}

fn summarise(s: &Series, discount: Option<&[f64]>) -> Summary {
    let projected = s.rows.iter().skip(1);
    let first_deficit_year = projected
        .clone()
        .find(|r| negative(r.current_balance, r))
        .map(|r| r.year);
    let depletion_year = depletion_index(s).map(|t| s.rows[t].year);
    let mut min: Option<(f64, i32)> = None;
    for r in projected.clone() {
        if let Some(m) = r.months_of_reserve
            && min.is_none_or(|(v, _)| m < v)
        {
            min = Some((m, r.year));
        }
    }
    let first_backstop_year = projected.clone().find(|r| r.backstop > 0.0).map(|r| r.year);
    let cumulative_backstop = projected.clone().map(|r| r.backstop).sum();
    let cumulative_backstop_discounted = match discount {
        Some(f) => s
            .rows
            .iter()
            .zip(f)
            .skip(1)
            .map(|(r, d)| r.backstop * d)
            .sum(),
        None => 0.0,
    };
    Summary {
        unit: s.unit.clone(),
        level: s.level,
        fund: s.fund,
        first_deficit_year,
        depletion_year,
        first_backstop_year,
        min_months: min.map(|m| m.0),
        min_months_year: min.map(|m| m.1),
        months_at_horizon: s.rows.last().and_then(|r| r.months_of_reserve),
        cumulative_backstop,
        cumulative_backstop_discounted,
        estimate: None,
    }
}

/// Mean and coefficient of variation (population standard deviation ÷ mean).
fn cv(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    if mean.abs() > 0.0 {
        var.sqrt() / mean.abs()
    } else {
        0.0
    }
}

fn max_min(values: &[f64]) -> Option<f64> {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    (min > 0.0).then(|| max / min)
}

/// National benefit-gap indicators per year.
pub fn gaps(series: &[Series]) -> Vec<GapRow> {
    let nation = |f: Fund| {
        series
            .iter()
            .find(|s| s.level == Level::Nation && s.fund == f)
    };
    let (Some(emp), Some(res)) = (nation(Fund::EmployeePooled), nation(Fund::Resident)) else {
        return Vec::new();
    };
    let provinces: Vec<&Series> = series
        .iter()
        .filter(|s| s.level == Level::Province && s.fund == Fund::Resident)
        .collect();
    let pooled: Vec<&Series> = series
        .iter()
        .filter(|s| {
            s.level == Level::Province && matches!(s.fund, Fund::EmployeePooled | Fund::Resident)
        })
        .collect();
    emp.rows
        .iter()
        .zip(&res.rows)
        .enumerate()
        .map(|(t, (e, r))| {
            let spending: Vec<f64> = provinces
                .iter()
                .map(|s| s.rows[t].per_capita_expenditure_yuan)
                .collect();
            let months: Vec<f64> = provinces
                .iter()
                .filter_map(|s| s.rows[t].months_of_reserve)
                .collect();
            let burden = r.burden.unwrap_or([0.0; 5]);
            GapRow {
                year: e.year,
                scheme_spending_ratio: if r.per_capita_expenditure_yuan > 0.0 {
                    e.per_capita_expenditure_yuan / r.per_capita_expenditure_yuan
                } else {
                    0.0
                },
                reimbursement_gap: e.reimbursement_rate.unwrap_or(0.0)
                    - r.reimbursement_rate.unwrap_or(0.0),
                regional_spending_cv: cv(&spending),
                regional_spending_max_min: max_min(&spending).unwrap_or(0.0),
                regional_months_cv: cv(&months),
                regional_months_max_min: max_min(&months),
                payable_gap: pooled
                    .iter()
                    .map(|s| s.rows[t].expenditure_scheduled - s.rows[t].expenditure_paid)
                    .sum(),
                burden_lowest: burden[0],
                burden_highest: burden[4],
            }
        })
        .collect()
}

/// The cost of fragmentation (docs/model.md §12) of the two pooled funds, per province and for the
/// nation, every year: the backstop paid, and the positive balances held elsewhere while it is
/// paid. The finest level present holds the balances: sub-units when the projection has them,
/// else the provinces (a province without sub-units is one pool, so its own idle surplus is 0).
pub fn fragmentation(series: &[Series]) -> Vec<Fragmentation> {
    let mut out = Vec::new();
    for fund in [Fund::EmployeePooled, Fund::Resident] {
        let of_level = |level: Level| -> Vec<&Series> {
            series
                .iter()
                .filter(|s| s.level == level && s.fund == fund)
                .collect()
        };
        let provinces = of_level(Level::Province);
        let subunits = of_level(Level::Subunit);
        let finest = if subunits.is_empty() {
            &provinces
        } else {
            &subunits
        };
        let years = provinces.first().map_or(0, |s| s.rows.len());
        // Idle surplus over a set of pooling members in year index t.
        let idle = |members: &[&Series], t: usize| -> f64 {
            let backstopped = members.iter().any(|s| s.rows[t].backstop > 0.0);
            if backstopped {
                members.iter().map(|s| s.rows[t].balance.max(0.0)).sum()
            } else {
                0.0
            }
        };
        for p in &provinces {
            let mine: Vec<&Series> = if subunits.is_empty() {
                Vec::new()
            } else {
                let prefix = format!("{}-", p.unit);
                subunits
                    .iter()
                    .filter(|s| s.unit.starts_with(&prefix))
                    .copied()
                    .collect()
            };
            for t in 0..years {
                out.push(Fragmentation {
                    unit: p.unit.clone(),
                    fund,
                    year: p.rows[t].year,
                    backstop: p.rows[t].backstop,
                    idle_surplus: if mine.is_empty() { 0.0 } else { idle(&mine, t) },
                });
            }
        }
        if let Some(nation) = series
            .iter()
            .find(|s| s.level == Level::Nation && s.fund == fund)
        {
            for t in 0..years {
                out.push(Fragmentation {
                    unit: nation.unit.clone(),
                    fund,
                    year: nation.rows[t].year,
                    backstop: nation.rows[t].backstop,
                    idle_surplus: idle(finest, t),
                });
            }
        }
    }
    out
}
