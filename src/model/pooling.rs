//! Pooling levels (统筹层次) and adjustment funds (调剂金), MODEL.md §8 and docs/model.md §8.
//!
//! The provinces are first projected on their own (`ProvinceRun`). This layer then takes each
//! province's balance-independent flows of the two pooled funds (employee pooled fund, resident
//! fund: contributions before any added by the balancing rule, subsidy, other income and
//! scheduled spending), splits them over the pooling *members* (synthetic sub-units when the
//! scenario pools at prefecture level or has a provincial adjustment fund, else the provinces),
//! and re-runs the fund accounting year by year with transfers between members of one pool
//! and through the adjustment fund. The personal accounts are members' own money and are
//! never pooled.

use super::keys::NATION_CODE;
use super::levers::Lever;
use super::output::{self, Fund, Level, Series, YearRow};
use super::project::per_head;
use super::resolve::Resolved;
use super::rng::Rng;
use super::scenario::{AdjustmentScope, AdjustmentStep, Balancing, Pooling, PoolingLevel};

/// Dispersion σ of the synthetic sub-units' population shares (a model assumption: prefecture
/// populations within a province differ by a factor of about 1.6 per standard deviation).
pub const SIGMA_PEOPLE: f64 = 0.5;

/// The two pooled funds, as indices into a province's `[pooled, accounts, resident]` rows.
const SCHEMES: [(usize, Fund, Fund); 2] = [
    (0, Fund::EmployeePooled, Fund::EmployeeAdjustment),
    (2, Fund::Resident, Fund::ResidentAdjustment),
];

/// One synthetic (or province) pooling member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// `GD-01` for a sub-unit, the province code when provinces are the members.
    pub unit: String,
    /// Province index.
    pub province: usize,
    /// Share of the province's people s_j (Σ_j s_j = 1).
    pub share: f64,
    /// Standard normal draws behind the cost and income multipliers.
    z_cost: f64,
    z_income: f64,
}

/// The members of every province: `K_p` synthetic sub-units drawn from `seed`, or one member
/// per province (`synthetic == false`).
pub fn members(codes: &[String], prefectures: &[usize], seed: u64, synthetic: bool) -> Vec<Member> {
    let mut out = Vec::new();
    for (p, code) in codes.iter().enumerate() {
        let k = if synthetic {
            prefectures.get(p).copied().unwrap_or(1).max(1)
        } else {
            1
        };
        if k == 1 {
            out.push(Member {
                unit: if synthetic {
                    format!("{code}-01")
                } else {
                    code.clone()
                },
                province: p,
                share: 1.0,
                z_cost: 0.0,
                z_income: 0.0,
            });
            continue;
        }
        // One generator per province: the draws depend on (seed, province) only.
        let mut rng = Rng::for_draw(seed, p as u64);
        let draws: Vec<[f64; 3]> = (0..k)
            .map(|_| [rng.normal(), rng.normal(), rng.normal()])
            .collect();
        let weights: Vec<f64> = draws.iter().map(|d| (SIGMA_PEOPLE * d[0]).exp()).collect();
        let total: f64 = weights.iter().sum();
        for (j, (d, w)) in draws.iter().zip(&weights).enumerate() {
            out.push(Member {
                unit: format!("{code}-{:02}", j + 1),
                province: p,
                share: w / total,
                z_cost: d[1],
                z_income: d[2],
            });
        }
    }
    out
}

/// Multipliers m_j = exp(σ z_j) / Σ_k s_k exp(σ z_k) of the members of one province: their
/// population-weighted mean is 1.
fn multipliers(members: &[&Member], sigma: f64, z: fn(&Member) -> f64) -> Vec<f64> {
    let raw: Vec<f64> = members.iter().map(|m| (sigma * z(m)).exp()).collect();
    let mean: f64 = members.iter().zip(&raw).map(|(m, r)| m.share * r).sum();
    raw.iter().map(|r| r / mean).collect()
}

/// The pooling level of a scheme in a year (`Province` before the first step).
pub fn level_in(steps: &[super::scenario::PoolingStep], year: i32) -> PoolingLevel {
    steps
        .iter()
        .filter(|s| s.from <= year)
        .max_by_key(|s| s.from)
        .map_or(PoolingLevel::Province, |s| s.level)
}

/// The adjustment fund in effect in a year.
pub fn adjustment_in(pooling: &Pooling, year: i32) -> Option<&AdjustmentStep> {
    pooling
        .adjustment
        .iter()
        .filter(|s| s.from <= year)
        .max_by_key(|s| s.from)
}

