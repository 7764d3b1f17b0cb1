//! The stochastic projection (docs/model.md §10): Monte Carlo draws of AR(1) shocks to medical cost
//! growth, wage growth and the interest rate.
//!
//! In draw d of a run seeded s, with generator [`Rng::for_draw`]`(s, d)`, for each forecast
//! year t = L+1 … H (L the last history year, calibration step 11, docs/model.md §11; the base year B when the run has
//! none) and each shocked lever x ∈ {g_m, g_w, i} (drawn in that order per year):
//!
//! ```text
//! e_x(t) = 0 for t ≤ L,   e_x(t) = φ(t) · e_x(t−1) + σ_x(t) · z_x(t),   z ~ N(0, 1) independent
//! x_draw(t) = clamp(x(t) + e_x(t), hard range of x)
//! ```
//!
//! φ = `stochastic.persistence`, σ_m, σ_w, σ_i = `stochastic.sigma_*` as the scenario resolves
//! them in year t. The shock is national: every province's path moves by the same amount.
//! After the shocks each draw takes one more normal z_p per *estimated* province (no published
//! figure informs its resident margin, docs/model.md §13), in province order: the province's
//! base-year margin moved by k·σ·z_p (σ the spread of the published provinces' deviations,
//! k = `stochastic.margin_draws`, 1; 0 draws none) sets the level of its resident costs from
//! the first forecast year on. A
//! wage shock moves income growth too when income growth follows wages (the default), and with
//! it the income-indexed premium and subsidy. Draws run in parallel (rayon); each owns its
//! generator, and the results are gathered in draw order, so the output is identical at any
//! thread count.
//!
//! Per unit, fund and year the run reports the 5th, 25th, 50th, 75th and 95th percentiles of
//! the balance and the months of reserve (linear interpolation between order statistics,
//! Hyndman–Fan type 7; draws with no months of reserve, i.e. nothing paid, are left out), and
//! the share of draws whose balance before balancing measures has been negative in some
//! projected year up to that year (P(depleted by year), non-decreasing by construction).

use super::experiment::Runner;
use super::levers::Lever;
use super::output::{Fund, Level, Projection};
use super::resolve::{Perturbation, PerturbationKind};
use super::rng::Rng;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Most draws a run takes. Each draw's balances and months of reserve of every selected series
/// and year are kept until the percentiles are taken (about 60 KB a draw for the nation and 31
/// provinces to 2060), at most [`KEEP_BUDGET`] bytes at a time. The 5th and 95th percentiles
/// of 1,000 draws are already within a few per cent of those of 10,000.
pub const MAX_DRAWS: usize = 10_000;

/// The most bytes of draw values (balance and months of reserve per series, year and draw)
/// [`monte_carlo`] keeps at once; beyond it the draws run again for each group of series. At
/// the baseline's 96 series to 2060, 1,000 draws keep 60 MB in one pass and 10,000 draws run
/// in two passes (docs/ARCHITECTURE.md, "Memory").
pub const KEEP_BUDGET: usize = 320 << 20;

/// The percentiles reported.
pub const PERCENTILES: [f64; 5] = [5.0, 25.0, 50.0, 75.0, 95.0];

/// The levers shocked, with their σ lever.
pub const SHOCKED: [(Lever, Lever); 3] = [
    (
        Lever::EconomyMedicalCostGrowth,
        Lever::StochasticSigmaMedical,
    ),
    (Lever::EconomyWageGrowth, Lever::StochasticSigmaWage),
    (Lever::EconomyInterestRate, Lever::StochasticSigmaInterest),
];

/// One unit and fund's fan and depletion probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Fan {
    /// Unit code.
    pub unit: String,
    /// Unit level.
    pub level: Level,
    /// Fund.
    pub fund: Fund,
    /// Years, base year first.
    pub years: Vec<i32>,
    /// Balance percentiles per year ([`PERCENTILES`]).
    pub balance: Vec<[f64; 5]>,
    /// Months-of-reserve percentiles per year (`None` when no draw pays anything that year).
    pub months: Vec<Option<[f64; 5]>>,
    /// P(depleted by year) per year (0 in the base year).
    pub p_depleted: Vec<f64>,
}

/// The result of a Monte Carlo run.
#[derive(Clone, Debug, PartialEq)]
pub struct McResult {
    /// Number of draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// One fan per selected unit and fund, in the projection's series order.
    pub fans: Vec<Fan>,
}

