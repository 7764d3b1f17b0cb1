//! The Heatmap tab's computation (issue 12): two levers on a grid, each cell a projection of
//! the working scenario with both levers set from [`FIRST_OPEN_YEAR`] on, coloured by a metric
//! of the selected unit and fund ([`crate::model::heatmap`]). Runs on a worker thread with
//! progress and cancel; a run whose scenario changed is stopped, and a result is shown only
//! for the scenario, unit and fund it was computed on. No egui here apart from the repaint
//! handle, so tests drive it directly.

use crate::app::session::jobs::KeyedJob;
use crate::model::assumptions::AssumptionSet;
use crate::model::experiment::{FIRST_OPEN_YEAR, Runner};
use crate::model::heatmap::{Axis, Heatmap, heatmap};
use crate::model::metric::{Measure, Metric};
use crate::model::{Dataset, Fund, Lever, Scenario};
use crate::render::{HeatClass, palette};
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Cells per axis by default.
pub const DEFAULT_STEPS: usize = 25;
/// Fewest cells per axis.
pub const MIN_STEPS: usize = 2;
/// Most cells per axis.
pub const MAX_STEPS: usize = 50;

/// What the cells measure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HeatMetric {
    /// The depletion year (never depleted: the horizon + 1).
    Depletion,
    /// Months of reserve in a year.
    Months(i32),
}

impl HeatMetric {
    /// The model's metric (of the fund the run names).
    pub fn metric(self) -> Metric {
        Metric {
            fund: None,
            measure: match self {
                HeatMetric::Depletion => Measure::Depletion,
                HeatMetric::Months(y) => Measure::Months(y),
            },
        }
    }
}

/// The tab's choices: two levers, the grid size and the metric.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatSpec {
    /// Horizontal lever.
    pub x: Lever,
    /// Vertical lever.
    pub y: Lever,
    /// Cells per axis.
    pub steps: usize,
    /// The metric.
    pub metric: HeatMetric,
}

impl Default for HeatSpec {
    /// Resident individual premium × fiscal subsidy per head, 25 × 25, depletion year.
    fn default() -> Self {
        HeatSpec {
            x: Lever::ResidentPremium,
            y: Lever::ResidentSubsidy,
            steps: DEFAULT_STEPS,
            metric: HeatMetric::Depletion,
        }
    }
}

impl HeatSpec {
    /// The axes: each lever over its advised (soft) range from the catalogue, `steps` values.
    pub fn axes(&self) -> (Axis, Axis) {
        let n = self.steps.clamp(MIN_STEPS, MAX_STEPS);
        let axis = |l: Lever| {
            let (lo, hi) = l.def().soft;
            Axis::linspace(l, lo, hi, n)
        };
        (axis(self.x), axis(self.y))
    }
}

/// What a result was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatKey {
    /// The working scenario.
    pub scenario: Scenario,
    /// The unit.
    pub unit: String,
    /// The fund.
    pub fund: Fund,
    /// The choices.
    pub spec: HeatSpec,
    /// The data set's generation ([`crate::app::AppState::data_id`]).
    pub data: u64,
}

/// The heatmap of `key` (worker side): `None` when cancelled, an error when the scenario does
/// not calibrate or the metric cannot be evaluated.
pub fn compute(
    data: &Dataset,
    key: &HeatKey,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Option<Result<Heatmap, String>> {
    let runner = match Runner::new(data, &key.scenario, AssumptionSet::Mid) {
        Ok(r) => r,
        Err(e) => return Some(Err(e.to_string())),
    };
    let (x, y) = key.spec.axes();
    let metric = key.spec.metric.metric();
    heatmap(
        &runner,
        x,
        y,
        FIRST_OPEN_YEAR,
        &metric,
        &key.unit,
        key.fund,
        progress,
        cancel,
    )
    .transpose()
}

/// Colour classes of a metric, lower bounds ascending: months of reserve as the province grid
/// (ColorBrewer RdYlBu); depletion years early (red) to late (blue), "not depleted by the
/// horizon" darkest.
pub fn classes(metric: HeatMetric, horizon: i32, zh: bool) -> Vec<HeatClass> {
    let c = palette::MONTHS_CLASSES;
    match metric {
        HeatMetric::Months(_) => {
            let labels = ["< 0.5", "0.5–3", "3–6", "6–9", "9–18", "≥ 18"];
            c.iter()
                .zip(labels)
                .map(|((lower, color), label)| HeatClass {
                    lower: *lower,
                    color: *color,
                    label: if zh {
                        format!("{label} 个月")
                    } else {
                        format!("{label} months")
                    },
                })
                .collect()
        }
        HeatMetric::Depletion => {
            // Bounds of the depletion-year classes (first year of each), before the horizon.
            let bounds: Vec<i32> = [2031, 2036, 2041, 2051]
                .into_iter()
                .filter(|b| *b <= horizon)
                .collect();
            let mut out = Vec::new();
            let mut lower = f64::NEG_INFINITY;
            let mut first = None::<i32>;
            for (i, b) in bounds.iter().enumerate() {
                let label = match first {
                    None => {
                        if zh {
                            format!("{} 年及以前耗尽", b - 1)
                        } else {
                            format!("depleted by {}", b - 1)
                        }
                    }
                    Some(f) => {
                        if zh {
                            format!("{f}–{} 年耗尽", b - 1)
                        } else {
                            format!("depleted {f}–{}", b - 1)
                        }
                    }
                };
                out.push(HeatClass {
                    lower,
                    color: c[i].1,
                    label,
                });
                lower = f64::from(*b);
                first = Some(*b);
            }
            let last = first.unwrap_or(horizon);
            out.push(HeatClass {
                lower,
                color: c[out.len().min(4)].1,
                label: if first.is_none() {
                    if zh {
                        format!("{horizon} 年及以前耗尽")
                    } else {
                        format!("depleted by {horizon}")
                    }
                } else if zh {
                    format!("{last}–{horizon} 年耗尽")
                } else {
                    format!("depleted {last}–{horizon}")
                },
            });
            out.push(HeatClass {
                lower: f64::from(horizon + 1),
                color: c[5].1,
                label: if zh {
                    format!("至 {horizon} 年未耗尽")
                } else {
                    format!("not depleted by {horizon}")
                },
            });
            out
        }
    }
}

type Outcome = Result<Heatmap, String>;

/// The tab's choices, job and result.
#[derive(Default)]
pub struct Heatmaps {
    /// The choices the next run uses.
    pub spec: HeatSpec,
    running: KeyedJob<HeatKey, Outcome>,
    /// The newest result and what it was computed for.
    pub result: Option<(HeatKey, Outcome)>,
}

impl std::fmt::Debug for Heatmaps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heatmaps")
            .field("spec", &self.spec)
            .field("running", &self.running.is_busy())
            .field("has_result", &self.result.is_some())
            .finish()
    }
}

