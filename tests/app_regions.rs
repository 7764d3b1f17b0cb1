//! The regional view (issue 11): the tile map of the provinces and the transfers chart.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::Command;
use yibao::app::i18n::{Lang, T};
use yibao::app::plots::tabs::Tab;
use yibao::app::plots::tile_map::{MapMetric, TILES, net_transfers, tile_values};
use yibao::model::Fund;

fn scenario_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

#[test]
fn the_tile_map_shows_every_province_and_the_transfers_of_an_adjustment_fund() {
    let mut h = harness();
    h.state_mut()
        .apply(Command::Open(scenario_file("national-adjustment-fund.ron")));
    h.state_mut().apply(Command::SelectTab(Tab::Regions));
    h.run();
    for lang in [Lang::Zh, Lang::En] {
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        assert!(h.query_by_label(T::TabRegions.get(lang)).is_some());
        assert!(
            h.query_all_by_label_contains(T::TransfersTitle.get(lang))
                .next()
                .is_some(),
            "{lang:?}: transfers chart"
        );
        assert!(
            h.query_all_by_label_contains(T::SyntheticNote.get(lang))
                .next()
                .is_some(),
            "{lang:?}: synthetic sub-units are labelled"
        );
    }
    // The values behind the tiles and bars: one per province, and the fund's transfers move
    // money in 2030 (payers and receivers sum to minus the fund's reserve change).
    let p = &h.state().state().projection;
    let months = tile_values(p, Fund::Resident, MapMetric::Months, 2030);
    assert_eq!(months.len(), TILES.len());
    assert!(months.iter().all(Option::is_some));
    let net = net_transfers(p, Fund::Resident, 2030);
    assert_eq!(net.len(), 31);
    assert!(
        net.windows(2).all(|w| w[0].1 <= w[1].1),
        "sorted payers first"
    );
    let fund = p
        .series("CN", Fund::ResidentAdjustment)
        .expect("national fund");
    let change = fund.row(2030).map(|r| r.balance).unwrap_or(0.0)
        - fund.row(2029).map(|r| r.balance).unwrap_or(0.0);
    let total: f64 = net.iter().map(|x| x.1).sum();
    assert!((total + change).abs() < 1e-6, "{total} vs {change}");
    assert!(net[0].1 < 0.0, "someone pays in");
}

#[test]
fn without_pooling_the_transfers_chart_says_there_are_none() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Regions));
    h.run();
    assert!(
        h.query_all_by_label_contains(T::NoTransfers.get(Lang::Zh))
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains(T::SyntheticNote.get(Lang::Zh))
            .next()
            .is_none()
    );
}

#[test]
fn a_pooling_only_scenario_is_not_described_as_current_law() {
    let mut h = harness();
    h.run();
    // The baseline itself is "current law".
    assert!(h.query_by_label_contains("现行政策下").is_some());
    h.state_mut()
        .apply(Command::Open(scenario_file("national-adjustment-fund.ron")));
    h.run();
    h.run();
    assert!(h.state().state().scenario.levers.is_empty());
    assert!(h.query_by_label_contains("现行政策下").is_none());
}

#[test]
fn the_pooling_editor_adds_an_adjustment_fund_that_projects_and_undoes() {
    let mut h = harness();
    h.run();
    h.get_by_label("统筹层次与调剂金").click();
    h.run();
    h.get_by_label_contains("添加调剂金").click();
    h.run();
    h.run();
    let adjustment = h.state().state().scenario.pooling.adjustment.clone();
    assert_eq!(adjustment.len(), 1);
    assert_eq!(adjustment[0].from, 2026);
    assert!((adjustment[0].rate - 0.03).abs() < 1e-12);
    // The projection now carries the national fund's reserve rows.
    let p = &h.state().state().projection;
    assert!(p.series("CN", Fund::ResidentAdjustment).is_some());
    // A pooling level step for the resident scheme (the first of the two schemes' buttons).
    h.query_all_by_label_contains("添加统筹层次")
        .next()
        .expect("a button per scheme")
        .click();
    h.run();
    assert_eq!(h.state().state().scenario.pooling.resident.len(), 1);
    // Undo removes the level, then the fund.
    h.state_mut().apply(Command::Undo);
    h.state_mut().apply(Command::Undo);
    h.run();
    assert!(h.state().state().scenario.pooling.is_empty());
}
