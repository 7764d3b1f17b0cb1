//! The Uncertainty tab's computations: a fan chart and P(depletion) for the selected unit and
//! fund, a tornado, and goal seek — each on a worker thread ([`Job`]) with progress and cancel.
//! A result belongs to the (scenario, unit, fund) it was computed for; when any of these
//! changes, the running job is cancelled, the old result is no longer shown and a new job
//! starts. No egui here apart from the repaint handle, so tests drive it directly.

use crate::app::session::jobs::{Job, Poll};
use crate::model::assumptions::AssumptionSet;
use crate::model::experiment::{
    FIRST_OPEN_YEAR, Runner, balance_path, cost_set_runs, set_lever_in,
};
use crate::model::metric::{Measure, Metric, parse_target};
use crate::model::sensitivity::{Tornado, tornado};
use crate::model::solve::{Outcome, SolveSpec, evaluations, solve_with};
use crate::model::stochastic::{Fan, monte_carlo};
use crate::model::{Dataset, Fund, Lever, LeverPath, Scenario};
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Draws per run in the app (the command line defaults to 1,000): enough for stable 5–95 %
/// bands, and quick enough to follow lever changes.
pub const APP_DRAWS: usize = 500;

/// The app's seed.
pub const APP_SEED: u64 = 1;

/// The year of the tornado's metric (months of reserve in that year).
pub const TORNADO_YEAR: i32 = crate::model::summary::MID_YEAR;

/// What a result was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The working scenario.
    pub scenario: Scenario,
    /// The unit.
    pub unit: String,
    /// The fund.
    pub fund: Fund,
    /// The data set's generation ([`crate::app::AppState::data_id`]): loading or clearing
    /// accounts makes every earlier result stale.
    pub data: u64,
}

/// A fan, the deterministic path beside it, and the tornado.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Percentiles and P(depletion) per year.
    pub fan: Fan,
    /// The deterministic balance per year (the scenario as written).
    pub deterministic: Vec<f64>,
    /// The deterministic balance under the low-cost and high-cost assumption sets.
    pub assumption_sets: [Vec<f64>; 2],
    /// Sensitivity of months of reserve in [`TORNADO_YEAR`].
    pub tornado: Tornado,
}

/// A goal-seek answer and what it was solved on.
#[derive(Clone, Debug)]
pub struct SolveAnswer {
    /// The scenario it was solved on (the result applies only to that one).
    pub scenario: Scenario,
    /// The lever.
    pub lever: Lever,
    /// The province whose override (`id@CODE`) is solved; `None`: the national path.
    pub province: Option<String>,
    /// The unit whose fund the target is measured on.
    pub unit: String,
    /// The fund.
    pub fund: Fund,
    /// The data set's generation it was solved on.
    pub data: u64,
    /// The target as typed.
    pub target: String,
    /// The scenario the answer made when applied (to show "applied" rather than "stale" while
    /// it is the working scenario).
    pub applied: Option<Scenario>,
    /// The outcome, or an error in the target or the run.
    pub outcome: Result<Outcome, String>,
}

impl SolveAnswer {
    /// The target's metric at `v` as the answer shows it: a depletion year as a year ("never"
    /// past the horizon), months and money with two decimals.
    pub fn metric_text(&self, v: f64, lang: crate::app::i18n::Lang) -> String {
        let depletion = parse_target(&self.target, self.scenario.horizon)
            .is_ok_and(|t| t.metric.measure == Measure::Depletion);
        if !depletion {
            crate::app::format::grouped(v, 2)
        } else if v.is_finite() && v <= f64::from(self.scenario.horizon) {
            crate::app::format::year(v.round() as i32, lang)
        } else {
            crate::app::i18n::tf(
                lang,
                crate::app::i18n::T::NotWithin,
                &[&self.scenario.horizon.to_string()],
            )
        }
    }

    /// Whether the answer was solved on `key` (scenario, unit, fund and data): any other
    /// answer is outdated and is shown as such, with a button to solve again.
    pub fn answers(&self, key: &Key) -> bool {
        self.scenario == key.scenario
            && self.unit == key.unit
            && self.fund == key.fund
            && self.data == key.data
    }

    /// The scenario key the answer sets: `id` or `id@CODE`.
    pub fn key(&self) -> String {
        solve_key(self.lever, self.province.as_deref())
    }

    /// The solved value (solved outcomes only).
    pub fn value(&self) -> Option<f64> {
        match self.outcome {
            Ok(Outcome::Solved { value, .. }) => Some(value),
            _ => None,
        }
    }

