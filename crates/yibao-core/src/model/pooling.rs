//! Pooling levels (统筹层次) and adjustment funds (调剂金), docs/model.md §12.
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
use super::output::{self, Fund, Level, Series, YearRow, months_of_reserve};
use super::project::per_head;
use super::resolve::Resolved;
use super::rng::Rng;
use super::scenario::{AdjustmentScope, AdjustmentStep, Balancing, Pooling, PoolingLevel};
use super::subunits::{self, Split, Subunits};
use super::warning::Warning;

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
    /// Share of the province's people s_j (Σ_j s_j = 1) of a synthetic member.
    pub share: f64,
    /// Synthetic, loaded or the remainder of a province.
    pub kind: Kind,
}

/// Where a member's figures come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Drawn: standard normal draws behind the cost and income multipliers.
    Synthetic {
        /// Behind the cost multiplier.
        z_cost: f64,
        /// Behind the income multiplier.
        z_income: f64,
    },
    /// A loaded sub-unit's base-year figures `[pooled, resident][participants, income,
    /// expenditure, balance]` (docs/accounts.md).
    Loaded([[f64; 4]; 2]),
    /// The rest of a province whose loaded sub-units miss it (`CODE-00`).
    Rest,
}

impl Kind {
    /// Whether the member is drawn rather than loaded.
    pub fn is_synthetic(&self) -> bool {
        matches!(self, Kind::Synthetic { .. })
    }
}

impl Member {
    fn loaded(unit: String, province: usize, kind: Kind) -> Self {
        Member {
            unit,
            province,
            share: 0.0,
            kind,
        }
    }

    /// The draws `(z_cost, z_income)` (0 for loaded members).
    fn z(&self) -> (f64, f64) {
        match self.kind {
            Kind::Synthetic { z_cost, z_income } => (z_cost, z_income),
            _ => (0.0, 0.0),
        }
    }
}

/// A member's shares of its province's flows in one scheme.
#[derive(Clone, Debug, Default)]
struct Weights {
    /// Share of the province's people (and of its subsidy and other income).
    people: f64,
    /// Share of the province's contributions (before any added by the balancing rule), per year.
    contributions: Vec<f64>,
    /// Share of the province's scheduled spending, per year.
    spending: Vec<f64>,
    /// The base-year row.
    base: YearRow,
}

/// The base-year row of a member with the shares `split` of its province's base-year row `r`.
fn split_row(split: &Split, r: &YearRow) -> YearRow {
    let s = split.people;
    let contributions = r.income_contributions * split.contributions;
    let interest = r.income_interest * split.interest;
    let paid = r.expenditure_paid * split.spending;
    YearRow {
        year: r.year,
        active: r.active.map(|v| v * s),
        retired: r.retired.map(|v| v * s),
        participants: r.participants * s,
        income_contributions: contributions,
        income_subsidy: r.income_subsidy * s,
        income_interest: interest,
        income_other: r.income_other * s,
        expenditure_scheduled: r.expenditure_scheduled * split.spending,
        expenditure_paid: paid,
        current_balance: contributions + r.income_subsidy * s + interest + r.income_other * s
            - paid,
        balance: split.balance,
        months_of_reserve: None,
        backstop: 0.0,
        reimbursement_rate: r.reimbursement_rate,
        balance_before_rule: split.balance,
        own_money: split.balance,
        history: r.history,
        per_capita_expenditure_yuan: per_head(paid, r.participants * s),
        subsidy_central: r.subsidy_central * s,
        subsidy_local: r.subsidy_local * s,
        burden: r.burden,
        ..YearRow::default()
    }
    .with_months()
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
                kind: Kind::Synthetic {
                    z_cost: 0.0,
                    z_income: 0.0,
                },
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
                kind: Kind::Synthetic {
                    z_cost: d[1],
                    z_income: d[2],
                },
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
    pub notes: Vec<Warning>,
}

/// One scheme's pooling run: everything the year loop reads.
struct Ctx<'a> {
    pooling: &'a Pooling,
    codes: &'a [String],
    levers: &'a Resolved,
    rule: Balancing,
    members: &'a [Member],
    fi: usize,
    fund: Fund,
    steps: &'a [super::scenario::PoolingStep],
}

