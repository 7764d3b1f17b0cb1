//! Speed of the reform decomposition (issue 22): the `roadmap-2035` scenario's ten changes,
//! exact over its 1,024 subsets (target under 2 s on a 2-core machine), with the global rayon
//! pool (all cores): from the scenario (baseline prepared once, then every subset), and the
//! subsets alone from a prepared baseline.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use yibao::model::decompose::{Decomposer, Spec};
use yibao::model::metric::parse_metric;
use yibao::model::{Dataset, Fund};

fn decompose(c: &mut Criterion) {
    let data = Dataset::embedded().expect("embedded data");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/roadmap-2035.ron");
    let scenario = yibao::scenario::load(&path)
        .expect("the roadmap loads")
        .scenario;
    let cancel = AtomicBool::new(false);
    let mut g = c.benchmark_group("decompose");
    g.sample_size(10);
    for m in ["resident.months@2035", "employee_pooled.depletion"] {
        let spec = Spec::new(
            parse_metric(m, scenario.horizon).expect("metric"),
            "CN",
            Fund::Resident,
        );
        g.bench_function(format!("roadmap-2035 {m}"), |b| {
            b.iter(|| {
                Decomposer::new(black_box(&data), &scenario)
                    .expect("prepares")
                    .run(&spec, &|_, _| {}, &cancel)
                    .expect("decomposes")
            })
        });
    }
    let d = Decomposer::new(&data, &scenario).expect("prepares");
    let spec = Spec::new(
        parse_metric("resident.months@2035", scenario.horizon).expect("metric"),
        "CN",
        Fund::Resident,
    );
    g.bench_function("roadmap-2035 subsets only", |b| {
        b.iter(|| {
            d.run(black_box(&spec), &|_, _| {}, &cancel)
                .expect("decomposes")
        })
    });
    g.finish();
    // One subset's parts, on one thread: resolving its lever table, and projecting it with
    // and without the pooling layer (the roadmap's full set of changes).
    let runner = yibao::model::experiment::Runner::new(
        &data,
        &yibao::model::decompose::baseline_of(&scenario),
        yibao::model::assumptions::AssumptionSet::Mid,
    )
    .expect("prepares");
    let levers = runner.levers(Some(&scenario), &[]);
    let mut g = c.benchmark_group("decompose subset");
    g.bench_function("resolve", |b| {
        b.iter(|| runner.levers(Some(black_box(&scenario)), &[]))
    });
    for (name, pooling) in [
        ("project, pooling", scenario.pooling.clone()),
        ("project, no pooling", Default::default()),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                yibao::model::project::project_series_pooled(
                    &runner.prepared,
                    black_box(&levers),
                    scenario.balancing,
                    false,
                    &pooling,
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, decompose);
criterion_main!(benches);
