//! The Uncertainty tab: fan and P(depletion) of the selected unit and fund computed off the UI
//! thread, stale results dropped on a lever change, cancel, and goal seek applied as an
//! undoable edit.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use egui_kittest::kittest::Queryable as _;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use yibao::app::Command;
use yibao::app::session::prefs::Tab;
use yibao::app::session::uncertainty::{APP_DRAWS, APP_SEED, Key, Uncertainty};
use yibao::model::assumptions::AssumptionSet;
use yibao::model::experiment::Runner;
use yibao::model::solve::Outcome;
use yibao::model::stochastic::monte_carlo;
use yibao::model::{Dataset, Fund, Lever, LeverPath, Scenario};

#[test]
fn analysis_matches_the_core_and_a_lever_change_drops_it() {
    let data = Arc::new(Dataset::embedded().expect("data"));
    let key = Key {
        scenario: Scenario::default(),
        unit: "GD".into(),
        fund: Fund::Resident,
        data: 0,
    };
    let mut u = Uncertainty::default();
    u.request(&data, &key, None);
    assert!(u.is_busy());
    u.finish();
    let shown = u.current(&key).expect("analysis");
    let runner =
        Runner::new(&data, &key.scenario, AssumptionSet::Mid).expect("the scenario calibrates");
    let select = [("GD".to_owned(), Fund::Resident)];
    let direct = monte_carlo(
        &runner,
        APP_DRAWS,
        APP_SEED,
        Some(&select),
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("run");
    assert_eq!(&shown.fan, &direct.fans[0]);
    assert_eq!(shown.tornado.unit, "GD");
    // The low-cost and high-cost overlays bracket the deterministic balance.
    let [low, high] = &shown.assumption_sets;
    let det = &shown.deterministic;
    assert_eq!((low.len(), high.len()), (det.len(), det.len()));
    for t in 0..det.len() {
        assert!(low[t] >= det[t] && det[t] >= high[t], "year index {t}");
    }
    assert!((0..det.len()).any(|t| low[t] > det[t] && det[t] > high[t]));
    // A lever change: the old result is not shown for the new scenario.
    let mut changed = key.clone();
    changed.scenario.levers.insert(
        "resident.subsidy".into(),
        LeverPath::Indexed([(2026, 900.0)].into()),
    );
    assert!(u.current(&changed).is_none());
    u.request(&data, &changed, None);
    // Cancelled work is not restarted for the same key until asked.
    u.cancel();
    assert!(u.is_stopped(&changed));
    u.request(&data, &changed, None);
    assert!(!u.is_busy());
    u.resume();
    u.request(&data, &changed, None);
    u.finish();
    let again = u.current(&changed).expect("new analysis");
    assert_ne!(
        again.fan, direct.fans[0],
        "a higher subsidy changes the fan"
    );
    // And the new fan is the core's for the changed scenario.
    let runner = Runner::new(&data, &changed.scenario, AssumptionSet::Mid).expect("calibrates");
    let direct = monte_carlo(
        &runner,
        APP_DRAWS,
        APP_SEED,
        Some(&select),
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("run");
    assert_eq!(&again.fan, &direct.fans[0]);
}

#[test]
fn tab_shows_fan_and_probability_and_solve_applies_an_undoable_edit() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Uncertainty));
    h.run();
    // The first frame asked for the analysis; wait for the worker.
    assert!(h.state().uncertainty.is_busy());
    h.state_mut().uncertainty.finish();
    h.run();
    assert!(h.query_by_label("到当年已耗尽的概率").is_some());
    assert!(h.query_all_by_label("中位数").count() >= 1);

    h.state_mut().apply(Command::Solve {
        lever: Lever::ResidentPremium,
        province: None,
        target: "resident.months>=6 until 2035".into(),
    });
    h.state_mut().uncertainty.finish();
    h.run();
    let answer = h.state().uncertainty.answer.clone().expect("answer");
    assert!(matches!(answer.outcome, Ok(Outcome::Solved { .. })));
    h.get_by_label("应用").click();
    h.run();
    let path = h
        .state()
        .state()
        .scenario
        .levers
        .get("resident.premium")
        .cloned();
    assert_eq!(path, answer.path());
    assert!(path.is_some());
    // Applied, not "changed, solve again".
    assert!(h.query_by_label("已应用到方案（可撤销）").is_some());
    assert!(h.query_by_label("方案已修改，请重新求解").is_none());
    h.state_mut().apply(Command::Undo);
    h.run();
    // Undone: the working scenario is no longer the applied one.
    assert!(h.query_by_label("已应用到方案（可撤销）").is_none());
    let levers = &h.state().state().scenario.levers;
    assert!(!levers.contains_key("resident.premium"), "undo removes it");
}

