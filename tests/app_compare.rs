//! Compare: pin the current scenario and add files (loaded off the UI thread); the overlay
//! draws one line per compared scenario, and the headline cards follow the selected unit.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, temp_dir};
use egui_kittest::kittest::Queryable as _;
use yibao::app::plots::chart_data::{LineKind, PlotMetric, metric_points};
use yibao::app::session::prefs::Tab;
use yibao::app::{Command, chart_data};

#[test]
fn pinned_and_opened_scenarios_overlay_the_current_one() {
    let dir = temp_dir("compare");
    let path = dir.join("subsidy.ron");
    std::fs::write(
        &path,
        "Scenario(format: 1, title: \"财政补助提高\", levers: {\"resident.subsidy\": Indexed({2026: 900.0})})\n",
    )
    .expect("write fixture");

    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Compare));
    h.run();
    h.get_by_label("固定当前方案").click();
    h.run();
    h.state_mut().apply(Command::CompareFiles(vec![path]));
    h.state_mut().finish_jobs();
    h.run();

    let app = h.state();
    assert_eq!(app.state().compare.len(), 2);
    assert_eq!(app.state().compare[1].name, "财政补助提高");
    let panels = chart_data(app.state(), Tab::Compare, &app.chart_view());
    let months = &panels[0];
    assert_eq!(months.title, PlotMetric::Months.label(app.lang()));
    let pinned = months
        .points(PlotMetric::Months, LineKind::Compare(0))
        .expect("pinned line");
    let current = months
        .points(PlotMetric::Months, LineKind::Scenario)
        .expect("current line");
    assert_eq!(
        pinned, current,
        "a pin of the unchanged scenario matches it"
    );
    let opened = months
        .points(PlotMetric::Months, LineKind::Compare(1))
        .expect("file line");
    // The file's line is its own projection's months of reserve, and 900 yuan of subsidy from
    // 2026 (current law: about 720) holds more in reserve from then on.
    let file_projection =
        yibao::model::project(&app.state().dataset, &app.state().compare[1].scenario)
            .expect("calibrates");
    let expected = metric_points(&file_projection, "CN", app.fund(), PlotMetric::Months);
    assert_eq!(opened, expected.as_slice());
    for (o, c) in opened.iter().zip(current).filter(|(o, _)| o[0] >= 2026.0) {
        assert!(o[1] > c[1], "{}: {} vs {}", o[0], o[1], c[1]);
    }
    // The table lists it with a remove button.
    // Named in the legend and in the table.
    assert!(h.query_all_by_label("财政补助提高").count() >= 2);
    h.get_all_by_label("移除")
        .next()
        .expect("remove button")
        .click();
    h.run();
    assert_eq!(h.state().state().compare.len(), 1);
}

#[test]
fn a_province_selection_moves_cards_and_charts() {
    let mut h = harness();
    let nation = chart_data(h.state().state(), Tab::Reserve, &h.state().chart_view());
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.run();
    let app = h.state();
    assert_eq!(app.unit(), "GD");
    let gd = chart_data(app.state(), Tab::Reserve, &app.chart_view());
    // The chart now draws Guangdong's balance, not the nation's.
    let fund = app.fund();
    let gd_balance = metric_points(&app.state().projection, "GD", fund, PlotMetric::Balance);
    let cn_balance = metric_points(&app.state().projection, "CN", fund, PlotMetric::Balance);
    assert_eq!(
        gd[0].points(PlotMetric::Balance, LineKind::Scenario),
        Some(gd_balance.as_slice())
    );
    assert_eq!(
        nation[0].points(PlotMetric::Balance, LineKind::Scenario),
        Some(cn_balance.as_slice())
    );
    // The summary sentence names the province.
    assert!(h.query_by_label_contains("（广东）").is_some());
}
