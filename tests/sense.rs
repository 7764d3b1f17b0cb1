//! Sense checks on user figures and the last line of defence (issue 19): figures that parse
//! but make no sense are refused at their cell, naming the unit, year and item; no projection
//! with a non-finite number or a negative count reaches a file.

use yibao::model::accounts::{Accounts, Item, Scheme};
use yibao::model::calibrate::current_law;
use yibao::model::data::Dataset;
use yibao::model::project::{prepare, project};
use yibao::model::scenario::Scenario;
use yibao::model::sense;

const HEAD: &str = "code,year,scheme,item,value,unit,tag,source_id\n";

fn data() -> Dataset {
    Dataset::embedded().expect("embedded data parses")
}

fn with(rows: &str) -> Result<Dataset, Vec<String>> {
    let d = data();
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let a = Accounts::parse("my.csv", &format!("{HEAD}{rows}"), &codes)
        .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    d.with_accounts(a)
        .map_err(|e| e.iter().map(ToString::to_string).collect())
}

/// Beijing's calibrated base year.
fn bj() -> yibao::model::calibrate::ProvinceBase {
    let c = current_law(&data()).expect("calibrates");
    c.provinces
        .into_iter()
        .find(|p| p.code == "BJ")
        .expect("BJ")
}

#[test]
fn zero_members_are_refused_at_their_cell() {
    let e = with("BJ,2022,employee,participants,0,万人,published,S\n").unwrap_err();
    assert_eq!(
        e,
        [
            "my.csv:2:31: error: BJ 2022 employee participants = 0: a count of members must be positive"
        ]
    );
    let e = with("BJ,2022,employee,active,0,万人,published,S\n").unwrap_err();
    assert!(
        e[0].starts_with("my.csv:2:25: error: BJ 2022 employee active = 0"),
        "{e:?}"
    );
    let e = with("BJ,2022,resident,expenditure,0,亿元,published,S\n").unwrap_err();
    assert!(
        e[0].contains("a fund's income or spending must be positive"),
        "{e:?}"
    );
}

#[test]
fn a_few_members_per_retiree_or_a_tiny_value_is_outside_the_plausible_range() {
    // 10 people active: far below the recipe's estimate for Beijing.
    let e = with("BJ,2022,employee,active,0.001,万人,published,S\n").unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("my.csv:2:25: error: BJ 2022 employee active = 0.001 万人 is outside the plausible range")
            && e[0].contains("× the recipe's estimate"),
        "{e:?}"
    );
    // 1e-300 members or income: the same.
    let e = with("BJ,2022,employee,participants,1e-300,万人,published,S\n").unwrap_err();
    assert!(
        e.len() == 1 && e[0].contains("BJ 2022 employee participants = 1.000e-300 万人"),
        "{e:?}"
    );
    let e = with("BJ,2022,resident,income,1e-300,亿元,published,S\n").unwrap_err();
    assert!(
        e.len() == 1 && e[0].contains("BJ 2022 resident income = 1.000e-300 亿元"),
        "{e:?}"
    );
    // Within the recipe's band, but few members per retiree: active at the low end of the
    // band and retirees at the high end.
    let b = bj();
    let e = with(&format!(
        "BJ,2022,employee,active,{},万人,published,S\nBJ,2022,employee,retired,{},万人,published,S\n",
        0.3 * b.active.value,
        3.0 * b.retired.value
    ))
    .unwrap_err();
    assert!(
        e.iter()
            .any(|m| m.contains("BJ 2022 employee: active members per retiree")),
        "{e:?}"
    );
}

#[test]
fn plausible_figures_pass_and_project_without_defects() {
    let b = bj();
    let rows = format!(
        "BJ,2022,employee,participants,{},万人,published,S\nBJ,2022,resident,income,{},亿元,published,S\n",
        1.05 * (b.active.value + b.retired.value),
        0.9 * b.resident_income.value
    );
    let d = with(&rows).expect("plausible figures are accepted");
    let p = project(&d, &Scenario::default()).expect("projects");
    sense::projection(&p).expect("no NaN, infinity or negative count");
}

#[test]
fn a_history_row_far_from_the_nations_growth_is_refused_naming_province_year_and_item() {
    let b = bj();
    // Zero spending in a history year: not positive.
    let e = with("BJ,2023,employee,expenditure,0,亿元,published,S\n").unwrap_err();
    assert!(e[0].contains("BJ 2023 employee expenditure = 0"), "{e:?}");
    // A tenth of Beijing's spending: far from its base year grown like the nation.
    let tenth = 0.1 * b.employee_expenditure.value;
    let e = with(&format!(
        "BJ,2023,employee,expenditure,{tenth},亿元,published,S\n"
    ))
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("my.csv:2:30: error: BJ 2023 employee expenditure = ")
            && e[0].contains("is outside the plausible range")
            && e[0].contains("history factor"),
        "{e:?}"
    );
    // Its base-year value grown by a few per cent is accepted.
    let near = 1.05 * b.employee_expenditure.value;
    with(&format!(
        "BJ,2023,employee,expenditure,{near},亿元,published,S\n"
    ))
    .expect("a plausible history figure");
}