/// Whether a member is excluded from a fund's payments (its unit or its province is listed).
fn excluded(step: &AdjustmentStep, member: &Member, province_code: &str) -> bool {
    step.excluded
        .iter()
        .any(|c| *c == member.unit || c == province_code)
}

/// Whether the scenario needs synthetic sub-units: prefecture pooling in some year, or a
/// provincial adjustment fund (whose members are the province's prefectures).
pub fn needs_subunits(pooling: &Pooling) -> bool {
    pooling
        .resident
        .iter()
        .chain(&pooling.employee)
        .any(|s| s.level == PoolingLevel::Prefecture)
        || pooling
            .adjustment
            .iter()
            .any(|a| a.scope == AdjustmentScope::Province)
}

/// What the pooling layer adds to a projection.
pub struct Pooled {
    /// The sub-units' series (`level=subunit`), empty when provinces are the members.
    pub subunits: Vec<Series>,
    /// The adjustment funds' own reserves.
    pub adjustment: Vec<Series>,
    /// Notes for the user.
    pub notes: Vec<super::warning::Warning>,
}

/// The state of one member in one scheme.
#[derive(Clone, Debug, Default)]
struct State {
    rows: Vec<YearRow>,
}

/// Applies pooling to the provinces' rows (`runs[p] = [pooled, accounts, resident]`, each with
/// one row per year) in place: the pooled and resident rows of each province become the sums
/// of their members' rows under the scenario's pooling levels and adjustment funds.
pub fn apply(
    pooling: &Pooling,
    codes: &[String],
    prefectures: &[usize],
    levers: &Resolved,
    rule: Balancing,
    runs: &mut [[Vec<YearRow>; 3]],
) -> Pooled {
    let synthetic = needs_subunits(pooling);
    let seed = levers.at(Lever::PoolingSeed, 0, 0).max(0.0).round() as u64;
    let members = members(codes, prefectures, seed, synthetic);
    let years = levers.years;
    let b = levers.first_year;
    let mut subunits = Vec::new();
    let mut adjustment = Vec::new();
    let mut notes = Vec::new();
    if synthetic {
        notes.push(super::warning::Warning::SyntheticSubunits {
            seed,
            sigma_people: SIGMA_PEOPLE,
        });
    }
    // Members of each province, in order.
    let by_province: Vec<Vec<usize>> = (0..codes.len())
        .map(|p| {
            (0..members.len())
                .filter(|&j| members[j].province == p)
                .collect()
        })
        .collect();
    for (fi, fund, adj_fund) in SCHEMES {
        let steps = if fund == Fund::Resident {
            &pooling.resident
        } else {
            &pooling.employee
        };
        // Per-year multipliers (σ levers may change over time), per member.
        let mut cost_m = vec![vec![1.0; years]; members.len()];
        let mut income_m = vec![vec![1.0; years]; members.len()];
        for (p, js) in by_province.iter().enumerate() {
            let ms: Vec<&Member> = js.iter().map(|&j| &members[j]).collect();
            for t in 0..years {
                let c = multipliers(&ms, levers.at(Lever::PoolingSigmaCost, p, t), |m| m.z_cost);
                let i = multipliers(&ms, levers.at(Lever::PoolingSigmaIncome, p, t), |m| {
                    m.z_income
                });
                for (k, &j) in js.iter().enumerate() {
                    cost_m[j][t] = c[k];
                    income_m[j][t] = i[k];
                }
            }
        }
        let mut state: Vec<State> = members
            .iter()
            .enumerate()
            .map(|(j, m)| State {
                rows: vec![base_row(&runs[m.province][fi][0], m.share, income_m[j][0])],
            })
            .collect();
        // Adjustment reserves by scope key (province index, or 0 for the nation).
        let mut reserve_province = vec![0.0; codes.len()];
        let mut reserve_nation = 0.0;
        let mut adj_rows_province: Vec<Vec<YearRow>> = vec![Vec::new(); codes.len()];
        let mut adj_rows_nation: Vec<YearRow> = Vec::new();
        let mut prev_scope: Option<AdjustmentScope> = None;
        for t in 0..years {
            let year = b + t as i32;
            let adj = adjustment_in(pooling, year);
            let mut collected_p = vec![0.0; codes.len()];
            let mut paid_p = vec![0.0; codes.len()];
            if t > 0 {
                // A change of scope moves the reserves (docs/model.md §8).
                if let (Some(prev), Some(scope)) = (prev_scope, adj.map(|a| a.scope))
                    && prev != scope
                {
                    match scope {
                        AdjustmentScope::National => {
                            reserve_nation += reserve_province.iter().sum::<f64>();
                            reserve_province.iter_mut().for_each(|r| *r = 0.0);
                        }
                        AdjustmentScope::Province => {
                            let contrib: Vec<f64> = (0..codes.len())
                                .map(|p| runs[p][fi][t].income_contributions.max(0.0))
                                .collect();
                            let total: f64 = contrib.iter().sum();
                            for p in 0..codes.len() {
                                reserve_province[p] += if total > 0.0 {
                                    reserve_nation * contrib[p] / total
                                } else {
                                    reserve_nation / codes.len() as f64
                                };
                            }
                            reserve_nation = 0.0;
                        }
                    }
                }
                let level = level_in(steps, year);
                let mut flows: Vec<MemberFlows> = members
                    .iter()
                    .enumerate()
                    .map(|(j, m)| {
                        let r = &runs[m.province][fi][t];
                        let prev = &runs[m.province][fi][t - 1];
                        let rate = levers.at(Lever::EconomyInterestRate, m.province, t);
                        // The province's effective interest rate (history years hold interest
                        // to published income); the lever rate when the province had no
                        // positive balance.
                        let eff = if prev.balance > 0.0 {
                            r.income_interest / prev.balance
                        } else {
                            rate
                        };
                        let debt = levers.at(Lever::EconomyDebtRate, m.province, t);
                        let before = &state[j].rows[t - 1];
                        let interest_on = |f: f64| if f >= 0.0 { eff * f } else { debt * f };
                        let contributions = m.share
                            * income_m[j][t]
                            * (r.income_contributions - r.contributions_added);
                        MemberFlows {
                            prev: before.balance,
                            prev_before: before.balance_before_rule,
                            contributions,
                            subsidy: m.share * r.income_subsidy,
                            other: m.share * r.income_other,
                            interest: interest_on(before.balance),
                            interest_before: interest_on(before.balance_before_rule),
                            scheduled: m.share * cost_m[j][t] * r.expenditure_scheduled,
                            tin: 0.0,
                            tout: 0.0,
                            raw: 0.0,
                        }
                        .opened()
                    })
                    .collect();
                // 1. Contributions to the adjustment fund: α of contribution income (this year's,
                // or last year's in the two-part design), plus the extra rate for units whose
                // spending grew faster than the limit last year.
                if let Some(step) = adj {
                    for (j, f) in flows.iter_mut().enumerate() {
                        let rows = &state[j].rows;
                        let base = if step.last_year_base {
                            let r = &rows[t - 1];
                            r.income_contributions - r.contributions_added
                        } else {
                            f.contributions
                        };
                        let fast = match step.growth_limit {
                            Some(limit) if t >= 2 && rows[t - 2].expenditure_scheduled > 0.0 => {
                                rows[t - 1].expenditure_scheduled
                                    / rows[t - 2].expenditure_scheduled
                                    - 1.0
                                    > limit
                            }
                            _ => false,
                        };
                        let rate = step.rate + if fast { step.extra_rate } else { 0.0 };
                        let a = rate * base.max(0.0);
                        f.pay(a);
                        collected_p[members[j].province] += a;
                    }
                }
                // 2. Sharing within each pool: surpluses cover deficits, pro rata.
                let pool_of = |j: usize| match level {
                    PoolingLevel::Prefecture => j,
                    PoolingLevel::Province => members[j].province,
                    PoolingLevel::National => 0,
                };
                share_within(&mut flows, pool_of);
                // 3. The adjustment fund pays the remaining deficits, pro rata when short.
                if let Some(step) = adj {
                    let scope = step.scope;
                    let scope_of = |j: usize| match scope {
                        AdjustmentScope::Province => members[j].province,
                        AdjustmentScope::National => 0,
                    };
                    let keys = match scope {
                        AdjustmentScope::Province => codes.len(),
                        AdjustmentScope::National => 1,
                    };
                    // Excluded units (poor management) receive nothing.
                    let eligible: Vec<bool> = members
                        .iter()
                        .map(|m| !excluded(step, m, &codes[m.province]))
                        .collect();
                    let mut need = vec![0.0; keys];
                    for (j, f) in flows.iter().enumerate() {
                        if eligible[j] {
                            need[scope_of(j)] += f.deficit();
                        }
                    }
                    // Available: the reserve plus this year's collections.
                    let mut avail = vec![0.0; keys];
                    for p in 0..codes.len() {
                        match scope {
                            AdjustmentScope::Province => {
                                avail[p] = reserve_province[p] + collected_p[p]
                            }
                            AdjustmentScope::National => avail[0] += collected_p[p],
                        }
                    }
                    if scope == AdjustmentScope::National {
                        avail[0] += reserve_nation;
                    }
                    let paid: Vec<f64> = (0..keys).map(|k| need[k].min(avail[k])).collect();
                    for (j, f) in flows.iter_mut().enumerate() {
                        let k = scope_of(j);
                        if eligible[j] && need[k] > 0.0 {
                            let g = if paid[k] >= need[k] {
                                f.deficit()
                            } else {
                                paid[k] * f.deficit() / need[k]
                            };
                            f.receive(g);
                            paid_p[members[j].province] += g;
                        }
                    }
                    match scope {
                        AdjustmentScope::Province => {
                            for p in 0..codes.len() {
                                reserve_province[p] = avail[p] - paid[p];
                            }
                        }
                        AdjustmentScope::National => reserve_nation = avail[0] - paid[0],
                    }
                }
                // 4. The balancing rule on what is left, per member.
                for (j, f) in flows.iter().enumerate() {
                    let m = &members[j];
                    let r = &runs[m.province][fi][t];
                    let row = member_row(r, m.share, f, rule, fund);
                    state[j].rows.push(row);
                }
            }
            if let Some(step) = adj {
                prev_scope = Some(step.scope);
            }
            // The adjustment funds' rows (zero before the first step).
            if pooling
                .adjustment
                .iter()
                .any(|a| a.scope == AdjustmentScope::Province)
            {
                for p in 0..codes.len() {
                    adj_rows_province[p].push(adjustment_row(
                        year,
                        runs[p][fi][t].history,
                        reserve_province[p],
                        if adj.is_some_and(|a| a.scope == AdjustmentScope::Province) {
                            (collected_p[p], paid_p[p])
                        } else {
                            (0.0, 0.0)
                        },
                    ));
                }
            }
            if pooling
                .adjustment
                .iter()
                .any(|a| a.scope == AdjustmentScope::National)
            {
                let flows = if adj.is_some_and(|a| a.scope == AdjustmentScope::National) {
                    (collected_p.iter().sum(), paid_p.iter().sum())
                } else {
                    (0.0, 0.0)
                };
                adj_rows_nation.push(adjustment_row(
                    year,
                    runs[0][fi][t].history,
                    reserve_nation,
                    flows,
                ));
            }
        }
        // A scope change moves reserves between the rows: show it as transfers so that each
        // row's identity holds.
        for rows in adj_rows_province
            .iter_mut()
            .chain(std::iter::once(&mut adj_rows_nation))
        {
            fix_moves(rows);
        }
        for (p, rows) in adj_rows_province.into_iter().enumerate() {
            if !rows.is_empty() {
                adjustment.push(Series {
                    unit: codes[p].clone(),
                    level: Level::Province,
                    fund: adj_fund,
                    rows,
                });
            }
        }
        if !adj_rows_nation.is_empty() {
            adjustment.push(Series {
                unit: NATION_CODE.to_owned(),
                level: Level::Nation,
                fund: adj_fund,
                rows: adj_rows_nation,
            });
        }
        // The provinces' rows are the sums of their members'.
        for (p, js) in by_province.iter().enumerate() {
            let parts: Vec<&[YearRow]> = js.iter().map(|&j| state[j].rows.as_slice()).collect();
            let own = &runs[p][fi];
            let summed = if parts.len() == 1 {
                parts[0].to_vec()
            } else {
                let mut rows = output::sum_rows(&parts);
                for (t, r) in rows.iter_mut().enumerate() {
                    finish_sum(r, &own[t], js.iter().map(|&j| &state[j].rows[t]), fund);
                }
                rows
            };
            runs[p][fi] = summed;
        }
        if synthetic {
            for (j, m) in members.iter().enumerate() {
                subunits.push(Series {
                    unit: m.unit.clone(),
                    level: Level::Subunit,
                    fund,
                    rows: std::mem::take(&mut state[j].rows),
                });
            }
        }
    }
    Pooled {
        subunits,
        adjustment,
        notes,
    }
}

