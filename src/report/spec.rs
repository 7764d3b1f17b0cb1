//! The one description of every line chart over years (issue 20): a [`ChartPanel`] names its
//! series, band, reference lines, shaded area, depletion marker and published years, with their
//! names, unit, colours and line styles, in one language. The app draws a panel on screen with
//! egui_plot (`app::plots::charts`, keeping hover and zoom); [`ChartPanel::to_chart`] turns the
//! same panel into a [`render::Chart`] for PNG/SVG/CSV files and the report pack. Nothing here
//! knows egui, so `cargo build --no-default-features` builds it for the command line.
//!
//! The builders ([`flows`], [`reserve`], [`gaps`], [`burden`], [`difference`], [`compare`]) read
//! projections only ([`Runs`]), so the app's tabs and the report's charts are the same panels.

use super::metric::{PlotMetric, clip_below, is_total, metric_points, reserve_floor};
use crate::model::summary::RESERVE_TARGET_MONTHS as TARGET;
use crate::model::{Fund, Projection};
use crate::render::{
    Area, Band, Chart, Color, Lang, LinePlot, Marker, Plot, Quantity, Series, Span, Stroke, palette,
};

/// `zh` or `en`.
fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang.is_zh() { zh } else { en }
}

/// The chart texts that are not a metric's name, each in one place.
pub mod text {
    use super::{Lang, tr};

    /// The income and expenditure panel's title.
    pub fn flows(lang: Lang) -> &'static str {
        tr(lang, "基金收入与支出", "Income and expenditure")
    }
    /// The current-law baseline's mark after a line's name.
    pub fn baseline(lang: Lang) -> &'static str {
        tr(lang, "基准", "Baseline")
    }
    /// The working scenario in a comparison.
    pub fn current(lang: Lang) -> &'static str {
        tr(lang, "当前方案", "Current scenario")
    }
    /// The 6–9 month target band.
    pub fn band(lang: Lang) -> &'static str {
        tr(lang, "6–9个月目标区间", "6–9 month target band")
    }
    /// Germany's reserve as a reference (docs/model.md §6).
    pub fn germany(lang: Lang) -> &'static str {
        tr(lang, "德国（0.2–1个月）", "Germany (0.2–1 month)")
    }
    /// Korea's reserve as a reference (docs/model.md §6).
    pub fn korea(lang: Lang) -> &'static str {
        tr(lang, "韩国（约6个月）", "Korea (about 6 months)")
    }
    /// The published years' shading.
    pub fn published(lang: Lang) -> &'static str {
        tr(lang, "已公布", "published")
    }
    /// What balancing measures put into a fund so far (the shade).
    pub fn balancing_shade(lang: Lang) -> &'static str {
        tr(
            lang,
            "平衡措施累计投入（兜底等）",
            "Balancing measures to date (backstop etc.)",
        )
    }
    /// The cumulative backstop of a total (the shade).
    pub fn backstop_shade(lang: Lang) -> &'static str {
        tr(
            lang,
            "累计兜底（实际持有−净头寸）",
            "Cumulative backstop (held − net)",
        )
    }
    /// A total's held balance (docs/model.md §7).
    pub fn reserves_held(lang: Lang) -> &'static str {
        tr(lang, "累计结存（实际持有）", "Reserves held")
    }
    /// A total's net position (docs/model.md §7).
    pub fn net_position(lang: Lang) -> &'static str {
        tr(lang, "净头寸（未计兜底）", "Net position (before backstop)")
    }
    /// A line that leaves the chart from a year.
    pub fn below_chart(lang: Lang, name: &str, year: i32) -> String {
        if lang.is_zh() {
            format!("{name}；{year}年起超出图幅未画出")
        } else {
            format!("{name}; off the chart from {year}")
        }
    }
    /// The depletion marker's name.
    pub fn depleted(lang: Lang, year: i32) -> String {
        if lang.is_zh() {
            format!("{year}年耗尽")
        } else {
            format!("depleted in {year}")
        }
    }
    /// The burden panel's title.
    pub fn burden_over_time(lang: Lang) -> &'static str {
        tr(
            lang,
            "最低与最高收入组负担",
            "Burden of the lowest and highest quintiles",
        )
    }
    /// The premium burden (bars).
    pub fn burden(lang: Lang) -> &'static str {
        tr(
            lang,
            "缴费负担（保费占收入）",
            "Premium burden (premium ÷ income)",
        )
    }
    /// After the title of a national-only metric.
    pub fn national_only(lang: Lang) -> &'static str {
        tr(lang, "（全国）", " (nation)")
    }
    /// The difference line's name.
    pub fn difference(lang: Lang) -> &'static str {
        tr(lang, "方案与基准之差", "Scenario − baseline")
    }
    /// A difference panel's title.
    pub fn minus_baseline(lang: Lang, what: &str) -> String {
        if lang.is_zh() {
            format!("{what}：方案减基准")
        } else {
            format!("{what}: scenario minus baseline")
        }
    }
    /// Name of an income quintile (0 = lowest).
    pub fn quintile(lang: Lang, q: usize) -> &'static str {
        const ZH: [&str; 5] = ["最低20%", "较低20%", "中间20%", "较高20%", "最高20%"];
        const EN: [&str; 5] = [
            "Lowest 20%",
            "Lower-middle 20%",
            "Middle 20%",
            "Upper-middle 20%",
            "Highest 20%",
        ];
        let names = if lang.is_zh() { ZH } else { EN };
        names.get(q).copied().unwrap_or("")
    }
    /// A line's name with the baseline's mark.
    pub fn with_baseline(lang: Lang, name: &str) -> String {
        if lang.is_zh() {
            format!("{name}（{}）", baseline(lang))
        } else {
            format!("{name} (baseline)")
        }
    }
}

