//! The Heatmap tab: a small grid computed on the worker equals `model::heatmap` run directly
//! with the same inputs, is drawn with its legend, and exports as CSV (every cell), SVG and PNG
//! through the chart renderer.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, temp_dir};
use egui_kittest::kittest::Queryable as _;
use std::sync::atomic::AtomicBool;
use yibao::app::Command;
use yibao::app::plots::export_chart::ChartFormat;
use yibao::app::session::heatmap::{HeatMetric, HeatSpec};
use yibao::app::session::prefs::Tab;
use yibao::model::assumptions::AssumptionSet;
use yibao::model::experiment::{FIRST_OPEN_YEAR, Runner};
use yibao::model::heatmap::heatmap;
use yibao::model::{Dataset, Fund, Lever, Scenario};

#[test]
fn a_small_grid_equals_the_model_run_directly_and_exports() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.state_mut().apply(Command::SelectTab(Tab::Heatmap));
    let spec = HeatSpec {
        x: Lever::ResidentPremium,
        y: Lever::ResidentSubsidy,
        steps: 4,
        metric: HeatMetric::Months(2035),
    };
    h.state_mut().apply(Command::SetHeatmapSpec(spec.clone()));
    h.run();
    assert!(h.query_by_label_contains("点击“计算”").is_some());
    h.get_by_label("计算").click();
    h.run();
    assert!(h.state().heatmap.is_busy(), "computes on the worker");
    h.state_mut().heatmap.finish();
    h.run();

    let data = Dataset::embedded().expect("data");
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid).expect("runner");
    let (x, y) = spec.axes();
    let direct = heatmap(
        &runner,
        x,
        y,
        FIRST_OPEN_YEAR,
        &spec.metric.metric(),
        "GD",
        Fund::Resident,
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("runs")
    .expect("not cancelled");
    let app = h.state();
    let (key, shown) = app
        .heatmap
        .current(&app.state().scenario, "GD", Fund::Resident, 0)
        .expect("a result for the scenario, unit and fund");
    assert_eq!(key.spec, spec);
    let shown = shown.as_ref().expect("computed");
    assert_eq!(shown.cells.len(), 16);
    assert_eq!(shown, &direct);
    // Drawn: the grid names itself with its title; its cells differ, so no warning.
    assert!(h.query_by_label("2035年可支付月数热力图").is_some());
    assert!(h.query_by_label_contains("每个格子的数值都相同").is_none());

    // CSV: one row per cell, the axes in display units, the cells as computed.
    let dir = temp_dir("heatmap");
    let csv = dir.join("heat.csv");
    h.state_mut()
        .apply(Command::ExportChart(0, ChartFormat::Csv, csv.clone()));
    let text = std::fs::read_to_string(&csv).expect("csv written");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 1 + 16);
    let scale = Lever::ResidentPremium.def().unit.display_scale();
    for (k, row) in rows[1..].iter().enumerate() {
        let x: f64 = row[0].parse().expect("x");
        let v: f64 = row[2].parse().expect("value");
        assert_eq!(x, direct.x.values[k % 4] * scale);
        assert_eq!(v, direct.cells[k]);
    }
    for (format, name) in [
        (ChartFormat::Svg, "heat.svg"),
        (ChartFormat::Png, "heat.png"),
    ] {
        let path = dir.join(name);
        h.state_mut()
            .apply(Command::ExportChart(0, format, path.clone()));
        let bytes = std::fs::read(&path).expect("written");
        assert!(bytes.len() > 1000, "{name} has content");
    }
    let svg = std::fs::read_to_string(dir.join("heat.svg")).expect("svg");
    assert!(svg.contains("当前方案"), "the current scenario is marked");

    // A lever change makes the result stale: not shown, not exported.
    h.state_mut().apply(Command::SetLever {
        key: yibao::model::LeverKey::national(yibao::model::Lever::ResidentSubsidy),
        path: Some(yibao::model::LeverPath::Indexed([(2026, 900.0)].into())),
        edit: yibao::app::session::history::Edit::Path {
            key: yibao::model::LeverKey::national(yibao::model::Lever::ResidentSubsidy),
        },
        continuing: false,
    });
    h.run();
    assert!(h.query_by_label_contains("已过期").is_some());
    assert!(h.state().export_chart(0).is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_grid_of_one_value_says_the_levers_do_not_move_the_fund() {
    // Resident levers on the employee pooled fund: every cell is the same.
    let mut h = harness();
    h.state_mut()
        .apply(Command::SelectFund(Fund::EmployeePooled));
    h.state_mut().apply(Command::SelectTab(Tab::Heatmap));
    h.state_mut().apply(Command::SetHeatmapSpec(HeatSpec {
        x: Lever::ResidentPremium,
        y: Lever::ResidentSubsidy,
        steps: 3,
        metric: HeatMetric::Months(2035),
    }));
    h.run();
    h.get_by_label("计算").click();
    // A worker is computing: the UI keeps repainting until it is done.
    h.run_steps(2);
    h.state_mut().heatmap.finish();
    h.run();
    assert!(h.query_by_label_contains("每个格子的数值都相同").is_some());
}

#[test]
fn a_heatmap_of_another_scenario_or_data_is_marked_outdated_with_a_button_to_compute_again() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Heatmap));
    h.state_mut().apply(Command::SetHeatmapSpec(HeatSpec {
        x: Lever::ResidentPremium,
        y: Lever::ResidentSubsidy,
        steps: 3,
        metric: HeatMetric::Months(2035),
    }));
    h.run();
    h.get_by_label("计算").click();
    // A worker is computing: the UI keeps repainting until it is done.
    h.run_steps(2);
    h.state_mut().heatmap.finish();
    h.run();
    assert!(h.query_by_label_contains("已过期").is_none());
    // The scenario changes: the grid is not shown, a visible note says why, one click reruns.
    h.state_mut().apply(Command::SetLever {
        key: yibao::model::LeverKey::national(Lever::ResidentSubsidy),
        path: Some(yibao::model::LeverPath::Indexed([(2026, 900.0)].into())),
        edit: yibao::app::session::history::Edit::Path {
            key: yibao::model::LeverKey::national(Lever::ResidentSubsidy),
        },
        continuing: false,
    });
    h.run();
    assert!(h.query_by_label_contains("已过期").is_some());
    assert!(h.query_by_label("2035年可支付月数热力图").is_none());
    h.get_by_label("重新计算").click();
    // A worker is computing: the UI keeps repainting until it is done.
    h.run_steps(2);
    h.state_mut().heatmap.finish();
    h.run();
    assert!(h.query_by_label_contains("已过期").is_none());
    assert!(h.query_by_label("2035年可支付月数热力图").is_some());
    // New data (accounts loaded or cleared) makes it outdated too.
    h.state_mut().state_mut().data_id += 1;
    h.run();
    assert!(h.query_by_label_contains("已过期").is_some());
}
