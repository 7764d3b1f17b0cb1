//! Speed of the deterministic baseline projection: 31 provinces, 2022–2060 (target ≤ 1 ms on
//! one core). "one thread" runs it inside a one-thread rayon pool, so the provinces are
//! projected one after another; the other benches use the global pool (all cores).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use yibao::model::{Dataset, Scenario, project};

fn baseline(c: &mut Criterion) {
    let data = Dataset::embedded().expect("embedded data");
    let scenario = Scenario::default();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    c.bench_function("baseline projection, one thread", |b| {
        one.install(|| b.iter(|| project(black_box(&data), black_box(&scenario))))
    });
    c.bench_function("baseline projection 31 provinces 2022-2060", |b| {
        b.iter(|| project(black_box(&data), black_box(&scenario)))
    });
    let reform = yibao::scenario::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/roadmap-2035.ron"
    )))
    .map(|l| l.scenario)
    .unwrap_or_default();
    c.bench_function("roadmap-2035 projection", |b| {
        b.iter(|| project(black_box(&data), black_box(&reform)))
    });
    // Synthetic prefecture sub-units, provincial pooling and a national adjustment fund.
    let pooled = yibao::scenario::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/national-adjustment-fund.ron"
    )))
    .map(|l| l.scenario)
    .unwrap_or_default();
    c.bench_function("national-adjustment-fund projection (sub-units)", |b| {
        b.iter(|| project(black_box(&data), black_box(&pooled)))
    });
}

criterion_group!(benches, baseline);
criterion_main!(benches);
