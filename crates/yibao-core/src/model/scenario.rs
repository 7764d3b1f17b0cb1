//! The scenario: a sparse reform over the current-law baseline, as it is stored in files.
//!
//! Parsing with positions, validation and writing live in `crate::scenario`; this module only
//! holds the data so that the core can project it without touching files.

use super::keys::LeverKey;
use super::path::LeverPath;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file format version this build writes. Older versions are migrated on load.
pub const FORMAT_VERSION: u32 = 1;

/// The one named baseline this build knows.
pub const BASELINE_CURRENT_LAW: &str = "current-law";

/// Default projection horizon.
pub const DEFAULT_HORIZON: i32 = 2060;

/// Last year the population data reaches.
pub const MAX_HORIZON: i32 = 2100;

/// A reform scenario (the RON file's top-level `Scenario(...)`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// File format version.
    pub format: u32,
    /// Short title (Chinese by convention).
    pub title: String,
    /// What the reform does and why.
    #[serde(default)]
    pub description: String,
    /// Citations for the reform.
    #[serde(default)]
    pub references: Vec<String>,
    /// The named baseline the levers change.
    #[serde(default = "default_baseline")]
    pub baseline: String,
    /// Last projected year.
    #[serde(default = "default_horizon")]
    pub horizon: i32,
    /// What happens when a fund would go below zero.
    #[serde(default)]
    pub balancing: Balancing,
    /// Lever paths by id, optionally `id@CODE` for one province. Keys are kept as written
    /// (typed access through [`Scenario::lever`], [`Scenario::set_lever`] and
    /// [`Scenario::lever_paths`]) so that a key naming no lever or province survives loading
    /// and reaches validation, which reports it with its position and a did-you-mean.
    #[serde(default)]
    pub levers: BTreeMap<String, LeverPath>,
    /// Pooling levels and adjustment funds.
    #[serde(default)]
    pub pooling: Pooling,
    /// The user's data the scenario's numbers rest on (provincial and prefecture accounts),
    /// carried in the file so that whoever opens it gets the same numbers (issue 21). Absent in
    /// files without such data, which read as before.
    #[serde(default, skip_serializing_if = "ScenarioData::is_empty")]
    pub data: ScenarioData,
}

/// The user's data a scenario carries: the text of the accounts files it was made with, in
/// the formats `--accounts` and `--subunits` read (docs/accounts.md). The projection does not
/// read it; the command line and the app build the data set from it when they open the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioData {
    /// Provincial accounts (`province_accounts.csv` format), as loaded.
    #[serde(default)]
    pub accounts: Option<String>,
    /// Prefecture (sub-unit) accounts, as loaded.
    #[serde(default)]
    pub subunits: Option<String>,
}

impl ScenarioData {
    /// Whether the scenario carries no data of its own.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_none() && self.subunits.is_none()
    }
}

fn default_baseline() -> String {
    BASELINE_CURRENT_LAW.to_owned()
}

/// The titles the program gives, in Chinese and English: the built-in baseline's and that of
/// a scenario edited from it and not yet named. A file keeps the title it holds; what shows
/// it in one language (the app, the report's English section) shows these in that language.
pub const AUTOMATIC_TITLES: [[&str; 2]; 2] = [
    ["现行政策（基准）", "Current law (baseline)"],
    ["未命名方案（基于现行政策）", "Untitled (from current law)"],
];

/// `title` in Chinese (`english` false) or English when it is one of the
/// [`AUTOMATIC_TITLES`] in either language; any other title as written.
pub fn title_in(title: &str, english: bool) -> &str {
    AUTOMATIC_TITLES
        .iter()
        .find(|pair| pair.contains(&title))
        .map_or(title, |pair| pair[usize::from(english)])
}

fn default_horizon() -> i32 {
    DEFAULT_HORIZON
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            format: FORMAT_VERSION,
            title: AUTOMATIC_TITLES[0][0].to_owned(),
            description: String::new(),
            references: Vec::new(),
            baseline: default_baseline(),
            horizon: DEFAULT_HORIZON,
            balancing: Balancing::default(),
            levers: BTreeMap::new(),
            pooling: Pooling::default(),
            data: ScenarioData::default(),
        }
    }
}

/// The balancing rule (docs/model.md §6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Balancing {
    /// 财政兜底: the government pays any shortfall; the balance stays at zero.
    #[default]
    FiscalBackstop,
    /// The balance goes negative; nothing is paid.
    Debt,
    /// Spending is cut to what the fund can pay.
    CutBenefits,
    /// 以支定收: contributions rise just enough to balance in that year.
    RaiseContributions,
}

