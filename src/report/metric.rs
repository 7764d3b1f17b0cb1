//! The one table of plotted quantities: what the app's charts and the report pack's charts draw
//! from a projection (labels, colours and units are each front end's own).

use crate::model::{Fund, Projection, YearRow};

/// A plotted quantity of a projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
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

impl Metric {
    /// Whether the metric comes from the national gap rows rather than a unit's series.
    pub fn is_national_gap(self) -> bool {
        matches!(
            self,
            Metric::SpendingRatio | Metric::ReimbursementGap | Metric::PayableGap
        )
    }

    /// The fund a metric reads: its own for those tied to one (burden: resident; the combined
    /// employee balance: the employee total; the unmet account need: the accounts), else `fund`.
    pub fn fund(self, fund: Fund) -> Fund {
        match self {
            Metric::Burden(_) => Fund::Resident,
            Metric::CombinedBalance => Fund::Employee,
            Metric::UnmetAccountNeed => Fund::EmployeeAccounts,
            _ => fund,
        }
    }

    /// Its value in a unit's row (`None` for the national gap metrics and missing values).
    pub fn value(self, r: &YearRow) -> Option<f64> {
        row_value(r, self)
    }
}

/// `(year, value)` points of a metric for a unit and fund; years without a value are left out.
pub fn metric_points(p: &Projection, unit: &str, fund: Fund, metric: Metric) -> Vec<[f64; 2]> {
    if metric.is_national_gap() {
        return p
            .gaps
            .iter()
            .map(|g| {
                let y = match metric {
                    Metric::SpendingRatio => g.scheme_spending_ratio,
                    Metric::ReimbursementGap => g.reimbursement_gap,
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

fn row_value(r: &YearRow, metric: Metric) -> Option<f64> {
    Some(match metric {
        Metric::Income => r.income_total(),
        Metric::Expenditure => r.expenditure_paid,
        Metric::ExpenditureScheduled => r.expenditure_scheduled,
        Metric::CurrentBalance => r.current_balance,
        Metric::Balance => r.balance,
        Metric::BalanceBeforeRule => r.balance_before_rule,
        Metric::Months => r.months_of_reserve?,
        Metric::Backstop => r.backstop,
        Metric::Burden(q) => *r.burden?.get(q)?,
        Metric::CombinedBalance => r.balance,
        Metric::UnmetAccountNeed => r.unmet_account_need?,
        Metric::SpendingRatio | Metric::ReimbursementGap | Metric::PayableGap => return None,
    })
}
