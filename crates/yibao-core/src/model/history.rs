//! History years (calibration step 11, docs/model.md §11): years after the base year with published national figures.
//!
//! The projection runs through them as usual, but each fund's participants, income and
//! expenditure are multiplied by factors that bring the nation to the published totals. The
//! factors are derived once from a current-law run (year by year: people first, then money,
//! since income follows people) and applied in every scenario. A province with its own published
//! figure for the year takes it; the other provinces share the rest. After the last history year
//! the last factors stay in force, so the first forecast year starts from the published level.

use super::accounts::{Accounts, Item, Scheme};
use super::calibrate::CalibrationWarning;
use super::data::{Dataset, PublishedYear};
use super::keys::NATION_CODE;
use super::levers::Lever;
use super::output::{Funds, YearRow};
use std::sync::{Arc, Mutex};

/// Funds in the order of a province run's rows: pooled, accounts, resident.
pub const FUNDS: [&str; 3] = ["employee_pooled", "employee_accounts", "resident"];
/// History factors outside this band are reported (calibration step 11, docs/model.md §11).
pub const FACTOR_BAND: (f64, f64) = (0.85, 1.15);

/// Multipliers on one province's modelled values in one year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProvinceFactors {
    /// Active employee members.
    pub active: f64,
    /// Retired employee members.
    pub retired: f64,
    /// Residents (the pool before the enrolment response).
    pub residents: f64,
    /// Income by fund, every income item alike.
    pub income: Funds<f64>,
    /// Scheduled expenditure by fund.
    pub expenditure: Funds<f64>,
}

impl Default for ProvinceFactors {
    fn default() -> Self {
        ProvinceFactors {
            active: 1.0,
            retired: 1.0,
            residents: 1.0,
            income: Funds::splat(1.0),
            expenditure: Funds::splat(1.0),
        }
    }
}

/// One reported national factor (the factor of the provinces without their own figure).
#[derive(Clone, Debug, PartialEq)]
pub struct FactorRow {
    /// Calendar year.
    pub year: i32,
    /// Fund id (`employee` for members of both employee funds).
    pub fund: &'static str,
    /// Item id.
    pub item: &'static str,
    /// Multiplier on the model's value (cumulative, relative to the unscaled model).
    pub factor: f64,
}

/// A published figure beside the model's value after the history factors.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// Calendar year.
    pub year: i32,
    /// Scheme id.
    pub scheme: &'static str,
    /// Item id.
    pub item: &'static str,
    /// Published value.
    pub published: f64,
    /// Model value.
    pub model: f64,
}

/// The derived factors of every history year.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    /// Base year.
    pub base_year: i32,
    /// History years in order.
    pub years: Vec<i32>,
    /// `factors[year index][province]`.
    pub factors: Vec<Vec<ProvinceFactors>>,
    /// National factors for the report.
    pub rows: Vec<FactorRow>,
    /// Published figures against the model after scaling (balances are not forced).
    pub checks: Vec<Check>,
    /// Factors out of range, backstops in history years.
    pub warnings: Vec<CalibrationWarning>,
    /// Per history year, the growth of medical cost per weighted head that the published
    /// expenditure implies, per scheme `[employee, resident]` (`None` where a scheme's
    /// expenditure is not published): docs/model.md "Near-term cost growth".
    pub implied_growth: Vec<[Option<f64>; 2]>,
    /// The current-law long-run medical cost growth by year from the base year (the lever's
    /// catalogue default), which the near-term path converges to.
    pub default_growth: Vec<f64>,
}

/// History years whose spending growth is a one-off rather than trend, left out of the
/// near-term anchor (an assumption of this project, docs/model.md §13).
pub const ONE_OFF_YEARS: &[(i32, &str)] = &[(
    2023,
    "the rebound after 2022, when pandemic restrictions held care down (published spending: \
     employee +16.4 %, resident +11.8 %)",
)];

/// The near-term cost rule's parameters (levers `economy.cost_anchor_*`, read in the base
/// year).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NearTerm {
    /// How many history years the anchor averages.
    pub window: usize,
    /// Years over which the anchor fades into the long-run growth (0: no anchor).
    pub fade: f64,
    /// Whether the [`ONE_OFF_YEARS`] count as trend after all.
    pub keep_one_offs: bool,
}

/// The schemes of the near-term cost anchor: the employee scheme (pooled fund and accounts
/// together) and the resident scheme.
pub const COST_SCHEMES: [&str; 2] = ["employee", "resident"];

