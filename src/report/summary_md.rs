//! `summary.md` of a report pack: Chinese, with an English section. Headline numbers of the
//! nation, the levers changed from the baseline, the comparison with `--compare`, the
//! provinces resting on published vs modelled reserves, and the sources.

use super::Projected;
use super::charts::MID_YEAR;
use crate::model::data::Provenance;
use crate::model::keys::NATION_CODE;
use crate::model::scenario::title_in;
use crate::model::{Dataset, Fund, Projection};
use crate::render::ticks::format_number;
use std::fmt::Write as _;

/// Money stored in 亿元, shown in 万亿元 from 1 万亿 on (trillion / billion yuan in English).
pub fn money(v: f64, zh: bool) -> String {
    match (v.abs() >= 1e4, zh) {
        (true, true) => format!("{}万亿元", format_number(v / 1e4, 2)),
        (false, true) => format!("{}亿元", format_number(v, 1)),
        (true, false) => format!("{} trillion yuan", format_number(v / 1e4, 2)),
        (false, false) => format!("{} billion yuan", format_number(v / 10.0, 1)),
    }
}

fn year_or(y: Option<i32>, none: &str) -> String {
    y.map_or_else(|| none.to_owned(), |y| y.to_string())
}

fn months(p: &Projection, fund: Fund, year: i32) -> String {
    p.series(NATION_CODE, fund)
        .and_then(|s| s.row(year))
        .and_then(|r| r.months_of_reserve)
        .map_or_else(|| "—".to_owned(), |m| format!("{m:.1}"))
}

/// One row of headline numbers of a projection's national fund.
fn headline_row(name: &str, p: &Projection, fund: Fund, zh: bool) -> String {
    let name = title_in(name, !zh);
    let none = if zh { "期内未发生" } else { "none" };
    let Some(s) = p.summary(NATION_CODE, fund) else {
        return format!("| {name} | — | — | — | — | — | — |");
    };
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} |",
        year_or(s.depletion_year, none),
        year_or(s.first_backstop_year, none),
        year_or(s.first_deficit_year, none),
        months(p, fund, MID_YEAR),
        months(p, fund, p.horizon),
        money(s.cumulative_backstop, zh),
    )
}

fn headline_header(zh: bool, horizon: i32) -> String {
    if zh {
        format!(
            "| 方案 | 耗尽年份（净头寸首次不为正） | 首次财政兜底年份 | 首次当期赤字年份 | {MID_YEAR}年可支付月数（按净头寸） | {horizon}年可支付月数（按净头寸） | 累计财政兜底 |\n|---|---|---|---|---|---|---|"
        )
    } else {
        format!(
            "| Scenario | Depletion year (net position first not positive) | First backstop | First deficit | Months of reserve {MID_YEAR} (net position) | Months of reserve {horizon} (net position) | Cumulative backstop |\n|---|---|---|---|---|---|---|"
        )
    }
}

/// The table of levers the scenario changes: lever, region, from year, baseline value,
/// scenario value (its path's keys), unit.
pub(crate) fn levers_table(
    data: &Dataset,
    main: &Projected,
    baseline: &Projected,
    zh: bool,
) -> String {
    let mut o = String::new();
    if main.scenario.levers.is_empty() {
        o.push_str(if zh {
            "本方案未修改任何政策参数（即现行政策基准）。\n"
        } else {
            "The scenario changes no lever (it is the current-law baseline).\n"
        });
        return o;
    }
    o.push_str(if zh {
        "| 参数 | 地区 | 起始年份 | 基准值 | 方案值 | 单位 |\n|---|---|---|---|---|---|\n"
    } else {
        "| Lever | Region | From year | Baseline value | Scenario value | Unit |\n|---|---|---|---|---|---|\n"
    });
    let first = main.projection.base_year;
    // Current law's levers as the baseline projection resolved them.
    let base = &baseline.projection.inputs.levers;
    for (key, path) in main.scenario.lever_paths() {
        let (lever, province) = (key.lever, key.province.map(|p| p.code()));
        let def = lever.def();
        let scale = def.unit.display_scale();
        // A path that holds in every year (its key at i32::MIN) applies from the base year.
        let from = path.first_year().map_or(first, |y| y.max(first));
        let region = match province {
            Some(code) => data.provinces.iter().find(|p| p.code == code).map_or_else(
                || code.to_owned(),
                |p| {
                    if zh {
                        p.name_zh.clone()
                    } else {
                        p.name_en.clone()
                    }
                },
            ),
            None => (if zh { "全国" } else { "national" }).to_owned(),
        };
        let indices: Vec<usize> = match province.and_then(|c| data.province_index(c)) {
            Some(i) => vec![i],
            None => (0..base.provinces).collect(),
        };
        let values: Vec<f64> = indices
            .iter()
            .map(|&i| base.in_year(lever, i, from) * scale)
            .collect();
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(*v), h.max(*v))
            });
        let baseline_value = if !lo.is_finite() {
            "—".to_owned()
        } else if hi - lo > 1e-9 * hi.abs().max(1.0) {
            format!("{}–{}", format_number(lo, 2), format_number(hi, 2))
        } else {
            format_number(lo, 2)
        };
        let keys: Vec<String> = path
            .keys()
            .iter()
            .map(|(y, v)| format!("{y}: {}", format_number(v * scale, 2)))
            .collect();
        let _ = writeln!(
            o,
            "| {} (`{key}`) | {region} | {from} | {baseline_value} | {} {} | {} |",
            def.label(zh),
            path.kind_name(),
            keys.join(" → "),
            def.unit.label(zh)
        );
    }
    o
}

