//! Real pooling sub-units (prefectures) loaded from a sub-unit accounts file (`--subunits FILE`,
//! docs/accounts.md "Prefecture accounts", docs/model.md §12).
//!
//! The file shares the provincial accounts format with a `name` column after the `code`
//! (`GZ-01,贵阳市,2022,resident,income,…`) and is parsed by the same parser
//! ([`Accounts::parse_units`]). Each unit gives, for the base year, the four figures
//! [`ITEMS`] of each of the two pooled funds [`SCHEMES`]; everything else (people by age,
//! rates, growth) is shared from its province. Loaded units replace the synthetic sub-units of
//! their province only.

use super::accounts::{AccountRow, Accounts, AccountsError, Item, Scheme, Units};
use super::output::YearRow;

/// The funds a sub-unit file gives, in the order of `Subunit::figures`.
pub const SCHEMES: [Scheme; 2] = [Scheme::EmployeePooled, Scheme::Resident];

/// The base-year figures each unit gives per fund, in the order of `Subunit::figures`.
pub const ITEMS: [Item; 4] = [
    Item::Participants,
    Item::Income,
    Item::Expenditure,
    Item::Balance,
];

/// How far (a share of the province's absolute figure) the loaded units of a province may
/// exceed it before that is an error (published prefecture and provincial figures are rounded
/// and compiled at different dates; more than 1 % is a wrong or double-counted unit).
pub const TOLERANCE: f64 = 0.01;

/// Misses smaller than this share of the province's figure are rounding: no remainder unit.
pub const EXACT: f64 = 1e-9;

/// The number of the remainder unit `CODE-00` ("rest of province").
pub const REST: &str = "00";

/// One loaded sub-unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Subunit {
    /// `GZ-01`.
    pub code: String,
    /// Its name as given (`贵阳市`).
    pub name: String,
    /// Province index.
    pub province: usize,
    /// Base-year figures `[scheme][item]` in the order of [`SCHEMES`] and [`ITEMS`] (万人, 亿元).
    pub figures: [[f64; 4]; 2],
    /// `(line, column)` of each figure's value cell.
    pub positions: [[(usize, usize); 4]; 2],
}

/// The loaded sub-units of one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subunits {
    /// The file as given.
    pub file: String,
    /// Units in file order of first appearance.
    pub units: Vec<Subunit>,
}

/// The sum of a province's loaded units against the province, for one fund and item.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Province code.
    pub province: String,
    /// Fund.
    pub scheme: Scheme,
    /// Item.
    pub item: Item,
    /// Σ of the loaded units.
    pub sum: f64,
    /// The province's base-year figure.
    pub total: f64,
}

impl Gap {
    /// What the units miss, as a share of the province's absolute figure (negative when they
    /// exceed it); 0 when both are 0.
    pub fn miss(&self) -> f64 {
        let d = self.total - self.sum;
        if self.total.abs() > 0.0 {
            d / self.total.abs()
        } else if d == 0.0 {
            0.0
        } else {
            -d.signum()
        }
    }
}

/// A figure of a pooled fund's base-year row: members, total income, expenditure, balance.
pub fn figure(r: &YearRow, item: Item) -> f64 {
    match item {
        Item::Income => {
            r.income_contributions + r.income_subsidy + r.income_interest + r.income_other
        }
        Item::Expenditure => r.expenditure_paid,
        Item::Balance => r.balance,
        Item::Participants | Item::Active | Item::Retired => r.participants,
        Item::CurrentBalance => figure(r, Item::Income) - figure(r, Item::Expenditure),
    }
}

/// A loaded member's constant shares of its province, from its base-year figures
/// (docs/model.md §12 "Loaded sub-units").
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Split {
    /// Share of the province's people s (and of its subsidy and other income).
    pub people: f64,
    /// Share κ of its contributions.
    pub contributions: f64,
    /// Share β of its interest.
    pub interest: f64,
    /// Share e of its spending.
    pub spending: f64,
    /// The unit's balance, 亿元.
    pub balance: f64,
}

/// `a / b`, or `fallback` when `b` is 0.
fn ratio(a: f64, b: f64, fallback: f64) -> f64 {
    if b != 0.0 { a / b } else { fallback }
}

