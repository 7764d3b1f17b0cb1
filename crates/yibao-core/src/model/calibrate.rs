//! The base-year state of the 31 provinces, calibrated to the national bulletin by the recipe of
//! docs/model.md §3 and §11 (calibration steps 1–10, guard rails of step 12). Every base value carries its provenance.
//!
//! One function per recipe step, each returning a small struct. Published provincial accounts
//! (step 10) enter every step as fixed values; the other provinces absorb the rest of each
//! national anchor, and the normalisation factors say by how much.
//!
//! Lever values in the base year enter here only as assumptions of the split (average pension,
//! retiree credit, premium and subsidy standards, child factor, retirement ages, interest); the
//! published totals are reproduced whatever they are.

use super::accounts::{AccountRow, Item, Scheme};
use super::data::{BANDS, Dataset, Provenance, Sourced, Tier};
use super::demography::{self, Pools, ResidentMix};
use super::levers::Lever;
use super::resolve::Resolved;

/// ⚑ Share of employee fund income credited to personal accounts in 2022 (calibration step 1, docs/model.md §3).
pub const ACCOUNT_INCOME_SHARE: f64 = 0.29;
/// ⚑ Elasticity of the employee share of the insured with respect to relative income (step 3).
pub const EMPLOYEE_SHARE_INCOME_ELASTICITY: f64 = 1.5;
/// ⚑ Cap on the employee share of a province's insured (step 3).
pub const EMPLOYEE_SHARE_CAP: f64 = 0.9;
/// ⚑ Largest distance of a province's resident margin from the national margin (step 7).
pub const MARGIN_CAP: f64 = 0.15;
/// Step 12: a calibrated current margin beyond ± this share of income is an error.
pub const MARGIN_LIMIT: f64 = 0.40;

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
    /// Resident current margin the v1 spending formula gives (step 7), fraction of income.
    pub resident_margin_structural: f64,
    /// Whether the resident margin rests on the λ rule alone, no published figure of the
    /// province informing it (an estimate: results carry a range, docs/model.md §3).
    pub resident_estimate: bool,
    /// Items taken from published provincial accounts (step 10); all others are modelled.
    pub published: Vec<(Scheme, Item)>,
}

impl ProvinceBase {
    /// Resident current margin (income − expenditure) ÷ income in the base year.
    pub fn resident_margin(&self) -> f64 {
        1.0 - self.resident_expenditure.value / self.resident_income.value
    }
}

/// Normalisation factors of the recipe: far from 1 means an upstream step is off. With published
/// accounts they apply to the provinces without published figures only.
#[derive(Clone, Debug, PartialEq)]
pub struct Factors {
    /// Step 2: uniform coverage c of the provinces without published participants.
    pub coverage: f64,
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
    /// Step 7: resident spending normalisation after the margin shift (1 unless every free
    /// margin is at its cap).
    pub resident_spending: f64,
    /// Step 7: common shift of the free provinces' margins, fraction of income.
    pub resident_margin_shift: f64,
    /// Step 7: resident balance normalisation.
    pub resident_balance: f64,
}

impl Factors {
    /// `(id, value)` pairs in report order.
    pub fn rows(&self) -> [(&'static str, f64); 10] {
        [
            ("step2_coverage", self.coverage),
            ("step3_employee_share_scale", self.employee_share_scale),
            ("step3_active_scale", self.active_scale),
            ("step3_retired_scale", self.retired_scale),
            ("step4_employee_income", self.employee_income),
            ("step5_employee_spending", self.employee_spending),
            ("step6_resident_income", self.resident_income),
            ("step7_resident_spending", self.resident_spending),
            ("step7_resident_margin_shift", self.resident_margin_shift),
            ("step7_resident_balance", self.resident_balance),
        ]
    }
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
    /// The margin shrinkage λ used in step 7.
    pub lambda: f64,
    /// The spread σ of the published provinces' deviations from the national resident margin
    /// (step 7): an estimated province's margin is moved by ±σ for its range.
    pub margin_spread: f64,
    /// The offset added to every estimated province's resident margin (0 but in the range
    /// runs, [`calibrate_with_offset`]).
    pub margin_offset: f64,
    /// The national resident margin m̄ of the base year.
    pub national_margin: f64,
    /// National quintile incomes relative to the national mean (m_q).
    pub quintile_ratio: [f64; 5],
    /// Things the user should know.
    pub warnings: Vec<CalibrationWarning>,
}

/// A suspicious but possible state (calibration step 12, docs/model.md §11), listed by `yibao data` and the app.
#[derive(Clone, Debug, PartialEq)]
pub enum CalibrationWarning {
    /// The retiree account credit exceeds account income; the individual rate was set to 0.
    IndividualRateClamped {
        /// Province code.
        province: String,
    },
    /// A fund needed a backstop in a history year of the current-law run.
    BackstopInHistory {
        /// Province code.
        province: String,
        /// Fund id.
        fund: &'static str,
        /// Calendar year.
        year: i32,
        /// Backstop, 亿元.
        amount: f64,
    },
    /// A history-year factor outside 0.85–1.15.
    HistoryFactor {
        /// Calendar year.
        year: i32,
        /// Fund id.
        fund: &'static str,
        /// Item id.
        item: &'static str,
        /// The factor.
        factor: f64,
    },
}

impl std::fmt::Display for CalibrationWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CalibrationWarning::IndividualRateClamped { province } => write!(
                f,
                "{province}: the retiree account credit exceeds account income; individual rate set to 0"
            ),
            CalibrationWarning::BackstopInHistory {
                province,
                fund,
                year,
                amount,
            } => write!(
                f,
                "{province}: the {fund} fund needs a backstop of {amount:.2} 亿元 in the history year {year}"
            ),
            CalibrationWarning::HistoryFactor {
                year,
                fund,
                item,
                factor,
            } => write!(
                f,
                "history year {year}: the {fund} {item} factor {factor:.4} is outside 0.85–1.15"
            ),
        }
    }
}

/// An impossible calibrated state (calibration step 12, docs/model.md §11).
#[derive(Clone, Debug, PartialEq)]
pub struct CalibrationError {
    /// Province code.
    pub province: String,
    /// Recipe step (docs/model.md §3).
    pub step: u8,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "calibration step {}, province {}: {}",
            self.step, self.province, self.message
        )
    }
}

/// Where a published base-year figure comes from: a row of the accounts, or income less the
/// current balance (当期结余) where the accounts give those two and not the expenditure.
enum Found<'a> {
    Row(&'a AccountRow),
    IncomeLessCurrent(&'a AccountRow, &'a AccountRow),
}

/// The accounts' rows behind province `p`'s published base-year figure, if they give it.
fn find_published(data: &Dataset, p: usize, scheme: Scheme, item: Item) -> Option<Found<'_>> {
    let code = &data.provinces[p].code;
    let row = |item| data.accounts.get(code, data.base_year, scheme, item);
    if let Some(r) = row(item) {
        return Some(Found::Row(r));
    }
    if item != Item::Expenditure {
        return None;
    }
    Some(Found::IncomeLessCurrent(
        row(Item::Income)?,
        row(Item::CurrentBalance)?,
    ))
}

