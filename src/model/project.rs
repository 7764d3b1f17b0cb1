//! The yearly projection (MODEL.md §3–7): per province, then the nation as their sum.

use super::calibrate::{Calibration, ProvinceBase, calibrate, yi};
use super::data::{BANDS, Dataset, Tier};
use super::demography;
use super::levers::Lever;
use super::output::{Fund, Level, Projection, Series, YearRow};
use super::resolve::{Resolved, resolve};
use super::scenario::{Balancing, Scenario};
use super::summary;
use rayon::prelude::*;

/// Highest reimbursement rate the projection allows (the induced-demand term diverges at 1).
pub const MAX_REIMBURSEMENT: f64 = 0.99;

/// Projects a scenario: the base year and every year to the horizon, for the 31 provinces and
/// the nation. Deterministic: the same inputs give the same numbers.
pub fn project(data: &Dataset, scenario: &Scenario) -> Projection {
    let prepared = prepare(data, scenario);
    project_prepared(&prepared, &prepared.levers, scenario.balancing)
}

/// What a projection needs besides the lever paths after the base year: the scenario's
/// resolved levers, the calibrated base state, the population growth factors and the
/// scenario's warnings. Projections that change only lever values after the base year (Monte
/// Carlo draws, sensitivity runs, goal seek) prepare once and call [`project_prepared`] with
/// their own lever table, skipping calibration.
pub struct Prepared {
    /// Province codes in data order.
    pub codes: Vec<String>,
    /// The scenario's levers as resolved.
    pub levers: Resolved,
    /// The calibrated 2022 base state (depends on base-year lever values only).
    pub cal: Calibration,
    /// Population growth factors per year, sex and age band.
    pub growth: Vec<[[f64; BANDS]; 2]>,
    /// The scenario's warnings (levers not in effect, calibration notes, clamps).
    pub warnings: Vec<String>,
}

/// Resolves and calibrates a scenario (the first half of [`project`]).
pub fn prepare(data: &Dataset, scenario: &Scenario) -> Prepared {
    let b = data.base_year;
    let horizon = scenario.horizon.clamp(b + 1, data.population.last_year());
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let (levers, mut warnings) = resolve(scenario, &codes, b, horizon);
    let cal = calibrate(data, &levers);
    warnings.extend(cal.warnings.iter().cloned());
    for key in scenario.levers.keys() {
        let id = key.split('@').next().unwrap_or(key);
        if Lever::from_id(id).is_some_and(|l| !l.def().in_effect) {
            warnings.push(format!("lever `{id}` is not yet used by the projection"));
        }
    }
    if !scenario.pooling.is_empty() {
        warnings.push(
            "pooling levels and adjustment funds are not yet projected; the provinces are the pooling units"
                .to_owned(),
        );
    }
    if horizon != scenario.horizon {
        warnings.push(format!("horizon {} clamped to {horizon}", scenario.horizon));
    }
    let growth = demography::growth_factors(&data.population, b, horizon);
    Prepared {
        codes: codes.iter().map(|c| (*c).to_owned()).collect(),
        levers,
        cal,
        growth,
        warnings,
    }
}

