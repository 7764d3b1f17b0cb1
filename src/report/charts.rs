//! The charts of a report, built from projections: the same panels the app shows (flows,
//! current balance, balance with the depletion marker, months of reserve with the 6–9 month
//! band on pooled funds, benefit gaps, quintile burden, the province grid, the comparison).

use crate::model::keys::NATION_CODE;
use crate::model::{Fund, Projection};
use crate::render::{
    Area, Band, BarPlot, Chart, Color, GridPlot, Lang, LinePlot, Marker, Plot, Quantity, Series,
    Stroke, palette,
};
use crate::report::metric::{clip_below, is_total, reserve_floor};

/// `zh` or `en` text.
pub fn tr(lang: Lang, zh: &str, en: &str) -> String {
    if lang.is_zh() { zh } else { en }.to_owned()
}

/// The year the headline numbers look at (the roadmap's end).
pub const MID_YEAR: i32 = crate::model::summary::MID_YEAR;

/// One projected scenario with its display name.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// Name in legends and tables.
    pub name: &'a str,
    /// Its projection.
    pub projection: &'a Projection,
}

/// What every chart of a pack shares.
pub struct Context<'a> {
    /// The scenario.
    pub scenario: Run<'a>,
    /// The current-law baseline, drawn faintly behind.
    pub baseline: Run<'a>,
    /// Compared scenarios.
    pub compare: Vec<Run<'a>>,
    /// Language.
    pub lang: Lang,
    /// Footer text.
    pub footer: String,
    /// Unit names: `(code, zh, en)`.
    pub units: Vec<(String, String, String)>,
}

/// A chart with its file stem.
pub struct Named {
    /// File stem, e.g. `CN_resident_months`.
    pub stem: String,
    /// The chart.
    pub chart: Chart,
}

pub use super::metric::Metric;

/// How the report pack names, measures and colours a [`Metric`].
pub trait ReportMetric {
    /// Its name.
    fn name(self, lang: Lang) -> String;
    /// What it measures.
    fn render_quantity(self) -> Quantity;
    /// The scenario's colour of a metric in multi-metric charts.
    fn render_color(self) -> Color;
}

impl ReportMetric for Metric {
    fn name(self, lang: Lang) -> String {
        match self {
            Metric::Income => tr(lang, "基金收入", "Income"),
            Metric::Expenditure => tr(lang, "基金支出", "Expenditure"),
            Metric::ExpenditureScheduled => tr(lang, "应付支出", "Scheduled expenditure"),
            Metric::CurrentBalance => tr(lang, "当期结余", "Current balance"),
            Metric::Balance => tr(lang, "累计结存", "Accumulated balance"),
            Metric::BalanceBeforeRule => tr(
                lang,
                "未经平衡规则的结存",
                "Balance before any balancing rule",
            ),
            Metric::Months => tr(lang, "可支付月数", "Months of reserve"),
            Metric::Backstop => tr(lang, "财政兜底", "Fiscal backstop"),
            Metric::Burden(q) => quintile(q, lang),
            Metric::SpendingRatio => tr(
                lang,
                "职工÷居民人均支出",
                "Employee ÷ resident spending per head",
            ),
            Metric::ReimbursementGap => tr(
                lang,
                "报销比例差距（职工−居民）",
                "Reimbursement gap (employee − resident)",
            ),
            Metric::PayableGap => tr(lang, "应付−实付待遇", "Scheduled − payable benefits"),
            Metric::CombinedBalance => tr(
                lang,
                "职工医保合计结存（统筹基金＋个人账户）",
                "Employee funds combined (pooled + accounts)",
            ),
            Metric::UnmetAccountNeed => tr(lang, "个人账户未满足的门诊需求", "Unmet account need"),
        }
    }

    fn render_quantity(self) -> Quantity {
        match self {
            Metric::Months => Quantity::Months,
            Metric::SpendingRatio => Quantity::Ratio,
            Metric::ReimbursementGap => Quantity::Points,
            Metric::Burden(_) => Quantity::Percent,
            _ => Quantity::MoneyYi,
        }
    }