impl History {
    /// No history years: the base year is the last year held to published figures.
    pub fn none(base_year: i32) -> History {
        History {
            base_year,
            years: Vec::new(),
            factors: Vec::new(),
            rows: Vec::new(),
            checks: Vec::new(),
            warnings: Vec::new(),
            implied_growth: Vec::new(),
            default_growth: Vec::new(),
        }
    }

    /// The implied cost growth of `scheme` (0 employee, 1 resident) averaged over the last
    /// `rule.window` history years that publish it, leaving out the [`ONE_OFF_YEARS`] unless
    /// the rule keeps them; `None` without such a year.
    pub fn anchor(&self, scheme: usize, rule: &NearTerm) -> Option<f64> {
        let (sum, n) = self
            .years
            .iter()
            .zip(&self.implied_growth)
            .rev()
            .filter(|(y, _)| rule.keep_one_offs || !ONE_OFF_YEARS.iter().any(|(o, _)| o == *y))
            .filter_map(|(_, g)| g[scheme])
            .take(rule.window)
            .fold((0.0, 0usize), |(s, n), g| (s + g, n + 1));
        (n > 0).then(|| sum / n as f64)
    }

    /// What the near-term rule adds to the medical cost growth of `scheme` in `year`: in the
    /// first forecast year the anchor replaces the current-law growth, and the difference fades
    /// linearly to nothing over `rule.fade` years, w = 1 − k/fade in the k-th forecast year
    /// (k = 0 first). The addition is the same whatever growth the scenario sets, so a changed
    /// growth path, an assumption set or a shock moves the anchored path by its own change
    /// (docs/model.md §13). 0 in the base and history years, with no anchor, or with fade ≤ 0.
    pub fn cost_offset(&self, scheme: usize, year: i32, rule: &NearTerm) -> f64 {
        let k = year - self.last_year() - 1;
        if k < 0 || rule.fade <= 0.0 || self.years.is_empty() {
            return 0.0;
        }
        let w = 1.0 - f64::from(k) / rule.fade;
        if w <= 0.0 {
            return 0.0;
        }
        let Some(a) = self.anchor(scheme, rule) else {
            return 0.0;
        };
        let t = usize::try_from(year - self.base_year).unwrap_or(0);
        let g = self
            .default_growth
            .get(t)
            .or(self.default_growth.last())
            .copied()
            .unwrap_or(0.0);
        w * (a - g)
    }

    /// Last year held to published figures (the base year when there is no history year).
    pub fn last_year(&self) -> i32 {
        self.years.last().copied().unwrap_or(self.base_year)
    }

    /// Whether `year` is the base year or a history year.
    pub fn is_history(&self, year: i32) -> bool {
        year <= self.last_year()
    }

    /// Factors of province `p` in `year`: identity in the base year, the year's own in history
    /// years, the last history year's afterwards.
    pub fn at(&self, p: usize, year: i32) -> ProvinceFactors {
        if year <= self.base_year {
            return ProvinceFactors::default();
        }
        let i = self.years.iter().rposition(|y| *y <= year);
        let mut f = i
            .and_then(|i| self.factors[i].get(p).copied())
            .unwrap_or_default();
        if year > self.last_year() {
            // The employee member factors travel with the cohorts instead (project.rs).
            f.active = 1.0;
            f.retired = 1.0;
        }
        f
    }
}

/// The indices in [`FUNDS`] of a published scheme's funds.
fn funds_of(scheme: Scheme) -> &'static [usize] {
    match scheme {
        Scheme::Employee => &[0, 1],
        Scheme::EmployeePooled => &[0],
        Scheme::EmployeeAccounts => &[1],
        Scheme::Resident => &[2],
    }
}

/// Rows of one province run: `[pooled, accounts, resident]`, indexed by year − base year.
pub type Rows = [Vec<YearRow>; 3];

/// Income a fund raised before any balancing rule (added contributions excluded).
fn income(r: &YearRow) -> f64 {
    r.income_contributions - r.contributions_added
        + r.income_subsidy
        + r.income_interest
        + r.income_other
}

