//! Reform decomposition (docs/model.md §14, "Reform decomposition"): which changed lever of a
//! scenario does the work.
//!
//! A scenario changes several *changes* against its baseline (the current law at the
//! scenario's horizon and balancing rule): each lever path of the file (`id` or `id@CODE`) is
//! one, and so is each non-empty list of its pooling section (`pooling.resident`,
//! `pooling.employee`, `pooling.adjustment`). For a metric v of the projection (the grammar of
//! [`super::metric`]: months of reserve in a year, the depletion year, the backstop summed to a
//! year, the resident premium burden, …) each change *i* gets its Shapley value
//!
//! ```text
//! φ_i = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S))
//! ```
//!
//! where v(S) is the metric of the baseline with the changes in S applied. The φ_i add up to
//! v(N) − v(∅) (efficiency), do not depend on any order of adding changes (symmetry), and a
//! change that never moves the metric gets exactly zero (each of its differences is 0).
//!
//! Up to [`EXACT_MAX`] changes every subset is projected (2ⁿ projections). Beyond, φ_i is the
//! mean of the marginal contributions over permutations drawn with the project's RNG
//! ([`super::rng`]) from a seed, in antithetic pairs (each permutation and its reverse); the
//! standard error is that of the mean of the pairs. Along one permutation the marginal
//! contributions telescope to v(N) − v(∅), so the sampled values keep efficiency too.
//!
//! A depletion year of "never within the horizon" enters as the horizon + 1 (censored, as in
//! the sensitivity analysis): the contributions still add up to the change in that number, and
//! a contribution that involves a censored value is a lower bound of the years gained.
//!
//! The baseline is prepared once ([`Runner`]): subsets differ in lever values after the base
//! year and in the pooling layer, neither of which enters the calibration. A change that does
//! move base-year values (a path from the base year, which feeds the calibration) gets its
//! own preparations, one per combination of such changes that a subset holds.
//!
//! Subsets are projected in parallel; which subsets, and the sums over them, are fixed before
//! any projection runs and summed in one fixed order, so the result is the same bit for bit at
//! any thread count.

use super::assumptions::AssumptionSet;
use super::calibrate::CalibrationError;
use super::data::Dataset;
use super::experiment::Runner;
use super::keys::LeverKey;
use super::levers::LEVERS;
use super::metric::{Measure, Metric};
use super::output::{Fund, Projection};
use super::project::{self, Prepared};
use super::rng::Rng;
use super::scenario::{Pooling, Scenario};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Up to this many changes, every subset is projected (exact Shapley values).
pub const EXACT_MAX: usize = 10;

/// Permutations drawn beyond [`EXACT_MAX`] changes unless asked otherwise.
pub const DEFAULT_PERMUTATIONS: usize = 200;

/// The most permutations a run may ask for.
pub const MAX_PERMUTATIONS: usize = 100_000;

/// One change of a scenario against its baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A lever path of the file (`id` or `id@CODE`).
    Lever(LeverKey),
    /// `pooling.resident`: the resident scheme's pooling levels.
    PoolingResident,
    /// `pooling.employee`: the employee scheme's pooling levels.
    PoolingEmployee,
    /// `pooling.adjustment`: the adjustment funds (调剂金).
    Adjustment,
}

impl Change {
    /// The change's id: the lever key as files write it, or `pooling.resident`,
    /// `pooling.employee`, `pooling.adjustment`.
    pub fn id(&self) -> String {
        match self {
            Change::Lever(k) => k.to_string(),
            Change::PoolingResident => "pooling.resident".to_owned(),
            Change::PoolingEmployee => "pooling.employee".to_owned(),
            Change::Adjustment => "pooling.adjustment".to_owned(),
        }
    }

