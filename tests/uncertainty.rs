//! Monte Carlo, goal seek, sensitivity and assumption sets (issue 12, docs/model.md §10).

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use yibao::model::assumptions::AssumptionSet;
use yibao::model::experiment::{FIRST_OPEN_YEAR, Runner, set_lever};
use yibao::model::metric::{parse_metric, parse_target};
use yibao::model::sensitivity::{INPUTS, Input, Move, tornado};
use yibao::model::solve::{Outcome, SolveSpec, solve};
use yibao::model::stochastic::{McResult, monte_carlo};
use yibao::model::{Dataset, Fund, Lever, LeverPath, Scenario, project};

fn data() -> Dataset {
    Dataset::embedded().expect("embedded data")
}

fn mc(runner: &Runner, draws: usize, seed: u64) -> McResult {
    monte_carlo(runner, draws, seed, None, &|_| {}, &AtomicBool::new(false)).expect("not cancelled")
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

#[test]
fn monte_carlo_is_identical_at_one_two_and_eight_threads() {
    let data = data();
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    let one = in_pool(1, || mc(&runner, 40, 7));
    let two = in_pool(2, || mc(&runner, 40, 7));
    let eight = in_pool(8, || mc(&runner, 40, 7));
    assert_eq!(one, two);
    assert_eq!(one, eight);
    // The shocks do something: the fan has width in the horizon year.
    let f = one
        .fan("CN", Fund::Resident)
        .expect("national resident fan");
    let last = f.balance.last().expect("years");
    assert!(last[4] > last[0], "no spread: {last:?}");
    // A different seed gives different draws.
    assert_ne!(one, mc(&runner, 40, 8));
}

#[test]
fn published_years_have_no_spread_and_the_first_forecast_year_has() {
    let data = data();
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    let r = mc(&runner, 60, 3);
    let det = runner.run(None, &[]);
    let last_history = data
        .history_years()
        .map(|y| y.year)
        .max()
        .expect("the data has history years");
    for f in &r.fans {
        let rows = &det.series(&f.unit, f.fund).expect("the same series").rows;
        for ((year, p), row) in f.years.iter().zip(&f.balance).zip(rows) {
            if *year <= last_history {
                // Published: every draw holds the deterministic (published) balance.
                assert!(
                    p.iter().all(|v| *v == row.balance),
                    "{} {:?} {year}: {p:?} vs {}",
                    f.unit,
                    f.fund,
                    row.balance
                );
            }
        }
    }
    let cn = r.fan("CN", Fund::Resident).expect("national resident fan");
    let k = cn
        .years
        .iter()
        .position(|y| *y == last_history + 1)
        .expect("a forecast year");
    assert!(cn.balance[k][4] > cn.balance[k][0], "{:?}", cn.balance[k]);
}

#[test]
fn zero_shock_variance_puts_every_percentile_on_the_deterministic_projection() {
    let data = data();
    let mut s = Scenario::default();
    for id in [
        "stochastic.sigma_medical",
        "stochastic.sigma_wage",
        "stochastic.sigma_interest",
        "stochastic.margin_draws",
    ] {
        s.levers.insert(id.to_owned(), LeverPath::constant(0.0));
    }
    let det = project(&data, &s).expect("calibrates");
    let runner = Runner::new(&data, &s, AssumptionSet::Mid).expect("the scenario calibrates");
    let r = mc(&runner, 12, 3);
    // The fans cover every unit's three funds (not the employee and all-fund totals).
    let main = det
        .series
        .iter()
        .filter(|s| Fund::MAIN.contains(&s.fund))
        .count();
    assert_eq!(r.fans.len(), main);
    for f in &r.fans {
        let series = det.series(&f.unit, f.fund).expect("same series");
        let depletion = det.summary(&f.unit, f.fund).and_then(|x| x.depletion_year);
        for (t, row) in series.rows.iter().enumerate() {
            assert_eq!(
                f.balance[t], [row.balance; 5],
                "{} {:?} {}",
                f.unit, f.fund, row.year
            );
            assert_eq!(f.months[t], row.months_of_reserve.map(|m| [m; 5]));
            let depleted = depletion.is_some_and(|y| y <= row.year);
            assert_eq!(f.p_depleted[t], if depleted { 1.0 } else { 0.0 });
        }
    }
}

#[test]
fn probability_of_depletion_never_decreases_and_stays_a_probability() {
    let data = data();
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    let r = mc(&runner, 100, 11);
    let mut some_between = false;
    for f in &r.fans {
        assert_eq!(f.p_depleted[0], 0.0);
        for w in f.p_depleted.windows(2) {
            assert!(w[1] >= w[0], "{} {:?}: {:?}", f.unit, f.fund, f.p_depleted);
            assert!((0.0..=1.0).contains(&w[1]));
        }
        some_between |= f.p_depleted.iter().any(|p| *p > 0.0 && *p < 1.0);
        for p in &f.balance {
            assert!(
                p.windows(2).all(|w| w[0] <= w[1]),
                "percentiles out of order"
            );
        }
    }
    assert!(some_between, "no fund has an uncertain depletion");
}

#[test]
fn cancelled_run_returns_nothing() {
    let data = data();
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    let cancel = AtomicBool::new(true);
    assert!(monte_carlo(&runner, 20, 1, None, &|_| {}, &cancel).is_none());
}

#[test]
fn intermediate_assumptions_are_the_scenario_and_low_cost_fares_better() {
    let data = data();
    let s = Scenario::default();
    let det = project(&data, &s).expect("calibrates");
    let mid = Runner::new(&data, &s, AssumptionSet::Mid)
        .expect("the scenario calibrates")
        .run(None, &[]);
    assert_eq!(mid.series, det.series);
    let bal = |set| {
        Runner::new(&data, &s, set)
            .expect("the scenario calibrates")
            .run(None, &[])
            .series("CN", Fund::EmployeePooled)
            .and_then(|x| x.row(2040))
            .map(|r| r.balance_before_rule)
            .expect("row")
    };
    let (low, mid, high) = (
        bal(AssumptionSet::Low),
        bal(AssumptionSet::Mid),
        bal(AssumptionSet::High),
    );
    assert!(low > mid && mid > high, "{low} {mid} {high}");
    // Nothing changes before the first open year.
    let high_run = Runner::new(&data, &s, AssumptionSet::High)
        .expect("the scenario calibrates")
        .run(None, &[]);
    let r = |p: &yibao::model::Projection, y| {
        p.series("CN", Fund::Resident)
            .and_then(|x| x.row(y))
            .cloned()
    };
    assert_eq!(
        r(&high_run, FIRST_OPEN_YEAR - 1),
        r(&det, FIRST_OPEN_YEAR - 1)
    );
    assert_ne!(r(&high_run, FIRST_OPEN_YEAR), r(&det, FIRST_OPEN_YEAR));
}

fn solve_and_check(target: &str, lever: Lever, unit: &str, fund: Fund) {
    let data = data();
    let s = Scenario::default();
    let runner = Runner::new(&data, &s, AssumptionSet::Mid).expect("the scenario calibrates");
    let target = parse_target(target, runner.horizon()).expect("target");
    let spec = SolveSpec {
        lever,
        target,
        unit: unit.into(),
        fund,
        from: FIRST_OPEN_YEAR,
    };
    let Outcome::Solved {
        value,
        near,
        tolerance,
        ..
    } = solve(&runner, &spec).expect("solves")
    else {
        panic!("expected a solution for {}", target.describe());
    };
    let (lo, hi) = lever.def().hard;
    assert!((lo..=hi).contains(&value));
    assert!((value - near).abs() <= tolerance && tolerance <= (hi - lo) * 1e-6 * 1.0001);
    // Put back into the scenario by hand and projected from scratch.
    let check = |v: f64| {
        let sv = set_lever(&s, lever, v, FIRST_OPEN_YEAR, data.base_year).expect("settable");
        target
            .metric
            .eval_from(
                &project(&data, &sv).expect("calibrates"),
                unit,
                fund,
                FIRST_OPEN_YEAR,
            )
            .expect("metric")
    };
    assert!(target.met_by(check(value)), "solved value {value} misses");
    assert!(
        !target.met_by(check(near)),
        "a step short, {near}, still meets"
    );
}

#[test]
fn solved_premium_meets_the_months_target_and_a_step_short_does_not() {
    solve_and_check(
        "resident.months>=6 until 2035",
        Lever::ResidentPremium,
        "CN",
        Fund::Resident,
    );
}

#[test]
fn solved_employer_rate_keeps_the_pooled_fund_until_2050() {
    solve_and_check(
        "employee_pooled.depletion>=2050",
        Lever::EmployeeEmployerRateDelta,
        "CN",
        Fund::EmployeePooled,
    );
}

#[test]
fn a_target_counts_the_years_from_the_start_not_the_published_ones_before() {
    // Tianjin's pooled fund holds fewer than 12 months in a year before 2026, which no lever
    // from 2026 can change; "every year to 2035" means every year the change can move.
    let target = "employee_pooled.months>=12 until 2035";
    solve_and_check(
        target,
        Lever::EmployeeReimbursementDelta,
        "TJ",
        Fund::EmployeePooled,
    );
    let data = data();
    let s = Scenario::default();
    let runner = Runner::new(&data, &s, AssumptionSet::Mid).expect("the scenario calibrates");
    let t = parse_target(target, runner.horizon()).expect("target");
    let spec = SolveSpec {
        lever: Lever::EmployeeReimbursementDelta,
        target: t,
        unit: "TJ".into(),
        fund: Fund::EmployeePooled,
        from: FIRST_OPEN_YEAR,
    };
    let Ok(Outcome::Solved { value, .. }) = solve(&runner, &spec) else {
        panic!("solves");
    };
    let sv = set_lever(&s, spec.lever, value, FIRST_OPEN_YEAR, data.base_year).expect("set");
    let p = project(&data, &sv).expect("calibrates");
    let all_years = t
        .metric
        .eval(&p, "TJ", Fund::EmployeePooled)
        .expect("metric");
    let from_start = t
        .metric
        .eval_from(&p, "TJ", Fund::EmployeePooled, FIRST_OPEN_YEAR)
        .expect("metric");
    assert!(all_years < 12.0, "a published year misses: {all_years}");
    assert!(t.met_by(from_start), "{from_start}");
}

#[test]
fn solved_subsidy_brings_a_provinces_backstop_to_zero() {
    // The nation's backstop is not zero whatever the subsidy from 2026 (some provinces need
    // one before), so the target is on Guangdong.
    solve_and_check("backstop==0", Lever::ResidentSubsidy, "GD", Fund::Resident);
}

#[test]
fn unreachable_target_says_no_value_meets_it() {
    let data = data();
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    let spec = SolveSpec {
        lever: Lever::ResidentChildFactor,
        target: parse_target("resident.months>=1000 until 2035", runner.horizon()).expect("target"),
        unit: "CN".into(),
        fund: Fund::Resident,
        from: FIRST_OPEN_YEAR,
    };
    assert!(matches!(
        solve(&runner, &spec),
        Ok(Outcome::NeverMet { .. })
    ));
    let spec = SolveSpec {
        target: parse_target("resident.months>=-1000 until 2035", runner.horizon())
            .expect("target"),
        ..spec
    };
    assert!(matches!(
        solve(&runner, &spec),
        Ok(Outcome::AlwaysMet { .. })
    ));
}

/// The scenario with `lever` written by hand, year by year from the first open year: the
/// resolved baseline value moved as `input` moves it.
fn hand_set(data: &Dataset, input: &Input, high: bool) -> Scenario {
    let base = Scenario::default();
    let runner = Runner::new(data, &base, AssumptionSet::Mid).expect("the scenario calibrates");
    let (lo, hi) = input.lever.def().hard;
    let keys: BTreeMap<i32, f64> = (FIRST_OPEN_YEAR..=runner.horizon())
        .map(|y| {
            let v = runner.prepared.levers.in_year(input.lever, 0, y);
            let moved = match input.moves {
                Move::Shift(l, h) => v + if high { h } else { l },
                Move::Factor(l, h) => v * if high { h } else { l },
            };
            (y, moved.clamp(lo, hi))
        })
        .collect();
    let mut s = base;
    s.levers
        .insert(input.lever.def().id.to_owned(), LeverPath::Steps(keys));
    s
}

#[test]
fn tornado_low_and_high_equal_hand_set_runs() {
    let data = data();
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    for metric_src in ["resident.months@2035", "employee_pooled.backstop"] {
        let metric = parse_metric(metric_src, runner.horizon()).expect("metric");
        let t = tornado(&runner, &metric, "CN", Fund::Resident, &|_| {}).expect("tornado");
        assert_eq!(t.bars.len(), INPUTS.len());
        assert!(t.bars.windows(2).all(|w| w[0].swing >= w[1].swing));
        for lever in [
            Lever::EconomyWageGrowth,
            Lever::ResidentPremium,
            Lever::RetirementAgeMen,
        ] {
            let bar = t
                .bars
                .iter()
                .find(|b| b.input.lever == lever)
                .expect("input");
            for (high, got) in [(false, bar.low), (true, bar.high)] {
                let s = hand_set(&data, &bar.input, high);
                let want = metric
                    .eval_from(
                        &project(&data, &s).expect("calibrates"),
                        "CN",
                        Fund::Resident,
                        FIRST_OPEN_YEAR,
                    )
                    .expect("metric");
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{metric_src} {lever:?} high={high}: tornado {got}, by hand {want}"
                );
            }
        }
    }
}