/// The adjustment funds' reserves and rows of one scheme while the years run.
#[derive(Default)]
struct Reserves {
    province: Vec<f64>,
    nation: f64,
    rows_province: Vec<Vec<YearRow>>,
    rows_nation: Vec<YearRow>,
    prev_scope: Option<AdjustmentScope>,
}

/// What an adjustment fund collected and paid in one year, per province.
struct YearFlows {
    collected: Vec<f64>,
    paid: Vec<f64>,
}

/// Applies pooling to the provinces' rows (`runs[p] = [pooled, accounts, resident]`, each with
/// one row per year) in place: the pooled and resident rows of each province become the sums
/// of their members' rows under the scenario's pooling levels and adjustment funds. Provinces
/// with `loaded` sub-units use those (and a remainder unit `CODE-00` when they do not add up
/// to the province) instead of synthetic ones.
pub fn apply(
    pooling: &Pooling,
    codes: &[String],
    prefectures: &[usize],
    loaded: &Subunits,
    levers: &Resolved,
    rule: Balancing,
    runs: &mut [[Vec<YearRow>; 3]],
) -> Pooled {
    let with_subunits = needs_subunits(pooling);
    let seed = levers.at(Lever::PoolingSeed, 0, 0).max(0.0).round() as u64;
    let mut members = members(codes, prefectures, seed, with_subunits);
    let mut notes = Vec::new();
    if with_subunits {
        notes.extend(use_loaded(&mut members, codes, loaded, runs));
        if members.iter().any(|m| m.kind.is_synthetic()) {
            notes.push(Warning::SyntheticSubunits {
                seed,
                sigma_people: SIGMA_PEOPLE,
            });
        }
    } else if !loaded.is_empty() {
        notes.push(Warning::SubunitsUnused {
            file: loaded.file.clone(),
        });
    }
    let mut out = Pooled {
        subunits: Vec::new(),
        adjustment: Vec::new(),
        notes,
    };
    for (fi, fund, adj_fund) in SCHEMES {
        let ctx = Ctx {
            pooling,
            codes,
            levers,
            rule,
            members: &members,
            fi,
            fund,
            steps: if fund == Fund::Resident {
                &pooling.resident
            } else {
                &pooling.employee
            },
        };
        let weights = ctx.weights(runs);
        let mut state: Vec<Vec<YearRow>> = weights.iter().map(|w| vec![w.base.clone()]).collect();
        let mut reserves = Reserves {
            province: vec![0.0; codes.len()],
            rows_province: vec![Vec::new(); codes.len()],
            ..Reserves::default()
        };
        for t in 0..levers.years {
            ctx.year(t, runs, &weights, &mut state, &mut reserves);
        }
        let adjustment = adjustment_series(codes, adj_fund, reserves);
        ctx.sum_into_provinces(runs, &state, &adjustment);
        out.adjustment.extend(adjustment);
        if with_subunits {
            for (m, rows) in members.iter().zip(state) {
                out.subunits.push(Series {
                    unit: m.unit.clone(),
                    level: Level::Subunit,
                    fund,
                    rows,
                });
            }
        }
    }
    out
}

/// Replaces the synthetic members of provinces with loaded sub-units by the loaded ones, plus
/// a remainder `CODE-00` where they miss the province's base year; notes for the user.
fn use_loaded(
    members: &mut Vec<Member>,
    codes: &[String],
    loaded: &Subunits,
    runs: &[[Vec<YearRow>; 3]],
) -> Vec<Warning> {
    let mut notes = Vec::new();
    let provinces = loaded.provinces();
    if provinces.is_empty() {
        return notes;
    }
    members.retain(|m| !provinces.contains(&m.province));
    for &p in &provinces {
        let Some(code) = codes.get(p) else { continue };
        for u in loaded.of_province(p) {
            members.push(Member::loaded(u.code.clone(), p, Kind::Loaded(u.figures)));
        }
        let (Some(pooled), Some(resident)) = (runs[p][0].first(), runs[p][2].first()) else {
            continue;
        };
        let gaps: Vec<subunits::Gap> = loaded
            .gaps(p, code, [pooled, resident])
            .into_iter()
            .filter(|g| g.miss().abs() > subunits::EXACT)
            .collect();
        if !gaps.is_empty() {
            members.push(Member::loaded(
                format!("{code}-{}", subunits::REST),
                p,
                Kind::Rest,
            ));
            notes.push(Warning::SubunitsRemainder {
                province: code.clone(),
                misses: gaps
                    .iter()
                    .map(|g| (format!("{} {}", g.scheme.id(), g.item.id()), g.miss()))
                    .collect(),
            });
        }
    }
    // Members stay grouped by province, in the provinces' and the units' order.
    members.sort_by(|a, b| (a.province, &a.unit).cmp(&(b.province, &b.unit)));
    notes.push(Warning::LoadedSubunits {
        file: loaded.file.clone(),
        provinces: provinces
            .iter()
            .filter_map(|&p| codes.get(p).cloned())
            .collect(),
    });
    notes
}

