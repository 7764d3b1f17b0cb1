//! Sense checks on user figures (docs/accounts.md, "Sense checks") and the last line of
//! defence on outputs.
//!
//! An accounts or sub-unit file can be well formed and still meaningless: a province with 0
//! members, a history year whose spending is 0, a prefecture with a negative balance. Fed to
//! the calibration, such a figure spreads NaN, infinities or negative members through every
//! province (the others absorb the rest of each national total) and every later year. The
//! checks here refuse it at its cell, naming the unit, the year, the item and the plausible
//! range, before anything is projected:
//!
//! - people, income and spending must be positive (a balance may be negative only where the
//!   calibration allows it, and a current balance may always be);
//! - in the base year, a province's own figure must lie within [`RECIPE_BAND`] of the recipe's
//!   estimate for it, and a province that gives any figure of its own must keep its coverage,
//!   members per retiree, income and spending per member and current margin within wide
//!   bounds of the nation's ([`BOUNDS`]);
//! - in a history year, a province's own figure must stay within [`HISTORY_BAND`] of its
//!   base-year value grown like the nation's (a figure outside it moves the province's history
//!   factor far from every other province's and carries to the horizon);
//! - a loaded sub-unit must have positive members, income and spending, a non-negative
//!   balance, and income and spending per member and margin within the same bounds of its
//!   province's.
//!
//! [`projection`] is the last line of defence: no output is written from a projection that
//! holds a non-finite number or a negative count; it names the unit, fund, year and column.

use super::accounts::{AccountRow, AccountsError, Item, Scheme};
use super::calibrate::{Calibration, ProvinceBase};
use super::data::Dataset;
use super::output::{COLUMNS, Projection};

/// A ratio of a province (or sub-unit) against the same ratio of the nation (or province).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    /// What is compared, as messages name it.
    pub what: &'static str,
    /// Lowest accepted multiple of the reference.
    pub low: f64,
    /// Highest accepted multiple of the reference.
    pub high: f64,
}

/// Coverage: insured ÷ population.
pub const COVERAGE: Bound = Bound {
    what: "coverage (insured ÷ population)",
    low: 0.5,
    high: 1.5,
};
/// Employee members per retiree.
pub const MEMBERS_PER_RETIREE: Bound = Bound {
    what: "active members per retiree",
    low: 1.0 / 3.0,
    high: 3.0,
};
/// Income per member.
pub const INCOME_PER_MEMBER: Bound = Bound {
    what: "income per member (yuan)",
    low: 1.0 / 6.0,
    high: 6.0,
};
/// Spending per member.
pub const SPENDING_PER_MEMBER: Bound = Bound {
    what: "spending per member (yuan)",
    low: 1.0 / 6.0,
    high: 6.0,
};

/// Every ratio bound, for the documentation.
pub const BOUNDS: [Bound; 4] = [
    COVERAGE,
    MEMBERS_PER_RETIREE,
    INCOME_PER_MEMBER,
    SPENDING_PER_MEMBER,
];

/// Largest distance of a unit's current margin (income − spending) ÷ income from its
/// reference's, in fractions of income.
pub const MARGIN_SPREAD: f64 = 0.4;

/// A history-year figure of a province must lie within these multiples of its base-year value
/// grown like the nation's from the base year to that year.
pub const HISTORY_BAND: (f64, f64) = (0.5, 2.0);

/// Whether an item must be positive (people and flows); other items (balances, a current
/// balance) may be zero or negative.
fn must_be_positive(item: Item) -> bool {
    matches!(
        item,
        Item::Participants | Item::Active | Item::Retired | Item::Income | Item::Expenditure
    )
}

fn error(r: &AccountRow, message: String) -> AccountsError {
    AccountsError {
        file: r.file.clone(),
        line: r.line,
        col: r.value_col,
        message,
    }
}