#[test]
fn heatmap_cells_equal_hand_set_runs_at_any_thread_count() {
    use yibao::model::heatmap::{Axis, heatmap};
    let data = data();
    let s = Scenario::default();
    let runner = Runner::new(&data, &s, AssumptionSet::Mid).expect("the scenario calibrates");
    let metric = parse_metric("resident.months@2035", runner.horizon()).expect("metric");
    let grid = || {
        heatmap(
            &runner,
            Axis::linspace(Lever::ResidentPremium, 300.0, 900.0, 3),
            Axis::linspace(Lever::ResidentSubsidy, 600.0, 1200.0, 4),
            FIRST_OPEN_YEAR,
            &metric,
            "CN",
            Fund::Resident,
            &|_| {},
            &AtomicBool::new(false),
        )
        .expect("valid")
        .expect("not cancelled")
    };
    let one = in_pool(1, grid);
    let two = in_pool(2, grid);
    assert_eq!(one, two);
    assert_eq!(one.cells.len(), 12);
    // Cell (x = 900, y = 800) is the scenario with both set by hand.
    let by_hand = set_lever(
        &s,
        Lever::ResidentPremium,
        900.0,
        FIRST_OPEN_YEAR,
        data.base_year,
    )
    .and_then(|s| {
        set_lever(
            &s,
            Lever::ResidentSubsidy,
            800.0,
            FIRST_OPEN_YEAR,
            data.base_year,
        )
    })
    .expect("settable");
    let want = metric
        .eval_from(
            &project(&data, &by_hand).expect("calibrates"),
            "CN",
            Fund::Resident,
            FIRST_OPEN_YEAR,
        )
        .expect("metric");
    assert_eq!(one.cells[3 + 2], want);
    // More premium, more months.
    assert!(one.cells[2] > one.cells[0]);
}