impl McResult {
    /// The fan of a unit and fund.
    pub fn fan(&self, unit: &str, fund: Fund) -> Option<&Fan> {
        self.fans.iter().find(|f| f.unit == unit && f.fund == fund)
    }
}

/// The shock perturbations of one draw.
pub fn draw_shocks(runner: &Runner, seed: u64, draw: u64) -> Vec<Perturbation> {
    let levers = &runner.prepared.levers;
    let years = levers.years;
    let mut rng = Rng::for_draw(seed, draw);
    let mut out: Vec<Perturbation> = SHOCKED
        .iter()
        .map(|(l, _)| Perturbation {
            lever: *l,
            kind: PerturbationKind::Add,
            values: vec![0.0; years],
        })
        .collect();
    // The base year and the history years are published: no shock moves them, and the AR(1)
    // state starts at 0 in the last of them.
    let known = runner.prepared.history.last_year() - levers.first_year;
    let first = usize::try_from(known + 1).unwrap_or(1).max(1);
    let mut e = [0.0; 3];
    for t in first..years {
        let phi = levers.at(Lever::StochasticPersistence, 0, t);
        for (k, (_, sigma)) in SHOCKED.iter().enumerate() {
            let z = rng.normal();
            e[k] = phi * e[k] + levers.at(*sigma, 0, t) * z;
            out[k].values[t] = e[k];
        }
    }
    out.extend(calibration_draws(runner, &mut rng, first));
    out
}

/// The calibration draw of each estimated province (docs/model.md §13): its base-year resident
/// margin moved by σ·z (σ the spread of the published provinces' deviations, z standard
/// normal), applied as the level of its resident costs from the first forecast year `first` on
/// (one year's growth of the province's resident cost growth lever), so that the published
/// years stay as published.
fn calibration_draws(runner: &Runner, rng: &mut Rng, first: usize) -> Vec<Perturbation> {
    let (cal, levers) = (&runner.prepared.cal, &runner.prepared.levers);
    let sigma = cal.margin_spread * levers.at(Lever::StochasticMarginDraws, 0, 0);
    if first >= levers.years || sigma <= 0.0 {
        return Vec::new();
    }
    let lever = Lever::EconomyMedicalCostGrowthResident;
    cal.provinces
        .iter()
        .enumerate()
        .filter(|(_, b)| b.resident_estimate && b.resident_expenditure.value > 0.0)
        .map(|(p, b)| {
            let z = rng.normal();
            // A margin higher by Δm is spending lower by Δm · income / spending.
            let share = b.resident_income.value / b.resident_expenditure.value;
            let level = (-sigma * z * share).max(-0.9);
            let mut values = vec![0.0; levers.years];
            values[first] = (1.0 + levers.at(lever, p, first)) * level;
            Perturbation {
                lever,
                kind: PerturbationKind::AddIn(p),
                values,
            }
        })
        .collect()
}

/// What one draw keeps of its projection: per selected series, per year, balance and months
/// (NaN for none), and the index of the depletion year.
struct DrawOut {
    balance: Vec<f64>,
    months: Vec<f64>,
    depleted: Vec<Option<usize>>,
}

fn keep(p: &Projection, select: &[usize]) -> DrawOut {
    let years = p.series.first().map_or(0, |s| s.rows.len());
    let mut out = DrawOut {
        balance: Vec::with_capacity(select.len() * years),
        months: Vec::with_capacity(select.len() * years),
        depleted: Vec::with_capacity(select.len()),
    };
    for &i in select {
        let s = &p.series[i];
        for r in &s.rows {
            out.balance.push(r.balance);
            out.months.push(r.months_of_reserve.unwrap_or(f64::NAN));
        }
        out.depleted.push(super::summary::depletion_index(s));
    }
    out
}

/// Percentile `q` (0–100) of sorted values, linear between order statistics (type 7).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let (h, lo, hi) = ranks(n, q);
            interpolate(sorted[lo], sorted[hi], h - lo as f64)
        }
    }
}

/// The type-7 position `h` of percentile `q` among `n ≥ 2` values and the order statistics
/// `lo ≤ h ≤ hi` it lies between.
fn ranks(n: usize, q: f64) -> (f64, usize, usize) {
    let h = (n - 1) as f64 * q / 100.0;
    let lo = h.floor() as usize;
    (h, lo, (lo + 1).min(n - 1))
}

