//! The base-year state of the 31 provinces, calibrated to the national bulletin by the recipe of
//! DATA.md (steps 1–9). Every base value carries its provenance.
//!
//! Lever values in the base year enter here only as assumptions of the split (average pension,
//! retiree credit, premium and subsidy standards, child factor, retirement ages, interest); the
//! published totals are reproduced whatever they are.

use super::data::{BANDS, Dataset, Sourced, Tier};
use super::demography::{self, Pools, ResidentMix};
use super::levers::Lever;
use super::resolve::Resolved;

/// ⚑ Share of employee fund income credited to personal accounts in 2022 (DATA.md step 1).
pub const ACCOUNT_INCOME_SHARE: f64 = 0.29;
/// ⚑ Elasticity of the employee share of the insured with respect to relative income (step 3).
pub const EMPLOYEE_SHARE_INCOME_ELASTICITY: f64 = 1.5;
/// ⚑ Cap on the employee share of a province's insured (step 3).
pub const EMPLOYEE_SHARE_CAP: f64 = 0.9;

/// Converts yuan per head × 万人 into 亿元.
pub fn yi(yuan_per_head: f64, wan: f64) -> f64 {
    yuan_per_head * wan / 1e4
}

/// The calibrated base state of one province.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceBase {
    /// Province code.
    pub code: String,
    /// Subsidy tier.
    pub tier: Tier,
    /// Year-end population, 万人.
    pub population: Sourced,
    /// Age shares by sex and band.
    pub shares: [[f64; BANDS]; 2],
    /// Insured ÷ population (cov_p).
    pub coverage: Sourced,
    /// Employee actives, 万人.
    pub active: Sourced,
    /// Employee retirees, 万人.
    pub retired: Sourced,
    /// Resident participants, 万人.
    pub residents: Sourced,
    /// Average wage, yuan.
    pub wage: Sourced,
    /// Per-capita disposable income, yuan.
    pub income: Sourced,
    /// Employee fund income incl. maternity, 亿元.
    pub employee_income: Sourced,
    /// Employee fund expenditure incl. maternity, 亿元.
    pub employee_expenditure: Sourced,
    /// Pooled fund income (contributions + interest), 亿元.
    pub pooled_income: Sourced,
    /// Pooled fund interest in the base year, 亿元.
    pub pooled_interest: Sourced,
    /// Pooled fund expenditure, 亿元.
    pub pooled_expenditure: Sourced,
    /// Pooled fund balance, 亿元.
    pub pooled_balance: Sourced,
    /// Personal-account income, 亿元.
    pub account_income: Sourced,
    /// Personal-account spending, 亿元.
    pub account_expenditure: Sourced,
    /// Personal-account balance, 亿元.
    pub account_balance: Sourced,
    /// Calibrated effective employer rate into the pool (c_E).
    pub employer_rate: Sourced,
    /// Calibrated effective individual rate into accounts (c_I).
    pub individual_rate: Sourced,
    /// Average pension, yuan (base-year lever value).
    pub pension: Sourced,
    /// Resident fund income, 亿元.
    pub resident_income: Sourced,
    /// Resident premiums, 亿元.
    pub resident_premiums: Sourced,
    /// Resident fiscal subsidy at the national standard, 亿元.
    pub resident_subsidy: Sourced,
    /// Resident interest in the base year, 亿元.
    pub resident_interest: Sourced,
    /// Local top-up above the national standard per participant (τ), yuan.
    pub topup_per_head: Sourced,
    /// Resident fund expenditure, 亿元.
    pub resident_expenditure: Sourced,
    /// Resident fund balance, 亿元.
    pub resident_balance: Sourced,
    /// Employee policy-scope reimbursement rate ρ_E.
    pub employee_reimbursement: Sourced,
    /// Resident policy-scope reimbursement rate ρ_R.
    pub resident_reimbursement: Sourced,
    /// Employee unit cost u_E (亿元 per 万 weighted heads at full reimbursement).
    pub employee_unit_cost: f64,
    /// Resident unit cost u_R.
    pub resident_unit_cost: f64,
    /// Personal-account spending per employee member, yuan.
    pub account_spending_per_member: f64,
    /// Pools of the base year.
    pub pools: Pools,
    /// Resident age mix of the base year.
    pub resident_mix: ResidentMix,
    /// Adult premium in the base year, yuan.
    pub premium: f64,
}

