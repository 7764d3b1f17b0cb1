//! Running many variants of one scenario cheaply: the shared machinery of the stochastic
//! projection, sensitivity, goal seek and heatmaps (docs/model.md §10).
//!
//! A [`Runner`] resolves and calibrates a scenario once ([`project::prepare`]); each variant
//! then only re-resolves its lever table (a scenario whose lever paths differ after the base
//! year, and/or [`Perturbation`]s of resolved values) and projects. Variants never change
//! base-year values, so the calibration stays valid: [`set_lever`] refuses a start year at or
//! before the base year and every perturbation here is zero in the base year.

use super::assumptions::AssumptionSet;
use super::calibrate::CalibrationError;
use super::data::Dataset;
use super::keys::{LeverKey, Province};
use super::levers::Lever;
use super::output::Projection;
use super::path::LeverPath;
use super::project::{self, Prepared};
use super::resolve::{Perturbation, PerturbationKind, Resolved, resolve_perturbed};
use super::scenario::Scenario;

/// The first year that sensitivity runs, goal seek, heatmaps and assumption sets change by
/// default: the catalogue's defaults hold the published 2022–2025 financing notices, so 2026 is
/// the first year policy and the economy are open.
pub const FIRST_OPEN_YEAR: i32 = 2026;

/// A scenario prepared for many variant projections.
pub struct Runner {
    /// The scenario's resolved levers, calibration and growth factors.
    pub prepared: Prepared,
    /// The scenario itself.
    pub scenario: Scenario,
    /// The assumption set's perturbations, applied to every variant.
    pub assumptions: Vec<Perturbation>,
}

impl Runner {
    /// Prepares `scenario` under an assumption set; fails when the calibration does (only
    /// possible with user-supplied accounts).
    pub fn new(
        data: &Dataset,
        scenario: &Scenario,
        set: AssumptionSet,
    ) -> Result<Runner, CalibrationError> {
        let prepared = project::prepare(data, scenario)?;
        let assumptions = set.perturbations(prepared.levers.first_year, prepared.levers.years);
        Ok(Runner {
            prepared,
            scenario: scenario.clone(),
            assumptions,
        })
    }

    /// The base year.
    pub fn base_year(&self) -> i32 {
        self.prepared.levers.first_year
    }

    /// The last projected year.
    pub fn horizon(&self) -> i32 {
        self.prepared.levers.first_year + self.prepared.levers.years as i32 - 1
    }

    /// Number of projected years including the base year.
    pub fn years(&self) -> usize {
        self.prepared.levers.years
    }

    /// A yearly series for a perturbation: `before` up to `from − 1`, `value` from `from` on.
    pub fn step_series(&self, from: i32, before: f64, value: f64) -> Vec<f64> {
        let b = self.base_year();
        (0..self.years())
            .map(|t| if b + t as i32 >= from { value } else { before })
            .collect()
    }

    /// The lever table of a variant: `scenario` (the runner's own when `None`) with the
    /// assumption set's perturbations and then `extra`.
    pub fn levers(&self, scenario: Option<&Scenario>, extra: &[Perturbation]) -> Resolved {
        let codes: Vec<&str> = self.prepared.codes.iter().map(String::as_str).collect();
        let all: Vec<Perturbation> = self.assumptions.iter().chain(extra).cloned().collect();
        resolve_perturbed(
            scenario.unwrap_or(&self.scenario),
            &codes,
            self.base_year(),
            self.horizon(),
            &all,
        )
        .0
    }

    /// Projects a variant (see [`Runner::levers`]).
    pub fn run(&self, scenario: Option<&Scenario>, extra: &[Perturbation]) -> Projection {
        let levers = self.levers(scenario, extra);
        project::project_prepared(&self.prepared, &levers, self.scenario.balancing)
    }

    /// [`Runner::run`] without summaries, benefit gaps and the fragmentation table
    /// ([`project::project_series`]): the series alone, for the analyses that read only them.
    pub fn run_series(&self, scenario: Option<&Scenario>, extra: &[Perturbation]) -> Projection {
        let levers = self.levers(scenario, extra);
        project::project_series(&self.prepared, &levers, self.scenario.balancing, true)
    }