/// Projects with a prepared base state and a lever table `levers` that must cover the same
/// years and provinces as `prepared.levers` and agree with it in the base year (the
/// calibration used it). Provinces run in parallel when there is more than one thread and
/// the caller is not itself on a rayon worker (a caller running many projections in parallel
/// already uses the cores).
pub fn project_prepared(prepared: &Prepared, levers: &Resolved, rule: Balancing) -> Projection {
    let b = levers.first_year;
    let horizon = b + levers.years as i32 - 1;
    let codes: Vec<&str> = prepared.codes.iter().map(String::as_str).collect();
    let cal = &prepared.cal;
    let growth = &prepared.growth;
    let mut warnings = prepared.warnings.clone();
    let mut series = Vec::with_capacity((codes.len() + 1) * 3);
    let mut discount = Vec::with_capacity(codes.len());
    // Provinces are independent until the nation sums them: project them in parallel when
    // there is more than one thread (on one thread rayon's hand-off costs more than it saves).
    // Both paths keep the provinces' order, so the result is the same at any thread count.
    let run = |p: usize| ProvinceRun::new(cal, levers, growth, rule, p).run();
    let runs: Vec<_> =
        if rayon::current_num_threads() > 1 && rayon::current_thread_index().is_none() {
            (0..codes.len()).into_par_iter().map(run).collect()
        } else {
            (0..codes.len()).map(run).collect()
        };
    for (p, (rows, notes)) in runs.into_iter().enumerate() {
        warnings.extend(notes);
        let [pooled, accounts, resident] = rows;
        for (fund, rows) in [
            (Fund::EmployeePooled, pooled),
            (Fund::EmployeeAccounts, accounts),
            (Fund::Resident, resident),
        ] {
            series.push(Series {
                unit: codes[p].to_owned(),
                level: Level::Province,
                fund,
                rows,
            });
        }
        discount.push(discount_factors(levers, p));
    }
    for fund in Fund::MAIN {
        let parts: Vec<&Series> = series.iter().filter(|s| s.fund == fund).collect();
        series.push(Series {
            unit: "CN".to_owned(),
            level: Level::Nation,
            fund,
            rows: sum_rows(&parts),
        });
    }
    series.sort_by(|a, c| (a.level, &a.unit, a.fund.id()).cmp(&(c.level, &c.unit, c.fund.id())));
    warnings.sort();
    warnings.dedup();

    let summaries = summary::summaries(&series, &codes, &discount);
    let gaps = summary::gaps(&series);
    Projection {
        base_year: b,
        horizon,
        series,
        summaries,
        gaps,
        warnings,
    }
}

/// Discount factors 1/Π(1+i) from the base year, per year, at the province's interest path.
fn discount_factors(levers: &Resolved, p: usize) -> Vec<f64> {
    let mut f = 1.0;
    levers
        .series(Lever::EconomyInterestRate, p)
        .iter()
        .enumerate()
        .map(|(t, i)| {
            if t > 0 {
                f /= 1.0 + i;
            }
            f
        })
        .collect()
}

/// The outcome of the balancing rule for one fund in one year.
#[derive(Clone, Copy, Debug, Default)]
struct Settled {
    paid: f64,
    added: f64,
    backstop: f64,
    balance: f64,
}

/// Applies the balancing rule (MODEL.md §7) to a fund with opening balance `prev`, income
/// `income` and scheduled expenditure `scheduled`.
fn settle(rule: Balancing, prev: f64, income: f64, scheduled: f64) -> Settled {
    let raw = prev + income - scheduled;
    let mut s = Settled {
        paid: scheduled,
        added: 0.0,
        backstop: 0.0,
        balance: raw,
    };
    if raw >= 0.0 {
        return s;
    }
    match rule {
        Balancing::FiscalBackstop => {
            s.backstop = -raw;
            s.balance = 0.0;
        }
        Balancing::Debt => {}
        Balancing::CutBenefits => {
            s.paid = (scheduled + raw).max(0.0);
            s.balance = prev + income - s.paid;
        }
        Balancing::RaiseContributions => {
            s.added = -raw;
            s.balance = 0.0;
        }
    }
    s
}

/// Months of reserve: balance ÷ monthly expenditure paid.
fn months(balance: f64, paid: f64) -> Option<f64> {
    (paid > 0.0).then(|| balance / (paid / 12.0))
}

/// One province's projection.
struct ProvinceRun<'a> {
    base: &'a ProvinceBase,
    quintile_ratio: [f64; 5],
    levers: &'a Resolved,
    growth: &'a [[[f64; BANDS]; 2]],
    rule: Balancing,
    p: usize,
}

impl<'a> ProvinceRun<'a> {
    fn new(
        cal: &'a Calibration,
        levers: &'a Resolved,
        growth: &'a [[[f64; BANDS]; 2]],
        rule: Balancing,
        p: usize,
    ) -> Self {
        ProvinceRun {
            base: &cal.provinces[p],
            quintile_ratio: cal.quintile_ratio,
            levers,
            growth,
            rule,
            p,
        }
    }

    fn lever(&self, l: Lever, t: usize) -> f64 {
        self.levers.at(l, self.p, t)
    }