/// How many of each province's inputs are published, derived or assumed.
fn provenance(data: &Dataset, zh: bool) -> String {
    let mut o = String::from(if zh {
        "| 省份 | 公开数据 | 推算 | 假设 |\n|---|---|---|---|\n"
    } else {
        "| Province | Published | Derived | Assumed |\n|---|---|---|---|\n"
    });
    for p in &data.provinces {
        let inputs = [
            &p.population_wan,
            &p.income_yuan,
            &p.wage_yuan,
            &p.share_65plus,
            &p.active_per_retired,
            &p.resident_months,
            &p.employee_rate,
            &p.resident_funding_ratio,
            &p.resident_reimbursement,
            &p.employee_reimbursement,
        ];
        let count = |t: Provenance| inputs.iter().filter(|s| s.tag == t).count();
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            if zh { &p.name_zh } else { &p.name_en },
            count(Provenance::Published),
            count(Provenance::Derived),
            count(Provenance::Assumed)
        );
    }
    o
}

fn section(
    o: &mut String,
    data: &Dataset,
    main: &Projected,
    baseline: &Projected,
    compare: &[Projected],
    zh: bool,
) {
    let p = &main.projection;
    let hash = super::output_hash(data, &main.scenario);
    let version = env!("CARGO_PKG_VERSION");
    if zh {
        let _ = writeln!(o, "## 主要结果（全国）\n");
        let _ = writeln!(
            o,
            "预测期 {}–{} 年；收支平衡规则：{}；数据：{}；程序版本 yibao {version}；方案哈希 {hash}。\n",
            p.base_year,
            p.horizon,
            main.scenario.balancing.label(true),
            data.vintage_zh
        );
    } else {
        let _ = writeln!(o, "## Headline numbers (nation)\n");
        let _ = writeln!(
            o,
            "Projection {}–{}; balancing rule: {}; data: {}; program yibao {version}; scenario hash {hash}.\n",
            p.base_year,
            p.horizon,
            main.scenario.balancing.label(false),
            data.vintage
        );
    }
    let base_name = if zh {
        "现行政策基准"
    } else {
        "Current-law baseline"
    };
    for fund in Fund::MAIN {
        let _ = writeln!(o, "### {}\n", fund.label(zh));
        let _ = writeln!(o, "{}", headline_header(zh, p.horizon));
        let _ = writeln!(o, "{}", headline_row(&main.scenario.title, p, fund, zh));
        if baseline.projection != main.projection {
            let _ = writeln!(
                o,
                "{}",
                headline_row(base_name, &baseline.projection, fund, zh)
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "{}\n",
        if zh {
            "## 政策参数调整（相对现行政策基准）"
        } else {
            "## Levers changed from the baseline"
        }
    );
    let _ = writeln!(o, "{}", levers_table(data, main, baseline, zh));
    if !compare.is_empty() {
        let _ = writeln!(
            o,
            "{}\n",
            if zh {
                "## 方案对比（全国）"
            } else {
                "## Comparison (nation)"
            }
        );
        for fund in Fund::MAIN {
            let _ = writeln!(o, "### {}\n", fund.label(zh));
            let _ = writeln!(o, "{}", headline_header(zh, p.horizon));
            let _ = writeln!(
                o,
                "{}",
                headline_row(base_name, &baseline.projection, fund, zh)
            );
            let _ = writeln!(o, "{}", headline_row(&main.scenario.title, p, fund, zh));
            for c in compare {
                let _ = writeln!(
                    o,
                    "{}",
                    headline_row(&c.scenario.title, &c.projection, fund, zh)
                );
            }
            let _ = writeln!(o);
        }
    }
    let _ = writeln!(
        o,
        "{}\n",
        if zh {
            "## 各省数据基础（十项省级输入中公开、推算与假设的个数）"
        } else {
            "## What the provinces rest on (of ten provincial inputs: published, derived, assumed)"
        }
    );
    let _ = writeln!(o, "{}", provenance(data, zh));
    let _ = writeln!(o, "{}\n", if zh { "## 资料来源" } else { "## Sources" });
    let _ = writeln!(
        o,
        "{}",
        if zh {
            format!(
                "- 基础数据：{}（各项数据的出处与口径见 Yibao 源代码的 assets/data/README.md 及 `yibao data` 输出）\n- 模型方程与假设：docs/model.md\n- 6–9个月目标区间为职工医保统筹基金的官方目标；德国、韩国参考线见模型说明（docs/model.md）§6",
                data.vintage_zh
            )
        } else {
            format!(
                "- Data: {} (sources and definitions in the source code's assets/data/README.md and the output of `yibao data`)\n- Model equations and assumptions: docs/model.md\n- The 6–9 month band is the official target of the employee pooled fund; the Germany and Korea references are in the model description (docs/model.md) §6",
                data.vintage
            )
        }
    );
    for r in &main.scenario.references {
        let _ = writeln!(o, "- {r}");
    }
    let _ = writeln!(o);
}

/// The whole `summary.md`.
pub fn summary_md(
    data: &Dataset,
    main: &Projected,
    baseline: &Projected,
    compare: &[Projected],
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", main.scenario.title);
    description(&mut o, &main.scenario.description, true);
    section(&mut o, data, main, baseline, compare, true);
    let _ = writeln!(o, "---\n\n# English summary\n");
    description(&mut o, &main.scenario.description, false);
    section(&mut o, data, main, baseline, compare, false);
    o
}

/// The scenario's description as a quote, in the section of its own language only: a text with
/// Chinese characters opens the Chinese section, any other the English one, so that each
/// section reads in one language.
fn description(o: &mut String, text: &str, zh: bool) {
    let text = text.trim();
    if text.is_empty() || is_chinese(text) != zh {
        return;
    }
    let _ = writeln!(o, "> {}\n", text.replace('\n', " "));
}

/// Whether a text is written in Chinese (holds a CJK ideograph).
pub fn is_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c))
}