#[test]
fn the_history_warning_of_an_accepted_row_still_projects_finite() {
    // At the edge of the band (×1.9 of the expected growth) the row is accepted; the
    // projection stays finite with no negative count.
    let b = bj();
    let v = 1.9 * b.resident_expenditure.value;
    let d = with(&format!(
        "BJ,2023,resident,expenditure,{v},亿元,published,S\n"
    ))
    .expect("within the band");
    let p = project(&d, &Scenario::default()).expect("projects");
    sense::projection(&p).expect("finite");
}

#[test]
fn the_last_line_of_defence_names_unit_fund_year_and_column() {
    let d = data();
    let mut p = project(&d, &Scenario::default()).expect("projects");
    sense::projection(&p).expect("the baseline is clean");
    let s = p
        .series
        .iter_mut()
        .find(|s| s.unit == "BJ" && s.fund.id() == "resident")
        .expect("BJ resident");
    s.rows[3].expenditure_paid = f64::NAN;
    let e = sense::projection(&p).unwrap_err().to_string();
    assert!(
        e.contains("unit BJ, fund resident, year 2025, column expenditure_paid"),
        "{e}"
    );
    let s = p
        .series
        .iter_mut()
        .find(|s| s.unit == "BJ" && s.fund.id() == "resident")
        .expect("BJ resident");
    s.rows[3].expenditure_paid = 1.0;
    s.rows[5].participants = -1.0;
    let e = sense::projection(&p).unwrap_err().to_string();
    assert!(
        e.contains("negative count") && e.contains("year 2027, column participants"),
        "{e}"
    );
    assert_eq!(
        sense::csv_non_finite("unit,fund,year,x\nBJ,resident,2030,NaN\n").as_deref(),
        Some("row 2 (BJ,resident,2030,NaN), column x: NaN")
    );
    assert_eq!(sense::csv_non_finite("a,b\n1,2\n"), None);
}

#[test]
fn built_in_accounts_pass_the_checks() {
    let d = data();
    sense::accounts(&d).expect("the shipped accounts make sense");
    assert!(
        d.accounts
            .value("TJ", 2022, Scheme::Resident, Item::Income)
            .is_some()
    );
    prepare(&d, &Scenario::default()).expect("prepares");
}

#[test]
fn a_subunit_with_a_backstop_has_a_discounted_backstop() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/national-pooling-2035.ron"
    ))
    .unwrap();
    let s = yibao::scenario::parse_str(&text, "national-pooling-2035.ron")
        .expect("the shipped scenario loads")
        .scenario;
    let p = project(&data(), &s).expect("projects");
    let backstopped: Vec<_> = p
        .summaries
        .iter()
        .filter(|x| x.unit.contains('-') && x.cumulative_backstop > 0.0)
        .collect();
    assert!(!backstopped.is_empty());
    for x in backstopped {
        // Discounted at the province's interest path: positive and below the nominal sum.
        assert!(
            x.cumulative_backstop_discounted > 0.0
                && x.cumulative_backstop_discounted < x.cumulative_backstop,
            "{} {:?}: {} nominal, {} discounted",
            x.unit,
            x.fund,
            x.cumulative_backstop,
            x.cumulative_backstop_discounted
        );
    }
}

#[test]
fn subunits_with_a_negative_balance_or_absurd_spending_are_refused() {
    use yibao::model::subunits::{self, Subunits};
    let d = data();
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let prepared = prepare(&d, &Scenario::default()).expect("prepares");
    let gz = codes.iter().position(|c| *c == "GZ").unwrap();
    let base = &yibao::model::project::base_rows(&prepared)[gz];
    let file = |balance: f64, spending_factor: f64| {
        let mut out = String::from("code,name,year,scheme,item,value,unit,tag,source_id\n");
        for (s, scheme) in ["employee_pooled", "resident"].iter().enumerate() {
            let r = &base[if s == 0 { 0 } else { 2 }];
            let f = [
                0.3 * r.participants,
                0.3 * r.income_total(),
                0.3 * r.expenditure_paid * if s == 0 { spending_factor } else { 1.0 },
                if s == 0 { balance } else { 0.3 * r.balance },
            ];
            for (k, item) in ["participants", "income", "expenditure", "balance"]
                .iter()
                .enumerate()
            {
                let unit = if k == 0 { "万人" } else { "亿元" };
                out.push_str(&format!(
                    "GZ-01,贵阳市,2022,{scheme},{item},{},{unit},derived,T\n",
                    f[k]
                ));
            }
        }
        out
    };
    let load = |text: &str| {
        let parsed = Subunits::parse("gz.csv", text, &codes, d.base_year)
            .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        subunits::load(&d, parsed).map(|_| ())
    };
    load(&file(0.3 * base[0].balance, 1.0)).expect("plausible");
    let e = load(&file(-500.0, 1.0)).unwrap_err();
    assert!(
        e.iter().any(|m| m.starts_with("gz.csv:5:")
            && m.contains(
                "`GZ-01` employee_pooled balance = -500: a sub-unit's balance cannot be negative"
            )),
        "{e:?}"
    );
    let e = load(&file(0.3 * base[0].balance, 0.05)).unwrap_err();
    assert!(
        e.iter()
            .any(|m| m.contains("`GZ-01` employee_pooled: spending per member (yuan)")),
        "{e:?}"
    );
}
