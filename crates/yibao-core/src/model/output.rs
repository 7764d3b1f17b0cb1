//! What a projection produces: yearly series per unit and fund, summary metrics, benefit gaps.

use super::calibrate::Calibration;
use super::resolve::Resolved;
use super::warning::Warning;
use std::sync::Arc;

/// A fund of a unit (docs/model.md §1, INTERFACES.md `fund` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fund {
    /// 职工医保统筹基金 (incl. maternity).
    EmployeePooled,
    /// 职工医保个人账户.
    EmployeeAccounts,
    /// 城乡居民医保基金.
    Resident,
    /// The employee adjustment fund's own reserve (pooling; later).
    EmployeeAdjustment,
    /// The resident adjustment fund's own reserve (pooling; later).
    ResidentAdjustment,
    /// 职工医保合计: the pooled fund and the personal accounts together (a total row).
    Employee,
    /// 全部基金合计: every fund of the unit together (a total row).
    All,
}

impl Fund {
    /// The three funds every unit has.
    pub const MAIN: [Fund; 3] = [Fund::EmployeePooled, Fund::EmployeeAccounts, Fund::Resident];
    /// The total rows every unit has: their values are sums of the fund rows.
    pub const TOTALS: [Fund; 2] = [Fund::Employee, Fund::All];

    /// The funds a total adds up (empty for a fund that is not a total).
    pub fn parts(self) -> &'static [Fund] {
        match self {
            Fund::Employee => &[Fund::EmployeePooled, Fund::EmployeeAccounts],
            Fund::All => &Fund::MAIN,
            _ => &[],
        }
    }

    /// Whether this is a total row (`employee`, `all`).
    pub fn is_total(self) -> bool {
        !self.parts().is_empty()
    }

    /// The id used in CSV files.
    pub fn id(self) -> &'static str {
        match self {
            Fund::EmployeePooled => "employee_pooled",
            Fund::EmployeeAccounts => "employee_accounts",
            Fund::Resident => "resident",
            Fund::EmployeeAdjustment => "employee_adjustment",
            Fund::ResidentAdjustment => "resident_adjustment",
            Fund::Employee => "employee",
            Fund::All => "all",
        }
    }

    /// The fund with this CSV id.
    pub fn from_id(id: &str) -> Option<Fund> {
        [
            Fund::EmployeePooled,
            Fund::EmployeeAccounts,
            Fund::Resident,
            Fund::EmployeeAdjustment,
            Fund::ResidentAdjustment,
            Fund::Employee,
            Fund::All,
        ]
        .into_iter()
        .find(|f| f.id() == id)
    }

    /// The fund's label.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Fund::EmployeePooled, true) => "职工医保统筹基金",
            (Fund::EmployeePooled, false) => "Employee pooled fund",
            (Fund::EmployeeAccounts, true) => "职工医保个人账户",
            (Fund::EmployeeAccounts, false) => "Employee personal accounts",
            (Fund::Resident, true) => "城乡居民医保基金",
            (Fund::Resident, false) => "Resident fund",
            (Fund::EmployeeAdjustment, true) => "职工医保调剂金",
            (Fund::EmployeeAdjustment, false) => "Employee adjustment fund",
            (Fund::ResidentAdjustment, true) => "居民医保调剂金",
            (Fund::ResidentAdjustment, false) => "Resident adjustment fund",
            (Fund::Employee, true) => "职工医保合计（统筹基金＋个人账户）",
            (Fund::Employee, false) => "Employee scheme total (pooled fund + accounts)",
            (Fund::All, true) => "全部基金合计",
            (Fund::All, false) => "All funds",
        }
    }
}

/// The level of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 全国 (always the sum of the provinces).
    Nation,
    /// A province (省级行政区).
    Province,
    /// A pooling sub-unit (synthetic prefecture; later).
    Subunit,
}

impl Level {
    /// The id used in CSV files.
    pub fn id(self) -> &'static str {
        match self {
            Level::Nation => "nation",
            Level::Province => "province",
            Level::Subunit => "subunit",
        }
    }
}

