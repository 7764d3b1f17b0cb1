//! Calibration recipe v2 (calibration steps 2, 7 and 10–12, docs/model.md §11): published provincial accounts, history
//! years held to the published totals, the backtest, and user accounts files.

use yibao::model::accounts::{Accounts, Item, Scheme};
use yibao::model::calibrate::{Calibration, CalibrationWarning, calibrate};
use yibao::model::history;
use yibao::model::project::history_factors;
use yibao::model::resolve::resolve;
use yibao::model::{Dataset, Fund, Projection, Scenario, project};

fn data() -> Dataset {
    Dataset::embedded().expect("embedded data parses")
}

fn calibration(d: &Dataset) -> Calibration {
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let (levers, _) = resolve(&Scenario::default(), &codes, d.base_year, d.base_year + 1);
    calibrate(d, &levers).expect("calibrates")
}

fn close(actual: f64, expected: f64, rel: f64, what: &str) {
    assert!(
        (actual / expected - 1.0).abs() <= rel,
        "{what}: {actual} vs {expected} (relative tolerance {rel})"
    );
}

fn row(p: &Projection, unit: &str, fund: Fund, year: i32) -> yibao::model::YearRow {
    p.series(unit, fund)
        .and_then(|s| s.row(year))
        .cloned()
        .expect("row exists")
}

#[test]
fn tianjin_reproduces_its_published_2022_accounts() {
    let d = data();
    let p = project(&d, &Scenario::default()).expect("calibrates");
    let (pooled, acc, res) = (
        row(&p, "TJ", Fund::EmployeePooled, 2022),
        row(&p, "TJ", Fund::EmployeeAccounts, 2022),
        row(&p, "TJ", Fund::Resident, 2022),
    );
    let value = |s: Scheme, i: Item| d.accounts.value("TJ", 2022, s, i).expect("published");
    close(
        pooled.active.unwrap_or(0.0),
        value(Scheme::Employee, Item::Active),
        1e-3,
        "active",
    );
    close(
        pooled.retired.unwrap_or(0.0),
        value(Scheme::Employee, Item::Retired),
        1e-3,
        "retired",
    );
    close(
        pooled.income_total() + acc.income_total(),
        value(Scheme::Employee, Item::Income),
        1e-3,
        "employee income",
    );
    close(
        pooled.expenditure_paid + acc.expenditure_paid,
        value(Scheme::Employee, Item::Expenditure),
        1e-3,
        "employee expenditure",
    );
    close(
        pooled.balance + acc.balance,
        value(Scheme::Employee, Item::Balance),
        1e-3,
        "employee balance",
    );
    close(
        res.participants,
        value(Scheme::Resident, Item::Participants),
        1e-3,
        "residents",
    );
    close(
        res.income_total(),
        value(Scheme::Resident, Item::Income),
        1e-3,
        "resident income",
    );
    close(
        res.expenditure_paid,
        value(Scheme::Resident, Item::Expenditure),
        1e-3,
        "resident expenditure",
    );
    close(
        res.balance,
        value(Scheme::Resident, Item::Balance),
        1e-3,
        "resident balance",
    );
    let cal = calibration(&d);
    let tj = cal.provinces.iter().find(|b| b.code == "TJ").expect("TJ");
    assert!(tj.published.contains(&(Scheme::Resident, Item::Income)));
    let bj = cal.provinces.iter().find(|b| b.code == "BJ").expect("BJ");
    assert!(bj.published.is_empty(), "Beijing rests on the recipe");
}

#[test]
fn every_history_year_matches_its_published_flows_and_members() {
    let d = data();
    assert_eq!(d.history_until, 2025);
    let p = project(&d, &Scenario::default()).expect("calibrates");
    let checks = history::compare(&d, &p);
    let mut flows = 0;
    for c in checks
        .iter()
        .filter(|c| !matches!(c.item, "balance" | "current_balance"))
    {
        close(
            c.model,
            c.published,
            0.005,
            &format!("{} {} {}", c.year, c.scheme, c.item),
        );
        flows += 1;
    }
    assert!(flows >= 14, "only {flows} published flows compared");
    let insured = |y: i32| {
        row(&p, "CN", Fund::EmployeePooled, y).participants
            + row(&p, "CN", Fund::Resident, y).participants
    };
    close(insured(2024), 132637.83, 0.005, "2024 insured");
    // 2025 (the 2025 bulletin): members, and every flow published.
    close(insured(2025), 133069.39, 0.005, "2025 insured");
    let cn = |fund| row(&p, "CN", fund, 2025);
    close(
        cn(Fund::EmployeePooled).expenditure_paid,
        13594.28,
        0.005,
        "2025 pooled expenditure",
    );
    close(
        cn(Fund::EmployeeAccounts).income_total(),
        6390.69,
        0.005,
        "2025 accounts income",
    );
    close(
        cn(Fund::Resident).income_total(),
        11237.72,
        0.005,
        "2025 resident income",
    );
    close(
        cn(Fund::Resident).expenditure_paid,
        10678.63,
        0.005,
        "2025 resident expenditure",
    );
    for (year, history) in [(2022, true), (2024, true), (2025, true), (2026, false)] {
        assert_eq!(
            row(&p, "CN", Fund::Resident, year).history,
            history,
            "{year}"
        );
        assert_eq!(
            row(&p, "BJ", Fund::EmployeePooled, year).history,
            history,
            "{year}"
        );
    }
}