#[test]
fn solving_a_province_override_meets_the_target_there_and_reports_progress() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use yibao::model::experiment::set_lever_in;
    use yibao::model::solve::{evaluations, solve_with};
    let data = data();
    let s = Scenario::default();
    let runner = Runner::new(&data, &s, AssumptionSet::Mid).expect("the scenario calibrates");
    let target = parse_target("months>=6 until 2035", runner.horizon()).expect("target");
    let spec = SolveSpec {
        lever: Lever::ResidentPremium,
        target,
        unit: "GD".into(),
        fund: Fund::Resident,
        from: FIRST_OPEN_YEAR,
    };
    let calls = AtomicUsize::new(0);
    let seen = AtomicUsize::new(0);
    let outcome = solve_with(
        &runner,
        &spec,
        Some("GD"),
        &|n| {
            calls.fetch_add(1, Ordering::Relaxed);
            seen.fetch_max(n, Ordering::Relaxed);
        },
        &AtomicBool::new(false),
    )
    .expect("solves")
    .expect("not cancelled");
    let Outcome::Solved { value, near, .. } = outcome else {
        panic!("expected a solution, got {outcome:?}");
    };
    // Every projection reported once, never more than announced.
    let n = calls.load(Ordering::Relaxed);
    assert_eq!(seen.load(Ordering::Relaxed), n);
    assert!(n > yibao::model::solve::SCAN_POINTS && n <= evaluations(Lever::ResidentPremium));
    // Put back as Guangdong's override by hand: it meets the target there, a step short does not.
    let check = |v: f64| {
        let sv = set_lever_in(
            &s,
            Lever::ResidentPremium,
            Some("GD"),
            v,
            FIRST_OPEN_YEAR,
            data.base_year,
        )
        .expect("settable");
        assert!(sv.levers.contains_key("resident.premium@GD"));
        assert!(!sv.levers.contains_key("resident.premium"));
        target
            .metric
            .eval_from(
                &project(&data, &sv).expect("calibrates"),
                "GD",
                Fund::Resident,
                FIRST_OPEN_YEAR,
            )
            .expect("metric")
    };
    assert!(target.met_by(check(value)));
    assert!(!target.met_by(check(near)));
    // Cancelled before it starts: no answer; an unknown province is an error.
    let cancelled = solve_with(&runner, &spec, None, &|_| {}, &AtomicBool::new(true));
    assert_eq!(cancelled, Ok(None));
    let unknown = solve_with(&runner, &spec, Some("XX"), &|_| {}, &AtomicBool::new(false));
    assert!(unknown.is_err_and(|e| e.contains("XX")));
}