impl PlotMetric {
    /// The metrics the Compare tab offers.
    pub const COMPARABLE: [PlotMetric; 5] = [
        PlotMetric::Balance,
        PlotMetric::Months,
        PlotMetric::CurrentBalance,
        PlotMetric::Backstop,
        PlotMetric::Income,
    ];

    /// What the numbers measure.
    pub fn quantity(self) -> Quantity {
        match self {
            PlotMetric::Months => Quantity::Months,
            PlotMetric::SpendingRatio => Quantity::Ratio,
            PlotMetric::ReimbursementGap => Quantity::Points,
            PlotMetric::Burden(_) => Quantity::Percent,
            _ => Quantity::MoneyYi,
        }
    }

    /// The metric's one name, on screen, in files and in the report.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PlotMetric::Income => tr(lang, "基金收入", "Income"),
            PlotMetric::Expenditure => tr(lang, "基金支出", "Expenditure"),
            PlotMetric::ExpenditureScheduled => tr(lang, "应付支出", "Scheduled expenditure"),
            PlotMetric::CurrentBalance => tr(lang, "当期结余", "Current balance"),
            PlotMetric::Balance => tr(lang, "累计结存", "Accumulated balance"),
            PlotMetric::BalanceBeforeRule => tr(
                lang,
                "累计结存（不计兜底等平衡措施）",
                "Balance without balancing measures",
            ),
            PlotMetric::Months => tr(lang, "可支付月数", "Months of reserve"),
            PlotMetric::Backstop => tr(lang, "财政兜底", "Fiscal backstop"),
            PlotMetric::SpendingRatio => tr(
                lang,
                "职工÷居民人均支出",
                "Employee ÷ resident spending per head",
            ),
            PlotMetric::ReimbursementGap => tr(
                lang,
                "报销比例差距（职工−居民）",
                "Reimbursement gap (employee − resident)",
            ),
            PlotMetric::PayableGap => tr(lang, "应付−实付待遇", "Scheduled − payable benefits"),
            PlotMetric::Burden(q) => text::quintile(lang, q),
            PlotMetric::CombinedBalance => tr(
                lang,
                "职工医保合计结存（统筹基金＋个人账户）",
                "Employee funds combined (pooled + accounts)",
            ),
            PlotMetric::UnmetAccountNeed => {
                tr(lang, "个人账户未满足的门诊需求", "Unmet account need")
            }
        }
    }

    /// The metric's colour (the baseline draws it faint).
    pub fn color(self) -> Color {
        match self {
            PlotMetric::Income | PlotMetric::CombinedBalance => palette::INCOME,
            PlotMetric::Expenditure => palette::EXPENDITURE,
            PlotMetric::ExpenditureScheduled | PlotMetric::BalanceBeforeRule => palette::SCHEDULED,
            PlotMetric::Backstop | PlotMetric::PayableGap | PlotMetric::UnmetAccountNeed => {
                palette::DANGER
            }
            PlotMetric::Burden(q) => palette::QUINTILES
                .get(q)
                .copied()
                .unwrap_or(palette::SCENARIO),
            _ => palette::SCENARIO,
        }
    }
}

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
    pub metric: PlotMetric,
    /// Whose line.
    pub kind: LineKind,
    /// Colour (the baseline's is drawn at [`palette::BASELINE_OPACITY`]; see [`Self::stroke`]).
    pub color: Color,
    /// `(year, value)` in stored units.
    pub points: Vec<[f64; 2]>,
}

