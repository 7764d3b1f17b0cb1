//! Goal seek (docs/model.md §10): the value of one lever, set from a start year on, that meets a
//! target on one unit's fund.
//!
//! The lever's hard range is scanned at [`SCAN_POINTS`] evenly spaced values (in parallel);
//! where the target is met at some values and not at others, the bracket between two
//! neighbouring scan points that differ and lies closest to the lever's current value is
//! narrowed by bisection until it is shorter than the tolerance (10⁻⁶ of the hard range). The
//! answer is the bracket's end that meets the target; its other end, one tolerance away, does
//! not. A target met nowhere in the range, or everywhere, is reported as such. A feasible
//! window narrower than the scan step can be missed (the scan is the bracketing step).

use super::experiment::{Runner, set_lever_in};
use super::levers::{Lever, ValueUnit};
use super::metric::Target;
use super::output::Fund;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Number of values of the hard range tried before bisection.
pub const SCAN_POINTS: usize = 17;

/// Bisection stops when the bracket is shorter than this share of the hard range.
pub const RELATIVE_TOLERANCE: f64 = 1e-6;

/// What to solve.
#[derive(Clone, Debug)]
pub struct SolveSpec {
    /// The lever to set (national path).
    pub lever: Lever,
    /// The target.
    pub target: Target,
    /// ValueUnit code (`CN` or a province).
    pub unit: String,
    /// Fund used when the target names none.
    pub fund: Fund,
    /// First year the value applies.
    pub from: i32,
}

/// The answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A value that meets the target; `near` (within `tolerance`) does not.
    Solved {
        /// The lever value found.
        value: f64,
        /// The metric at `value`.
        metric: f64,
        /// The neighbouring value that does not meet the target.
        near: f64,
        /// The metric at `near`.
        near_metric: f64,
        /// Bracket width at the end.
        tolerance: f64,
    },
    /// The target is met at every value tried in the range.
    AlwaysMet {
        /// Range tried.
        range: (f64, f64),
    },
    /// No value in range meets the target.
    NeverMet {
        /// Range tried.
        range: (f64, f64),
        /// The metric at the range's ends.
        metric_at_ends: (f64, f64),
    },
}

/// Whether a lever can be solved for: in effect, used by the deterministic projection, not a
/// whole number.
pub fn solvable(lever: Lever) -> bool {
    use super::levers::Group;
    let d = lever.def();
    d.in_effect
        && d.unit != ValueUnit::Integer
        && d.group != Group::Stochastic
        && !CALIBRATION_ONLY.contains(&lever)
}

/// Why a lever cannot be solved for or put on a heatmap axis, if it cannot.
pub fn check_solvable(lever: Lever) -> Result<(), String> {
    let id = lever.def().id;
    if CALIBRATION_ONLY.contains(&lever) {
        Err(format!(
            "lever `{id}` acts on the base-year calibration only: a value from a later year changes nothing; choose another"
        ))
    } else if !solvable(lever) {
        Err(format!(
            "lever `{id}` does not enter the deterministic projection; choose another"
        ))
    } else {
        Ok(())
    }
}

/// Levers that act on the base-year calibration only: a value set from a later year changes
/// nothing, so they cannot be solved for or put on a heatmap axis.
pub const CALIBRATION_ONLY: [Lever; 1] = [Lever::CalibrationMarginShrinkage];

/// The metric of the spec's unit and fund with the lever set to `v`.
pub fn evaluate(runner: &Runner, spec: &SolveSpec, v: f64) -> Result<f64, String> {
    evaluate_in(runner, spec, None, v)
}

/// [`evaluate`] with the value set on a province override (`id@CODE`) when `province` is given.
pub fn evaluate_in(
    runner: &Runner,
    spec: &SolveSpec,
    province: Option<&str>,
    v: f64,
) -> Result<f64, String> {
    let s = set_lever_in(
        &runner.scenario,
        spec.lever,
        province,
        v,
        spec.from,
        runner.base_year(),
    )?;
    let p = runner.run_series(Some(&s), &[]);
    spec.target
        .metric
        .eval_from(&p, &spec.unit, spec.fund, spec.from)
}

/// Number of bisection steps that narrow a bracket of `width` to `tolerance` or less.
fn bisection_steps(width: f64, tolerance: f64) -> usize {
    let mut w = width;
    let mut n = 0;
    while w > tolerance && n < 200 {
        w /= 2.0;
        n += 1;
    }
    n
}

/// Number of projections [`solve_with`] runs at most (for progress).
pub fn evaluations(lever: Lever) -> usize {
    let (lo, hi) = lever.def().hard;
    let step = (hi - lo) / (SCAN_POINTS - 1) as f64;
    SCAN_POINTS + bisection_steps(step, (hi - lo) * RELATIVE_TOLERANCE)
}