/// One fund of one unit in one year. Money in 亿元, people in 万人, rates as fractions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearRow {
    /// Calendar year (flows in the year, balances at its end).
    pub year: i32,
    /// Active employee members (employee funds only).
    pub active: Option<f64>,
    /// Retired employee members (employee funds only).
    pub retired: Option<f64>,
    /// Members: active + retired, or resident participants.
    pub participants: f64,
    /// Contributions (premiums, employer and worker contributions, retirees' contributions).
    pub income_contributions: f64,
    /// Fiscal subsidy (resident fund).
    pub income_subsidy: f64,
    /// Interest on the previous balance.
    pub income_interest: f64,
    /// Other income: the resident fund's local top-up above the national standard.
    pub income_other: f64,
    /// Pooling transfers received.
    pub transfers_in: f64,
    /// Pooling transfers paid.
    pub transfers_out: f64,
    /// Expenditure the rules schedule.
    pub expenditure_scheduled: f64,
    /// Expenditure actually paid (less than scheduled only under `CutBenefits`).
    pub expenditure_paid: f64,
    /// 当期结余: all income − expenditure paid.
    pub current_balance: f64,
    /// 累计结存 at the end of the year.
    pub balance: f64,
    /// 可支付月数: balance ÷ monthly expenditure paid; `None` when nothing is paid.
    pub months_of_reserve: Option<f64>,
    /// 财政兜底: what the government paid to bring the balance back to zero.
    pub backstop: f64,
    /// Effective policy-scope reimbursement rate actually paid (pooled and resident funds).
    pub reimbursement_rate: Option<f64>,
    /// The balance before balancing measures: what the `Debt` rule would show (no backstop,
    /// no added contributions, no benefits cut, interest at the debt rate on a negative
    /// balance). Its first negative year is the depletion year. The accounts have no balancing
    /// rule: theirs is their balance. For the nation, the sum of the provinces'.
    pub balance_before_rule: f64,
    /// The fund's own money at the end of the year before any grant from an adjustment fund
    /// and before any balancing measure (docs/model.md §7, "One story per fund"): for a fund,
    /// F(t−1) + this year's flows and pooling transfers, less what it paid into an adjustment
    /// fund; for a sum of funds that do not share one purse (the nation, a province with
    /// sub-units), its net position. The fund is depleted in the first projected year this is
    /// not positive. Not a `projection.csv` column.
    pub own_money: f64,
    /// Unmet account need (accounts and the employee totals): the outpatient spending members
    /// would have paid from their accounts without reform, less what the accounts and the
    /// pooled outpatient benefit pay, 亿元. `None` for the other funds.
    pub unmet_account_need: Option<f64>,
    /// Whether the year is the base year or a history year held to published totals
    /// (calibration step 11, docs/model.md §11); false in forecast years.
    pub history: bool,
    /// Expenditure paid per member, yuan.
    pub per_capita_expenditure_yuan: f64,
    /// Central budget's part of the subsidy (resident), 亿元.
    pub subsidy_central: f64,
    /// Local budgets' part of the subsidy (resident), 亿元.
    pub subsidy_local: f64,
    /// Contributions added by `RaiseContributions` (included in `income_contributions`), 亿元.
    pub contributions_added: f64,
    /// Contribution added by `RaiseContributions`, yuan per contributor (resident: per
    /// participant; employee: per active member).
    pub added_contribution_per_head_yuan: f64,
    /// Adult premium per head as a share of income, by income quintile (resident only).
    pub burden: Option<[f64; 5]>,
}

impl YearRow {
    /// All income of the year (contributions, subsidy, interest, other).
    pub fn income_total(&self) -> f64 {
        self.income_contributions + self.income_subsidy + self.income_interest + self.income_other
    }

    /// What balancing measures put into the fund this year: the backstop paid, contributions
    /// added, benefits cut (scheduled − paid), 亿元.
    pub fn measures(&self) -> f64 {
        self.backstop
            + self.contributions_added
            + (self.expenditure_scheduled - self.expenditure_paid)
    }
}