impl ChartLine {
    /// How the line is drawn: the baseline faint, compared scenarios and the balance without
    /// balancing measures dashed.
    pub fn stroke(&self) -> Stroke {
        let before = self.metric == PlotMetric::BalanceBeforeRule;
        match self.kind {
            LineKind::Baseline if before => Stroke::FaintDashed,
            LineKind::Baseline => Stroke::Faint,
            LineKind::Scenario if before => Stroke::Dashed,
            LineKind::Scenario => Stroke::Solid,
            LineKind::Compare(_) => Stroke::Dashed,
        }
    }
}

/// One line chart over years: everything the screen and the files draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPanel {
    /// Plot title.
    pub title: String,
    /// Unit of the y axis.
    pub quantity: Quantity,
    /// Lines, baseline first so that the scenario draws on top.
    pub lines: Vec<ChartLine>,
    /// A shaded horizontal band (the months of reserve target).
    pub band: Option<Band>,
    /// Reference bands or lines (other countries).
    pub references: Vec<Band>,
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

/// The colour of the marker, the shade's legend and its fill.
pub const MARKER_COLOR: Color = palette::DANGER;

/// The fill of the shade between the balance and the balance without balancing measures.
pub fn shade_fill() -> Color {
    palette::DANGER.alpha(palette::SHADE_OPACITY)
}

impl ChartPanel {
    fn new(title: &str, quantity: Quantity, lines: Vec<ChartLine>) -> ChartPanel {
        ChartPanel {
            title: title.to_owned(),
            quantity,
            lines,
            band: None,
            references: Vec::new(),
            zero_line: false,
            shade: None,
            marker: None,
            published: None,
        }
    }

    /// The points of the first line of a metric and kind.
    pub fn points(&self, metric: PlotMetric, kind: LineKind) -> Option<&[[f64; 2]]> {
        self.lines
            .iter()
            .find(|l| l.metric == metric && l.kind == kind)
            .map(|l| l.points.as_slice())
    }

