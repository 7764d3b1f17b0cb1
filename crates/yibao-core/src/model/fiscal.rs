//! The treasury's view (docs/model.md §15): per year, for the nation and each province, the
//! fiscal money paid into the medical-insurance funds (the resident subsidy's central and local
//! parts, any subsidy to the employee funds, the backstop 财政兜底) against the province's
//! general budget expenditure (一般公共预算支出) and its health line (卫生健康支出).
//!
//! The budgets come from `assets/data/fiscal/province_fiscal_2022.csv` (embedded like every
//! input, see `assets/data/fiscal/SOURCES.md`), read with the project's one CSV reader
//! ([`super::table`]) and checked here: every one of the 31 provinces, the same consecutive
//! years for each of them, positive values in 亿元, a source on every row. After an item's last
//! data year it grows with the projection's per-capita disposable income growth g_y of the
//! province (a stated assumption). The nation's budgets are the sums of the provinces': local
//! budgets only.

use super::data::{DataError, files};
use super::keys::{NATION_CODE, PROVINCE_CODES, Province};
use super::levers::Lever;
use super::output::{Fund, Level, Projection};
use super::table;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A budget series of the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// 一般公共预算支出: the province's general public budget expenditure.
    BudgetExpenditure,
    /// 卫生健康支出: the health line of the same budget.
    HealthExpenditure,
}

impl Item {
    /// Both items, in column order.
    pub const ALL: [Item; 2] = [Item::BudgetExpenditure, Item::HealthExpenditure];

    /// The id in the data file's `item` column.
    pub fn id(self) -> &'static str {
        match self {
            Item::BudgetExpenditure => "general_budget_expenditure",
            Item::HealthExpenditure => "health_expenditure",
        }
    }

    fn from_id(id: &str) -> Option<Item> {
        Item::ALL.into_iter().find(|i| i.id() == id)
    }
}

/// One item's published values: consecutive years from `first_year`, one series per province
/// in [`PROVINCE_CODES`] order.
#[derive(Clone, Debug, PartialEq)]
struct ItemSeries {
    first_year: i32,
    values: Vec<Vec<f64>>,
}

impl ItemSeries {
    fn last_year(&self) -> i32 {
        self.first_year + self.values.first().map_or(0, Vec::len) as i32 - 1
    }
}

/// The provinces' budgets as published (the parsed and checked data file).
#[derive(Clone, Debug, PartialEq)]
pub struct Budgets {
    items: [ItemSeries; 2],
}

/// The unit of every value.
const UNIT: &str = "亿元";
/// The columns the file must have.
const COLUMNS: [&str; 6] = ["code", "year", "item", "value", "unit", "source_id"];

fn err(file: &str, line: usize, message: String) -> DataError {
    DataError {
        file: file.to_owned(),
        line,
        message,
    }
}

