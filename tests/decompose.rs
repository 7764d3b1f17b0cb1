//! Reform decomposition (issue 22 part 1, docs/model.md §14): Shapley values of a scenario's
//! changes that add up to the total change, give a change that cannot move the metric exactly
//! zero, match a brute-force average over every order, and are the same at any thread count
//! and for the same seed.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use yibao::model::decompose::{
    Change, DecomposeError, Decomposer, Decomposition, Method, Spec, baseline_of, changes,
};
use yibao::model::keys::LeverKey;
use yibao::model::metric::{Measure, parse_metric};
use yibao::model::{Dataset, Fund, Lever, LeverPath, Scenario, project};

fn data() -> Dataset {
    Dataset::embedded().expect("embedded data")
}

fn shipped() -> Vec<(String, Scenario)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("scenarios")
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    for f in files {
        let s = yibao::scenario::load(&f)
            .expect("a shipped scenario loads")
            .scenario;
        out.push((f.display().to_string(), s));
    }
    out
}

fn run(d: &Decomposer, spec: &Spec) -> Decomposition {
    d.run(spec, &|_, _| {}, &AtomicBool::new(false))
        .expect("decomposes")
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

/// The metric of a fresh projection, "never depleted" as the horizon + 1.
fn fresh(data: &Dataset, s: &Scenario, spec: &Spec) -> f64 {
    let p = project(data, s).expect("calibrates");
    let v = spec.metric.eval(&p, &spec.unit, spec.fund).expect("metric");
    if spec.metric.measure == Measure::Depletion && v.is_infinite() {
        f64::from(p.horizon + 1)
    } else {
        v
    }
}

fn assert_adds_up(d: &Decomposition, what: &str) {
    let total = d.total();
    let scale = total
        .abs()
        .max(d.parts.iter().map(|p| p.contribution.abs()).sum::<f64>());
    let err = (d.sum() - total).abs();
    assert!(
        err <= 1e-9 * scale || (scale == 0.0 && err == 0.0),
        "{what}: contributions sum to {} but the total change is {total} (error {err:e})",
        d.sum()
    );
}

const METRICS: [&str; 5] = [
    "resident.months@2035",
    "employee_pooled.depletion",
    "employee_pooled.backstop@2045",
    "burden@2030",
    "resident.depletion",
];

#[test]
fn every_shipped_scenario_adds_up_and_its_ends_match_fresh_projections() {
    let data = data();
    let mut decomposed = 0;
    for (file, s) in shipped() {
        if changes(&s).is_empty() {
            let e = Decomposer::new(&data, &s)
                .err()
                .expect("nothing to decompose");
            assert!(
                matches!(&e, DecomposeError::Invalid(m) if m.contains("changes no lever")),
                "{file}: {e}"
            );
            continue;
        }
        let d = Decomposer::new(&data, &s).expect("prepares");
        let baseline = baseline_of(&s);
        for m in METRICS {
            let metric = parse_metric(m, s.horizon).unwrap();
            let spec = Spec::new(metric, "CN", Fund::Resident);
            let r = run(&d, &spec);
            assert_eq!(r.parts.len(), changes(&s).len());
            assert!(matches!(r.method, Method::Exact { .. }), "{file}");
            assert_adds_up(&r, &format!("{file} {m}"));
            // The prepared baseline and the subsets' projections are the projections
            // themselves: the ends equal fresh runs of the baseline and the scenario.
            let (b, sc) = (fresh(&data, &baseline, &spec), fresh(&data, &s, &spec));
            assert!(
                (r.baseline - b).abs() <= 1e-9 * b.abs().max(1.0)
                    && (r.scenario - sc).abs() <= 1e-9 * sc.abs().max(1.0),
                "{file} {m}: decomposition ends {} → {}, fresh projections {b} → {sc}",
                r.baseline,
                r.scenario
            );
        }
        decomposed += 1;
    }
    assert!(decomposed >= 9, "only {decomposed} scenarios had changes");
}

fn key(lever: Lever) -> LeverKey {
    LeverKey::new(lever, None)
}

fn steps(pairs: &[(i32, f64)]) -> LeverPath {
    LeverPath::Steps(pairs.iter().copied().collect::<BTreeMap<_, _>>())
}

/// Three changes: one from 2045 (after the metric's year), two that act from 2027.
fn three_changes() -> Scenario {
    let mut s = Scenario::default();
    s.set_lever(key(Lever::ResidentPremium), Some(steps(&[(2045, 900.0)])));
    s.set_lever(
        key(Lever::EmployeeRetireeRate),
        Some(steps(&[(2027, 0.02)])),
    );
    s.set_lever(
        key(Lever::ResidentReimbursementDelta),
        Some(steps(&[(2027, 0.05)])),
    );
    s
}

#[test]
fn a_change_after_the_metric_year_gets_exactly_zero_exact_and_sampled() {
    let data = data();
    let s = three_changes();
    let d = Decomposer::new(&data, &s).expect("prepares");
    let premium = changes(&s)
        .iter()
        .position(|c| *c == Change::Lever(key(Lever::ResidentPremium)))
        .expect("the premium is a change");
    for m in [
        "resident.months@2040",
        "resident.backstop@2044",
        "burden@2035",
    ] {
        let metric = parse_metric(m, s.horizon).unwrap();
        let mut spec = Spec::new(metric, "CN", Fund::Resident);
        let exact = run(&d, &spec);
        assert_eq!(exact.parts[premium].contribution, 0.0, "{m}");
        assert_eq!(exact.parts[premium].alone, 0.0, "{m}");
        spec.exact_max = 0;
        spec.permutations = 6;
        let sampled = run(&d, &spec);
        assert!(matches!(sampled.method, Method::Sampled { .. }));
        assert_eq!(sampled.parts[premium].contribution, 0.0, "{m}");
        assert_eq!(sampled.parts[premium].std_error, 0.0, "{m}");
        assert_adds_up(&sampled, m);
    }
    // The premium does move the burden and the months after 2045: not zero there.
    let metric = parse_metric("burden@2050", s.horizon).unwrap();
    let r = run(&d, &Spec::new(metric, "CN", Fund::Resident));
    assert!(r.parts[premium].contribution != 0.0, "{:?}", r.parts);
}

#[test]
fn the_exact_values_are_the_average_over_every_order_of_fresh_projections() {
    let data = data();
    let s = three_changes();
    let metric = parse_metric("resident.months@2050", s.horizon).unwrap();
    let spec = Spec::new(metric, "CN", Fund::Resident);
    let r = run(&Decomposer::new(&data, &s).unwrap(), &spec);
    let cs = changes(&s);
    // v(S) by fresh projections of the baseline with the changes of S.
    let v = |set: &[usize]| {
        let mut sub = baseline_of(&s);
        for &i in set {
            let Change::Lever(k) = cs[i] else {
                unreachable!()
            };
            sub.set_lever(k, s.lever(k).cloned());
        }
        fresh(&data, &sub, &spec)
    };
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut brute = [0.0; 3];
    for o in orders {
        for k in 0..3 {
            brute[o[k]] += (v(&o[..=k]) - v(&o[..k])) / 6.0;
        }
    }
    for (i, (part, b)) in r.parts.iter().zip(brute).enumerate() {
        assert!(
            (part.contribution - b).abs() <= 1e-9 * b.abs().max(1e-6),
            "change {i}: decomposition {} vs every order {b}",
            part.contribution
        );
    }
    // The two changes that act do move the months.
    assert!(
        r.parts
            .iter()
            .filter(|p| p.contribution.abs() > 1e-6)
            .count()
            >= 2
    );
}

fn roadmap() -> Scenario {
    yibao::scenario::load(std::path::Path::new("scenarios/roadmap-2035.ron"))
        .unwrap()
        .scenario
}

#[test]
fn sampled_values_repeat_with_the_seed_at_one_and_two_threads_and_approach_the_exact() {
    let data = data();
    let s = roadmap();
    let d = Decomposer::new(&data, &s).unwrap();
    let metric = parse_metric("employee_pooled.months@2040", s.horizon).unwrap();
    let exact_spec = Spec::new(metric, "CN", Fund::Resident);
    let exact_one = in_pool(1, || run(&d, &exact_spec));
    let exact_two = in_pool(2, || run(&d, &exact_spec));
    assert_eq!(exact_one, exact_two);
    let mut spec = exact_spec.clone();
    spec.exact_max = 0;
    spec.permutations = 60;
    spec.seed = 7;
    let one = in_pool(1, || run(&d, &spec));
    let two = in_pool(2, || run(&d, &spec));
    assert_eq!(one, two);
    assert_eq!(one, run(&d, &spec));
    assert_adds_up(&one, "sampled roadmap");
    spec.seed = 8;
    let other = run(&d, &spec);
    assert_ne!(
        one.parts, other.parts,
        "another seed draws other permutations"
    );
    assert_eq!(one.baseline, exact_one.baseline);
    assert_eq!(one.scenario, exact_one.scenario);
    // The sampled values are estimates of the exact ones, with their standard errors.
    for (e, x) in exact_one.parts.iter().zip(&one.parts) {
        assert!(
            (e.contribution - x.contribution).abs() <= 4.0 * x.std_error + 1e-9,
            "{}: exact {} sampled {} ± {}",
            e.change.id(),
            e.contribution,
            x.contribution,
            x.std_error
        );
        assert_eq!(e.alone, x.alone);
    }
    assert!(one.parts.iter().any(|p| p.std_error > 0.0));
}

#[test]
fn a_depletion_never_reached_counts_as_the_horizon_plus_one_and_still_adds_up() {
    let data = data();
    // Higher premiums from 2027: the resident fund may never run out within 2060.
    let mut s = Scenario::default();
    s.set_lever(key(Lever::ResidentPremium), Some(steps(&[(2027, 3000.0)])));
    s.set_lever(
        key(Lever::ResidentReimbursementDelta),
        Some(steps(&[(2027, -0.1)])),
    );
    let metric = parse_metric("resident.depletion", s.horizon).unwrap();
    let r = run(
        &Decomposer::new(&data, &s).unwrap(),
        &Spec::new(metric, "CN", Fund::Resident),
    );
    assert_adds_up(&r, "depletion");
    assert!(r.censored.1, "scenario not censored: {r:?}");
    assert_eq!(r.scenario, f64::from(r.horizon + 1));
    assert!(!r.censored.0 && r.baseline <= f64::from(r.horizon));
}

#[test]
fn a_metric_outside_the_run_or_undefined_is_refused() {
    let data = data();
    let s = three_changes();
    let d = Decomposer::new(&data, &s).unwrap();
    let metric = parse_metric("months@2061", s.horizon).unwrap();
    let e = d
        .run(
            &Spec::new(metric, "CN", Fund::Resident),
            &|_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
    assert!(
        matches!(&e, DecomposeError::Invalid(m) if m.contains("2061")),
        "{e}"
    );
    let e = d
        .run(
            &Spec::new(metric, "CN", Fund::Resident),
            &|_, _| {},
            &AtomicBool::new(true),
        )
        .unwrap_err();
    assert!(matches!(e, DecomposeError::Invalid(_)));
    let ok = parse_metric("months@2040", s.horizon).unwrap();
    let e = d
        .run(
            &Spec::new(ok, "CN", Fund::Resident),
            &|_, _| {},
            &AtomicBool::new(true),
        )
        .unwrap_err();
    assert_eq!(e, DecomposeError::Cancelled);
}

#[test]
fn the_waterfall_floats_each_step_from_the_running_total_and_draws_every_bar() {
    use yibao::render::scene::Prim;
    use yibao::render::{Chart, Lang, Plot, Quantity, WaterfallPlot, layout, palette};
    let w = WaterfallPlot {
        quantity: Some(Quantity::Months),
        unit: String::new(),
        start: ("基准".into(), 8.0),
        steps: vec![("甲".into(), 2.5), ("乙".into(), -4.0), ("丙".into(), 0.0)],
        end: ("方案".into(), 6.5),
        names: ["增加", "减少", "基准与方案"].map(str::to_owned),
        colors: [palette::INCOME, palette::EXPENDITURE, palette::SCENARIO],
    };
    let bars = w.bars(0.0);
    let spans: Vec<(f64, f64)> = bars.iter().map(|(_, a, b)| (*a, *b)).collect();
    assert_eq!(
        spans,
        vec![(0.0, 8.0), (8.0, 10.5), (10.5, 6.5), (6.5, 6.5), (0.0, 6.5)]
    );
    let chart = Chart {
        title: "t".into(),
        subtitle: "s".into(),
        footer: "f".into(),
        lang: Lang::Zh,
        plot: Plot::Waterfall(w),
    };
    let csv = chart.data_csv();
    assert_eq!(
        csv,
        "category,value,from,to\n基准,8,0,8\n甲,2.5,8,10.5\n乙,-4,10.5,6.5\n丙,0,6.5,6.5\n方案,6.5,0,6.5\n"
    );
    // One bar per row in its colour: two totals, one rise, one fall (the zero step is grey).
    let scene = layout::layout(&chart, 1600.0, 900.0);
    let fills: Vec<_> = scene
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Rect { fill, h, .. } if *h > 30.0 && *h < 200.0 => Some(*fill),
            _ => None,
        })
        .collect();
    let count = |c| fills.iter().filter(|f| **f == c).count();
    assert_eq!(count(palette::SCENARIO), 2, "{fills:?}");
    assert_eq!(count(palette::INCOME), 1, "{fills:?}");
    assert_eq!(count(palette::EXPENDITURE), 1, "{fills:?}");
    let svg = yibao::render::svg(&chart);
    for label in ["基准", "甲", "乙", "丙", "方案", "+2.5", "−4", "增加"] {
        assert!(svg.contains(label), "{label} missing");
    }
}
