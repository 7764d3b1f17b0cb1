//! The numbers every chart draws, from one function ([`chart_data`]) that tests call too, so
//! that they assert on exactly what is plotted.

use crate::app::format::Quantity;
use crate::app::i18n::tf;
use crate::app::i18n::{Lang, T};
use crate::app::prefs::Tab;
use crate::app::state::AppState;
use crate::app::theme;
use crate::model::summary::RESERVE_TARGET_MONTHS as TARGET;
use crate::model::{Fund, Projection};
pub use crate::report::metric::{Metric, metric_points};
use crate::report::metric::{clip_below, is_total, reserve_floor};
use eframe::egui;
use egui::Color32;

impl Metric {
    /// The metrics the Compare tab offers.
    pub const COMPARABLE: [Metric; 5] = [
        Metric::Balance,
        Metric::Months,
        Metric::CurrentBalance,
        Metric::Backstop,
        Metric::Income,
    ];

    /// What the numbers measure.
    pub fn quantity(self) -> Quantity {
        match self {
            Metric::Months => Quantity::Months,
            Metric::SpendingRatio => Quantity::Ratio,
            Metric::ReimbursementGap => Quantity::Points,
            Metric::Burden(_) => Quantity::Percent,
            _ => Quantity::MoneyYi,
        }
    }

    /// Series name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Metric::Income => T::SIncome.get(lang),
            Metric::Expenditure => T::SExpenditure.get(lang),
            Metric::ExpenditureScheduled => T::SExpenditureScheduled.get(lang),
            Metric::CurrentBalance => T::SCurrentBalance.get(lang),
            Metric::Balance => T::SBalance.get(lang),
            Metric::BalanceBeforeRule => T::SBalanceBeforeRule.get(lang),
            Metric::Months => T::SMonths.get(lang),
            Metric::Backstop => T::SBackstop.get(lang),
            Metric::SpendingRatio => T::SSpendingRatio.get(lang),
            Metric::ReimbursementGap => T::SReimbursementGap.get(lang),
            Metric::PayableGap => T::SPayableGap.get(lang),
            Metric::Burden(q) => QUINTILE_LABELS.get(q).map_or("", |k| k.get(lang)),
            Metric::CombinedBalance => T::SCombinedBalance.get(lang),
            Metric::UnmetAccountNeed => T::SUnmetAccountNeed.get(lang),
        }
    }

    /// The scenario's colour.
    pub fn color(self) -> Color32 {
        match self {
            Metric::Income => theme::INCOME,
            Metric::Expenditure => theme::EXPENDITURE,
            Metric::ExpenditureScheduled | Metric::BalanceBeforeRule => theme::SCHEDULED,
            Metric::Backstop | Metric::PayableGap | Metric::UnmetAccountNeed => theme::DANGER,
            Metric::CombinedBalance => theme::INCOME,
            Metric::Burden(q) => theme::QUINTILES.get(q).copied().unwrap_or(theme::SCENARIO),
            _ => theme::SCENARIO,
        }
    }
}

/// Labels of the income quintiles, lowest first.
pub const QUINTILE_LABELS: [T; 5] = [
    T::Quintile1,
    T::Quintile2,
    T::Quintile3,
    T::Quintile4,
    T::Quintile5,
];

/// Whose line it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The working scenario.
    Scenario,
    /// The current-law baseline, drawn faintly behind.
    Baseline,
    /// A compared scenario (index into the comparison set).
    Compare(usize),
}

/// One plotted line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// Legend and hover name.
    pub name: String,
    /// The quantity plotted.
    pub metric: Metric,
    /// Whose line.
    pub kind: LineKind,
    /// Colour.
    pub color: Color32,
    /// `(year, value)` in stored units.
    pub points: Vec<[f64; 2]>,
}

/// One plot of a tab.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPanel {
    /// Plot title.
    pub title: String,
    /// Unit of the y axis.
    pub quantity: Quantity,
    /// Lines, baseline first so that the scenario draws on top.
    pub lines: Vec<ChartLine>,
    /// A shaded horizontal band (months of reserve target) with its name.
    pub band: Option<(String, f64, f64)>,
    /// Reference bands (other countries), name and range.
    pub references: Vec<(String, f64, f64)>,
    /// Draw a zero line.
    pub zero_line: bool,
    /// A shaded area, name and `[year, upper, lower]` per year: what balancing measures have
    /// put into the fund so far (between the balance and the balance without them).
    pub shade: Option<(String, Vec<[f64; 3]>)>,
    /// A marked year (the depletion year the headline card shows), name and year.
    pub marker: Option<(String, f64)>,
    /// The published years (the base year and the history years held to the bulletins), name
    /// and first and last year: shaded so that a reader tells figures from forecasts.
    pub published: Option<(String, f64, f64)>,
}