    fn render_color(self) -> Color {
        match self {
            Metric::Income => palette::INCOME,
            Metric::Expenditure => palette::EXPENDITURE,
            Metric::ExpenditureScheduled | Metric::BalanceBeforeRule => palette::SCHEDULED,
            Metric::Backstop => palette::DANGER,
            Metric::Burden(q) => palette::QUINTILES
                .get(q)
                .copied()
                .unwrap_or(palette::SCENARIO),
            _ => palette::SCENARIO,
        }
    }
}

/// Name of an income quintile (0 = lowest).
pub fn quintile(q: usize, lang: Lang) -> String {
    const ZH: [&str; 5] = ["最低20%", "较低20%", "中间20%", "较高20%", "最高20%"];
    const EN: [&str; 5] = [
        "Lowest 20%",
        "Second 20%",
        "Middle 20%",
        "Fourth 20%",
        "Top 20%",
    ];
    let names = if lang.is_zh() { ZH } else { EN };
    names.get(q).copied().unwrap_or("").to_owned()
}

pub use super::metric::metric_points as points;

/// The name of a total's held line (docs/model.md §7), faint for the baseline's.
fn held_name(lang: Lang, baseline: bool) -> String {
    match (lang.is_zh(), baseline) {
        (true, false) => "累计结存（实际持有）".to_owned(),
        (true, true) => "累计结存（实际持有，基准）".to_owned(),
        (false, false) => "Reserves held".to_owned(),
        (false, true) => "Reserves held (baseline)".to_owned(),
    }
}

fn differs(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    a.len() != b.len()
        || a.iter()
            .zip(b)
            .any(|(x, y)| (x[1] - y[1]).abs() > 1e-9 * x[1].abs().max(1.0))
}

