//! The briefing's and `tables.xlsx`'s optional sections, made from the pack's own runs: the
//! treasury's view (docs/model.md §15) in every pack, and, with `--docx`, the reform
//! decomposition (docs/model.md §14) of the resident fund's months of reserve in the mid-term
//! year when the scenario changes anything against current law.

use super::briefing::{Image, Section};
use super::tables::{Num, Table};
use super::{Projected, charts::MID_YEAR};
use crate::model::decompose::{Decomposer, Spec};
use crate::model::fiscal::FiscalRow;
use crate::model::keys::NATION_CODE;
use crate::model::{Dataset, Fund};
use crate::render::Lang;
use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;

fn tr(lang: Lang, zh: &str, en: &str) -> String {
    if lang.is_zh() { zh } else { en }.to_owned()
}

/// The years a briefing table shows: the last published year, then every tenth year from
/// 2030, and the horizon.
fn key_years(first: i32, horizon: i32) -> Vec<i32> {
    let mut years: Vec<i32> = [2025, 2030, MID_YEAR, 2040, 2050, horizon]
        .into_iter()
        .filter(|y| (first..=horizon).contains(y))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The treasury's view of the nation in the key years, against the baseline: the resident
/// subsidy by tier of budget, the backstop, the total and its share of local budget
/// expenditure. `None` when the budgets cannot be read (the pack's `fiscal.csv` says why).
pub fn fiscal(main: &Projected, baseline: &Projected, lang: Lang) -> Option<Section> {
    let rows = crate::model::fiscal::unit_rows(&main.projection, NATION_CODE).ok()?;
    let base = crate::model::fiscal::unit_rows(&baseline.projection, NATION_CODE).ok()?;
    let at = |rows: &[FiscalRow], y: i32| rows.iter().find(|r| r.year == y).cloned();
    let mut csv = String::from(
        "year,subsidy_central,subsidy_local,backstop,fiscal_total,share_of_budget,baseline_fiscal_total,baseline_share_of_budget\n",
    );
    for y in key_years(main.projection.base_year, main.projection.horizon) {
        let (Some(r), Some(b)) = (at(&rows, y), at(&base, y)) else {
            continue;
        };
        let share = |r: &FiscalRow| r.fiscal_total() / r.budget_expenditure;
        let _ = writeln!(
            csv,
            "{y},{},{},{},{},{},{},{}",
            r.subsidy_central,
            r.subsidy_local,
            r.backstop,
            r.fiscal_total(),
            share(&r),
            b.fiscal_total(),
            share(&b)
        );
    }
    let kind = |id: &str| match id {
        "year" => Some(Num::Integer),
        id if id.contains("share") => Some(Num::Rate),
        _ => Some(Num::Money),
    };
    let title = tr(lang, "财政负担（全国）", "Fiscal burden (nation)");
    let mut table = Table::from_csv(
        &tr(lang, "财政负担", "Fiscal burden"),
        &title,
        &csv,
        lang,
        &kind,
    )
    .ok()?;
    table.columns = if lang.is_zh() {
        [
            "年份",
            "中央财政补助（亿元）",
            "地方财政补助（亿元）",
            "财政兜底（亿元）",
            "财政资金合计（亿元）",
            "占一般公共预算支出",
            "现行政策：财政资金合计（亿元）",
            "现行政策：占一般公共预算支出",
        ]
    } else {
        [
            "Year",
            "Central subsidy (100 million yuan)",
            "Local subsidy (100 million yuan)",
            "Backstop (100 million yuan)",
            "Fiscal money (100 million yuan)",
            "Share of budget expenditure",
            "Current law: fiscal money (100 million yuan)",
            "Current law: share of budget expenditure",
        ]
    }
    .map(str::to_owned)
    .to_vec();
    Some(Section {
        title: tr(lang, "财政负担", "The treasury's view"),
        paragraphs: vec![tr(
            lang,
            "财政资金指财政对居民医保的补助（按地区分档拆为中央与地方）与财政兜底，占比的分母为各省地方一般公共预算支出之和（不含中央本级支出；最后一个数据年份之后按人均可支配收入增速外推）。地方对居民医保的额外投入计入居民医保的其他收入，未单列为财政资金。各省逐年数据见 fiscal.csv，方法见模型说明（docs/model.md）§15。",
            "Fiscal money is the fiscal subsidy to the resident fund (split into central and local shares by the province's tier) plus the fiscal backstop; the share's denominator is the sum of the provinces' general budget expenditure (local budgets only; grown with per-capita income after the last data year). Local money above the national subsidy is in the resident fund's other income and not counted here. Every province and year is in fiscal.csv; the method is in docs/model.md §15.",
        )],
        tables: vec![table],
        images: Vec::new(),
    })
}

/// The reform decomposition of the resident fund's national months of reserve in the
/// mid-term year: each change's Shapley contribution, as a table and the waterfall chart.
/// `None` for a scenario that changes nothing against current law, or whose metric is not
/// defined (the fund pays nothing that year).
pub fn decomposition(data: &Dataset, main: &Projected, lang: Lang) -> Option<Section> {
    if crate::model::decompose::changes(&main.scenario).is_empty() {
        return None;
    }
    let year = MID_YEAR.min(main.scenario.horizon);
    let metric =
        crate::model::metric::parse_metric(&format!("months@{year}"), main.scenario.horizon)
            .ok()?;
    let spec = Spec::new(metric, NATION_CODE, Fund::Resident);
    let d = Decomposer::new(data, &main.scenario)
        .ok()?
        .run(&spec, &|_, _| {}, &AtomicBool::new(false))
        .ok()?;
    // A compact table for the page: each change, its contribution and its effect alone (the
    // full table with standard errors is what `yibao decompose` writes).
    let mut csv = String::from("label,contribution,alone\n");
    for r in super::decompose::rows(data, &d, lang) {
        let alone = r.alone.map_or_else(String::new, |a| a.to_string());
        let label = r.label.replace('"', "'");
        let _ = writeln!(csv, "\"{label}\",{},{alone}", r.contribution);
    }
    let kind = |_: &str| Some(Num::Months);
    let title = tr(lang, "改革分解", "Reform decomposition");
    let mut table = Table::from_csv(&title, &title, &csv, lang, &kind).ok()?;
    table.columns = if lang.is_zh() {
        ["措施", "贡献（个月）", "单独作用（个月）"]
    } else {
        ["Change", "Contribution (months)", "Alone (months)"]
    }
    .map(str::to_owned)
    .to_vec();
    let chart = super::decompose::waterfall(data, &main.scenario, &d, lang);
    let png = crate::render::png(&chart).ok()?;
    Some(Section {
        title: title.clone(),
        paragraphs: vec![if lang.is_zh() {
            format!(
                "各项改革措施对{year}年全国居民医保基金可支付月数变化的贡献（Shapley 值：与措施加入的先后无关，各项贡献之和等于方案与现行政策之差）。方法见模型说明（docs/model.md）§14。"
            )
        } else {
            format!(
                "Each change's contribution to the change in the national resident fund's months of reserve in {year} (Shapley values: independent of the order in which changes are added; they add up to the scenario's difference from current law). Method: docs/model.md §14."
            )
        }],
        tables: vec![table],
        images: vec![Image {
            png,
            caption: chart.title.clone(),
        }],
    })
}
