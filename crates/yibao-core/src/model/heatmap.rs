//! Two levers on a grid (issue 12): each cell projects the scenario with both levers set from
//! a start year on ([`set_lever`]) and records a metric of one unit's fund (a depletion year,
//! months of reserve at a year, …). Cells run in parallel and are gathered in grid order, so
//! the result does not depend on the thread count.

use super::experiment::{Runner, set_lever};
use super::levers::Lever;
use super::metric::Metric;
use super::output::Fund;
use super::sensitivity::metric_value;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One axis: a lever and the values it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The lever.
    pub lever: Lever,
    /// Its values, in order.
    pub values: Vec<f64>,
}

impl Axis {
    /// `steps` evenly spaced values from `lo` to `hi` (both included; the middle of the range
    /// when `steps` is 1).
    pub fn linspace(lever: Lever, lo: f64, hi: f64, steps: usize) -> Axis {
        let values = match steps {
            0 => Vec::new(),
            // One value: the middle of the range, not one of its ends.
            1 => vec![(lo + hi) / 2.0],
            n => (0..n)
                .map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64)
                .collect(),
        };
        Axis { lever, values }
    }
}

/// A computed heatmap: `cells[iy * x.values.len() + ix]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// The metric (a depletion year of "never" is the horizon + 1).
    pub metric: Metric,
    /// Unit.
    pub unit: String,
    /// Fund used when the metric names none.
    pub fund: Fund,
    /// Cell values, row by row (y outer, x inner).
    pub cells: Vec<f64>,
}

/// Computes a heatmap; `None` when `cancel` is set before it ends.
#[allow(clippy::too_many_arguments)]
pub fn heatmap(
    runner: &Runner,
    x: Axis,
    y: Axis,
    from: i32,
    metric: &Metric,
    unit: &str,
    fund: Fund,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Option<Heatmap>, String> {
    if x.lever == y.lever {
        return Err(format!(
            "the two axes are the same lever `{}`",
            x.lever.def().id
        ));
    }
    metric.check_window(runner.base_year(), runner.horizon(), from)?;
    let nx = x.values.len();
    let done = AtomicUsize::new(0);
    let cells: Vec<Option<f64>> = (0..nx * y.values.len())
        .into_par_iter()
        .map(|k| {
            if cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let s = set_lever(
                &runner.scenario,
                x.lever,
                x.values[k % nx],
                from,
                runner.base_year(),
            )?;
            let s = set_lever(&s, y.lever, y.values[k / nx], from, runner.base_year())?;
            let v = metric_value(&runner.run_series(Some(&s), &[]), metric, unit, fund, from)?;
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            Ok(Some(v))
        })
        .collect::<Result<_, String>>()?;
    let Some(cells) = cells.into_iter().collect::<Option<Vec<f64>>>() else {
        return Ok(None);
    };
    Ok(Some(Heatmap {
        x,
        y,
        metric: *metric,
        unit: unit.to_owned(),
        fund,
        cells,
    }))
}
