//! Charts of the uncertainty analyses (issue 12) for files: the fan of the balance with the
//! assumption sets overlaid, P(depleted by year) and the tornado. The app's export buttons and
//! `yibao mc --charts` draw them with the same renderer as the report pack.

use super::charts::tr;
use crate::model::Fund;
use crate::model::sensitivity::Tornado;
use crate::model::stochastic::Fan;
use crate::render::palette;
use crate::render::{Area, BarPlot, Chart, Color, Lang, LinePlot, Plot, Quantity, Series, Stroke};

/// What the uncertainty charts of one unit and fund say around the plot.
pub struct Texts {
    /// The unit's name in the chart's language.
    pub unit_name: String,
    /// The fund.
    pub fund: Fund,
    /// The scenario's title.
    pub scenario: String,
    /// Footer (data vintage, version, scenario hash; see [`super::footer`]).
    pub footer: String,
    /// Language.
    pub lang: Lang,
    /// Monte Carlo draws and seed.
    pub draws: usize,
    /// Seed of the draws.
    pub seed: u64,
}

impl Texts {
    /// `what｜unit｜fund`.
    fn title(&self, what: &str) -> String {
        let sep = self.lang.title_sep();
        format!(
            "{what}{sep}{}{sep}{}",
            self.unit_name,
            self.fund.label(self.lang.is_zh())
        )
    }

    fn subtitle(&self) -> String {
        if self.lang.is_zh() {
            format!(
                "方案：{}（随机模拟 {} 次，种子 {}；医疗费用增长、工资增长、利率的AR(1)冲击）",
                self.scenario, self.draws, self.seed
            )
        } else {
            format!(
                "Scenario: {} ({} draws, seed {}; AR(1) shocks to medical cost growth, wage growth and interest)",
                self.scenario, self.draws, self.seed
            )
        }
    }

    fn chart(&self, title: String, plot: Plot) -> Chart {
        Chart {
            title,
            subtitle: self.subtitle(),
            footer: self.footer.clone(),
            lang: self.lang,
            plot,
        }
    }
}

/// A deterministic balance path drawn over the fan (the scenario as written, the low-cost and
/// high-cost assumption sets), one value per year of the fan.
pub struct Overlay {
    /// Legend name.
    pub name: String,
    /// Colour.
    pub color: Color,
    /// Line style.
    pub stroke: Stroke,
    /// Balance per year, 亿元.
    pub balance: Vec<f64>,
}

/// The overlays of the scenario as written and under the low-cost and high-cost sets, named
/// and coloured as in the app (`sets`: the low-cost and high-cost balances).
pub fn overlays(lang: Lang, deterministic: Vec<f64>, sets: [Vec<f64>; 2]) -> Vec<Overlay> {
    let [low, high] = sets;
    vec![
        Overlay {
            name: tr(lang, "确定性预测", "Deterministic"),
            color: palette::REFERENCE,
            stroke: Stroke::Solid,
            balance: deterministic,
        },
        Overlay {
            name: tr(lang, "低成本假设", "Low-cost set"),
            color: palette::INCOME,
            stroke: Stroke::Dashed,
            balance: low,
        },
        Overlay {
            name: tr(lang, "高成本假设", "High-cost set"),
            color: palette::DANGER,
            stroke: Stroke::Dashed,
            balance: high,
        },
    ]
}

fn by_year(years: &[i32], values: impl Iterator<Item = f64>) -> Vec<[f64; 2]> {
    years
        .iter()
        .zip(values)
        .map(|(y, v)| [f64::from(*y), v])
        .collect()
}