impl Heatmaps {
    /// Starts computing `key` (cancels a run in progress).
    pub fn start(&mut self, data: &Arc<Dataset>, key: HeatKey, repaint: Option<egui::Context>) {
        let data = Arc::clone(data);
        let cells = {
            let n = key.spec.steps.clamp(MIN_STEPS, MAX_STEPS);
            (n * n) as f64
        };
        self.running.start(key, repaint, move |k, p, cancel| {
            compute(&data, k, &|d| p.set(d as f64 / cells), cancel)
        });
    }

    /// Stops the running computation.
    pub fn cancel(&mut self) {
        self.running.cancel();
    }

    /// Stops a computation whose scenario is no longer `scenario` (the levers changed).
    pub fn drop_stale(&mut self, scenario: &Scenario) {
        self.running.drop_stale(|k| &k.scenario != scenario);
    }

    /// Picks up a finished run; true when one arrived.
    pub fn poll(&mut self) -> bool {
        match self.running.poll() {
            Some(done) => {
                self.result = Some(done);
                true
            }
            None => false,
        }
    }

    /// Progress of the running computation, 0..=1.
    pub fn progress(&self) -> Option<f64> {
        self.running.progress()
    }

    /// Whether a computation runs.
    pub fn is_busy(&self) -> bool {
        self.running.is_busy()
    }

    /// The result computed on this scenario, unit, fund and data, if any (another one is
    /// stale).
    pub fn current(
        &self,
        scenario: &Scenario,
        unit: &str,
        fund: Fund,
        data: u64,
    ) -> Option<&(HeatKey, Outcome)> {
        self.result.as_ref().filter(|(k, _)| {
            &k.scenario == scenario && k.unit == unit && k.fund == fund && k.data == data
        })
    }

    /// Waits for the running computation (tests only; the UI polls).
    pub fn finish(&mut self) {
        if let Some(done) = self.running.finish() {
            self.result = Some(done);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depletion_classes_cover_every_year_once_and_never_last() {
        let cl = classes(HeatMetric::Depletion, 2060, true);
        let lowers: Vec<f64> = cl.iter().map(|c| c.lower).collect();
        assert!(lowers.windows(2).all(|w| w[0] < w[1]), "{lowers:?}");
        assert_eq!(lowers.last(), Some(&2061.0));
        assert_eq!(
            cl.last().map(|c| c.label.as_str()),
            Some("至 2060 年未耗尽")
        );
        // 2035 falls in 2031–2035, 2061 (never) in the last class.
        let find = |v: f64| {
            cl.iter()
                .rev()
                .find(|c| v >= c.lower)
                .map(|c| c.label.clone())
        };
        assert_eq!(find(2035.0).as_deref(), Some("2031–2035 年耗尽"));
        assert_eq!(find(2029.0).as_deref(), Some("2030 年及以前耗尽"));
        // A short horizon keeps only the classes before it.
        let short = classes(HeatMetric::Depletion, 2033, false);
        assert_eq!(short.len(), 3);
        assert_eq!(short[1].label, "depleted 2031–2033");
        assert_eq!(short[2].lower, 2034.0);
    }

    #[test]
    fn axes_use_the_catalogue_soft_ranges_and_clamp_the_size() {
        let spec = HeatSpec {
            steps: 80,
            ..HeatSpec::default()
        };
        let (x, y) = spec.axes();
        assert_eq!((x.values.len(), y.values.len()), (MAX_STEPS, MAX_STEPS));
        let (lo, hi) = Lever::ResidentPremium.def().soft;
        assert_eq!((x.values[0], x.values[MAX_STEPS - 1]), (lo, hi));
        assert_eq!(y.lever, Lever::ResidentSubsidy);
    }
}