/// A member's flows in one year while transfers are settled.
#[derive(Clone, Copy, Debug, Default)]
struct MemberFlows {
    prev: f64,
    prev_before: f64,
    contributions: f64,
    subsidy: f64,
    other: f64,
    interest: f64,
    interest_before: f64,
    scheduled: f64,
    tin: f64,
    tout: f64,
    /// The balance after this year's flows and the transfers so far, before any balancing
    /// rule; kept up to date by [`MemberFlows::pay`] and [`MemberFlows::receive`] so that a
    /// deficit covered in full ends at exactly zero.
    raw: f64,
}

impl MemberFlows {
    fn income(&self) -> f64 {
        self.contributions + self.subsidy + self.other + self.interest
    }

    /// Sets the balance before transfers.
    fn opened(mut self) -> Self {
        self.raw = self.prev + self.income() - self.scheduled;
        self
    }

    fn pay(&mut self, amount: f64) {
        self.tout += amount;
        self.raw -= amount;
    }

    fn receive(&mut self, amount: f64) {
        self.tin += amount;
        self.raw += amount;
    }

    fn deficit(&self) -> f64 {
        (-self.raw).max(0.0)
    }
}

/// Within each pool (`pool_of(member)`), members' surpluses cover members' deficits: the
/// cover min(S, D) is received in proportion to deficits and paid in proportion to surpluses.
fn share_within(flows: &mut [MemberFlows], pool_of: impl Fn(usize) -> usize) {
    let pools = (0..flows.len()).map(&pool_of).max().map_or(0, |m| m + 1);
    let mut surplus = vec![0.0; pools];
    let mut deficit = vec![0.0; pools];
    let raw: Vec<f64> = flows.iter().map(|f| f.raw).collect();
    for (j, r) in raw.iter().enumerate() {
        let k = pool_of(j);
        if *r > 0.0 {
            surplus[k] += r;
        } else {
            deficit[k] -= r;
        }
    }
    for (j, f) in flows.iter_mut().enumerate() {
        let k = pool_of(j);
        let cover = surplus[k].min(deficit[k]);
        if cover <= 0.0 {
            continue;
        }
        // The side that is used up in full moves its exact amounts (no rounding residue that
        // would show as a tiny backstop or a tiny idle balance).
        let all_deficits = surplus[k] >= deficit[k];
        if raw[j] > 0.0 {
            f.pay(if all_deficits {
                cover * raw[j] / surplus[k]
            } else {
                raw[j]
            });
        } else if raw[j] < 0.0 {
            f.receive(if all_deficits {
                -raw[j]
            } else {
                cover * -raw[j] / deficit[k]
            });
        }
    }
}

