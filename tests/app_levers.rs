//! The lever panel drives the projection: set the premium slider by its label, the resident
//! projection the charts draw changes, undo restores it.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use yibao::app::plots::chart_data::{LineKind, PlotMetric, metric_points};
use yibao::app::session::prefs::Tab;
use yibao::app::{ChartView, chart_data};
use yibao::model::Fund;

fn resident_balance(app: &yibao::app::YibaoApp) -> Vec<[f64; 2]> {
    let view = ChartView {
        fund: Fund::Resident,
        ..app.chart_view()
    };
    let panels = chart_data(app.state(), Tab::Reserve, &view);
    panels[0]
        .points(PlotMetric::Balance, LineKind::Scenario)
        .map(<[_]>::to_vec)
        .unwrap_or_default()
}

#[test]
fn premium_slider_changes_the_resident_projection_and_undo_restores_it() {
    let mut h = harness();
    let before_scenario = h.state().state().scenario.clone();
    let before = resident_balance(h.state());

    h.get_by_role_and_label(egui::accesskit::Role::Slider, "居民个人缴费")
        .set_value_accesskit(500.0);
    h.run();

    let app = h.state();
    let path = app
        .state()
        .scenario
        .levers
        .get("resident.premium")
        .expect("the slider wrote a premium path");
    assert_eq!(path.keys().values().copied().collect::<Vec<_>>(), [500.0]);
    let after = resident_balance(app);
    assert!(
        !before.is_empty(),
        "the reserve chart draws the resident balance"
    );
    // The chart draws the edited scenario's projection, which differs from current law's.
    let edited =
        yibao::model::project(&app.state().dataset, &app.state().scenario).expect("calibrates");
    let expected = metric_points(&edited, "CN", Fund::Resident, PlotMetric::Balance);
    assert_eq!(after, expected, "the resident balance the chart draws");
    assert!(
        before.iter().zip(&after).any(|(b, a)| b[1] != a[1]),
        "a 500-yuan premium moves the resident balance"
    );
    assert!(app.state().is_dirty());
    let undo_name = app
        .state()
        .history
        .next_undo()
        .map(|e| e.describe(yibao::app::i18n::Lang::Zh))
        .expect("an undo entry");
    assert!(undo_name.starts_with("居民个人缴费 "), "{undo_name}");
    assert!(undo_name.ends_with("→500"), "{undo_name}");
    // The changed lever is marked.
    assert!(h.query_by_label("已修改：居民个人缴费").is_some());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let app = h.state();
    assert_eq!(app.state().scenario, before_scenario);
    assert_eq!(resident_balance(app), before);
    assert!(h.query_by_label("已修改：居民个人缴费").is_none());
}

#[test]
fn gaps_tab_shows_the_balance_without_balancing_measures() {
    let h = harness();
    let app = h.state();
    let view = ChartView {
        fund: Fund::Resident,
        ..app.chart_view()
    };
    let panels = chart_data(app.state(), Tab::Gaps, &view);
    let line = panels
        .iter()
        .find_map(|p| p.points(PlotMetric::BalanceBeforeRule, LineKind::Scenario))
        .expect("the gaps tab draws the balance without balancing measures");
    // For the nation it is the core's pre-rule balance, which goes negative in the depletion year.
    let series = app.state().projection.series("CN", Fund::Resident).unwrap();
    for (p, r) in line.iter().zip(&series.rows) {
        assert!(
            (p[1] - r.balance_before_rule).abs() <= 1e-6 * r.balance_before_rule.abs().max(1.0)
        );
    }
    let depletion = app
        .state()
        .projection
        .summary("CN", Fund::Resident)
        .unwrap()
        .depletion_year
        .unwrap();
    let first_negative = line.iter().find(|p| p[1] < 0.0).map(|p| p[0] as i32);
    assert_eq!(first_negative, Some(depletion));
}