    /// Adult premium per quintile in year index `t` for income `y`.
    fn premiums(&self, t: usize, y: f64) -> [f64; 5] {
        let theta = self.lever(Lever::ResidentIncomeRate, t);
        if theta > 0.0 {
            let floor = self.lever(Lever::ResidentIncomeFloor, t);
            let cap = self.lever(Lever::ResidentIncomeCap, t).max(floor);
            self.quintile_ratio
                .map(|m| (theta * y * m).clamp(floor, cap))
        } else {
            [self.lever(Lever::ResidentPremium, t); 5]
        }
    }

    fn burden(&self, prem: &[f64; 5], y: f64) -> [f64; 5] {
        let mut out = [0.0; 5];
        for q in 0..5 {
            out[q] = prem[q] / (y * self.quintile_ratio[q]);
        }
        out
    }

    fn run(&self) -> ([Vec<YearRow>; 3], Vec<String>) {
        let base = self.base;
        let b = self.levers.first_year;
        let years = self.levers.years;
        let mut notes = Vec::new();
        let mut pooled = Vec::with_capacity(years);
        let mut accounts = Vec::with_capacity(years);
        let mut resident = Vec::with_capacity(years);

        // Base year: the calibrated published state.
        let (a0, r0, n0) = (base.active.value, base.retired.value, base.residents.value);
        let pooled_contrib = base.pooled_income.value - base.pooled_interest.value;
        let pooled0 = YearRow {
            year: b,
            active: Some(a0),
            retired: Some(r0),
            participants: a0 + r0,
            income_contributions: pooled_contrib,
            income_interest: base.pooled_interest.value,
            expenditure_scheduled: base.pooled_expenditure.value,
            expenditure_paid: base.pooled_expenditure.value,
            current_balance: base.pooled_income.value - base.pooled_expenditure.value,
            balance: base.pooled_balance.value,
            months_of_reserve: months(base.pooled_balance.value, base.pooled_expenditure.value),
            reimbursement_rate: Some(base.employee_reimbursement.value),
            per_capita_expenditure_yuan: base.pooled_expenditure.value * 1e4 / (a0 + r0),
            ..YearRow::default()
        };
        let accounts0 = YearRow {
            year: b,
            active: Some(a0),
            retired: Some(r0),
            participants: a0 + r0,
            income_contributions: base.account_income.value,
            expenditure_scheduled: base.account_expenditure.value,
            expenditure_paid: base.account_expenditure.value,
            current_balance: base.account_income.value - base.account_expenditure.value,
            balance: base.account_balance.value,
            months_of_reserve: months(base.account_balance.value, base.account_expenditure.value),
            per_capita_expenditure_yuan: base.account_expenditure.value * 1e4 / (a0 + r0),
            ..YearRow::default()
        };
        let y0 = base.income.value;
        let prem0 = self.premiums(0, y0);
        let burden0 = self.burden(&prem0, y0);
        let subsidy0 = base.resident_subsidy.value;
        let central0 = central_share(self, 0) * subsidy0;
        let resident0 = YearRow {
            year: b,
            participants: n0,
            income_contributions: base.resident_premiums.value,
            income_subsidy: subsidy0,
            income_interest: base.resident_interest.value,
            income_other: yi(base.topup_per_head.value, n0),
            expenditure_scheduled: base.resident_expenditure.value,
            expenditure_paid: base.resident_expenditure.value,
            current_balance: base.resident_income.value - base.resident_expenditure.value,
            balance: base.resident_balance.value,
            months_of_reserve: months(base.resident_balance.value, base.resident_expenditure.value),
            reimbursement_rate: Some(base.resident_reimbursement.value),
            per_capita_expenditure_yuan: base.resident_expenditure.value * 1e4 / n0,
            subsidy_central: central0,
            subsidy_local: subsidy0 - central0,
            burden: Some(burden0),
            ..YearRow::default()
        };
        pooled.push(pooled0);
        accounts.push(accounts0);
        resident.push(resident0);

        let (mut phi_index, mut cost, mut wage, mut income) = (1.0, 1.0, base.wage.value, y0);
        let mut topup = base.topup_per_head.value;
        let pools0 = base.pools;
        let rho_e0 = base.employee_reimbursement.value;
        let rho_r0 = base.resident_reimbursement.value;
        let mut clamped_rho = false;
        let mut empty_pool = false;

        for t in 1..years {
            let year = b + t as i32;
            let l = |lv: Lever| self.lever(lv, t);
            // Demography (§3).
            let retirement = [l(Lever::RetirementAgeMen), l(Lever::RetirementAgeWomen)];
            let bands =
                demography::province_bands(base.population.value, &base.shares, &self.growth[t]);
            let split = demography::AgeSplit::new(retirement);
            let pools = demography::pools_split(&bands, &split);
            phi_index *= 1.0 + l(Lever::EmployeeFormalisation);
            let retired = r0 * pools.pension_age / pools0.pension_age;
            // Formalisation moves residents into the employee scheme and cannot move more
            // people than the insured: at most every insured person not retired is active
            // (docs/model.md §5).
            let mut active = a0 * pools.working / pools0.working * phi_index;
            let room = (base.coverage.value * pools.population - retired).max(0.0);
            let n_star = if active >= room {
                active = room;
                empty_pool = true;
                0.0
            } else {
                base.coverage.value * pools.population - active - retired
            };
            let mix = demography::resident_mix_split(
                &bands,
                &split,
                &pools,
                base.coverage.value,
                active,
                retired,
            );

            // Economy.
            cost *= 1.0 + l(Lever::EconomyMedicalCostGrowth);
            wage *= 1.0 + l(Lever::EconomyWageGrowth);
            let g_y = l(Lever::EconomyIncomeGrowth);
            income *= 1.0 + g_y;
            topup *= 1.0 + g_y;
            let pension = l(Lever::EmployeeAveragePension);
            let interest = l(Lever::EconomyInterestRate);
            let savings = l(Lever::EconomySavings);
            let eta = l(Lever::CostsInducedDemandElasticity);

            // Resident enrolment response (§6) and income (§5).
            let prem = self.premiums(t, income);
            let burden = self.burden(&prem, income);
            let eps = l(Lever::ResidentEnrolmentElasticity);
            let assisted = l(Lever::ResidentAssistedShare);
            let upper = 1.0 / base.coverage.value;
            let mut participants = 0.0;
            let mut premium_yi = 0.0;
            let cs = mix.child_share;
            let child = l(Lever::ResidentChildFactor);
            for q in 0..5 {
                let m = if burden0[q] > 0.0 && burden[q] > 0.0 {
                    (burden[q] / burden0[q]).powf(eps).clamp(0.5, upper)
                } else {
                    1.0
                };
                let nq = n_star / 5.0 * (assisted + (1.0 - assisted) * m);
                participants += nq;
                premium_yi += yi(prem[q] * (1.0 - cs + child * cs), nq);
            }
            let subsidy_yi = yi(l(Lever::ResidentSubsidy), participants);
            let central = central_share(self, t) * subsidy_yi;
            let other_yi = yi(topup, participants);
            let prev_r = resident[t - 1].balance;
            let interest_r = interest * prev_r.max(0.0);
            let income_r = premium_yi + subsidy_yi + other_yi + interest_r;
            let delta = l(Lever::ResidentMarginalCostRatio);
            let selection = if participants > 0.0 {
                (n_star - delta * (n_star - participants)) / participants
            } else {
                1.0
            };
            let rho_r =
                (rho_r0 + l(Lever::ResidentReimbursementDelta)).clamp(0.0, MAX_REIMBURSEMENT);
            let rho_e =
                (rho_e0 + l(Lever::EmployeeReimbursementDelta)).clamp(0.0, MAX_REIMBURSEMENT);
            clamped_rho |= rho_r != rho_r0 + l(Lever::ResidentReimbursementDelta)
                || rho_e != rho_e0 + l(Lever::EmployeeReimbursementDelta);
            let demand = |rho: f64, rho0: f64| ((1.0 - rho) / (1.0 - rho0)).powf(-eta);
            let x_r = base.resident_unit_cost
                * cost
                * rho_r
                * demand(rho_r, rho_r0)
                * participants
                * mix.omega
                * selection
                * (1.0 - savings);
            let sr = settle(self.rule, prev_r, income_r, x_r);
            resident.push(YearRow {
                year,
                participants,
                income_contributions: premium_yi + sr.added,
                income_subsidy: subsidy_yi,
                income_interest: interest_r,
                income_other: other_yi,
                expenditure_scheduled: x_r,
                expenditure_paid: sr.paid,
                current_balance: income_r + sr.added - sr.paid,
                balance: sr.balance,
                months_of_reserve: months(sr.balance, sr.paid),
                backstop: sr.backstop,
                reimbursement_rate: Some(if x_r > 0.0 {
                    rho_r * sr.paid / x_r
                } else {
                    rho_r
                }),
                per_capita_expenditure_yuan: if participants > 0.0 {
                    sr.paid * 1e4 / participants
                } else {
                    0.0
                },
                subsidy_central: central,
                subsidy_local: subsidy_yi - central,
                contributions_added: sr.added,
                added_contribution_per_head_yuan: if participants > 0.0 {
                    sr.added * 1e4 / participants
                } else {
                    0.0
                },
                burden: Some(burden),
                ..YearRow::default()
            });

            // Employee scheme (§5).
            let phi = l(Lever::EmployeeAbolishPa);
            let psi = l(Lever::EmployeePaOutpatientShare);
            let payroll = yi(wage, active);
            let to_accounts = base.individual_rate.value * payroll;
            let credit = yi(l(Lever::EmployeeRetireeAccountCredit) * pension, retired);
            let contrib_e = (base.employer_rate.value + l(Lever::EmployeeEmployerRateDelta))
                * payroll
                + yi(l(Lever::EmployeeRetireeRate) * pension, retired)
                + phi * to_accounts
                - (1.0 - phi) * credit;
            let account_income = (1.0 - phi) * (to_accounts + credit);
            let account_need = yi(base.account_spending_per_member * cost, active + retired);
            let prev_e = pooled[t - 1].balance;
            let interest_e = interest * prev_e.max(0.0);
            let x_e = base.employee_unit_cost
                * cost
                * rho_e
                * demand(rho_e, rho_e0)
                * (active * pools.omega_active + retired * pools.omega_retired)
                * (1.0 - savings)
                + phi * psi * account_need;
            let se = settle(self.rule, prev_e, contrib_e + interest_e, x_e);
            let members = active + retired;
            pooled.push(YearRow {
                year,
                active: Some(active),
                retired: Some(retired),
                participants: members,
                income_contributions: contrib_e + se.added,
                income_interest: interest_e,
                expenditure_scheduled: x_e,
                expenditure_paid: se.paid,
                current_balance: contrib_e + se.added + interest_e - se.paid,
                balance: se.balance,
                months_of_reserve: months(se.balance, se.paid),
                backstop: se.backstop,
                reimbursement_rate: Some(if x_e > 0.0 {
                    rho_e * se.paid / x_e
                } else {
                    rho_e
                }),
                per_capita_expenditure_yuan: se.paid * 1e4 / members,
                contributions_added: se.added,
                added_contribution_per_head_yuan: if active > 0.0 {
                    se.added * 1e4 / active
                } else {
                    0.0
                },
                ..YearRow::default()
            });

            // Personal accounts: members draw what the pool does not now pay, while balances last.
            let prev_a = accounts[t - 1].balance;
            let scheduled_a = account_need * (1.0 - phi * psi);
            let paid_a = scheduled_a.min(prev_a + account_income).max(0.0);
            let balance_a = prev_a + account_income - paid_a;
            accounts.push(YearRow {
                year,
                active: Some(active),
                retired: Some(retired),
                participants: members,
                income_contributions: account_income,
                expenditure_scheduled: scheduled_a,
                expenditure_paid: paid_a,
                current_balance: account_income - paid_a,
                balance: balance_a,
                months_of_reserve: months(balance_a, paid_a),
                per_capita_expenditure_yuan: paid_a * 1e4 / members,
                ..YearRow::default()
            });
        }
        if clamped_rho {
            notes.push(format!(
                "{}: a reimbursement rate was clamped to 0–{MAX_REIMBURSEMENT}",
                base.code
            ));
        }
        if empty_pool {
            notes.push(format!(
                "{}: employee members reach the insured; resident pool set to 0 and employee members capped at the insured",
                base.code
            ));
        }
        for rows in [&mut pooled, &mut accounts, &mut resident] {
            set_balance_without_rules(rows);
        }
        ([pooled, accounts, resident], notes)
    }
}