/// The fan of the balance: the 5–95 and 25–75 percentile bands, the median, and the overlays.
pub fn fan_chart(fan: &Fan, overlays: &[Overlay], t: &Texts) -> Chart {
    let lang = t.lang;
    let band = |lo: usize, hi: usize| -> Vec<[f64; 3]> {
        fan.years
            .iter()
            .zip(&fan.balance)
            .map(|(y, p)| [f64::from(*y), p[hi], p[lo]])
            .collect()
    };
    let areas = vec![
        Area {
            name: tr(lang, "5%–95% 分位", "5th–95th percentile"),
            color: palette::SCENARIO.alpha(0.18),
            points: band(0, 4),
        },
        Area {
            name: tr(lang, "25%–75% 分位", "25th–75th percentile"),
            color: palette::SCENARIO.alpha(0.35),
            points: band(1, 3),
        },
    ];
    // The overlays first, so that the median draws on top of the deterministic path it
    // often follows.
    let mut series: Vec<Series> = overlays
        .iter()
        .filter(|o| !o.balance.is_empty())
        .map(|o| Series {
            name: o.name.clone(),
            color: o.color,
            stroke: o.stroke,
            points: by_year(&fan.years, o.balance.iter().copied()),
        })
        .collect();
    series.push(Series {
        name: tr(lang, "中位数", "Median"),
        color: palette::SCENARIO,
        stroke: Stroke::Solid,
        points: by_year(&fan.years, fan.balance.iter().map(|p| p[2])),
    });
    t.chart(
        t.title(&tr(lang, "累计结存分布", "Balance distribution")),
        Plot::Lines(LinePlot {
            quantity: Quantity::MoneyYi,
            series,
            areas,
            band: None,
            references: Vec::new(),
            markers: Vec::new(),
            published: None,
            zero_line: false,
        }),
    )
}

/// P(depleted by year): the share of draws whose balance before balancing measures has been
/// negative by that year.
pub fn depletion_chart(fan: &Fan, t: &Texts) -> Chart {
    t.chart(
        t.title(&tr(
            t.lang,
            "到当年已耗尽的概率",
            "Probability of depletion by year",
        )),
        Plot::Lines(LinePlot {
            quantity: Quantity::Percent,
            series: vec![Series {
                name: tr(t.lang, "已耗尽概率", "P(depleted)"),
                color: palette::DANGER,
                stroke: Stroke::Solid,
                points: by_year(&fan.years, fan.p_depleted.iter().copied()),
            }],
            areas: Vec::new(),
            band: None,
            references: Vec::new(),
            markers: Vec::new(),
            published: None,
            zero_line: false,
        }),
    )
}

/// Most bars a tornado shows.
pub const TORNADO_BARS: usize = 10;

/// The bars a tornado shows, on screen and in files: the inputs that move the metric, largest
/// swing first, at most [`TORNADO_BARS`].
pub fn shown_bars(t: &Tornado) -> Vec<&crate::model::sensitivity::Bar> {
    t.bars
        .iter()
        .filter(|b| b.swing > 0.0)
        .take(TORNADO_BARS)
        .collect()
}

/// The tornado as bars: per shown input ([`shown_bars`]) the change in the metric from the
/// scenario's value with the input at its low and at its high value. `metric` names the
/// metric for the title.
pub fn tornado_chart(tornado: &Tornado, metric: &str, quantity: Quantity, t: &Texts) -> Chart {
    let zh = t.lang.is_zh();
    let bars = shown_bars(tornado);
    let categories = bars
        .iter()
        .map(|b| b.input.lever.def().label(zh).to_owned())
        .collect();
    let change = |f: fn(&crate::model::sensitivity::Bar) -> f64| {
        bars.iter().map(|b| f(b) - tornado.base).collect()
    };
    let title = if zh {
        format!("敏感性：{metric}（当前 {:.2}）", tornado.base)
    } else {
        format!("Sensitivity: {metric} (now {:.2})", tornado.base)
    };
    let mut chart = t.chart(
        t.title(&title),
        Plot::Bars(BarPlot {
            quantity,
            categories,
            groups: vec![
                (
                    tr(t.lang, "低值 − 当前", "Low − now"),
                    palette::EXPENDITURE,
                    change(|b| b.low),
                ),
                (
                    tr(t.lang, "高值 − 当前", "High − now"),
                    palette::INCOME,
                    change(|b| b.high),
                ),
            ],
            horizontal: true,
        }),
    );
    chart.subtitle = if zh {
        format!("方案：{}（每次只改变一个输入，取其低值与高值）", t.scenario)
    } else {
        format!(
            "Scenario: {} (one input at a time, at its low and high value)",
            t.scenario
        )
    };
    chart
}