impl Context<'_> {
    /// A unit's name.
    pub fn unit_name(&self, code: &str) -> String {
        super::unit_name(&self.units, code, self.lang)
    }

    fn title(&self, what: &str, unit: &str, fund: Option<Fund>) -> String {
        let sep = self.lang.title_sep();
        let mut t = format!("{what}{sep}{}", self.unit_name(unit));
        if let Some(f) = fund {
            t.push_str(" · ");
            t.push_str(f.label(self.lang.is_zh()));
        }
        t
    }

    fn chart(&self, title: String, plot: Plot) -> Chart {
        let subtitle = if self.lang.is_zh() {
            format!("方案：{}（浅色为现行政策基准）", self.scenario.name)
        } else {
            format!(
                "Scenario: {} (faint: current-law baseline)",
                self.scenario.name
            )
        };
        Chart {
            title,
            subtitle,
            footer: self.footer.clone(),
            lang: self.lang,
            plot,
        }
    }

    /// Baseline (faint) and scenario lines of some metrics.
    fn pair(&self, unit: &str, fund: Fund, metrics: &[Metric]) -> Vec<Series> {
        let lang = self.lang;
        let base = if lang.is_zh() {
            "（基准）"
        } else {
            " (baseline)"
        };
        let mut out = Vec::new();
        for (run, stroke) in [
            (self.baseline, Stroke::Faint),
            (self.scenario, Stroke::Solid),
        ] {
            for &m in metrics {
                let pts = points(run.projection, unit, fund, m);
                if m == Metric::ExpenditureScheduled
                    && !differs(
                        &pts,
                        &points(run.projection, unit, fund, Metric::Expenditure),
                    )
                {
                    continue;
                }
                let mut name = m.name(lang);
                if stroke == Stroke::Faint {
                    name.push_str(base);
                }
                out.push(Series {
                    name,
                    color: m.render_color(),
                    stroke,
                    points: pts,
                });
            }
        }
        out
    }

    fn lines(&self, quantity: Quantity, series: Vec<Series>) -> LinePlot {
        LinePlot {
            quantity,
            series,
            areas: Vec::new(),
            band: None,
            references: Vec::new(),
            markers: Vec::new(),
        }
    }

    /// Income and expenditure.
    pub fn flows(&self, unit: &str, fund: Fund) -> Chart {
        let m = [
            Metric::Income,
            Metric::Expenditure,
            Metric::ExpenditureScheduled,
        ];
        let plot = self.lines(Quantity::MoneyYi, self.pair(unit, fund, &m));
        let what = tr(self.lang, "基金收支", "Income and expenditure");
        self.chart(self.title(&what, unit, Some(fund)), Plot::Lines(plot))
    }

    /// 当期结余.
    pub fn current_balance(&self, unit: &str, fund: Fund) -> Chart {
        let plot = self.lines(
            Quantity::MoneyYi,
            self.pair(unit, fund, &[Metric::CurrentBalance]),
        );
        let what = Metric::CurrentBalance.name(self.lang);
        self.chart(self.title(&what, unit, Some(fund)), Plot::Lines(plot))
    }

    /// 累计结存 with the balance before any rule (when a rule acted) and the depletion marker.
    /// For a total of funds that do not share one purse (the nation, a province with
    /// sub-units; [`is_total`]) the two lines are the reserves held and the net position, whose
    /// months the months chart draws, and the shade between them the cumulative backstop. The
    /// value axis follows the held lines: a dashed line that falls further below zero than they
    /// rise above it stops there, and its name says from which year ([`clip_below`]).
    pub fn balance(&self, unit: &str, fund: Fund) -> Chart {
        let lang = self.lang;
        let p = self.scenario.projection;
        let total = is_total(p, unit, fund);
        let mut series = self.pair(unit, fund, &[Metric::Balance]);
        if total {
            for s in &mut series {
                let faint = s.stroke == Stroke::Faint;
                s.name = held_name(lang, faint);
            }
        }
        let held = points(p, unit, fund, Metric::Balance);
        let before = points(p, unit, fund, Metric::BalanceBeforeRule);
        let mut areas = Vec::new();
        if differs(&before, &held) {
            let depletion = p.summary(unit, fund).and_then(|s| s.depletion_year);
            let floor = reserve_floor(
                series.iter().map(|s| s.points.as_slice()),
                &before,
                depletion,
            );
            let (drawn, off) = clip_below(&before, floor);
            let mut name = if total {
                tr(lang, "净头寸（未计兜底）", "Net position (before backstop)")
            } else {
                Metric::BalanceBeforeRule.name(lang)
            };
            if let Some(y) = off {
                name.push_str(&if lang.is_zh() {
                    format!("；{y}年起超出图幅未画出")
                } else {
                    format!("; off the chart from {y}")
                });
            }
            areas.push(Area {
                name: if total {
                    tr(lang, "累计兜底", "Cumulative backstop")
                } else {
                    tr(lang, "平衡措施累计投入", "Balancing measures to date")
                },
                color: palette::DANGER.alpha(0.25),
                points: held
                    .iter()
                    .zip(&before)
                    .take_while(|(_, b)| b[1] >= floor)
                    .map(|(h, b)| [h[0], h[1], b[1]])
                    .collect(),
            });
            series.push(Series {
                name,
                color: palette::SCHEDULED,
                stroke: Stroke::Dashed,
                points: drawn,
            });
        }
        let mut plot = self.lines(Quantity::MoneyYi, series);
        plot.areas = areas;
        plot.markers.extend(self.depletion_marker(unit, fund));
        let what = Metric::Balance.name(lang);
        self.chart(self.title(&what, unit, Some(fund)), Plot::Lines(plot))
    }

    /// The scenario's depletion year of a unit's fund as a marker.
    fn depletion_marker(&self, unit: &str, fund: Fund) -> Option<Marker> {
        let y = self
            .scenario
            .projection
            .summary(unit, fund)
            .and_then(|s| s.depletion_year)?;
        Some(Marker {
            x: f64::from(y),
            label: if self.lang.is_zh() {
                format!("{y}年耗尽")
            } else {
                format!("depleted in {y}")
            },
            color: palette::DANGER,
        })
    }

    /// 可支付月数, with the 6–9 month band on pooled funds (not personal accounts) and the
    /// Germany and Korea reference lines.
    /// The depletion year is marked where the line reaches zero (docs/model.md §7).
    pub fn months(&self, unit: &str, fund: Fund) -> Chart {
        let mut plot = self.lines(Quantity::Months, self.pair(unit, fund, &[Metric::Months]));
        if fund != Fund::EmployeeAccounts {
            plot.band = Some(band(self.lang));
            plot.references = references(self.lang);
        }
        plot.markers.extend(self.depletion_marker(unit, fund));
        let what = Metric::Months.name(self.lang);
        self.chart(self.title(&what, unit, Some(fund)), Plot::Lines(plot))
    }

    /// Backstop paid each year.
    pub fn backstop(&self, unit: &str, fund: Fund) -> Chart {
        let plot = self.lines(
            Quantity::MoneyYi,
            self.pair(unit, fund, &[Metric::Backstop]),
        );
        let what = Metric::Backstop.name(self.lang);
        self.chart(self.title(&what, unit, Some(fund)), Plot::Lines(plot))
    }

    /// The national benefit gaps over time (spending ratio, reimbursement gap, payable gap).
    pub fn gaps(&self) -> Vec<Named> {
        let lang = self.lang;
        let specs: [GapSpec; 3] = [
            (
                "spending_ratio",
                tr(
                    lang,
                    "职工与居民人均支出之比",
                    "Employee ÷ resident spending per head",
                ),
                Quantity::Ratio,
                |g| g.scheme_spending_ratio,
            ),
            (
                "reimbursement_gap",
                tr(
                    lang,
                    "职工与居民实际报销比例差",
                    "Employee − resident reimbursement rate",
                ),
                Quantity::Points,
                |g| g.reimbursement_gap,
            ),
            (
                "payable_gap",
                tr(lang, "应付与可付待遇之差", "Scheduled − payable benefits"),
                Quantity::MoneyYi,
                |g| g.payable_gap,
            ),
        ];
        specs
            .into_iter()
            .map(|(stem, what, q, f)| {
                let series = [
                    (self.baseline, Stroke::Faint),
                    (self.scenario, Stroke::Solid),
                ]
                .into_iter()
                .map(|(run, stroke)| Series {
                    name: if stroke == Stroke::Faint {
                        tr(lang, "现行政策基准", "Current-law baseline")
                    } else {
                        run.name.to_owned()
                    },
                    color: palette::SCENARIO,
                    stroke,
                    points: run
                        .projection
                        .gaps
                        .iter()
                        .map(|g| [f64::from(g.year), f(g)])
                        .filter(|q| q[1].is_finite())
                        .collect(),
                })
                .collect();
                Named {
                    stem: format!("CN_gap_{stem}"),
                    chart: self.chart(
                        self.title(&what, NATION_CODE, None),
                        Plot::Lines(self.lines(q, series)),
                    ),
                }
            })
            .collect()
    }

    /// Premium burden by income quintile in a year: baseline beside scenario.
    pub fn burden_bars(&self, unit: &str, year: i32) -> Chart {
        let lang = self.lang;
        let at = |p: &Projection| {
            p.series(unit, Fund::Resident)
                .and_then(|s| s.row(year))
                .and_then(|r| r.burden)
                .map_or_else(|| vec![f64::NAN; 5], |b| b.to_vec())
        };
        let plot = BarPlot {
            quantity: Quantity::Percent,
            categories: (0..5).map(|q| quintile(q, lang)).collect(),
            groups: vec![
                (
                    tr(lang, "现行政策基准", "Current-law baseline"),
                    palette::SCENARIO.alpha(palette::BASELINE_OPACITY),
                    at(self.baseline.projection),
                ),
                (
                    self.scenario.name.to_owned(),
                    palette::SCENARIO,
                    at(self.scenario.projection),
                ),
            ],
            horizontal: false,
        };
        let what = if lang.is_zh() {
            format!("居民医保缴费负担（占收入比重，{year}年）")
        } else {
            format!("Resident premium burden, share of income ({year})")
        };
        self.chart(self.title(&what, unit, None), Plot::Bars(plot))
    }

    /// The burden of the lowest and highest quintiles over time.
    pub fn burden_lines(&self, unit: &str) -> Chart {
        let series = self.pair(
            unit,
            Fund::Resident,
            &[Metric::Burden(0), Metric::Burden(4)],
        );
        let what = tr(
            self.lang,
            "最低与最高收入组的缴费负担",
            "Premium burden of the lowest and top income groups",
        );
        self.chart(
            self.title(&what, unit, None),
            Plot::Lines(self.lines(Quantity::Percent, series)),
        )
    }

    /// Months of reserve of every province and year for a fund.
    pub fn province_grid(&self, fund: Fund) -> Chart {
        let lang = self.lang;
        let p = self.scenario.projection;
        let rows = self
            .units
            .iter()
            .filter(|u| u.0 != NATION_CODE)
            .filter_map(|u| {
                let s = p.series(&u.0, fund)?;
                Some((
                    self.unit_name(&u.0),
                    s.rows.iter().map(|r| r.months_of_reserve).collect(),
                ))
            })
            .collect();
        let classes = palette::MONTHS_CLASSES
            .iter()
            .enumerate()
            .map(|(i, (lo, c))| {
                let hi = palette::MONTHS_CLASSES.get(i + 1).map(|x| x.0);
                let label = match (i, hi) {
                    (0, Some(h)) => format!("< {h}"),
                    (_, Some(h)) if *lo == 6.0 => {
                        if lang.is_zh() {
                            format!("{lo}–{h}（目标区间）")
                        } else {
                            format!("{lo}–{h} (target band)")
                        }
                    }
                    (_, Some(h)) => format!("{lo}–{h}"),
                    (_, None) => format!("≥ {lo}"),
                };
                (label, *c)
            })
            .collect();
        let plot = GridPlot {
            first_year: p.base_year,
            rows,
            classes,
        };
        let what = tr(lang, "各省可支付月数", "Months of reserve by province");
        let mut chart = self.chart(self.title(&what, NATION_CODE, Some(fund)), Plot::Grid(plot));
        chart.subtitle = if lang.is_zh() {
            format!("方案：{}", self.scenario.name)
        } else {
            format!("Scenario: {}", self.scenario.name)
        };
        chart
    }

    /// One metric of the baseline, the scenario and every compared scenario; each scenario
    /// keeps its colour in every comparison chart.
    pub fn comparison(&self, unit: &str, fund: Fund, m: Metric) -> Chart {
        let lang = self.lang;
        let mut series = vec![
            Series {
                name: tr(lang, "现行政策基准", "Current-law baseline"),
                color: palette::SCENARIO,
                stroke: Stroke::Faint,
                points: points(self.baseline.projection, unit, fund, m),
            },
            Series {
                name: self.scenario.name.to_owned(),
                color: palette::SCENARIO,
                stroke: Stroke::Solid,
                points: points(self.scenario.projection, unit, fund, m),
            },
        ];
        for (i, run) in self.compare.iter().enumerate() {
            series.push(Series {
                name: run.name.to_owned(),
                color: palette::COMPARE[i % palette::COMPARE.len()],
                stroke: Stroke::Dashed,
                points: points(run.projection, unit, fund, m),
            });
        }
        let mut plot = self.lines(m.render_quantity(), series);
        if m == Metric::Months && fund != Fund::EmployeeAccounts {
            plot.band = Some(band(lang));
        }
        let what = if lang.is_zh() {
            format!("方案对比：{}", m.name(lang))
        } else {
            format!("Comparison: {}", m.name(lang))
        };
        let mut chart = self.chart(self.title(&what, unit, Some(fund)), Plot::Lines(plot));
        chart.subtitle = if lang.is_zh() {
            format!("方案：{}；虚线为对比方案", self.scenario.name)
        } else {
            format!(
                "Scenario: {}; dashed: compared scenarios",
                self.scenario.name
            )
        };
        chart
    }

    /// Scenario minus baseline of a metric.
    pub fn difference(&self, unit: &str, fund: Fund, m: Metric) -> Chart {
        let lang = self.lang;
        let base = points(self.baseline.projection, unit, fund, m);
        let diff: Vec<[f64; 2]> = points(self.scenario.projection, unit, fund, m)
            .into_iter()
            .filter_map(|[x, y]| {
                let b = base.iter().find(|q| q[0] == x)?;
                Some([x, y - b[1]])
            })
            .collect();
        let series = vec![Series {
            name: tr(lang, "方案减基准", "Scenario minus baseline"),
            color: palette::SCENARIO,
            stroke: Stroke::Solid,
            points: diff,
        }];
        let what = if lang.is_zh() {
            format!("{}：方案与基准之差", m.name(lang))
        } else {
            format!("{}: scenario minus baseline", m.name(lang))
        };
        self.chart(
            self.title(&what, unit, Some(fund)),
            Plot::Lines(self.lines(m.render_quantity(), series)),
        )
    }

    /// The charts of one unit: per main fund flows, current balance, balance, months and the
    /// difference view of the balance; for the resident fund the burden charts.
    pub fn unit_charts(&self, unit: &str) -> Vec<Named> {
        let mut out = Vec::new();
        for fund in Fund::MAIN {
            let f = fund.id();
            let mut add = |name: &str, chart: Chart| {
                out.push(Named {
                    stem: format!("{unit}_{f}_{name}"),
                    chart,
                });
            };
            add("flows", self.flows(unit, fund));
            add("current_balance", self.current_balance(unit, fund));
            add("balance", self.balance(unit, fund));
            add("months", self.months(unit, fund));
            add("backstop", self.backstop(unit, fund));
            add(
                "balance_difference",
                self.difference(unit, fund, Metric::Balance),
            );
            if !self.compare.is_empty() {
                add(
                    "compare_months",
                    self.comparison(unit, fund, Metric::Months),
                );
                add(
                    "compare_balance",
                    self.comparison(unit, fund, Metric::Balance),
                );
            }
        }
        out.push(Named {
            stem: format!("{unit}_burden_{MID_YEAR}"),
            chart: self.burden_bars(unit, MID_YEAR),
        });
        out.push(Named {
            stem: format!("{unit}_burden_over_time"),
            chart: self.burden_lines(unit),
        });
        out
    }
}

/// A gap chart: file stem, title, quantity and the value of a year's gap row.
type GapSpec = (
    &'static str,
    String,
    Quantity,
    fn(&crate::model::output::GapRow) -> f64,
);

/// The 6–9 month target band.
pub fn band(lang: Lang) -> Band {
    Band {
        name: tr(lang, "6–9个月目标区间", "6–9 month target band"),
        lo: crate::model::summary::RESERVE_TARGET_MONTHS.0,
        hi: crate::model::summary::RESERVE_TARGET_MONTHS.1,
        color: palette::BAND,
    }
}

/// Germany's and Korea's statutory reserve levels as reference (docs/model.md §6).
pub fn references(lang: Lang) -> Vec<Band> {
    vec![
        Band {
            name: tr(
                lang,
                "德国 0.2–1个月（模型说明§6）",
                "Germany 0.2–1 month (model §6)",
            ),
            lo: 0.2,
            hi: 1.0,
            color: palette::REFERENCE,
        },
        Band {
            name: tr(
                lang,
                "韩国 约6个月（模型说明§6）",
                "Korea about 6 months (model §6)",
            ),
            lo: 6.0,
            hi: 6.0,
            color: Color::rgb(0x6a, 0x3d, 0x9a),
        },
    ]
}