/// Turns summed rows of funds that do not share one purse (the nation; a province whose
/// sub-units keep their own funds) into a total's rows (docs/model.md §7): `balance` stays the
/// reserves held, `balance_before_rule` becomes the net position (held less every balancing
/// measure paid so far, from the first projected year), `own_money` the same, and months of
/// reserve are read from the net position.
pub fn net_position(rows: &mut [YearRow]) {
    let mut measures = 0.0;
    for (t, r) in rows.iter_mut().enumerate() {
        if t > 0 {
            measures += r.measures();
        }
        r.balance_before_rule = r.balance - measures;
        r.own_money = r.balance_before_rule;
        r.months_of_reserve = months_of_reserve(r.balance_before_rule, r.expenditure_paid);
    }
}

/// How a number of an output column is printed (INTERFACES.md: money and people 4 decimals,
/// rates and shares 6, months 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 亿元, 4 decimals (1 万元).
    Money,
    /// 万人, 4 decimals (1 person).
    People,
    /// A fraction, 6 decimals.
    Rate,
    /// Months of reserve, 3 decimals.
    Months,
    /// A 0/1 mark.
    Flag,
}

impl Format {
    /// Decimals printed for people.
    pub fn decimals(self) -> usize {
        match self {
            Format::Money | Format::People => 4,
            Format::Rate => 6,
            Format::Months => 3,
            Format::Flag => 0,
        }
    }
}

/// How a column of the totals (the nation, the `employee` and `all` funds) follows from its
/// parts.
#[derive(Clone, Copy)]
pub enum Value {
    /// Additive: the total is the sum of the parts.
    Sum(fn(&YearRow) -> f64, fn(&mut YearRow) -> &mut f64),
    /// Additive where defined (empty when no part has it).
    SumSome(
        fn(&YearRow) -> Option<f64>,
        fn(&mut YearRow) -> &mut Option<f64>,
    ),
    /// A ratio recomputed from the totals (see [`finish_total`]).
    Ratio(fn(&YearRow) -> Option<f64>),
    /// A yes/no mark printed as 1 or 0, the same in a total as in its parts.
    Flag(fn(&YearRow) -> bool),
}

/// One numeric column of `projection.csv` after `unit,level,fund,year`.
#[derive(Clone, Copy)]
pub struct Column {
    /// CSV header name.
    pub name: &'static str,
    /// Print format.
    pub format: Format,
    /// Value and aggregation.
    pub value: Value,
}

impl Column {
    /// The column's value in a row (`None`: empty cell).
    pub fn get(&self, r: &YearRow) -> Option<f64> {
        match self.value {
            Value::Sum(get, _) => Some(get(r)),
            Value::SumSome(get, _) | Value::Ratio(get) => get(r),
            Value::Flag(get) => Some(f64::from(u8::from(get(r)))),
        }
    }

    /// Whether totals are sums of their parts in this column.
    pub fn additive(&self) -> bool {
        matches!(self.value, Value::Sum(..) | Value::SumSome(..))
    }
}

/// One [`Column`] of the table.
macro_rules! column {
    (sum, $name:literal, $format:ident, $field:ident) => {
        Column {
            name: $name,
            format: Format::$format,
            value: Value::Sum(|r| r.$field, |r| &mut r.$field),
        }
    };
    (sum_some, $name:literal, $format:ident, $field:ident) => {
        Column {
            name: $name,
            format: Format::$format,
            value: Value::SumSome(|r| r.$field, |r| &mut r.$field),
        }
    };
    (ratio, $name:literal, $format:ident, $field:ident) => {
        Column {
            name: $name,
            format: Format::$format,
            value: Value::Ratio(|r| r.$field),
        }
    };
    (flag, $name:literal, $format:ident, $field:ident) => {
        Column {
            name: $name,
            format: Format::$format,
            value: Value::Flag(|r| r.$field),
        }
    };
}