/// Ratios published ÷ model per province: a province's own figure where given, else the share
/// of the national target left after those provinces (1 when there is no target).
fn ratios(model: &[f64], own: &[Option<f64>], target: Option<f64>) -> (Vec<f64>, Option<f64>) {
    let own_pub: f64 = own.iter().flatten().sum();
    let own_model: f64 = model
        .iter()
        .zip(own)
        .filter(|(_, o)| o.is_some())
        .map(|(m, _)| m)
        .sum();
    let free = target.map(|t| {
        let free_model: f64 = model.iter().sum::<f64>() - own_model;
        if free_model > 0.0 {
            (t - own_pub) / free_model
        } else {
            1.0
        }
    });
    let out = model
        .iter()
        .zip(own)
        .map(|(m, o)| match o {
            Some(v) if *m > 0.0 => v / m,
            _ => free.unwrap_or(1.0),
        })
        .collect();
    (out, free)
}

/// Context of one history year's derivation.
struct YearCtx<'a> {
    data: &'a Dataset,
    year: i32,
    t: usize,
    published: &'a PublishedYear,
}

impl YearCtx<'_> {
    fn own(&self, scheme: Scheme, item: Item) -> Vec<Option<f64>> {
        self.data
            .provinces
            .iter()
            .map(|p| self.data.accounts.value(&p.code, self.year, scheme, item))
            .collect()
    }

    /// A money item's own figures: published, or for expenditure, income − a published current
    /// balance (当期结余, docs/model.md "History years"), the income published or else the
    /// model's in `rows` (the previous pass's factors: the passes repeat until they agree).
    fn own_money(&self, scheme: Scheme, item: Item, rows: &[Rows]) -> Vec<Option<f64>> {
        let mut own = self.own(scheme, item);
        if item != Item::Expenditure {
            return own;
        }
        let funds = funds_of(scheme);
        let income_own = self.own(scheme, Item::Income);
        let current = self.own(scheme, Item::CurrentBalance);
        for (p, x) in own.iter_mut().enumerate() {
            if x.is_none()
                && let Some(cb) = current[p]
            {
                let model_income = || funds.iter().map(|&f| income(&rows[p][f][self.t])).sum();
                *x = Some(income_own[p].unwrap_or_else(model_income) - cb);
            }
        }
        own
    }

    fn column(&self, rows: &[Rows], fund: usize, f: impl Fn(&YearRow) -> f64) -> Vec<f64> {
        rows.iter().map(|r| f(&r[fund][self.t])).collect()
    }
}

/// Derives the factors of every history year of `data`. `run` projects every province under
/// current law through the last history year with the factors found so far.
pub fn derive(data: &Dataset, run: impl Fn(&History) -> Vec<Rows>) -> History {
    let mut h = History::none(data.base_year);
    let default_growth = current_law_growth(data.base_year, data.population.last_year());
    // Kept apart until the end: the runs of later history years must not see an anchor.
    let mut implied = Vec::new();
    for published in data.history_years() {
        let year = published.year;
        let carried: Vec<ProvinceFactors> =
            (0..data.provinces.len()).map(|p| h.at(p, year)).collect();
        h.years.push(year);
        h.factors.push(carried);
        let ctx = YearCtx {
            data,
            year,
            t: (year - data.base_year) as usize,
            published,
        };
        let rows = run(&h);
        scale_people(&ctx, &rows, &mut h);
        let g = default_growth.get(ctx.t).copied().unwrap_or_default();
        implied.push(implied_growth(&ctx, &run(&h), g));
        // Money: a fund's income is not quite proportional to its own factor (the retiree
        // account credit leaves the pool at the accounts' factor), so repeat until the ratios
        // are 1; the error shrinks by that share (about 5 %) each pass.
        for _ in 0..MONEY_PASSES {
            let rows = run(&h);
            if scale_money(&ctx, &rows, &mut h) < 1e-12 {
                break;
            }
        }
    }
    let rows = run(&h);
    check(data, &rows, &mut h);
    h.implied_growth = implied;
    h.default_growth = default_growth;
    for r in &h.rows {
        if !(FACTOR_BAND.0..=FACTOR_BAND.1).contains(&r.factor) {
            h.warnings.push(CalibrationWarning::HistoryFactor {
                year: r.year,
                fund: r.fund,
                item: r.item,
                factor: r.factor,
            });
        }
    }
    h
}

/// The current-law medical cost growth (the catalogue default of
/// `economy.medical_cost_growth`) in every year from `first` to `last`.
fn current_law_growth(first: i32, last: i32) -> Vec<f64> {
    let (law, _) = super::resolve::resolve(&super::scenario::Scenario::default(), &[], first, last);
    law.unit_series(Lever::EconomyMedicalCostGrowth, None)
        .to_vec()
}