    /// Whether there is anything to draw.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.points.is_empty())
    }

    /// Whether its x values are years (time charts get the published years).
    pub fn over_years(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.points.first().is_some_and(|pt| pt[0] >= 1900.0))
    }

    /// The subtitle of its file: the scenario, and what faint and dashed lines mean.
    pub fn subtitle(&self, scenario: &str, lang: Lang) -> String {
        let scenario = crate::model::scenario::title_in(scenario, !lang.is_zh());
        let compared = self
            .lines
            .iter()
            .any(|l| matches!(l.kind, LineKind::Compare(_)));
        let baseline = self.lines.iter().any(|l| l.kind == LineKind::Baseline);
        match (lang.is_zh(), compared, baseline) {
            (true, true, _) => format!("方案：{scenario}；浅色为现行政策基准，虚线为对比方案"),
            (true, false, true) => format!("方案：{scenario}（浅色为现行政策基准）"),
            (true, false, false) => format!("方案：{scenario}"),
            (false, true, _) => {
                format!("Scenario: {scenario}; faint: current-law baseline, dashed: compared")
            }
            (false, false, true) => {
                format!("Scenario: {scenario} (faint: current-law baseline)")
            }
            (false, false, false) => format!("Scenario: {scenario}"),
        }
    }

    /// The plot of its file: the same lines, band, references, shade, marker and published
    /// years, with the same names, colours and line styles.
    pub fn line_plot(&self) -> LinePlot {
        LinePlot {
            quantity: self.quantity,
            series: self
                .lines
                .iter()
                .map(|l| Series {
                    name: l.name.clone(),
                    color: l.color,
                    stroke: l.stroke(),
                    points: l.points.clone(),
                })
                .collect(),
            areas: self
                .shade
                .iter()
                .map(|(name, points)| Area {
                    name: name.clone(),
                    color: shade_fill(),
                    points: points.clone(),
                })
                .collect(),
            band: self.band.clone(),
            references: self.references.clone(),
            markers: self
                .marker
                .iter()
                .map(|(name, x)| Marker {
                    x: *x,
                    label: name.clone(),
                    color: MARKER_COLOR,
                })
                .collect(),
            published: self.published.as_ref().map(|(name, first, last)| Span {
                name: name.clone(),
                first: *first,
                last: *last,
                color: palette::PUBLISHED.alpha(palette::PUBLISHED_OPACITY),
            }),
            zero_line: self.zero_line,
        }
    }

    /// The chart of its file: title `what｜where` (`where` names the unit, and the fund when
    /// every line reads one), the subtitle and footer around [`Self::line_plot`].
    pub fn to_chart(&self, place: &str, subtitle: String, footer: String, lang: Lang) -> Chart {
        let sep = lang.title_sep();
        Chart {
            title: format!("{}{sep}{place}", self.title),
            subtitle,
            footer,
            lang,
            plot: Plot::Lines(self.line_plot()),
        }
    }

    /// The fund every line reads, when they all read one (a file must say which); the
    /// employee funds combined, whose name says so, do not count.
    pub fn fund(&self, fund: Fund) -> Option<Fund> {
        let mut funds = self
            .lines
            .iter()
            .filter(|l| !l.metric.is_national_gap() && l.metric != PlotMetric::CombinedBalance)
            .map(|l| l.metric.fund(fund));
        let first = funds.next()?;
        funds.all(|g| g == first).then_some(first)
    }

    /// The plotted series as tab-separated text (header `year`, one column per series and two
    /// per shaded area, stored units), for the clipboard.
    pub fn data_tsv(&self) -> String {
        self.to_chart("", String::new(), String::new(), Lang::Zh)
            .data_tsv()
    }
}

/// The projections the panels read.
#[derive(Clone)]
pub struct Runs<'a> {
    /// The working scenario's title (its line's name in a comparison; empty: 当前方案).
    pub scenario_name: &'a str,
    /// The working scenario.
    pub scenario: &'a Projection,
    /// The current-law baseline, drawn faintly behind.
    pub baseline: &'a Projection,
    /// Compared scenarios with their names.
    pub compare: Vec<(&'a str, &'a Projection)>,
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
    /// PlotMetric of the Compare tab.
    pub compare_metric: PlotMetric,
}

/// The years of a projection held to published figures (rows marked `history`), with the
/// label drawn over them (已公布).
pub fn published_span(p: &Projection, lang: Lang) -> Option<(String, f64, f64)> {
    let rows = &p.series.first()?.rows;
    let first = rows.first().filter(|r| r.history)?.year;
    let last = rows.iter().take_while(|r| r.history).last()?.year;
    Some((
        text::published(lang).to_owned(),
        f64::from(first),
        f64::from(last),
    ))
}

/// Marks the published years of the scenario on every time panel.
fn published(mut panels: Vec<ChartPanel>, runs: &Runs<'_>, lang: Lang) -> Vec<ChartPanel> {
    let span = published_span(runs.scenario, lang);
    for panel in panels.iter_mut().filter(|p| p.over_years()) {
        panel.published.clone_from(&span);
    }
    panels
}

