//! Speed of the analysis runs (issue 12): Monte Carlo with 1,000 draws (target ≤ 0.3 s on a
//! 2-core machine), a 50 × 50 heatmap (≤ 2.5 s), a tornado, and a goal seek, all on the
//! baseline with the global rayon pool (all cores).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use yibao::model::assumptions::AssumptionSet;
use yibao::model::experiment::{FIRST_OPEN_YEAR, Runner};
use yibao::model::heatmap::{Axis, heatmap};
use yibao::model::metric::{parse_metric, parse_target};
use yibao::model::sensitivity::tornado;
use yibao::model::solve::{SolveSpec, solve};
use yibao::model::stochastic::monte_carlo;
use yibao::model::{Dataset, Fund, Lever, Scenario};

fn analyses(c: &mut Criterion) {
    let data = Dataset::embedded().expect("embedded data");
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid)
        .expect("the scenario calibrates");
    let cancel = AtomicBool::new(false);
    let mut g = c.benchmark_group("analysis");
    g.sample_size(10);
    g.bench_function("monte carlo 1000 draws", |b| {
        b.iter(|| monte_carlo(black_box(&runner), 1000, 7, None, &|_| {}, &cancel))
    });
    let months = parse_metric("resident.months@2035", runner.horizon()).expect("metric");
    g.bench_function("heatmap 50x50", |b| {
        b.iter(|| {
            heatmap(
                black_box(&runner),
                Axis::linspace(Lever::ResidentPremium, 200.0, 1500.0, 50),
                Axis::linspace(Lever::ResidentSubsidy, 400.0, 2500.0, 50),
                FIRST_OPEN_YEAR,
                &months,
                "CN",
                Fund::Resident,
                &|_| {},
                &cancel,
            )
        })
    });
    g.bench_function("tornado", |b| {
        b.iter(|| tornado(black_box(&runner), &months, "CN", Fund::Resident, &|_| {}))
    });
    let spec = SolveSpec {
        lever: Lever::ResidentPremium,
        target: parse_target("resident.months>=6 until 2035", runner.horizon()).expect("target"),
        unit: "CN".into(),
        fund: Fund::Resident,
        from: FIRST_OPEN_YEAR,
    };
    g.bench_function("solve premium", |b| {
        b.iter(|| solve(black_box(&runner), &spec))
    });
    // What the app's Uncertainty tab recomputes after a lever change (fan of 500 draws,
    // deterministic and assumption-set paths, tornado): the "within a second" of issue 12.
    #[cfg(feature = "gui")]
    {
        use yibao::app::session::uncertainty::{Key, analyse};
        let key = Key {
            scenario: Scenario::default(),
            unit: "CN".into(),
            fund: Fund::Resident,
            data: 0,
        };
        g.bench_function("app analysis after a lever change", |b| {
            b.iter(|| analyse(black_box(&data), &key, &|_| {}, &cancel))
        });
    }
    g.finish();
}

criterion_group!(benches, analyses);
criterion_main!(benches);