/// The growth of cost per weighted head the year's published expenditure implies, per scheme
/// (docs/model.md "Near-term cost growth"): `rows` carry the previous year's money factors
/// and this year's members, so the published ÷ modelled expenditure X is what the model's
/// growth `g` missed, and the implied growth is (1 + g)·X − 1. The employee scheme counts
/// the pooled fund and the accounts together (money moved between them as outpatient costs
/// were pooled, which is not growth of cost).
fn implied_growth(ctx: &YearCtx<'_>, rows: &[Rows], g: f64) -> [Option<f64>; 2] {
    let p = ctx.published;
    let total = |funds: &[usize]| -> f64 {
        funds
            .iter()
            .map(|&f| {
                ctx.column(rows, f, |r| r.expenditure_scheduled)
                    .iter()
                    .sum::<f64>()
            })
            .sum()
    };
    let employee = p.expenditure(Scheme::Employee).or_else(|| {
        Some(p.expenditure(Scheme::EmployeePooled)? + p.expenditure(Scheme::EmployeeAccounts)?)
    });
    let implied = |published: Option<f64>, model: f64| {
        published
            .filter(|_| model > 0.0)
            .map(|x| (1.0 + g) * x / model - 1.0)
    };
    [
        implied(employee, total(&[0, 1])),
        implied(p.expenditure(Scheme::Resident), total(&[2])),
    ]
}

/// Most passes of the money factors per history year.
const MONEY_PASSES: usize = 50;

/// Applies ratios to one field of the last year's factors, records the level of a province
/// without its own figure (replacing an earlier pass's), and returns the largest |ratio − 1|.
fn apply(
    h: &mut History,
    fund: &'static str,
    item: &'static str,
    r: (Vec<f64>, Option<f64>),
    field: impl Fn(&mut ProvinceFactors) -> &mut f64,
) -> f64 {
    let Some(last) = h.factors.last_mut() else {
        return 0.0;
    };
    let year = h.years.last().copied().unwrap_or(h.base_year);
    let mut level = None;
    let mut worst: f64 = 0.0;
    for (f, ratio) in last.iter_mut().zip(&r.0) {
        *field(f) *= ratio;
        worst = worst.max((ratio - 1.0).abs());
        if Some(*ratio) == r.1 && level.is_none() {
            level = Some(*field(f));
        }
    }
    if let Some(factor) = level {
        let row = FactorRow {
            year,
            fund,
            item,
            factor,
        };
        match h
            .rows
            .iter_mut()
            .find(|x| x.year == year && x.fund == fund && x.item == item)
        {
            Some(x) => *x = row,
            None => h.rows.push(row),
        }
    }
    worst
}

/// People: actives and retirees (or employee members), residents, or all insured alike.
fn scale_people(ctx: &YearCtx<'_>, rows: &[Rows], h: &mut History) {
    let p = ctx.published;
    let active = ctx.column(rows, 0, |r| r.active.unwrap_or(0.0));
    let retired = ctx.column(rows, 0, |r| r.retired.unwrap_or(0.0));
    let residents = ctx.column(rows, 2, |r| r.participants);
    let employees: Vec<f64> = active.iter().zip(&retired).map(|(a, r)| a + r).collect();
    let e_target = p.get(Scheme::Employee, Item::Participants);
    let mut r_target = p.get(Scheme::Resident, Item::Participants);
    if let (None, Some(t), Some(e)) = (r_target, p.insured_total.as_ref(), e_target) {
        r_target = Some(t.value - e);
    }
    let common = match (e_target, r_target, p.insured_total.as_ref()) {
        (None, None, Some(t)) => Some(t.value),
        _ => None,
    };
    if let Some(total) = common {
        let all: Vec<f64> = employees
            .iter()
            .zip(&residents)
            .map(|(e, r)| e + r)
            .collect();
        let none = vec![None; all.len()];
        let r = ratios(&all, &none, Some(total));
        apply(h, "employee", "participants", r.clone(), |f| &mut f.active);
        apply(h, "employee", "retired", (r.0.clone(), None), |f| {
            &mut f.retired
        });
        apply(h, "resident", "participants", r, |f| &mut f.residents);
        return;
    }
    let (a_t, r_t) = (
        p.get(Scheme::Employee, Item::Active),
        p.get(Scheme::Employee, Item::Retired),
    );
    if a_t.is_some() && r_t.is_some() {
        apply(
            h,
            "employee",
            "active",
            ratios(&active, &ctx.own(Scheme::Employee, Item::Active), a_t),
            |f| &mut f.active,
        );
        apply(
            h,
            "employee",
            "retired",
            ratios(&retired, &ctx.own(Scheme::Employee, Item::Retired), r_t),
            |f| &mut f.retired,
        );
    } else {
        let r = ratios(
            &employees,
            &ctx.own(Scheme::Employee, Item::Participants),
            e_target,
        );
        apply(h, "employee", "participants", r.clone(), |f| &mut f.active);
        apply(h, "employee", "retired", (r.0, None), |f| &mut f.retired);
    }
    apply(
        h,
        "resident",
        "participants",
        ratios(
            &residents,
            &ctx.own(Scheme::Resident, Item::Participants),
            r_target,
        ),
        |f| &mut f.residents,
    );
}