/// A member's base-year row: the province's, people and flows by share s_j, the balance by
/// the income weight s_j·i_j (so the members add up to the province exactly).
fn base_row(r: &YearRow, share: f64, income_multiplier: f64) -> YearRow {
    let w = share * income_multiplier;
    YearRow {
        year: r.year,
        active: r.active.map(|v| v * share),
        retired: r.retired.map(|v| v * share),
        participants: r.participants * share,
        income_contributions: r.income_contributions * w,
        income_subsidy: r.income_subsidy * share,
        income_interest: r.income_interest * w,
        income_other: r.income_other * share,
        // Base-year spending is split like the balance's flows so that the base year's
        // current balance identity holds in every member.
        expenditure_scheduled: r.expenditure_scheduled * share,
        expenditure_paid: r.expenditure_paid * share,
        current_balance: r.income_contributions * w
            + r.income_subsidy * share
            + r.income_interest * w
            + r.income_other * share
            - r.expenditure_paid * share,
        balance: r.balance * w,
        months_of_reserve: None,
        backstop: 0.0,
        reimbursement_rate: r.reimbursement_rate,
        balance_before_rule: r.balance_before_rule * w,
        history: r.history,
        per_capita_expenditure_yuan: r.per_capita_expenditure_yuan,
        subsidy_central: r.subsidy_central * share,
        subsidy_local: r.subsidy_local * share,
        burden: r.burden,
        ..YearRow::default()
    }
    .with_months()
}