impl Ctx<'_> {
    /// Members of each province, in order.
    fn by_province(&self) -> Vec<Vec<usize>> {
        (0..self.codes.len())
            .map(|p| {
                (0..self.members.len())
                    .filter(|&j| self.members[j].province == p)
                    .collect()
            })
            .collect()
    }

    /// Each member's shares of its province's flows in every year and its base-year row.
    fn weights(&self, runs: &[[Vec<YearRow>; 3]]) -> Vec<Weights> {
        let years = self.levers.years;
        let mut out: Vec<Option<Weights>> = vec![None; self.members.len()];
        for (p, js) in self.by_province().iter().enumerate() {
            let base = &runs[p][self.fi][0];
            let synthetic: Vec<usize> = js
                .iter()
                .copied()
                .filter(|&j| self.members[j].kind.is_synthetic())
                .collect();
            let ms: Vec<&Member> = synthetic.iter().map(|&j| &self.members[j]).collect();
            // Per-year multipliers (σ levers may change over time).
            let (mut cost, mut income) = (Vec::new(), Vec::new());
            for t in 0..years {
                let l = |lever| self.levers.at(lever, p, t);
                cost.push(multipliers(&ms, l(Lever::PoolingSigmaCost), |m| m.z().0));
                income.push(multipliers(&ms, l(Lever::PoolingSigmaIncome), |m| m.z().1));
            }
            for (k, &j) in synthetic.iter().enumerate() {
                let share = self.members[j].share;
                out[j] = Some(Weights {
                    people: share,
                    contributions: (0..years).map(|t| share * income[t][k]).collect(),
                    spending: (0..years).map(|t| share * cost[t][k]).collect(),
                    base: base_row(base, share, income[0][k]),
                });
            }
            let mut splits: Vec<(usize, Split)> = js
                .iter()
                .filter_map(|&j| match &self.members[j].kind {
                    Kind::Loaded(f) => Some((j, Split::of(f[self.fi / 2], base))),
                    _ => None,
                })
                .collect();
            if let Some(&j) = js.iter().find(|&&j| self.members[j].kind == Kind::Rest) {
                let rest = Split::rest(splits.iter().map(|s| &s.1), base);
                splits.push((j, rest));
            }
            for (j, split) in splits {
                out[j] = Some(Weights {
                    people: split.people,
                    contributions: vec![split.contributions; years],
                    spending: vec![split.spending; years],
                    base: split_row(&split, base),
                });
            }
        }
        out.into_iter().map(Option::unwrap_or_default).collect()
    }

    /// One year: opening flows, adjustment fund collections, sharing within each pool, the
    /// fund's grants, the balancing rule; then the adjustment funds' rows.
    fn year(
        &self,
        t: usize,
        runs: &[[Vec<YearRow>; 3]],
        weights: &[Weights],
        state: &mut [Vec<YearRow>],
        reserves: &mut Reserves,
    ) {
        let year = self.levers.first_year + t as i32;
        let adj = adjustment_in(self.pooling, year);
        let mut flows = YearFlows {
            collected: vec![0.0; self.codes.len()],
            paid: vec![0.0; self.codes.len()],
        };
        if t > 0 {
            self.move_reserves(t, runs, adj.map(|a| a.scope), reserves);
            let mut member_flows = self.open(t, runs, weights, state);
            if let Some(step) = adj {
                self.collect(t, step, state, &mut member_flows, &mut flows);
            }
            // Sharing within each pool: surpluses cover deficits, pro rata.
            let level = level_in(self.steps, year);
            share_within(&mut member_flows, |j| match level {
                PoolingLevel::Prefecture => j,
                PoolingLevel::Province => self.members[j].province,
                PoolingLevel::National => 0,
            });
            // What each member's own money is before any grant (docs/model.md §7).
            for f in &mut member_flows {
                f.own = f.raw;
            }
            if let Some(step) = adj {
                self.grant(step, &mut member_flows, &mut flows, reserves);
            }
            // The balancing rule on what is left, per member.
            for (j, f) in member_flows.iter().enumerate() {
                let m = &self.members[j];
                let r = &runs[m.province][self.fi][t];
                state[j].push(member_row(r, weights[j].people, f, self.rule, self.fund));
            }
        }
        if let Some(step) = adj {
            reserves.prev_scope = Some(step.scope);
        }
        self.push_adjustment_rows(t, runs, adj, &flows, reserves);
    }

    /// A change of scope moves the reserves (docs/model.md §12).
    fn move_reserves(
        &self,
        t: usize,
        runs: &[[Vec<YearRow>; 3]],
        scope: Option<AdjustmentScope>,
        r: &mut Reserves,
    ) {
        let (Some(prev), Some(scope)) = (r.prev_scope, scope) else {
            return;
        };
        if prev == scope {
            return;
        }
        let n = self.codes.len();
        match scope {
            AdjustmentScope::National => {
                r.nation += r.province.iter().sum::<f64>();
                r.province.iter_mut().for_each(|x| *x = 0.0);
            }
            AdjustmentScope::Province => {
                let contrib: Vec<f64> = (0..n)
                    .map(|p| runs[p][self.fi][t].income_contributions.max(0.0))
                    .collect();
                let total: f64 = contrib.iter().sum();
                for p in 0..n {
                    r.province[p] += if total > 0.0 {
                        r.nation * contrib[p] / total
                    } else {
                        r.nation / n as f64
                    };
                }
                r.nation = 0.0;
            }
        }
    }

    /// Each member's flows of year `t` before any transfer.
    fn open(
        &self,
        t: usize,
        runs: &[[Vec<YearRow>; 3]],
        weights: &[Weights],
        state: &[Vec<YearRow>],
    ) -> Vec<MemberFlows> {
        self.members
            .iter()
            .enumerate()
            .map(|(j, m)| {
                let r = &runs[m.province][self.fi][t];
                let prev = &runs[m.province][self.fi][t - 1];
                let rate = self.levers.at(Lever::EconomyInterestRate, m.province, t);
                // The province's effective interest rate (history years hold interest to
                // published income); the lever rate when the province had no positive balance.
                let eff = if prev.balance > 0.0 {
                    r.income_interest / prev.balance
                } else {
                    rate
                };
                let debt = self.levers.at(Lever::EconomyDebtRate, m.province, t);
                let before = &state[j][t - 1];
                let interest_on = |f: f64| if f >= 0.0 { eff * f } else { debt * f };
                let w = &weights[j];
                MemberFlows {
                    prev: before.balance,
                    prev_before: before.balance_before_rule,
                    contributions: w.contributions[t]
                        * (r.income_contributions - r.contributions_added),
                    subsidy: w.people * r.income_subsidy,
                    other: w.people * r.income_other,
                    interest: interest_on(before.balance),
                    interest_before: interest_on(before.balance_before_rule),
                    scheduled: w.spending[t] * r.expenditure_scheduled,
                    tin: 0.0,
                    tout: 0.0,
                    own: 0.0,
                    raw: 0.0,
                }
                .opened()
            })
            .collect()
    }

    /// Contributions to the adjustment fund: α of contribution income (this year's, or last
    /// year's in the two-part design), plus the extra rate for units whose spending grew faster
    /// than the limit or that missed their collection target last year.
    fn collect(
        &self,
        t: usize,
        step: &AdjustmentStep,
        state: &[Vec<YearRow>],
        member_flows: &mut [MemberFlows],
        flows: &mut YearFlows,
    ) {
        for (j, f) in member_flows.iter_mut().enumerate() {
            let rows = &state[j];
            let base = if step.last_year_base {
                own_contributions(&rows[t - 1])
            } else {
                f.contributions
            };
            let fast = match step.growth_limit {
                Some(limit) if t >= 2 && rows[t - 2].expenditure_scheduled > 0.0 => {
                    rows[t - 1].expenditure_scheduled / rows[t - 2].expenditure_scheduled - 1.0
                        > limit
                }
                _ => false,
            };
            let missed = step.missed_target && {
                let p = self.members[j].province;
                let growth = t
                    .checked_sub(1)
                    .map_or(0.0, |s| self.levers.at(target_growth(self.fund), p, s));
                missed_target(rows, t, growth)
            };
            let rate = step.rate + if fast || missed { step.extra_rate } else { 0.0 };
            let a = rate * base.max(0.0);
            f.pay(a);
            flows.collected[self.members[j].province] += a;
        }
    }

    /// The adjustment fund pays the remaining deficits, pro rata when short; excluded units
    /// (poor management) receive nothing.
    fn grant(
        &self,
        step: &AdjustmentStep,
        member_flows: &mut [MemberFlows],
        flows: &mut YearFlows,
        r: &mut Reserves,
    ) {
        let scope = step.scope;
        let scope_of = |j: usize| match scope {
            AdjustmentScope::Province => self.members[j].province,
            AdjustmentScope::National => 0,
        };
        let keys = match scope {
            AdjustmentScope::Province => self.codes.len(),
            AdjustmentScope::National => 1,
        };
        let eligible: Vec<bool> = self
            .members
            .iter()
            .map(|m| !excluded(step, m, &self.codes[m.province]))
            .collect();
        let mut need = vec![0.0; keys];
        for (j, f) in member_flows.iter().enumerate() {
            if eligible[j] {
                need[scope_of(j)] += f.deficit();
            }
        }
        // Available: the reserve plus this year's collections.
        let mut avail = vec![0.0; keys];
        for (p, c) in flows.collected.iter().enumerate() {
            match scope {
                AdjustmentScope::Province => avail[p] = r.province[p] + c,
                AdjustmentScope::National => avail[0] += c,
            }
        }
        if scope == AdjustmentScope::National {
            avail[0] += r.nation;
        }
        let paid: Vec<f64> = (0..keys).map(|k| need[k].min(avail[k])).collect();
        for (j, f) in member_flows.iter_mut().enumerate() {
            let k = scope_of(j);
            if eligible[j] && need[k] > 0.0 {
                let g = if paid[k] >= need[k] {
                    f.deficit()
                } else {
                    paid[k] * f.deficit() / need[k]
                };
                f.receive(g);
                flows.paid[self.members[j].province] += g;
            }
        }
        match scope {
            AdjustmentScope::Province => {
                for (p, x) in r.province.iter_mut().enumerate() {
                    *x = avail[p] - paid[p];
                }
            }
            AdjustmentScope::National => r.nation = avail[0] - paid[0],
        }
    }

    /// The adjustment funds' rows of year `t` (zero before the first step).
    fn push_adjustment_rows(
        &self,
        t: usize,
        runs: &[[Vec<YearRow>; 3]],
        adj: Option<&AdjustmentStep>,
        flows: &YearFlows,
        r: &mut Reserves,
    ) {
        let year = self.levers.first_year + t as i32;
        let has = |scope| self.pooling.adjustment.iter().any(|a| a.scope == scope);
        let active = |scope| adj.is_some_and(|a| a.scope == scope);
        if has(AdjustmentScope::Province) {
            for p in 0..self.codes.len() {
                r.rows_province[p].push(adjustment_row(
                    year,
                    runs[p][self.fi][t].history,
                    r.province[p],
                    if active(AdjustmentScope::Province) {
                        (flows.collected[p], flows.paid[p])
                    } else {
                        (0.0, 0.0)
                    },
                ));
            }
        }
        if has(AdjustmentScope::National) {
            let moved = if active(AdjustmentScope::National) {
                (flows.collected.iter().sum(), flows.paid.iter().sum())
            } else {
                (0.0, 0.0)
            };
            r.rows_nation.push(adjustment_row(
                year,
                runs[0][self.fi][t].history,
                r.nation,
                moved,
            ));
        }
    }

    /// The provinces' rows become the sums of their members' and of their own adjustment
    /// fund's reserve (`adjustment`: this scheme's adjustment series). A province that is
    /// itself the member (no sub-units) is that member's row; any other is a total of funds
    /// (docs/model.md §7): reserves held in `balance`, the net position in
    /// `balance_before_rule`, its months read from the net position.
    fn sum_into_provinces(
        &self,
        runs: &mut [[Vec<YearRow>; 3]],
        state: &[Vec<YearRow>],
        adjustment: &[Series],
    ) {
        for (p, js) in self.by_province().iter().enumerate() {
            let mut parts: Vec<&[YearRow]> = js.iter().map(|&j| state[j].as_slice()).collect();
            parts.extend(
                adjustment
                    .iter()
                    .filter(|s| s.level == Level::Province && s.unit == self.codes[p])
                    .map(|s| s.rows.as_slice()),
            );
            let own = &runs[p][self.fi];
            // Sub-units (even one, a municipality's) or an adjustment reserve make a total.
            let total =
                parts.len() > 1 || js.iter().any(|&j| self.members[j].unit != self.codes[p]);
            let summed = if !total {
                parts[0].to_vec()
            } else {
                let mut rows = output::sum_rows(&parts);
                for (t, r) in rows.iter_mut().enumerate() {
                    finish_sum(r, &own[t], js.iter().map(|&j| &state[j][t]), self.fund);
                }
                output::net_position(&mut rows);
                rows
            };
            runs[p][self.fi] = summed;
        }
    }
}