/// A number for a message: 4 significant figures, plain (no exponent unless it is tiny or huge).
pub fn show(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "undefined".into()
        } else {
            "infinite".into()
        };
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e12).contains(&a) {
        return format!("{v:.3e}");
    }
    let digits = if a >= 1000.0 {
        0
    } else if a >= 1.0 {
        (3 - a.log10().floor() as i32).max(0) as usize
    } else if a == 0.0 {
        0
    } else {
        (3 - a.log10().floor() as i32) as usize
    };
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// Checks the accounts of `data` (built-in and user rows alike): every row's sign, the base-year
/// ratios of every province that gives a figure of its own, and the history rows against the
/// nation's growth. Errors are in file order, at each offending row's value cell.
pub fn accounts(data: &Dataset) -> Result<(), Vec<AccountsError>> {
    let mut errors: Vec<AccountsError> = data
        .accounts
        .rows
        .iter()
        .filter(|r| must_be_positive(r.item) && r.value <= 0.0)
        .map(|r| {
            error(
                r,
                format!(
                    "{} {} {} {} = {}: {} must be positive",
                    r.code,
                    r.year,
                    r.scheme.id(),
                    r.item.id(),
                    show(r.value),
                    if r.item.is_people() {
                        "a count of members"
                    } else {
                        "a fund's income or spending"
                    }
                ),
            )
        })
        .collect();
    if errors.is_empty() {
        // The figures as the calibration takes them; a calibration that fails is reported by
        // its own guard rails when the data are used.
        let bare = data.recipe_only();
        if let Ok(recipe) = super::calibrate::current_law(&bare) {
            errors.extend(against_recipe(data, &recipe));
        }
        if errors.is_empty()
            && let Ok(c) = super::calibrate::current_law(data)
        {
            errors.extend(base_year(data, &c));
            errors.extend(history(data, &c));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by_key(|e| (e.file.clone(), e.line, e.col));
        errors.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.message == b.message);
        Err(errors)
    }
}

/// The rows of province `code` in `year` among `items` (of the employee scheme or the resident
/// scheme as `schemes` says), in file order.
fn own_rows<'a>(
    data: &'a Dataset,
    code: &str,
    year: i32,
    keys: &[(Scheme, Item)],
) -> Vec<&'a AccountRow> {
    let mut rows: Vec<&AccountRow> = keys
        .iter()
        .filter_map(|(s, i)| data.accounts.get(code, year, *s, *i))
        .collect();
    rows.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    rows
}

/// One ratio check: `value` against `reference` × the bound, reported at the first of `rows`.
fn ratio_check(
    rows: &[&AccountRow],
    unit: &str,
    year: i32,
    scheme: &str,
    bound: Bound,
    (value, how): (f64, String),
    (reference, of): (f64, &str),
) -> Option<AccountsError> {
    let first = rows.first()?;
    let (lo, hi) = (reference * bound.low, reference * bound.high);
    if value >= lo && value <= hi {
        return None;
    }
    Some(error(
        first,
        format!(
            "{unit} {year} {scheme}: {} {} ({how}) is outside the plausible range {}–{} ({}–{} × {of}'s {})",
            bound.what,
            show(value),
            show(lo),
            show(hi),
            show(bound.low),
            show(bound.high),
            show(reference)
        ),
    ))
}

fn margin_check(
    rows: &[&AccountRow],
    unit: &str,
    year: i32,
    scheme: &str,
    (income, spending): (f64, f64),
    (reference, of): (f64, &str),
) -> Option<AccountsError> {
    let first = rows.first()?;
    let m = 1.0 - spending / income;
    let (lo, hi) = (reference - MARGIN_SPREAD, reference + MARGIN_SPREAD);
    if m >= lo && m <= hi {
        return None;
    }
    Some(error(
        first,
        format!(
            "{unit} {year} {scheme}: current margin (income − spending) ÷ income {} % (income {} 亿元, spending {} 亿元) is outside the plausible range {} % to {} % ({of}'s {} % ± {} points)",
            show(100.0 * m),
            show(income),
            show(spending),
            show(100.0 * lo),
            show(100.0 * hi),
            show(100.0 * reference),
            show(100.0 * MARGIN_SPREAD)
        ),
    ))
}