/// Published base-year figure of province `p`, if the accounts give it.
fn published(data: &Dataset, p: usize, scheme: Scheme, item: Item) -> Option<Sourced> {
    Some(match find_published(data, p, scheme, item)? {
        Found::Row(r) => Sourced {
            value: r.value,
            tag: r.tag,
            source: r.source().into(),
        },
        Found::IncomeLessCurrent(income, current) => Sourced {
            value: income.value - current.value,
            tag: Provenance::Derived,
            source: format!(
                "income − current balance: {}; {}",
                income.source(),
                current.source()
            )
            .into(),
        },
    })
}

/// The cap on a province's published deviation from the national resident margin (docs/model.md
/// §3, step 7): ±30 points.
pub const EVIDENCE_CAP: f64 = 0.30;

/// One year's published evidence on a province's resident margin (docs/model.md §3, step 7).
#[derive(Clone, Debug, PartialEq)]
pub struct MarginEvidence {
    /// Calendar year.
    pub year: i32,
    /// The province's current margin (income − expenditure) ÷ income that year.
    pub margin: f64,
    /// The nation's margin that year.
    pub national: f64,
}

/// Every year (up to the last history year) in which province `p` publishes its resident
/// expenditure or current balance and the nation's resident flows are known: the province's
/// margin beside the nation's. Income is the published figure, else the province's base-year
/// income `base_income` moved with the nation's resident income.
pub fn resident_evidence(data: &Dataset, p: usize, base_income: f64) -> Vec<MarginEvidence> {
    let code = data.provinces[p].code.as_str();
    let mut years: Vec<i32> = data
        .accounts
        .rows
        .iter()
        .filter(|r| {
            r.code == code
                && r.scheme == Scheme::Resident
                && matches!(r.item, Item::Expenditure | Item::CurrentBalance)
                && r.year <= data.history_until
        })
        .map(|r| r.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let base_national = data.national.resident_income.value;
    years
        .into_iter()
        .filter_map(|year| {
            let (n_income, n_spending) = data.national_resident_flows(year)?;
            let get = |item| data.accounts.value(code, year, Scheme::Resident, item);
            let income = get(Item::Income).unwrap_or(base_income * n_income / base_national);
            if income <= 0.0 || n_income <= 0.0 {
                return None;
            }
            let margin = match (get(Item::Expenditure), get(Item::CurrentBalance)) {
                (Some(x), _) => 1.0 - x / income,
                (None, Some(cb)) => cb / income,
                (None, None) => return None,
            };
            Some(MarginEvidence {
                year,
                margin,
                national: 1.0 - n_spending / n_income,
            })
        })
        .collect()
}

/// The mean deviation m_p,y − m̄_y of `evidence`, capped to ±[`EVIDENCE_CAP`]; `None` without
/// evidence.
pub fn mean_deviation(evidence: &[MarginEvidence]) -> Option<f64> {
    if evidence.is_empty() {
        return None;
    }
    let d: f64 =
        evidence.iter().map(|e| e.margin - e.national).sum::<f64>() / evidence.len() as f64;
    Some(d.clamp(-EVIDENCE_CAP, EVIDENCE_CAP))
}

/// Scales the free values so that free + fixed sum to `total`; returns the values and the factor.
fn normalise(raw: &[f64], fixed: &[Option<f64>], total: f64) -> (Vec<f64>, f64) {
    let fixed_sum: f64 = fixed.iter().flatten().sum();
    let free_sum: f64 = raw
        .iter()
        .zip(fixed)
        .filter(|(_, f)| f.is_none())
        .map(|(r, _)| r)
        .sum();
    let f = if free_sum != 0.0 {
        (total - fixed_sum) / free_sum
    } else {
        1.0
    };
    let values = raw
        .iter()
        .zip(fixed)
        .map(|(r, x)| x.unwrap_or(r * f))
        .collect();
    (values, f)
}

/// A value fixed by the accounts, else the modelled one with its provenance.
fn pick(fixed: &Option<Sourced>, modelled: Sourced) -> Sourced {
    fixed.clone().unwrap_or(modelled)
}

fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let neg = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    let frac = frac.trim_end_matches('0');
    format!(
        "{}{out}{}{frac}",
        if neg { "-" } else { "" },
        if frac.is_empty() { "" } else { "." }
    )
}

/// Step 8: age structures and pools of the base year.
pub struct Ages {
    /// Age shares by sex and band.
    pub shares: Vec<[[f64; BANDS]; 2]>,
    /// People by sex and band, 万人.
    pub bands: Vec<[[f64; BANDS]; 2]>,
    /// Working-age and pension-age pools.
    pub pools: Vec<Pools>,
    /// Retirement ages (men, women) per province.
    pub retirement: Vec<[f64; 2]>,
}

/// Step 8: national WPP bands scaled to the NBS 65+ share and tilted to each province's.
pub fn step8_ages(data: &Dataset, levers: &Resolved) -> Ages {
    let b = data.base_year;
    let nat = &data.national;
    let nat_bands = [
        *data.population.bands(b, 0).unwrap_or(&[0.0; BANDS]),
        *data.population.bands(b, 1).unwrap_or(&[0.0; BANDS]),
    ];
    let ones = [[1.0; BANDS]; 2];
    let mut ages = Ages {
        shares: Vec::new(),
        bands: Vec::new(),
        pools: Vec::new(),
        retirement: Vec::new(),
    };
    for (p, pr) in data.provinces.iter().enumerate() {
        let shares =
            demography::province_shares(&nat_bands, nat.share_65plus.value, pr.share_65plus.value);
        let bands = demography::province_bands(pr.population_wan.value, &shares, &ones);
        let retirement = [
            levers.in_year(Lever::RetirementAgeMen, p, b),
            levers.in_year(Lever::RetirementAgeWomen, p, b),
        ];
        ages.pools.push(demography::pools(&bands, retirement));
        ages.shares.push(shares);
        ages.bands.push(bands);
        ages.retirement.push(retirement);
    }
    ages
}

/// Step 2: insured people per province.
pub struct Insured {
    /// Insured ÷ population per province.
    pub coverage: Vec<Sourced>,
    /// Insured people, 万人.
    pub insured: Vec<f64>,
    /// The uniform coverage of the provinces without published participants.
    pub uniform: f64,
}