impl Budgets {
    /// The budgets compiled into the binary, parsed once.
    pub fn embedded() -> Result<&'static Budgets, DataError> {
        static EMBEDDED: OnceLock<Result<Budgets, DataError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Budgets::parse(files::FISCAL.0, files::FISCAL.1))
            .as_ref()
            .map_err(|e| err(&e.file, e.line, e.message.clone()))
    }

    /// Parses and checks a budgets file (`file` names it in messages).
    pub fn parse(file: &str, text: &str) -> Result<Budgets, DataError> {
        let records = table::records(text).map_err(|e| err(file, e.line, e.message))?;
        let mut records = records.into_iter();
        let head = records
            .next()
            .ok_or_else(|| err(file, 0, "the file is empty".into()))?;
        let names = head.texts();
        let mut col = [0usize; COLUMNS.len()];
        for (c, name) in col.iter_mut().zip(COLUMNS) {
            *c = names.iter().position(|h| *h == name).ok_or_else(|| {
                err(
                    file,
                    head.line,
                    format!(
                        "missing column `{name}` (the header must name {})",
                        COLUMNS.join(",")
                    ),
                )
            })?;
        }
        let [c_code, c_year, c_item, c_value, c_unit, c_source] = col;
        // (item, province, year) → (value, line)
        let mut seen: BTreeMap<(Item, usize, i32), (f64, usize)> = BTreeMap::new();
        for r in records {
            let line = r.line;
            let cell = |c: usize| r.cells.get(c).map_or("", |x| x.text.as_str());
            let code = cell(c_code);
            let province = Province::from_code(code).ok_or_else(|| {
                err(
                    file,
                    line,
                    format!(
                        "`{code}` is not a province code (one of {} … {})",
                        PROVINCE_CODES[0],
                        PROVINCE_CODES[PROVINCE_CODES.len() - 1]
                    ),
                )
            })?;
            let year: i32 = cell(c_year)
                .parse()
                .ok()
                .filter(|y| (1990..=2100).contains(y))
                .ok_or_else(|| {
                    err(
                        file,
                        line,
                        format!("`{}` is not a year (1990–2100)", cell(c_year)),
                    )
                })?;
            let item = Item::from_id(cell(c_item)).ok_or_else(|| {
                err(
                    file,
                    line,
                    format!(
                        "unknown item `{}` (expected {} or {})",
                        cell(c_item),
                        Item::BudgetExpenditure.id(),
                        Item::HealthExpenditure.id()
                    ),
                )
            })?;
            let value: f64 = cell(c_value).parse().map_err(|_| {
                err(
                    file,
                    line,
                    format!("value `{}` is not a number", cell(c_value)),
                )
            })?;
            if !value.is_finite() || value <= 0.0 {
                return Err(err(
                    file,
                    line,
                    format!(
                        "{} of {code} in {year} is {value}: a budget must be positive",
                        item.id()
                    ),
                ));
            }
            if cell(c_unit) != UNIT {
                return Err(err(
                    file,
                    line,
                    format!("unit `{}`: values must be in {UNIT}", cell(c_unit)),
                ));
            }
            if cell(c_source).is_empty() {
                return Err(err(
                    file,
                    line,
                    "empty `source_id`: every value needs its source".into(),
                ));
            }
            if let Some((_, first)) = seen.insert((item, province.index(), year), (value, line)) {
                return Err(err(
                    file,
                    line,
                    format!(
                        "{} of {code} in {year} is given twice (also on line {first})",
                        item.id()
                    ),
                ));
            }
        }
        let mut items = Vec::with_capacity(2);
        for item in Item::ALL {
            let years: std::collections::BTreeSet<i32> =
                seen.keys().filter(|k| k.0 == item).map(|k| k.2).collect();
            let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
                return Err(err(file, 0, format!("no rows for item {}", item.id())));
            };
            let mut values = vec![Vec::with_capacity(years.len()); PROVINCE_CODES.len()];
            for (p, series) in values.iter_mut().enumerate() {
                for year in first..=last {
                    let (v, _) = seen.get(&(item, p, year)).ok_or_else(|| {
                        err(
                            file,
                            0,
                            format!(
                                "{} of {} in {year} is missing: every province needs every year {first}–{last}",
                                item.id(),
                                PROVINCE_CODES[p]
                            ),
                        )
                    })?;
                    series.push(*v);
                }
            }
            items.push(ItemSeries {
                first_year: first,
                values,
            });
        }
        let items: [ItemSeries; 2] = items
            .try_into()
            .map_err(|_| err(file, 0, "internal: two items expected".into()))?;
        Ok(Budgets { items })
    }

    /// The first and last year with published values of an item.
    pub fn years(&self, item: Item) -> (i32, i32) {
        let s = &self.items[item as usize];
        (s.first_year, s.last_year())
    }

    /// The published value of an item for province `p` (data order) in `year`, if published.
    pub fn published(&self, item: Item, p: usize, year: i32) -> Option<f64> {
        let s = &self.items[item as usize];
        let t = usize::try_from(year - s.first_year).ok()?;
        s.values.get(p)?.get(t).copied()
    }

    /// An item for province `p` in each year of `years` (consecutive, ascending): the
    /// published value, or after the last data year the last value grown by
    /// `1 + growth(year)` a year. `None` for a year before the first data year. The flag says
    /// whether the value is published.
    pub fn path(
        &self,
        item: Item,
        p: usize,
        years: impl Iterator<Item = i32>,
        growth: impl Fn(i32) -> f64,
    ) -> Vec<Option<(f64, bool)>> {
        let s = &self.items[item as usize];
        let last = s.last_year();
        let last_value = s.values.get(p).and_then(|v| v.last().copied());
        let mut grown: Option<(i32, f64)> = last_value.map(|v| (last, v));
        years
            .map(|year| {
                if let Some(v) = self.published(item, p, year) {
                    return Some((v, true));
                }
                if year < s.first_year {
                    return None;
                }
                let (mut y, mut v) = grown?;
                while y < year {
                    y += 1;
                    v *= 1.0 + growth(y);
                }
                grown = Some((y, v));
                Some((v, false))
            })
            .collect()
    }
}

