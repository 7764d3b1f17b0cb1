//! The "求解 / Solve" action of the lever rows: the popup runs the goal seek on the worker for
//! the selected unit and fund, shows the solver's value (or that no value in range meets the
//! target), applies it as one undoable edit named for what was solved, and drops a goal seek
//! whose scenario changed.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use std::sync::atomic::AtomicBool;
use yibao::app::Command;
use yibao::app::i18n::Lang;
use yibao::model::assumptions::AssumptionSet;
use yibao::model::experiment::{FIRST_OPEN_YEAR, Runner};
use yibao::model::metric::parse_target;
use yibao::model::solve::{Outcome, SolveSpec, solve_with};
use yibao::model::{Dataset, Fund, Lever, LeverPath, Scenario};

/// The model's answer for the resident premium, run directly.
fn direct(province: Option<&str>, unit: &str, target: &str) -> Outcome {
    let data = Dataset::embedded().expect("data");
    let runner = Runner::new(&data, &Scenario::default(), AssumptionSet::Mid).expect("runner");
    let spec = SolveSpec {
        lever: Lever::ResidentPremium,
        target: parse_target(target, runner.horizon()).expect("target"),
        unit: unit.to_owned(),
        fund: Fund::Resident,
        from: FIRST_OPEN_YEAR,
    };
    solve_with(&runner, &spec, province, &|_| {}, &AtomicBool::new(false))
        .expect("solves")
        .expect("not cancelled")
}

#[test]
fn solve_on_the_premium_row_applies_the_solvers_value_and_undo_restores_it() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.run();
    h.get_by_label("居民个人缴费：求解").click();
    h.run();
    // The popup's default target: months of reserve ≥ 6 in every year to 2035.
    h.get_by_label("开始求解").click();
    h.run();
    assert!(
        h.state().uncertainty.solving().is_some(),
        "runs on the worker"
    );
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    assert_eq!(answer.target, "months>=6 until 2035");
    let Outcome::Solved { value, .. } = direct(None, "CN", "months>=6 until 2035") else {
        panic!("the baseline premium target is solvable");
    };
    assert_eq!(answer.value(), Some(value));
    assert!(h.query_by_label_contains("居民个人缴费 = ").is_some());

    h.get_by_label("应用").click();
    h.run();
    let state = h.state().state();
    let path = state.scenario.levers.get("resident.premium").cloned();
    assert_eq!(path, answer.path());
    let keys = path.expect("the premium is set").keys().clone();
    assert_eq!(
        keys.get(&FIRST_OPEN_YEAR),
        Some(&value),
        "the solver's value"
    );
    // One undo step, named for what was solved.
    let name = state
        .history
        .next_undo()
        .expect("an undo step")
        .describe(Lang::Zh);
    assert!(name.starts_with("求解 居民个人缴费 = "), "{name}");
    assert!(name.contains("months>=6 until 2035"), "{name}");
    h.state_mut().apply(Command::Undo);
    h.run();
    assert!(
        h.state().state().scenario.levers.is_empty(),
        "undo restores"
    );
}

#[test]
fn solve_says_when_no_value_in_range_meets_the_target() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.run();
    h.get_by_label("居民个人缴费：求解").click();
    h.run();
    h.state_mut().apply(Command::Solve {
        lever: Lever::ResidentPremium,
        province: None,
        target: "months>=100 until 2035".into(),
    });
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    assert!(matches!(answer.outcome, Ok(Outcome::NeverMet { .. })));
    assert!(
        h.query_by_label_contains("范围内均无法满足目标").is_some(),
        "the popup says no value meets it"
    );
    assert!(h.query_by_label("应用").is_none(), "nothing to apply");
}

#[test]
fn province_scope_solves_the_provinces_override() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.state_mut().apply(Command::SetProvinceScope(true));
    h.run();
    h.get_by_label("居民个人缴费：求解").click();
    h.run();
    h.get_by_label("开始求解").click();
    // A worker is computing: the UI keeps repainting until it is done.
    h.run_steps(2);
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    assert_eq!(answer.key(), "resident.premium@GD");
    let Outcome::Solved { value, .. } = direct(Some("GD"), "GD", "months>=6 until 2035") else {
        panic!("Guangdong's premium target is solvable");
    };
    assert_eq!(answer.value(), Some(value));
    h.get_by_label("应用").click();
    h.run();
    let levers = &h.state().state().scenario.levers;
    assert!(
        !levers.contains_key("resident.premium"),
        "national untouched"
    );
    let keys = levers
        .get("resident.premium@GD")
        .expect("the override is set")
        .keys();
    assert_eq!(keys.get(&FIRST_OPEN_YEAR), Some(&value));
}

