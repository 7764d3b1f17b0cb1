//! The lever catalogue: every policy lever and model assumption a scenario can change.
//!
//! This one table drives the baseline, scenario validation, `yibao levers`, the UI's lever panel
//! and the lever table in the docs. Ids are part of the scenario file format: never rename one
//! without a migration.

use super::demography;
use super::path::Path;
use std::collections::BTreeMap;

/// What a lever's numbers mean; the UI and the CLI format values from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Yuan per head per year.
    YuanPerYear,
    /// A share or rate (0.02); shown as % in the UI.
    Fraction,
    /// Added to a rate, in fraction points (0.01 = one percentage point).
    FractionPoints,
    /// A yearly growth rate (0.05 = 5 % a year).
    FractionPerYear,
    /// Years of age.
    Years,
    /// A dimensionless coefficient (elasticities, ratios).
    Coefficient,
    /// A whole number (seeds).
    Integer,
}

impl Unit {
    /// Short unit label in Chinese or English.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Unit::YuanPerYear, true) => "元/人/年",
            (Unit::YuanPerYear, false) => "yuan/person/yr",
            (Unit::Fraction, _) => "%",
            (Unit::FractionPoints, true) => "百分点",
            (Unit::FractionPoints, false) => "pp",
            (Unit::FractionPerYear, true) => "%/年",
            (Unit::FractionPerYear, false) => "%/yr",
            (Unit::Years, true) => "岁",
            (Unit::Years, false) => "years",
            (Unit::Coefficient, _) => "",
            (Unit::Integer, _) => "",
        }
    }

    /// The id used in files and in `yibao levers`.
    pub fn id(self) -> &'static str {
        match self {
            Unit::YuanPerYear => "yuan/yr",
            Unit::Fraction => "fraction",
            Unit::FractionPoints => "fraction points",
            Unit::FractionPerYear => "fraction/yr",
            Unit::Years => "years",
            Unit::Coefficient => "coefficient",
            Unit::Integer => "integer",
        }
    }

    /// Factor from the stored value to the value shown in the UI (fractions are shown in %).
    pub fn display_scale(self) -> f64 {
        match self {
            Unit::Fraction | Unit::FractionPoints | Unit::FractionPerYear => 100.0,
            _ => 1.0,
        }
    }
}

/// The lever panel's groups, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// 居民筹资: resident premiums, subsidies, income-linked contributions.
    ResidentFinancing,
    /// 职工筹资: employer and retiree contributions, formalisation, pensions.
    EmployeeFinancing,
    /// 个人账户: abolishing personal accounts.
    PersonalAccounts,
    /// 统筹层次: pooling level and synthetic sub-units.
    Pooling,
    /// 待遇: reimbursement rates.
    Benefits,
    /// 退休年龄: retirement ages.
    Retirement,
    /// 经济假设: growth, interest, savings.
    Economy,
    /// 行为参数: behavioural parameters (enrolment, induced demand).
    Behaviour,
    /// 财政分担: central and local subsidy shares.
    Fiscal,
    /// 随机模拟: shock parameters of the stochastic projection.
    Stochastic,
}

impl Group {
    /// All groups in display order.
    pub const ALL: [Group; 10] = [
        Group::ResidentFinancing,
        Group::EmployeeFinancing,
        Group::PersonalAccounts,
        Group::Pooling,
        Group::Benefits,
        Group::Retirement,
        Group::Economy,
        Group::Behaviour,
        Group::Fiscal,
        Group::Stochastic,
    ];

    /// The group's label.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Group::ResidentFinancing, true) => "居民筹资",
            (Group::ResidentFinancing, false) => "Resident financing",
            (Group::EmployeeFinancing, true) => "职工筹资",
            (Group::EmployeeFinancing, false) => "Employee financing",
            (Group::PersonalAccounts, true) => "个人账户",
            (Group::PersonalAccounts, false) => "Personal accounts",
            (Group::Pooling, true) => "统筹层次",
            (Group::Pooling, false) => "Pooling level",
            (Group::Benefits, true) => "待遇",
            (Group::Benefits, false) => "Benefits",
            (Group::Retirement, true) => "退休年龄",
            (Group::Retirement, false) => "Retirement age",
            (Group::Economy, true) => "经济假设",
            (Group::Economy, false) => "Economic assumptions",
            (Group::Behaviour, true) => "行为参数",
            (Group::Behaviour, false) => "Behavioural parameters",
            (Group::Fiscal, true) => "财政分担",
            (Group::Fiscal, false) => "Fiscal shares",
            (Group::Stochastic, true) => "随机模拟",
            (Group::Stochastic, false) => "Stochastic shocks",
        }
    }
}