#[test]
fn no_resident_fund_is_backstopped_in_a_history_year() {
    let d = data();
    let h = history_factors(&d, &calibration(&d));
    assert!(
        !h.warnings
            .iter()
            .any(|w| matches!(w, CalibrationWarning::BackstopInHistory { .. })),
        "{:?}",
        h.warnings
    );
    let p = project(&d, &Scenario::default()).expect("calibrates");
    for s in p.series.iter().filter(|s| s.fund == Fund::Resident) {
        for r in s.rows.iter().filter(|r| r.history) {
            assert_eq!(r.backstop, 0.0, "{} {}", s.unit, r.year);
        }
    }
}

#[test]
fn history_until_the_base_year_applies_no_history_scaling() {
    let mut d = data();
    d.history_until = d.base_year;
    let h = history_factors(&d, &calibration(&d));
    assert!(h.years.is_empty() && h.rows.is_empty());
    let backtest = project(&d, &Scenario::default()).expect("calibrates");
    let mut no_history = data();
    no_history.published.clear();
    no_history.history_until = no_history.base_year;
    assert_eq!(
        backtest,
        project(&no_history, &Scenario::default()).expect("calibrates")
    );
    assert!(!row(&backtest, "CN", Fund::Resident, 2023).history);
    // The forecast of 2023 differs from the published figure the history run is held to.
    let held = project(&data(), &Scenario::default()).expect("calibrates");
    let published = 10457.65;
    close(
        row(&held, "CN", Fund::Resident, 2023).expenditure_paid,
        published,
        1e-9,
        "held",
    );
    assert!(
        (row(&backtest, "CN", Fund::Resident, 2023).expenditure_paid / published - 1.0).abs()
            > 0.01
    );
}

#[test]
fn a_user_accounts_file_changes_that_province_and_keeps_the_national_anchors() {
    let d = data();
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let user = "code,year,scheme,item,value,unit,tag,source_id\n\
                BJ,2022,resident,income,60,亿元,published,MINE\n\
                BJ,2022,resident,expenditure,55,亿元,published,MINE\n\
                BJ,2022,resident,balance,40,亿元,published,MINE\n";
    let accounts = Accounts::parse("bj.csv", user, &codes).expect("valid file");
    let with = d
        .clone()
        .with_accounts(accounts)
        .expect("within national totals");
    let before = calibration(&d);
    let after = calibration(&with);
    let bj = |c: &Calibration| {
        c.provinces
            .iter()
            .find(|b| b.code == "BJ")
            .cloned()
            .expect("BJ")
    };
    assert_eq!(bj(&after).resident_income.value, 60.0);
    assert_eq!(bj(&after).resident_expenditure.value, 55.0);
    assert_eq!(bj(&after).resident_balance.value, 40.0);
    assert!(bj(&before).resident_income.value != 60.0);
    let sum = |c: &Calibration, f: fn(&yibao::model::calibrate::ProvinceBase) -> f64| -> f64 {
        c.provinces.iter().map(f).sum()
    };
    close(
        sum(&after, |b| b.resident_income.value),
        10128.90,
        1e-9,
        "resident income",
    );
    close(
        sum(&after, |b| b.resident_expenditure.value),
        9353.44,
        1e-9,
        "resident expenditure",
    );
    close(
        sum(&after, |b| b.resident_balance.value),
        7534.13,
        1e-9,
        "resident balance",
    );
    assert!(after.factors.resident_income != before.factors.resident_income);
}