fn interpolate(a: f64, b: f64, frac: f64) -> f64 {
    if a == b { a } else { a + frac * (b - a) }
}

/// The [`PERCENTILES`] of `values` without its NaNs (`None` when none is left): the same
/// numbers as [`percentile`] over the sorted values, found by selection instead of a full sort
/// (the order statistics needed are placed one after another, each in the part of the slice
/// above the one before).
fn percentiles(values: &mut Vec<f64>) -> Option<[f64; 5]> {
    values.retain(|v| !v.is_nan());
    let n = values.len();
    match n {
        0 => return None,
        1 => return Some([values[0]; 5]),
        _ => {}
    }
    // `placed`: the highest index whose order statistic is in place; everything after it is
    // ≥ it, and the statistics placed before it stay where they are. The percentiles ask for
    // non-decreasing indices, so an index below `placed` is one already placed.
    let mut placed: Option<usize> = None;
    let mut order_stat = |values: &mut [f64], i: usize| -> f64 {
        match placed {
            Some(p) if i <= p => return values[i],
            Some(p) => {
                values[p + 1..].select_nth_unstable_by(i - p - 1, f64::total_cmp);
            }
            None => {
                values.select_nth_unstable_by(i, f64::total_cmp);
            }
        }
        placed = Some(i);
        values[i]
    };
    Some(PERCENTILES.map(|q| {
        let (h, lo, hi) = ranks(n, q);
        let a = order_stat(values, lo);
        let b = order_stat(values, hi);
        interpolate(a, b, h - lo as f64)
    }))
}

/// The selected series' positions in a projection: the main funds of every unit, or those
/// `select` names.
fn chosen_series(p: &Projection, select: Option<&[(String, Fund)]>) -> Vec<usize> {
    p.series
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            Fund::MAIN.contains(&s.fund)
                && select.is_none_or(|sel| sel.iter().any(|(u, f)| *u == s.unit && *f == s.fund))
        })
        .map(|(i, _)| i)
        .collect()
}