/// Solves `spec` (see the module documentation) with the lever's national path.
pub fn solve(runner: &Runner, spec: &SolveSpec) -> Result<Outcome, String> {
    solve_with(runner, spec, None, &|_| {}, &AtomicBool::new(false))
        .and_then(|o| o.ok_or_else(|| "goal seek was cancelled".to_owned()))
}

/// [`solve`] on the path of one scenario key: the national path (`province` `None`) or the
/// province override `id@CODE` (the province's code must be one of the runner's). `progress`
/// gets the number of projections done (at most [`evaluations`]); `Ok(None)` when `cancel` is
/// set before the end.
pub fn solve_with(
    runner: &Runner,
    spec: &SolveSpec,
    province: Option<&str>,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Option<Outcome>, String> {
    let def = spec.lever.def();
    let province_index = check_spec(runner, spec, province)?;
    let (lo, hi) = def.hard;
    let xs: Vec<f64> = (0..SCAN_POINTS)
        .map(|k| lo + (hi - lo) * k as f64 / (SCAN_POINTS - 1) as f64)
        .collect();
    let done = AtomicUsize::new(0);
    let metrics: Vec<Option<f64>> = xs
        .par_iter()
        .map(|&v| {
            if cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let m = evaluate_in(runner, spec, province, v)?;
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            Ok(Some(m))
        })
        .collect::<Result<_, String>>()?;
    let Some(metrics) = metrics.into_iter().collect::<Option<Vec<f64>>>() else {
        return Ok(None);
    };
    let met: Vec<bool> = metrics.iter().map(|m| spec.target.met_by(*m)).collect();
    if met.iter().all(|m| !m) {
        return Ok(Some(Outcome::NeverMet {
            range: (lo, hi),
            metric_at_ends: (metrics[0], metrics[SCAN_POINTS - 1]),
        }));
    }
    if met.iter().all(|m| *m) {
        return Ok(Some(Outcome::AlwaysMet { range: (lo, hi) }));
    }
    let current = runner
        .prepared
        .levers
        .in_year(spec.lever, province_index, spec.from);
    let Some(k) = (0..SCAN_POINTS - 1)
        .filter(|&k| met[k] != met[k + 1])
        .min_by(|&a, &b| {
            let d = |k: usize| ((xs[k] + xs[k + 1]) / 2.0 - current).abs();
            d(a).total_cmp(&d(b))
        })
    else {
        return Ok(Some(Outcome::AlwaysMet { range: (lo, hi) }));
    };
    // (bad, good): the ends that miss and meet the target.
    let ends = if met[k] {
        (xs[k + 1], xs[k], metrics[k + 1], metrics[k])
    } else {
        (xs[k], xs[k + 1], metrics[k], metrics[k + 1])
    };
    let tolerance = (hi - lo) * RELATIVE_TOLERANCE;
    let Some((good, good_m, bad, bad_m)) = bisect(
        ends,
        tolerance,
        |v| evaluate_in(runner, spec, province, v),
        &|m| spec.target.met_by(m),
        progress,
        cancel,
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Outcome::Solved {
        value: good,
        metric: good_m,
        near: bad,
        near_metric: bad_m,
        tolerance: (good - bad).abs(),
    }))
}

/// The lever enters the projection, the start year is a projected year and the province is
/// known; returns the province's index (0 for the national path).
fn check_spec(runner: &Runner, spec: &SolveSpec, province: Option<&str>) -> Result<usize, String> {
    let def = spec.lever.def();
    check_solvable(spec.lever)?;
    spec.target
        .metric
        .check_window(runner.base_year(), runner.horizon(), spec.from)?;
    match province {
        None => Ok(0),
        Some(code) => runner
            .prepared
            .codes
            .iter()
            .position(|c| c == code)
            .ok_or_else(|| format!("unknown province `{code}` for lever `{}`", def.id)),
    }
}

/// Bisection between `(bad, good, bad_metric, good_metric)` until the two values are within
/// `tolerance`; returns `(good, good_metric, bad, bad_metric)`, or `None` when cancelled.
fn bisect(
    (mut bad, mut good, mut bad_m, mut good_m): (f64, f64, f64, f64),
    tolerance: f64,
    evaluate: impl Fn(f64) -> Result<f64, String>,
    target_met: &dyn Fn(f64) -> bool,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Option<(f64, f64, f64, f64)>, String> {
    let mut n = SCAN_POINTS;
    while (good - bad).abs() > tolerance {
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let mid = (good + bad) / 2.0;
        let m = evaluate(mid)?;
        n += 1;
        progress(n);
        if target_met(m) {
            (good, good_m) = (mid, m);
        } else {
            (bad, bad_m) = (mid, m);
        }
    }
    Ok(Some((good, good_m, bad, bad_m)))
}
