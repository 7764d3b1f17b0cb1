//! A reform decomposition as a table and a waterfall chart (issue 22; docs/model.md §14,
//! "Reform decomposition"): `decomposition.csv` of `yibao decompose`, the app's 改革分解 tab
//! export, and what a briefing includes when a decomposition is present ([`outputs`]).

use super::{footer, unit_name, unit_names};
use crate::model::Dataset;
use crate::model::decompose::{Decomposition, Method};
use crate::model::metric::Measure;
use crate::model::scenario::Scenario;
use crate::render::{Chart, Lang, Plot, Quantity, WaterfallPlot, palette};
use std::fmt::Write as _;

/// Header of `decomposition.csv`.
pub const HEADER: &str = "lever,label,metric,unit,fund,baseline_value,scenario_value,contribution,std_error,alone,method,permutations,seed,censored";

/// One row of the table: a change, or the total (`lever` = `total`).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The change's id (`resident.premium`, `resident.premium@GD`, `pooling.adjustment`), or
    /// `total`.
    pub lever: String,
    /// Its label in the table's language.
    pub label: String,
    /// The metric's value in the baseline.
    pub baseline_value: f64,
    /// The metric's value in the scenario.
    pub scenario_value: f64,
    /// The change's contribution (the total row: scenario − baseline).
    pub contribution: f64,
    /// Standard error of a sampled contribution (0 when exact).
    pub std_error: f64,
    /// The change alone against the baseline (the total row: empty).
    pub alone: Option<f64>,
}

/// The rows: one per change in the scenario's order, then the total.
pub fn rows(data: &Dataset, d: &Decomposition, lang: Lang) -> Vec<Row> {
    let names = unit_names(data);
    let province = |code: &str| unit_name(&names, code, lang);
    let mut out: Vec<Row> = d
        .parts
        .iter()
        .map(|p| Row {
            lever: p.change.id(),
            label: p.change.label(lang.is_zh(), &province),
            baseline_value: d.baseline,
            scenario_value: d.scenario,
            contribution: p.contribution,
            std_error: p.std_error,
            alone: Some(p.alone),
        })
        .collect();
    out.push(Row {
        lever: "total".to_owned(),
        label: if lang.is_zh() { "合计" } else { "Total" }.to_owned(),
        baseline_value: d.baseline,
        scenario_value: d.scenario,
        contribution: d.total(),
        std_error: 0.0,
        alone: None,
    });
    out
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// `decomposition.csv` (docs/interfaces.md): one row per change and a `total` row; values in
/// the metric's stored unit (months, a year, 亿元, a fraction).
pub fn csv(data: &Dataset, d: &Decomposition, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push('\n');
    let (permutations, seed) = match d.method {
        Method::Exact { .. } => (String::new(), String::new()),
        Method::Sampled {
            permutations, seed, ..
        } => (permutations.to_string(), seed.to_string()),
    };
    let censored = match d.censored {
        (false, false) => "",
        (true, false) => "baseline",
        (false, true) => "scenario",
        (true, true) => "both",
    };
    for r in rows(data, d, lang) {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{permutations},{seed},{censored}",
            cell(&r.lever),
            cell(&r.label),
            d.metric.describe(),
            d.unit,
            d.fund.id(),
            r.baseline_value,
            r.scenario_value,
            r.contribution,
            r.std_error,
            r.alone.map_or_else(String::new, |v| v.to_string()),
            d.method.id(),
        );
    }
    out
}

