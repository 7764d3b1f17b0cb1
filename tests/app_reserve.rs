//! The reserve chart and the depletion card tell the same story: the balance without
//! balancing measures is drawn beside the balance, what the measures put in is shaded, and the
//! depletion year the card shows is marked; the employee scheme adds its funds combined and the
//! accounts' unmet need.

#![cfg(feature = "gui")]

use yibao::app::Command;
use yibao::app::i18n::Lang;
use yibao::app::panels::headline::{cards, headline};
use yibao::app::plots::chart_data::{LineKind, PlotMetric};
use yibao::app::session::prefs::Tab;
use yibao::app::{ChartView, YibaoApp, chart_data};
use yibao::model::Fund;

fn app() -> YibaoApp {
    YibaoApp::for_tests().expect("embedded data loads")
}

#[test]
fn the_marked_year_is_the_cards_depletion_year_and_where_the_months_line_reaches_zero() {
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
        // The months line is at or below zero in the marked year and above zero before it.
        let months = panels[1]
            .points(PlotMetric::Months, LineKind::Scenario)
            .expect("months drawn");
        for &[x, m] in months.iter().skip(1) {
            if x < f64::from(year) {
                assert!(m > 0.0, "{unit} {fund:?} {x}: {m}");
            } else if x == f64::from(year) {
                assert!(m <= 0.0, "{unit} {fund:?} {x}: {m}");
            }
        }
        // The dashed line (the nation's net position; a province's balance before balancing
        // measures) is first negative in the marked year.
        let dashed = balance
            .points(PlotMetric::BalanceBeforeRule, LineKind::Scenario)
            .expect("the balance without balancing measures is drawn");
        let first_negative = dashed.iter().skip(1).find(|p| p[1] < 0.0).map(|p| p[0]);
        assert_eq!(first_negative, Some(f64::from(year)), "{unit} {fund:?}");
        // The value axis follows the held line: the dashed line stops where it falls below
        // the chart, and says so in its name.
        let solid = balance
            .points(PlotMetric::Balance, LineKind::Scenario)
            .unwrap();
        let name = &balance
            .lines
            .iter()
            .find(|l| l.metric == PlotMetric::BalanceBeforeRule && l.kind == LineKind::Scenario)
            .unwrap()
            .name;
        assert!(dashed.len() < solid.len(), "{unit} {fund:?}");
        assert!(name.contains("未画出"), "{name}");
        // The nation's lines are the reserves held and the net position, by name.
        if unit == "CN" {
            assert!(name.starts_with("净头寸（未计兜底）"), "{name}");
            assert!(
                balance
                    .lines
                    .iter()
                    .any(|l| l.name == "累计结存（实际持有）")
            );
        }
        // The shade lies between the balance and the dashed line, year by year, as far as
        // the dashed line is drawn.
        let (_, shade) = balance.shade.as_ref().expect("balancing measures acted");
        assert_eq!(shade.len(), dashed.len());
        for ((s, b), d) in shade.iter().zip(solid).zip(dashed) {
            assert_eq!([s[0], s[1], s[2]], [b[0], b[1], d[1]]);
            assert!(s[1] >= s[2], "{unit} {fund:?} {}", s[0]);
        }
    }
}

/// Every shipped scenario, in the app: for the nation and every province, both pooled funds,
/// the card's depletion year is the marked year and the year the months line drawn reaches
/// zero, and the card shows the first backstop year where it differs.
#[test]
fn card_marker_and_months_line_agree_for_every_unit_and_fund_of_every_shipped_scenario() {
    let mut app = app();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let mut noted = 0;
    for file in files {
        app.apply(Command::Open(file.clone()));
        app.finish_jobs();
        let p = app.state().projection.clone();
        assert_eq!(
            app.state().scenario.title,
            yibao::scenario::load(&file).unwrap().scenario.title
        );
        let units: Vec<String> = p
            .series
            .iter()
            .filter(|s| s.level != yibao::model::Level::Subunit && s.fund == Fund::Resident)
            .map(|s| s.unit.clone())
            .collect();
        for unit in &units {
            for fund in [Fund::EmployeePooled, Fund::Resident] {
                let what = format!("{file:?} {unit} {fund:?}");
                let view = ChartView {
                    unit: unit.clone(),
                    fund,
                    ..app.chart_view()
                };
                let panels = chart_data(app.state(), Tab::Reserve, &view);
                let h = headline(&p, unit, fund);
                let marker = panels[0].marker.as_ref().map(|m| m.1 as i32);
                assert_eq!(marker, h.depletion_year, "{what}");
                assert_eq!(panels[1].marker, panels[0].marker, "{what}: months panel");
                let months = panels[1]
                    .points(PlotMetric::Months, LineKind::Scenario)
                    .unwrap();
                let first_zero = months
                    .iter()
                    .skip(1)
                    .find(|p| p[1] <= 0.0)
                    .map(|p| p[0] as i32);
                assert_eq!(first_zero, h.depletion_year, "{what}");
                let cards = cards(&h, &h, Lang::Zh, &|c| c.to_owned());
                let note = &cards[0].note;
                if h.first_backstop_year != h.depletion_year {
                    let text = note.as_deref().unwrap_or_default();
                    match h.first_backstop_year {
                        Some(y) => assert!(text.contains(&y.to_string()), "{what}: {text}"),
                        None => assert!(text.contains("无兜底"), "{what}: {text}"),
                    }
                    noted += 1;
                } else {
                    assert_eq!(note, &None, "{what}");
                }
            }
        }
    }
    assert!(noted > 10, "{noted}");
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
        .points(PlotMetric::CombinedBalance, LineKind::Scenario)
        .expect("combined balance drawn");
    let row = p.series("CN", Fund::Employee).unwrap().row(2040).unwrap();
    assert!(combined.contains(&[2040.0, row.balance]));
    let need = pooled[2]
        .points(PlotMetric::UnmetAccountNeed, LineKind::Scenario)
        .expect("unmet need drawn");
    let accounts = p.series("CN", Fund::EmployeeAccounts).unwrap();
    assert_eq!(need.len(), accounts.rows.len());
    // The resident fund has neither; the accounts have no depletion year to mark.
    let resident = chart_data(app.state(), Tab::Reserve, &view(Fund::Resident));
    assert_eq!(resident.len(), 2);
    assert!(
        resident[0]
            .points(PlotMetric::CombinedBalance, LineKind::Scenario)
            .is_none()
    );
    let acc = chart_data(app.state(), Tab::Reserve, &view(Fund::EmployeeAccounts));
    assert_eq!(acc[0].marker, None);
    assert!(
        acc[0]
            .points(PlotMetric::BalanceBeforeRule, LineKind::Scenario)
            .is_none()
    );
}

#[test]
fn every_time_chart_shades_the_published_years() {
    let app = app();
    let view = app.chart_view();
    for tab in [
        Tab::Flows,
        Tab::Reserve,
        Tab::Gaps,
        Tab::Compare,
        Tab::Difference,
    ] {
        for panel in chart_data(app.state(), tab, &view)
            .iter()
            .filter(|p| !p.is_empty())
        {
            let (name, first, last) = panel.published.clone().expect("shaded");
            // The base year and the history years held to the bulletins, 2022–2025.
            assert_eq!((first, last), (2022.0, 2025.0), "{tab:?} {}", panel.title);
            assert_eq!(name, "已公布");
        }
    }
}