/// Variants reuse the prepared members only when their retirement ages and formalisation are
/// the prepared ones: a variant that moves them (here the women's retirement age in every
/// province, and formalisation in one province) must equal a fresh projection of the scenario
/// with those values, and so must one that moves a lever members do not depend on.
#[test]
fn variants_of_member_levers_equal_fresh_projections() {
    use yibao::model::experiment::set_lever_in;
    let data = data();
    let base = Scenario::default();
    let runner = Runner::new(&data, &base, AssumptionSet::Mid).expect("the scenario calibrates");
    let by_hand = [
        set_lever(&base, Lever::RetirementAgeWomen, 58.0, 2030, 2022).expect("settable"),
        set_lever_in(
            &base,
            Lever::EmployeeFormalisation,
            Some("GD"),
            0.03,
            2027,
            2022,
        )
        .expect("settable"),
        set_lever(&base, Lever::ResidentSubsidy, 900.0, 2027, 2022).expect("settable"),
    ];
    for s in &by_hand {
        let fresh = project(&data, s).expect("calibrates");
        let variant = runner.run_series(Some(s), &[]);
        let pick = |p: &yibao::model::Projection, unit: &str, fund: Fund| {
            p.series
                .iter()
                .find(|x| x.unit == unit && x.fund == fund)
                .expect("series")
                .rows
                .clone()
        };
        for unit in ["CN", "GD", "BJ"] {
            for fund in [Fund::EmployeePooled, Fund::Resident] {
                assert_eq!(
                    pick(&variant, unit, fund),
                    pick(&fresh, unit, fund),
                    "{unit} {fund:?}"
                );
            }
        }
        // Each variant moves something, so the comparison above is not of two baselines.
        let plain = runner.run_series(None, &[]);
        let funds = |p: &yibao::model::Projection| {
            [Fund::EmployeePooled, Fund::Resident].map(|f| pick(p, "GD", f))
        };
        assert_ne!(funds(&variant), funds(&plain));
    }
}