impl Split {
    /// The shares of a unit with figures `f` (participants, income, expenditure, balance) in a
    /// province whose base-year row is `r`: people s = N/N_P; interest by balance β = F/F_P;
    /// subsidy and other income by people; contributions the rest of the unit's income,
    /// κ = (I − s·(subsidy + other) − β·interest) / C_P; spending e = E/E_P.
    pub fn of(f: [f64; 4], r: &YearRow) -> Split {
        let people = ratio(f[0], r.participants, 0.0);
        let interest = ratio(f[3], r.balance, people);
        let own =
            f[1] - people * (r.income_subsidy + r.income_other) - interest * r.income_interest;
        Split {
            people,
            contributions: ratio(own, r.income_contributions, people),
            interest,
            spending: ratio(f[2], r.expenditure_paid, people),
            balance: f[3],
        }
    }

    /// The remainder of a province after the loaded units' splits: one minus their shares, the
    /// province's balance minus theirs (so that the members add up to the province exactly),
    /// each at least 0 (where the units exceed their province within [`TOLERANCE`], the
    /// remainder holds none of that figure rather than a negative amount).
    pub fn rest<'a>(loaded: impl Iterator<Item = &'a Split>, r: &YearRow) -> Split {
        let mut out = Split {
            people: 1.0,
            contributions: 1.0,
            interest: 1.0,
            spending: 1.0,
            balance: r.balance,
        };
        for s in loaded {
            out.people -= s.people;
            out.contributions -= s.contributions;
            out.interest -= s.interest;
            out.spending -= s.spending;
            out.balance -= s.balance;
        }
        // Units may exceed their province by up to the tolerance: the remainder then takes
        // none of that figure (never negative members, contributions, spending or balance).
        out.people = out.people.max(0.0);
        out.contributions = out.contributions.max(0.0);
        out.interest = out.interest.max(0.0);
        out.spending = out.spending.max(0.0);
        out.balance = out.balance.max(0.0);
        out
    }
}