/// The treasury's view of one unit in one year. Money in 亿元.
#[derive(Clone, Debug, PartialEq)]
pub struct FiscalRow {
    /// `CN` or a province code.
    pub unit: String,
    /// Nation or province.
    pub level: Level,
    /// Calendar year.
    pub year: i32,
    /// The central budget's part of the resident subsidy (by the province's tier share).
    pub subsidy_central: f64,
    /// The local budgets' part of the resident subsidy.
    pub subsidy_local: f64,
    /// Fiscal subsidy to the employee funds (pooled fund, accounts, adjustment fund).
    pub subsidy_employee: f64,
    /// 财政兜底 paid into every fund of the unit.
    pub backstop: f64,
    /// The resident fund's local top-up above the national standard (`income_other`):
    /// published accounts do not split it between local budgets and people, so it is shown
    /// beside the fiscal money, not in it.
    pub resident_topup: f64,
    /// 一般公共预算支出 (the sum of the provinces' for the nation).
    pub budget_expenditure: f64,
    /// 卫生健康支出 (the sum of the provinces' for the nation).
    pub health_expenditure: f64,
    /// Whether `budget_expenditure` is published (else grown from the last data year; for the
    /// nation, whether every province's is).
    pub budget_published: bool,
    /// Whether `health_expenditure` is published.
    pub health_published: bool,
}

impl FiscalRow {
    /// All fiscal money into the funds: subsidies (central, local, employee) + backstop.
    pub fn fiscal_total(&self) -> f64 {
        self.subsidy_central + self.subsidy_local + self.subsidy_employee + self.backstop
    }

    /// The resident subsidy (central + local).
    pub fn subsidy_resident(&self) -> f64 {
        self.subsidy_central + self.subsidy_local
    }

    /// Fiscal money as a share of general budget expenditure.
    pub fn share_of_budget(&self) -> f64 {
        self.fiscal_total() / self.budget_expenditure
    }

    /// Fiscal money as a share of the health line.
    pub fn share_of_health(&self) -> f64 {
        self.fiscal_total() / self.health_expenditure
    }
}

/// The treasury's view of a projection with the embedded budgets ([`rows_with`]).
pub fn rows(p: &Projection) -> Result<Vec<FiscalRow>, DataError> {
    rows_with(Budgets::embedded()?, p)
}

/// The treasury's view of one unit (`CN` or a province code) with the embedded budgets: its
/// rows, every year of the projection (empty for a unit that has none, such as a sub-unit).
pub fn unit_rows(p: &Projection, unit: &str) -> Result<Vec<FiscalRow>, DataError> {
    rows_of(Budgets::embedded()?, p, Some(unit))
}

/// The treasury's view of a projection: the nation's rows, then each province's in data
/// order, every year of the projection. Sub-units are not shown (no budgets for them); a
/// province with sub-units shows its own rows, which are their sums.
pub fn rows_with(budgets: &Budgets, p: &Projection) -> Result<Vec<FiscalRow>, DataError> {
    rows_of(budgets, p, None)
}

