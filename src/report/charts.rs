//! The charts of a report, built from projections: the very panels the app shows
//! ([`super::spec`]: flows, current balance, balance with the shade and the depletion marker,
//! months of reserve with the 6–9 month band and the references on pooled funds, benefit
//! gaps, quintile burden, the comparison and the difference), the burden bars and the province
//! grid.

use super::spec::{self, ChartPanel, ChartView, Runs, text};
use crate::model::keys::NATION_CODE;
use crate::model::{Fund, Projection};
use crate::render::{BarPlot, Chart, Color, GridPlot, Lang, Plot, Quantity, palette};

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

pub use super::metric::PlotMetric;

/// The classes of the months-of-reserve grid with their labels, lowest first (the app's grid
/// legend and the file's).
pub fn months_classes(lang: Lang) -> Vec<(String, Color)> {
    palette::MONTHS_CLASSES
        .iter()
        .enumerate()
        .map(|(i, (lo, c))| {
            let hi = palette::MONTHS_CLASSES.get(i + 1).map(|x| x.0);
            let label = match (i, hi) {
                (0, Some(h)) => format!("< {h}"),
                (_, Some(_)) if *lo == spec::target_band(lang).lo => text::band(lang).to_owned(),
                (_, Some(h)) => format!("{lo}–{h}"),
                (_, None) => format!("≥ {lo}"),
            };
            (label, *c)
        })
        .collect()
}