impl Subunits {
    /// Parses a sub-unit file: the provincial parser's checks (unknown province, bad number,
    /// wrong unit, duplicate row), sub-unit codes `CODE-NN`, a name that is the same on every
    /// row of a unit, the base year only, and every figure of [`SCHEMES`] × [`ITEMS`] given.
    pub fn parse(
        file: &str,
        text: &str,
        codes: &[&str],
        base_year: i32,
    ) -> Result<Subunits, Vec<AccountsError>> {
        let accounts = Accounts::parse_units(file, text, codes, Units::Subunits { base_year })?;
        let mut errors = Vec::new();
        let mut units: Vec<(Subunit, [[bool; 4]; 2], usize)> = Vec::new();
        // A unit's current balances per fund, with their (line, column).
        let mut current: Vec<[CurrentBalance; 2]> = Vec::new();
        for row in &accounts.rows {
            let i = match units.iter().position(|u| u.0.code == row.code) {
                Some(i) => i,
                None => {
                    current.push([None; 2]);
                    let province = row
                        .code
                        .split_once('-')
                        .and_then(|(c, _)| codes.iter().position(|k| *k == c))
                        .unwrap_or(0);
                    units.push((
                        Subunit {
                            code: row.code.clone(),
                            name: row.name.clone(),
                            province,
                            figures: [[0.0; 4]; 2],
                            positions: [[(0, 0); 4]; 2],
                        },
                        [[false; 4]; 2],
                        row.line,
                    ));
                    units.len() - 1
                }
            };
            let (unit, given, first) = &mut units[i];
            if row.name != unit.name {
                errors.push(AccountsError {
                    file: file.to_owned(),
                    line: row.line,
                    col: name_col(row),
                    message: format!(
                        "`{}` is named `{}` here but `{}` on line {first}",
                        row.code, row.name, unit.name
                    ),
                });
                continue;
            }
            let Some(s) = index(&SCHEMES, row.scheme) else {
                continue;
            };
            if row.item == Item::CurrentBalance {
                current[i][s] = Some((row.value, row.line, row.value_col));
                continue;
            }
            let Some(k) = index(&ITEMS, row.item) else {
                continue;
            };
            unit.figures[s][k] = row.value;
            unit.positions[s][k] = (row.line, row.value_col);
            given[s][k] = true;
        }
        errors.extend(expenditure_from_current_balance(file, &mut units, &current));
        errors.extend(missing(file, base_year, &units));
        if units.is_empty() {
            errors.push(AccountsError {
                file: file.to_owned(),
                line: 1,
                col: 1,
                message: "the file gives no sub-unit".into(),
            });
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| (e.line, e.col));
            return Err(errors);
        }
        Ok(Subunits {
            file: file.to_owned(),
            units: units.into_iter().map(|u| u.0).collect(),
        })
    }

    /// Whether no unit is loaded.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The loaded units of province `p`, sorted by code.
    pub fn of_province(&self, p: usize) -> Vec<&Subunit> {
        let mut out: Vec<&Subunit> = self.units.iter().filter(|u| u.province == p).collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        out
    }

    /// Provinces with loaded units, in index order.
    pub fn provinces(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.units.iter().map(|u| u.province).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The loaded units of province `p` against its base-year rows `base` (`[pooled,
    /// resident]`): one gap per fund and item.
    pub fn gaps(&self, p: usize, code: &str, base: [&YearRow; 2]) -> Vec<Gap> {
        let units = self.of_province(p);
        let mut out = Vec::new();
        for (s, scheme) in SCHEMES.iter().enumerate() {
            for (k, item) in ITEMS.iter().enumerate() {
                out.push(Gap {
                    province: code.to_owned(),
                    scheme: *scheme,
                    item: *item,
                    sum: units.iter().map(|u| u.figures[s][k]).sum(),
                    total: figure(base[s], *item),
                });
            }
        }
        out
    }

    /// Checks every province's units against its base-year rows (`base[p] = [pooled, accounts,
    /// resident]`): units that exceed a figure of their province by more than [`TOLERANCE`]
    /// are an error at the first unit's value cell; otherwise the gaps, which a remainder unit
    /// `CODE-00` takes up in the projection.
    pub fn check(
        &self,
        codes: &[&str],
        base: &[[YearRow; 3]],
    ) -> Result<Vec<Gap>, Vec<AccountsError>> {
        let mut errors = Vec::new();
        let mut gaps = Vec::new();
        for p in self.provinces() {
            let (Some(code), Some(rows)) = (codes.get(p), base.get(p)) else {
                continue;
            };
            let first = self.of_province(p);
            for g in self.gaps(p, code, [&rows[0], &rows[2]]) {
                if g.miss() < -TOLERANCE {
                    let s = index(&SCHEMES, g.scheme).unwrap_or(0);
                    let k = index(&ITEMS, g.item).unwrap_or(0);
                    let (line, col) = first.first().map_or((1, 1), |u| u.positions[s][k]);
                    errors.push(AccountsError {
                        file: self.file.clone(),
                        line,
                        col,
                        message: format!(
                            "the sub-units of {} sum to {} {} of {} {} above the province's {} ({:.1} %, more than the {} % tolerance)",
                            g.province,
                            round(g.sum),
                            g.item.unit(),
                            g.scheme.id(),
                            g.item.id(),
                            round(g.total),
                            -100.0 * g.miss(),
                            100.0 * TOLERANCE
                        ),
                    });
                } else if g.miss().abs() > EXACT {
                    gaps.push(g);
                }
            }
        }
        if errors.is_empty() {
            Ok(gaps)
        } else {
            Err(errors)
        }
    }
}

/// Loads checked sub-units into `data`: the units of every province are compared with its
/// current-law base year (errors as [`Subunits::check`], and a unit whose income is below its
/// share of the province's subsidy, other income and interest). Returns the gaps a remainder
/// unit will take up.
pub fn load(
    data: &super::data::Dataset,
    subunits: Subunits,
) -> Result<(super::data::Dataset, Vec<Gap>), Vec<String>> {
    let prepared = super::project::prepare(data, &super::scenario::Scenario::default())
        .map_err(|e| vec![e.to_string()])?;
    let base = super::project::base_rows(&prepared);
    let codes: Vec<&str> = prepared.codes.iter().map(String::as_str).collect();
    let text = |e: Vec<AccountsError>| e.iter().map(ToString::to_string).collect::<Vec<_>>();
    let gaps = subunits.check(&codes, &base).map_err(text)?;
    let mut errors = super::sense::subunits(&subunits, &base);
    for u in &subunits.units {
        for (s, fi) in [(0, 0), (1, 2)] {
            let r = &base[u.province][fi];
            let split = Split::of(u.figures[s], r);
            if split.contributions < 0.0 {
                let (line, col) = u.positions[s][1];
                errors.push(AccountsError {
                    file: subunits.file.clone(),
                    line,
                    col,
                    message: format!(
                        "`{}` {} income {} 亿元 is below its share of the province's subsidy, other income and interest ({} 亿元)",
                        u.code,
                        SCHEMES[s].id(),
                        round(u.figures[s][1]),
                        round(u.figures[s][1] - split.contributions * r.income_contributions)
                    ),
                });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.col));
        return Err(text(errors));
    }
    let mut data = data.clone();
    data.subunits = subunits;
    Ok((data, gaps))
}