impl ChartPanel {
    /// The points of the first line of a metric and kind.
    pub fn points(&self, metric: Metric, kind: LineKind) -> Option<&[[f64; 2]]> {
        self.lines
            .iter()
            .find(|l| l.metric == metric && l.kind == kind)
            .map(|l| l.points.as_slice())
    }

    /// Whether there is anything to draw.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.points.is_empty())
    }
}

/// What the charts show: unit, fund and the view options.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartView {
    /// `CN` or a province code.
    pub unit: String,
    /// Selected fund.
    pub fund: Fund,
    /// Language of names.
    pub lang: Lang,
    /// Draw the Germany and Korea reference bands.
    pub reference_lines: bool,
    /// Metric of the Compare tab.
    pub compare_metric: Metric,
}

/// The panels a registered tab draws (the province grid reads the projection directly).
pub fn chart_data(state: &AppState, tab: Tab, view: &ChartView) -> Vec<ChartPanel> {
    tab.def().panels(state, view)
}

/// The years of a projection held to published figures (rows marked `history`), with the
/// label drawn over them (已公布).
pub fn published_span(p: &Projection, lang: Lang) -> Option<(String, f64, f64)> {
    let rows = &p.series.first()?.rows;
    let first = rows.first().filter(|r| r.history)?.year;
    let last = rows.iter().take_while(|r| r.history).last()?.year;
    let name = T::PublishedYears.get(lang).to_owned();
    Some((name, f64::from(first), f64::from(last)))
}

/// The panels of the built-in line-chart tabs, the published years shaded on every time chart.
pub(crate) fn tab_panels(state: &AppState, tab: Tab, view: &ChartView) -> Vec<ChartPanel> {
    let mut panels = line_panels(state, tab, view);
    let span = published_span(&state.projection, view.lang);
    // Time charts only: their x values are years.
    let over_years = |p: &ChartPanel| {
        p.lines
            .iter()
            .any(|l| l.points.first().is_some_and(|pt| pt[0] >= 1900.0))
    };
    for panel in panels.iter_mut().filter(|p| over_years(p)) {
        panel.published.clone_from(&span);
    }
    panels
}