/// The metric in words: what, which fund, which year.
pub fn metric_label(d: &Decomposition, lang: Lang) -> String {
    let zh = lang.is_zh();
    let fund = d.fund.label(zh);
    match (d.metric.measure, zh) {
        (Measure::Months(y), true) => format!("{fund}{y}年可支付月数"),
        (Measure::Months(y), false) => format!("{fund}: months of reserve in {y}"),
        (Measure::MinMonths(y), true) => format!("{fund}至{y}年最低可支付月数"),
        (Measure::MinMonths(y), false) => format!("{fund}: lowest months of reserve to {y}"),
        (Measure::Depletion, true) => format!("{fund}耗尽年份"),
        (Measure::Depletion, false) => format!("{fund}: depletion year"),
        (Measure::Backstop(y), true) => format!("{fund}至{y}年累计财政兜底"),
        (Measure::Backstop(y), false) => format!("{fund}: cumulative backstop to {y}"),
        (Measure::Balance(y), true) => format!("{fund}{y}年末累计结存"),
        (Measure::Balance(y), false) => format!("{fund}: balance at the end of {y}"),
        (Measure::Burden(y), true) => format!("{y}年最低收入组居民缴费负担"),
        (Measure::Burden(y), false) => {
            format!("Resident premium burden of the lowest income quintile in {y}")
        }
    }
}

/// The axis quantity of a metric (`None`: a year).
pub fn quantity(d: &Decomposition) -> Option<Quantity> {
    match d.metric.measure {
        Measure::Months(_) | Measure::MinMonths(_) => Some(Quantity::Months),
        Measure::Depletion => None,
        Measure::Backstop(_) | Measure::Balance(_) => Some(Quantity::MoneyYi),
        Measure::Burden(_) => Some(Quantity::Percent),
    }
}

/// The waterfall: the baseline's value, each change's contribution, the scenario's value.
pub fn waterfall(data: &Dataset, scenario: &Scenario, d: &Decomposition, lang: Lang) -> Chart {
    let zh = lang.is_zh();
    let names = unit_names(data);
    let province = |code: &str| unit_name(&names, code, lang);
    let never = |censored: bool| match (censored, zh) {
        (false, _) => String::new(),
        (true, true) => format!("（{}年内未耗尽）", d.horizon),
        (true, false) => format!(" (not depleted by {})", d.horizon),
    };
    let start = format!(
        "{}{}",
        if zh {
            "现行政策（基准）"
        } else {
            "Current law (baseline)"
        },
        never(d.censored.0)
    );
    let end = format!(
        "{}{}",
        if zh { "本方案" } else { "This scenario" },
        never(d.censored.1)
    );
    let steps = d
        .parts
        .iter()
        .map(|p| (p.change.label(zh, &province), p.contribution))
        .collect();
    let method = match (d.method, zh) {
        (Method::Exact { subsets }, true) => format!("沙普利值，精确（{subsets}个组合）"),
        (Method::Exact { subsets }, false) => format!("Shapley values, exact ({subsets} subsets)"),
        (
            Method::Sampled {
                permutations, seed, ..
            },
            true,
        ) => format!("沙普利值，抽样（{permutations}个排列，种子{seed}）"),
        (
            Method::Sampled {
                permutations, seed, ..
            },
            false,
        ) => format!("Shapley values, sampled ({permutations} permutations, seed {seed})"),
    };
    let sep = lang.title_sep();
    let what = if zh {
        "改革分解"
    } else {
        "Reform decomposition"
    };
    let unit = unit_name(&names, &d.unit, lang);
    Chart {
        title: format!("{what}{sep}{unit}{sep}{}", metric_label(d, lang)),
        subtitle: format!("{} · {method}", scenario.title),
        footer: footer(data, scenario, lang),
        lang,
        plot: Plot::Waterfall(WaterfallPlot {
            quantity: quantity(d),
            unit: if zh { "年" } else { "year" }.to_owned(),
            start: (start, d.baseline),
            steps,
            end: (end, d.scenario),
            names: if zh {
                ["增加", "减少", "基准与方案"].map(str::to_owned)
            } else {
                ["Increase", "Decrease", "Baseline and scenario"].map(str::to_owned)
            },
            colors: [palette::INCOME, palette::EXPENDITURE, palette::SCENARIO],
        }),
    }
}

/// What a briefing shows of a decomposition: the table's rows and the waterfall chart.
pub fn outputs(
    data: &Dataset,
    scenario: &Scenario,
    d: &Decomposition,
    lang: Lang,
) -> (Vec<Row>, Chart) {
    (rows(data, d, lang), waterfall(data, scenario, d, lang))
}