#[test]
fn a_lever_change_drops_a_running_solve() {
    let mut h = harness();
    h.state_mut().apply(Command::Solve {
        lever: Lever::ResidentPremium,
        province: None,
        target: "months>=6 until 2035".into(),
    });
    assert!(h.state().uncertainty.solving().is_some());
    h.state_mut().apply(Command::SetLever {
        key: yibao::model::LeverKey::national(yibao::model::Lever::ResidentSubsidy),
        path: Some(LeverPath::Indexed([(2026, 900.0)].into())),
        edit: yibao::app::session::history::Edit::Path {
            key: yibao::model::LeverKey::national(yibao::model::Lever::ResidentSubsidy),
        },
        continuing: false,
    });
    h.run();
    assert!(
        h.state().uncertainty.solving().is_none(),
        "stale work stops"
    );
    h.state_mut().uncertainty.finish();
    assert!(h.state().uncertainty.answer.is_none(), "and never lands");
}

#[test]
fn a_solved_depletion_target_shows_its_metric_as_a_year() {
    let mut h = harness();
    h.state_mut()
        .apply(Command::SelectFund(Fund::EmployeePooled));
    h.state_mut().apply(Command::SelectTab(
        yibao::app::session::prefs::Tab::Uncertainty,
    ));
    h.run();
    h.state_mut().apply(Command::Solve {
        lever: Lever::EmployeeEmployerRateDelta,
        province: None,
        target: "employee_pooled.depletion>=2050".into(),
    });
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    let Ok(Outcome::Solved { metric, .. }) = answer.outcome else {
        panic!("solvable: {:?}", answer.outcome);
    };
    let year = format!("（指标 {}年）", metric.round());
    assert!(
        h.query_by_label_contains(&year).is_some(),
        "the metric reads as a year: {year}"
    );
    assert!(h.query_by_label_contains(".00）").is_none());
}

/// An answer knows what it answers: after the scenario, the region or the data changes it is
/// marked outdated wherever it is shown (the Uncertainty tab and the lever's popup), whatever
/// its outcome, and one click solves the same target again.
#[test]
fn an_answer_is_marked_outdated_everywhere_after_a_change_and_solves_again() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.state_mut().apply(Command::SelectTab(
        yibao::app::session::prefs::Tab::Uncertainty,
    ));
    h.run();
    h.state_mut().apply(Command::Solve {
        lever: Lever::ResidentPremium,
        province: None,
        target: "backstop>=0 until 2035".into(),
    });
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    assert!(matches!(answer.outcome, Ok(Outcome::AlwaysMet { .. })));
    assert!(h.query_by_label("该参数取值范围内均满足目标").is_some());
    assert!(h.query_by_label_contains("已过期").is_none());
    let outdated = |h: &egui_kittest::Harness<'_, yibao::app::YibaoApp>| {
        h.query_all_by_label_contains("已过期").count()
    };

    // The scenario changes.
    h.state_mut().apply(Command::SetLever {
        key: yibao::model::LeverKey::national(Lever::ResidentSubsidy),
        path: Some(LeverPath::Indexed([(2026, 900.0)].into())),
        edit: yibao::app::session::history::Edit::Path {
            key: yibao::model::LeverKey::national(Lever::ResidentSubsidy),
        },
        continuing: false,
    });
    h.run();
    assert_eq!(outdated(&h), 1, "the tab marks it");
    // The lever's popup marks it too.
    h.get_by_label("居民个人缴费：求解").click();
    h.run();
    assert_eq!(outdated(&h), 2, "the popup marks it");
    // Solve again: the same target on the scenario shown now.
    h.get_all_by_label("重新求解")
        .next()
        .expect("a button")
        .click();
    h.step();
    h.state_mut().uncertainty.finish();
    h.run();
    let again = h.state().uncertainty.answer.clone().expect("answer");
    assert_eq!(again.target, "backstop>=0 until 2035");
    assert_eq!(again.scenario, h.state().state().scenario);
    assert_eq!(outdated(&h), 0);

    // Another region, or new data, makes it outdated as well.
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.run();
    assert!(outdated(&h) > 0, "another region");
    h.state_mut()
        .apply(Command::SelectUnit(yibao::model::Unit::Nation));
    h.run();
    assert_eq!(outdated(&h), 0);
    h.state_mut().state_mut().data_id += 1;
    h.run();
    assert!(outdated(&h) > 0, "new data");
}

/// The Uncertainty tab's target is a form in the UI's language (fund, measure, ≥/≤, value,
/// year) that writes the command line's target text.
#[test]
fn the_target_is_a_form_in_the_ui_language() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.state_mut().apply(Command::SelectTab(
        yibao::app::session::prefs::Tab::Uncertainty,
    ));
    h.run();
    // No English syntax to type.
    assert!(h.query_by_label_contains("months>=").is_none());
    h.get_by_label("目标基金").click();
    h.run();
    // The list's entry (the window's fund switch has the same name).
    h.get_all_by_label("职工医保统筹基金")
        .last()
        .expect("the entry")
        .click();
    h.run();
    h.get_by_label("指标").click();
    h.run();
    h.get_by_label("累计结存（亿元）").click();
    h.run();
    h.get_by_label("比较").click();
    h.run();
    h.get_by_label("≤").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::SpinButton, "目标值")
        .set_value_accesskit(5000.0);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::SpinButton, "年末，年份")
        .set_value_accesskit(2040.0);
    h.run();
    h.get_by_label("求解").click();
    h.step();
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    assert_eq!(answer.target, "employee_pooled.balance@2040<=5000");
}