/// The current-law default of a lever.
#[derive(Clone, Copy, Debug)]
pub enum Default {
    /// The same value in every year.
    Constant(f64),
    /// `Steps` keys.
    Steps(&'static [(i32, f64)]),
    /// `Linear` keys.
    Linear(&'static [(i32, f64)]),
    /// `Indexed` keys (grown with the lever's index after the last key).
    Indexed(&'static [(i32, f64)]),
    /// Follows another lever's path (as resolved in the scenario) unless set itself.
    SameAs(Lever),
    /// A path computed from a rule in code (the retirement ages from the 2024 cohort rule).
    Derived(fn() -> Path),
}

impl Default {
    /// The default as a [`Path`], or `None` for [`Default::SameAs`].
    pub fn path(self) -> Option<Path> {
        let map = |k: &[(i32, f64)]| k.iter().copied().collect::<BTreeMap<_, _>>();
        match self {
            Default::Constant(v) => Some(Path::constant(v)),
            Default::Steps(k) => Some(Path::Steps(map(k))),
            Default::Linear(k) => Some(Path::Linear(map(k))),
            Default::Indexed(k) => Some(Path::Indexed(map(k))),
            Default::SameAs(_) => None,
            Default::Derived(f) => Some(f()),
        }
    }
}

/// One lever of the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct LeverDef {
    /// Which lever this row describes (its position in [`LEVERS`]).
    pub lever: Lever,
    /// The id used in scenario files (`resident.premium`).
    pub id: &'static str,
    /// Chinese label.
    pub label_zh: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// Chinese description for the hover card.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
    /// Unit of the values.
    pub unit: Unit,
    /// Panel group.
    pub group: Group,
    /// Current-law default.
    pub default: Default,
    /// Values outside this range are errors.
    pub hard: (f64, f64),
    /// Values outside this range are warnings.
    pub soft: (f64, f64),
    /// Where the default comes from (a citation or "assumption, MODEL.md §n").
    pub reference: &'static str,
    /// The growth-rate lever that `Indexed` paths of this lever grow with (`None`: `Indexed`
    /// paths are not allowed).
    pub index: Option<Lever>,
    /// Whether `@CODE` province overrides are allowed.
    pub per_province: bool,
    /// Whether the lever is implemented by the projection yet (others are accepted in files
    /// and reported as not yet in effect).
    pub in_effect: bool,
}

impl LeverDef {
    /// Label in the chosen language.
    pub fn label(&self, zh: bool) -> &'static str {
        if zh { self.label_zh } else { self.label_en }
    }

    /// Description in the chosen language.
    pub fn description(&self, zh: bool) -> &'static str {
        if zh {
            self.description_zh
        } else {
            self.description_en
        }
    }
}

macro_rules! levers {
    ($($variant:ident),* $(,)?) => {
        /// Every lever, in catalogue order; `lever as usize` indexes [`LEVERS`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Lever { $($variant),* }
        impl Lever {
            /// All levers in catalogue order.
            pub const ALL: &'static [Lever] = &[$(Lever::$variant),*];
        }
    };
}

levers!(
    ResidentPremium,
    ResidentSubsidy,
    ResidentIncomeRate,
    ResidentIncomeFloor,
    ResidentIncomeCap,
    ResidentChildFactor,
    ResidentAssistedShare,
    EmployeeEmployerRateDelta,
    EmployeeRetireeRate,
    EmployeeFormalisation,
    EmployeePensionIndexation,
    EmployeeAveragePension,
    EmployeeRetireeAccountCredit,
    EmployeeAbolishPa,
    EmployeePaOutpatientShare,
    ResidentReimbursementDelta,
    EmployeeReimbursementDelta,
    RetirementAgeMen,
    RetirementAgeWomen,
    EconomyMedicalCostGrowth,
    EconomyMedicalCostGrowthResident,
    EconomyWageGrowth,
    EconomyIncomeGrowth,
    EconomyInterestRate,
    EconomyDebtRate,
    EconomySavings,
    ResidentEnrolmentElasticity,
    ResidentMarginalCostRatio,
    CostsInducedDemandElasticity,
    FiscalCentralShareEast,
    FiscalCentralShareCentral,
    FiscalCentralShareWest,
    PoolingSigmaCost,
    PoolingSigmaIncome,
    PoolingSeed,
    StochasticSigmaMedical,
    StochasticSigmaWage,
    StochasticSigmaInterest,
    StochasticPersistence,
    CalibrationMarginShrinkage,
);

impl Lever {
    /// The lever's catalogue row.
    pub fn def(self) -> &'static LeverDef {
        &LEVERS[self as usize]
    }

    /// The lever with this file id, if any.
    pub fn from_id(id: &str) -> Option<Lever> {
        LEVERS.iter().find(|d| d.id == id).map(|d| d.lever)
    }
}

