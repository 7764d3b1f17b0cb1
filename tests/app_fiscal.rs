//! The treasury's view in the app (docs/model.md §15): the 财政负担 card shows the fiscal money
//! into the funds in 2035 as a share of general budget expenditure, the amount, and the change
//! against the baseline; the 财政负担 tab draws the same rows and lists them in a table; the six
//! cards fit the window at 1024×700.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, harness_with};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::format::Quantity;
use yibao::app::i18n::Lang;
use yibao::app::session::prefs::Tab;
use yibao::app::{Command, YibaoApp};
use yibao::model::fiscal;
use yibao::model::{Lever, LeverKey, LeverPath};

/// The nation's or a province's 2035 row of a projection, computed apart from the app.
fn row_2035(p: &yibao::model::Projection, unit: &str) -> fiscal::FiscalRow {
    let rows = fiscal::rows(p).expect("fiscal rows");
    fiscal::row(&rows, unit, 2035).expect("2035").clone()
}

/// Raises the national resident subsidy to 1,500 yuan a participant from 2026 (about twice the
/// current-law standard), growing with income after.
fn raise_subsidy(h: &mut Harness<'static, YibaoApp>) {
    let key = LeverKey::national(Lever::ResidentSubsidy);
    h.state_mut().apply(Command::SetLever {
        key,
        path: Some(LeverPath::Indexed(std::collections::BTreeMap::from([(
            2026, 1500.0,
        )]))),
        edit: yibao::app::session::history::Edit::Path { key },
        continuing: false,
    });
    h.run();
}

#[test]
fn the_card_shows_the_share_the_amount_and_the_change_against_the_baseline() {
    let mut h = harness();
    let p = h.state().state().projection.clone();
    let r = row_2035(&p, "CN");
    // Of the order a planner expects: a few percent of local budgets.
    assert!((0.01..0.06).contains(&r.share_of_budget()), "{r:?}");
    let share = Quantity::Percent.with_unit(r.share_of_budget(), Lang::Zh);
    let money = Quantity::MoneyYi.with_unit(r.fiscal_total(), Lang::Zh);
    assert!(
        h.query_by_label("财政负担（2035年）").is_some(),
        "card title"
    );
    assert!(h.query_by_label(&share).is_some(), "card value {share}");
    assert!(h.query_by_label(&money).is_some(), "card amount {money}");
    assert!(
        h.query_all_by_label("与基准相同").next().is_some(),
        "no change at current law"
    );

    // A higher subsidy raises the share; the card says by how many points.
    raise_subsidy(&mut h);
    let s = row_2035(&h.state().state().projection, "CN");
    let b = row_2035(&h.state().state().baseline, "CN");
    assert!(
        s.subsidy_resident() > b.subsidy_resident() * 1.5,
        "{s:?} {b:?}"
    );
    let d = (s.share_of_budget() - b.share_of_budget()) * 100.0;
    let delta = format!("较基准 {} 个百分点", yibao::app::format::signed(d, 2));
    assert!(h.query_by_label(&delta).is_some(), "card delta {delta}");
    let share = Quantity::Percent.with_unit(s.share_of_budget(), Lang::Zh);
    assert!(h.query_by_label(&share).is_some(), "card value {share}");

    // English, and a province.
    h.state_mut().apply(Command::SetLang(Lang::En));
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("unit")));
    h.run();
    let g = row_2035(&h.state().state().projection, "GD");
    assert!(h.query_by_label("Fiscal burden, 2035").is_some());
    let money = Quantity::MoneyYi.with_unit(g.fiscal_total(), Lang::En);
    assert!(h.query_by_label(&money).is_some(), "card amount {money}");
}

#[test]
fn the_tab_draws_and_lists_the_rows_of_the_selected_unit() {
    let mut h = harness();
    h.get_by_label("财政负担").click();
    h.run();
    assert_eq!(h.state().prefs().tab, Tab::Fiscal);
    let view = yibao::app::panels::fiscal_ui::fiscal_view(h.state().state(), "CN").expect("view");
    let years = view.table_years();
    assert_eq!(years.first(), Some(&2022));
    assert!(years.contains(&2035) && years.contains(&2060), "{years:?}");
    for title in [
        "财政投入基金的资金",
        "占一般公共预算支出比例",
        "中央财政补助",
    ] {
        assert!(
            h.query_all_by_label(title).next().is_some(),
            "`{title}` not shown"
        );
    }
    // The table's 2035 row: total and both shares, as the model computes them.
    let r = row_2035(&h.state().state().projection, "CN");
    let total = Quantity::MoneyYi.number(r.fiscal_total(), Lang::Zh);
    let budget = format!(
        "{}%",
        yibao::app::format::grouped(r.share_of_budget() * 100.0, 2)
    );
    let health = format!(
        "{}%",
        yibao::app::format::grouped(r.share_of_health() * 100.0, 1)
    );
    for text in [&total, &budget, &health] {
        assert!(
            h.query_all_by_label(text).next().is_some(),
            "table shows {text}"
        );
    }
    // The 2022 central subsidy is the published-year row.
    let r22 = view.scenario.first().expect("2022");
    assert_eq!(r22.year, 2022);
    let central = Quantity::MoneyYi.number(r22.subsidy_central, Lang::Zh);
    assert!(
        h.query_all_by_label(&central).next().is_some(),
        "2022 central {central}"
    );
    // The table follows the unit.
    h.state_mut()
        .apply(Command::SelectUnit("SC".parse().expect("unit")));
    h.run();
    let sc = row_2035(&h.state().state().projection, "SC");
    let total = Quantity::MoneyYi.number(sc.fiscal_total(), Lang::Zh);
    assert!(
        h.query_all_by_label(&total).next().is_some(),
        "Sichuan 2035 {total}"
    );
}

#[test]
fn six_cards_fit_a_1024_by_700_window() {
    let app = YibaoApp::for_tests().expect("embedded data loads");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .with_context_setup(yibao::app::fonts::install)
        .build_ui_state(|ui, app: &mut YibaoApp| app.ui(ui), app);
    h.run();
    for lang in [Lang::Zh, Lang::En] {
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        let fiscal = if lang == Lang::Zh {
            "财政负担（2035年）"
        } else {
            "Fiscal burden, 2035"
        };
        let first = if lang == Lang::Zh {
            "全国合计耗尽年份"
        } else {
            "Depletion year (provinces together)"
        };
        let before = if lang == Lang::Zh {
            "累计财政兜底"
        } else {
            "Cumulative backstop"
        };
        let fiscal = h.get_by_label(fiscal).rect();
        let first = h.get_by_label(first).rect();
        let before = h.get_by_label(before).rect();
        // Cards are equally wide and spaced: the last card's frame ends at most one pitch
        // after its title starts, less the gap between cards.
        let pitch = fiscal.left() - before.left();
        let gap = 8.0;
        assert!(
            fiscal.left() + pitch - gap <= 1024.0,
            "{lang:?}: the last card ends near {}",
            fiscal.left() + pitch - gap
        );
        // The cards may flow onto a second row (issue 21: values are never shortened), but
        // the last card starts inside the window, at or below the first card's row.
        assert!(
            fiscal.right() <= 1024.0 && fiscal.top() >= first.top() - 1.0,
            "{lang:?}: {fiscal:?} vs {first:?}"
        );
    }
    // The common harness size too.
    let h = harness_with(YibaoApp::for_tests().expect("data"));
    assert!(h.get_by_label("财政负担（2035年）").rect().right() <= 1440.0);
}