/// Step 2: published participants where both schemes are given, else uniform coverage
/// normalised so that the provinces sum to the national insured.
pub fn step2_insured(data: &Dataset) -> Insured {
    let nat = data.national.insured_total.value;
    let fixed: Vec<Option<f64>> = (0..data.provinces.len())
        .map(|p| {
            let e = published(data, p, Scheme::Employee, Item::Participants)?;
            let r = published(data, p, Scheme::Resident, Item::Participants)?;
            Some(e.value + r.value)
        })
        .collect();
    let pop: Vec<f64> = data
        .provinces
        .iter()
        .map(|p| p.population_wan.value)
        .collect();
    let (insured, c) = normalise(&pop, &fixed, nat);
    let free_pop: f64 = pop
        .iter()
        .zip(&fixed)
        .filter(|(_, f)| f.is_none())
        .map(|(p, _)| p)
        .sum();
    // The free provinces share one text, formatted once.
    let uniform = format!(
        "⚑ uniform coverage: insured {} less published {} over population {} (calibration step 2, docs/model.md §3)",
        number(nat),
        number(fixed.iter().flatten().sum()),
        number(free_pop)
    );
    let coverage = (0..pop.len())
        .map(|p| match fixed[p] {
            Some(t) => Sourced::derived(
                t / pop[p],
                format!("published employee + resident participants {} ÷ population {} (calibration step 2, docs/model.md §3)", number(t), number(pop[p])),
            ),
            None => Sourced::assumed(c, uniform.clone()),
        })
        .collect();
    Insured {
        coverage,
        insured,
        uniform: c,
    }
}

/// Step 3: employee members and residents per province.
pub struct MemberCounts {
    /// Actives, 万人.
    pub active: Vec<Sourced>,
    /// Retirees, 万人.
    pub retired: Vec<Sourced>,
    /// Residents, 万人.
    pub residents: Vec<Sourced>,
    /// Scale k of the employee share.
    pub share_scale: f64,
    /// Scale of the free actives.
    pub active_scale: f64,
    /// Scale of the free retirees.
    pub retired_scale: f64,
}

/// Employees of province `p` fixed by the accounts: published members, or the insured less
/// published residents.
fn fixed_employees(data: &Dataset, p: usize, insured: f64) -> Option<f64> {
    if let Some(e) = published(data, p, Scheme::Employee, Item::Participants) {
        return Some(e.value);
    }
    let a = published(data, p, Scheme::Employee, Item::Active);
    let r = published(data, p, Scheme::Employee, Item::Retired);
    if let (Some(a), Some(r)) = (a, r) {
        return Some(a.value + r.value);
    }
    published(data, p, Scheme::Resident, Item::Participants).map(|r| insured - r.value)
}