#[test]
fn a_lever_change_refreshes_the_fan_for_the_new_scenario() {
    use yibao::report::scenario_hash;
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Uncertainty));
    h.run();
    h.state_mut().uncertainty.finish();
    h.run();
    let before = h.state().state().scenario.clone();
    // A lever change, then frames only: the tab itself starts the new analysis.
    h.state_mut().apply(Command::SetLever {
        key: yibao::model::LeverKey::national(Lever::ResidentSubsidy),
        path: Some(LeverPath::Indexed([(2026, 900.0)].into())),
        edit: yibao::app::session::history::Edit::Path {
            key: yibao::model::LeverKey::national(Lever::ResidentSubsidy),
        },
        continuing: false,
    });
    h.run();
    let after = h.state().state().scenario.clone();
    assert_ne!(scenario_hash(&before), scenario_hash(&after));
    let running = h
        .state()
        .uncertainty
        .running_key()
        .expect("a new analysis runs without being asked")
        .clone();
    assert_eq!(scenario_hash(&running.scenario), scenario_hash(&after));
    // The old fan is not shown meanwhile; once done, the shown one is the new scenario's.
    assert!(h.query_by_label("中位数").is_none(), "no stale fan");
    h.state_mut().uncertainty.finish();
    h.run();
    assert!(h.state().uncertainty.current(&running).is_some());
    assert!(h.query_all_by_label("中位数").count() >= 1);
}

#[test]
fn fan_probability_and_tornado_export_as_files_with_the_numbers_shown() {
    use yibao::app::plots::export_chart::ChartFormat;
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Uncertainty));
    h.run();
    // Nothing to export until the analysis is there.
    assert!(h.state().export_chart(0).is_none());
    h.state_mut().uncertainty.finish();
    h.run();
    let key = yibao::app::panels::uncertainty_ui::current_key(h.state());
    let shown = h
        .state()
        .uncertainty
        .current(&key)
        .cloned()
        .expect("analysis");
    let dir = app_support::temp_dir("uncertainty-export");

    // The fan's CSV: the overlays, the median, then each band's upper and lower edge, per year.
    let csv = dir.join("fan.csv");
    h.state_mut()
        .apply(Command::ExportChart(0, ChartFormat::Csv, csv.clone()));
    let text = std::fs::read_to_string(&csv).expect("fan csv written");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "year",
            "确定性预测",
            "低成本假设",
            "高成本假设",
            "中位数",
            "5%–95% 分位（上沿）",
            "5%–95% 分位（下沿）",
            "25%–75% 分位（上沿）",
            "25%–75% 分位（下沿）"
        ]
    );
    assert_eq!(rows.len(), 1 + shown.fan.years.len());
    for (t, row) in rows[1..].iter().enumerate() {
        let v = |k: usize| -> f64 { row[k].parse().expect("a number") };
        assert_eq!(v(0), f64::from(shown.fan.years[t]));
        assert_eq!(v(1), shown.deterministic[t]);
        assert_eq!(v(2), shown.assumption_sets[0][t]);
        assert_eq!(v(3), shown.assumption_sets[1][t]);
        let p = shown.fan.balance[t];
        assert_eq!(
            [v(4), v(5), v(6), v(7), v(8)],
            [p[2], p[4], p[0], p[3], p[1]]
        );
    }

    // The pictures: the bands are filled polygons (any shape), one point per year and edge.
    for (n, stem) in [(0, "fan"), (1, "depletion"), (2, "tornado")] {
        for format in [ChartFormat::Svg, ChartFormat::Png] {
            let path = dir.join(format!("{stem}.{}", format.ext()));
            h.state_mut()
                .apply(Command::ExportChart(n, format, path.clone()));
            let bytes = std::fs::read(&path).expect("written");
            assert!(bytes.len() > 1000, "{stem} has content");
        }
    }
    let svg = std::fs::read_to_string(dir.join("fan.svg")).expect("svg");
    let polygons: Vec<&str> = svg.lines().filter(|l| l.starts_with("<polygon")).collect();
    assert_eq!(polygons.len(), 2, "two bands");
    let corners = polygons[0].split(' ').filter(|w| w.contains(',')).count();
    assert_eq!(corners, 2 * shown.fan.years.len());

    // The tornado lists its inputs down the left, largest swing first.
    let svg = std::fs::read_to_string(dir.join("tornado.svg")).expect("svg");
    let labels: Vec<usize> = shown
        .tornado
        .bars
        .iter()
        .take(3)
        .map(|b| {
            svg.find(&format!(">{}<", b.input.lever.def().label(true)))
                .expect("the input's label")
        })
        .collect();
    assert!(labels.windows(2).all(|w| w[0] < w[1]), "in order");

    // P(depletion) and the tornado carry the numbers shown.
    let csv = dir.join("p.csv");
    h.state_mut()
        .apply(Command::ExportChart(1, ChartFormat::Csv, csv.clone()));
    let text = std::fs::read_to_string(&csv).expect("csv");
    let last: f64 = text
        .lines()
        .last()
        .and_then(|l| l.split(',').nth(1))
        .and_then(|v| v.parse().ok())
        .expect("a probability");
    assert_eq!(last, *shown.fan.p_depleted.last().expect("years"));
    let csv = dir.join("t.csv");
    h.state_mut()
        .apply(Command::ExportChart(2, ChartFormat::Csv, csv.clone()));
    let text = std::fs::read_to_string(&csv).expect("csv");
    let bars = yibao::report::uncertainty::shown_bars(&shown.tornado);
    assert!(!bars.is_empty() && bars.len() <= 10);
    assert!(bars.iter().all(|b| b.swing > 0.0));
    assert_eq!(text.lines().count(), 1 + bars.len());
    let first = bars[0];
    let row: Vec<&str> = text.lines().nth(1).expect("a bar").split(',').collect();
    assert_eq!(row[0], first.input.lever.def().label(true));
    assert_eq!(
        row[1].parse::<f64>().ok(),
        Some(first.low - shown.tornado.base)
    );
    assert_eq!(
        row[2].parse::<f64>().ok(),
        Some(first.high - shown.tornado.base)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tornado_with_nothing_to_move_says_so() {
    // Tianjin's resident fund is exhausted before 2035: months of reserve in 2035 are 0 in
    // every low and high run, and the tab says why instead of drawing an empty axis.
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Uncertainty));
    h.state_mut()
        .apply(Command::SelectUnit("TJ".parse().expect("a province")));
    h.state_mut().apply(Command::SelectFund(Fund::Resident));
    h.run();
    h.state_mut().uncertainty.finish();
    h.run();
    let key = yibao::app::panels::uncertainty_ui::current_key(h.state());
    let shown = h.state().uncertainty.current(&key).expect("analysis");
    assert_eq!(key.unit, "TJ");
    assert!(shown.tornado.bars.iter().all(|b| b.swing == 0.0));
    assert!(
        h.query_by_label_contains("没有一个输入改变2035年")
            .is_some()
    );
    // The fan and P(depletion) are still shown.
    assert!(h.query_by_label("到当年已耗尽的概率").is_some());
}