fn differs(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    a.len() != b.len()
        || a.iter()
            .zip(b)
            .any(|(x, y)| (x[1] - y[1]).abs() > 1e-9 * x[1].abs().max(1.0))
}

impl Runs<'_> {
    fn of(&self, kind: LineKind) -> &Projection {
        match kind {
            LineKind::Baseline => self.baseline,
            LineKind::Scenario => self.scenario,
            LineKind::Compare(i) => self.compare.get(i).map_or(self.scenario, |c| c.1),
        }
    }

    fn line(&self, view: &ChartView, metric: PlotMetric, kind: LineKind) -> ChartLine {
        let lang = view.lang;
        let (name, color) = match kind {
            LineKind::Scenario => (metric.label(lang).to_owned(), metric.color()),
            LineKind::Baseline => (
                text::with_baseline(lang, metric.label(lang)),
                metric.color(),
            ),
            LineKind::Compare(i) => (
                self.compare
                    .get(i)
                    .map_or_else(String::new, |c| c.0.to_owned()),
                palette::COMPARE[i % palette::COMPARE.len()],
            ),
        };
        ChartLine {
            name,
            metric,
            kind,
            color,
            points: metric_points(self.of(kind), &view.unit, view.fund, metric),
        }
    }

    /// Baseline (faint) and scenario lines of some metrics; scheduled expenditure only where
    /// benefits were cut.
    fn pair(&self, view: &ChartView, metrics: &[PlotMetric], title: &str) -> ChartPanel {
        let mut lines = Vec::new();
        for kind in [LineKind::Baseline, LineKind::Scenario] {
            for &m in metrics {
                lines.push(self.line(view, m, kind));
            }
        }
        lines.retain(|l| match l.metric {
            PlotMetric::ExpenditureScheduled => differs(
                &l.points,
                &metric_points(
                    self.of(l.kind),
                    &view.unit,
                    view.fund,
                    PlotMetric::Expenditure,
                ),
            ),
            _ => true,
        });
        let quantity = metrics.first().map_or(Quantity::MoneyYi, |m| m.quantity());
        ChartPanel::new(title, quantity, lines)
    }
}

/// The Flows tab: income and expenditure, and the current balance.
pub fn flows(runs: &Runs<'_>, view: &ChartView) -> Vec<ChartPanel> {
    let lang = view.lang;
    let metrics = [
        PlotMetric::Income,
        PlotMetric::Expenditure,
        PlotMetric::ExpenditureScheduled,
    ];
    let mut current = runs.pair(
        view,
        &[PlotMetric::CurrentBalance],
        PlotMetric::CurrentBalance.label(lang),
    );
    current.zero_line = true;
    published(
        vec![runs.pair(view, &metrics, text::flows(lang)), current],
        runs,
        lang,
    )
}

/// The 6–9 month target band.
pub fn target_band(lang: Lang) -> Band {
    Band {
        name: text::band(lang).to_owned(),
        lo: TARGET.0,
        hi: TARGET.1,
        color: palette::BAND,
    }
}

/// Germany's and Korea's reserves as reference (docs/model.md §7).
pub fn reference_bands(lang: Lang) -> Vec<Band> {
    vec![
        Band {
            name: text::germany(lang).to_owned(),
            lo: 0.2,
            hi: 1.0,
            color: palette::REFERENCE,
        },
        Band {
            name: text::korea(lang).to_owned(),
            lo: 6.0,
            hi: 6.0,
            color: palette::REFERENCE_2,
        },
    ]
}