    /// The path the lever gets when the answer is applied (solved outcomes only).
    pub fn path(&self) -> Option<LeverPath> {
        let s = set_lever_in(
            &self.scenario,
            self.lever,
            self.province.as_deref(),
            self.value()?,
            FIRST_OPEN_YEAR,
            FIRST_OPEN_YEAR - 1,
        )
        .ok()?;
        s.levers.get(&self.key()).cloned()
    }
}

/// The scenario key of a lever's national path or of its province override.
pub fn solve_key(lever: Lever, province: Option<&str>) -> String {
    match province {
        Some(code) => format!("{}@{code}", lever.def().id),
        None => lever.def().id.to_owned(),
    }
}

/// What a running goal seek was asked.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveRequest {
    /// The scenario it runs on.
    pub scenario: Scenario,
    /// The scenario key it sets (`id` or `id@CODE`).
    pub key: String,
}

struct Running<T> {
    job: Job<T>,
    cancel: Arc<AtomicBool>,
}

impl<T> Running<T> {
    fn stop(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The tab's jobs and results.
#[derive(Default)]
pub struct Uncertainty {
    running: Option<(Running<Analysis>, Key)>,
    result: Option<(Key, Analysis)>,
    /// A key the user cancelled: not restarted until something changes.
    stopped: Option<Key>,
    solving: Option<(Running<SolveAnswer>, SolveRequest)>,
    /// The newest goal-seek answer.
    pub answer: Option<SolveAnswer>,
}

impl std::fmt::Debug for Uncertainty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Uncertainty")
            .field("running", &self.running.as_ref().map(|r| &r.1))
            .field("has_result", &self.result.is_some())
            .finish_non_exhaustive()
    }
}

/// The scenario prepared for analysis; `None` when its calibration fails (the main projection
/// shows that error).
fn runner(data: &Dataset, scenario: &Scenario) -> Option<Runner> {
    Runner::new(data, scenario, AssumptionSet::Mid).ok()
}

/// The fan and tornado of `key` (worker side); `None` when cancelled.
pub fn analyse(
    data: &Dataset,
    key: &Key,
    progress: &(dyn Fn(f64) + Sync),
    cancel: &AtomicBool,
) -> Option<Analysis> {
    let r = runner(data, &key.scenario)?;
    let select = [(key.unit.clone(), key.fund)];
    let total = (APP_DRAWS + 2 * crate::model::sensitivity::INPUTS.len()) as f64;
    let mc = monte_carlo(
        &r,
        APP_DRAWS,
        APP_SEED,
        Some(&select),
        &|d| progress(d as f64 / total),
        cancel,
    )?;
    let fan = mc.fans.into_iter().next()?;
    let balance = |p: &crate::model::Projection| balance_path(p, &key.unit, key.fund);
    let deterministic = balance(&r.run(None, &[]));
    let assumption_sets = cost_set_runs(data, &key.scenario)
        .map(|sets| sets.each_ref().map(balance))
        .unwrap_or_default();
    let year = TORNADO_YEAR.min(r.horizon());
    let metric = Metric {
        fund: None,
        measure: Measure::Months(year),
    };
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    // A horizon before the inputs move (2026) leaves nothing to move: no bars.
    let t = tornado(&r, &metric, &key.unit, key.fund, &|d| {
        progress((APP_DRAWS + d) as f64 / total)
    })
    .unwrap_or_else(|_| Tornado {
        metric,
        unit: key.unit.clone(),
        fund: key.fund,
        base: crate::model::sensitivity::metric_value(
            &r.run_series(None, &[]),
            &metric,
            &key.unit,
            key.fund,
            FIRST_OPEN_YEAR,
        )
        .unwrap_or(f64::NAN),
        bars: Vec::new(),
    });
    Some(Analysis {
        fan,
        deterministic,
        assumption_sets,
        tornado: t,
    })
}

impl Uncertainty {
    /// Makes sure the analysis of `key` is shown or on its way: cancels work for another key
    /// and starts a job unless one for this key runs, its result is there, or the user
    /// cancelled it.
    pub fn request(&mut self, data: &Arc<Dataset>, key: &Key, repaint: Option<egui::Context>) {
        if self.result.as_ref().is_some_and(|(k, _)| k == key)
            || self.running.as_ref().is_some_and(|(_, k)| k == key)
            || self.stopped.as_ref() == Some(key)
        {
            return;
        }
        if let Some((r, _)) = self.running.take() {
            r.stop();
            r.job.cancel();
        }
        self.stopped = None;
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let data = Arc::clone(data);
        let k = key.clone();
        let job = Job::spawn(repaint, move |p| analyse(&data, &k, &|f| p.set(f), &flag));
        self.running = Some((Running { job, cancel }, key.clone()));
    }