#[test]
fn the_accounts_show_no_depletion_probability() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Uncertainty));
    h.state_mut()
        .apply(Command::SelectFund(Fund::EmployeeAccounts));
    h.run();
    h.state_mut().uncertainty.finish();
    h.run();
    assert!(
        h.query_by_label_contains("个人账户是参保职工自己的钱")
            .is_some()
    );
    assert!(
        h.state().export_chart(1).is_none(),
        "no P(depletion) to export"
    );
    assert!(h.state().export_chart(0).is_some(), "the fan is there");
}

/// The fan chart's legend is a row above the plot, not a box over the bands (issue 21): every
/// entry sits right under the chart's title.
#[test]
fn the_fan_legend_sits_above_the_plot() {
    use yibao::app::i18n::{Lang, T};
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Uncertainty));
    h.run();
    h.state_mut().uncertainty.finish();
    h.run();
    let title = h.get_by_label(T::FanTitle.get(Lang::Zh)).rect();
    // The probability chart's title comes after the fan plot.
    let next = h.get_by_label(T::DepletionProbability.get(Lang::Zh)).rect();
    // A box over the plot stacks its six entries one under another (over 100 points tall); the
    // row above the plot holds them in one or two lines.
    for key in [
        T::Band5to95,
        T::Band25to75,
        T::Median,
        T::Deterministic,
        T::LowCost,
        T::HighCost,
    ] {
        let entries: Vec<_> = h
            .query_all_by_label(key.get(Lang::Zh))
            .map(|n| n.rect())
            .collect();
        assert!(!entries.is_empty(), "{key:?} in the legend");
        // Right under the title: within two legend rows of it, well above the plot's body.
        assert!(
            entries
                .iter()
                .all(|r| r.top() >= title.bottom() - 1.0 && r.bottom() <= title.bottom() + 48.0),
            "{key:?}: {entries:?} under the title at {title:?}, before {next:?}"
        );
    }
}
