//! One-at-a-time sensitivity (docs/model.md §10): each input moved to its low and its high value
//! from [`FIRST_OPEN_YEAR`] on, the change in a chosen metric; sorted by swing for a tornado.
//!
//! The inputs and their low/high moves are data ([`INPUTS`], an assumption of this project
//! documented in docs/model.md). A move is a shift (added to the resolved yearly value) or a
//! factor (multiplying it), applied before dependent levers resolve (so a wage-growth move also
//! moves income growth, premiums and subsidies indexed to it, when they follow wages), clamped
//! to the lever's hard range. A depletion year of "never" counts as the horizon + 1.
//!
//! [`FIRST_OPEN_YEAR`]: super::experiment::FIRST_OPEN_YEAR

use super::experiment::{FIRST_OPEN_YEAR, Runner};
use super::levers::Lever;
use super::metric::{Measure, Metric};
use super::output::{Fund, Projection};
use super::resolve::Perturbation;
use rayon::prelude::*;

/// How an input moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Move {
    /// Added to the resolved value (low, high).
    Shift(f64, f64),
    /// Multiplies the resolved value (low, high).
    Factor(f64, f64),
}

/// One input of the sensitivity analysis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Input {
    /// The lever moved.
    pub lever: Lever,
    /// Its low and high moves.
    pub moves: Move,
}

/// The inputs and their low/high moves.
pub const INPUTS: &[Input] = &[
    Input {
        lever: Lever::EconomyMedicalCostGrowth,
        moves: Move::Shift(-0.01, 0.01),
    },
    Input {
        lever: Lever::EconomyWageGrowth,
        moves: Move::Shift(-0.01, 0.01),
    },
    Input {
        lever: Lever::EconomyInterestRate,
        moves: Move::Shift(-0.01, 0.01),
    },
    Input {
        lever: Lever::EconomySavings,
        moves: Move::Shift(0.0, 0.05),
    },
    Input {
        lever: Lever::ResidentPremium,
        moves: Move::Factor(0.8, 1.2),
    },
    Input {
        lever: Lever::ResidentSubsidy,
        moves: Move::Factor(0.8, 1.2),
    },
    Input {
        lever: Lever::ResidentChildFactor,
        moves: Move::Shift(-0.2, 0.2),
    },
    Input {
        lever: Lever::ResidentAssistedShare,
        moves: Move::Shift(-0.04, 0.04),
    },
    Input {
        lever: Lever::EmployeeEmployerRateDelta,
        moves: Move::Shift(-0.005, 0.005),
    },
    Input {
        lever: Lever::EmployeeFormalisation,
        moves: Move::Shift(-0.005, 0.005),
    },
    Input {
        lever: Lever::EmployeePensionIndexation,
        moves: Move::Shift(-0.01, 0.01),
    },
    Input {
        lever: Lever::EmployeeRetireeAccountCredit,
        moves: Move::Shift(-0.01, 0.01),
    },
    Input {
        lever: Lever::ResidentReimbursementDelta,
        moves: Move::Shift(-0.05, 0.05),
    },
    Input {
        lever: Lever::EmployeeReimbursementDelta,
        moves: Move::Shift(-0.05, 0.05),
    },
    Input {
        lever: Lever::RetirementAgeMen,
        moves: Move::Shift(-1.0, 1.0),
    },
    Input {
        lever: Lever::RetirementAgeWomen,
        moves: Move::Shift(-1.0, 1.0),
    },
    Input {
        lever: Lever::ResidentEnrolmentElasticity,
        moves: Move::Shift(-0.1, 0.1),
    },
    Input {
        lever: Lever::ResidentMarginalCostRatio,
        moves: Move::Shift(-0.3, 0.3),
    },
    Input {
        lever: Lever::CostsInducedDemandElasticity,
        moves: Move::Shift(-0.1, 0.1),
    },
];

impl Input {
    /// The perturbation of the low (`high == false`) or high move.
    pub fn perturbation(&self, runner: &Runner, high: bool) -> Perturbation {
        match self.moves {
            Move::Shift(l, h) => {
                runner.shift(self.lever, FIRST_OPEN_YEAR, if high { h } else { l })
            }
            Move::Factor(l, h) => {
                runner.scale(self.lever, FIRST_OPEN_YEAR, if high { h } else { l })
            }
        }
    }

    /// The moves in words (for tables).
    pub fn describe(&self) -> (String, String) {
        match self.moves {
            Move::Shift(l, h) => (format!("{l:+}"), format!("{h:+}")),
            Move::Factor(l, h) => (format!("×{l}"), format!("×{h}")),
        }
    }
}

/// One row of the tornado.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The input.
    pub input: Input,
    /// Metric with the input at its low value.
    pub low: f64,
    /// Metric with the input at its high value.
    pub high: f64,
    /// |high − low|.
    pub swing: f64,
}

/// The sensitivity of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    /// The metric.
    pub metric: Metric,
    /// Unit.
    pub unit: String,
    /// Fund used when the metric names none.
    pub fund: Fund,
    /// The metric of the scenario as it is.
    pub base: f64,
    /// Bars, largest swing first (ties in catalogue order).
    pub bars: Vec<Bar>,
}

/// The metric with changes from `from` ([`Metric::eval_from`]), "never depleted" as the
/// horizon + 1.
pub fn metric_value(
    p: &Projection,
    metric: &Metric,
    unit: &str,
    fund: Fund,
    from: i32,
) -> Result<f64, String> {
    let v = metric.eval_from(p, unit, fund, from)?;
    Ok(if metric.measure == Measure::Depletion && v.is_infinite() {
        f64::from(p.horizon + 1)
    } else {
        v
    })
}

/// Runs every input low and high (in parallel) and sorts by swing.
pub fn tornado(
    runner: &Runner,
    metric: &Metric,
    unit: &str,
    fund: Fund,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Tornado, String> {
    let from = super::experiment::FIRST_OPEN_YEAR;
    metric
        .check_window(runner.base_year(), runner.horizon(), from)
        .map_err(|e| format!("the inputs move from {from}: {e}"))?;
    let base = metric_value(&runner.run_series(None, &[]), metric, unit, fund, from)?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let values: Vec<f64> = (0..INPUTS.len() * 2)
        .into_par_iter()
        .map(|k| {
            let input = &INPUTS[k / 2];
            let p = runner.run_series(None, &[input.perturbation(runner, k % 2 == 1)]);
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            metric_value(&p, metric, unit, fund, from)
        })
        .collect::<Result<_, _>>()?;
    let mut bars: Vec<Bar> = INPUTS
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let (low, high) = (values[2 * i], values[2 * i + 1]);
            Bar {
                input: *input,
                low,
                high,
                swing: (high - low).abs(),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(Tornado {
        metric: *metric,
        unit: unit.to_owned(),
        fund,
        base,
        bars,
    })
}
