//! Assumption sets: low-cost, intermediate and high-cost economic assumptions (issue 12).
//!
//! Each set is data: additive shifts of resolved economic levers from [`FIRST_OPEN_YEAR`] on,
//! beside the lever catalogue. The intermediate set is the scenario as written. "Low cost"
//! means the assumptions under which the funds fare better: slower medical cost growth, faster
//! wage (and so income, premium and subsidy) growth, higher interest on reserves.
//!
//! [`FIRST_OPEN_YEAR`]: super::experiment::FIRST_OPEN_YEAR

use super::experiment::FIRST_OPEN_YEAR;
use super::levers::Lever;
use super::resolve::{Perturbation, PerturbationKind};

/// One economic assumption's shift in the low-cost and high-cost sets (fraction points a year).
#[derive(Clone, Copy, Debug)]
pub struct AssumptionShift {
    /// The lever shifted.
    pub lever: Lever,
    /// Added in the low-cost set.
    pub low_cost: f64,
    /// Added in the high-cost set.
    pub high_cost: f64,
}

/// The assumption sets' shifts (an assumption of this project, documented in docs/model.md):
/// medical cost growth ∓1 pp, wage growth ±0.5 pp (income growth follows wages unless the
/// scenario sets it), interest ±0.5 pp.
pub const SHIFTS: &[AssumptionShift] = &[
    AssumptionShift {
        lever: Lever::EconomyMedicalCostGrowth,
        low_cost: -0.01,
        high_cost: 0.01,
    },
    AssumptionShift {
        lever: Lever::EconomyWageGrowth,
        low_cost: 0.005,
        high_cost: -0.005,
    },
    AssumptionShift {
        lever: Lever::EconomyInterestRate,
        low_cost: 0.005,
        high_cost: -0.005,
    },
];

/// A set of economic assumptions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AssumptionSet {
    /// Low cost: the funds fare better.
    Low,
    /// Intermediate: the scenario as written.
    #[default]
    Mid,
    /// High cost: the funds fare worse.
    High,
}

impl AssumptionSet {
    /// All sets, low to high cost.
    pub const ALL: [AssumptionSet; 3] =
        [AssumptionSet::Low, AssumptionSet::Mid, AssumptionSet::High];

    /// The id used on the command line.
    pub fn id(self) -> &'static str {
        match self {
            AssumptionSet::Low => "low",
            AssumptionSet::Mid => "mid",
            AssumptionSet::High => "high",
        }
    }

    /// The set with this id.
    pub fn from_id(id: &str) -> Option<AssumptionSet> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The set's perturbations over `years` years from `first_year`.
    pub fn perturbations(self, first_year: i32, years: usize) -> Vec<Perturbation> {
        if self == AssumptionSet::Mid {
            return Vec::new();
        }
        SHIFTS
            .iter()
            .map(|s| {
                let d = if self == AssumptionSet::Low {
                    s.low_cost
                } else {
                    s.high_cost
                };
                Perturbation {
                    lever: s.lever,
                    kind: PerturbationKind::Add,
                    values: (0..years)
                        .map(|t| {
                            if first_year + t as i32 >= FIRST_OPEN_YEAR {
                                d
                            } else {
                                0.0
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