/// Base-year figures against the recipe's estimate for the same province (the calibration
/// without any accounts): a figure [`RECIPE_BAND`] away is a wrong unit or a lost digit, even
/// where its ratios look plausible (a province whose every figure is scaled by 1e-300).
fn against_recipe(data: &Dataset, recipe: &Calibration) -> Vec<AccountsError> {
    let mut out = Vec::new();
    for r in &data.accounts.rows {
        if r.year != data.base_year || !must_be_positive(r.item) {
            continue;
        }
        let Some(p) = recipe.provinces.iter().find(|p| p.code == r.code) else {
            continue;
        };
        let Some(estimate) = base_value(p, r.scheme, r.item) else {
            continue;
        };
        let (lo, hi) = (estimate * RECIPE_BAND.0, estimate * RECIPE_BAND.1);
        if r.value >= lo && r.value <= hi {
            continue;
        }
        out.push(error(
            r,
            format!(
                "{} {} {} {} = {} {} is outside the plausible range {}–{} ({}–{} × the recipe's estimate {} for {} without published accounts)",
                r.code,
                r.year,
                r.scheme.id(),
                r.item.id(),
                show(r.value),
                r.item.unit(),
                show(lo),
                show(hi),
                show(RECIPE_BAND.0),
                show(RECIPE_BAND.1),
                show(estimate),
                r.code
            ),
        ));
    }
    out
}

/// A base-year figure of a province must lie within these multiples of the recipe's estimate.
pub const RECIPE_BAND: (f64, f64) = (0.1, 10.0);

/// Base-year ratios of the provinces with figures of their own.
fn base_year(data: &Dataset, c: &Calibration) -> Vec<AccountsError> {
    let n = &data.national;
    let y = data.base_year;
    let population: f64 = c.provinces.iter().map(|p| p.population.value).sum();
    let nation_coverage = n.insured_total.value / population;
    let nation_ratio = n.employee_active.value / n.employee_retired.value;
    let e_members = n.employee_active.value + n.employee_retired.value;
    let mut out = Vec::new();
    use Item::*;
    use Scheme::{Employee as E, Resident as R};
    for p in &c.provinces {
        let code = p.code.as_str();
        let people = [
            (E, Participants),
            (E, Active),
            (E, Retired),
            (R, Participants),
        ];
        let rows = own_rows(data, code, y, &people);
        let members = p.active.value + p.retired.value;
        let insured = members + p.residents.value;
        out.extend(ratio_check(
            &rows,
            code,
            y,
            "insured",
            COVERAGE,
            (
                insured / p.population.value,
                format!(
                    "{} 万人 insured ÷ {} 万人 population",
                    show(insured),
                    show(p.population.value)
                ),
            ),
            (nation_coverage, "the nation"),
        ));
        let rows = own_rows(data, code, y, &people[..3]);
        out.extend(ratio_check(
            &rows,
            code,
            y,
            "employee",
            MEMBERS_PER_RETIREE,
            (
                p.active.value / p.retired.value,
                format!(
                    "{} 万人 active ÷ {} 万人 retired",
                    show(p.active.value),
                    show(p.retired.value)
                ),
            ),
            (nation_ratio, "the nation"),
        ));
        let funds = [
            (
                E,
                members,
                (p.employee_income.value, p.employee_expenditure.value),
                (
                    n.employee_income.value / e_members,
                    n.employee_expenditure.value / e_members,
                ),
                &people[..3],
            ),
            (
                R,
                p.residents.value,
                (p.resident_income.value, p.resident_expenditure.value),
                (
                    n.resident_income.value / n.resident_members.value,
                    n.resident_expenditure.value / n.resident_members.value,
                ),
                &people[3..],
            ),
        ];
        for (scheme, heads, (inc, exp), (n_inc, n_exp), who) in funds {
            out.extend(flow_checks(
                data,
                (code, y, scheme),
                heads,
                (inc, exp),
                (n_inc, n_exp),
                who,
                "the nation",
            ));
        }
    }
    out
}