/// Rounding within which a unit's income − expenditure may differ from the current balance it
/// also gives (亿元; figures are published to 1 万元 and compiled at different dates).
const CURRENT_BALANCE_TOLERANCE: f64 = 0.01;

/// A unit's current balance of one fund with the (line, column) of its value cell.
type CurrentBalance = Option<(f64, usize, usize)>;

/// A unit that gives income and a current balance (当期结余) but no expenditure gets
/// expenditure = income − current balance; a unit that gives all three must be consistent.
fn expenditure_from_current_balance(
    file: &str,
    units: &mut [(Subunit, [[bool; 4]; 2], usize)],
    current: &[[CurrentBalance; 2]],
) -> Vec<AccountsError> {
    const INCOME: usize = 1;
    const EXPENDITURE: usize = 2;
    let mut errors = Vec::new();
    for ((unit, given, _), current) in units.iter_mut().zip(current) {
        for (s, cb) in current.iter().enumerate() {
            let Some((cb, line, col)) = *cb else {
                continue;
            };
            let income = given[s][INCOME].then(|| unit.figures[s][INCOME]);
            match (income, given[s][EXPENDITURE]) {
                (Some(inc), false) => {
                    unit.figures[s][EXPENDITURE] = inc - cb;
                    unit.positions[s][EXPENDITURE] = (line, col);
                    given[s][EXPENDITURE] = true;
                }
                (Some(inc), true) => {
                    let x = unit.figures[s][EXPENDITURE];
                    if (inc - x - cb).abs() > CURRENT_BALANCE_TOLERANCE {
                        errors.push(AccountsError {
                            file: file.to_owned(),
                            line,
                            col,
                            message: format!(
                                "`{}` {} current_balance {cb} differs from income {inc} − expenditure {x} = {}",
                                unit.code,
                                SCHEMES[s].id(),
                                inc - x
                            ),
                        });
                    }
                }
                (None, _) => errors.push(AccountsError {
                    file: file.to_owned(),
                    line,
                    col,
                    message: format!(
                        "`{}` {} current_balance needs the unit's income in the same file (expenditure = income − current balance)",
                        unit.code,
                        SCHEMES[s].id()
                    ),
                }),
            }
        }
    }
    errors
}

/// A missing-figure error for every unit that lacks one of [`SCHEMES`] × [`ITEMS`], at the
/// unit's first line.
fn missing(
    file: &str,
    base_year: i32,
    units: &[(Subunit, [[bool; 4]; 2], usize)],
) -> Vec<AccountsError> {
    let mut errors = Vec::new();
    for (unit, given, first) in units {
        for (s, scheme) in SCHEMES.iter().enumerate() {
            for (k, item) in ITEMS.iter().enumerate() {
                if !given[s][k] {
                    errors.push(AccountsError {
                        file: file.to_owned(),
                        line: *first,
                        col: 1,
                        message: format!(
                            "`{}` ({}) lacks {} {} of {base_year}",
                            unit.code,
                            unit.name,
                            scheme.id(),
                            item.id()
                        ),
                    });
                }
            }
        }
    }
    errors
}

/// A figure rounded for a message.
fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

fn index<T: PartialEq>(all: &[T], x: T) -> Option<usize> {
    all.iter().position(|a| *a == x)
}