impl Context<'_> {
    /// A unit's name.
    pub fn unit_name(&self, code: &str) -> String {
        super::unit_name(&self.units, code, self.lang)
    }

    /// `unit｜fund` of a chart's title.
    fn place(&self, unit: &str, fund: Option<Fund>) -> String {
        let mut t = self.unit_name(unit);
        if let Some(f) = fund {
            t.push_str(self.lang.title_sep());
            t.push_str(f.label(self.lang.is_zh()));
        }
        t
    }

    fn runs(&self) -> Runs<'_> {
        Runs {
            scenario_name: self.scenario.name,
            scenario: self.scenario.projection,
            baseline: self.baseline.projection,
            compare: self
                .compare
                .iter()
                .map(|r| (r.name, r.projection))
                .collect(),
        }
    }

    fn view(&self, unit: &str, fund: Fund) -> ChartView {
        ChartView {
            unit: unit.to_owned(),
            fund,
            lang: self.lang,
            reference_lines: true,
            compare_metric: PlotMetric::Balance,
        }
    }

    /// The file chart of a panel of `unit` and `fund`.
    pub fn panel_chart(&self, panel: &ChartPanel, unit: &str, fund: Fund) -> Chart {
        panel.to_chart(
            &self.place(unit, panel.fund(fund)),
            panel.subtitle(self.scenario.name, self.lang),
            self.footer.clone(),
            self.lang,
        )
    }

    fn first(&self, panels: Vec<ChartPanel>, unit: &str, fund: Fund, n: usize) -> Chart {
        let panel = panels.into_iter().nth(n).unwrap_or_else(|| {
            spec::metric_panel(&self.runs(), &self.view(unit, fund), PlotMetric::Balance)
        });
        self.panel_chart(&panel, unit, fund)
    }

    /// Income and expenditure (the Flows tab's first panel).
    pub fn flows(&self, unit: &str, fund: Fund) -> Chart {
        self.first(
            spec::flows(&self.runs(), &self.view(unit, fund)),
            unit,
            fund,
            0,
        )
    }

    /// 当期结余 (the Flows tab's second panel).
    pub fn current_balance(&self, unit: &str, fund: Fund) -> Chart {
        self.first(
            spec::flows(&self.runs(), &self.view(unit, fund)),
            unit,
            fund,
            1,
        )
    }

    /// 累计结存 as the Reserve tab draws it: the balance without balancing measures when a rule
    /// acted, the shade between them, the depletion marker and the published years.
    pub fn balance(&self, unit: &str, fund: Fund) -> Chart {
        self.first(
            spec::reserve(&self.runs(), &self.view(unit, fund)),
            unit,
            fund,
            0,
        )
    }

    /// 可支付月数 as the Reserve tab draws it, with the 6–9 month band and the Germany and
    /// Korea references on pooled funds and the depletion marker (docs/model.md §7).
    pub fn months(&self, unit: &str, fund: Fund) -> Chart {
        self.first(
            spec::reserve(&self.runs(), &self.view(unit, fund)),
            unit,
            fund,
            1,
        )
    }

    /// Backstop paid each year.
    pub fn backstop(&self, unit: &str, fund: Fund) -> Chart {
        let panel = spec::metric_panel(&self.runs(), &self.view(unit, fund), PlotMetric::Backstop);
        self.panel_chart(&panel, unit, fund)
    }

    /// The national benefit gaps over time (spending ratio, reimbursement gap, payable gap).
    pub fn gaps(&self) -> Vec<Named> {
        let view = self.view(NATION_CODE, Fund::Resident);
        [
            ("spending_ratio", PlotMetric::SpendingRatio),
            ("reimbursement_gap", PlotMetric::ReimbursementGap),
            ("payable_gap", PlotMetric::PayableGap),
        ]
        .into_iter()
        .map(|(stem, m)| Named {
            stem: format!("CN_gap_{stem}"),
            chart: self.panel_chart(
                &spec::metric_panel(&self.runs(), &view, m),
                NATION_CODE,
                Fund::Resident,
            ),
        })
        .collect()
    }

    /// The chart around a plot that is not a panel (bars, the grid).
    fn chart(&self, title: String, subtitle: String, plot: Plot) -> Chart {
        Chart {
            title,
            subtitle,
            footer: self.footer.clone(),
            lang: self.lang,
            plot,
        }
    }

    /// Premium burden by income quintile in a year: baseline beside scenario, named and
    /// coloured as the Burden tab's bars.
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
            categories: (0..5).map(|q| text::quintile(lang, q).to_owned()).collect(),
            groups: vec![
                (
                    text::baseline(lang).to_owned(),
                    spec::baseline_bar_color(),
                    at(self.baseline.projection),
                ),
                (
                    text::current(lang).to_owned(),
                    palette::SCENARIO,
                    at(self.scenario.projection),
                ),
            ],
            horizontal: false,
        };
        let sep = lang.title_sep();
        let what = if lang.is_zh() {
            format!("{}，{year}年", text::burden(lang))
        } else {
            format!("{}, {year}", text::burden(lang))
        };
        let title = format!("{what}{sep}{}", self.place(unit, Some(Fund::Resident)));
        let subtitle = if lang.is_zh() {
            format!("方案：{}（浅色为现行政策基准）", self.scenario.name)
        } else {
            format!(
                "Scenario: {} (faint: current-law baseline)",
                self.scenario.name
            )
        };
        self.chart(title, subtitle, Plot::Bars(plot))
    }

    /// The burden of the lowest and highest quintiles over time (the Burden tab's panel).
    pub fn burden_lines(&self, unit: &str) -> Chart {
        let fund = Fund::Resident;
        self.first(
            spec::burden(&self.runs(), &self.view(unit, fund)),
            unit,
            fund,
            0,
        )
    }

    /// The provinces of [`Self::province_grid`]'s rows, in order: every unit but the nation
    /// that has a series of the fund.
    pub fn grid_codes(&self, fund: Fund) -> Vec<String> {
        self.units
            .iter()
            .filter(|u| u.0 != NATION_CODE)
            .filter(|u| self.scenario.projection.series(&u.0, fund).is_some())
            .map(|u| u.0.clone())
            .collect()
    }

    /// Months of reserve of every province and year for a fund.
    pub fn province_grid(&self, fund: Fund) -> Chart {
        let lang = self.lang;
        let p = self.scenario.projection;
        let rows = self
            .grid_codes(fund)
            .iter()
            .filter_map(|code| {
                let s = p.series(code, fund)?;
                Some((
                    self.unit_name(code),
                    s.rows.iter().map(|r| r.months_of_reserve).collect(),
                ))
            })
            .collect();
        let classes = months_classes(lang);
        let plot = GridPlot {
            first_year: p.base_year,
            rows,
            classes,
        };
        let what = tr(lang, "各省可支付月数", "Months of reserve by province");
        let sep = lang.title_sep();
        let subtitle = if lang.is_zh() {
            format!("方案：{}", self.scenario.name)
        } else {
            format!("Scenario: {}", self.scenario.name)
        };
        self.chart(
            format!("{what}{sep}{}", self.place(NATION_CODE, Some(fund))),
            subtitle,
            Plot::Grid(plot),
        )
    }

    /// One metric of the baseline, the scenario and every compared scenario (the Compare
    /// tab's panel); each scenario keeps its colour in every comparison chart.
    pub fn comparison(&self, unit: &str, fund: Fund, m: PlotMetric) -> Chart {
        let view = ChartView {
            compare_metric: m,
            ..self.view(unit, fund)
        };
        self.first(spec::compare(&self.runs(), &view), unit, fund, 0)
    }

    /// Scenario minus baseline of a metric (a panel of the Difference tab).
    pub fn difference(&self, unit: &str, fund: Fund, m: PlotMetric) -> Chart {
        let panel = spec::difference_panel(&self.runs(), &self.view(unit, fund), m);
        self.panel_chart(&panel, unit, fund)
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
                self.difference(unit, fund, PlotMetric::Balance),
            );
            if !self.compare.is_empty() {
                add(
                    "compare_months",
                    self.comparison(unit, fund, PlotMetric::Months),
                );
                add(
                    "compare_balance",
                    self.comparison(unit, fund, PlotMetric::Balance),
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