#[test]
fn a_province_above_the_national_total_is_an_error_with_its_position() {
    let d = data();
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let user = "code,year,scheme,item,value,unit,tag,source_id\n\
                GD,2022,resident,income,20000,亿元,published,MINE\n";
    let accounts = Accounts::parse("gd.csv", user, &codes).expect("well formed");
    let e = d
        .clone()
        .with_accounts(accounts)
        .expect_err("exceeds the nation");
    assert_eq!(
        e[0].to_string(),
        "gd.csv:2:25: error: GD 2022 resident income = 20000 exceeds the national total 10128.9"
    );
}

#[test]
fn an_impossible_calibration_is_an_error_naming_province_and_step() {
    let d = data();
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    // A resident balance far below one year's deficit implies a negative opening balance.
    let user = "code,year,scheme,item,value,unit,tag,source_id\n\
                SH,2022,resident,income,130,亿元,published,MINE\n\
                SH,2022,resident,expenditure,100,亿元,published,MINE\n\
                SH,2022,resident,balance,10,亿元,published,MINE\n";
    let accounts = Accounts::parse("sh.csv", user, &codes).expect("well formed");
    let with = d
        .clone()
        .with_accounts(accounts)
        .expect("within national totals");
    let (levers, _) = resolve(&Scenario::default(), &codes, 2022, 2023);
    let e = calibrate(&with, &levers).expect_err("refused");
    assert_eq!((e.province.as_str(), e.step), ("SH", 7));
    assert_eq!(
        e.to_string(),
        "calibration step 7, province SH: the resident fund implies a negative opening balance (-20.00 亿元)"
    );
    // The projection returns the error: no empty projection stands in for it.
    assert_eq!(project(&with, &Scenario::default()), Err(e));
}

#[test]
fn a_province_with_its_own_history_figure_takes_it_and_the_nation_still_matches() {
    let d = data();
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let user = "code,year,scheme,item,value,unit,tag,source_id\n\
                TJ,2023,resident,participants,524.46,万人,published,TJ-2025\n\
                TJ,2023,resident,income,60,亿元,published,MINE\n";
    let accounts = Accounts::parse("tj.csv", user, &codes).expect("valid file");
    let with = d.with_accounts(accounts).expect("within national totals");
    let p = project(&with, &Scenario::default()).expect("calibrates");
    let tj = row(&p, "TJ", Fund::Resident, 2023);
    close(tj.participants, 524.46, 1e-9, "TJ 2023 residents");
    close(tj.income_total(), 60.0, 1e-9, "TJ 2023 resident income");
    let cn = row(&p, "CN", Fund::Resident, 2023);
    close(cn.participants, 96294.0, 1e-9, "2023 residents");
    close(cn.income_total(), 10569.71, 1e-9, "2023 resident income");
}

#[test]
fn history_checks_count_members_once_and_report_balance_differences() {
    let d = data();
    let h = history_factors(&d, &calibration(&d));
    let get = |year: i32, scheme: &str, item: &str| {
        h.checks
            .iter()
            .find(|c| c.year == year && c.scheme == scheme && c.item == item)
            .cloned()
            .expect("checked")
    };
    for item in ["active", "retired"] {
        let c = get(2023, "employee", item);
        close(c.model, c.published, 0.005, item);
    }
    // Balances are not forced: 2023's published resident balance differs from the previous
    // balance plus the published current balance, and the check shows it.
    let b = get(2023, "resident", "balance");
    assert!((b.model - b.published).abs() > 1.0, "{b:?}");
    close(b.model, b.published, 0.01, "2023 resident balance");
}

#[test]
fn the_first_forecast_year_continues_from_the_last_history_year() {
    let p = project(&data(), &Scenario::default()).expect("calibrates");
    for fund in [Fund::EmployeePooled, Fund::EmployeeAccounts, Fund::Resident] {
        let (h, f) = (row(&p, "CN", fund, 2025), row(&p, "CN", fund, 2026));
        let change = |a: f64, b: f64| b / a - 1.0;
        // One year of growth, no jump back to the unscaled model level.
        let income = change(h.income_total(), f.income_total());
        let spending = change(h.expenditure_paid, f.expenditure_paid);
        let members = change(h.participants, f.participants);
        assert!((-0.02..0.12).contains(&income), "{fund:?} income {income}");
        assert!(
            (-0.02..0.12).contains(&spending),
            "{fund:?} spending {spending}"
        );
        assert!(members.abs() < 0.03, "{fund:?} members {members}");
    }
}