impl YearRow {
    fn with_months(mut self) -> Self {
        self.months_of_reserve =
            (self.expenditure_paid > 0.0).then(|| self.balance / (self.expenditure_paid / 12.0));
        self
    }
}

/// A member's row in a projection year after transfers and its balancing rule.
fn member_row(r: &YearRow, share: f64, f: &MemberFlows, rule: Balancing, fund: Fund) -> YearRow {
    let raw = f.raw;
    let (mut paid, mut added, mut backstop, mut balance) = (f.scheduled, 0.0, 0.0, raw);
    if raw < 0.0 {
        match rule {
            Balancing::FiscalBackstop => {
                backstop = -raw;
                balance = 0.0;
            }
            Balancing::Debt => {}
            Balancing::CutBenefits => {
                paid = (f.scheduled + raw).max(0.0);
                balance = raw + (f.scheduled - paid);
            }
            Balancing::RaiseContributions => {
                added = -raw;
                balance = 0.0;
            }
        }
    }
    let participants = r.participants * share;
    let active = r.active.map(|v| v * share);
    // The scheduled rate of the province; the paid rate follows the member's cut.
    let rho = r.reimbursement_rate.map(|rate| {
        let scheduled = if r.expenditure_paid > 0.0 {
            rate * r.expenditure_scheduled / r.expenditure_paid
        } else {
            rate
        };
        if f.scheduled > 0.0 {
            scheduled * paid / f.scheduled
        } else {
            scheduled
        }
    });
    let contributors = if fund == Fund::Resident {
        participants
    } else {
        active.unwrap_or(participants)
    };
    let income = f.income() + added;
    YearRow {
        year: r.year,
        active,
        retired: r.retired.map(|v| v * share),
        participants,
        income_contributions: f.contributions + added,
        income_subsidy: f.subsidy,
        income_interest: f.interest,
        income_other: f.other,
        transfers_in: f.tin,
        transfers_out: f.tout,
        expenditure_scheduled: f.scheduled,
        expenditure_paid: paid,
        current_balance: income - paid,
        balance,
        backstop,
        reimbursement_rate: rho,
        balance_before_rule: f.prev_before
            + f.contributions
            + f.subsidy
            + f.other
            + f.interest_before
            + f.tin
            - f.tout
            - f.scheduled,
        history: r.history,
        per_capita_expenditure_yuan: per_head(paid, participants),
        subsidy_central: r.subsidy_central * share,
        subsidy_local: r.subsidy_local * share,
        contributions_added: added,
        added_contribution_per_head_yuan: per_head(added, contributors),
        burden: r.burden,
        ..YearRow::default()
    }
    .with_months()
}