/// Money: income and expenditure of each fund; where only the employee total is published the
/// pooled fund and the accounts take the same factor.
fn scale_money(ctx: &YearCtx<'_>, rows: &[Rows], h: &mut History) -> f64 {
    let p = ctx.published;
    let mut worst: f64 = 0.0;
    for (item, k) in [("income", Item::Income), ("expenditure", Item::Expenditure)] {
        let get = |s: Scheme| {
            if k == Item::Expenditure {
                p.expenditure(s)
            } else {
                p.get(s, k)
            }
        };
        let value = |fund: usize| {
            ctx.column(rows, fund, |r| {
                if k == Item::Income {
                    income(r)
                } else {
                    r.expenditure_scheduled
                }
            })
        };
        let (pooled, accounts) = (value(0), value(1));
        let (e_t, p_t) = (get(Scheme::Employee), get(Scheme::EmployeePooled));
        let is_income = k == Item::Income;
        if p_t.is_some() {
            // A province that publishes the whole employee scheme only: its pooled fund and
            // accounts share its figure in the model's proportions.
            let whole = ctx.own_money(Scheme::Employee, k, rows);
            let part = |own: Vec<Option<f64>>, of: &[f64]| -> Vec<Option<f64>> {
                own.into_iter()
                    .enumerate()
                    .map(|(p, o)| {
                        let both = pooled[p] + accounts[p];
                        o.or_else(|| whole[p].filter(|_| both > 0.0).map(|w| w * of[p] / both))
                    })
                    .collect()
            };
            let own_pooled = part(ctx.own_money(Scheme::EmployeePooled, k, rows), &pooled);
            let own_accounts = part(ctx.own_money(Scheme::EmployeeAccounts, k, rows), &accounts);
            worst = worst.max(apply(
                h,
                FUNDS[0],
                item,
                ratios(&pooled, &own_pooled, p_t),
                |f| money(f, is_income, |m| &mut m.employee_pooled),
            ));
            let a_t = get(Scheme::EmployeeAccounts).or(e_t.zip(p_t).map(|(e, p)| e - p));
            worst = worst.max(apply(
                h,
                FUNDS[1],
                item,
                ratios(&accounts, &own_accounts, a_t),
                |f| money(f, is_income, |m| &mut m.employee_accounts),
            ));
        } else {
            let both: Vec<f64> = pooled.iter().zip(&accounts).map(|(a, b)| a + b).collect();
            let r = ratios(&both, &ctx.own_money(Scheme::Employee, k, rows), e_t);
            worst = worst.max(apply(h, FUNDS[0], item, r.clone(), |f| {
                money(f, is_income, |m| &mut m.employee_pooled)
            }));
            worst = worst.max(apply(h, FUNDS[1], item, r, |f| {
                money(f, is_income, |m| &mut m.employee_accounts)
            }));
        }
        worst = worst.max(apply(
            h,
            FUNDS[2],
            item,
            ratios(
                &value(2),
                &ctx.own_money(Scheme::Resident, k, rows),
                get(Scheme::Resident),
            ),
            |f| money(f, is_income, |m| &mut m.resident),
        ));
    }
    worst
}

/// A fund's income (`income`) or expenditure factor.
fn money(f: &mut ProvinceFactors, income: bool, fund: fn(&mut Funds<f64>) -> &mut f64) -> &mut f64 {
    fund(if income {
        &mut f.income
    } else {
        &mut f.expenditure
    })
}