/// The Reserve tab: the balance (with the balance without balancing measures, the shade
/// between them and the depletion marker), the months of reserve (with the 6–9 month band on
/// pooled funds, the references when asked, the same marker), and for the employee scheme the
/// accounts' unmet need.
pub fn reserve(runs: &Runs<'_>, view: &ChartView) -> Vec<ChartPanel> {
    let lang = view.lang;
    let employee = matches!(view.fund, Fund::EmployeePooled | Fund::EmployeeAccounts);
    let mut balance = balance_panel(runs, view, employee);
    let mut months = runs.pair(view, &[PlotMetric::Months], PlotMetric::Months.label(lang));
    // The 6–9 month band is a target of pooled funds; it means nothing for accounts.
    if view.fund != Fund::EmployeeAccounts {
        months.band = Some(target_band(lang));
        if view.reference_lines {
            months.references = reference_bands(lang);
        }
    }
    months.zero_line = true;
    // The depletion year, where the months line reaches zero (docs/model.md §7).
    months.marker.clone_from(&balance.marker);
    balance.zero_line = balance.shade.is_some();
    let mut panels = vec![balance, months];
    if employee {
        panels.push(runs.pair(
            view,
            &[PlotMetric::UnmetAccountNeed],
            PlotMetric::UnmetAccountNeed.label(lang),
        ));
    }
    published(panels, runs, lang)
}

/// The reserve tab's balance panel: the balance, the balance without balancing measures
/// (drawn dashed where it differs), what the measures put in shaded between the two, the
/// depletion year marked, and for the employee scheme the pooled fund and accounts together.
/// For a total of funds that do not share one purse (the nation, a province with sub-units:
/// [`is_total`]) the lines are named the reserves held and the net position (whose months the
/// months panel draws and whose first non-positive year is the marker), the shade the
/// cumulative backstop. The value axis follows the held lines: a dashed line that falls
/// further below zero than they rise above it stops there, and its name says from which year.
fn balance_panel(runs: &Runs<'_>, view: &ChartView, employee: bool) -> ChartPanel {
    let lang = view.lang;
    let (unit, fund) = (view.unit.as_str(), view.fund);
    let mut metrics = vec![PlotMetric::Balance, PlotMetric::BalanceBeforeRule];
    if employee {
        metrics.push(PlotMetric::CombinedBalance);
    }
    let mut panel = runs.pair(view, &metrics, PlotMetric::Balance.label(lang));
    panel.lines.retain(|l| {
        l.metric != PlotMetric::BalanceBeforeRule
            || differs(
                &l.points,
                &metric_points(runs.of(l.kind), unit, fund, PlotMetric::Balance),
            )
    });
    let p = runs.scenario;
    let total = is_total(p, unit, fund);
    let depletion = p.summary(unit, fund).and_then(|s| s.depletion_year);
    let before = metric_points(p, unit, fund, PlotMetric::BalanceBeforeRule);
    let floor = reserve_floor(
        panel
            .lines
            .iter()
            .filter(|l| l.metric != PlotMetric::BalanceBeforeRule)
            .map(|l| l.points.as_slice()),
        &before,
        depletion,
    );
    for l in &mut panel.lines {
        let name = match l.metric {
            PlotMetric::Balance if total => text::reserves_held(lang),
            PlotMetric::BalanceBeforeRule if total => text::net_position(lang),
            _ => continue,
        };
        l.name = if l.kind == LineKind::Baseline {
            text::with_baseline(lang, name)
        } else {
            name.to_owned()
        };
    }
    for l in &mut panel.lines {
        if l.metric == PlotMetric::BalanceBeforeRule {
            let (drawn, off) = clip_below(&l.points, floor);
            l.points = drawn;
            if let Some(y) = off {
                l.name = text::below_chart(lang, &l.name, y);
            }
        }
    }
    let balance = metric_points(p, unit, fund, PlotMetric::Balance);
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
            text::backstop_shade(lang)
        } else {
            text::balancing_shade(lang)
        };
        panel.shade = Some((name.to_owned(), shade));
    }
    panel.marker = depletion.map(|y| (text::depleted(lang, y), f64::from(y)));
    panel
}

/// The metrics of the Gaps tab, in order.
pub const GAP_METRICS: [PlotMetric; 5] = [
    PlotMetric::SpendingRatio,
    PlotMetric::ReimbursementGap,
    PlotMetric::PayableGap,
    PlotMetric::Backstop,
    PlotMetric::BalanceBeforeRule,
];