/// Runs `draws` draws of the runner's scenario seeded with `seed`, keeping the units and funds
/// `select` chooses (all when `None`). `progress` is called with the number of draws done;
/// returns `None` when `cancel` is set before the run ends.
pub fn monte_carlo(
    runner: &Runner,
    draws: usize,
    seed: u64,
    select: Option<&[(String, Fund)]>,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Option<McResult> {
    monte_carlo_within(runner, draws, seed, select, progress, cancel, KEEP_BUDGET)
}

/// [`monte_carlo`] keeping at most `budget` bytes of draw values at once (the result is the
/// same for any budget).
fn monte_carlo_within(
    runner: &Runner,
    draws: usize,
    seed: u64,
    select: Option<&[(String, Fund)]>,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
    budget: usize,
) -> Option<McResult> {
    // The series layout is the same in every draw: take it from the deterministic run.
    let reference = runner.run_funds(&[]);
    let chosen = chosen_series(&reference, select);
    let years: Vec<i32> = reference
        .series
        .first()
        .map(|s| s.rows.iter().map(|r| r.year).collect())
        .unwrap_or_default();
    // Memory stays bounded: the draws' values of at most KEEP_BUDGET bytes are held at once.
    // When all series do not fit, the draws run again for each group of series (every draw is
    // the same in every pass: its generator depends on the seed and the draw only).
    let per_series = draws.max(1) * years.len().max(1) * 2 * std::mem::size_of::<f64>();
    let group = (budget / per_series).max(1);
    let passes = chosen.len().div_ceil(group).max(1);
    let done = AtomicUsize::new(0);
    let mut fans = Vec::with_capacity(chosen.len());
    for part in chosen.chunks(group) {
        let outs: Vec<Option<DrawOut>> = (0..draws)
            .into_par_iter()
            .map(|d| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let shocks = draw_shocks(runner, seed, d as u64);
                let out = keep(&runner.run_funds(&shocks), part);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(passes) {
                    progress(n / passes);
                }
                Some(out)
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let outs: Vec<DrawOut> = outs.into_iter().collect::<Option<_>>()?;
        fans.par_extend(part.par_iter().enumerate().map(|(k, &i)| {
            let s = &reference.series[i];
            let mut fan = fan_of(&outs, k, &years);
            (fan.unit, fan.level, fan.fund) = (s.unit.clone(), s.level, s.fund);
            fan
        }));
    }
    Some(McResult { draws, seed, fans })
}

/// The fan of the `k`-th kept series over the draws `outs` (unit, level and fund left for the
/// caller to fill).
fn fan_of(outs: &[DrawOut], k: usize, years: &[i32]) -> Fan {
    let (ny, draws) = (years.len(), outs.len());
    let mut balance = Vec::with_capacity(ny);
    let mut months = Vec::with_capacity(ny);
    let mut buf = Vec::with_capacity(draws);
    for t in 0..ny {
        buf.clear();
        buf.extend(outs.iter().map(|o| o.balance[k * ny + t]));
        balance.push(percentiles(&mut buf).unwrap_or([f64::NAN; 5]));
        buf.clear();
        buf.extend(outs.iter().map(|o| o.months[k * ny + t]));
        months.push(percentiles(&mut buf));
    }
    let mut by_year = vec![0usize; ny];
    for o in outs {
        if let Some(t) = o.depleted[k] {
            by_year[t] += 1;
        }
    }
    let mut cumulative = 0;
    let p_depleted = by_year
        .iter()
        .map(|c| {
            cumulative += c;
            if draws > 0 {
                cumulative as f64 / draws as f64
            } else {
                0.0
            }
        })
        .collect();
    Fan {
        unit: String::new(),
        level: Level::Nation,
        fund: Fund::All,
        years: years.to_vec(),
        balance,
        months,
        p_depleted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_memory_budget_gives_the_same_result_in_more_passes() {
        let data = super::super::data::Dataset::embedded().expect("data");
        let runner = Runner::new(
            &data,
            &super::super::scenario::Scenario::default(),
            super::super::assumptions::AssumptionSet::Mid,
        )
        .expect("runner");
        let cancel = AtomicBool::new(false);
        let calls = AtomicUsize::new(0);
        let last = AtomicUsize::new(0);
        let progress = |n: usize| {
            calls.fetch_add(1, Ordering::Relaxed);
            last.fetch_max(n, Ordering::Relaxed);
        };
        let one = monte_carlo(&runner, 12, 3, None, &|_| {}, &cancel).expect("runs");
        // Room for 5 series at a time: 96 series in 20 passes.
        let per_series = 12 * one.fans[0].years.len() * 16;
        let many = monte_carlo_within(&runner, 12, 3, None, &progress, &cancel, 5 * per_series)
            .expect("runs");
        assert_eq!(one, many);
        assert_eq!(last.load(Ordering::Relaxed), 12);
        assert!(calls.load(Ordering::Relaxed) >= 12);
    }

    #[test]
    fn percentile_interpolates_between_order_statistics() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 50.0), 3.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert_eq!(percentile(&v, 100.0), 5.0);
        assert!((percentile(&v, 25.0) - 2.0).abs() < 1e-12);
        assert!((percentile(&v, 5.0) - 1.2).abs() < 1e-12);
        assert_eq!(percentile(&[7.0], 95.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    #[test]
    fn selected_percentiles_equal_those_of_the_sorted_values() {
        // Ties, signed zeros, a NaN to drop and sizes around the interpolation steps.
        let mut rng = Rng::for_draw(3, 0);
        for n in [2, 3, 4, 5, 7, 20, 21, 101, 1000] {
            let values: Vec<f64> = (0..n)
                .map(|i| match i % 7 {
                    0 => 0.0,
                    1 => -0.0,
                    2 => 1.5,
                    _ => rng.normal(),
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let expected = PERCENTILES.map(|q| percentile(&sorted, q));
            let mut with_nan = values.clone();
            with_nan.push(f64::NAN);
            let got = percentiles(&mut with_nan).unwrap();
            assert_eq!(
                got.map(f64::to_bits),
                expected.map(f64::to_bits),
                "{n} values"
            );
        }
    }

    #[test]
    fn percentiles_skip_missing_months() {
        let mut v = vec![f64::NAN, 2.0, 1.0, f64::NAN, 3.0];
        let p = percentiles(&mut v).unwrap();
        assert_eq!(p[2], 2.0);
        assert!(percentiles(&mut vec![f64::NAN]).is_none());
    }
}