/// [`rows_with`] for every unit (`None`) or one.
fn rows_of(
    budgets: &Budgets,
    p: &Projection,
    only: Option<&str>,
) -> Result<Vec<FiscalRow>, DataError> {
    let wanted = |unit: &str| only.is_none_or(|u| u == unit);
    for item in Item::ALL {
        let (first, _) = budgets.years(item);
        if p.base_year < first {
            return Err(err(
                files::FISCAL.0,
                0,
                format!(
                    "{} starts in {first}, after the projection's base year {}",
                    item.id(),
                    p.base_year
                ),
            ));
        }
    }
    let levers = &p.inputs.levers;
    let years = || p.base_year..=p.horizon;
    let n = years().count();
    let mut out = Vec::with_capacity(n * (PROVINCE_CODES.len() + 1));
    let mut nation = if wanted(NATION_CODE) {
        money_rows(p, NATION_CODE, Level::Nation)
    } else {
        blank_rows(p, NATION_CODE, Level::Nation)
    };
    for r in &mut nation {
        r.budget_published = true;
        r.health_published = true;
    }
    let mut provinces = Vec::with_capacity(PROVINCE_CODES.len());
    for (i, code) in PROVINCE_CODES.iter().enumerate() {
        if !p
            .series
            .iter()
            .any(|s| s.level == Level::Province && s.unit == *code)
        {
            continue;
        }
        let mut rows = if wanted(code) {
            money_rows(p, code, Level::Province)
        } else {
            // The nation's budgets need every province's; its money rows are its own.
            blank_rows(p, code, Level::Province)
        };
        let growth = |y: i32| levers.in_year(Lever::EconomyIncomeGrowth, i, y);
        let budget = budgets.path(Item::BudgetExpenditure, i, years(), growth);
        let health = budgets.path(Item::HealthExpenditure, i, years(), growth);
        for ((r, b), h) in rows.iter_mut().zip(budget).zip(health) {
            let (Some((b, bp)), Some((h, hp))) = (b, h) else {
                return Err(err(
                    files::FISCAL.0,
                    0,
                    format!("no budget for {code} in {}", r.year),
                ));
            };
            (r.budget_expenditure, r.budget_published) = (b, bp);
            (r.health_expenditure, r.health_published) = (h, hp);
        }
        for (nr, r) in nation.iter_mut().zip(&rows) {
            nr.budget_expenditure += r.budget_expenditure;
            nr.health_expenditure += r.health_expenditure;
            nr.budget_published &= r.budget_published;
            nr.health_published &= r.health_published;
        }
        if wanted(code) {
            provinces.push(rows);
        }
    }
    if wanted(NATION_CODE) {
        out.extend(nation);
    }
    out.extend(provinces.into_iter().flatten());
    Ok(out)
}

/// A unit's fiscal money by year, from its fund series (totals skipped: their parts count).
fn money_rows(p: &Projection, unit: &str, level: Level) -> Vec<FiscalRow> {
    let mut rows = blank_rows(p, unit, level);
    for s in p
        .series
        .iter()
        .filter(|s| s.unit == unit && s.level == level && !s.fund.is_total())
    {
        for x in &s.rows {
            let Some(r) = usize::try_from(x.year - p.base_year)
                .ok()
                .and_then(|t| rows.get_mut(t))
            else {
                continue;
            };
            match s.fund {
                Fund::Resident | Fund::ResidentAdjustment => {
                    r.subsidy_central += x.subsidy_central;
                    r.subsidy_local += x.subsidy_local;
                    r.resident_topup += x.income_other;
                }
                _ => r.subsidy_employee += x.income_subsidy,
            }
            r.backstop += x.backstop;
        }
    }
    rows
}

/// A unit's rows with no money yet, one per projected year.
fn blank_rows(p: &Projection, unit: &str, level: Level) -> Vec<FiscalRow> {
    (p.base_year..=p.horizon)
        .map(|year| FiscalRow {
            unit: unit.to_owned(),
            level,
            year,
            subsidy_central: 0.0,
            subsidy_local: 0.0,
            subsidy_employee: 0.0,
            backstop: 0.0,
            resident_topup: 0.0,
            budget_expenditure: 0.0,
            health_expenditure: 0.0,
            budget_published: true,
            health_published: true,
        })
        .collect()
}