    /// [`Runner::run_series`] without the total series (`employee`, `all`): every unit's
    /// three funds alone (what the Monte Carlo draws keep).
    pub fn run_funds(&self, extra: &[Perturbation]) -> Projection {
        let levers = self.levers(None, extra);
        project::project_series(&self.prepared, &levers, self.scenario.balancing, false)
    }

    /// An additive perturbation of `lever` by `delta` from `from` on.
    pub fn shift(&self, lever: Lever, from: i32, delta: f64) -> Perturbation {
        Perturbation {
            lever,
            kind: PerturbationKind::Add,
            values: self.step_series(from, 0.0, delta),
        }
    }

    /// A multiplicative perturbation of `lever` by `factor` from `from` on.
    pub fn scale(&self, lever: Lever, from: i32, factor: f64) -> Perturbation {
        Perturbation {
            lever,
            kind: PerturbationKind::Scale,
            values: self.step_series(from, 1.0, factor),
        }
    }
}

/// `scenario` with `lever`'s national path set to `value` from `from` on: the path's keys
/// before `from` are kept, later ones dropped. A new path is `Indexed` for levers that have an
/// index (a per-head amount keeps growing with income after `from`), else `Steps`; an existing
/// path keeps its kind. Province overrides (`id@CODE`) of the lever are left as they are.
/// Errors when `from` is not after `base_year` (the calibration uses base-year values).
pub fn set_lever(
    scenario: &Scenario,
    lever: Lever,
    value: f64,
    from: i32,
    base_year: i32,
) -> Result<Scenario, String> {
    set_lever_in(scenario, lever, None, value, from, base_year)
}

/// [`set_lever`] on the path of one scenario key: the national path (`province` `None`) or the
/// province override `id@CODE`; other keys of the lever are left as they are. A province
/// override of a lever without per-province values is an error.
pub fn set_lever_in(
    scenario: &Scenario,
    lever: Lever,
    province: Option<&str>,
    value: f64,
    from: i32,
    base_year: i32,
) -> Result<Scenario, String> {
    if province.is_some() && !lever.def().per_province {
        return Err(format!(
            "lever `{}` has no province overrides",
            lever.def().id
        ));
    }
    if from <= base_year {
        return Err(format!(
            "lever `{}`: a value can be set from {} on, not from {from}",
            lever.def().id,
            base_year + 1
        ));
    }
    let mut s = scenario.clone();
    let province = match province {
        Some(code) => Some(
            Province::from_code(code).ok_or_else(|| format!("unknown province code `{code}`"))?,
        ),
        None => None,
    };
    let key = LeverKey::new(lever, province);
    let path = match s.lever(key).cloned() {
        Some(mut p) => {
            let keys = p.keys_mut();
            keys.retain(|y, _| *y < from);
            keys.insert(from, value);
            p
        }
        None => {
            let keys = [(from, value)].into_iter().collect();
            if lever.def().index.is_some() {
                LeverPath::Indexed(keys)
            } else {
                LeverPath::Steps(keys)
            }
        }
    };
    s.set_lever(key, Some(path));
    Ok(s)
}

/// The value of `lever` in year `year` (national path, first province) as the runner's
/// scenario resolves it.
pub fn current_value(runner: &Runner, lever: Lever, year: i32) -> f64 {
    runner.prepared.levers.in_year(lever, 0, year)
}
/// The scenario as written under the low-cost and under the high-cost assumption set (the
/// paths drawn over a fan).
pub fn cost_set_runs(
    data: &Dataset,
    scenario: &Scenario,
) -> Result<[Projection; 2], CalibrationError> {
    let run = |set| Runner::new(data, scenario, set).map(|r| r.run(None, &[]));
    Ok([run(AssumptionSet::Low)?, run(AssumptionSet::High)?])
}

/// The balance of a unit's fund in every year of a projection (empty when the projection has
/// no such series).
pub fn balance_path(p: &Projection, unit: &str, fund: super::output::Fund) -> Vec<f64> {
    p.series(unit, fund)
        .map(|s| s.rows.iter().map(|r| r.balance).collect())
        .unwrap_or_default()
}