/// Published figures against the scaled run; backstops in history years.
fn check(data: &Dataset, rows: &[Rows], h: &mut History) {
    for published in data.history_years() {
        let t = (published.year - data.base_year) as usize;
        let sum = |fund: usize, f: &dyn Fn(&YearRow) -> f64| -> f64 {
            rows.iter().map(|r| f(&r[fund][t])).sum()
        };
        let model = |s: Scheme, i: Item| -> f64 {
            funds_of(s)
                .iter()
                .map(|&f| match i {
                    // Members are counted once, on the pooled fund's rows.
                    Item::Participants | Item::Active | Item::Retired if f == 1 => 0.0,
                    Item::Participants => sum(f, &|r| r.participants),
                    Item::Active => sum(f, &|r| r.active.unwrap_or(0.0)),
                    Item::Retired => sum(f, &|r| r.retired.unwrap_or(0.0)),
                    Item::Income => sum(f, &income),
                    Item::Expenditure => sum(f, &|r| r.expenditure_scheduled),
                    Item::Balance => sum(f, &|r| r.balance),
                    Item::CurrentBalance => sum(f, &income) - sum(f, &|r| r.expenditure_scheduled),
                })
                .sum()
        };
        for ((s, i), v) in &published.figures {
            h.checks.push(Check {
                year: published.year,
                scheme: s.id(),
                item: i.id(),
                published: v.value,
                model: model(*s, *i),
            });
        }
        for (p, r) in rows.iter().enumerate() {
            for (fund, name) in FUNDS.iter().enumerate() {
                let b = r[fund][t].backstop;
                if b > 0.0 {
                    h.warnings.push(CalibrationWarning::BackstopInHistory {
                        province: data.provinces[p].code.clone(),
                        fund: name,
                        year: published.year,
                        amount: b,
                    });
                }
            }
        }
    }
}

/// The model's national value of a published item in a projection (nation rows).
pub fn nation_value(
    p: &super::output::Projection,
    year: i32,
    scheme: Scheme,
    item: Item,
) -> Option<f64> {
    use super::output::Fund;
    let funds: &[Fund] = match scheme {
        Scheme::Employee => &[Fund::EmployeePooled, Fund::EmployeeAccounts],
        Scheme::EmployeePooled => &[Fund::EmployeePooled],
        Scheme::EmployeeAccounts => &[Fund::EmployeeAccounts],
        Scheme::Resident => &[Fund::Resident],
    };
    let mut total = 0.0;
    for (i, fund) in funds.iter().enumerate() {
        let s = p.series(NATION_CODE, *fund)?;
        let r = s.rows.iter().find(|r| r.year == year)?;
        total += match item {
            Item::Participants if i > 0 => 0.0,
            Item::Participants => r.participants,
            Item::Active if i > 0 => 0.0,
            Item::Active => r.active.unwrap_or(0.0),
            Item::Retired if i > 0 => 0.0,
            Item::Retired => r.retired.unwrap_or(0.0),
            Item::Income => income(r),
            Item::Expenditure => r.expenditure_paid,
            Item::Balance => r.balance,
            Item::CurrentBalance => income(r) - r.expenditure_paid,
        };
    }
    Some(total)
}

/// Every published figure after the base year against a projection: the backtest table when
/// the projection holds no history year. Current balances appear with the item
/// `current_balance`.
pub fn compare(data: &Dataset, p: &super::output::Projection) -> Vec<Check> {
    let mut out = Vec::new();
    for y in &data.published {
        for ((s, i), v) in &y.figures {
            if let Some(model) = nation_value(p, y.year, *s, *i) {
                out.push(Check {
                    year: y.year,
                    scheme: s.id(),
                    item: i.id(),
                    published: v.value,
                    model,
                });
            }
        }
        for (s, v) in &y.current_balance {
            let inc = nation_value(p, y.year, *s, Item::Income);
            let exp = nation_value(p, y.year, *s, Item::Expenditure);
            if let (Some(a), Some(b)) = (inc, exp) {
                out.push(Check {
                    year: y.year,
                    scheme: s.id(),
                    item: "current_balance",
                    published: v.value,
                    model: a - b,
                });
            }
        }
    }
    out
}

/// What the history factors of a data set depend on besides the embedded files.
#[derive(Clone, Debug, PartialEq)]
struct MemoKey {
    history_until: i32,
    accounts: Accounts,
    published: Vec<PublishedYear>,
}