/// [`tab_panels`] before the published years are marked.
fn line_panels(state: &AppState, tab: Tab, view: &ChartView) -> Vec<ChartPanel> {
    let lang = view.lang;
    let pair = |metrics: &[Metric], title: &str| {
        let mut lines = Vec::new();
        for &m in metrics {
            lines.push(line(&state.baseline, view, m, LineKind::Baseline));
        }
        for &m in metrics {
            lines.push(line(&state.projection, view, m, LineKind::Scenario));
        }
        // Scheduled expenditure only matters when benefits were cut.
        lines.retain(|l| match l.metric {
            Metric::ExpenditureScheduled => differs(
                &l.points,
                &metric_points_of(state, view, l.kind, Metric::Expenditure),
            ),
            _ => true,
        });
        ChartPanel {
            title: title.to_owned(),
            quantity: metrics.first().map_or(Quantity::MoneyYi, |m| m.quantity()),
            lines,
            band: None,
            references: Vec::new(),
            zero_line: false,
            shade: None,
            marker: None,
            published: None,
        }
    };
    match tab {
        Tab::Flows => {
            let flows = [
                Metric::Income,
                Metric::Expenditure,
                Metric::ExpenditureScheduled,
            ];
            let mut current = pair(
                &[Metric::CurrentBalance],
                Metric::CurrentBalance.label(lang),
            );
            current.zero_line = true;
            vec![pair(&flows, T::SFlows.get(lang)), current]
        }
        Tab::Reserve => {
            let employee = matches!(view.fund, Fund::EmployeePooled | Fund::EmployeeAccounts);
            let mut balance = reserve_panel(state, view, &pair, employee);
            let mut months = pair(&[Metric::Months], Metric::Months.label(lang));
            // The 6–9 month band is a target of pooled funds; it means nothing for accounts.
            if view.fund != Fund::EmployeeAccounts {
                months.band = Some((T::Band.get(lang).to_owned(), TARGET.0, TARGET.1));
            }
            if view.reference_lines {
                months.references = vec![
                    (T::Germany.get(lang).to_owned(), 0.2, 1.0),
                    (T::Korea.get(lang).to_owned(), 6.0, 6.0),
                ];
            }
            months.zero_line = true;
            // The depletion year, where the months line reaches zero (docs/model.md §7).
            months.marker.clone_from(&balance.marker);
            balance.zero_line = balance.shade.is_some();
            let mut panels = vec![balance, months];
            if employee {
                panels.push(pair(
                    &[Metric::UnmetAccountNeed],
                    Metric::UnmetAccountNeed.label(lang),
                ));
            }
            panels
        }
        Tab::Gaps => [
            Metric::SpendingRatio,
            Metric::ReimbursementGap,
            Metric::PayableGap,
            Metric::Backstop,
            Metric::BalanceBeforeRule,
        ]
        .iter()
        .map(|&m| {
            let mut title = m.label(lang).to_owned();
            if m.is_national_gap() {
                title.push_str(T::NationalOnly.get(lang));
            }
            let mut panel = pair(&[m], &title);
            panel.zero_line = m == Metric::BalanceBeforeRule;
            panel
        })
        .collect(),
        Tab::Burden => {
            let mut p = pair(
                &[Metric::Burden(0), Metric::Burden(4)],
                T::BurdenOverTime.get(lang),
            );
            p.quantity = Quantity::Percent;
            vec![p]
        }
        Tab::Provinces
        | Tab::Uncertainty
        | Tab::Regions
        | Tab::Heatmap
        | Tab::Decompose
        | Tab::Fiscal => Vec::new(),
        Tab::Difference => [Metric::Balance, Metric::Months, Metric::CurrentBalance]
            .iter()
            .map(|&m| {
                let base = metric_points(&state.baseline, &view.unit, view.fund, m);
                let points = metric_points(&state.projection, &view.unit, view.fund, m)
                    .into_iter()
                    .filter_map(|[x, y]| {
                        let b = base.iter().find(|p| p[0] == x)?;
                        Some([x, y - b[1]])
                    })
                    .collect();
                ChartPanel {
                    title: crate::app::i18n::tf(lang, T::MinusBaseline, &[m.label(lang)]),
                    quantity: m.quantity(),
                    lines: vec![ChartLine {
                        name: T::TabDifference.get(lang).to_owned(),
                        metric: m,
                        kind: LineKind::Scenario,
                        color: m.color(),
                        points,
                    }],
                    band: None,
                    references: Vec::new(),
                    zero_line: true,
                    shade: None,
                    marker: None,
                    published: None,
                }
            })
            .collect(),
        Tab::Compare => {
            let m = view.compare_metric;
            let mut lines = vec![
                line(&state.baseline, view, m, LineKind::Baseline),
                line(&state.projection, view, m, LineKind::Scenario),
            ];
            lines[0].name = T::Baseline.get(lang).to_owned();
            lines[1].name = T::Current.get(lang).to_owned();
            for (i, entry) in state.compare.iter().enumerate() {
                let mut l = line(&entry.projection, view, m, LineKind::Compare(i));
                l.name.clone_from(&entry.name);
                lines.push(l);
            }
            let mut panel = ChartPanel {
                title: m.label(lang).to_owned(),
                quantity: m.quantity(),
                lines,
                band: None,
                references: Vec::new(),
                zero_line: m == Metric::CurrentBalance,
                shade: None,
                marker: None,
                published: None,
            };
            if m == Metric::Months && view.fund != Fund::EmployeeAccounts {
                panel.band = Some((T::Band.get(lang).to_owned(), TARGET.0, TARGET.1));
            }
            vec![panel]
        }
    }
}

