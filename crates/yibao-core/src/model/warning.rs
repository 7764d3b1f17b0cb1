//! What a projection tells its user beside the numbers, as typed values.
//!
//! Each warning is emitted once, by the step that knows it: the resolver (keys that name no
//! lever or province), the calibration and the history factors (calibration step 12, docs/model.md §11; see
//! [`calibrate::CalibrationWarning`]), the projection (clamped horizon, clamped reimbursement rates, an
//! empty resident pool) or a failed calibration. What a scenario *file* says about itself
//! (levers not yet in effect, pooling entries kept but ignored, soft ranges) is the
//! validator's, with file, line and column, and is not repeated here.
//!
//! [`Display`](std::fmt::Display) gives the English text the CLI prints; the app translates
//! the values itself.

use super::calibrate::{self, CalibrationError};
use super::project::MAX_REIMBURSEMENT;

/// A projection's warning.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// A scenario key names no lever; it was ignored.
    UnknownLever {
        /// The lever id as written.
        id: String,
    },
    /// A province override names no province, or its lever takes no province override.
    OverrideIgnored {
        /// The key as written (`id@CODE`).
        key: String,
    },
    /// A suspicious calibrated state or history factor (calibration step 12, docs/model.md §11).
    Calibration(calibrate::CalibrationWarning),
    /// The calibration failed its guard rails. [`crate::model::project()`] returns that as its
    /// error; this warning is how a display that must show a projection anyway (the app's
    /// status line, with empty charts) names the cause.
    CalibrationFailed(CalibrationError),
    /// The scenario's horizon was outside the population projection's years.
    HorizonClamped {
        /// The scenario's horizon.
        requested: i32,
        /// The horizon used.
        used: i32,
    },
    /// A reimbursement rate of the province was clamped to 0–[`MAX_REIMBURSEMENT`].
    ReimbursementClamped {
        /// Province code.
        province: String,
    },
    /// Employee members fill the province's insured; its resident pool is empty.
    EmptyResidentPool {
        /// Province code.
        province: String,
    },
    /// The pooling sub-units are synthetic, not real prefectures (docs/model.md §12).
    SyntheticSubunits {
        /// The seed they were drawn from.
        seed: u64,
        /// The spread of their people shares (an assumption without a lever).
        sigma_people: f64,
    },
    /// Real sub-units loaded from a file replace the synthetic ones of these provinces.
    LoadedSubunits {
        /// The file as given.
        file: String,
        /// Province codes.
        provinces: Vec<String>,
    },
    /// A province's loaded sub-units miss its base year: the rest is one unit `CODE-00`.
    SubunitsRemainder {
        /// Province code.
        province: String,
        /// `(fund item, share of the province missed)`; negative where they exceed it.
        misses: Vec<(String, f64)>,
    },
    /// Sub-units were loaded but the scenario pools at province level or above without a
    /// provincial adjustment fund, so it has no sub-units.
    SubunitsUnused {
        /// The file as given.
        file: String,
    },
}

/// `fund item −3.2 %, …` of a remainder warning.
pub fn misses_text(misses: &[(String, f64)]) -> String {
    misses
        .iter()
        .map(|(what, m)| format!("{what} {:.2} %", 100.0 * m))
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::UnknownLever { id } => write!(f, "unknown lever `{id}` ignored"),
            Warning::OverrideIgnored { key } => {
                write!(f, "`{key}` ignored: no such province override")
            }
            Warning::Calibration(w) => w.fmt(f),
            Warning::CalibrationFailed(e) => e.fmt(f),
            Warning::HorizonClamped { requested, used } => {
                write!(f, "horizon {requested} clamped to {used}")
            }
            Warning::ReimbursementClamped { province } => write!(
                f,
                "{province}: a reimbursement rate was clamped to 0–{MAX_REIMBURSEMENT}"
            ),
            Warning::EmptyResidentPool { province } => write!(
                f,
                "{province}: employee members fill the insured; resident pool is empty"
            ),
            Warning::SyntheticSubunits { seed, sigma_people } => write!(
                f,
                "pooling: the sub-units (CODE-NN) are synthetic, not real prefectures: drawn from seed {seed} with σ_cost, σ_income levers and σ_people {sigma_people} (docs/model.md §12)"
            ),
            Warning::LoadedSubunits { file, provinces } => write!(
                f,
                "pooling: the sub-units of {} are real prefectures loaded from {file}, not synthetic",
                provinces.join(", ")
            ),
            Warning::SubunitsRemainder { province, misses } => write!(
                f,
                "pooling: {province}'s loaded sub-units miss the province's base year by {}; the rest is one sub-unit {province}-00 (rest of province)",
                misses_text(misses)
            ),
            Warning::SubunitsUnused { file } => write!(
                f,
                "pooling: the sub-units loaded from {file} are not used: the scenario pools at province level or above without a provincial adjustment fund"
            ),
        }
    }
}

impl From<calibrate::CalibrationWarning> for Warning {
    fn from(w: calibrate::CalibrationWarning) -> Self {
        Warning::Calibration(w)
    }
}

/// Sorts warnings by their English text and drops repeats (a stable, thread-count-independent
/// order for the CLI and the app).
pub fn sort_dedup(warnings: &mut Vec<Warning>) {
    warnings.sort_by_cached_key(ToString::to_string);
    warnings.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_texts_match_the_cli_wording() {
        let w = Warning::HorizonClamped {
            requested: 2200,
            used: 2100,
        };
        assert_eq!(w.to_string(), "horizon 2200 clamped to 2100");
        let w = Warning::EmptyResidentPool {
            province: "SH".into(),
        };
        assert_eq!(
            w.to_string(),
            "SH: employee members fill the insured; resident pool is empty"
        );
        let w = Warning::from(calibrate::CalibrationWarning::IndividualRateClamped {
            province: "BJ".into(),
        });
        assert_eq!(
            w.to_string(),
            "BJ: the retiree account credit exceeds account income; individual rate set to 0"
        );
    }

    #[test]
    fn sort_dedup_orders_by_text_and_drops_repeats() {
        let a = Warning::UnknownLever { id: "b".into() };
        let b = Warning::UnknownLever { id: "a".into() };
        let mut v = vec![a.clone(), b.clone(), a.clone()];
        sort_dedup(&mut v);
        assert_eq!(v, vec![b, a]);
    }
}
