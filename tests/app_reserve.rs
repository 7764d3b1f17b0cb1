//! The reserve chart and the depletion card tell the same story: the balance without
//! balancing measures is drawn beside the balance, what the measures put in is shaded, and the
//! depletion year the card shows is marked; the employee scheme adds its funds combined and the
//! accounts' unmet need.

#![cfg(feature = "gui")]

use yibao::app::chart_data::{LineKind, Metric};
use yibao::app::headline::headline;
use yibao::app::prefs::Tab;
use yibao::app::{ChartView, YibaoApp, chart_data};
use yibao::model::Fund;

fn app() -> YibaoApp {
    YibaoApp::for_tests().expect("embedded data loads")
}

#[test]
fn the_marked_year_is_the_cards_depletion_year_and_where_the_dashed_line_turns_negative() {
    let app = app();
    for (unit, fund) in [
        ("CN", Fund::Resident),
        ("CN", Fund::EmployeePooled),
        ("JS", Fund::Resident),
    ] {
        let view = ChartView {
            unit: unit.to_owned(),
            fund,
            ..app.chart_view()
        };
        let panels = chart_data(app.state(), Tab::Reserve, &view);
        let balance = &panels[0];
        let card = headline(&app.state().projection, unit, fund).depletion_year;
        let year = card.expect("the baseline runs out within the horizon");
        assert_eq!(
            balance.marker.as_ref().map(|m| m.1),
            Some(f64::from(year)),
            "{unit} {fund:?}"
        );
        let dashed = balance
            .points(Metric::BalanceBeforeRule, LineKind::Scenario)
            .expect("the balance without balancing measures is drawn");
        let first_negative = dashed.iter().skip(1).find(|p| p[1] < 0.0).map(|p| p[0]);
        assert_eq!(first_negative, Some(f64::from(year)), "{unit} {fund:?}");
        // The shade lies between the balance and the dashed line, year by year.
        let solid = balance.points(Metric::Balance, LineKind::Scenario).unwrap();
        let (_, shade) = balance.shade.as_ref().expect("balancing measures acted");
        assert_eq!(shade.len(), solid.len());
        for ((s, b), d) in shade.iter().zip(solid).zip(dashed) {
            assert_eq!([s[0], s[1], s[2]], [b[0], b[1], d[1]]);
            assert!(s[1] >= s[2], "{unit} {fund:?} {}", s[0]);
        }
    }
}

#[test]
fn the_employee_scheme_shows_its_funds_combined_and_the_unmet_account_need() {
    let app = app();
    let view = |fund| ChartView {
        unit: "CN".to_owned(),
        fund,
        ..app.chart_view()
    };
    let pooled = chart_data(app.state(), Tab::Reserve, &view(Fund::EmployeePooled));
    let p = &app.state().projection;
    let combined = pooled[0]
        .points(Metric::CombinedBalance, LineKind::Scenario)
        .expect("combined balance drawn");
    let row = p.series("CN", Fund::Employee).unwrap().row(2040).unwrap();
    assert!(combined.contains(&[2040.0, row.balance]));
    let need = pooled[2]
        .points(Metric::UnmetAccountNeed, LineKind::Scenario)
        .expect("unmet need drawn");
    let accounts = p.series("CN", Fund::EmployeeAccounts).unwrap();
    assert_eq!(need.len(), accounts.rows.len());
    // The resident fund has neither; the accounts have no depletion year to mark.
    let resident = chart_data(app.state(), Tab::Reserve, &view(Fund::Resident));
    assert_eq!(resident.len(), 2);
    assert!(
        resident[0]
            .points(Metric::CombinedBalance, LineKind::Scenario)
            .is_none()
    );
    let acc = chart_data(app.state(), Tab::Reserve, &view(Fund::EmployeeAccounts));
    assert_eq!(acc[0].marker, None);
    assert!(
        acc[0]
            .points(Metric::BalanceBeforeRule, LineKind::Scenario)
            .is_none()
    );
}