/// Adds one additive column of `$x` to `$t` (nothing for ratios).
macro_rules! add_column {
    (sum, $t:ident, $x:ident, $field:ident) => {
        $t.$field += $x.$field;
    };
    (sum_some, $t:ident, $x:ident, $field:ident) => {
        if let Some(v) = $x.$field {
            *$t.$field.get_or_insert(0.0) += v;
        }
    };
    (ratio, $t:ident, $x:ident, $field:ident) => {};
    (flag, $t:ident, $x:ident, $field:ident) => {};
}

/// The table: [`COLUMNS`] and [`add_row`] from the same lines.
macro_rules! columns {
    ($($kind:ident $name:literal $format:ident $field:ident;)*) => {
        /// The numeric columns of `projection.csv`, in file order (INTERFACES.md). The CSV
        /// writer, the totals and the identity tests all read this one table: a new column is
        /// one line in the `columns!` invocation.
        pub static COLUMNS: &[Column] = &[$(column!($kind, $name, $format, $field)),*];

        /// Adds the additive columns of `x` to `total` (generated from the same table as
        /// [`COLUMNS`], as direct field additions).
        pub fn add_row(total: &mut YearRow, x: &YearRow) {
            $(add_column!($kind, total, x, $field);)*
        }
    };
}

columns! {
    sum_some "active" People active;
    sum_some "retired" People retired;
    sum "participants" People participants;
    sum "income_contributions" Money income_contributions;
    sum "income_subsidy" Money income_subsidy;
    sum "income_interest" Money income_interest;
    sum "income_other" Money income_other;
    sum "transfers_in" Money transfers_in;
    sum "transfers_out" Money transfers_out;
    sum "expenditure_scheduled" Money expenditure_scheduled;
    sum "expenditure_paid" Money expenditure_paid;
    sum "current_balance" Money current_balance;
    sum "balance" Money balance;
    ratio "months_of_reserve" Months months_of_reserve;
    sum "backstop" Money backstop;
    ratio "reimbursement_rate" Rate reimbursement_rate;
    sum "balance_before_rule" Money balance_before_rule;
    flag "history" Flag history;
    sum_some "unmet_account_need" Money unmet_account_need;
}

/// Rows whose additive columns (every [`COLUMNS`] entry but the ratios) are the sums of the
/// parts', year by year; ratios and everything outside the table are left at their defaults.
pub fn sum_rows(parts: &[&[YearRow]]) -> Vec<YearRow> {
    let years = parts.first().map_or(0, |s| s.len());
    // Filled in place: a row is large, and building each one apart then moving it into the
    // vector was a tenth of a projection.
    let mut rows = vec![YearRow::default(); years];
    for (t, r) in rows.iter_mut().enumerate() {
        r.year = parts[0][t].year;
        r.history = parts[0][t].history;
    }
    // Part by part, so that each part's rows are read in order (the sums of a year still add
    // the parts in the order given).
    for part in parts {
        for (r, x) in rows.iter_mut().zip(part.iter()) {
            add_row(r, x);
        }
    }
    rows
}

/// 可支付月数, months of reserve: the balance ÷ the monthly expenditure paid; `None` when nothing
/// is paid.
pub fn months_of_reserve(balance: f64, paid: f64) -> Option<f64> {
    (paid > 0.0).then(|| balance / (paid / 12.0))
}

/// The key columns of one fund of one unit, year by year (base year first): what analyses of
/// many units keep instead of whole [`YearRow`]s. The values are those of the rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyColumns {
    /// Calendar years.
    pub year: Vec<i32>,
    /// 累计结存 at the end of the year, 亿元.
    pub balance: Vec<f64>,
    /// The balance before balancing measures, 亿元.
    pub balance_before_rule: Vec<f64>,
    /// All income, 亿元.
    pub income: Vec<f64>,
    /// Expenditure the rules schedule, 亿元.
    pub expenditure_scheduled: Vec<f64>,
    /// Expenditure paid, 亿元.
    pub expenditure_paid: Vec<f64>,
    /// 财政兜底, 亿元.
    pub backstop: Vec<f64>,
    /// What balancing measures put in ([`YearRow::measures`]), 亿元.
    pub measures: Vec<f64>,
    /// Whether these are a total's columns ([`KeyColumns::net_position`]): months are then read
    /// from the net position.
    pub total: bool,
}