/// The row of a unit and year among `rows`.
pub fn row<'a>(rows: &'a [FiscalRow], unit: &str, year: i32) -> Option<&'a FiscalRow> {
    rows.iter().find(|r| r.unit == unit && r.year == year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rows: &[&str]) -> String {
        let mut s = String::from("code,year,item,value,unit,source_id\n");
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s
    }

    fn full(years: &[(i32, Item)], skip: Option<(&str, i32)>) -> String {
        let mut rows = Vec::new();
        for (year, item) in years {
            for code in PROVINCE_CODES {
                if skip == Some((code, *year)) {
                    continue;
                }
                rows.push(format!("{code},{year},{},100.5,亿元,T", item.id()));
            }
        }
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        file(&refs)
    }

    const YEARS: [(i32, Item); 3] = [
        (2022, Item::BudgetExpenditure),
        (2023, Item::BudgetExpenditure),
        (2022, Item::HealthExpenditure),
    ];

    #[test]
    fn embedded_file_has_every_province_and_year() {
        let b = Budgets::embedded().expect("embedded budgets");
        assert_eq!(b.years(Item::BudgetExpenditure), (2022, 2024));
        assert_eq!(b.years(Item::HealthExpenditure), (2022, 2023));
        // Yearbook 2023 table 7-6: the provinces add up to the local total 224,981.29 (0.02
        // rounding).
        let sum: f64 = (0..31)
            .map(|p| b.published(Item::BudgetExpenditure, p, 2022).unwrap())
            .sum();
        assert!((sum - 224_981.29).abs() < 0.05, "{sum}");
        assert_eq!(b.published(Item::BudgetExpenditure, 0, 2022), Some(7469.15));
    }

    #[test]
    fn a_complete_file_parses_and_grows_after_its_last_year() {
        let b = Budgets::parse("f.csv", &full(&YEARS, None)).expect("parses");
        let path = b.path(Item::HealthExpenditure, 3, 2022..=2024, |_| 0.1);
        assert_eq!(path[0], Some((100.5, true)));
        let (v, published) = path[2].unwrap();
        assert!(!published);
        assert!((v - 100.5 * 1.1 * 1.1).abs() < 1e-9);
        let path = b.path(Item::BudgetExpenditure, 3, 2021..=2024, |_| 0.1);
        assert_eq!(path[0], None);
        assert_eq!(path[2], Some((100.5, true)));
        assert!((path[3].unwrap().0 - 110.55).abs() < 1e-9);
    }

    #[test]
    fn a_missing_province_year_is_named() {
        let e = Budgets::parse("f.csv", &full(&YEARS, Some(("GD", 2023)))).unwrap_err();
        assert!(
            e.message.contains("GD") && e.message.contains("2023"),
            "{e}"
        );
    }

    #[test]
    fn bad_rows_are_named_with_their_line() {
        let good = "BJ,2022,general_budget_expenditure,1.0,亿元,T";
        for (bad, words) in [
            (
                "XX,2022,general_budget_expenditure,1.0,亿元,T",
                "province code",
            ),
            ("BJ,20x2,general_budget_expenditure,1.0,亿元,T", "year"),
            ("BJ,2022,revenue,1.0,亿元,T", "unknown item"),
            ("BJ,2022,health_expenditure,-3,亿元,T", "positive"),
            ("BJ,2022,health_expenditure,0,亿元,T", "positive"),
            ("BJ,2022,health_expenditure,abc,亿元,T", "not a number"),
            ("BJ,2022,health_expenditure,NaN,亿元,T", "positive"),
            ("BJ,2022,health_expenditure,1,万元,T", "unit"),
            ("BJ,2022,health_expenditure,1,亿元,", "source"),
            (good, "twice"),
        ] {
            let e = Budgets::parse("f.csv", &file(&[good, bad])).unwrap_err();
            assert_eq!(e.line, 3, "{bad}: {e}");
            assert!(e.message.contains(words), "{bad}: {e}");
            assert!(e.to_string().starts_with("f.csv:3:"), "{e}");
        }
        let e = Budgets::parse("f.csv", "code,year,item,value,unit\n").unwrap_err();
        assert!(e.message.contains("source_id"), "{e}");
        let e = Budgets::parse("f.csv", "").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
    }
}