    /// The change's label in Chinese or English; `province` names a province code.
    pub fn label(&self, zh: bool, province: &dyn Fn(&str) -> String) -> String {
        match self {
            Change::Lever(k) => {
                let def = k.lever.def();
                let name = if zh { def.label_zh } else { def.label_en };
                match k.province {
                    Some(p) if zh => format!("{name}（{}）", province(p.code())),
                    Some(p) => format!("{name} ({})", province(p.code())),
                    None => name.to_owned(),
                }
            }
            Change::PoolingResident if zh => "居民医保统筹层次".to_owned(),
            Change::PoolingResident => "Resident pooling level".to_owned(),
            Change::PoolingEmployee if zh => "职工医保统筹层次".to_owned(),
            Change::PoolingEmployee => "Employee pooling level".to_owned(),
            Change::Adjustment if zh => "调剂金".to_owned(),
            Change::Adjustment => "Adjustment fund".to_owned(),
        }
    }
}

/// The changes of `scenario`: its lever paths in file order (keys that name no lever or
/// province are left out; validation refuses them), then its non-empty pooling lists.
pub fn changes(scenario: &Scenario) -> Vec<Change> {
    let mut out: Vec<Change> = scenario
        .lever_paths()
        .map(|(k, _)| Change::Lever(k))
        .collect();
    let p = &scenario.pooling;
    if !p.resident.is_empty() {
        out.push(Change::PoolingResident);
    }
    if !p.employee.is_empty() {
        out.push(Change::PoolingEmployee);
    }
    if !p.adjustment.is_empty() {
        out.push(Change::Adjustment);
    }
    out
}

/// How the contributions were computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every subset projected.
    Exact {
        /// Subsets projected (2ⁿ).
        subsets: usize,
    },
    /// Sampled permutations.
    Sampled {
        /// Permutations drawn (an even number: antithetic pairs).
        permutations: usize,
        /// The seed.
        seed: u64,
        /// Distinct subsets projected.
        subsets: usize,
    },
}

impl Method {
    /// `exact` or `sampled`.
    pub fn id(&self) -> &'static str {
        match self {
            Method::Exact { .. } => "exact",
            Method::Sampled { .. } => "sampled",
        }
    }

    /// Subsets projected.
    pub fn subsets(&self) -> usize {
        match *self {
            Method::Exact { subsets } | Method::Sampled { subsets, .. } => subsets,
        }
    }
}

/// One change's part of the total change.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The change.
    pub change: Change,
    /// Its Shapley value: its contribution to scenario − baseline.
    pub contribution: f64,
    /// Standard error of a sampled contribution (0 when exact).
    pub std_error: f64,
    /// The change alone: v({i}) − v(∅) (for comparison; the parts of these need not add up).
    pub alone: f64,
}

/// A decomposition of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Decomposition {
    /// The metric.
    pub metric: Metric,
    /// The unit (`CN` or a province code).
    pub unit: String,
    /// The fund the metric reads (the metric's own, else the one asked for).
    pub fund: Fund,
    /// The last projected year (a depletion year of "never" counts as `horizon + 1`).
    pub horizon: i32,
    /// The metric of the baseline.
    pub baseline: f64,
    /// The metric of the scenario.
    pub scenario: f64,
    /// Whether the baseline's / the scenario's value is censored (never depleted within the
    /// horizon, counted as `horizon + 1`).
    pub censored: (bool, bool),
    /// One part per change, in the order of [`changes`].
    pub parts: Vec<Part>,
    /// How the parts were computed.
    pub method: Method,
}

impl Decomposition {
    /// scenario − baseline.
    pub fn total(&self) -> f64 {
        self.scenario - self.baseline
    }

    /// The sum of the contributions.
    pub fn sum(&self) -> f64 {
        self.parts.iter().map(|p| p.contribution).sum()
    }
}

/// What to decompose.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The metric.
    pub metric: Metric,
    /// The unit.
    pub unit: String,
    /// The fund used when the metric names none.
    pub fund: Fund,
    /// The seed of sampled permutations.
    pub seed: u64,
    /// Permutations to draw beyond [`Spec::exact_max`] changes (rounded up to even).
    pub permutations: usize,
    /// Exact up to this many changes ([`EXACT_MAX`] by default).
    pub exact_max: usize,
}

