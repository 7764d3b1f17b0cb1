//! The Decomposition tab's computation (issue 22): each changed lever's contribution to a
//! metric of the selected unit and fund against the baseline ([`crate::model::decompose`],
//! Shapley values). Runs on a worker thread with progress and cancel; a run whose scenario
//! changed is stopped, and a result is shown only for the scenario, unit and fund it was
//! computed on. No egui here apart from the repaint handle, so tests drive it directly.

use crate::app::session::jobs::KeyedJob;
use crate::model::decompose::{DecomposeError, Decomposer, Decomposition, Spec};
use crate::model::metric::{Measure, Metric};
use crate::model::{Dataset, Fund, Scenario};
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// What is decomposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecMetric {
    /// Months of reserve in a year.
    Months(i32),
    /// The depletion year (never within the horizon: the horizon + 1).
    Depletion,
    /// The backstop summed to a year.
    Backstop(i32),
    /// The resident premium burden of the lowest income quintile in a year.
    Burden(i32),
}

impl DecMetric {
    /// The model's metric (of the fund the run names).
    pub fn metric(self) -> Metric {
        Metric {
            fund: None,
            measure: match self {
                DecMetric::Months(y) => Measure::Months(y),
                DecMetric::Depletion => Measure::Depletion,
                DecMetric::Backstop(y) => Measure::Backstop(y),
                DecMetric::Burden(y) => Measure::Burden(y),
            },
        }
    }

    /// The year the metric looks at, if any.
    pub fn year(self) -> Option<i32> {
        match self {
            DecMetric::Months(y) | DecMetric::Backstop(y) | DecMetric::Burden(y) => Some(y),
            DecMetric::Depletion => None,
        }
    }

    /// The same kind of metric in another year (the depletion year has none).
    pub fn with_year(self, y: i32) -> DecMetric {
        match self {
            DecMetric::Months(_) => DecMetric::Months(y),
            DecMetric::Backstop(_) => DecMetric::Backstop(y),
            DecMetric::Burden(_) => DecMetric::Burden(y),
            DecMetric::Depletion => DecMetric::Depletion,
        }
    }
}

/// The tab's choices.
#[derive(Clone, Debug, PartialEq)]
pub struct DecSpec {
    /// The metric.
    pub metric: DecMetric,
    /// The seed of sampled permutations (beyond ten changes).
    pub seed: u64,
}

impl Default for DecSpec {
    /// Months of reserve in 2035, seed 1.
    fn default() -> Self {
        DecSpec {
            metric: DecMetric::Months(2035),
            seed: 1,
        }
    }
}

/// What a result was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct DecKey {
    /// The working scenario.
    pub scenario: Scenario,
    /// The unit.
    pub unit: String,
    /// The fund.
    pub fund: Fund,
    /// The choices.
    pub spec: DecSpec,
}

type Outcome = Result<Decomposition, String>;

/// The decomposition of `key` (worker side): `None` when cancelled.
pub fn compute(
    data: &Dataset,
    key: &DecKey,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Option<Outcome> {
    let spec = Spec {
        seed: key.spec.seed,
        ..Spec::new(key.spec.metric.metric(), &key.unit, key.fund)
    };
    match Decomposer::new(data, &key.scenario).and_then(|d| d.run(&spec, progress, cancel)) {
        Ok(d) => Some(Ok(d)),
        Err(DecomposeError::Cancelled) => None,
        Err(e) => Some(Err(e.to_string())),
    }
}

/// The tab's choices, job and result.
#[derive(Default)]
pub struct Decompositions {
    /// The choices the next run uses.
    pub spec: DecSpec,
    running: KeyedJob<DecKey, Outcome>,
    /// The newest result and what it was computed for.
    pub result: Option<(DecKey, Outcome)>,
}

impl std::fmt::Debug for Decompositions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decompositions")
            .field("spec", &self.spec)
            .field("running", &self.running.is_busy())
            .field("has_result", &self.result.is_some())
            .finish()
    }
}

impl Decompositions {
    /// Starts computing `key` (cancels a run in progress).
    pub fn start(&mut self, data: &Arc<Dataset>, key: DecKey, repaint: Option<egui::Context>) {
        let data = Arc::clone(data);
        self.running.start(key, repaint, move |k, p, cancel| {
            compute(
                &data,
                k,
                &|done, total| p.set(done as f64 / total.max(1) as f64),
                cancel,
            )
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

    /// The result computed on this scenario, unit and fund, if any (another one is stale).
    pub fn current(
        &self,
        scenario: &Scenario,
        unit: &str,
        fund: Fund,
    ) -> Option<&(DecKey, Outcome)> {
        self.result
            .as_ref()
            .filter(|(k, _)| &k.scenario == scenario && k.unit == unit && k.fund == fund)
    }

    /// Waits for the running computation (tests only; the UI polls).
    pub fn finish(&mut self) {
        if let Some(done) = self.running.finish() {
            self.result = Some(done);
        }
    }
}