/// Income and spending per member and the margin of one unit's fund against a reference.
fn flow_checks(
    data: &Dataset,
    (code, y, scheme): (&str, i32, Scheme),
    heads: f64,
    (inc, exp): (f64, f64),
    (r_inc, r_exp): (f64, f64),
    who: &[(Scheme, Item)],
    of: &str,
) -> Vec<AccountsError> {
    let mut out = Vec::new();
    for (item, bound, value, reference) in [
        (Item::Income, INCOME_PER_MEMBER, inc, r_inc),
        (Item::Expenditure, SPENDING_PER_MEMBER, exp, r_exp),
    ] {
        let mut keys = vec![(scheme, item)];
        keys.extend_from_slice(who);
        let rows = own_rows(data, code, y, &keys);
        out.extend(ratio_check(
            &rows,
            code,
            y,
            scheme.id(),
            bound,
            (
                1e4 * value / heads,
                format!("{} 亿元 ÷ {} 万人", show(value), show(heads)),
            ),
            (1e4 * reference, of),
        ));
    }
    let rows = own_rows(
        data,
        code,
        y,
        &[(scheme, Item::Income), (scheme, Item::Expenditure)],
    );
    out.extend(margin_check(
        &rows,
        code,
        y,
        scheme.id(),
        (inc, exp),
        (1.0 - r_exp / r_inc, of),
    ));
    out
}

/// A province's base-year value of a scheme's item, as calibrated.
fn base_value(p: &ProvinceBase, scheme: Scheme, item: Item) -> Option<f64> {
    let members = p.active.value + p.retired.value;
    Some(match (scheme, item) {
        (Scheme::Resident, Item::Participants) => p.residents.value,
        (Scheme::Resident, Item::Income) => p.resident_income.value,
        (Scheme::Resident, Item::Expenditure) => p.resident_expenditure.value,
        (Scheme::Resident, _) => return None,
        (_, Item::Participants) => members,
        (_, Item::Active) => p.active.value,
        (_, Item::Retired) => p.retired.value,
        (Scheme::Employee, Item::Income) => p.employee_income.value,
        (Scheme::Employee, Item::Expenditure) => p.employee_expenditure.value,
        (Scheme::EmployeePooled, Item::Income) => p.pooled_income.value,
        (Scheme::EmployeePooled, Item::Expenditure) => p.pooled_expenditure.value,
        (Scheme::EmployeeAccounts, Item::Income) => p.account_income.value,
        (Scheme::EmployeeAccounts, Item::Expenditure) => p.account_expenditure.value,
        _ => return None,
    })
}

/// The nation's growth of a scheme's item from the base year to `year` (the whole employee
/// scheme's where the pooled fund's or the accounts' own is not published).
fn nation_growth(data: &Dataset, year: i32, scheme: Scheme, item: Item) -> Option<f64> {
    let published = data.published.iter().find(|y| y.year == year)?;
    let at = |s: Scheme| -> Option<f64> {
        let now = if item == Item::Expenditure {
            published.expenditure(s)
        } else {
            published.get(s, item)
        }?;
        let base = data.national_total(data.base_year, s, item)?;
        (base > 0.0 && now > 0.0).then_some(now / base)
    };
    at(scheme).or_else(|| {
        matches!(scheme, Scheme::EmployeePooled | Scheme::EmployeeAccounts)
            .then(|| at(Scheme::Employee))
            .flatten()
    })
}

