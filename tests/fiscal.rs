//! The treasury's view (docs/model.md §15): `fiscal.csv` reconciles with `projection.csv` for
//! every shipped scenario (the subsidies plus the backstop of each unit and year are the fiscal
//! income of its funds), the resident subsidy splits by the tier's central share, the shares are
//! fiscal money over the budgets, the nation's budgets are the provinces' sums, and the budgets
//! grow with the projection's income growth after their last data year.

use std::collections::HashMap;
use std::path::PathBuf;
use yibao::export::{self, Precision};
use yibao::model::data::Tier;
use yibao::model::fiscal::{self, Budgets, Item};
use yibao::model::keys::PROVINCE_CODES;
use yibao::model::{Dataset, Fund, Lever, LeverPath, Scenario, project};

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
            (name, yibao::scenario::load(&f).expect("loads").scenario)
        })
        .collect()
}

/// A CSV text as rows of named cells.
fn table(csv: &str) -> Vec<HashMap<String, String>> {
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().expect("header").split(',').collect();
    lines
        .map(|l| {
            head.iter()
                .zip(l.split(','))
                .map(|(h, c)| ((*h).to_owned(), c.to_owned()))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col}: `{}` is not a number", row[col]))
}

#[test]
fn fiscal_csv_reconciles_with_projection_csv_for_every_shipped_scenario() {
    let data = Dataset::embedded().expect("data");
    let mut backstop_seen = false;
    for (name, scenario) in shipped() {
        let p = project(&data, &scenario).expect("calibrates");
        let rows = fiscal::rows(&p).expect("fiscal rows");
        // The files as `yibao run` writes them (rounded for people).
        let projection = table(&export::projection_csv_with(&p, Precision::Rounded));
        let fiscal = table(&export::fiscal_csv_with(&rows, Precision::Rounded));
        // Fiscal income of the funds, from projection.csv: income_subsidy + backstop over the
        // funds of a unit (the totals `employee` and `all` are sums of them, so skipped), and
        // the count of terms for the rounding allowance.
        let mut income: HashMap<(String, String), (f64, f64, usize)> = HashMap::new();
        for r in &projection {
            if r["level"] == "subunit" {
                continue;
            }
            let fund = Fund::from_id(&r["fund"]).expect("fund id");
            let key = (r["unit"].clone(), r["year"].clone());
            let e = income.entry(key).or_default();
            if fund.is_total() {
                if fund == Fund::All {
                    e.1 = num(r, "income_subsidy") + num(r, "backstop");
                }
                continue;
            }
            e.0 += num(r, "income_subsidy") + num(r, "backstop");
            e.2 += 2;
        }
        let units = PROVINCE_CODES.len() + 1;
        assert_eq!(
            fiscal.len(),
            units * (p.horizon - p.base_year + 1) as usize,
            "{name}: one row per unit and year"
        );
        for f in &fiscal {
            let key = (f["unit"].clone(), f["year"].clone());
            let (funds, all, terms) = income[&key];
            let total = num(f, "fiscal_total");
            let parts = num(f, "subsidy_central")
                + num(f, "subsidy_local")
                + num(f, "subsidy_employee")
                + num(f, "backstop");
            // Each printed cell is within half a unit of the 4th decimal of its value.
            let tol = 5e-5 * (terms + 5) as f64;
            assert!(
                (total - funds).abs() <= tol,
                "{name} {key:?}: fiscal_total {total} vs projection.csv {funds}"
            );
            assert!(
                (parts - total).abs() <= tol,
                "{name} {key:?}: parts {parts} vs total {total}"
            );
            if p.series(&f["unit"], Fund::EmployeeAdjustment).is_none() {
                assert!(
                    (total - all).abs() <= tol,
                    "{name} {key:?}: fiscal_total {total} vs the all row {all}"
                );
            }
            backstop_seen |= num(f, "backstop") > 0.0;
        }
        // The same in full precision, row by row against the fund rows.
        for r in &rows {
            let funds: f64 = p
                .series
                .iter()
                .filter(|s| s.unit == r.unit && s.level == r.level && !s.fund.is_total())
                .filter_map(|s| s.row(r.year))
                .map(|x| x.income_subsidy + x.backstop)
                .sum();
            let tol = 1e-9 * funds.abs().max(1.0);
            assert!(
                (r.fiscal_total() - funds).abs() <= tol,
                "{name} {} {}: {} vs {funds}",
                r.unit,
                r.year,
                r.fiscal_total()
            );
        }
    }
    assert!(
        backstop_seen,
        "no shipped scenario pays a backstop: the reconciliation of the backstop proved nothing"
    );
}

#[test]
fn resident_subsidy_splits_by_tier_and_shares_are_over_the_budgets() {
    let data = Dataset::embedded().expect("data");
    let mut s = Scenario::default();
    s.set_lever(
        "fiscal.central_share_east".parse().unwrap(),
        Some(LeverPath::constant(0.45)),
    );
    let p = project(&data, &s).expect("calibrates");
    let rows = fiscal::rows(&p).expect("rows");
    let budgets = Budgets::embedded().expect("budgets");
    let levers = &p.inputs.levers;
    for (i, code) in PROVINCE_CODES.iter().enumerate() {
        let tier = data.provinces[i].region.tier();
        for year in [2022, 2024, 2030, 2050] {
            let r = fiscal::row(&rows, code, year).expect("row");
            let resident = p.series(code, Fund::Resident).unwrap().row(year).unwrap();
            let share = match tier {
                Tier::East => 0.45,
                Tier::Central => levers.in_year(Lever::FiscalCentralShareCentral, i, year),
                Tier::West => levers.in_year(Lever::FiscalCentralShareWest, i, year),
            };
            assert!(resident.income_subsidy > 0.0);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
            assert!(
                close(r.subsidy_central, share * resident.income_subsidy),
                "{code} {year}: central {} vs {share} × {}",
                r.subsidy_central,
                resident.income_subsidy
            );
            assert!(close(r.subsidy_resident(), resident.income_subsidy));
            assert!(close(
                r.share_of_budget() * r.budget_expenditure,
                r.fiscal_total()
            ));
            assert!(close(
                r.share_of_health() * r.health_expenditure,
                r.fiscal_total()
            ));
            // Budgets: published in their data years, then grown with g_y of the province.
            for item in Item::ALL {
                let (value, published) = match item {
                    Item::BudgetExpenditure => (r.budget_expenditure, r.budget_published),
                    Item::HealthExpenditure => (r.health_expenditure, r.health_published),
                };
                let (_, last) = budgets.years(item);
                if year <= last {
                    assert!(published);
                    assert_eq!(Some(value), budgets.published(item, i, year));
                } else {
                    assert!(!published);
                    let mut v = budgets.published(item, i, last).unwrap();
                    for y in last + 1..=year {
                        v *= 1.0 + levers.in_year(Lever::EconomyIncomeGrowth, i, y);
                    }
                    assert!(close(value, v), "{code} {year} {item:?}: {value} vs {v}");
                }
            }
        }
    }
    // The nation: sums of the provinces, fiscal money and budgets alike.
    for year in p.base_year..=p.horizon {
        let n = fiscal::row(&rows, "CN", year).expect("nation");
        let provinces: Vec<_> = rows
            .iter()
            .filter(|r| r.unit != "CN" && r.year == year)
            .collect();
        assert_eq!(provinces.len(), 31);
        let sum = |f: fn(&fiscal::FiscalRow) -> f64| provinces.iter().map(|r| f(r)).sum::<f64>();
        for (what, a, b) in [
            (
                "budget",
                n.budget_expenditure,
                sum(|r| r.budget_expenditure),
            ),
            (
                "health",
                n.health_expenditure,
                sum(|r| r.health_expenditure),
            ),
            ("central", n.subsidy_central, sum(|r| r.subsidy_central)),
            ("local", n.subsidy_local, sum(|r| r.subsidy_local)),
            ("backstop", n.backstop, sum(|r| r.backstop)),
        ] {
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "CN {year} {what}: {a} vs {b}"
            );
        }
    }
}

#[test]
fn the_nations_2024_resident_subsidy_is_of_the_published_order() {
    // A planner's check (docs/model.md §15): the national minimum subsidy of 2024 (670 yuan a
    // participant) times the resident participants (about 9.6 亿 people) is about 6,400 亿元,
    // 2–3 % of local general budget expenditure (243,885 亿元 in 2024).
    let data = Dataset::embedded().expect("data");
    let p = project(&data, &Scenario::default()).expect("calibrates");
    let rows = fiscal::rows(&p).expect("rows");
    let r = fiscal::row(&rows, "CN", 2024).expect("2024");
    assert!(
        (5_500.0..7_500.0).contains(&r.subsidy_resident()),
        "{}",
        r.subsidy_resident()
    );
    assert!(
        (0.02..0.035).contains(&r.share_of_budget()),
        "{}",
        r.share_of_budget()
    );
    assert!((r.budget_expenditure - 243_885.39).abs() < 0.05);
}