/// Normalisation factors of the recipe: far from 1 means an upstream step is off.
#[derive(Clone, Debug, PartialEq)]
pub struct Factors {
    /// Step 3: scale k of (y_p/y)^1.5 so that employees sum to the bulletin.
    pub employee_share_scale: f64,
    /// Step 3: scale applied to actives after the ratio split.
    pub active_scale: f64,
    /// Step 3: scale applied to retirees after the ratio split.
    pub retired_scale: f64,
    /// Step 4: employee income normalisation.
    pub employee_income: f64,
    /// Step 5: employee spending normalisation (relative units, not expected near 1).
    pub employee_spending: f64,
    /// Step 6: resident income normalisation.
    pub resident_income: f64,
    /// Step 7: resident spending normalisation (relative units).
    pub resident_spending: f64,
    /// Step 7: resident balance normalisation.
    pub resident_balance: f64,
}

/// The calibrated base year.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// Base year.
    pub base_year: i32,
    /// Provinces in data order.
    pub provinces: Vec<ProvinceBase>,
    /// Normalisation factors.
    pub factors: Factors,
    /// National quintile incomes relative to the national mean (m_q).
    pub quintile_ratio: [f64; 5],
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// Runs the calibration recipe with the base-year lever values of `levers`.
pub fn calibrate(data: &Dataset, levers: &Resolved) -> Calibration {
    let nat = &data.national;
    let b = data.base_year;
    let mut warnings = Vec::new();
    let n = data.provinces.len();
    let pop_sum: f64 = data.provinces.iter().map(|p| p.population_wan.value).sum();
    let y_nat = nat.income_mean_yuan.value;

    // Step 8: age structures.
    let nat_bands = [
        *data.population.bands(b, 0).unwrap_or(&[0.0; BANDS]),
        *data.population.bands(b, 1).unwrap_or(&[0.0; BANDS]),
    ];
    let shares: Vec<[[f64; BANDS]; 2]> = data
        .provinces
        .iter()
        .map(|p| {
            demography::province_shares(&nat_bands, nat.share_65plus.value, p.share_65plus.value)
        })
        .collect();
    let ones = [[1.0; BANDS]; 2];
    let retirement = |p: usize| {
        [
            levers.in_year(Lever::RetirementAgeMen, p, b),
            levers.in_year(Lever::RetirementAgeWomen, p, b),
        ]
    };
    let bands: Vec<[[f64; BANDS]; 2]> = (0..n)
        .map(|p| {
            demography::province_bands(data.provinces[p].population_wan.value, &shares[p], &ones)
        })
        .collect();
    let pools: Vec<Pools> = (0..n)
        .map(|p| demography::pools(&bands[p], retirement(p)))
        .collect();

    // Step 2: insured people, uniform coverage.
    let coverage = nat.insured_total.value / pop_sum;
    let insured: Vec<f64> = data
        .provinces
        .iter()
        .map(|p| p.population_wan.value * coverage)
        .collect();

    // Step 3: employee members.
    let raw_share: Vec<f64> = data
        .provinces
        .iter()
        .map(|p| (p.income_yuan.value / y_nat).powf(EMPLOYEE_SHARE_INCOME_ELASTICITY))
        .collect();
    let employees_at = |k: f64| -> f64 {
        (0..n)
            .map(|p| (k * raw_share[p]).min(EMPLOYEE_SHARE_CAP) * insured[p])
            .sum()
    };
    let (mut lo, mut hi) = (0.0, 10.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if employees_at(mid) < nat.employee_members.value {
            lo = mid
        } else {
            hi = mid
        }
    }
    let k = 0.5 * (lo + hi);
    let employees: Vec<f64> = (0..n)
        .map(|p| (k * raw_share[p]).min(EMPLOYEE_SHARE_CAP) * insured[p])
        .collect();
    let ratio: Vec<f64> = data
        .provinces
        .iter()
        .map(|p| p.active_per_retired.value)
        .collect();
    let a0: Vec<f64> = (0..n)
        .map(|p| employees[p] * ratio[p] / (1.0 + ratio[p]))
        .collect();
    let r0: Vec<f64> = (0..n).map(|p| employees[p] / (1.0 + ratio[p])).collect();
    let active_scale = nat.employee_active.value / a0.iter().sum::<f64>();
    let retired_scale = nat.employee_retired.value / r0.iter().sum::<f64>();
    let active: Vec<f64> = a0.iter().map(|a| a * active_scale).collect();
    let retired: Vec<f64> = r0.iter().map(|r| r * retired_scale).collect();
    let residents: Vec<f64> = (0..n)
        .map(|p| insured[p] - active[p] - retired[p])
        .collect();
    for (p, r) in residents.iter().enumerate() {
        if *r <= 0.0 {
            warnings.push(format!(
                "{}: calibrated resident participants are not positive",
                data.provinces[p].code
            ));
        }
    }

    // Step 4: employee income.
    let wage: Vec<f64> = data.provinces.iter().map(|p| p.wage_yuan.value).collect();
    let raw_inc: Vec<f64> = (0..n)
        .map(|p| data.provinces[p].employee_rate.value * yi(wage[p], active[p]))
        .collect();
    let f_inc = nat.employee_income.value / raw_inc.iter().sum::<f64>();
    let emp_income: Vec<f64> = raw_inc.iter().map(|x| x * f_inc).collect();

    // Step 5: employee spending and balances.
    let w_nat = (0..n).map(|p| wage[p] * active[p]).sum::<f64>() / active.iter().sum::<f64>();
    let raw_x: Vec<f64> = (0..n)
        .map(|p| {
            (active[p] * pools[p].omega_active + retired[p] * pools[p].omega_retired) * wage[p]
                / w_nat
        })
        .collect();
    let f_x = nat.employee_expenditure.value / raw_x.iter().sum::<f64>();
    let emp_exp: Vec<f64> = raw_x.iter().map(|x| x * f_x).collect();

    // Step 1: pooled vs accounts.
    let acc_income_nat = ACCOUNT_INCOME_SHARE * nat.employee_income.value;
    let acc_change = nat.accounts_balance.value - nat.accounts_balance_previous.value;
    let acc_spend_nat = acc_income_nat - acc_change;
    let acc_spend_share = acc_spend_nat / nat.employee_expenditure.value;
    let pooled_balance_nat =
        nat.total_balance.value - nat.resident_balance.value - nat.accounts_balance.value;
    let pooled_exp: Vec<f64> = emp_exp
        .iter()
        .map(|x| x * (1.0 - acc_spend_share))
        .collect();
    let pooled_exp_nat: f64 = pooled_exp.iter().sum();

    // Step 6: resident income.
    let raw_r: Vec<f64> = (0..n)
        .map(|p| {
            data.provinces[p].resident_funding_ratio.value
                * yi(data.provinces[p].income_yuan.value, residents[p])
        })
        .collect();
    let f_r = nat.resident_income.value / raw_r.iter().sum::<f64>();

    // Step 7: resident spending and balance.
    let mixes: Vec<ResidentMix> = (0..n)
        .map(|p| {
            demography::resident_mix(
                &bands[p],
                retirement(p),
                &pools[p],
                coverage,
                active[p],
                retired[p],
            )
        })
        .collect();
    let rho_r_nat = nat.resident_reimbursement.value;
    let raw_rx: Vec<f64> = (0..n)
        .map(|p| {
            let pr = &data.provinces[p];
            residents[p]
                * (pr.income_yuan.value / y_nat)
                * mixes[p].omega
                * (pr.resident_reimbursement.value / rho_r_nat)
        })
        .collect();
    let f_rx = nat.resident_expenditure.value / raw_rx.iter().sum::<f64>();
    let res_exp: Vec<f64> = raw_rx.iter().map(|x| x * f_rx).collect();
    let raw_rb: Vec<f64> = (0..n)
        .map(|p| data.provinces[p].resident_months.value * res_exp[p] / 12.0)
        .collect();
    let f_rb = nat.resident_balance.value / raw_rb.iter().sum::<f64>();

    let acc_income_total: f64 = emp_income.iter().map(|e| e * ACCOUNT_INCOME_SHARE).sum();
    let quintile_ratio = nat.income_quintiles_yuan.clone().map(|q| q.value / y_nat);

    let mut provinces = Vec::with_capacity(n);
    for p in 0..n {
        let pr = &data.provinces[p];
        let interest = levers.in_year(Lever::EconomyInterestRate, p, b);
        let pension = levers.in_year(Lever::EmployeeAveragePension, p, b);
        let k_ret = levers.in_year(Lever::EmployeeRetireeAccountCredit, p, b);

        // Employee: accounts and pool.
        let acc_income = emp_income[p] * ACCOUNT_INCOME_SHARE;
        let pooled_income = emp_income[p] - acc_income;
        let acc_exp = emp_exp[p] * acc_spend_share;
        let pooled_balance = pooled_balance_nat * pooled_exp[p] / pooled_exp_nat;
        let acc_balance = nat.accounts_balance.value * acc_income / acc_income_total;
        let pooled_prev = pooled_balance - (pooled_income - pooled_exp[p]);
        let pooled_interest = interest * pooled_prev.max(0.0);
        let credit = yi(k_ret * pension, retired[p]);
        let payroll = yi(wage[p], active[p]);
        let mut individual_rate = (acc_income - credit) / payroll;
        if individual_rate < 0.0 {
            warnings.push(format!(
                "{}: the retiree account credit exceeds account income; individual rate set to 0",
                pr.code
            ));
            individual_rate = 0.0;
        }
        let employer_rate = (pooled_income - pooled_interest + credit) / payroll;
        let rho_e = pr.employee_reimbursement.value;
        let weighted_emp = active[p] * pools[p].omega_active + retired[p] * pools[p].omega_retired;

        // Resident.
        let res_income = raw_r[p] * f_r;
        let res_balance = raw_rb[p] * f_rb;
        let res_prev = res_balance - (res_income - res_exp[p]);
        let res_interest = interest * res_prev.max(0.0);
        let premium = levers.in_year(Lever::ResidentPremium, p, b);
        let subsidy = levers.in_year(Lever::ResidentSubsidy, p, b);
        let child = levers.in_year(Lever::ResidentChildFactor, p, b);
        let cs = mixes[p].child_share;
        let premiums = yi(premium * (1.0 - cs + child * cs), residents[p]);
        let subsidy_yi = yi(subsidy, residents[p]);
        let topup = (res_income - res_interest - premiums - subsidy_yi) * 1e4 / residents[p];
        let rho_r = pr.resident_reimbursement.value;

        let d = |v: f64, s: &'static str| Sourced::derived(v, s);
        let a = |v: f64, s: &'static str| Sourced::assumed(v, s);
        provinces.push(ProvinceBase {
            code: pr.code.clone(),
            tier: pr.region.tier(),
            population: pr.population_wan.clone(),
            shares: shares[p],
            coverage: a(coverage, "⚑ uniform coverage: insured 134,592 ÷ provincial population 140,975 (DATA.md step 2)"),
            active: a(active[p], "⚑ employee share ∝ (y_p/y)^1.5, cap 0.9, split by Table 1 ratio, scaled to 26,607 (step 3)"),
            retired: a(retired[p], "⚑ employee share ∝ (y_p/y)^1.5, cap 0.9, split by Table 1 ratio, scaled to 9,636 (step 3)"),
            residents: d(residents[p], "insured − actives − retirees (step 3)"),
            wage: pr.wage_yuan.clone(),
            income: pr.income_yuan.clone(),
            employee_income: d(emp_income[p], "Table 3 effective rate × actives × wage, normalised to 20,793.27 (step 4)"),
            employee_expenditure: a(emp_exp[p], "⚑ ∝ (actives·ω_A + retirees·ω_R) × w_p/w, normalised to 15,243.80 (step 5)"),
            pooled_income: a(pooled_income, "⚑ 71 % of employee income (step 1)"),
            pooled_interest: d(pooled_interest, "i × (balance − current balance), the implied opening balance"),
            pooled_expenditure: a(pooled_exp[p], "⚑ employee spending × national pooled share 11,172.42 / 15,243.80 (step 1)"),
            pooled_balance: a(pooled_balance, "⚑ national pooled months of reserve in every province (step 5)"),
            account_income: a(acc_income, "⚑ 29 % of employee income (step 1)"),
            account_expenditure: a(acc_exp, "⚑ employee spending × national account share 4,071.38 / 15,243.80 (step 1)"),
            account_balance: a(acc_balance, "⚑ national account balance 13,712.65 split by account income"),
            employer_rate: d(employer_rate, "(pooled income − interest + retiree credit) ÷ payroll"),
            individual_rate: d(individual_rate, "(account income − retiree credit) ÷ payroll"),
            pension: a(pension, "⚑ lever employee.average_pension in the base year"),
            resident_income: d(res_income, "Table 3 funding ratio × participants × income, normalised to 10,128.90 (step 6)"),
            resident_premiums: d(premiums, "premium × (adults + child factor × children) × participants"),
            resident_subsidy: d(subsidy_yi, "national minimum subsidy × participants"),
            resident_interest: d(res_interest, "i × (balance − current balance), the implied opening balance"),
            topup_per_head: d(topup, "(income − interest − premiums − subsidy) ÷ participants (step 6)"),
            resident_expenditure: a(res_exp[p], "⚑ ∝ participants × (y_p/y) × age factor × ρ_p/ρ, normalised to 9,353.44 (step 7)"),
            resident_balance: d(res_balance, "Table 1 months × spending / 12, normalised to 7,534.13 (step 7)"),
            employee_reimbursement: pr.employee_reimbursement.clone(),
            resident_reimbursement: pr.resident_reimbursement.clone(),
            employee_unit_cost: pooled_exp[p] / (rho_e * weighted_emp),
            resident_unit_cost: res_exp[p] / (rho_r * residents[p] * mixes[p].omega),
            account_spending_per_member: acc_exp * 1e4 / (active[p] + retired[p]),
            pools: pools[p],
            resident_mix: mixes[p],
            premium,
        });
    }

    Calibration {
        base_year: b,
        provinces,
        factors: Factors {
            employee_share_scale: k,
            active_scale,
            retired_scale,
            employee_income: f_inc,
            employee_spending: f_x,
            resident_income: f_r,
            resident_spending: f_rx,
            resident_balance: f_rb,
        },
        quintile_ratio,
        warnings,
    }
}