/// History rows against the province's base year grown like the nation.
fn history(data: &Dataset, c: &Calibration) -> Vec<AccountsError> {
    let mut out = Vec::new();
    for r in &data.accounts.rows {
        if r.year <= data.base_year || !must_be_positive(r.item) {
            continue;
        }
        let Some(p) = c.provinces.iter().find(|p| p.code == r.code) else {
            continue;
        };
        let (Some(base), Some(growth)) = (
            base_value(p, r.scheme, r.item),
            nation_growth(data, r.year, r.scheme, r.item),
        ) else {
            continue;
        };
        let expected = base * growth;
        let (lo, hi) = (expected * HISTORY_BAND.0, expected * HISTORY_BAND.1);
        if r.value >= lo && r.value <= hi {
            continue;
        }
        out.push(error(
            r,
            format!(
                "{} {} {} {} = {} {} is outside the plausible range {}–{} (its {} figure {} grown like the nation's ×{}, then ×{}–×{}); it would move {}'s history factor far from the other provinces'",
                r.code,
                r.year,
                r.scheme.id(),
                r.item.id(),
                show(r.value),
                r.item.unit(),
                show(lo),
                show(hi),
                data.base_year,
                show(base),
                show(growth),
                show(HISTORY_BAND.0),
                show(HISTORY_BAND.1),
                r.code
            ),
        ));
    }
    out
}

/// Checks loaded sub-units against their provinces' base-year rows (`base[p] = [pooled,
/// accounts, resident]`): positive members, income and spending, a balance not below zero,
/// income and spending per member and the margin within the bounds of the province's.
pub fn subunits(
    units: &super::subunits::Subunits,
    base: &[[super::output::YearRow; 3]],
) -> Vec<AccountsError> {
    use super::subunits::{ITEMS, SCHEMES, figure};
    let mut out = Vec::new();
    for u in &units.units {
        let Some(rows) = base.get(u.province) else {
            continue;
        };
        let province = u.code.split('-').next().unwrap_or("");
        for (s, scheme) in SCHEMES.iter().enumerate() {
            let f = u.figures[s];
            let at = |k: usize, message: String| {
                let (line, col) = u.positions[s][k];
                AccountsError {
                    file: units.file.clone(),
                    line,
                    col,
                    message,
                }
            };
            let mut bad = false;
            for (k, item) in ITEMS.iter().enumerate() {
                let wrong = if must_be_positive(*item) {
                    f[k] <= 0.0
                } else {
                    f[k] < 0.0
                };
                if wrong {
                    bad = true;
                    out.push(at(
                        k,
                        format!(
                            "`{}` {} {} = {}: {}",
                            u.code,
                            scheme.id(),
                            item.id(),
                            show(f[k]),
                            if must_be_positive(*item) {
                                "must be positive"
                            } else {
                                "a sub-unit's balance cannot be negative (the remainder unit would then hold more than the whole province)"
                            }
                        ),
                    ));
                }
            }
            if bad {
                continue;
            }
            let r = &rows[if s == 0 { 0 } else { 2 }];
            let heads = figure(r, Item::Participants);
            let (inc, exp) = (figure(r, Item::Income), figure(r, Item::Expenditure));
            for (k, bound, reference) in [
                (1, INCOME_PER_MEMBER, inc / heads),
                (2, SPENDING_PER_MEMBER, exp / heads),
            ] {
                let value = f[k] / f[0];
                let (lo, hi) = (reference * bound.low, reference * bound.high);
                if !(value >= lo && value <= hi) {
                    out.push(at(
                        k,
                        format!(
                            "`{}` {}: {} {} ({} 亿元 ÷ {} 万人) is outside the plausible range {}–{} ({}–{} × {}'s {})",
                            u.code,
                            scheme.id(),
                            bound.what,
                            show(1e4 * value),
                            show(f[k]),
                            show(f[0]),
                            show(1e4 * lo),
                            show(1e4 * hi),
                            show(bound.low),
                            show(bound.high),
                            province,
                            show(1e4 * reference)
                        ),
                    ));
                }
            }
            let (m, m_ref) = (1.0 - f[2] / f[1], 1.0 - exp / inc);
            if !((m_ref - MARGIN_SPREAD)..=(m_ref + MARGIN_SPREAD)).contains(&m) {
                out.push(at(
                    1,
                    format!(
                        "`{}` {}: current margin (income − spending) ÷ income {} % is outside the plausible range {} % to {} % ({}'s {} % ± {} points)",
                        u.code,
                        scheme.id(),
                        show(100.0 * m),
                        show(100.0 * (m_ref - MARGIN_SPREAD)),
                        show(100.0 * (m_ref + MARGIN_SPREAD)),
                        province,
                        show(100.0 * m_ref),
                        show(100.0 * MARGIN_SPREAD)
                    ),
                ));
            }
        }
    }
    out.sort_by_key(|e| (e.line, e.col));
    out
}