impl KeyColumns {
    /// Empty columns with room for `years`.
    pub fn with_capacity(years: usize) -> Self {
        KeyColumns {
            year: Vec::with_capacity(years),
            balance: Vec::with_capacity(years),
            balance_before_rule: Vec::with_capacity(years),
            income: Vec::with_capacity(years),
            expenditure_scheduled: Vec::with_capacity(years),
            expenditure_paid: Vec::with_capacity(years),
            backstop: Vec::with_capacity(years),
            measures: Vec::with_capacity(years),
            total: false,
        }
    }

    /// Appends a row's key columns.
    pub fn push(&mut self, r: &YearRow) {
        self.year.push(r.year);
        self.balance.push(r.balance);
        self.balance_before_rule.push(r.balance_before_rule);
        self.income.push(r.income_total());
        self.expenditure_scheduled.push(r.expenditure_scheduled);
        self.expenditure_paid.push(r.expenditure_paid);
        self.backstop.push(r.backstop);
        self.measures.push(r.measures());
    }

    /// The net position of summed columns, as [`net_position`] makes it of summed rows.
    pub fn net_position(mut self) -> Self {
        let mut measures = 0.0;
        for t in 0..self.year.len() {
            if t > 0 {
                measures += self.measures[t];
            }
            self.balance_before_rule[t] = self.balance[t] - measures;
        }
        self.total = true;
        self
    }

    /// The columns of several units summed year by year, in the order given: the order
    /// [`sum_rows`] adds the nation's rows in, so the sums are the same numbers, except income,
    /// which the rows sum item by item (equal up to rounding).
    pub fn sum<'a>(parts: impl Iterator<Item = &'a KeyColumns>) -> KeyColumns {
        let mut parts = parts.peekable();
        let mut out = KeyColumns::default();
        if let Some(first) = parts.peek() {
            out.year = first.year.clone();
            for c in out.money_mut() {
                *c = vec![0.0; first.year.len()];
            }
        }
        for p in parts {
            for (to, from) in out.money_mut().into_iter().zip(p.money()) {
                for (a, b) in to.iter_mut().zip(from) {
                    *a += b;
                }
            }
        }
        out
    }

    fn money(&self) -> [&Vec<f64>; 7] {
        [
            &self.measures,
            &self.balance,
            &self.balance_before_rule,
            &self.income,
            &self.expenditure_scheduled,
            &self.expenditure_paid,
            &self.backstop,
        ]
    }

    fn money_mut(&mut self) -> [&mut Vec<f64>; 7] {
        [
            &mut self.measures,
            &mut self.balance,
            &mut self.balance_before_rule,
            &mut self.income,
            &mut self.expenditure_scheduled,
            &mut self.expenditure_paid,
            &mut self.backstop,
        ]
    }

    /// Months of reserve in year index `t`, as the rows compute it (from the net position for
    /// a total).
    pub fn months(&self, t: usize) -> Option<f64> {
        let money = if self.total {
            self.balance_before_rule[t]
        } else {
            self.balance[t]
        };
        months_of_reserve(money, self.expenditure_paid[t])
    }
}

/// One value for each of the three funds every unit has ([`Fund::MAIN`]), by name rather than
/// by position.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Funds<T> {
    /// 职工医保统筹基金 ([`Fund::EmployeePooled`]).
    pub employee_pooled: T,
    /// 职工医保个人账户 ([`Fund::EmployeeAccounts`]).
    pub employee_accounts: T,
    /// 城乡居民医保基金 ([`Fund::Resident`]).
    pub resident: T,
}