/// The adjustment funds' series of one scheme. A scope change moves reserves between the rows:
/// shown as transfers so that each row's identity holds.
fn adjustment_series(codes: &[String], fund: Fund, mut r: Reserves) -> Vec<Series> {
    for rows in r
        .rows_province
        .iter_mut()
        .chain(std::iter::once(&mut r.rows_nation))
    {
        fix_moves(rows);
    }
    let mut out = Vec::new();
    for (p, rows) in r.rows_province.into_iter().enumerate() {
        if !rows.is_empty() {
            out.push(Series {
                unit: codes[p].clone(),
                level: Level::Province,
                fund,
                rows,
            });
        }
    }
    if !r.rows_nation.is_empty() {
        out.push(Series {
            unit: NATION_CODE.to_owned(),
            level: Level::Nation,
            fund,
            rows: r.rows_nation,
        });
    }
    out
}

/// Contribution income of a row without what the balancing rule added.
fn own_contributions(r: &YearRow) -> f64 {
    r.income_contributions - r.contributions_added
}

/// The growth lever of a fund's collection target: wages for the employee fund (contributions
/// are a rate on wages), per-capita income for the resident fund (premiums follow income).
fn target_growth(fund: Fund) -> Lever {
    if fund == Fund::Resident {
        Lever::EconomyIncomeGrowth
    } else {
        Lever::EconomyWageGrowth
    }
}

