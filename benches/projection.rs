//! Speed of the deterministic baseline projection: 31 provinces, 2022–2060 (issue 12 target:
//! ≤ 0.5 ms on one core). "one thread" runs it inside a one-thread rayon pool, so the provinces
//! are projected one after another; the other benches use the global pool (all cores).
//!
//! The scale benches (issue 12 target: ≤ 50 ms) project a generated data set of 2,850
//! county-sized units to 2100 (see [`county_units`]): once with the calibration
//! ([`project`]), once from a prepared calibration ([`project_prepared`]), and once from it
//! keeping each unit's key columns instead of whole rows ([`project_key_columns`]).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use yibao::model::project::{prepare, project_key_columns, project_prepared, project_series};
use yibao::model::{Dataset, Scenario, project};

/// County-sized units of the scale benches.
const UNITS: usize = 2_850;

/// The embedded data set with each province split into equal county-sized units, `UNITS` in
/// all: a province gets units in proportion to its population (largest remainders, at least
/// one), each with the province's per-head figures and an equal share of its people. The units'
/// codes (`GD-007`) match no published provincial account, so every unit shares the national
/// totals (calibration step 10, docs/model.md §11).
fn county_units(data: &Dataset) -> Dataset {
    let total: f64 = data.provinces.iter().map(|p| p.population_wan.value).sum();
    let quota: Vec<f64> = data
        .provinces
        .iter()
        .map(|p| p.population_wan.value / total * UNITS as f64)
        .collect();
    let mut k: Vec<usize> = quota.iter().map(|q| (q.floor() as usize).max(1)).collect();
    let mut order: Vec<usize> = (0..k.len()).collect();
    order.sort_by(|&a, &b| (quota[b] - quota[b].floor()).total_cmp(&(quota[a] - quota[a].floor())));
    let mut i = 0;
    while k.iter().sum::<usize>() < UNITS {
        k[order[i % order.len()]] += 1;
        i += 1;
    }
    let mut out = data.clone();
    out.provinces = data
        .provinces
        .iter()
        .zip(&k)
        .flat_map(|(p, &n)| {
            (1..=n).map(move |j| {
                let mut u = p.clone();
                u.code = format!("{}-{j:03}", p.code);
                u.population_wan.value = p.population_wan.value / n as f64;
                u.prefectures = 0;
                u
            })
        })
        .collect();
    out
}

fn baseline(c: &mut Criterion) {
    let data = Dataset::embedded().expect("embedded data");
    let scenario = Scenario::default();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    c.bench_function("baseline projection, one thread", |b| {
        one.install(|| {
            b.iter(|| project(black_box(&data), black_box(&scenario)).expect("calibrates"))
        })
    });
    // The same from a prepared calibration: with summaries, and the series alone (what each
    // Monte Carlo draw, heatmap cell and goal-seek step runs).
    let prepared = prepare(&data, &scenario).expect("the baseline calibrates");
    c.bench_function("baseline projection, one thread, prepared", |b| {
        one.install(|| {
            b.iter(|| project_prepared(black_box(&prepared), &prepared.levers, scenario.balancing))
        })
    });
    c.bench_function("baseline projection, one thread, series only", |b| {
        one.install(|| {
            b.iter(|| {
                project_series(
                    black_box(&prepared),
                    &prepared.levers,
                    scenario.balancing,
                    false,
                )
            })
        })
    });
    c.bench_function("baseline projection 31 provinces 2022-2060", |b| {
        b.iter(|| project(black_box(&data), black_box(&scenario)).expect("calibrates"))
    });
    let reform = yibao::scenario::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/roadmap-2035.ron"
    )))
    .map(|l| l.scenario)
    .unwrap_or_default();
    c.bench_function("roadmap-2035 projection", |b| {
        b.iter(|| project(black_box(&data), black_box(&reform)).expect("calibrates"))
    });
    // Synthetic prefecture sub-units, provincial pooling and a national adjustment fund.
    let pooled = yibao::scenario::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/national-adjustment-fund.ron"
    )))
    .map(|l| l.scenario)
    .unwrap_or_default();
    c.bench_function("national-adjustment-fund projection (sub-units)", |b| {
        b.iter(|| project(black_box(&data), black_box(&pooled)).expect("calibrates"))
    });
}

fn scale(c: &mut Criterion) {
    let data = county_units(&Dataset::embedded().expect("embedded data"));
    assert_eq!(data.provinces.len(), UNITS);
    let scenario = Scenario {
        horizon: 2100,
        ..Scenario::default()
    };
    let prepared = prepare(&data, &scenario).expect("the units calibrate");
    let mut g = c.benchmark_group("scale");
    g.sample_size(10);
    g.bench_function("2850 units 2022-2100, prepared", |b| {
        b.iter(|| project_prepared(black_box(&prepared), &prepared.levers, scenario.balancing))
    });
    g.bench_function("2850 units 2022-2100", |b| {
        b.iter(|| project(black_box(&data), black_box(&scenario)).expect("calibrates"))
    });
    // The same projection keeping each unit's key columns instead of whole rows.
    g.bench_function("2850 units 2022-2100, prepared, key columns", |b| {
        b.iter(|| project_key_columns(black_box(&prepared), &prepared.levers, scenario.balancing))
    });
    g.finish();
}

/// Reading a 16 MB user accounts file (about 240,000 rows of years before the base year):
/// parsing, the sense checks and the merge into the data set (`accounts_16mb`; issue 19 asked
/// for linear time, under a second).
fn accounts(c: &mut Criterion) {
    use yibao::model::accounts::{Accounts, Item, Scheme};
    let data = Dataset::embedded().expect("embedded data");
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let mut text = String::from("code,year,scheme,item,value,unit,tag,source_id\n");
    let mut year = 1000;
    while text.len() < 16 << 20 && year < 2022 {
        for code in &codes {
            for scheme in Scheme::ALL {
                for item in Item::ALL {
                    if matches!(item, Item::Active | Item::Retired)
                        && !matches!(scheme, Scheme::Employee | Scheme::EmployeePooled)
                    {
                        continue;
                    }
                    text.push_str(&format!(
                        "{code},{year},{},{},123.4567,{},published,S\n",
                        scheme.id(),
                        item.id(),
                        item.unit()
                    ));
                }
            }
        }
        year += 1;
    }
    let mut g = c.benchmark_group("accounts");
    g.sample_size(10);
    g.bench_function("accounts_16mb", |b| {
        b.iter(|| {
            let a = Accounts::parse("big.csv", black_box(&text), &codes).expect("parses");
            data.clone().with_accounts(a).expect("accepted")
        })
    });
    g.finish();
}

criterion_group!(benches, baseline, scale, accounts);
criterion_main!(benches);