    /// Picks up finished work; true when something arrived.
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        if let Some((r, key)) = &self.running {
            match r.job.poll() {
                Poll::Running => {}
                Poll::Done(a) => {
                    self.result = Some((key.clone(), a));
                    self.running = None;
                    arrived = true;
                }
                Poll::Gone => self.running = None,
            }
        }
        if let Some((r, _)) = &self.solving {
            match r.job.poll() {
                Poll::Running => {}
                Poll::Done(a) => {
                    self.answer = Some(a);
                    self.solving = None;
                    arrived = true;
                }
                Poll::Gone => self.solving = None,
            }
        }
        arrived
    }

    /// The analysis of `key`, if done (a result for anything else is stale and not shown).
    pub fn current(&self, key: &Key) -> Option<&Analysis> {
        self.result
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, a)| a)
    }

    /// What the running analysis is computing, if one runs.
    pub fn running_key(&self) -> Option<&Key> {
        self.running.as_ref().map(|(_, k)| k)
    }

    /// Progress of the running analysis, 0..=1.
    pub fn progress(&self) -> Option<f64> {
        self.running.as_ref().map(|(r, _)| r.job.fraction())
    }

    /// Whether any job runs.
    pub fn is_busy(&self) -> bool {
        self.running.is_some() || self.solving.is_some()
    }

    /// Whether the user cancelled the analysis of `key`.
    pub fn is_stopped(&self, key: &Key) -> bool {
        self.stopped.as_ref() == Some(key)
    }

    /// Cancels the running analysis and goal seek.
    pub fn cancel(&mut self) {
        if let Some((r, key)) = self.running.take() {
            r.stop();
            r.job.cancel();
            self.stopped = Some(key);
        }
        self.cancel_solve();
    }

    /// Cancels the running goal seek (its answer never arrives).
    pub fn cancel_solve(&mut self) {
        if let Some((r, _)) = self.solving.take() {
            r.stop();
            r.job.cancel();
        }
    }

    /// Cancels a goal seek that runs on another scenario than `scenario` (the levers changed
    /// since it started): its answer would not apply.
    pub fn drop_stale_solve(&mut self, scenario: &Scenario) {
        if self
            .solving
            .as_ref()
            .is_some_and(|(_, q)| &q.scenario != scenario)
        {
            self.cancel_solve();
        }
    }

    /// The request of the running goal seek and its progress, 0..=1.
    pub fn solving(&self) -> Option<(&SolveRequest, f64)> {
        self.solving.as_ref().map(|(r, q)| (q, r.job.fraction()))
    }

    /// Forgets a cancel so that the analysis of the same key may start again.
    pub fn resume(&mut self) {
        self.stopped = None;
    }

    /// Whether a goal seek runs.
    pub fn is_solving(&self) -> bool {
        self.solving.is_some()
    }

    /// Starts a goal seek of `lever` (its national path, or the override of `province`) for
    /// `target` on `key` (cancels one running).
    pub fn start_solve(
        &mut self,
        data: &Arc<Dataset>,
        key: &Key,
        lever: Lever,
        province: Option<String>,
        target: String,
        repaint: Option<egui::Context>,
    ) {
        self.cancel_solve();
        self.answer = None;
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let data = Arc::clone(data);
        let request = SolveRequest {
            scenario: key.scenario.clone(),
            key: solve_key(lever, province.as_deref()),
        };
        let key = key.clone();
        let job = Job::spawn(repaint, move |p| {
            let r = runner(&data, &key.scenario)?;
            let total = evaluations(lever) as f64;
            let outcome = match parse_target(&target, r.horizon()).and_then(|t| {
                solve_with(
                    &r,
                    &SolveSpec {
                        lever,
                        target: t,
                        unit: key.unit.clone(),
                        fund: key.fund,
                        from: FIRST_OPEN_YEAR,
                    },
                    province.as_deref(),
                    &|n| p.set(n as f64 / total),
                    &flag,
                )
            }) {
                Ok(None) => return None,
                Ok(Some(o)) => Ok(o),
                Err(e) => Err(e),
            };
            Some(SolveAnswer {
                scenario: key.scenario,
                lever,
                province,
                unit: key.unit,
                fund: key.fund,
                data: key.data,
                target,
                outcome,
                applied: None,
            })
        });
        self.solving = Some((Running { job, cancel }, request));
    }

    /// Waits for running work (tests only; the UI polls).
    pub fn finish(&mut self) {
        if let Some((r, key)) = self.running.take()
            && let Some(a) = r.job.wait()
        {
            self.result = Some((key, a));
        }
        if let Some((r, _)) = self.solving.take()
            && let Some(a) = r.job.wait()
        {
            self.answer = Some(a);
        }
    }
}