impl<T> Funds<T> {
    /// The same value for each fund.
    pub fn splat(value: T) -> Self
    where
        T: Clone,
    {
        Funds {
            employee_pooled: value.clone(),
            employee_accounts: value.clone(),
            resident: value,
        }
    }

    /// Each fund's value from `f`, called in the order of [`Fund::MAIN`].
    pub fn from_fn(mut f: impl FnMut(Fund) -> T) -> Self {
        Funds {
            employee_pooled: f(Fund::EmployeePooled),
            employee_accounts: f(Fund::EmployeeAccounts),
            resident: f(Fund::Resident),
        }
    }

    /// The value of `fund`; `None` for a total or an adjustment fund.
    pub fn get(&self, fund: Fund) -> Option<&T> {
        match fund {
            Fund::EmployeePooled => Some(&self.employee_pooled),
            Fund::EmployeeAccounts => Some(&self.employee_accounts),
            Fund::Resident => Some(&self.resident),
            _ => None,
        }
    }

    /// Each fund with its value, in the order of [`Fund::MAIN`].
    pub fn iter(&self) -> impl Iterator<Item = (Fund, &T)> {
        [
            (Fund::EmployeePooled, &self.employee_pooled),
            (Fund::EmployeeAccounts, &self.employee_accounts),
            (Fund::Resident, &self.resident),
        ]
        .into_iter()
    }

    /// Each fund with its value to change, in the order of [`Fund::MAIN`].
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (Fund, &mut T)> {
        [
            (Fund::EmployeePooled, &mut self.employee_pooled),
            (Fund::EmployeeAccounts, &mut self.employee_accounts),
            (Fund::Resident, &mut self.resident),
        ]
        .into_iter()
    }
}

/// A projection's key columns: per province (data order) and for the nation, each of the three
/// funds ([`crate::model::project::project_key_columns`]).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyProjection {
    /// Province codes in data order.
    pub codes: Vec<String>,
    /// Each province's three funds.
    pub units: Vec<Funds<KeyColumns>>,
    /// The nation's three funds: sums of the provinces', the pooled funds as totals (net
    /// position).
    pub nation: Funds<KeyColumns>,
    /// The scenario's and the run's warnings.
    pub warnings: Vec<Warning>,
}

/// The yearly rows of one fund of one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// `CN`, a province code, or `CODE-NN`.
    pub unit: String,
    /// The unit's level.
    pub level: Level,
    /// The fund.
    pub fund: Fund,
    /// One row per year from the base year to the horizon.
    pub rows: Vec<YearRow>,
}

impl Series {
    /// The row of a year, if projected.
    pub fn row(&self, year: i32) -> Option<&YearRow> {
        let first = self.rows.first()?.year;
        self.rows.get(usize::try_from(year - first).ok()?)
    }
}

/// Summary metrics of one fund of one unit (docs/model.md §7, INTERFACES.md summary.csv).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Unit code.
    pub unit: String,
    /// Unit level.
    pub level: Level,
    /// Fund.
    pub fund: Fund,
    /// First year with a negative current balance, after the base year.
    pub first_deficit_year: Option<i32>,
    /// First year the fund's own money does not cover its spending (before grants from an
    /// adjustment fund and before any balancing measure; for the nation and a province with
    /// sub-units, the first year their net position is not positive): docs/model.md §7.
    pub depletion_year: Option<i32>,
    /// First year the backstop pays anything (in any of the units summed, for a total).
    pub first_backstop_year: Option<i32>,
    /// Lowest months of reserve over the projection years.
    pub min_months: Option<f64>,
    /// Year of the lowest months of reserve.
    pub min_months_year: Option<i32>,
    /// Months of reserve in the horizon year.
    pub months_at_horizon: Option<f64>,
    /// Sum of the backstop over the projection, 亿元 (nominal).
    pub cumulative_backstop: f64,
    /// The same discounted to the base year at the interest-rate path.
    pub cumulative_backstop_discounted: f64,
    /// Where the unit's figures rest on the calibration recipe rather than published figures
    /// (an estimated province's resident fund, docs/model.md §3): the range of its depletion year.
    pub estimate: Option<EstimateRange>,
}