/// A rule between two levers that the validator checks in every year both paths set a key
/// (national with national, a province's override with the same province's).
#[derive(Clone, Copy, Debug)]
pub struct Constraint {
    /// The lever that may not exceed the other.
    pub lower: Lever,
    /// What the lower lever is called in the message ("floor").
    pub lower_name: &'static str,
    /// The lever that bounds it.
    pub upper: Lever,
    /// What the upper lever is called in the message ("cap").
    pub upper_name: &'static str,
}

/// The rules between levers (the income-linked contribution's floor ≤ its cap).
pub static CONSTRAINTS: &[Constraint] = &[Constraint {
    lower: Lever::ResidentIncomeFloor,
    lower_name: "floor",
    upper: Lever::ResidentIncomeCap,
    upper_name: "cap",
}];

const NAT_SUBSIDY_NOTICE: &str = "国家医保局、财政部、国家税务总局 2022–2025 年度《关于做好城乡居民基本医疗保障工作的通知》(national minimum financing standard; shared data nhsa/resident_scheme_financing_standard.csv); indexed to per-capita income after 2025 (MODEL.md §5)";
const MODEL_ASSUMPTION: &str = "assumption (MODEL.md)";

/// The catalogue, one row per [`Lever`] in the same order.
pub static LEVERS: &[LeverDef] = &[
    LeverDef {
        lever: Lever::ResidentPremium,
        id: "resident.premium",
        label_zh: "居民个人缴费",
        label_en: "Resident premium",
        description_zh: "城乡居民医保每人每年的个人缴费标准（定额缴费）。默认：2022年350元，2023年380元，2024–2025年400元，此后随人均可支配收入增长。",
        description_en: "Flat individual premium per resident participant per year. Default: 350 yuan in 2022, 380 in 2023, 400 in 2024–2025, then indexed to per-capita disposable income.",
        unit: Unit::YuanPerYear,
        group: Group::ResidentFinancing,
        default: Default::Indexed(&[(2022, 350.0), (2023, 380.0), (2024, 400.0), (2025, 400.0)]),
        hard: (0.0, 5000.0),
        soft: (200.0, 1500.0),
        reference: NAT_SUBSIDY_NOTICE,
        index: Some(Lever::EconomyIncomeGrowth),
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentSubsidy,
        id: "resident.subsidy",
        label_zh: "财政补助",
        label_en: "Fiscal subsidy",
        description_zh: "各级财政对城乡居民医保每人每年的补助标准（国家最低标准）。默认：2022年610元，2023年640元，2024年670元，2025年700元，此后随人均可支配收入增长。",
        description_en: "Fiscal subsidy per resident participant per year (national minimum). Default: 610 yuan in 2022, 640 in 2023, 670 in 2024, 700 in 2025, then indexed to per-capita disposable income.",
        unit: Unit::YuanPerYear,
        group: Group::ResidentFinancing,
        default: Default::Indexed(&[(2022, 610.0), (2023, 640.0), (2024, 670.0), (2025, 700.0)]),
        hard: (0.0, 10000.0),
        soft: (400.0, 2500.0),
        reference: NAT_SUBSIDY_NOTICE,
        index: Some(Lever::EconomyIncomeGrowth),
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentIncomeRate,
        id: "resident.income_rate",
        label_zh: "与收入挂钩缴费率",
        label_en: "Income-linked contribution rate",
        description_zh: "居民个人缴费按人均可支配收入的一定比例缴纳（θ）；0 表示现行定额缴费。",
        description_en: "Resident contribution as a share of per-capita disposable income (θ); 0 keeps the flat premium design.",
        unit: Unit::Fraction,
        group: Group::ResidentFinancing,
        default: Default::Constant(0.0),
        hard: (0.0, 0.2),
        soft: (0.0, 0.05),
        reference: "reform proposal, seed paper 001 §5; MODEL.md §5",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentIncomeFloor,
        id: "resident.income_floor",
        label_zh: "挂钩缴费下限",
        label_en: "Income-linked floor",
        description_zh: "与收入挂钩缴费的每人每年最低额（仅在挂钩缴费率大于0时生效），随收入增长。",
        description_en: "Lowest income-linked contribution per head per year (only when the rate is above 0); indexed to income.",
        unit: Unit::YuanPerYear,
        group: Group::ResidentFinancing,
        default: Default::Indexed(&[(2022, 100.0)]),
        hard: (0.0, 5000.0),
        soft: (0.0, 1000.0),
        reference: MODEL_ASSUMPTION,
        index: Some(Lever::EconomyIncomeGrowth),
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentIncomeCap,
        id: "resident.income_cap",
        label_zh: "挂钩缴费上限",
        label_en: "Income-linked cap",
        description_zh: "与收入挂钩缴费的每人每年最高额（仅在挂钩缴费率大于0时生效），随收入增长。",
        description_en: "Highest income-linked contribution per head per year (only when the rate is above 0); indexed to income.",
        unit: Unit::YuanPerYear,
        group: Group::ResidentFinancing,
        default: Default::Indexed(&[(2022, 2000.0)]),
        hard: (0.0, 50000.0),
        soft: (200.0, 10000.0),
        reference: MODEL_ASSUMPTION,
        index: Some(Lever::EconomyIncomeGrowth),
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentChildFactor,
        id: "resident.child_factor",
        label_zh: "儿童缴费系数",
        label_en: "Child contribution factor",
        description_zh: "0–17岁儿童的个人缴费相对成人的比例（两种缴费设计均适用）。",
        description_en: "Children's (ages 0–17) contribution relative to adults, in both designs.",
        unit: Unit::Fraction,
        group: Group::ResidentFinancing,
        default: Default::Constant(0.5),
        hard: (0.0, 1.0),
        soft: (0.3, 1.0),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentAssistedShare,
        id: "resident.assisted_share",
        label_zh: "医疗救助资助参保比例",
        label_en: "Assisted share",
        description_zh: "由医疗救助代缴个人保费的参保人比例；基金照常收到保费，但这部分人不计入缴费负担和参保响应。",
        description_en: "Participants whose premium medical assistance pays; the fund still receives it, but they are excluded from the burden and the enrolment response.",
        unit: Unit::Fraction,
        group: Group::ResidentFinancing,
        default: Default::Constant(0.08),
        hard: (0.0, 0.5),
        soft: (0.0, 0.2),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeEmployerRateDelta,
        id: "employee.employer_rate_delta",
        label_zh: "单位缴费率调整",
        label_en: "Employer rate change",
        description_zh: "在校准的单位实际缴费率上增减的百分点（可分省设置）。",
        description_en: "Percentage points added to the calibrated effective employer rate (may be set per province).",
        unit: Unit::FractionPoints,
        group: Group::EmployeeFinancing,
        default: Default::Constant(0.0),
        hard: (-0.06, 0.06),
        soft: (-0.02, 0.02),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeRetireeRate,
        id: "employee.retiree_rate",
        label_zh: "退休人员缴费率",
        label_en: "Retirees' contribution rate",
        description_zh: "退休人员按养老金的一定比例缴纳职工医保费（现行为0，退休人员不缴费）。",
        description_en: "Retirees' contribution as a share of their pension (0 today: retirees pay nothing).",
        unit: Unit::Fraction,
        group: Group::EmployeeFinancing,
        default: Default::Constant(0.0),
        hard: (0.0, 0.1),
        soft: (0.0, 0.03),
        reference: "reform proposal, seed paper 001 §5; MODEL.md §5",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeFormalisation,
        id: "employee.formalisation",
        label_zh: "就业正规化增速",
        label_en: "Formalisation growth",
        description_zh: "灵活就业人员转入职工医保带来的在职参保人数年增长率（转入者来自居民医保）。",
        description_en: "Yearly growth of the formalisation index: flexible workers moving into the employee scheme (out of the resident scheme).",
        unit: Unit::FractionPerYear,
        group: Group::EmployeeFinancing,
        default: Default::Linear(&[(2023, 0.015), (2035, 0.0)]),
        hard: (-0.05, 0.1),
        soft: (0.0, 0.03),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeePensionIndexation,
        id: "employee.pension_indexation",
        label_zh: "养老金增长率",
        label_en: "Pension indexation",
        description_zh: "退休人员人均基本养老金的年增长率（默认：2023年3.8%，2024年3%，2025年起2%）。",
        description_en: "Yearly growth of the average basic pension (default: 3.8 % in 2023, 3 % in 2024, 2 % from 2025).",
        unit: Unit::FractionPerYear,
        group: Group::EmployeeFinancing,
        default: Default::Steps(&[(2023, 0.038), (2024, 0.03), (2025, 0.02)]),
        hard: (-0.1, 0.2),
        soft: (0.0, 0.08),
        reference: "annual national pension adjustments 2023 (3.8 %), 2024 (3 %), 2025 (2 %) by MOHRSS and MOF; 2 % thereafter is an assumption",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeAveragePension,
        id: "employee.average_pension",
        label_zh: "人均基本养老金",
        label_en: "Average pension",
        description_zh: "退休人员人均基本养老金（元/年），2022年为假设值42000元，此后按养老金增长率增长；用于退休人员缴费和个人账户划入额。",
        description_en: "Average basic pension per retiree (yuan a year): an assumed 42,000 in 2022, then grown with pension indexation; drives retirees' contributions and their account credit.",
        unit: Unit::YuanPerYear,
        group: Group::EmployeeFinancing,
        default: Default::Indexed(&[(2022, 42000.0)]),
        hard: (1000.0, 500000.0),
        soft: (20000.0, 80000.0),
        reference: "assumption: about 3,500 yuan a month, the order of the urban employee basic pension in 2022 (flagged in docs/model.md)",
        index: Some(Lever::EmployeePensionIndexation),
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeRetireeAccountCredit,
        id: "employee.retiree_account_credit",
        label_zh: "退休人员个人账户划入比例",
        label_en: "Retiree account credit",
        description_zh: "由统筹基金按养老金一定比例划入退休人员个人账户（k_ret，默认2%）。",
        description_en: "Retirees' personal-account credit as a share of the average pension, paid out of employer money (k_ret, default 2 %).",
        unit: Unit::Fraction,
        group: Group::PersonalAccounts,
        default: Default::Constant(0.02),
        hard: (0.0, 0.1),
        soft: (0.0, 0.04),
        reference: "国办发〔2021〕14号 (retiree credit about 2 % of the average pension); MODEL.md §5",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeAbolishPa,
        id: "employee.abolish_pa",
        label_zh: "取消个人账户比例",
        label_en: "Abolish personal accounts",
        description_zh: "职工个人缴费中转入统筹基金的比例 φ（0–1，逐步推进），退休人员划入同比例停止，统筹基金同时承担门诊待遇。",
        description_en: "Share φ (0–1, phased) of worker contributions moved from personal accounts to the pooled fund; the retiree credit stops in the same proportion and the pool takes over outpatient spending.",
        unit: Unit::Fraction,
        group: Group::PersonalAccounts,
        default: Default::Constant(0.0),
        hard: (0.0, 1.0),
        soft: (0.0, 1.0),
        reference: "reform proposal, seed paper 001 §5 (roadmap); MODEL.md §5",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeePaOutpatientShare,
        id: "employee.pa_outpatient_share",
        label_zh: "统筹门诊保障比例",
        label_en: "Pooled outpatient share",
        description_zh: "取消个人账户后，原个人账户门诊支出中由统筹基金支付的比例 ψ。",
        description_en: "Share ψ of former personal-account outpatient spending that the pooled fund pays once accounts are abolished.",
        unit: Unit::Fraction,
        group: Group::PersonalAccounts,
        default: Default::Constant(0.5),
        hard: (0.0, 1.0),
        soft: (0.2, 0.8),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentReimbursementDelta,
        id: "resident.reimbursement_delta",
        label_zh: "居民住院报销比例调整",
        label_en: "Resident reimbursement change",
        description_zh: "在各省2022年居民医保政策范围内住院报销比例上增减的百分点。",
        description_en: "Points added to each province's 2022 policy-scope inpatient reimbursement rate of the resident scheme.",
        unit: Unit::FractionPoints,
        group: Group::Benefits,
        default: Default::Constant(0.0),
        hard: (-0.5, 0.3),
        soft: (-0.1, 0.1),
        reference: "base rates: seed paper 004 Table 4 (中国医疗保障统计年鉴2023)",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EmployeeReimbursementDelta,
        id: "employee.reimbursement_delta",
        label_zh: "职工住院报销比例调整",
        label_en: "Employee reimbursement change",
        description_zh: "在各省2022年职工医保政策范围内住院报销比例上增减的百分点。",
        description_en: "Points added to each province's 2022 policy-scope inpatient reimbursement rate of the employee scheme.",
        unit: Unit::FractionPoints,
        group: Group::Benefits,
        default: Default::Constant(0.0),
        hard: (-0.5, 0.15),
        soft: (-0.1, 0.1),
        reference: "base rates: seed paper 004 Table 4 (中国医疗保障统计年鉴2023)",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::RetirementAgeMen,
        id: "retirement.age_men",
        label_zh: "男性退休年龄",
        label_en: "Retirement age, men",
        description_zh: "男性当年退休者的平均法定退休年龄。现行法律（2024年决定）：1965年1月起出生者每出生4个月延迟1个月，至63岁；按日历年为2024年60岁、2030年约61.1岁、2040年63岁。",
        description_en: "Mean statutory age of the men who retire in the year. Current law (2024 decision): one month later per four months of birth from January 1965, up to 63; by calendar year 60 in 2024, about 61.1 in 2030, 63 in 2040.",
        unit: Unit::Years,
        group: Group::Retirement,
        default: Default::Derived(demography::retirement_path_men),
        hard: (50.0, 75.0),
        soft: (58.0, 67.0),
        reference: "全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13), cohort rule turned into calendar years in code (MODEL.md §3)",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::RetirementAgeWomen,
        id: "retirement.age_women",
        label_zh: "女性退休年龄",
        label_en: "Retirement age, women",
        description_zh: "女性当年退休者的平均法定退休年龄：女职工（50岁起，每2个月延迟1个月至55岁）与女干部（55岁起，每4个月延迟1个月至58岁）各占一半（假设）。按日历年为2024年52.5岁、2030年约54.0岁、2040年56.5岁。",
        description_en: "Mean statutory age of the women who retire in the year: women workers (50, one month per two months of birth, to 55) and women cadres (55, one month per four months, to 58), half each (assumption). By calendar year 52.5 in 2024, about 54.0 in 2030, 56.5 in 2040.",
        unit: Unit::Years,
        group: Group::Retirement,
        default: Default::Derived(demography::retirement_path_women),
        hard: (45.0, 75.0),
        soft: (50.0, 65.0),
        reference: "全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13), cohort rule turned into calendar years in code (MODEL.md §3)",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomyMedicalCostGrowth,
        id: "economy.medical_cost_growth",
        label_zh: "医疗费用增长率",
        label_en: "Medical cost growth",
        description_zh: "按年龄加权的人均医疗费用年增长率 g_m（默认2023年7%，线性降至2035年5%）。",
        description_en: "Growth of medical cost per weighted head, g_m (default 7 % in 2023 falling linearly to 5 % by 2035).",
        unit: Unit::FractionPerYear,
        group: Group::Economy,
        default: Default::Linear(&[(2023, 0.07), (2035, 0.05)]),
        hard: (-0.1, 0.3),
        soft: (0.0, 0.12),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomyMedicalCostGrowthResident,
        id: "economy.medical_cost_growth_resident",
        label_zh: "居民医保医疗费用增长率",
        label_en: "Medical cost growth, residents",
        description_zh: "居民医保按年龄加权的人均医疗费用年增长率；未设置时等于医疗费用增长率 g_m（职工医保始终使用 g_m）。",
        description_en: "Growth of medical cost per weighted head in the resident scheme; equal to medical cost growth g_m unless set (the employee scheme always uses g_m).",
        unit: Unit::FractionPerYear,
        group: Group::Economy,
        default: Default::SameAs(Lever::EconomyMedicalCostGrowth),
        hard: (-0.1, 0.3),
        soft: (0.0, 0.12),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomyWageGrowth,
        id: "economy.wage_growth",
        label_zh: "工资增长率",
        label_en: "Wage growth",
        description_zh: "在职职工平均工资年增长率 g_w（默认2023年5.5%，线性降至2035年4%）。",
        description_en: "Growth of the average wage, g_w (default 5.5 % in 2023 falling linearly to 4 % by 2035).",
        unit: Unit::FractionPerYear,
        group: Group::Economy,
        default: Default::Linear(&[(2023, 0.055), (2035, 0.04)]),
        hard: (-0.1, 0.3),
        soft: (0.0, 0.1),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomyIncomeGrowth,
        id: "economy.income_growth",
        label_zh: "人均可支配收入增长率",
        label_en: "Income growth",
        description_zh: "居民人均可支配收入年增长率 g_y；未设置时等于工资增长率。居民缴费与财政补助默认随之增长。",
        description_en: "Growth of per-capita disposable income, g_y; equal to wage growth unless set. The default premium and subsidy grow with it.",
        unit: Unit::FractionPerYear,
        group: Group::Economy,
        default: Default::SameAs(Lever::EconomyWageGrowth),
        hard: (-0.1, 0.3),
        soft: (0.0, 0.1),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomyInterestRate,
        id: "economy.interest_rate",
        label_zh: "基金利率",
        label_en: "Interest rate",
        description_zh: "基金上年末正结余获得的年利率 i（默认1.5%），也用于累计兜底支出的贴现。",
        description_en: "Yearly interest on the fund's positive balance at the end of the previous year, i (default 1.5 %); also discounts the cumulative backstop.",
        unit: Unit::FractionPerYear,
        group: Group::Economy,
        default: Default::Constant(0.015),
        hard: (-0.05, 0.2),
        soft: (0.0, 0.05),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomyDebtRate,
        id: "economy.debt_rate",
        label_zh: "赤字利率",
        label_en: "Debt interest rate",
        description_zh: "`Debt`（记账）规则下，基金上年末负结余按此年利率计息，使赤字累积复利；未设置时等于基金利率 i。",
        description_en: "Under the `Debt` rule, yearly interest charged on the fund's negative balance at the end of the previous year, so that deficits compound; equal to the interest rate i unless set.",
        unit: Unit::FractionPerYear,
        group: Group::Economy,
        default: Default::SameAs(Lever::EconomyInterestRate),
        hard: (-0.05, 0.2),
        soft: (0.0, 0.08),
        reference: "MODEL.md §5 v2",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::EconomySavings,
        id: "economy.savings",
        label_zh: "控费与反欺诈节约",
        label_en: "Efficiency savings",
        description_zh: "控费、集采和打击欺诈骗保带来的支出节约比例 e（默认0）。",
        description_en: "Share e of spending saved by cost control, central procurement and anti-fraud work (default 0).",
        unit: Unit::Fraction,
        group: Group::Economy,
        default: Default::Constant(0.0),
        hard: (0.0, 0.5),
        soft: (0.0, 0.15),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentEnrolmentElasticity,
        id: "resident.enrolment_elasticity",
        label_zh: "参保负担弹性",
        label_en: "Enrolment elasticity",
        description_zh: "居民参保率对缴费负担（保费占收入比例）的弹性 ε（默认−0.15）。",
        description_en: "Elasticity ε of resident enrolment with respect to the premium burden (premium ÷ income); default −0.15.",
        unit: Unit::Coefficient,
        group: Group::Behaviour,
        default: Default::Constant(-0.15),
        hard: (-2.0, 0.0),
        soft: (-0.5, 0.0),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::ResidentMarginalCostRatio,
        id: "resident.marginal_cost_ratio",
        label_zh: "边际参保者相对费用",
        label_en: "Marginal cost ratio",
        description_zh: "因缴费变化而退出或加入的参保者相对平均费用的比例 δ（默认0.5，逆向选择）。",
        description_en: "Relative cost δ of the people who leave or join at the margin (default 0.5: adverse selection).",
        unit: Unit::Coefficient,
        group: Group::Behaviour,
        default: Default::Constant(0.5),
        hard: (0.0, 2.0),
        soft: (0.2, 1.0),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::CostsInducedDemandElasticity,
        id: "costs.induced_demand_elasticity",
        label_zh: "诱导需求弹性",
        label_en: "Induced demand elasticity",
        description_zh: "医疗服务利用对患者自付比例的弹性 η（默认0.2，兰德健康保险实验的量级）。",
        description_en: "Elasticity η of use with respect to the patient's share (default 0.2, the RAND Health Insurance Experiment order).",
        unit: Unit::Coefficient,
        group: Group::Behaviour,
        default: Default::Constant(0.2),
        hard: (0.0, 2.0),
        soft: (0.0, 0.5),
        reference: "RAND Health Insurance Experiment (Manning et al. 1987, AER 77(3)); MODEL.md §4",
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::FiscalCentralShareEast,
        id: "fiscal.central_share_east",
        label_zh: "东部中央财政分担比例",
        label_en: "Central share, east",
        description_zh: "东部省份居民医保财政补助中由中央财政承担的比例。",
        description_en: "Central government's share of the resident subsidy in eastern provinces.",
        unit: Unit::Fraction,
        group: Group::Fiscal,
        default: Default::Constant(0.3),
        hard: (0.0, 1.0),
        soft: (0.0, 1.0),
        reference: "MODEL.md §5 tier table (simplified; the real tiering has exceptions)",
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::FiscalCentralShareCentral,
        id: "fiscal.central_share_central",
        label_zh: "中部中央财政分担比例",
        label_en: "Central share, central",
        description_zh: "中部及东北省份居民医保财政补助中由中央财政承担的比例。",
        description_en: "Central government's share of the resident subsidy in central and north-eastern provinces.",
        unit: Unit::Fraction,
        group: Group::Fiscal,
        default: Default::Constant(0.6),
        hard: (0.0, 1.0),
        soft: (0.0, 1.0),
        reference: "MODEL.md §5 tier table (simplified; the real tiering has exceptions)",
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::FiscalCentralShareWest,
        id: "fiscal.central_share_west",
        label_zh: "西部中央财政分担比例",
        label_en: "Central share, west",
        description_zh: "西部省份居民医保财政补助中由中央财政承担的比例。",
        description_en: "Central government's share of the resident subsidy in western provinces.",
        unit: Unit::Fraction,
        group: Group::Fiscal,
        default: Default::Constant(0.8),
        hard: (0.0, 1.0),
        soft: (0.0, 1.0),
        reference: "MODEL.md §5 tier table (simplified; the real tiering has exceptions)",
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::PoolingSigmaCost,
        id: "pooling.sigma_cost",
        label_zh: "地市费用离散度",
        label_en: "Sub-unit cost dispersion",
        description_zh: "合成地市统筹单元费用系数的对数正态离散度 σ_cost（启用地市统筹或省级调剂金时使用）。",
        description_en: "Lognormal dispersion σ_cost of the synthetic sub-units' cost multipliers (used when a scenario pools at prefecture level or has a provincial adjustment fund).",
        unit: Unit::Coefficient,
        group: Group::Pooling,
        default: Default::Constant(0.15),
        hard: (0.0, 2.0),
        soft: (0.0, 0.5),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::PoolingSigmaIncome,
        id: "pooling.sigma_income",
        label_zh: "地市收入离散度",
        label_en: "Sub-unit income dispersion",
        description_zh: "合成地市统筹单元收入系数的对数正态离散度 σ_income（启用地市统筹或省级调剂金时使用）。",
        description_en: "Lognormal dispersion σ_income of the synthetic sub-units' income multipliers (used when a scenario pools at prefecture level or has a provincial adjustment fund).",
        unit: Unit::Coefficient,
        group: Group::Pooling,
        default: Default::Constant(0.25),
        hard: (0.0, 2.0),
        soft: (0.0, 0.6),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: true,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::PoolingSeed,
        id: "pooling.seed",
        label_zh: "合成地市随机种子",
        label_en: "Sub-unit seed",
        description_zh: "生成合成地市统筹单元的随机种子（取基年值；启用地市统筹或省级调剂金时使用）。",
        description_en: "Seed of the synthetic sub-units (its base-year value; used when a scenario pools at prefecture level or has a provincial adjustment fund).",
        unit: Unit::Integer,
        group: Group::Pooling,
        default: Default::Constant(1.0),
        hard: (0.0, 9.0e15),
        soft: (0.0, 9.0e15),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::StochasticSigmaMedical,
        id: "stochastic.sigma_medical",
        label_zh: "医疗费用增长冲击标准差",
        label_en: "σ medical cost shocks",
        description_zh: "随机模拟中医疗费用增长率年度冲击的标准差（默认1.5个百分点，由 `yibao mc` 使用）。",
        description_en: "Standard deviation of yearly shocks to medical cost growth in the stochastic projection (default 1.5 pp; used by `yibao mc`).",
        unit: Unit::FractionPoints,
        group: Group::Stochastic,
        default: Default::Constant(0.015),
        hard: (0.0, 0.1),
        soft: (0.0, 0.03),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::StochasticSigmaWage,
        id: "stochastic.sigma_wage",
        label_zh: "工资增长冲击标准差",
        label_en: "σ wage shocks",
        description_zh: "随机模拟中工资增长率年度冲击的标准差（默认1个百分点，由 `yibao mc` 使用）。",
        description_en: "Standard deviation of yearly shocks to wage growth (default 1 pp; used by `yibao mc`).",
        unit: Unit::FractionPoints,
        group: Group::Stochastic,
        default: Default::Constant(0.01),
        hard: (0.0, 0.1),
        soft: (0.0, 0.03),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::StochasticSigmaInterest,
        id: "stochastic.sigma_interest",
        label_zh: "利率冲击标准差",
        label_en: "σ interest shocks",
        description_zh: "随机模拟中利率年度冲击的标准差（默认0.5个百分点，由 `yibao mc` 使用）。",
        description_en: "Standard deviation of yearly shocks to the interest rate (default 0.5 pp; used by `yibao mc`).",
        unit: Unit::FractionPoints,
        group: Group::Stochastic,
        default: Default::Constant(0.005),
        hard: (0.0, 0.05),
        soft: (0.0, 0.02),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::StochasticPersistence,
        id: "stochastic.persistence",
        label_zh: "冲击持续性",
        label_en: "Shock persistence",
        description_zh: "随机冲击的一阶自回归系数 φ（默认0.5，由 `yibao mc` 使用）。",
        description_en: "AR(1) coefficient φ of the shocks (default 0.5; used by `yibao mc`).",
        unit: Unit::Coefficient,
        group: Group::Stochastic,
        default: Default::Constant(0.5),
        hard: (0.0, 0.99),
        soft: (0.0, 0.9),
        reference: MODEL_ASSUMPTION,
        index: None,
        per_province: false,
        in_effect: true,
    },
    LeverDef {
        lever: Lever::CalibrationMarginShrinkage,
        id: "calibration.margin_shrinkage",
        label_zh: "居民医保结余率收缩系数",
        label_en: "Resident margin shrinkage",
        description_zh: "校准假设 λ：各省2022年居民医保当期结余率 = 全国结余率 + λ ×（结构性结余率 − 全国结余率），限于全国±15个百分点（默认0.3）。仅作用于基年校准。",
        description_en: "Calibration assumption λ: a province's 2022 resident current margin is the national margin plus λ × (structural margin − national margin), capped at ±15 points (default 0.3). Acts on the base-year calibration only.",
        unit: Unit::Coefficient,
        group: Group::Behaviour,
        default: Default::Constant(0.3),
        hard: (0.0, 1.0),
        soft: (0.0, 0.6),
        reference: "assumption (DATA.md step 7 v2; docs/model.md §3)",
        index: None,
        per_province: false,
        in_effect: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_order_matches_enum() {
        assert_eq!(LEVERS.len(), Lever::ALL.len());
        for (i, d) in LEVERS.iter().enumerate() {
            assert_eq!(d.lever as usize, i, "{} is out of order", d.id);
        }
    }

    #[test]
    fn ids_are_unique_and_defaults_in_hard_range() {
        let mut ids: Vec<_> = LEVERS.iter().map(|d| d.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), LEVERS.len());
        for d in LEVERS {
            assert!(d.hard.0 <= d.soft.0 && d.soft.1 <= d.hard.1, "{}", d.id);
            if let Some(p) = d.default.path() {
                for v in p.keys().values() {
                    assert!(*v >= d.hard.0 && *v <= d.hard.1, "{} default {v}", d.id);
                }
            }
        }
    }
}
