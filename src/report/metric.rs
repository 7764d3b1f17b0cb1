//! The one table of plotted quantities: what the app's charts and the report pack's charts draw
//! from a projection (labels, colours and units are each front end's own).

use crate::model::{Fund, Projection, YearRow};

/// A plotted quantity of a projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotMetric {
    /// All income.
    Income,
    /// Expenditure paid.
    Expenditure,
    /// Expenditure scheduled (differs under `CutBenefits`).
    ExpenditureScheduled,
    /// 当期结余.
    CurrentBalance,
    /// 累计结存.
    Balance,
    /// The balance had no balancing rule ever applied (differs once a rule acted).
    BalanceBeforeRule,
    /// 可支付月数.
    Months,
    /// 财政兜底 paid in the year.
    Backstop,
    /// Employee ÷ resident spending per head (national).
    SpendingRatio,
    /// ρ_E − ρ_R (national).
    ReimbursementGap,
    /// Scheduled − payable benefits (national).
    PayableGap,
    /// Premium burden of an income quintile (0 = lowest), resident fund.
    Burden(usize),
    /// The employee funds together (pooled + accounts): balance.
    CombinedBalance,
    /// The accounts' unmet need (what members would have drawn, less what is paid).
    UnmetAccountNeed,
}

impl PlotMetric {
    /// Whether the metric comes from the national gap rows rather than a unit's series.
    pub fn is_national_gap(self) -> bool {
        matches!(
            self,
            PlotMetric::SpendingRatio | PlotMetric::ReimbursementGap | PlotMetric::PayableGap
        )
    }

    /// The fund a metric reads: its own for those tied to one (burden: resident; the combined
    /// employee balance: the employee total; the unmet account need: the accounts), else `fund`.
    pub fn fund(self, fund: Fund) -> Fund {
        match self {
            PlotMetric::Burden(_) => Fund::Resident,
            PlotMetric::CombinedBalance => Fund::Employee,
            PlotMetric::UnmetAccountNeed => Fund::EmployeeAccounts,
            _ => fund,
        }
    }

    /// Its value in a unit's row (`None` for the national gap metrics and missing values).
    pub fn value(self, r: &YearRow) -> Option<f64> {
        row_value(r, self)
    }
}

/// `(year, value)` points of a metric for a unit and fund; years without a value are left out.
pub fn metric_points(p: &Projection, unit: &str, fund: Fund, metric: PlotMetric) -> Vec<[f64; 2]> {
    if metric.is_national_gap() {
        return p
            .gaps
            .iter()
            .map(|g| {
                let y = match metric {
                    PlotMetric::SpendingRatio => g.scheme_spending_ratio,
                    PlotMetric::ReimbursementGap => g.reimbursement_gap,
                    _ => g.payable_gap,
                };
                [f64::from(g.year), y]
            })
            .filter(|[_, y]| y.is_finite())
            .collect();
    }
    let Some(series) = p.series(unit, metric.fund(fund)) else {
        return Vec::new();
    };
    series
        .rows
        .iter()
        .filter_map(|r| row_value(r, metric).map(|v| [f64::from(r.year), v]))
        .filter(|[_, y]| y.is_finite())
        .collect()
}

fn row_value(r: &YearRow, metric: PlotMetric) -> Option<f64> {
    Some(match metric {
        PlotMetric::Income => r.income_total(),
        PlotMetric::Expenditure => r.expenditure_paid,
        PlotMetric::ExpenditureScheduled => r.expenditure_scheduled,
        PlotMetric::CurrentBalance => r.current_balance,
        PlotMetric::Balance => r.balance,
        PlotMetric::BalanceBeforeRule => r.balance_before_rule,
        PlotMetric::Months => r.months_of_reserve?,
        PlotMetric::Backstop => r.backstop,
        PlotMetric::Burden(q) => *r.burden?.get(q)?,
        PlotMetric::CombinedBalance => r.balance,
        PlotMetric::UnmetAccountNeed => r.unmet_account_need?,
        PlotMetric::SpendingRatio | PlotMetric::ReimbursementGap | PlotMetric::PayableGap => {
            return None;
        }
    })
}

/// Whether a unit's fund is a total of funds that do not share one purse (docs/model.md §7):
/// the nation's pooled and resident funds, and those of a province with sub-units or an
/// adjustment fund of its own. Its `balance` is the reserves held and its
/// `balance_before_rule` the net position, which its months of reserve are read from.
pub fn is_total(p: &Projection, unit: &str, fund: Fund) -> bool {
    if !matches!(fund, Fund::EmployeePooled | Fund::Resident) {
        return false;
    }
    p.series.iter().any(|s| {
        s.unit == unit && s.level == crate::model::Level::Nation
            || s.level == crate::model::Level::Subunit
                && s.unit
                    .strip_prefix(unit)
                    .is_some_and(|r| r.starts_with('-'))
            || s.unit == unit
                && matches!(s.fund, Fund::EmployeeAdjustment | Fund::ResidentAdjustment)
    })
}

/// Years a reserve chart follows a falling line past the depletion year before its value axis
/// stops following it.
pub const YEARS_PAST_DEPLETION: i32 = 5;

/// The lowest value a reserve chart's value axis shows: as far below zero as the `held` lines
/// reach above it (at least 1 亿元), or lower where the `before` line (the net position or the
/// balance before balancing measures) is lower [`YEARS_PAST_DEPLETION`] years after the
/// `depletion` year (or at the horizon, if sooner). A line that keeps falling for decades after
/// (a debt path compounds its interest; a net position adds every year's backstop) would
/// otherwise flatten the held line.
pub fn reserve_floor<'a>(
    held: impl IntoIterator<Item = &'a [[f64; 2]]>,
    before: &[[f64; 2]],
    depletion: Option<i32>,
) -> f64 {
    let top = held.into_iter().flatten().map(|p| p[1]).fold(0.0, f64::max);
    let past = depletion
        .and_then(|d| {
            let until = f64::from(d + YEARS_PAST_DEPLETION);
            before
                .iter()
                .filter(|p| p[0] <= until)
                .map(|p| p[1])
                .reduce(f64::min)
        })
        .unwrap_or(0.0);
    (-top.max(1.0)).min(past)
}

/// `points` until they first fall below `floor`, and the first year below it (`None`: never).
/// The line stops at its last year within the range (no point off the chart, no year that is
/// not a projected year in the chart's data).
pub fn clip_below(points: &[[f64; 2]], floor: f64) -> (Vec<[f64; 2]>, Option<i32>) {
    match points.iter().position(|p| p[1] < floor) {
        Some(i) => (points[..i].to_vec(), Some(points[i][0] as i32)),
        None => (points.to_vec(), None),
    }
}