/// The reserve tab's balance panel: the balance, the balance without balancing measures
/// (drawn dashed where it differs), what the measures put in shaded between the two, the
/// depletion year marked, and for the employee scheme the pooled fund and accounts together.
/// For a total of funds that do not share one purse (the nation, a province with sub-units:
/// [`is_total`]) the lines are named the reserves held and the net position (whose months the
/// months panel draws and whose first non-positive year is the marker), the shade the
/// cumulative backstop. The value axis follows the held lines: a dashed line that falls
/// further below zero than they rise above it stops there, and its name says from which year.
fn reserve_panel(
    state: &AppState,
    view: &ChartView,
    pair: &dyn Fn(&[Metric], &str) -> ChartPanel,
    employee: bool,
) -> ChartPanel {
    let lang = view.lang;
    let mut metrics = vec![Metric::Balance, Metric::BalanceBeforeRule];
    if employee {
        metrics.push(Metric::CombinedBalance);
    }
    let mut panel = pair(&metrics, Metric::Balance.label(lang));
    panel.lines.retain(|l| {
        l.metric != Metric::BalanceBeforeRule
            || differs(
                &l.points,
                &metric_points_of(state, view, l.kind, Metric::Balance),
            )
    });
    let p = &state.projection;
    let total = is_total(p, &view.unit, view.fund);
    let depletion = p
        .summary(&view.unit, view.fund)
        .and_then(|s| s.depletion_year);
    let before = metric_points(p, &view.unit, view.fund, Metric::BalanceBeforeRule);
    let floor = reserve_floor(
        panel
            .lines
            .iter()
            .filter(|l| l.metric != Metric::BalanceBeforeRule)
            .map(|l| l.points.as_slice()),
        &before,
        depletion,
    );
    for l in &mut panel.lines {
        let baseline = l.kind == LineKind::Baseline;
        let name = match l.metric {
            Metric::Balance if total => T::SReservesHeld.get(lang),
            Metric::BalanceBeforeRule if total => T::SNetPosition.get(lang),
            _ => continue,
        };
        l.name = if baseline {
            with_baseline(name, lang)
        } else {
            name.to_owned()
        };
    }
    for l in &mut panel.lines {
        if l.metric == Metric::BalanceBeforeRule {
            let (drawn, off) = clip_below(&l.points, floor);
            l.points = drawn;
            if let Some(y) = off {
                l.name = tf(lang, T::BelowChart, &[&l.name, &y.to_string()]);
            }
        }
    }
    let balance = metric_points(p, &view.unit, view.fund, Metric::Balance);
    let shade: Vec<[f64; 3]> = balance
        .iter()
        .zip(&before)
        .take_while(|(_, x)| x[1] >= floor)
        .map(|(b, x)| [b[0], b[1], x[1]])
        .collect();
    if shade
        .iter()
        .any(|[_, b, x]| b - x > 1e-9 * b.abs().max(1.0))
    {
        let name = if total {
            T::CumulativeBackstopShade
        } else {
            T::BalancingShade
        };
        panel.shade = Some((name.get(lang).to_owned(), shade));
    }
    panel.marker = depletion.map(|y| (T::DepletionMarker.get(lang).to_owned(), f64::from(y)));
    panel
}

/// A line's name with the baseline's mark.
fn with_baseline(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}（{}）", T::Baseline.get(lang)),
        Lang::En => format!("{name} ({})", T::Baseline.get(lang)),
    }
}

fn metric_points_of(
    state: &AppState,
    view: &ChartView,
    kind: LineKind,
    m: Metric,
) -> Vec<[f64; 2]> {
    let p = match kind {
        LineKind::Baseline => &state.baseline,
        _ => &state.projection,
    };
    metric_points(p, &view.unit, view.fund, m)
}

fn differs(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    a.len() != b.len()
        || a.iter()
            .zip(b)
            .any(|(x, y)| (x[1] - y[1]).abs() > 1e-9 * x[1].abs().max(1.0))
}

fn line(p: &Projection, view: &ChartView, metric: Metric, kind: LineKind) -> ChartLine {
    let lang = view.lang;
    let (name, color) = match kind {
        LineKind::Scenario => (metric.label(lang).to_owned(), metric.color()),
        LineKind::Baseline => (
            with_baseline(metric.label(lang), lang),
            theme::faint(metric.color()),
        ),
        LineKind::Compare(i) => (String::new(), theme::COMPARE[i % theme::COMPARE.len()]),
    };
    ChartLine {
        name,
        metric,
        kind,
        color,
        points: metric_points(p, &view.unit, view.fund, metric),
    }
}

/// Premium burden by income quintile in one year (resident fund), lowest first.
pub fn burden_at(p: &Projection, unit: &str, year: i32) -> Option<[f64; 5]> {
    p.series(unit, Fund::Resident)?.row(year)?.burden
}