/// The ratios of a province row summed from its members.
fn finish_sum<'a>(
    r: &mut YearRow,
    own: &YearRow,
    parts: impl Iterator<Item = &'a YearRow>,
    fund: Fund,
) {
    let (mut rho_w, mut added, mut central, mut local) = (0.0, 0.0, 0.0, 0.0);
    let mut has_rho = false;
    for x in parts {
        if let Some(rho) = x.reimbursement_rate {
            rho_w += rho * x.expenditure_scheduled;
            has_rho = true;
        }
        added += x.contributions_added;
        central += x.subsidy_central;
        local += x.subsidy_local;
    }
    r.reimbursement_rate = if has_rho && r.expenditure_scheduled > 0.0 {
        Some(rho_w / r.expenditure_scheduled)
    } else {
        own.reimbursement_rate
    };
    r.contributions_added = added;
    r.subsidy_central = central;
    r.subsidy_local = local;
    r.burden = own.burden;
    r.per_capita_expenditure_yuan = per_head(r.expenditure_paid, r.participants);
    let contributors = if fund == Fund::Resident {
        r.participants
    } else {
        r.active.unwrap_or(r.participants)
    };
    r.added_contribution_per_head_yuan = per_head(added, contributors);
    r.months_of_reserve =
        (r.expenditure_paid > 0.0).then(|| r.balance / (r.expenditure_paid / 12.0));
}

/// An adjustment fund's row: members' payments in, grants out, no interest (docs/model.md §8).
fn adjustment_row(year: i32, history: bool, balance: f64, flows: (f64, f64)) -> YearRow {
    YearRow {
        year,
        history,
        transfers_in: flows.0,
        transfers_out: flows.1,
        balance,
        ..YearRow::default()
    }
}

/// Reserve moved into or out of a row by a change of scope shows as a transfer, so that
/// balance = previous + in − out holds in every row.
fn fix_moves(rows: &mut [YearRow]) {
    for t in 1..rows.len() {
        let prev = rows[t - 1].balance;
        let r = &mut rows[t];
        let moved = r.balance - (prev + r.transfers_in - r.transfers_out);
        if moved > 0.0 {
            r.transfers_in += moved;
        } else {
            r.transfers_out -= moved;
        }
    }
}