impl MemoKey {
    /// Whether `data` has the inputs this key was taken from.
    fn matches(&self, data: &Dataset) -> bool {
        self.history_until == data.history_until
            && self.accounts == data.accounts
            && self.published == data.published
    }

    fn of(data: &Dataset) -> MemoKey {
        MemoKey {
            history_until: data.history_until,
            accounts: data.accounts.clone(),
            published: data.published.clone(),
        }
    }
}

/// The history factors of a data set, shared between projections.
#[derive(Clone, Debug)]
pub struct SharedHistory(Arc<(MemoKey, History)>);

impl std::ops::Deref for SharedHistory {
    type Target = History;
    fn deref(&self) -> &History {
        &self.0.1
    }
}

/// A memo of a data set's history factors: derived once (from the current-law calibration) and
/// reused by every projection of the same data set while its accounts, published figures and
/// `history_until` are unchanged. It is not part of the data set's identity: equality ignores
/// it and a clone copies what it holds.
#[derive(Default)]
pub struct HistoryMemo(Mutex<Option<SharedHistory>>);

impl Clone for HistoryMemo {
    fn clone(&self) -> Self {
        HistoryMemo(Mutex::new(self.0.lock().ok().and_then(|g| g.clone())))
    }
}

impl PartialEq for HistoryMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for HistoryMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HistoryMemo")
    }
}

impl HistoryMemo {
    /// The memo's factors if they were derived from the same inputs as `data`'s, else those
    /// `derive` gives (then kept).
    pub fn get_or<E>(
        &self,
        data: &Dataset,
        derive: impl FnOnce() -> Result<History, E>,
    ) -> Result<SharedHistory, E> {
        // Compared in place: the key is cloned only when the factors are derived anew.
        let hit = self
            .0
            .lock()
            .ok()
            .and_then(|g| g.as_ref().filter(|h| h.0.0.matches(data)).cloned());
        if let Some(h) = hit {
            return Ok(h);
        }
        let shared = SharedHistory(Arc::new((MemoKey::of(data), derive()?)));
        if let Ok(mut guard) = self.0.lock() {
            *guard = Some(shared.clone());
        }
        Ok(shared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn ratios_give_own_figures_and_share_the_rest() {
        let (r, free) = ratios(&[10.0, 20.0, 30.0], &[Some(12.0), None, None], Some(62.0));
        assert_eq!(r[0], 1.2);
        assert_eq!(free, Some(1.0));
        assert_eq!((r[1], r[2]), (1.0, 1.0));
        let (r, free) = ratios(&[10.0, 30.0], &[None, None], None);
        assert_eq!((r, free), (vec![1.0, 1.0], None));
    }

    #[test]
    fn the_memo_derives_once_and_again_when_its_inputs_change() {
        let mut d = Dataset::embedded().expect("embedded data");
        let calls = Cell::new(0);
        let derive = || {
            calls.set(calls.get() + 1);
            Ok::<_, ()>(History::none(2022))
        };
        d.history_memo.get_or(&d, derive).expect("derived");
        d.history_memo.get_or(&d, derive).expect("memo");
        assert_eq!(calls.get(), 1);
        d.history_until = 2023;
        d.history_memo.get_or(&d, derive).expect("derived again");
        assert_eq!(calls.get(), 2);
        assert_eq!(d.clone(), d, "the memo is not part of the identity");
    }

    #[test]
    fn factors_hold_in_their_year_and_the_last_carries_on() {
        let mut h = History::none(2022);
        let f = ProvinceFactors {
            active: 1.1,
            residents: 0.9,
            ..ProvinceFactors::default()
        };
        h.years = vec![2023, 2024];
        h.factors = vec![
            vec![f],
            vec![ProvinceFactors {
                active: 1.2,
                residents: 0.8,
                ..f
            }],
        ];
        assert_eq!(h.at(0, 2022).active, 1.0);
        assert_eq!(h.at(0, 2023).active, 1.1);
        assert_eq!(h.at(0, 2024).active, 1.2);
        assert_eq!(h.at(0, 2030).residents, 0.8);
        // Employee member factors travel with the cohorts in forecast years (project.rs), so
        // the year's own factor is 1 there.
        assert_eq!(h.at(0, 2030).active, 1.0);
        assert!(h.is_history(2024) && !h.is_history(2025));
    }
}