/// Whether a member missed last year's collection target (docs/model.md §12): its own
/// contribution income of year t−1 fell short of year t−2's grown by `growth`, the scenario's
/// wage or income growth of year t−1. Needs two years of rows (none in the first two years).
pub fn missed_target(rows: &[YearRow], t: usize, growth: f64) -> bool {
    if t < 2 || rows.len() < t {
        return false;
    }
    let target = own_contributions(&rows[t - 2]) * (1.0 + growth);
    own_contributions(&rows[t - 1]) < target * (1.0 - TARGET_SLACK)
}

/// Shortfalls below this share of the target are rounding, not a missed target.
pub const TARGET_SLACK: f64 = 1e-9;

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
    /// `raw` after the sharing within the pool and the payments into an adjustment fund,
    /// before its grants and the balancing rule: the member's own money.
    own: f64,
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
        own_money: r.balance * w,
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
        self.months_of_reserve = months_of_reserve(self.balance, self.expenditure_paid);
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
        own_money: f.own,
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
    r.months_of_reserve = months_of_reserve(r.balance, r.expenditure_paid);
}

/// An adjustment fund's row: members' payments in, grants out, no interest (docs/model.md §12).
fn adjustment_row(year: i32, history: bool, balance: f64, flows: (f64, f64)) -> YearRow {
    YearRow {
        year,
        history,
        transfers_in: flows.0,
        transfers_out: flows.1,
        balance,
        balance_before_rule: balance,
        own_money: balance,
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