#[test]
fn each_draw_moves_every_estimated_province_by_its_own_calibration_draw() {
    use yibao::model::resolve::PerturbationKind;
    use yibao::model::stochastic::draw_shocks;
    let data = Dataset::embedded().expect("data");
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid).expect("runner");
    let cal = &runner.prepared.cal;
    let estimated: Vec<usize> = (0..cal.provinces.len())
        .filter(|&p| cal.provinces[p].resident_estimate)
        .collect();
    assert!(!estimated.is_empty());
    let shocks = draw_shocks(&runner, 7, 3);
    let own: Vec<usize> = shocks
        .iter()
        .filter_map(|x| match x.kind {
            PerturbationKind::AddIn(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(own, estimated, "one draw per estimated province, in order");
    // Only the first forecast year moves: the published years stay as published.
    let first = (runner.prepared.history.last_year() + 1 - data.base_year) as usize;
    for x in shocks
        .iter()
        .filter(|x| matches!(x.kind, PerturbationKind::AddIn(_)))
    {
        for (t, v) in x.values.iter().enumerate() {
            assert!(t == first || *v == 0.0, "year index {t}: {v}");
        }
    }
    assert_eq!(shocks, draw_shocks(&runner, 7, 3), "deterministic");
    // An estimated province's resident spending moves between draws; a published one's
    // (Tianjin) only with the national shocks, so its spread is much smaller.
    let spread = |code: &str| {
        let xs: Vec<f64> = (0..40)
            .map(|d| {
                let p = runner.run_funds(&draw_shocks(&runner, 7, d));
                let first_year = runner.prepared.history.last_year() + 1;
                let r = p
                    .series(code, Fund::Resident)
                    .unwrap()
                    .row(first_year)
                    .unwrap();
                r.expenditure_scheduled / r.income_total()
            })
            .collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64).sqrt()
    };
    let (estimate, published) = (spread("JS"), spread("TJ"));
    assert!(estimate > 3.0 * published, "{estimate} against {published}");
}