impl Spec {
    /// A spec with the default seed (1), permutations and exact limit.
    pub fn new(metric: Metric, unit: &str, fund: Fund) -> Spec {
        Spec {
            metric,
            unit: unit.to_owned(),
            fund,
            seed: 1,
            permutations: DEFAULT_PERMUTATIONS,
            exact_max: EXACT_MAX,
        }
    }
}

/// Why a decomposition did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum DecomposeError {
    /// Invalid input (a metric outside the run, a scenario without changes, a metric that is
    /// not defined for some subset).
    Invalid(String),
    /// The calibration failed (only possible with user-supplied accounts).
    Calibration(String),
    /// Cancelled by the caller.
    Cancelled,
}

impl std::fmt::Display for DecomposeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecomposeError::Invalid(m) | DecomposeError::Calibration(m) => f.write_str(m),
            DecomposeError::Cancelled => f.write_str("the decomposition was cancelled"),
        }
    }
}

impl From<CalibrationError> for DecomposeError {
    fn from(e: CalibrationError) -> Self {
        DecomposeError::Calibration(e.to_string())
    }
}

/// A set of changes: bit i for change i.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Mask(Vec<u64>);

impl Mask {
    fn empty(n: usize) -> Mask {
        Mask(vec![0; n.div_ceil(64).max(1)])
    }
    fn full(n: usize) -> Mask {
        let mut m = Mask::empty(n);
        for i in 0..n {
            m.set(i);
        }
        m
    }
    fn from_bits(n: usize, bits: u64) -> Mask {
        let mut m = Mask::empty(n);
        m.0[0] = bits;
        m
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    fn and(&self, other: &Mask) -> Mask {
        Mask(self.0.iter().zip(&other.0).map(|(a, b)| a & b).collect())
    }
    fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

/// A scenario prepared for decomposition: its baseline prepared once, its changes, and the
/// changes that move base-year values.
pub struct Decomposer<'a> {
    /// The baseline, prepared.
    runner: Runner,
    /// The scenario decomposed.
    scenario: Scenario,
    /// Its changes.
    changes: Vec<Change>,
    /// The changes that move a base-year value (need their own calibration).
    base_year: Mask,
    data: &'a Dataset,
}

/// The current-law baseline of a scenario: the same horizon and balancing rule, no lever
/// path, no pooling section.
pub fn baseline_of(scenario: &Scenario) -> Scenario {
    Scenario {
        horizon: scenario.horizon,
        balancing: scenario.balancing,
        ..Scenario::default()
    }
}

impl<'a> Decomposer<'a> {
    /// Prepares the baseline of `scenario` (the mid assumption set); fails when the scenario
    /// has no change or the calibration fails.
    pub fn new(data: &'a Dataset, scenario: &Scenario) -> Result<Decomposer<'a>, DecomposeError> {
        let changes = changes(scenario);
        if changes.is_empty() {
            return Err(DecomposeError::Invalid(format!(
                "scenario `{}` changes no lever and no pooling setting against the current-law baseline: there is nothing to decompose",
                scenario.title
            )));
        }
        let baseline = baseline_of(scenario);
        let runner = Runner::new(data, &baseline, AssumptionSet::Mid)?;
        let mut d = Decomposer {
            runner,
            scenario: scenario.clone(),
            changes,
            base_year: Mask::empty(0),
            data,
        };
        let n = d.changes.len();
        let mut base_year = Mask::empty(n);
        let base = &d.runner.prepared.levers;
        for i in 0..n {
            if let Change::Lever(_) = d.changes[i] {
                let mut one = Mask::empty(n);
                one.set(i);
                let (s, _) = d.subset(&one);
                let r = d.runner.levers(Some(&s), &[]);
                let moved = LEVERS.iter().any(|def| {
                    (0..=base.provinces).any(|p| r.at(def.lever, p, 0) != base.at(def.lever, p, 0))
                });
                if moved {
                    base_year.set(i);
                }
            }
        }
        d.base_year = base_year;
        Ok(d)
    }

    /// The changes, in order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The last projected year.
    pub fn horizon(&self) -> i32 {
        self.runner.horizon()
    }

    /// The first projected year.
    pub fn first_year(&self) -> i32 {
        self.runner.base_year() + 1
    }

    /// The baseline with the changes of `mask`: its lever table's scenario and pooling.
    fn subset(&self, mask: &Mask) -> (Scenario, Pooling) {
        let mut s = baseline_of(&self.scenario);
        let mut pooling = Pooling::default();
        for (i, c) in self.changes.iter().enumerate() {
            if !mask.has(i) {
                continue;
            }
            match c {
                Change::Lever(k) => s.set_lever(*k, self.scenario.lever(*k).cloned()),
                Change::PoolingResident => {
                    pooling.resident = self.scenario.pooling.resident.clone();
                }
                Change::PoolingEmployee => {
                    pooling.employee = self.scenario.pooling.employee.clone();
                }
                Change::Adjustment => {
                    pooling.adjustment = self.scenario.pooling.adjustment.clone();
                }
            }
        }
        s.pooling = pooling.clone();
        (s, pooling)
    }

    /// The metric of a projection ("never depleted" as the horizon + 1); `mask` names the
    /// subset in an error.
    fn metric_of(&self, spec: &Spec, mask: &Mask, p: &Projection) -> Result<f64, String> {
        let v = spec.metric.eval(p, &spec.unit, spec.fund)?;
        let v = if spec.metric.measure == Measure::Depletion && v.is_infinite() {
            f64::from(self.horizon() + 1)
        } else {
            v
        };
        if v.is_finite() {
            Ok(v)
        } else {
            let names: Vec<String> = (0..self.changes.len())
                .filter(|i| mask.has(*i))
                .map(|i| self.changes[i].id())
                .collect();
            Err(format!(
                "{} of {} is not defined (nothing paid that year) with {}",
                spec.metric.describe(),
                spec.unit,
                if names.is_empty() {
                    "the baseline".to_owned()
                } else {
                    format!("the changes {}", names.join(", "))
                }
            ))
        }
    }

    /// Projects every subset of `masks` (in parallel; values in the order of `masks`).
    /// Subsets that hold the same lever paths share one lever table and the provinces' own
    /// runs, and differ only in the pooling layer applied after them.
    fn values(
        &self,
        spec: &Spec,
        masks: &[Mask],
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Vec<f64>, DecomposeError> {
        let n = self.changes.len();
        let mut lever_bits = Mask::empty(n);
        for (i, c) in self.changes.iter().enumerate() {
            if matches!(c, Change::Lever(_)) {
                lever_bits.set(i);
            }
        }
        // One preparation per combination of base-year changes the subsets hold.
        let keys: BTreeSet<Mask> = masks
            .iter()
            .map(|m| m.and(&self.base_year))
            .filter(|k| !k.is_empty())
            .collect();
        let keys: Vec<Mask> = keys.into_iter().collect();
        let preps: Vec<Prepared> = keys
            .par_iter()
            .map(|k| project::prepare(self.data, &self.subset(k).0))
            .collect::<Result<_, _>>()?;
        let preps: BTreeMap<&Mask, &Prepared> = keys.iter().zip(&preps).collect();
        // The subsets grouped by their lever paths, groups in ascending order.
        let mut groups: BTreeMap<Mask, Vec<usize>> = BTreeMap::new();
        for (k, m) in masks.iter().enumerate() {
            groups.entry(m.and(&lever_bits)).or_default().push(k);
        }
        let groups: Vec<(Mask, Vec<usize>)> = groups.into_iter().collect();
        let total = masks.len();
        let done = AtomicUsize::new(0);
        let values: Vec<Option<Vec<Result<f64, String>>>> = groups
            .par_iter()
            .map(|(levers_mask, members)| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let key = levers_mask.and(&self.base_year);
                let prepared = if key.is_empty() {
                    &self.runner.prepared
                } else {
                    preps[&key]
                };
                let (s, _) = self.subset(levers_mask);
                let levers = self.runner.levers(Some(&s), &[]);
                let poolings: Vec<Pooling> =
                    members.iter().map(|&k| self.subset(&masks[k]).1).collect();
                let refs: Vec<&Pooling> = poolings.iter().collect();
                let projections = project::project_series_poolings(
                    prepared,
                    &levers,
                    self.scenario.balancing,
                    false,
                    &refs,
                );
                let out = members
                    .iter()
                    .zip(&projections)
                    .map(|(&k, p)| self.metric_of(spec, &masks[k], p))
                    .collect();
                progress(
                    done.fetch_add(members.len(), Ordering::Relaxed) + members.len(),
                    total,
                );
                Some(out)
            })
            .collect();
        if cancel.load(Ordering::Relaxed) || values.iter().any(Option::is_none) {
            return Err(DecomposeError::Cancelled);
        }
        let mut out = vec![0.0; total];
        for ((_, members), vals) in groups.iter().zip(values) {
            for (&k, v) in members.iter().zip(vals.expect("checked above")) {
                out[k] = v.map_err(DecomposeError::Invalid)?;
            }
        }
        Ok(out)
    }

    /// Decomposes `spec.metric` (exact up to `spec.exact_max` changes, else sampled).
    /// `progress(done, total)` is called after each projection, from worker threads;
    /// `cancel` stops the run (the result is then [`DecomposeError::Cancelled`]).
    pub fn run(
        &self,
        spec: &Spec,
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Decomposition, DecomposeError> {
        let n = self.changes.len();
        if spec.metric.fund.is_none() && !Fund::MAIN.contains(&spec.fund) {
            return Err(DecomposeError::Invalid(format!(
                "fund `{}` has no metric of its own; use employee_pooled, employee_accounts or resident",
                spec.fund.id()
            )));
        }
        spec.metric
            .check_window(self.runner.base_year(), self.horizon(), self.first_year())
            .map_err(DecomposeError::Invalid)?;
        if let Some(y) = spec.metric.year().filter(|y| *y > self.horizon()) {
            return Err(DecomposeError::Invalid(format!(
                "{} looks at {y}, after the scenario's last year {}",
                spec.metric.describe(),
                self.horizon()
            )));
        }
        let fund = match spec.metric.measure {
            Measure::Burden(_) => Fund::Resident,
            _ => spec.metric.fund.unwrap_or(spec.fund),
        };
        let (parts, method, baseline, scenario) = if n <= spec.exact_max && n < 63 {
            self.exact(spec, progress, cancel)?
        } else {
            self.sampled(spec, progress, cancel)?
        };
        let never = f64::from(self.horizon() + 1);
        let censored = spec.metric.measure == Measure::Depletion;
        Ok(Decomposition {
            metric: spec.metric,
            unit: spec.unit.clone(),
            fund,
            horizon: self.horizon(),
            baseline,
            scenario,
            censored: (censored && baseline == never, censored && scenario == never),
            parts,
            method,
        })
    }

    #[allow(clippy::type_complexity)]
    fn exact(
        &self,
        spec: &Spec,
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Vec<Part>, Method, f64, f64), DecomposeError> {
        let n = self.changes.len();
        let count = 1usize << n;
        let masks: Vec<Mask> = (0..count as u64).map(|b| Mask::from_bits(n, b)).collect();
        let v = self.values(spec, &masks, progress, cancel)?;
        // w[s] = s! (n − s − 1)! / n! = 1 / (n · C(n − 1, s)).
        let mut binom = vec![1.0f64; n];
        for s in 1..n {
            binom[s] = binom[s - 1] * (n - s) as f64 / s as f64;
        }
        let weight: Vec<f64> = binom.iter().map(|c| 1.0 / (n as f64 * c)).collect();
        let parts = (0..n)
            .map(|i| {
                let bit = 1usize << i;
                // A fixed order: subsets without i, ascending.
                let contribution = (0..count)
                    .filter(|s| s & bit == 0)
                    .map(|s| weight[s.count_ones() as usize] * (v[s | bit] - v[s]))
                    .sum::<f64>();
                Part {
                    change: self.changes[i].clone(),
                    contribution,
                    std_error: 0.0,
                    alone: v[bit] - v[0],
                }
            })
            .collect();
        Ok((parts, Method::Exact { subsets: count }, v[0], v[count - 1]))
    }

    #[allow(clippy::type_complexity)]
    fn sampled(
        &self,
        spec: &Spec,
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Vec<Part>, Method, f64, f64), DecomposeError> {
        let n = self.changes.len();
        if spec.permutations < 4 || spec.permutations > MAX_PERMUTATIONS {
            return Err(DecomposeError::Invalid(format!(
                "{} permutations: sample from 4 to {MAX_PERMUTATIONS} (a standard error needs two antithetic pairs)",
                spec.permutations
            )));
        }
        let pairs = spec.permutations.div_ceil(2);
        // Each pair's permutation depends on (seed, pair index) only (Fisher–Yates).
        let orders: Vec<Vec<usize>> = (0..pairs)
            .flat_map(|k| {
                let mut rng = Rng::for_draw(spec.seed, k as u64);
                let mut order: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    let j = ((rng.uniform() * (i + 1) as f64) as usize).min(i);
                    order.swap(i, j);
                }
                let reverse: Vec<usize> = order.iter().rev().copied().collect();
                [order, reverse]
            })
            .collect();
        // Every subset the permutations pass through, the empty and full sets, and each change
        // alone; sorted so that the projections' order is fixed.
        let mut needed: BTreeSet<Mask> = BTreeSet::new();
        needed.insert(Mask::empty(n));
        needed.insert(Mask::full(n));
        for i in 0..n {
            let mut m = Mask::empty(n);
            m.set(i);
            needed.insert(m);
        }
        for order in &orders {
            let mut m = Mask::empty(n);
            for &i in &order[..n - 1] {
                m.set(i);
                needed.insert(m.clone());
            }
        }
        let masks: Vec<Mask> = needed.into_iter().collect();
        let values = self.values(spec, &masks, progress, cancel)?;
        let value: BTreeMap<&Mask, f64> = masks.iter().zip(values).collect();
        let v0 = value[&Mask::empty(n)];
        let vn = value[&Mask::full(n)];
        // marginal[k][i]: change i's marginal contribution along permutation k.
        let marginal: Vec<Vec<f64>> = orders
            .iter()
            .map(|order| {
                let mut out = vec![0.0; n];
                let mut m = Mask::empty(n);
                let mut before = v0;
                for &i in order {
                    m.set(i);
                    let after = value[&m];
                    out[i] = after - before;
                    before = after;
                }
                out
            })
            .collect();
        let count = orders.len() as f64;
        let parts = (0..n)
            .map(|i| {
                let contribution = marginal.iter().map(|m| m[i]).sum::<f64>() / count;
                let pair_means: Vec<f64> = marginal
                    .chunks(2)
                    .map(|c| (c[0][i] + c[1][i]) / 2.0)
                    .collect();
                let k = pair_means.len() as f64;
                let mean = pair_means.iter().sum::<f64>() / k;
                let var = pair_means.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0);
                let mut one = Mask::empty(n);
                one.set(i);
                Part {
                    change: self.changes[i].clone(),
                    contribution,
                    std_error: (var / k).sqrt(),
                    alone: value[&one] - v0,
                }
            })
            .collect();
        Ok((
            parts,
            Method::Sampled {
                permutations: orders.len(),
                seed: spec.seed,
                subsets: masks.len(),
            },
            v0,
            vn,
        ))
    }
}

/// Decomposes `spec.metric` of `scenario` against its baseline ([`Decomposer`]).
pub fn decompose(
    data: &Dataset,
    scenario: &Scenario,
    spec: &Spec,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Decomposition, DecomposeError> {
    Decomposer::new(data, scenario)?.run(spec, progress, cancel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_set_and_intersect() {
        let mut a = Mask::empty(70);
        a.set(3);
        a.set(68);
        assert!(a.has(3) && a.has(68) && !a.has(4));
        let mut b = Mask::empty(70);
        b.set(68);
        assert_eq!(a.and(&b), b);
        assert!(Mask::empty(70).is_empty() && !b.is_empty());
        assert_eq!(Mask::full(3), Mask::from_bits(3, 0b111));
    }
}