fn central_share(run: &ProvinceRun<'_>, t: usize) -> f64 {
    let lever = match run.base.tier {
        Tier::East => Lever::FiscalCentralShareEast,
        Tier::Central => Lever::FiscalCentralShareCentral,
        Tier::West => Lever::FiscalCentralShareWest,
    };
    run.lever(lever, t)
}

/// Sets each row's balance had no balancing rule ever acted: the balance less all money the
/// rules have put in (backstop, added contributions) or held back (benefits cut, account
/// spending beyond the balance) so far. Its first negative year is the depletion year.
fn set_balance_without_rules(rows: &mut [YearRow]) {
    let mut rule_money = 0.0;
    for r in rows {
        rule_money +=
            r.backstop + r.contributions_added + (r.expenditure_scheduled - r.expenditure_paid);
        r.balance_before_rule = r.balance - rule_money;
    }
}

/// The nation: sums of the provinces' rows, with ratios recomputed from the sums.
fn sum_rows(parts: &[&Series]) -> Vec<YearRow> {
    let years = parts.first().map_or(0, |s| s.rows.len());
    (0..years)
        .map(|t| {
            let mut r = YearRow {
                year: parts[0].rows[t].year,
                ..YearRow::default()
            };
            let (mut rho_w, mut burden_w) = (0.0, [0.0; 5]);
            let mut has_rho = false;
            let mut has_burden = false;
            // Unweighted sums, for years where every part has zero weight (an emptied pool).
            let (mut rho_sum, mut rho_n, mut burden_sum, mut burden_n) = (0.0, 0.0, [0.0; 5], 0.0);
            for s in parts {
                let x = &s.rows[t];
                if let Some(a) = x.active {
                    *r.active.get_or_insert(0.0) += a;
                }
                if let Some(a) = x.retired {
                    *r.retired.get_or_insert(0.0) += a;
                }
                r.participants += x.participants;
                r.income_contributions += x.income_contributions;
                r.income_subsidy += x.income_subsidy;
                r.income_interest += x.income_interest;
                r.income_other += x.income_other;
                r.transfers_in += x.transfers_in;
                r.transfers_out += x.transfers_out;
                r.expenditure_scheduled += x.expenditure_scheduled;
                r.expenditure_paid += x.expenditure_paid;
                r.current_balance += x.current_balance;
                r.balance += x.balance;
                r.balance_before_rule += x.balance_before_rule;
                r.backstop += x.backstop;
                r.contributions_added += x.contributions_added;
                r.subsidy_central += x.subsidy_central;
                r.subsidy_local += x.subsidy_local;
                if let Some(rho) = x.reimbursement_rate {
                    rho_w += rho * x.expenditure_scheduled;
                    rho_sum += rho;
                    rho_n += 1.0;
                    has_rho = true;
                }
                if let Some(bq) = x.burden {
                    for q in 0..5 {
                        burden_w[q] += bq[q] * x.participants;
                        burden_sum[q] += bq[q];
                    }
                    burden_n += 1.0;
                    has_burden = true;
                }
            }
            r.months_of_reserve = months(r.balance, r.expenditure_paid);
            // The nation fills a rate whenever its parts do: weighted by scheduled spending, or
            // the plain mean when no part spends (docs/model.md, "Totals").
            if has_rho {
                r.reimbursement_rate = Some(if r.expenditure_scheduled > 0.0 {
                    rho_w / r.expenditure_scheduled
                } else {
                    rho_sum / rho_n
                });
            }
            // Added contributions are per active member in the employee funds.
            let heads = r.active.unwrap_or(r.participants);
            if heads > 0.0 {
                r.added_contribution_per_head_yuan = r.contributions_added * 1e4 / heads;
            }
            if r.participants > 0.0 {
                r.per_capita_expenditure_yuan = r.expenditure_paid * 1e4 / r.participants;
                if has_burden {
                    r.burden = Some(burden_w.map(|v| v / r.participants));
                }
            } else if has_burden {
                r.burden = Some(burden_sum.map(|v| v / burden_n));
            }
            r
        })
        .collect()
}
