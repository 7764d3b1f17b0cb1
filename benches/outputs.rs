//! Speed of the outputs `yibao run` and `yibao report` write besides the projection itself:
//! `projection.csv` of the baseline (1 MB of fixed-decimal numbers, `yibao_core::fixed`) and one
//! report chart as PNG (3200 × 1800 pixels: layout, drawing, encoding). The whole commands are
//! measured as processes (docs/ARCHITECTURE.md "Speed", `.ci/speed.sh`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use yibao::export;
use yibao::model::{Dataset, Fund, Scenario, project};
use yibao::render::{self, Lang};
use yibao::report::charts::{Context, Run};
use yibao::report::{footer, unit_names};

fn outputs(c: &mut Criterion) {
    let data = Dataset::embedded().expect("embedded data");
    let scenario = Scenario::default();
    let p = project(&data, &scenario).expect("calibrates");
    c.bench_function("projection.csv of the baseline", |b| {
        b.iter(|| export::projection_csv(black_box(&p)))
    });
    let context = Context {
        scenario: Run {
            name: &scenario.title,
            projection: &p,
        },
        baseline: Run {
            name: &scenario.title,
            projection: &p,
        },
        compare: Vec::new(),
        lang: Lang::Zh,
        footer: footer(&data, &scenario, Lang::Zh),
        units: unit_names(&data),
    };
    let chart = context.months("CN", Fund::EmployeePooled);
    let mut g = c.benchmark_group("report");
    g.sample_size(20);
    g.bench_function("one chart as PNG", |b| {
        b.iter(|| render::png(black_box(&chart)).expect("renders"))
    });
    g.finish();
}

criterion_group!(benches, outputs);
criterion_main!(benches);