/// The depletion years of an estimated fund with its base-year margin moved down and up by the
/// spread of the published provinces' margins (docs/model.md §3); `None`: not within the
/// horizon.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EstimateRange {
    /// With the lower margin (more spending): the earlier year.
    pub low: Option<i32>,
    /// With the higher margin.
    pub high: Option<i32>,
    /// How far the margin was moved each way (a fraction).
    pub spread: f64,
}

/// National benefit-gap indicators of one year (docs/model.md §7).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GapRow {
    /// Year.
    pub year: i32,
    /// Employee pooled spending per member ÷ resident spending per participant.
    pub scheme_spending_ratio: f64,
    /// ρ_E − ρ_R (national, expenditure weighted).
    pub reimbursement_gap: f64,
    /// Coefficient of variation of resident spending per participant across provinces.
    pub regional_spending_cv: f64,
    /// Max ÷ min of resident spending per participant across provinces.
    pub regional_spending_max_min: f64,
    /// Coefficient of variation of resident months of reserve across provinces.
    pub regional_months_cv: f64,
    /// Max ÷ min of resident months of reserve across provinces (`None` when a minimum is ≤ 0).
    pub regional_months_max_min: Option<f64>,
    /// Scheduled − payable benefits of all funds, 亿元 (under `CutBenefits`).
    pub payable_gap: f64,
    /// Resident premium burden of the lowest income quintile (national).
    pub burden_lowest: f64,
    /// Resident premium burden of the highest income quintile (national).
    pub burden_highest: f64,
}

/// The cost of fragmentation of one pooled fund of one unit in one year (docs/model.md §12): the
/// backstop paid while surplus sits idle in other funds of the same unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragmentation {
    /// A province code, or `CN`.
    pub unit: String,
    /// `EmployeePooled` or `Resident`.
    pub fund: Fund,
    /// Year.
    pub year: i32,
    /// Backstop paid in the unit's pooling units, 亿元.
    pub backstop: f64,
    /// Positive balances held by the unit's pooling units in a year when one of them is
    /// backstopped, 亿元 (0 in years without backstop). For a province its sub-units; for `CN`
    /// every pooling member (sub-units when the scenario has them, else the provinces).
    pub idle_surplus: f64,
}

/// The full result of projecting one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// First row's year.
    pub base_year: i32,
    /// Last row's year.
    pub horizon: i32,
    /// Series sorted by level, unit, fund.
    pub series: Vec<Series>,
    /// Summaries in the same order.
    pub summaries: Vec<Summary>,
    /// National gap indicators per year.
    pub gaps: Vec<GapRow>,
    /// Things the user should know (clamps applied, calibration notes), each once; see
    /// [`Warning`](super::warning::Warning).
    pub warnings: Vec<super::warning::Warning>,
    /// Backstop against idle surplus per province and the nation, pooled funds, every year.
    pub fragmentation: Vec<Fragmentation>,
    /// What it was projected from.
    pub inputs: Arc<Inputs>,
}

/// The inputs a projection was computed from, so that what shows or reports a lever's value or
/// the base state reads the numbers the projection used instead of resolving again.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    /// The levers as resolved for the provinces and the nation (with any perturbation of a
    /// stochastic or sensitivity run applied).
    pub levers: Resolved,
    /// The calibrated base state (`None` when the calibration failed).
    pub base: Option<Arc<Calibration>>,
}

impl Projection {
    /// The series of a unit and fund.
    pub fn series(&self, unit: &str, fund: Fund) -> Option<&Series> {
        self.series
            .iter()
            .find(|s| s.unit == unit && s.fund == fund)
    }

    /// The summary of a unit and fund.
    pub fn summary(&self, unit: &str, fund: Fund) -> Option<&Summary> {
        self.summaries
            .iter()
            .find(|s| s.unit == unit && s.fund == fund)
    }
}
