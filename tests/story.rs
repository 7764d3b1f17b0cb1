//! One story per fund (docs/model.md §7): the depletion year that `summary.csv`, `summary.md`
//! and the report's charts show is the year the months line drawn for the same unit and fund
//! reaches zero, and not before; totals of funds that do not share one purse (the nation, a
//! province with sub-units) hold their reserves in `balance` and their net position in
//! `balance_before_rule`, with the adjustment fund's reserve counted in both.

use std::path::PathBuf;
use yibao::export;
use yibao::model::output::COLUMNS;
use yibao::model::{Dataset, Fund, Level, Projection, Scenario, project};
use yibao::render::{Lang, Plot};
use yibao::report::charts::{Context, Run};
use yibao::report::metric::{PlotMetric, is_total, metric_points};
use yibao::report::{footer, unit_names};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every shipped scenario, by file name.
fn shipped() -> Vec<(String, Scenario)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 11, "{files:?}");
    files
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let s = yibao::scenario::load(&f).expect("loads").scenario;
            (name, s)
        })
        .collect()
}

fn close(actual: f64, expected: f64, rel: f64, what: &str) {
    let tol = rel * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: {actual} vs {expected} (tolerance {tol})"
    );
}

/// The depletion year of every unit and fund in `summary.csv`'s text.
fn csv_depletion(p: &Projection) -> Vec<(String, String, String, String)> {
    let csv = export::summary_csv(p);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (dep, first) = (at("depletion_year"), at("first_backstop_year"));
    lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (
                c[0].to_owned(),
                c[2].to_owned(),
                c[dep].to_owned(),
                c[first].to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_months_line_reaches_zero_in_the_depletion_year_and_not_before_in_every_shipped_scenario() {
    let d = Dataset::embedded().expect("data");
    let mut depleted = 0;
    let mut never = 0;
    for (name, s) in shipped() {
        let p = project(&d, &s).expect("calibrates");
        let csv = csv_depletion(&p);
        for sum in &p.summaries {
            if !matches!(sum.fund, Fund::EmployeePooled | Fund::Resident) {
                continue;
            }
            let what = format!("{name} {} {}", sum.unit, sum.fund.id());
            // summary.csv prints the same years.
            let row = csv
                .iter()
                .find(|r| r.0 == sum.unit && r.1 == sum.fund.id())
                .unwrap_or_else(|| panic!("{what}: not in summary.csv"));
            let year = |y: Option<i32>| y.map_or_else(String::new, |y| y.to_string());
            assert_eq!(row.2, year(sum.depletion_year), "{what}");
            assert_eq!(row.3, year(sum.first_backstop_year), "{what}");
            // The months line the app and the report draw (one function for both).
            let months = metric_points(&p, &sum.unit, sum.fund, PlotMetric::Months);
            for &[x, m] in months.iter().filter(|pt| pt[0] > f64::from(p.base_year)) {
                let y = x as i32;
                match sum.depletion_year {
                    Some(dep) if y == dep => assert!(m <= 0.0, "{what}: {m} months in {y}"),
                    Some(dep) if y < dep => assert!(m > 0.0, "{what}: {m} months in {y} < {dep}"),
                    Some(_) => {}
                    None => assert!(m > 0.0, "{what}: {m} months in {y}, never depleted"),
                }
            }
            if let Some(dep) = sum.depletion_year {
                assert!(
                    months.iter().any(|pt| pt[0] == f64::from(dep)),
                    "{what}: no months drawn in the depletion year {dep}"
                );
                depleted += 1;
            } else {
                never += 1;
            }
            // The first backstop year is never before the depletion year.
            if let (Some(b), Some(dep)) = (sum.first_backstop_year, sum.depletion_year)
                && !is_total(&p, &sum.unit, sum.fund)
            {
                assert!(b >= dep, "{what}: backstop {b} before depletion {dep}");
            }
        }
    }
    // Both kinds occur, so that the test asserts something either way.
    assert!(depleted > 100 && never > 10, "{depleted} {never}");
}

#[test]
fn the_report_marks_the_depletion_year_of_the_summary_on_every_national_and_provincial_chart() {
    let d = Dataset::embedded().expect("data");
    let base = project(&d, &Scenario::default()).expect("calibrates");
    for (name, s) in shipped() {
        let p = project(&d, &s).expect("calibrates");
        let ctx = Context {
            scenario: Run {
                name: &s.title,
                projection: &p,
            },
            baseline: Run {
                name: "baseline",
                projection: &base,
            },
            compare: Vec::new(),
            lang: Lang::Zh,
            footer: footer(&d, &s, Lang::Zh),
            units: unit_names(&d),
        };
        for sum in p.summaries.iter().filter(|x| x.level != Level::Subunit) {
            if !matches!(sum.fund, Fund::EmployeePooled | Fund::Resident) {
                continue;
            }
            let expected: Vec<f64> = sum.depletion_year.map(f64::from).into_iter().collect();
            for chart in [
                ctx.balance(&sum.unit, sum.fund),
                ctx.months(&sum.unit, sum.fund),
            ] {
                let Plot::Lines(plot) = &chart.plot else {
                    panic!("line chart")
                };
                let marks: Vec<f64> = plot.markers.iter().map(|m| m.x).collect();
                assert_eq!(marks, expected, "{name} {} {}", sum.unit, sum.fund.id());
            }
        }
    }
}

#[test]
fn a_total_holds_its_reserves_and_its_net_position_with_the_adjustment_reserve_in_both() {
    let d = Dataset::embedded().expect("data");
    let s = yibao::scenario::load(&root().join("scenarios/national-adjustment-fund.ron"))
        .expect("loads")
        .scenario;
    let p = project(&d, &s).expect("calibrates");
    let additive: Vec<_> = COLUMNS.iter().filter(|c| c.additive()).collect();
    for (fund, adj) in [
        (Fund::EmployeePooled, Fund::EmployeeAdjustment),
        (Fund::Resident, Fund::ResidentAdjustment),
    ] {
        let nation = p.series("CN", fund).unwrap();
        let reserve = p.series("CN", adj).expect("national adjustment row");
        let provinces: Vec<_> = p
            .series
            .iter()
            .filter(|x| x.level == Level::Province && x.fund == fund)
            .collect();
        assert_eq!(provinces.len(), 31);
        let mut measures = 0.0;
        let mut reserve_seen = false;
        for (t, n) in nation.rows.iter().enumerate() {
            let what = format!("CN {} {}", fund.id(), n.year);
            // Every additive column but the net position is the provinces' plus the reserve's.
            for c in additive.iter().filter(|c| c.name != "balance_before_rule") {
                let sum: f64 = provinces
                    .iter()
                    .map(|x| c.get(&x.rows[t]).unwrap_or(0.0))
                    .sum::<f64>()
                    + c.get(&reserve.rows[t]).unwrap_or(0.0);
                close(
                    c.get(n).unwrap_or(0.0),
                    sum,
                    1e-9,
                    &format!("{what} {}", c.name),
                );
            }
            // Internal transfers cancel.
            close(n.transfers_in, n.transfers_out, 1e-9, &what);
            reserve_seen |= reserve.rows[t].balance > 0.0;
            if t > 0 {
                measures += provinces.iter().map(|x| x.rows[t].backstop).sum::<f64>();
                // The net position is one purse: last year's plus this year's current balance.
                let prev = &nation.rows[t - 1];
                close(
                    n.balance_before_rule,
                    prev.balance_before_rule + n.current_balance,
                    1e-9,
                    &format!("{what}: one purse"),
                );
            }
            close(n.balance_before_rule, n.balance - measures, 1e-9, &what);
            let months = n.months_of_reserve.expect("spends");
            close(
                months,
                n.balance_before_rule / (n.expenditure_paid / 12.0),
                1e-12,
                &what,
            );
        }
        // The employee fund's keeps a reserve (the resident one pays out all it collects).
        if fund == Fund::EmployeePooled {
            assert!(reserve_seen, "the adjustment fund holds a reserve");
        }
        // A province with sub-units is a total too: its held balance less its net position is
        // its sub-units' backstop so far.
        let gd = p.series("GD", fund).unwrap();
        assert!(is_total(&p, "GD", fund));
        let subs: Vec<_> = p
            .series
            .iter()
            .filter(|x| x.level == Level::Subunit && x.fund == fund && x.unit.starts_with("GD-"))
            .collect();
        assert!(subs.len() > 1);
        let mut cum = 0.0;
        for (t, r) in gd.rows.iter().enumerate().skip(1) {
            cum += subs.iter().map(|x| x.rows[t].backstop).sum::<f64>();
            close(r.balance - r.balance_before_rule, cum, 1e-9, "GD");
        }
    }
    // Without pooling a province is one fund: held balance, its own months.
    let base = project(&d, &Scenario::default()).expect("calibrates");
    assert!(!is_total(&base, "GD", Fund::Resident));
    assert!(is_total(&base, "CN", Fund::Resident));
}

#[test]
fn an_adjustment_fund_shows_between_the_depletion_year_and_the_first_backstop() {
    let d = Dataset::embedded().expect("data");
    let s = yibao::scenario::load(&root().join("scenarios/roadmap-2035.ron"))
        .expect("loads")
        .scenario;
    let p = project(&d, &s).expect("calibrates");
    // Some province needs the adjustment fund years before the backstop pays it.
    let apart = p
        .summaries
        .iter()
        .filter(|x| x.level == Level::Province)
        .filter(|x| match (x.depletion_year, x.first_backstop_year) {
            (Some(a), Some(b)) => b > a,
            (Some(_), None) => true,
            _ => false,
        })
        .count();
    assert!(apart > 0, "no province was carried by the adjustment fund");
    // Without an adjustment fund a province's two years coincide under the backstop.
    let base = project(&d, &Scenario::default()).expect("calibrates");
    for x in base.summaries.iter().filter(|x| x.level == Level::Province) {
        if matches!(x.fund, Fund::EmployeePooled | Fund::Resident) {
            assert_eq!(
                x.depletion_year,
                x.first_backstop_year,
                "{} {}",
                x.unit,
                x.fund.id()
            );
        }
    }
}

/// summary.md's headline tables (the nation's funds) print the summary's depletion and first
/// backstop years and the months the months line draws in 2035.
#[test]
fn summary_md_prints_the_same_depletion_and_backstop_years() {
    let d = Dataset::embedded().expect("data");
    let base = yibao::report::projected(&d, Scenario::default()).expect("calibrates");
    for (name, s) in shipped() {
        let main = yibao::report::projected(&d, s).expect("calibrates");
        let text = yibao::report::summary_md::summary_md(&d, &main, &base, &[]);
        let p = &main.projection;
        for fund in [Fund::EmployeePooled, Fund::Resident] {
            let sum = p.summary("CN", fund).unwrap();
            let year =
                |y: Option<i32>| y.map_or_else(|| "期内未发生".to_owned(), |y| y.to_string());
            let months = p
                .series("CN", fund)
                .unwrap()
                .row(2035)
                .and_then(|r| r.months_of_reserve)
                .unwrap();
            let row = format!(
                "| {} | {} | {} | {} | {months:.1} |",
                main.scenario.title,
                year(sum.depletion_year),
                year(sum.first_backstop_year),
                year(sum.first_deficit_year),
            );
            assert!(text.contains(&row), "{name} {}: {row}", fund.id());
        }
    }
}