/// One panel of a metric over time, baseline behind scenario (the Gaps tab's panels).
pub fn metric_panel(runs: &Runs<'_>, view: &ChartView, m: PlotMetric) -> ChartPanel {
    let lang = view.lang;
    let mut title = m.label(lang).to_owned();
    if m.is_national_gap() {
        title.push_str(text::national_only(lang));
    }
    let mut panel = runs.pair(view, &[m], &title);
    panel.zero_line = m == PlotMetric::BalanceBeforeRule;
    published(vec![panel], runs, lang).remove(0)
}

/// The Gaps tab: the national benefit gaps, the backstop and the balance without measures.
pub fn gaps(runs: &Runs<'_>, view: &ChartView) -> Vec<ChartPanel> {
    GAP_METRICS
        .iter()
        .map(|&m| metric_panel(runs, view, m))
        .collect()
}

/// The Burden tab's line panel: the lowest and highest quintiles over time.
pub fn burden(runs: &Runs<'_>, view: &ChartView) -> Vec<ChartPanel> {
    let lang = view.lang;
    let mut p = runs.pair(
        view,
        &[PlotMetric::Burden(0), PlotMetric::Burden(4)],
        text::burden_over_time(lang),
    );
    p.quantity = Quantity::Percent;
    published(vec![p], runs, lang)
}

/// The metrics of the Difference tab, in order.
pub const DIFFERENCE_METRICS: [PlotMetric; 3] = [
    PlotMetric::Balance,
    PlotMetric::Months,
    PlotMetric::CurrentBalance,
];

/// Scenario minus baseline of a metric.
pub fn difference_panel(runs: &Runs<'_>, view: &ChartView, m: PlotMetric) -> ChartPanel {
    let lang = view.lang;
    let base = metric_points(runs.baseline, &view.unit, view.fund, m);
    let points = metric_points(runs.scenario, &view.unit, view.fund, m)
        .into_iter()
        .filter_map(|[x, y]| {
            let b = base.iter().find(|p| p[0] == x)?;
            Some([x, y - b[1]])
        })
        .collect();
    let mut panel = ChartPanel::new(
        &text::minus_baseline(lang, m.label(lang)),
        m.quantity(),
        vec![ChartLine {
            name: text::difference(lang).to_owned(),
            metric: m,
            kind: LineKind::Scenario,
            color: m.color(),
            points,
        }],
    );
    panel.zero_line = true;
    published(vec![panel], runs, lang).remove(0)
}

/// The Difference tab.
pub fn difference(runs: &Runs<'_>, view: &ChartView) -> Vec<ChartPanel> {
    DIFFERENCE_METRICS
        .iter()
        .map(|&m| difference_panel(runs, view, m))
        .collect()
}

/// The Compare tab: one metric of the baseline, the scenario and every compared scenario;
/// each compared scenario keeps its colour.
pub fn compare(runs: &Runs<'_>, view: &ChartView) -> Vec<ChartPanel> {
    let lang = view.lang;
    let m = view.compare_metric;
    let mut lines = vec![
        runs.line(view, m, LineKind::Baseline),
        runs.line(view, m, LineKind::Scenario),
    ];
    lines[0].name = text::baseline(lang).to_owned();
    lines[1].name = if runs.scenario_name.trim().is_empty() {
        text::current(lang).to_owned()
    } else {
        runs.scenario_name.to_owned()
    };
    for i in 0..runs.compare.len() {
        lines.push(runs.line(view, m, LineKind::Compare(i)));
    }
    let mut panel = ChartPanel::new(m.label(lang), m.quantity(), lines);
    panel.zero_line = m == PlotMetric::CurrentBalance;
    if m == PlotMetric::Months && view.fund != Fund::EmployeeAccounts {
        panel.band = Some(target_band(lang));
    }
    published(vec![panel], runs, lang)
}

/// Colour of the baseline's bars (the scenario's at the baseline's opacity).
pub fn baseline_bar_color() -> Color {
    palette::SCENARIO.alpha(palette::BASELINE_OPACITY)
}

/// The colour of a line drawn with a stroke (faint strokes at the baseline's opacity).
pub fn drawn_color(color: Color, stroke: Stroke) -> Color {
    if stroke.is_faint() {
        color.alpha(palette::BASELINE_OPACITY)
    } else {
        color
    }
}
