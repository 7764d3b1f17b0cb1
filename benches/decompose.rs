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
}

criterion_group!(benches, decompose);
criterion_main!(benches);