/// Bisection for the scale k of the employee share so that the free provinces reach `target`.
fn employee_share_scale(raw: &[f64], insured: &[f64], free: &[bool], target: f64) -> f64 {
    let at = |k: f64| -> f64 {
        (0..raw.len())
            .filter(|p| free[*p])
            .map(|p| (k * raw[p]).min(EMPLOYEE_SHARE_CAP) * insured[p])
            .sum()
    };
    let (mut lo, mut hi) = (0.0, 10.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if at(mid) < target { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

/// Actives and retirees fixed by the accounts (published, or a published total split by the
/// Table 1 ratio), with the published rows themselves.
struct FixedSplit {
    active: Vec<Option<f64>>,
    retired: Vec<Option<f64>>,
    pub_active: Vec<Option<Sourced>>,
    pub_retired: Vec<Option<Sourced>>,
}

fn fixed_split(
    data: &Dataset,
    fixed_e: &[Option<f64>],
    employees: &[f64],
    ratio_active: &[f64],
) -> FixedSplit {
    let n = employees.len();
    let pub_active: Vec<Option<Sourced>> = (0..n)
        .map(|p| published(data, p, Scheme::Employee, Item::Active))
        .collect();
    let pub_retired: Vec<Option<Sourced>> = (0..n)
        .map(|p| published(data, p, Scheme::Employee, Item::Retired))
        .collect();
    let active: Vec<Option<f64>> = (0..n)
        .map(|p| match (&pub_active[p], &pub_retired[p]) {
            (Some(a), _) => Some(a.value),
            (None, Some(r)) => Some(employees[p] - r.value),
            _ => fixed_e[p].map(|_| ratio_active[p]),
        })
        .collect();
    let retired = (0..n)
        .map(|p| match (&pub_retired[p], active[p]) {
            (Some(r), _) => Some(r.value),
            (None, Some(a)) if fixed_e[p].is_some() => Some(employees[p] - a),
            _ => None,
        })
        .collect();
    FixedSplit {
        active,
        retired,
        pub_active,
        pub_retired,
    }
}

/// Member counts with provenance: published, fixed by the accounts, or the recipe's.
fn member_counts(
    fixed: &[Option<f64>],
    publ: &[Option<Sourced>],
    values: &[f64],
    what: &str,
    total: f64,
) -> Vec<Sourced> {
    let recipe = format!(
        "⚑ employee share ∝ (y_p/y)^{EMPLOYEE_SHARE_INCOME_ELASTICITY}, cap {EMPLOYEE_SHARE_CAP}, split by Table 1 ratio, {what} scaled to {} over the provinces without published members (calibration step 3, docs/model.md §3)",
        number(total)
    );
    let members = "employee members from published accounts, split by the Table 1 ratio (calibration steps 3 and 10, docs/model.md §3 and §11)";
    (0..values.len())
        .map(|p| match (&publ[p], fixed[p]) {
            (Some(s), _) => s.clone(),
            (None, Some(x)) => Sourced::derived(x, members),
            (None, None) => Sourced::assumed(values[p], recipe.clone()),
        })
        .collect()
}

/// Step 3: employee share ∝ (y_p/y)^1.5 (capped), split by the Table 1 ratio, actives and
/// retirees scaled separately to the bulletin; published members are kept.
pub fn step3_members(data: &Dataset, ins: &Insured) -> MemberCounts {
    let nat = &data.national;
    let n = data.provinces.len();
    let y_nat = nat.income_mean_yuan.value;
    let fixed_e: Vec<Option<f64>> = (0..n)
        .map(|p| fixed_employees(data, p, ins.insured[p]))
        .collect();
    let free: Vec<bool> = fixed_e.iter().map(Option::is_none).collect();
    let raw: Vec<f64> = data
        .provinces
        .iter()
        .map(|p| (p.income_yuan.value / y_nat).powf(EMPLOYEE_SHARE_INCOME_ELASTICITY))
        .collect();
    let target = nat.employee_members.value - fixed_e.iter().flatten().sum::<f64>();
    let k = employee_share_scale(&raw, &ins.insured, &free, target);
    let employees: Vec<f64> = (0..n)
        .map(|p| fixed_e[p].unwrap_or((k * raw[p]).min(EMPLOYEE_SHARE_CAP) * ins.insured[p]))
        .collect();
    let ratio: Vec<f64> = (0..n)
        .map(|p| data.provinces[p].active_per_retired.value)
        .collect();
    let a0: Vec<f64> = (0..n)
        .map(|p| employees[p] * ratio[p] / (1.0 + ratio[p]))
        .collect();
    let r0: Vec<f64> = (0..n).map(|p| employees[p] / (1.0 + ratio[p])).collect();
    let fixed = fixed_split(data, &fixed_e, &employees, &a0);
    let (active, active_scale) = normalise(&a0, &fixed.active, nat.employee_active.value);
    let (retired, retired_scale) = normalise(&r0, &fixed.retired, nat.employee_retired.value);
    let active_s = member_counts(
        &fixed.active,
        &fixed.pub_active,
        &active,
        "actives",
        nat.employee_active.value,
    );
    let retired_s = member_counts(
        &fixed.retired,
        &fixed.pub_retired,
        &retired,
        "retirees",
        nat.employee_retired.value,
    );
    let residents = (0..n)
        .map(|p| {
            pick(
                &published(data, p, Scheme::Resident, Item::Participants),
                Sourced::derived(
                    ins.insured[p] - active[p] - retired[p],
                    "insured − actives − retirees (calibration step 3, docs/model.md §3)",
                ),
            )
        })
        .collect();
    MemberCounts {
        active: active_s,
        retired: retired_s,
        residents,
        share_scale: k,
        active_scale,
        retired_scale,
    }
}

/// A normalised per-province flow with its factor.
#[derive(Clone)]
pub struct Flow {
    /// Values per province, with provenance.
    pub values: Vec<Sourced>,
    /// Normalisation factor of the provinces without published figures.
    pub factor: f64,
}

impl Flow {
    fn value(&self, p: usize) -> f64 {
        self.values[p].value
    }

    /// The free provinces' values follow from published inputs by a stated rule: tagged
    /// derived rather than assumed (published figures keep their tag).
    fn derived(mut self) -> Self {
        for v in &mut self.values {
            if v.tag == Provenance::Assumed {
                v.tag = Provenance::Derived;
            }
        }
        self
    }
}

/// Normalises `raw` to `total` keeping published figures of `scheme`/`item`; `how` describes
/// the recipe of the free provinces.
fn flow(data: &Dataset, raw: &[f64], scheme: Scheme, item: Item, total: f64, how: &str) -> Flow {
    let publ: Vec<Option<Sourced>> = (0..raw.len())
        .map(|p| published(data, p, scheme, item))
        .collect();
    let fixed: Vec<Option<f64>> = publ.iter().map(|s| s.as_ref().map(|s| s.value)).collect();
    let (values, factor) = normalise(raw, &fixed, total);
    let text = format!(
        "{how}, normalised to {} less published provincial figures (factor {factor:.4})",
        number(total)
    );
    let values = values
        .iter()
        .zip(&publ)
        .map(|(v, s)| pick(s, Sourced::assumed(*v, text.clone())))
        .collect();
    Flow { values, factor }
}

/// Step 4: employee income ∝ Table 3 effective rate × actives × wage.
pub fn step4_employee_income(data: &Dataset, m: &MemberCounts) -> Flow {
    let raw: Vec<f64> = data
        .provinces
        .iter()
        .enumerate()
        .map(|(p, pr)| pr.employee_rate.value * yi(pr.wage_yuan.value, m.active[p].value))
        .collect();
    let total = data.national.employee_income.value;
    flow(
        data,
        &raw,
        Scheme::Employee,
        Item::Income,
        total,
        "Table 3 effective rate × actives × wage (calibration step 4, docs/model.md §3)",
    )
    .derived()
}

/// Step 5: employee spending ∝ (actives·ω_A + retirees·ω_R) × w_p/w.
pub fn step5_employee_spending(data: &Dataset, m: &MemberCounts, ages: &Ages) -> Flow {
    let n = data.provinces.len();
    let wage = |p: usize| data.provinces[p].wage_yuan.value;
    let act: f64 = m.active.iter().map(|a| a.value).sum();
    let w_nat = (0..n).map(|p| wage(p) * m.active[p].value).sum::<f64>() / act;
    let raw: Vec<f64> = (0..n)
        .map(|p| {
            let pl = &ages.pools[p];
            (m.active[p].value * pl.omega_active + m.retired[p].value * pl.omega_retired) * wage(p)
                / w_nat
        })
        .collect();
    let total = data.national.employee_expenditure.value;
    flow(
        data,
        &raw,
        Scheme::Employee,
        Item::Expenditure,
        total,
        "⚑ ∝ (actives·ω_A + retirees·ω_R) × w_p/w (calibration step 5, docs/model.md §3)",
    )
}

/// Step 1 (with step 5's balances): the employee scheme split into pooled fund and accounts.
pub struct EmployeeSplit {
    /// Share of employee spending paid from accounts.
    pub account_spend_share: f64,
    /// Pooled balance per province.
    pub pooled_balance: Vec<Sourced>,
    /// Account balance per province.
    pub account_balance: Vec<Sourced>,
    /// Normalisation of the pooled balances of the provinces without a published balance.
    pub pooled_balance_factor: f64,
    /// How every province's income and spending are split: the same recipe for all, so the
    /// texts are formatted once.
    pub texts: SplitTexts,
}

/// The provenance of the step-1 split of a province's employee income and spending
/// `[pooled income, pooled spending, account income, account spending]`.
pub struct SplitTexts([String; 4]);

impl SplitTexts {
    fn new(account_spend_share: f64) -> Self {
        let share = ACCOUNT_INCOME_SHARE * 100.0;
        SplitTexts([
            format!(
                "⚑ {:.0} % of employee income (calibration step 1, docs/model.md §3)",
                100.0 - share
            ),
            format!(
                "⚑ employee spending × national pooled share {:.4} (calibration step 1, docs/model.md §3)",
                1.0 - account_spend_share
            ),
            format!("⚑ {share:.0} % of employee income (calibration step 1, docs/model.md §3)"),
            format!(
                "⚑ employee spending × national account share {account_spend_share:.4} (calibration step 1, docs/model.md §3)"
            ),
        ])
    }
}

/// Step 1: account income 29 % of employee income, account spending from the national account
/// balance change; pooled balances give every free province the same months of reserve, and a
/// published employee balance (pooled + accounts) keeps the recipe's account balance.
pub fn step1_employee_split(data: &Dataset, inc: &Flow, exp: &Flow) -> EmployeeSplit {
    let nat = &data.national;
    let n = data.provinces.len();
    let acc_income_nat = ACCOUNT_INCOME_SHARE * nat.employee_income.value;
    let acc_change = nat.accounts_balance.value - nat.accounts_balance_previous.value;
    let account_spend_share = (acc_income_nat - acc_change) / nat.employee_expenditure.value;
    let pooled_nat =
        nat.total_balance.value - nat.resident_balance.value - nat.accounts_balance.value;
    let acc_income: Vec<f64> = (0..n)
        .map(|p| inc.value(p) * ACCOUNT_INCOME_SHARE)
        .collect();
    let acc_total: f64 = acc_income.iter().sum();
    let account: Vec<f64> = acc_income
        .iter()
        .map(|a| nat.accounts_balance.value * a / acc_total)
        .collect();
    let fixed: Vec<Option<f64>> = (0..n)
        .map(|p| published(data, p, Scheme::Employee, Item::Balance).map(|b| b.value - account[p]))
        .collect();
    let raw: Vec<f64> = (0..n)
        .map(|p| exp.value(p) * (1.0 - account_spend_share))
        .collect();
    let (pooled, f) = normalise(&raw, &fixed, pooled_nat);
    let same_months = format!(
        "⚑ the same pooled months of reserve in every province, normalised to {} less published balances (calibration step 5, docs/model.md §3)",
        number(pooled_nat)
    );
    let pooled_balance = (0..n)
        .map(|p| match fixed[p] {
            Some(v) => Sourced::derived(
                v,
                "published employee balance − the recipe's account balance (calibration step 10, docs/model.md §11)",
            ),
            None => Sourced::assumed(pooled[p], same_months.clone()),
        })
        .collect();
    let by_income = format!(
        "⚑ national account balance {} split by account income",
        number(nat.accounts_balance.value)
    );
    let account_balance = account
        .iter()
        .map(|v| Sourced::assumed(*v, by_income.clone()))
        .collect();
    EmployeeSplit {
        texts: SplitTexts::new(account_spend_share),
        account_spend_share,
        pooled_balance,
        account_balance,
        pooled_balance_factor: f,
    }
}

/// Step 6: resident income ∝ Table 3 funding ratio × residents × income.
pub fn step6_resident_income(data: &Dataset, m: &MemberCounts) -> Flow {
    let raw: Vec<f64> = data
        .provinces
        .iter()
        .enumerate()
        .map(|(p, pr)| {
            pr.resident_funding_ratio.value * yi(pr.income_yuan.value, m.residents[p].value)
        })
        .collect();
    let total = data.national.resident_income.value;
    flow(
        data,
        &raw,
        Scheme::Resident,
        Item::Income,
        total,
        "Table 3 funding ratio × participants × income (calibration step 6, docs/model.md §3)",
    )
    .derived()
}

/// Step 7: resident spending from shrunk margins, and the resident balance.
pub struct ResidentSpending {
    /// Expenditure per province.
    pub expenditure: Flow,
    /// The margin the v1 formula gives, per province.
    pub structural: Vec<f64>,
    /// Balance per province.
    pub balance: Flow,
    /// The national margin m̄.
    pub national_margin: f64,
    /// The common margin shift of the provinces without published spending.
    pub shift: f64,
    /// Per province, the deviation d_p from the national margin that published figures show
    /// (base year or other years), `None` where nothing is published.
    pub deviation: Vec<Option<f64>>,
    /// Per province, whether its margin rests on the λ rule alone (an estimate).
    pub estimate: Vec<bool>,
    /// The population standard deviation of the published deviations d_p: the range of an
    /// estimated province's margin.
    pub spread: f64,
}

/// The v1 structural spending: ∝ residents × (y_p/y) × age factor × ρ_p/ρ, normalised to the
/// national expenditure over all provinces.
fn structural_spending(data: &Dataset, m: &MemberCounts, mixes: &[ResidentMix]) -> Vec<f64> {
    let nat = &data.national;
    let raw: Vec<f64> = data
        .provinces
        .iter()
        .enumerate()
        .map(|(p, pr)| {
            m.residents[p].value
                * (pr.income_yuan.value / nat.income_mean_yuan.value)
                * mixes[p].omega
                * (pr.resident_reimbursement.value / nat.resident_reimbursement.value)
        })
        .collect();
    let f = nat.resident_expenditure.value / raw.iter().sum::<f64>();
    raw.iter().map(|x| x * f).collect()
}

/// Step 7: m_p = m̄ + λ·(m_p^struct − m̄) capped to m̄ ± 15 points; spending = income × (1 − m_p),
/// published where known, the rest normalised to the bulletin; balance = Table 1 months ×
/// spending / 12, normalised likewise.
pub fn step7_resident_spending(
    data: &Dataset,
    m: &MemberCounts,
    inc: &Flow,
    mixes: &[ResidentMix],
    lambda: f64,
) -> ResidentSpending {
    let nat = &data.national;
    let n = data.provinces.len();
    let m_bar = 1.0 - nat.resident_expenditure.value / nat.resident_income.value;
    let x_struct = structural_spending(data, m, mixes);
    let structural: Vec<f64> = (0..n).map(|p| 1.0 - x_struct[p] / inc.value(p)).collect();
    let shrunk: Vec<f64> = structural
        .iter()
        .map(|s| m_bar + lambda * (s - m_bar))
        .collect();
    let income: Vec<f64> = (0..n).map(|p| inc.value(p)).collect();
    let published_x: Vec<Option<Sourced>> = (0..n)
        .map(|p| published(data, p, Scheme::Resident, Item::Expenditure))
        .collect();
    // Evidence before formula: every published year of a province's resident margin.
    let evidence: Vec<Vec<MarginEvidence>> = (0..n)
        .map(|p| resident_evidence(data, p, income[p]))
        .collect();
    let deviation: Vec<Option<f64>> = evidence.iter().map(|e| mean_deviation(e)).collect();
    let evidenced: Vec<Option<Sourced>> = (0..n)
        .map(|p| {
            if published_x[p].is_some() {
                return None;
            }
            let d = deviation[p]?;
            let years: Vec<String> = evidence[p].iter().map(|e| e.year.to_string()).collect();
            Some(Sourced {
                value: income[p] * (1.0 - (m_bar + d)),
                tag: Provenance::Derived,
                source: format!(
                    "income × (1 − m_p), m_p = m̄ {:.2} % + the province's published deviation {:+.2} points (mean of {}, capped ±{:.0}; docs/model.md §3)",
                    m_bar * 100.0,
                    d * 100.0,
                    years.join(", "),
                    EVIDENCE_CAP * 100.0
                )
                .into(),
            })
        })
        .collect();
    let fixed: Vec<Option<Sourced>> = published_x
        .iter()
        .zip(&evidenced)
        .map(|(a, b)| a.clone().or_else(|| b.clone()))
        .collect();
    let fixed_x: Vec<Option<f64>> = fixed.iter().map(|s| s.as_ref().map(|s| s.value)).collect();
    let target = nat.resident_expenditure.value - fixed_x.iter().flatten().sum::<f64>();
    let shift = margin_shift(&income, &shrunk, &fixed_x, m_bar, target);
    let capped = |m: f64| m.clamp(m_bar - MARGIN_CAP, m_bar + MARGIN_CAP);
    let raw: Vec<f64> = (0..n)
        .map(|p| income[p] * (1.0 - capped(shrunk[p] + shift)))
        .collect();
    let (values, factor) = normalise(&raw, &fixed_x, nat.resident_expenditure.value);
    let how = format!(
        "⚑ income × (1 − m_p), m_p = m̄ {:.2} % + λ {lambda} × (structural − m̄) + common shift {:+.3} points, capped ±{:.0} points, normalised to {} less the provinces with published evidence (factor {factor:.4}; docs/model.md §3)",
        m_bar * 100.0,
        shift * 100.0,
        MARGIN_CAP * 100.0,
        number(nat.resident_expenditure.value)
    );
    let expenditure = Flow {
        values: values
            .iter()
            .zip(&fixed)
            .map(|(v, s)| pick(s, Sourced::assumed(*v, how.clone())))
            .collect(),
        factor,
    };
    let estimate: Vec<bool> = (0..n)
        .map(|p| published_x[p].is_none() && deviation[p].is_none())
        .collect();
    let published_d: Vec<f64> = deviation.iter().flatten().copied().collect();
    let spread = population_sd(&published_d);
    let raw_b: Vec<f64> = (0..n)
        .map(|p| data.provinces[p].resident_months.value * expenditure.value(p) / 12.0)
        .collect();
    let balance = flow(
        data,
        &raw_b,
        Scheme::Resident,
        Item::Balance,
        nat.resident_balance.value,
        "Table 1 months × spending / 12 (calibration step 7, docs/model.md §3)",
    )
    .derived();
    ResidentSpending {
        expenditure,
        structural,
        balance,
        national_margin: m_bar,
        shift,
        deviation,
        estimate,
        spread,
    }
}

/// The population standard deviation (0 for fewer than two values).
fn population_sd(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// The common shift s of the margins of the provinces without published expenditure, each
/// margin kept within m̄ ± the cap, so that their spending Σ I_p (1 − m_p − s) reaches `target`
/// (bisection; spending falls as s rises). Published provinces are left out.
fn margin_shift(
    income: &[f64],
    margin: &[f64],
    published: &[Option<f64>],
    m_bar: f64,
    target: f64,
) -> f64 {
    let spending = |s: f64| -> f64 {
        (0..income.len())
            .filter(|p| published[*p].is_none())
            .map(|p| {
                income[p] * (1.0 - (margin[p] + s).clamp(m_bar - MARGIN_CAP, m_bar + MARGIN_CAP))
            })
            .sum()
    };
    let (mut lo, mut hi) = (-2.0 * MARGIN_CAP - 1.0, 2.0 * MARGIN_CAP + 1.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if spending(mid) > target {
            lo = mid
        } else {
            hi = mid
        }
    }
    0.5 * (lo + hi)
}

/// Everything the per-province assembly reads.
pub(crate) struct Steps {
    ages: Ages,
    ins: Insured,
    members: MemberCounts,
    emp_inc: Flow,
    emp_exp: Flow,
    split: EmployeeSplit,
    res_inc: Flow,
    res: ResidentSpending,
    mixes: Vec<ResidentMix>,
    /// λ, the margin shrinkage of step 7.
    lambda: f64,
}

/// The calibration of `data` under current law: what `yibao data` writes, the app's
/// published-accounts tags read and the history factors start from (one place for the
/// resolve-then-calibrate steps).
pub fn current_law(data: &Dataset) -> Result<Calibration, CalibrationError> {
    let (levers, _) = super::resolve::resolve_for(data, &super::scenario::Scenario::default());
    calibrate(data, &levers)
}

/// Runs the calibration recipe with the base-year lever values of `levers`.
pub fn calibrate(data: &Dataset, levers: &Resolved) -> Result<Calibration, CalibrationError> {
    calibrate_with_offset(data, levers, 0.0)
}

/// [`calibrate`] with every estimated province's base-year resident margin moved by `offset`
/// (a fraction; positive: less spending) after the normalisation: the range runs of the
/// estimated provinces (docs/model.md §3). The nation then no longer sums to the bulletin.
pub fn calibrate_with_offset(
    data: &Dataset,
    levers: &Resolved,
    offset: f64,
) -> Result<Calibration, CalibrationError> {
    calibrate_steps(data, levers, &calibration_steps(data, levers), offset)
}

/// Steps 1–8 of the calibration recipe of `data` under the base-year values of `levers`: what
/// calibrations at different resident-margin offsets share ([`calibrate_steps`]).
pub(crate) fn calibration_steps(data: &Dataset, levers: &Resolved) -> Steps {
    let b = data.base_year;
    let ages = step8_ages(data, levers);
    let ins = step2_insured(data);
    let members = step3_members(data, &ins);
    let emp_inc = step4_employee_income(data, &members);
    let emp_exp = step5_employee_spending(data, &members, &ages);
    let split = step1_employee_split(data, &emp_inc, &emp_exp);
    let res_inc = step6_resident_income(data, &members);
    let mixes: Vec<ResidentMix> = (0..data.provinces.len())
        .map(|p| {
            demography::resident_mix(
                &ages.bands[p],
                ages.retirement[p],
                &ages.pools[p],
                ins.coverage[p].value,
                members.active[p].value,
                members.retired[p].value,
            )
        })
        .collect();
    let lambda = levers.in_year(Lever::CalibrationMarginShrinkage, 0, b);
    let res = step7_resident_spending(data, &members, &res_inc, &mixes, lambda);
    Steps {
        ages,
        ins,
        members,
        emp_inc,
        emp_exp,
        split,
        res_inc,
        res,
        mixes,
        lambda,
    }
}

/// The calibration from its `steps` ([`calibration_steps`] of the same data and levers) with
/// every estimated province's resident margin moved by `offset` ([`calibrate_with_offset`]).
pub(crate) fn calibrate_steps(
    data: &Dataset,
    levers: &Resolved,
    steps: &Steps,
    offset: f64,
) -> Result<Calibration, CalibrationError> {
    let b = data.base_year;
    let lambda = steps.lambda;
    let moved;
    let expenditure = if offset != 0.0 {
        // The moved margin keeps the year's surplus within the year-end balance (a fund cannot
        // have saved more this year than it holds: the opening balance stays ≥ 0).
        let (res, mut e) = (&steps.res, steps.res.expenditure.clone());
        for (p, v) in e.values.iter_mut().enumerate() {
            if res.estimate[p] {
                let income = steps.res_inc.value(p);
                let floor = income - res.balance.value(p) + 1e-9 * income.abs();
                v.value = (v.value - income * offset).max(floor);
            }
        }
        moved = e;
        &moved
    } else {
        &steps.res.expenditure
    };
    let mut warnings = Vec::new();
    let mut provinces = Vec::with_capacity(data.provinces.len());
    for p in 0..data.provinces.len() {
        let base = province_base(data, levers, steps, expenditure, p, &mut warnings);
        step12_check(&base)?;
        provinces.push(base);
    }
    let nat = &data.national;
    Ok(Calibration {
        base_year: b,
        provinces,
        factors: Factors {
            coverage: steps.ins.uniform,
            employee_share_scale: steps.members.share_scale,
            active_scale: steps.members.active_scale,
            retired_scale: steps.members.retired_scale,
            employee_income: steps.emp_inc.factor,
            employee_spending: steps.emp_exp.factor,
            resident_income: steps.res_inc.factor,
            resident_spending: steps.res.expenditure.factor,
            resident_margin_shift: steps.res.shift,
            resident_balance: steps.res.balance.factor,
        },
        lambda,
        margin_spread: steps.res.spread,
        margin_offset: offset,
        national_margin: steps.res.national_margin,
        quintile_ratio: nat
            .income_quintiles_yuan
            .clone()
            .map(|q| q.value / nat.income_mean_yuan.value),
        warnings,
    })
}

/// Step 12: impossible calibrated states are errors naming the province and the step.
pub fn step12_check(b: &ProvinceBase) -> Result<(), CalibrationError> {
    let fail = |step: u8, message: String| {
        Err(CalibrationError {
            province: b.code.clone(),
            step,
            message,
        })
    };
    for (what, v, step) in [
        ("actives", b.active.value, 3),
        ("retirees", b.retired.value, 3),
        ("resident participants", b.residents.value, 3),
    ] {
        if v.is_nan() || v < 0.0 {
            return fail(step, format!("negative count: {what} {v:.2} 万人"));
        }
    }
    let pooled_prev = b.pooled_balance.value - (b.pooled_income.value - b.pooled_expenditure.value);
    let res_prev =
        b.resident_balance.value - (b.resident_income.value - b.resident_expenditure.value);
    let acc_prev = b.account_balance.value - (b.account_income.value - b.account_expenditure.value);
    for (what, v, step) in [
        ("employee pooled fund", pooled_prev, 5),
        ("personal accounts", acc_prev, 1),
        ("resident fund", res_prev, 7),
    ] {
        if v.is_nan() || v < 0.0 {
            return fail(
                step,
                format!("the {what} implies a negative opening balance ({v:.2} 亿元)"),
            );
        }
    }
    // The resident margin is the one step 7 shapes; the employee margin follows from the
    // independent normalisations of steps 4 and 5 and is reported, not refused.
    let m = b.resident_margin();
    if m.is_nan() || m.abs() > MARGIN_LIMIT {
        return fail(
            7,
            format!(
                "the resident current margin {:.1} % of income is outside ±{:.0} %",
                m * 100.0,
                MARGIN_LIMIT * 100.0
            ),
        );
    }
    Ok(())
}

/// The published items of province `p` that the calibration used.
fn published_items(data: &Dataset, p: usize) -> Vec<(Scheme, Item)> {
    let mut out = Vec::new();
    for scheme in [Scheme::Employee, Scheme::Resident] {
        for item in super::accounts::Item::ALL {
            if find_published(data, p, scheme, item).is_some() {
                out.push((scheme, item));
            }
        }
    }
    out
}

/// Employee pooled and account values of one province (step 1 shares, rates from payroll).
struct EmployeePart {
    pooled_income: Sourced,
    pooled_interest: Sourced,
    pooled_expenditure: Sourced,
    account_income: Sourced,
    account_expenditure: Sourced,
    employer_rate: Sourced,
    individual_rate: Sourced,
}

fn employee_part(
    data: &Dataset,
    levers: &Resolved,
    s: &Steps,
    p: usize,
    warnings: &mut Vec<CalibrationWarning>,
) -> EmployeePart {
    let b = data.base_year;
    let pr = &data.provinces[p];
    let interest = levers.in_year(Lever::EconomyInterestRate, p, b);
    let pension = levers.in_year(Lever::EmployeeAveragePension, p, b);
    let k_ret = levers.in_year(Lever::EmployeeRetireeAccountCredit, p, b);
    let (inc, exp) = (s.emp_inc.value(p), s.emp_exp.value(p));
    let acc_income = inc * ACCOUNT_INCOME_SHARE;
    let pooled_income = inc - acc_income;
    let acc_exp = exp * s.split.account_spend_share;
    let pooled_exp = exp - acc_exp;
    let pooled_prev = s.split.pooled_balance[p].value - (pooled_income - pooled_exp);
    let pooled_interest = interest * pooled_prev.max(0.0);
    let credit = yi(k_ret * pension, s.members.retired[p].value);
    let payroll = yi(pr.wage_yuan.value, s.members.active[p].value);
    let mut individual_rate = (acc_income - credit) / payroll;
    if individual_rate < 0.0 {
        warnings.push(CalibrationWarning::IndividualRateClamped {
            province: pr.code.clone(),
        });
        individual_rate = 0.0;
    }
    let employer_rate = (pooled_income - pooled_interest + credit) / payroll;
    let texts = &s.split.texts.0;
    EmployeePart {
        pooled_income: Sourced::assumed(pooled_income, texts[0].clone()),
        pooled_interest: Sourced::derived(
            pooled_interest,
            "i × (balance − current balance), the implied opening balance",
        ),
        pooled_expenditure: Sourced::assumed(pooled_exp, texts[1].clone()),
        account_income: Sourced::assumed(acc_income, texts[2].clone()),
        account_expenditure: Sourced::assumed(acc_exp, texts[3].clone()),
        employer_rate: Sourced::derived(
            employer_rate,
            "(pooled income − interest + retiree credit) ÷ payroll",
        ),
        individual_rate: Sourced::derived(
            individual_rate,
            "(account income − retiree credit) ÷ payroll",
        ),
    }
}

/// Resident income split of one province: interest, premiums, subsidy, local top-up.
struct ResidentPart {
    interest: Sourced,
    premiums: Sourced,
    subsidy: Sourced,
    topup: Sourced,
    premium: f64,
}

fn resident_part(
    data: &Dataset,
    levers: &Resolved,
    s: &Steps,
    expenditure: &Flow,
    p: usize,
) -> ResidentPart {
    let b = data.base_year;
    let n = s.members.residents[p].value;
    let income = s.res_inc.value(p);
    let prev = s.res.balance.value(p) - (income - expenditure.value(p));
    let interest = levers.in_year(Lever::EconomyInterestRate, p, b) * prev.max(0.0);
    let premium = levers.in_year(Lever::ResidentPremium, p, b);
    let subsidy = levers.in_year(Lever::ResidentSubsidy, p, b);
    let child = levers.in_year(Lever::ResidentChildFactor, p, b);
    let cs = s.mixes[p].child_share;
    let premiums = yi(premium * (1.0 - cs + child * cs), n);
    let subsidy_yi = yi(subsidy, n);
    let topup = (income - interest - premiums - subsidy_yi) * 1e4 / n;
    ResidentPart {
        interest: Sourced::derived(
            interest,
            "i × (balance − current balance), the implied opening balance",
        ),
        premiums: Sourced::derived(
            premiums,
            "premium × (adults + child factor × children) × participants",
        ),
        subsidy: Sourced::derived(subsidy_yi, "national minimum subsidy × participants"),
        topup: Sourced::derived(
            topup,
            "(income − interest − premiums − subsidy) ÷ participants (calibration step 6, docs/model.md §3)",
        ),
        premium,
    }
}

/// Assembles province `p`'s base state from the steps, with the resident `expenditure` (step
/// 7's, or moved by a margin offset).
fn province_base(
    data: &Dataset,
    levers: &Resolved,
    s: &Steps,
    expenditure: &Flow,
    p: usize,
    warnings: &mut Vec<CalibrationWarning>,
) -> ProvinceBase {
    let pr = &data.provinces[p];
    let e = employee_part(data, levers, s, p, warnings);
    let r = resident_part(data, levers, s, expenditure, p);
    let (active, retired, residents) = (
        s.members.active[p].value,
        s.members.retired[p].value,
        s.members.residents[p].value,
    );
    let pools = s.ages.pools[p];
    let mix = s.mixes[p];
    let rho_e = pr.employee_reimbursement.value;
    let rho_r = pr.resident_reimbursement.value;
    let weighted_emp = active * pools.omega_active + retired * pools.omega_retired;
    let res_exp = expenditure.value(p);
    ProvinceBase {
        code: pr.code.clone(),
        tier: pr.region.tier(),
        population: pr.population_wan.clone(),
        shares: s.ages.shares[p],
        coverage: s.ins.coverage[p].clone(),
        active: s.members.active[p].clone(),
        retired: s.members.retired[p].clone(),
        residents: s.members.residents[p].clone(),
        wage: pr.wage_yuan.clone(),
        income: pr.income_yuan.clone(),
        employee_income: s.emp_inc.values[p].clone(),
        employee_expenditure: s.emp_exp.values[p].clone(),
        employee_unit_cost: e.pooled_expenditure.value / (rho_e * weighted_emp),
        account_spending_per_member: e.account_expenditure.value * 1e4 / (active + retired),
        pooled_income: e.pooled_income,
        pooled_interest: e.pooled_interest,
        pooled_expenditure: e.pooled_expenditure,
        pooled_balance: s.split.pooled_balance[p].clone(),
        account_income: e.account_income,
        account_expenditure: e.account_expenditure,
        account_balance: s.split.account_balance[p].clone(),
        employer_rate: e.employer_rate,
        individual_rate: e.individual_rate,
        pension: Sourced::assumed(
            levers.in_year(Lever::EmployeeAveragePension, p, data.base_year),
            "⚑ lever employee.average_pension in the base year",
        ),
        resident_income: s.res_inc.values[p].clone(),
        resident_premiums: r.premiums,
        resident_subsidy: r.subsidy,
        resident_interest: r.interest,
        topup_per_head: r.topup,
        resident_expenditure: expenditure.values[p].clone(),
        resident_balance: s.res.balance.values[p].clone(),
        employee_reimbursement: pr.employee_reimbursement.clone(),
        resident_reimbursement: pr.resident_reimbursement.clone(),
        resident_unit_cost: res_exp / (rho_r * residents * mix.omega),
        pools,
        resident_mix: mix,
        premium: r.premium,
        resident_margin_structural: s.res.structural[p],
        resident_estimate: s.res.estimate[p],
        published: published_items(data, p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::resolve::resolve;
    use crate::model::scenario::Scenario;

    fn setup(accounts: bool) -> (Dataset, Resolved) {
        let d = Dataset::embedded().expect("embedded data");
        let d = if accounts { d } else { d.without_accounts() };
        let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
        let (l, _) = resolve(&Scenario::default(), &codes, 2022, 2023);
        (d, l)
    }

    fn tj(d: &Dataset) -> usize {
        d.province_index("TJ").expect("TJ")
    }

    #[test]
    fn step2_keeps_published_participants_and_the_national_total() {
        let (d, _) = setup(true);
        let ins = step2_insured(&d);
        assert_eq!(ins.insured[tj(&d)], 642.6 + 533.8);
        assert!((ins.insured.iter().sum::<f64>() - 134592.0).abs() < 1e-6);
        let (d0, _) = setup(false);
        assert!((step2_insured(&d0).uniform - 134592.0 / 140975.0).abs() < 1e-12);
    }

    #[test]
    fn step3_members_sum_to_the_bulletin_with_tianjin_published() {
        let (d, _) = setup(true);
        let m = step3_members(&d, &step2_insured(&d));
        let sum = |v: &[Sourced]| v.iter().map(|s| s.value).sum::<f64>();
        assert!((sum(&m.active) - 26607.0).abs() < 1e-6);
        assert!((sum(&m.retired) - 9636.0).abs() < 1e-6);
        assert_eq!(m.active[tj(&d)].value, 417.0);
        assert_eq!(m.residents[tj(&d)].tag, Provenance::Published);
    }

    #[test]
    fn steps_4_to_6_reproduce_the_national_flows() {
        let (d, l) = setup(true);
        let m = step3_members(&d, &step2_insured(&d));
        let sum = |f: &Flow| f.values.iter().map(|s| s.value).sum::<f64>();
        let inc = step4_employee_income(&d, &m);
        let exp = step5_employee_spending(&d, &m, &step8_ages(&d, &l));
        assert!((sum(&inc) - 20793.27).abs() < 1e-6);
        assert!((sum(&exp) - 15243.80).abs() < 1e-6);
        assert_eq!(inc.value(tj(&d)), 424.3546);
        let split = step1_employee_split(&d, &inc, &exp);
        let pooled: f64 = split.pooled_balance.iter().map(|s| s.value).sum();
        assert!((pooled - 21393.11).abs() < 1e-6);
        assert!((sum(&step6_resident_income(&d, &m)) - 10128.90).abs() < 1e-6);
    }

    #[test]
    fn step7_with_lambda_zero_gives_every_modelled_province_the_same_margin() {
        let (d, l) = setup(false);
        let ins = step2_insured(&d);
        let m = step3_members(&d, &ins);
        let inc = step6_resident_income(&d, &m);
        let ages = step8_ages(&d, &l);
        let mixes: Vec<ResidentMix> = (0..31)
            .map(|p| {
                demography::resident_mix(
                    &ages.bands[p],
                    ages.retirement[p],
                    &ages.pools[p],
                    ins.coverage[p].value,
                    m.active[p].value,
                    m.retired[p].value,
                )
            })
            .collect();
        let r = step7_resident_spending(&d, &m, &inc, &mixes, 0.0);
        for p in 0..31 {
            let margin = 1.0 - r.expenditure.value(p) / inc.value(p);
            assert!((margin - r.national_margin).abs() < 1e-9, "{p}: {margin}");
        }
        let wide = step7_resident_spending(&d, &m, &inc, &mixes, 1.0);
        for p in 0..31 {
            let margin = 1.0 - wide.expenditure.value(p) / inc.value(p);
            assert!(
                (margin - wide.national_margin).abs() <= MARGIN_CAP + 1e-9,
                "{p}: {margin}"
            );
        }
    }

    #[test]
    fn step12_refuses_a_negative_count_naming_province_and_step() {
        let (d, l) = setup(true);
        let mut b = calibrate(&d, &l).expect("calibrates").provinces[0].clone();
        b.residents.value = -1.0;
        let e = step12_check(&b).expect_err("refused");
        assert_eq!((e.province.as_str(), e.step), ("BJ", 3));
        assert!(e.message.contains("negative count"), "{e}");
    }
}