/// A projection that must not be written: the first non-finite number or negative count, with
/// where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Defect {
    /// Unit code.
    pub unit: String,
    /// Fund id.
    pub fund: String,
    /// Calendar year (`None` for a summary).
    pub year: Option<i32>,
    /// Column name.
    pub column: String,
    /// The value.
    pub value: f64,
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.value.is_finite() {
            format!("a negative count ({})", self.value)
        } else {
            format!("a non-finite number ({})", self.value)
        };
        match self.year {
            Some(y) => write!(
                f,
                "the projection holds {what} for unit {}, fund {}, year {y}, column {}; no output was written (an input makes no sense: check the accounts and sub-units files)",
                self.unit, self.fund, self.column
            ),
            None => write!(
                f,
                "the summary holds {what} for unit {}, fund {}, column {}; no output was written (an input makes no sense: check the accounts and sub-units files)",
                self.unit, self.fund, self.column
            ),
        }
    }
}

/// Columns that count people: never negative.
pub const COUNT_COLUMNS: [&str; 3] = ["active", "retired", "participants"];

/// The last line of defence: every number of every row and summary of `p` is finite, and no
/// count of people is negative. The first defect found, in output order, is returned.
pub fn projection(p: &Projection) -> Result<(), Defect> {
    for s in &p.series {
        for r in &s.rows {
            for c in COLUMNS {
                let Some(v) = c.get(r) else { continue };
                let negative_count = COUNT_COLUMNS.contains(&c.name) && v < 0.0;
                if !v.is_finite() || negative_count {
                    return Err(Defect {
                        unit: s.unit.clone(),
                        fund: s.fund.id().to_owned(),
                        year: Some(r.year),
                        column: c.name.to_owned(),
                        value: v,
                    });
                }
            }
        }
    }
    for s in &p.summaries {
        for (name, v) in [
            ("min_months", s.min_months),
            ("months_at_horizon", s.months_at_horizon),
            ("cumulative_backstop", Some(s.cumulative_backstop)),
            (
                "cumulative_backstop_discounted",
                Some(s.cumulative_backstop_discounted),
            ),
        ] {
            if let Some(v) = v.filter(|v| !v.is_finite()) {
                return Err(Defect {
                    unit: s.unit.clone(),
                    fund: s.fund.id().to_owned(),
                    year: None,
                    column: name.to_owned(),
                    value: v,
                });
            }
        }
    }
    Ok(())
}

/// A CSV text's first non-finite cell (`NaN`, `inf`, `-inf`, as Rust prints them), as
/// `row N (first cells …), column NAME: VALUE`; the generic check of every CSV a command writes.
pub fn csv_non_finite(text: &str) -> Option<String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .map(|h| h.trim_start_matches('\u{feff}').split(',').collect())
        .unwrap_or_default();
    for (i, line) in lines.enumerate() {
        if !(line.contains("NaN") || line.contains("inf")) {
            continue;
        }
        for (k, cell) in line.split(',').enumerate() {
            let c = cell.trim().trim_matches('"');
            if matches!(c, "NaN" | "inf" | "-inf" | "+inf" | "-NaN") {
                let context: Vec<&str> = line.split(',').take(4).collect();
                return Some(format!(
                    "row {} ({}), column {}: {c}",
                    i + 2,
                    context.join(","),
                    header.get(k).copied().unwrap_or("?")
                ));
            }
        }
    }
    None
}