/// The column of a sub-unit row's name cell (the row keeps its value's column: the name is the
/// second cell, after a code of known width).
fn name_col(row: &AccountRow) -> usize {
    row.code.chars().count() + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [&str; 2] = ["GZ", "YN"];
    const HEAD: &str = "code,name,year,scheme,item,value,unit,tag,source_id\n";

    /// A complete unit: 8 rows.
    fn unit(code: &str, name: &str, v: [[f64; 4]; 2]) -> String {
        let mut out = String::new();
        for (s, scheme) in SCHEMES.iter().enumerate() {
            for (k, item) in ITEMS.iter().enumerate() {
                out.push_str(&format!(
                    "{code},{name},2022,{},{},{},{},derived,T\n",
                    scheme.id(),
                    item.id(),
                    v[s][k],
                    item.unit()
                ));
            }
        }
        out
    }

    fn messages(body: &str) -> Vec<String> {
        match Subunits::parse("pref.csv", &format!("{HEAD}{body}"), &CODES, 2022) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn parses_units_with_names_and_positions() {
        let text = format!(
            "{HEAD}{}{}",
            unit(
                "GZ-01",
                "贵阳市",
                [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]
            ),
            unit(
                "GZ-02",
                "遵义市",
                [[1.5, 2.5, 3.5, -4.5], [5.5, 6.5, 7.5, 8.5]]
            )
        );
        let s = Subunits::parse("pref.csv", &text, &CODES, 2022).expect("valid");
        assert_eq!(s.units.len(), 2);
        let u = &s.units[1];
        assert_eq!(
            (u.code.as_str(), u.name.as_str(), u.province),
            ("GZ-02", "遵义市", 0)
        );
        assert_eq!(u.figures, [[1.5, 2.5, 3.5, -4.5], [5.5, 6.5, 7.5, 8.5]]);
        // Line 10 is GZ-02's first row; the value starts after `GZ-02,遵义市,2022,employee_pooled,participants,`.
        assert_eq!(u.positions[0][0], (10, 45));
        assert_eq!(s.provinces(), [0]);
    }

    #[test]
    fn a_current_balance_stands_for_expenditure_and_must_agree_with_it() {
        let full = unit(
            "GZ-01",
            "贵阳市",
            [[1.0, 10.0, 12.0, 4.0], [5.0, 6.0, 5.5, 8.0]],
        );
        // The resident expenditure row replaced by a current balance of income − 5.5.
        let text = full.replace(
            "GZ-01,贵阳市,2022,resident,expenditure,5.5,亿元",
            "GZ-01,贵阳市,2022,resident,current_balance,0.5,亿元",
        );
        let s = Subunits::parse("pref.csv", &format!("{HEAD}{text}"), &CODES, 2022).expect("valid");
        assert_eq!(s.units[0].figures[1][2], 5.5);
        // A deficit: expenditure above income.
        let deficit = full.replace(
            "GZ-01,贵阳市,2022,employee_pooled,expenditure,12,亿元",
            "GZ-01,贵阳市,2022,employee_pooled,current_balance,-2,亿元",
        );
        let s =
            Subunits::parse("pref.csv", &format!("{HEAD}{deficit}"), &CODES, 2022).expect("valid");
        assert_eq!(s.units[0].figures[0][2], 12.0);
        // Given beside expenditure it must agree.
        let both = format!("{full}GZ-01,贵阳市,2022,resident,current_balance,3,亿元,derived,T\n");
        let m = messages(&both);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("pref.csv:10:"), "{m:?}");
        assert!(
            m[0].contains("differs from income 6 − expenditure 5.5"),
            "{m:?}"
        );
        // Without the income it cannot stand for expenditure.
        let alone = text.replace("GZ-01,贵阳市,2022,resident,income,6,亿元,derived,T\n", "");
        let m = messages(&alone);
        assert!(
            m.iter().any(|m| m.contains("needs the unit's income")),
            "{m:?}"
        );
    }

    #[test]
    fn every_failure_is_positioned() {
        let ok = unit("GZ-01", "贵阳市", [[1.0; 4]; 2]);
        // Unknown province.
        assert_eq!(
            messages(&ok.replace("GZ-01", "XX-01")),
            (2..=9)
                .map(|l| format!("pref.csv:{l}:1: error: unknown province `XX` in `XX-01`"))
                .collect::<Vec<_>>()
        );
        // Not a sub-unit code.
        assert_eq!(
            messages("GZ,贵阳市,2022,resident,income,1,亿元,derived,T\n"),
            ["pref.csv:2:1: error: `GZ` is not a sub-unit code (expected CODE-NN, e.g. GZ-01)"]
        );
        // Duplicate unit row.
        let dup = format!("{ok}GZ-01,贵阳市,2022,resident,balance,9,亿元,derived,T\n");
        assert_eq!(
            messages(&dup),
            [
                "pref.csv:10:1: error: duplicate row: GZ-01 2022 resident balance is already given on line 9"
            ]
        );
        // Bad number.
        let bad = ok.replacen("participants,1,", "participants,1x,", 1);
        assert_eq!(
            messages(&bad),
            ["pref.csv:2:45: error: `1x` is not a number"]
        );
        // Missing required item.
        let missing: String = ok
            .lines()
            .filter(|l| !l.contains("resident,expenditure"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            messages(&missing),
            ["pref.csv:2:1: error: `GZ-01` (贵阳市) lacks resident expenditure of 2022"]
        );
        // A year other than the base year.
        assert_eq!(
            messages(&ok.replacen("2022", "2023", 1)),
            ["pref.csv:2:11: error: year 2023: a sub-unit file gives the base year 2022 only"]
        );
        // A scheme the pooling layer does not split.
        assert_eq!(
            messages("GZ-01,贵阳市,2022,employee,income,1,亿元,derived,T\n"),
            [
                "pref.csv:2:16: error: scheme `employee`: a sub-unit file gives employee_pooled and resident only"
            ]
        );
        // Two names for one unit, and a unit without a name.
        let renamed = ok
            .replacen("贵阳市", "筑城", 8)
            .replacen("筑城", "贵阳市", 1);
        let m = messages(&renamed);
        assert!(
            m.contains(
                &"pref.csv:3:7: error: `GZ-01` is named `筑城` here but `贵阳市` on line 2"
                    .to_owned()
            ),
            "{m:?}"
        );
        assert_eq!(
            messages("GZ-01,,2022,resident,income,1,亿元,derived,T\n"),
            ["pref.csv:2:7: error: `GZ-01` has no name"]
        );
        // GZ-00 is reserved for the rest of the province.
        assert_eq!(
            messages("GZ-00,其余,2022,resident,income,1,亿元,derived,T\n"),
            [
                "pref.csv:2:1: error: `GZ-00`: the number after the province must be 01–99 (00 is the rest of the province)"
            ]
        );
    }

    fn base(v: [[f64; 4]; 2]) -> [YearRow; 3] {
        let row = |f: [f64; 4]| YearRow {
            participants: f[0],
            income_contributions: f[1],
            expenditure_paid: f[2],
            balance: f[3],
            ..YearRow::default()
        };
        [row(v[0]), YearRow::default(), row(v[1])]
    }

    #[test]
    fn sums_above_the_province_are_errors_and_misses_are_gaps() {
        let text = format!(
            "{HEAD}{}{}",
            unit("GZ-01", "贵阳市", [[60.0, 60.0, 50.0, 40.0], [10.0; 4]]),
            unit("GZ-02", "遵义市", [[40.0, 30.0, 50.0, 40.0], [10.0; 4]])
        );
        let s = Subunits::parse("pref.csv", &text, &CODES, 2022).expect("valid");
        let codes = CODES;
        // The province: participants 100 (met), income 100 (missed by 10 %), expenditure
        // 100.5 (exceeded by 0.5 %: within tolerance), balance 80 (met); resident 25 each.
        let ok = [
            base([[100.0, 100.0, 99.5, 80.0], [25.0; 4]]),
            base([[0.0; 4]; 2]),
        ];
        let gaps = s.check(&codes, &ok).expect("within tolerance");
        let shown: Vec<(Scheme, Item, f64)> = gaps
            .iter()
            .map(|g| (g.scheme, g.item, (g.miss() * 1e4).round() / 1e4))
            .collect();
        assert_eq!(
            shown,
            [
                (Scheme::EmployeePooled, Item::Income, 0.1),
                (Scheme::EmployeePooled, Item::Expenditure, -0.005),
                (Scheme::Resident, Item::Participants, 0.2),
                (Scheme::Resident, Item::Income, 0.2),
                (Scheme::Resident, Item::Expenditure, 0.2),
                (Scheme::Resident, Item::Balance, 0.2),
            ]
        );
        // Spending 2 % above the province is an error at GZ-01's expenditure cell.
        let over = [
            base([[100.0, 100.0, 98.0, 80.0], [25.0; 4]]),
            base([[0.0; 4]; 2]),
        ];
        let e = s.check(&codes, &over).unwrap_err();
        assert_eq!(
            e.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "pref.csv:4:44: error: the sub-units of GZ sum to 100 亿元 of employee_pooled expenditure above the province's 98 (2.0 %, more than the 1 % tolerance)"
            ]
        );
    }
}
