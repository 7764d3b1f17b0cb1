//! The Decomposition tab (issue 22): opened on the shipped roadmap, the decomposition runs on
//! the worker, equals `model::decompose` run directly, is drawn with its table in Chinese and
//! English, exports as CSV, SVG and PNG through the chart renderer, and goes stale when a lever
//! changes.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, temp_dir};
use egui_kittest::kittest::Queryable as _;
use std::sync::atomic::AtomicBool;
use yibao::app::Command;
use yibao::app::i18n::Lang;
use yibao::app::plots::export_chart::ChartFormat;
use yibao::app::session::decompose::{DecMetric, DecSpec};
use yibao::app::session::prefs::Tab;
use yibao::model::decompose::{Decomposer, Spec};
use yibao::model::{Dataset, Fund};

fn scenario_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

#[test]
fn the_roadmap_decomposes_on_the_worker_and_shows_its_waterfall_and_table() {
    let mut h = harness();
    h.state_mut()
        .apply(Command::Open(scenario_file("roadmap-2035.ron")));
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.state_mut().apply(Command::SelectTab(Tab::Decompose));
    let spec = DecSpec {
        metric: DecMetric::Months(2035),
        seed: 1,
    };
    h.state_mut().apply(Command::SetDecomposeSpec(spec.clone()));
    h.run();
    assert!(h.query_by_label_contains("点击“分解”").is_some());
    h.get_by_label("分解").click();
    h.run();
    assert!(h.state().decompose.is_busy(), "computes on the worker");
    h.state_mut().decompose.finish();
    h.run();

    // The same numbers as the model run directly on the file.
    let data = Dataset::embedded().expect("data");
    let scenario = yibao::scenario::load(&scenario_file("roadmap-2035.ron"))
        .expect("loads")
        .scenario;
    let direct = Decomposer::new(&data, &scenario)
        .expect("prepares")
        .run(
            &Spec::new(spec.metric.metric(), "CN", Fund::Resident),
            &|_, _| {},
            &AtomicBool::new(false),
        )
        .expect("decomposes");
    let app = h.state();
    let (key, shown) = app
        .decompose
        .current(&app.state().scenario, "CN", Fund::Resident)
        .expect("a result for the scenario, unit and fund");
    assert_eq!(key.spec, spec);
    let shown = shown.as_ref().expect("computed");
    assert_eq!(shown, &direct);
    assert_eq!(shown.parts.len(), 10);

    // Drawn: the title, a lever's row in the table and the total.
    assert!(
        h.query_by_label_contains("改革分解：城乡居民医保基金2035年可支付月数")
            .is_some()
    );
    // Each change's contribution is in the table, as the table formats it; the lever's name
    // shows in the lever panel and in the table.
    for p in &direct.parts {
        let text = yibao::app::format::signed(p.contribution, 2);
        assert!(
            h.query_all_by_label(&text).next().is_some(),
            "{}: {text}",
            p.change.id()
        );
    }
    assert!(h.query_all_by_label("与收入挂钩缴费率").count() >= 2);
    assert!(h.query_by_label("合计").is_some());
    assert!(h.query_by_label_contains("精确：1024个组合").is_some());

    // CSV of the chart: the baseline, one row per change, the scenario; the steps add up.
    let dir = temp_dir("decompose");
    let csv = dir.join("waterfall.csv");
    h.state_mut()
        .apply(Command::ExportChart(0, ChartFormat::Csv, csv.clone()));
    let text = std::fs::read_to_string(&csv).expect("csv written");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 1 + 1 + 10 + 1);
    let value = |r: &Vec<&str>| r[1].parse::<f64>().expect("a number");
    let steps: f64 = rows[2..12].iter().map(value).sum();
    let (first, last) = (value(&rows[1]), value(&rows[12]));
    assert_eq!(first, direct.baseline);
    assert!((first + steps - last).abs() <= 1e-9 * last.abs().max(1.0));
    for (format, name) in [
        (ChartFormat::Svg, "waterfall.svg"),
        (ChartFormat::Png, "waterfall.png"),
    ] {
        let path = dir.join(name);
        h.state_mut()
            .apply(Command::ExportChart(0, format, path.clone()));
        let bytes = std::fs::read(&path).expect("written");
        assert!(bytes.len() > 1000, "{name} has content");
    }
    let svg = std::fs::read_to_string(dir.join("waterfall.svg")).expect("svg");
    assert!(svg.contains("调剂金") && svg.contains("现行政策（基准）"));

    // English through the translation table.
    h.state_mut().apply(Command::SetLang(Lang::En));
    h.run();
    assert!(
        h.query_all_by_label("Income-linked contribution rate")
            .count()
            >= 2
    );
    assert!(h.query_by_label_contains("Exact: 1024 subsets").is_some());
    h.state_mut().apply(Command::SetLang(Lang::Zh));

    // A lever change makes the result stale: not shown, not exported.
    let key = yibao::model::LeverKey::national(yibao::model::Lever::ResidentSubsidy);
    h.state_mut().apply(Command::SetLever {
        key,
        path: Some(yibao::model::LeverPath::Indexed([(2026, 900.0)].into())),
        edit: yibao::app::session::history::Edit::Path { key },
        continuing: false,
    });
    h.run();
    assert!(h.query_by_label_contains("请重新分解").is_some());
    assert!(h.state().export_chart(0).is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_baseline_has_nothing_to_decompose_and_a_run_can_be_cancelled() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Decompose));
    h.run();
    assert!(
        h.query_by_label_contains("当前方案与现行政策相同")
            .is_some()
    );
    h.state_mut()
        .apply(Command::Open(scenario_file("roadmap-2035.ron")));
    h.run();
    h.get_by_label("分解").click();
    h.run();
    assert!(h.state().decompose.is_busy());
    h.state_mut().apply(Command::CancelDecompose);
    h.run();
    assert!(!h.state().decompose.is_busy());
    assert!(h.state().decompose.result.is_none());
    assert!(h.query_by_label_contains("点击“分解”").is_some());
}