#[test]
fn published_provincial_current_balances_appear_in_their_history_years() {
    let d = data();
    let p = project(&d, &Scenario::default()).expect("calibrates");
    let current = |r: &yibao::model::YearRow| r.income_total() - r.expenditure_paid;
    for (year, published) in [(2023, 3.57), (2024, -5.2562)] {
        let cb = current(&row(&p, "BJ", Fund::Resident, year));
        assert!(
            (cb - published).abs() < 0.01,
            "BJ resident {year}: {cb} against {published}"
        );
    }
    // The 2024 deficit is a deficit in the projection too: the first one of Beijing's fund.
    let bj = p
        .summaries
        .iter()
        .find(|s| s.unit == "BJ" && s.fund == Fund::Resident)
        .expect("summary");
    assert_eq!(bj.first_deficit_year, Some(2024));
    // The employee scheme's published 2024 current balance: pooled fund and accounts together.
    let cb = current(&row(&p, "BJ", Fund::EmployeePooled, 2024))
        + current(&row(&p, "BJ", Fund::EmployeeAccounts, 2024));
    assert!((cb - 757.0047).abs() < 0.01, "BJ employee 2024: {cb}");
    // The nation still matches the bulletin.
    let cn = row(&p, "CN", Fund::Resident, 2024);
    close(
        cn.expenditure_paid,
        10661.49,
        1e-6,
        "2024 resident expenditure",
    );
}

#[test]
fn provinces_with_published_margins_rest_on_them_and_the_others_are_estimates() {
    use yibao::model::calibrate::{mean_deviation, resident_evidence};
    use yibao::model::data::Provenance;
    let d = data();
    let c = calibration(&d);
    let base = |code: &str| {
        c.provinces
            .iter()
            .find(|b| b.code == code)
            .expect("province")
    };
    let margin = |b: &yibao::model::calibrate::ProvinceBase| {
        1.0 - b.resident_expenditure.value / b.resident_income.value
    };
    // Tianjin publishes its base year; Shandong and Guangxi 2021, Beijing 2023–24, Shanghai
    // 2023 margins.
    assert_eq!(base("TJ").resident_expenditure.tag, Provenance::Published);
    for code in ["SD", "GX", "BJ", "SH"] {
        let b = base(code);
        assert!(!b.resident_estimate, "{code}");
        assert_eq!(b.resident_expenditure.tag, Provenance::Derived, "{code}");
        let p = d.province_index(code).expect("index");
        let evidence = resident_evidence(&d, p, b.resident_income.value);
        assert!(!evidence.is_empty(), "{code}");
        let dev = mean_deviation(&evidence).expect("deviation");
        close(
            margin(b) - c.national_margin,
            dev,
            1e-9,
            &format!("{code} margin − national margin"),
        );
        // Every one of these published a deficit or a margin below the nation's.
        assert!(dev < 0.0, "{code}: {dev}");
    }
    // A province with nothing published rests on the λ rule: an estimate.
    for code in ["JS", "GD", "ZJ"] {
        assert!(base(code).resident_estimate, "{code}");
    }
    assert!(!base("TJ").resident_estimate);
    assert!(
        c.margin_spread > 0.01 && c.margin_spread < 0.3,
        "{}",
        c.margin_spread
    );
    // The nation still reproduces the bulletin.
    let spending: f64 = c
        .provinces
        .iter()
        .map(|b| b.resident_expenditure.value)
        .sum();
    close(spending, 9353.44, 1e-9, "2022 resident expenditure");
}

#[test]
fn estimated_provinces_carry_a_depletion_range_and_the_others_none() {
    let d = data();
    let p = project(&d, &Scenario::default()).expect("calibrates");
    let c = calibration(&d);
    let later = |a: Option<i32>, b: Option<i32>| a.unwrap_or(i32::MAX) <= b.unwrap_or(i32::MAX);
    let mut estimates = 0;
    for s in p
        .summaries
        .iter()
        .filter(|s| s.level == yibao::model::Level::Province)
    {
        let b = c.provinces.iter().find(|b| b.code == s.unit).expect("base");
        let expected = s.fund == Fund::Resident && b.resident_estimate;
        assert_eq!(s.estimate.is_some(), expected, "{} {:?}", s.unit, s.fund);
        if let Some(e) = s.estimate {
            estimates += 1;
            // Less margin, earlier depletion: low ≤ central ≤ high.
            assert!(
                later(e.low, s.depletion_year),
                "{} {e:?} {:?}",
                s.unit,
                s.depletion_year
            );
            assert!(
                later(s.depletion_year, e.high),
                "{} {e:?} {:?}",
                s.unit,
                s.depletion_year
            );
        }
    }
    assert!(estimates >= 20, "{estimates}");
    // Written in summary.csv.
    let csv = yibao::export::summary_csv(&p);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|c| *c == name).expect(name);
    let js = csv
        .lines()
        .find(|l| l.starts_with("JS,province,resident,"))
        .expect("JS row");
    let cells: Vec<&str> = js.split(',').collect();
    assert_eq!(cells[col("estimate")], "1");
    let tj = csv
        .lines()
        .find(|l| l.starts_with("TJ,province,resident,"))
        .expect("TJ row");
    let cells: Vec<&str> = tj.split(',').collect();
    assert_eq!(cells[col("estimate")], "0");
    assert_eq!(cells[col("depletion_year_low")], "");
}