impl Balancing {
    /// All rules in display order.
    pub const ALL: [Balancing; 4] = [
        Balancing::FiscalBackstop,
        Balancing::Debt,
        Balancing::CutBenefits,
        Balancing::RaiseContributions,
    ];

    /// The rule's label.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Balancing::FiscalBackstop, true) => "财政兜底",
            (Balancing::FiscalBackstop, false) => "Fiscal backstop",
            (Balancing::Debt, true) => "允许负结余（债务）",
            (Balancing::Debt, false) => "Debt",
            (Balancing::CutBenefits, true) => "削减待遇",
            (Balancing::CutBenefits, false) => "Cut benefits",
            (Balancing::RaiseContributions, true) => "以支定收（提高缴费）",
            (Balancing::RaiseContributions, false) => "Raise contributions",
        }
    }
}

/// Pooling levels and adjustment funds (docs/model.md §12; projected from a later version on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pooling {
    /// Pooling level of the resident scheme from given years.
    #[serde(default)]
    pub resident: Vec<PoolingStep>,
    /// Pooling level of the employee scheme from given years.
    #[serde(default)]
    pub employee: Vec<PoolingStep>,
    /// Adjustment funds (调剂金) from given years.
    #[serde(default)]
    pub adjustment: Vec<AdjustmentStep>,
}

impl Pooling {
    /// True when nothing is set (the 31 provinces are the pooling units).
    pub fn is_empty(&self) -> bool {
        self.resident.is_empty() && self.employee.is_empty() && self.adjustment.is_empty()
    }
}

/// A pooling level that applies from a year on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolingStep {
    /// First year of the level.
    pub from: i32,
    /// The level.
    pub level: PoolingLevel,
}

/// 统筹层次.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PoolingLevel {
    /// 地市级统筹.
    Prefecture,
    /// 省级统筹.
    Province,
    /// 全国统筹.
    National,
}

/// An adjustment fund (调剂金) from a year on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentStep {
    /// First year of the fund.
    pub from: i32,
    /// Province-level or national fund.
    pub scope: AdjustmentScope,
    /// Share α of contribution income paid into it.
    pub rate: f64,
    /// Two-part design (Guizhou 2025): an additional rate paid by units whose scheduled
    /// spending grew faster than `growth_limit` last year. 0 (the default) for a one-rate fund.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub extra_rate: f64,
    /// Spending growth (a fraction) above which a unit pays `extra_rate`; none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth_limit: Option<f64>,
    /// Both rates on last year's contribution income instead of this year's (the Guizhou
    /// design).
    #[serde(default, skip_serializing_if = "is_false")]
    pub last_year_base: bool,
    /// Two-part design: units that missed last year's collection target (their contribution
    /// income fell short of the year before's grown by the wage or income growth lever) also pay
    /// `extra_rate` (docs/model.md §12).
    #[serde(default, skip_serializing_if = "is_false")]
    pub missed_target: bool,
    /// Units (`GZ-03`, or a province code for all its units) that pay in but receive no
    /// adjustment: a gap that comes from poor management is not covered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

fn is_false(v: &bool) -> bool {
    !*v
}

impl AdjustmentStep {
    /// A one-rate fund: scope and rate α from a year.
    pub fn new(from: i32, scope: AdjustmentScope, rate: f64) -> Self {
        AdjustmentStep {
            from,
            scope,
            rate,
            extra_rate: 0.0,
            growth_limit: None,
            last_year_base: false,
            missed_target: false,
            excluded: Vec::new(),
        }
    }
}

/// Scope of an adjustment fund.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdjustmentScope {
    /// One fund per province.
    Province,
    /// One national fund.
    National,
}

impl Scenario {
    /// The path the scenario sets for a lever key, if any.
    pub fn lever(&self, key: LeverKey) -> Option<&LeverPath> {
        self.levers.get(&key.to_string())
    }

    /// Sets (`Some`) or removes (`None`) the path of a lever key.
    pub fn set_lever(&mut self, key: LeverKey, path: Option<LeverPath>) {
        match path {
            Some(p) => {
                self.levers.insert(key.to_string(), p);
            }
            None => {
                self.levers.remove(&key.to_string());
            }
        }
    }

    /// The lever paths whose keys name a lever and a province, in file order (keys that do not
    /// parse are left out; validation reports them).
    pub fn lever_paths(&self) -> impl Iterator<Item = (LeverKey, &LeverPath)> {
        self.levers
            .iter()
            .filter_map(|(k, p)| k.parse::<LeverKey>().ok().map(|k| (k, p)))
    }
}