#[test]
fn near_term_cost_growth_starts_from_the_history_and_fades_to_the_long_run() {
    let d = data();
    let h = history_factors(&d, &calibration(&d));
    assert_eq!(h.implied_growth.len(), 3, "2023–2025");
    let g = |y: i32| h.default_growth[(y - d.base_year) as usize];
    let rule = history::NearTerm {
        window: 2,
        fade: 5.0,
        keep_one_offs: false,
    };
    for scheme in 0..2 {
        let a = h.anchor(scheme, &rule).expect("anchor");
        // 2023 is a listed one-off: the anchor averages 2024 and 2025.
        let mean =
            (h.implied_growth[1][scheme].unwrap() + h.implied_growth[2][scheme].unwrap()) / 2.0;
        close(a, mean, 1e-12, "mean of the last two trend years");
        let with_2023 = history::NearTerm {
            window: 3,
            keep_one_offs: true,
            ..rule
        };
        let all3 = h
            .implied_growth
            .iter()
            .map(|g| g[scheme].unwrap())
            .sum::<f64>()
            / 3.0;
        close(
            h.anchor(scheme, &with_2023).unwrap(),
            all3,
            1e-12,
            "one-offs kept",
        );
        let off =
            |year: i32, fade: f64| h.cost_offset(scheme, year, &history::NearTerm { fade, ..rule });
        assert_eq!(off(2025, 5.0), 0.0, "history year");
        assert!((off(2026, 5.0) - (a - g(2026))).abs() < 1e-15);
        assert!((off(2028, 5.0) - 0.6 * (a - g(2028))).abs() < 1e-15);
        assert_eq!(off(2031, 5.0), 0.0, "faded");
        assert_eq!(off(2026, 0.0), 0.0, "switched off");
    }
    // The implied resident growth of 2025 is the published spending growth per resident, net
    // of what the model explains (age mix, enrolment): the published per-head growth lies near it.
    let per_head = (10678.63 / 94213.27) / (10661.49 / 94713.74) - 1.0;
    let implied = h.implied_growth[2][1].unwrap();
    assert!(
        (implied - per_head).abs() < 0.03,
        "{implied} against {per_head}"
    );
}

#[test]
fn the_anchor_moves_forecast_years_only_and_scenario_changes_add_to_it() {
    use yibao::model::LeverPath;
    let d = data();
    let with = |levers: &[(&str, f64)]| {
        let mut s = Scenario::default();
        for (id, v) in levers {
            s.levers.insert((*id).to_owned(), LeverPath::constant(*v));
        }
        project(&d, &s).expect("calibrates")
    };
    let (anchored, off) = (
        project(&d, &Scenario::default()).expect("calibrates"),
        with(&[("economy.cost_anchor_fade", 0.0)]),
    );
    for year in 2022..=2025 {
        assert_eq!(
            row(&anchored, "CN", Fund::Resident, year),
            row(&off, "CN", Fund::Resident, year),
            "{year}"
        );
    }
    let x = |p: &Projection, y: i32| row(p, "CN", Fund::Resident, y).expenditure_scheduled;
    assert_ne!(x(&anchored, 2026), x(&off, 2026));
    // A growth path set by the scenario moves the anchored path by its own change.
    let up = with(&[("economy.medical_cost_growth_resident", 0.08)]);
    let up_off = with(&[
        ("economy.medical_cost_growth_resident", 0.08),
        ("economy.cost_anchor_fade", 0.0),
    ]);
    let ratio = |a: &Projection, b: &Projection| x(a, 2026) / x(b, 2026);
    close(
        ratio(&up, &anchored),
        ratio(&up_off, &off),
        0.01,
        "same relative change",
    );
}
