//! Published (or user-supplied) provincial fund accounts: the long format of
//! `assets/data/provinces/province_accounts.csv` (calibration step 10, docs/model.md §11).
//!
//! `code,year,scheme,item,value,unit,tag,source_id`, one figure a row. Parsing is pure (text in,
//! typed rows or `FILE:LINE:COL: error:` messages out); checks against the national totals are
//! made by the calibration, which knows them.

use super::data::Provenance;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

/// The columns of an accounts file, in order.
pub const HEADER: [&str; 8] = [
    "code",
    "year",
    "scheme",
    "item",
    "value",
    "unit",
    "tag",
    "source_id",
];

/// The columns of a sub-unit (prefecture) accounts file: the provincial columns with a `name`
/// after the `code` (`GZ-01,贵阳市,2022,…`).
pub const SUBUNIT_HEADER: [&str; 9] = [
    "code",
    "name",
    "year",
    "scheme",
    "item",
    "value",
    "unit",
    "tag",
    "source_id",
];

/// What the rows of an accounts file describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    /// Provinces (`code` is a province code): the provincial accounts file.
    Provinces,
    /// Sub-units (`code` is `CODE-NN` with NN from 01 to 99, plus a `name` column), base-year
    /// figures of the two pooled funds only (docs/accounts.md, "Prefecture accounts").
    Subunits {
        /// The only year such a file may give.
        base_year: i32,
    },
}

impl Units {
    fn header(self) -> &'static [&'static str] {
        match self {
            Units::Provinces => &HEADER,
            Units::Subunits { .. } => &SUBUNIT_HEADER,
        }
    }
}

/// Which fund a row describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// The whole employee scheme (pooled fund and personal accounts, maternity included).
    Employee,
    /// The employee pooled fund.
    EmployeePooled,
    /// The employee personal accounts.
    EmployeeAccounts,
    /// The resident scheme.
    Resident,
}

impl Scheme {
    /// Every scheme, in file order.
    pub const ALL: [Scheme; 4] = [
        Scheme::Employee,
        Scheme::EmployeePooled,
        Scheme::EmployeeAccounts,
        Scheme::Resident,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Scheme::Employee => "employee",
            Scheme::EmployeePooled => "employee_pooled",
            Scheme::EmployeeAccounts => "employee_accounts",
            Scheme::Resident => "resident",
        }
    }
}

/// What a row's figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// Members at year end, 万人.
    Participants,
    /// Active employee members, 万人.
    Active,
    /// Retired employee members, 万人.
    Retired,
    /// Fund income in the year, 亿元.
    Income,
    /// Fund expenditure in the year, 亿元.
    Expenditure,
    /// Accumulated balance at year end, 亿元.
    Balance,
    /// Income minus expenditure of the year (当期结余), 亿元; may be negative.
    CurrentBalance,
}

impl Item {
    /// Every item, in file order.
    pub const ALL: [Item; 7] = [
        Item::Participants,
        Item::Active,
        Item::Retired,
        Item::Income,
        Item::Expenditure,
        Item::Balance,
        Item::CurrentBalance,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Item::Participants => "participants",
            Item::Active => "active",
            Item::Retired => "retired",
            Item::Income => "income",
            Item::Expenditure => "expenditure",
            Item::Balance => "balance",
            Item::CurrentBalance => "current_balance",
        }
    }

    /// The unit the file must state for this item.
    pub fn unit(self) -> &'static str {
        match self {
            Item::Participants | Item::Active | Item::Retired => "万人",
            Item::Income | Item::Expenditure | Item::Balance | Item::CurrentBalance => "亿元",
        }
    }

    /// Whether the item counts people.
    pub fn is_people(self) -> bool {
        matches!(self, Item::Participants | Item::Active | Item::Retired)
    }
}

/// One published figure with where it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    /// Province code.
    pub code: String,
    /// Calendar year.
    pub year: i32,
    /// Fund.
    pub scheme: Scheme,
    /// Item.
    pub item: Item,
    /// The figure (万人 or 亿元).
    pub value: f64,
    /// Published or derived (as tagged in the file).
    pub tag: Provenance,
    /// The file's source id.
    pub source_id: String,
    /// The file the row came from.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the value cell.
    pub value_col: usize,
    /// The unit's name (sub-unit files; empty for provinces).
    pub name: String,
}

impl AccountRow {
    /// `FILE:LINE:COL` of the value, for messages.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.value_col)
    }

    /// The provenance text shown with a value taken from this row.
    pub fn source(&self) -> String {
        format!(
            "{} {} {} {} ({}, {}:{})",
            self.code,
            self.year,
            self.scheme.id(),
            self.item.id(),
            self.source_id,
            self.file,
            self.line
        )
    }
}

/// A malformed accounts file, with the position of the offending cell.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountsError {
    /// The file as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for AccountsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// A set of provincial accounts: the built-in file plus any user file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Accounts {
    /// Rows in file order; a later file's row replaces an earlier one with the same key.
    pub rows: Vec<AccountRow>,
    /// Each row's index by year, scheme, item and code (lookups and merges in constant time).
    index: FxHashMap<(i32, Scheme, Item), FxHashMap<String, usize>>,
}

/// The built-in accounts file.
pub const BUILT_IN: (&str, &str) = (
    "provinces/province_accounts.csv",
    include_str!("../../../../assets/data/provinces/province_accounts.csv"),
);

impl Accounts {
    /// Parses an accounts file. `codes` are the valid province codes. Every problem is reported,
    /// in file order.
    pub fn parse(file: &str, text: &str, codes: &[&str]) -> Result<Accounts, Vec<AccountsError>> {
        Accounts::parse_units(file, text, codes, Units::Provinces)
    }

    /// Parses an accounts file of provinces or of sub-units (`units`); `codes` are the valid
    /// province codes. Every problem is reported, in file order.
    pub fn parse_units(
        file: &str,
        text: &str,
        codes: &[&str],
        units: Units,
    ) -> Result<Accounts, Vec<AccountsError>> {
        let header = units.header();
        let mut errors = Vec::new();
        let mut rows: Vec<AccountRow> = Vec::new();
        let e = |line: usize, col: usize, message: String| AccountsError {
            file: file.to_owned(),
            line,
            col,
            message,
        };
        // Each key's first line: duplicates are found in one pass.
        let mut seen: HashMap<(String, i32, Scheme, Item), usize> = HashMap::new();
        let mut head: Option<Result<(), AccountsError>> = None;
        let read = super::table::each_record(text, |record| {
            match &head {
                None => {
                    head = Some(if record.texts() == header {
                        Ok(())
                    } else {
                        Err(e(
                            record.line,
                            1,
                            format!("the header must be `{}`", header.join(",")),
                        ))
                    });
                    return;
                }
                Some(Err(_)) => return,
                Some(Ok(())) => {}
            }
            let line = record.line;
            let mut c: Vec<(usize, &str)> = record
                .cells
                .iter()
                .map(|c| (c.col, c.text.as_str()))
                .collect();
            if c.len() != header.len() {
                errors.push(e(
                    line,
                    1,
                    format!("expected {} columns, found {}", header.len(), c.len()),
                ));
                return;
            }
            // A sub-unit row is a provincial row with a name: take it out and parse the rest
            // as a provincial row.
            let name = match units {
                Units::Provinces => None,
                Units::Subunits { .. } => Some(c.remove(1)),
            };
            match parse_row(file, line, &c, codes, units, name) {
                Ok(row) => match seen.entry((row.code.clone(), row.year, row.scheme, row.item)) {
                    Entry::Occupied(first) => errors.push(e(
                        line,
                        1,
                        format!(
                            "duplicate row: {} {} {} {} is already given on line {}",
                            row.code,
                            row.year,
                            row.scheme.id(),
                            row.item.id(),
                            first.get()
                        ),
                    )),
                    Entry::Vacant(v) => {
                        v.insert(line);
                        rows.push(row);
                    }
                },
                Err(err) => errors.push(err),
            }
        });
        if let Err(t) = read {
            return Err(vec![e(t.line, 1, t.message)]);
        }
        match head {
            None => return Err(vec![e(1, 1, "the file is empty".into())]),
            Some(Err(h)) => return Err(vec![h]),
            Some(Ok(())) => {}
        }
        if errors.is_empty() {
            Ok(Accounts::from_rows(rows))
        } else {
            Err(errors)
        }
    }

    /// The built-in accounts (published figures shipped with the program).
    pub fn built_in(codes: &[&str]) -> Result<Accounts, Vec<AccountsError>> {
        Accounts::parse(BUILT_IN.0, BUILT_IN.1, codes)
    }

    /// Accounts of `rows` (no two with the same key).
    fn from_rows(rows: Vec<AccountRow>) -> Accounts {
        let mut a = Accounts {
            rows,
            index: FxHashMap::default(),
        };
        for (i, r) in a.rows.iter().enumerate() {
            a.index
                .entry((r.year, r.scheme, r.item))
                .or_default()
                .insert(r.code.clone(), i);
        }
        a
    }

    /// These accounts with `other`'s rows added; `other` wins where both give the same figure.
    pub fn merged(mut self, other: Accounts) -> Accounts {
        for row in other.rows {
            let slot = self
                .index
                .entry((row.year, row.scheme, row.item))
                .or_default();
            match slot.get(&row.code) {
                Some(&i) => self.rows[i] = row,
                None => {
                    slot.insert(row.code.clone(), self.rows.len());
                    self.rows.push(row);
                }
            }
        }
        self
    }

    /// The figure for a province, year, scheme and item, if given.
    pub fn get(&self, code: &str, year: i32, scheme: Scheme, item: Item) -> Option<&AccountRow> {
        let i = *self.index.get(&(year, scheme, item))?.get(code)?;
        self.rows.get(i)
    }

    /// The value of [`Accounts::get`].
    pub fn value(&self, code: &str, year: i32, scheme: Scheme, item: Item) -> Option<f64> {
        self.get(code, year, scheme, item).map(|r| r.value)
    }
}

/// The member of `all` whose id is the text of cell `i` of `c`, or an error naming the `what`
/// and the ids expected.
fn one_of<T: Copy>(
    all: &[T],
    id: fn(T) -> &'static str,
    c: &[(usize, &str)],
    i: usize,
    what: &str,
    e: &dyn Fn(usize, String) -> AccountsError,
) -> Result<T, AccountsError> {
    let text = c[i].1;
    all.iter().copied().find(|x| id(*x) == text).ok_or_else(|| {
        let ids: Vec<&str> = all.iter().map(|x| id(*x)).collect();
        e(
            i,
            format!(
                "unknown {what} `{text}` (expected one of {})",
                ids.join(", ")
            ),
        )
    })
}

/// The row's scheme and item (columns 3 and 4), and whether they go together.
fn scheme_and_item(
    c: &[(usize, &str)],
    units: Units,
    e: &dyn Fn(usize, String) -> AccountsError,
) -> Result<(Scheme, Item), AccountsError> {
    let scheme = one_of(&Scheme::ALL, Scheme::id, c, 2, "scheme", e)?;
    let item = one_of(&Item::ALL, Item::id, c, 3, "item", e)?;
    if matches!(item, Item::Active | Item::Retired)
        && !matches!(scheme, Scheme::Employee | Scheme::EmployeePooled)
    {
        return Err(e(
            3,
            format!("`{}` applies to the employee scheme only", item.id()),
        ));
    }
    if let Units::Subunits { .. } = units {
        subunit_item(scheme, item).map_err(|(i, m)| e(i, m))?;
    }
    Ok((scheme, item))
}

/// The value, unit and tag cells of a row: a finite number (negative only for a balance), the
/// item's unit, `published` or `derived`.
fn value_and_tag(
    item: Item,
    c: &[(usize, &str)],
    e: &dyn Fn(usize, String) -> AccountsError,
) -> Result<(f64, Provenance), AccountsError> {
    let value: f64 = c[4]
        .1
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| e(4, format!("`{}` is not a number", c[4].1)))?;
    if value < 0.0 && !matches!(item, Item::Balance | Item::CurrentBalance) {
        return Err(e(4, format!("{} cannot be negative", item.id())));
    }
    if c[5].1 != item.unit() {
        return Err(e(
            5,
            format!(
                "unit `{}`: {} is given in {}",
                c[5].1,
                item.id(),
                item.unit()
            ),
        ));
    }
    let tag = match c[6].1 {
        "published" => Provenance::Published,
        "derived" => Provenance::Derived,
        other => {
            return Err(e(
                6,
                format!("tag `{other}` (expected published or derived)"),
            ));
        }
    };
    Ok((value, tag))
}

/// Checks a sub-unit code `CODE-NN` (a known province, NN from 01 to 99).
fn subunit_code(code: &str, codes: &[&str]) -> Result<(), String> {
    let Some((province, number)) = code.split_once('-') else {
        return Err(format!(
            "`{code}` is not a sub-unit code (expected CODE-NN, e.g. GZ-01)"
        ));
    };
    if !codes.contains(&province) {
        return Err(format!("unknown province `{province}` in `{code}`"));
    }
    let ok = number.len() == 2 && number.chars().all(|c| c.is_ascii_digit()) && number != "00";
    if !ok {
        return Err(format!(
            "`{code}`: the number after the province must be 01–99 (00 is the rest of the province)"
        ));
    }
    Ok(())
}

/// The scheme and item of a sub-unit row: the two pooled funds' members, income, expenditure
/// and balance.
fn subunit_item(scheme: Scheme, item: Item) -> Result<(), (usize, String)> {
    if !matches!(scheme, Scheme::EmployeePooled | Scheme::Resident) {
        return Err((
            2,
            format!(
                "scheme `{}`: a sub-unit file gives employee_pooled and resident only",
                scheme.id()
            ),
        ));
    }
    if matches!(item, Item::Active | Item::Retired) {
        return Err((
            3,
            format!(
                "item `{}`: a sub-unit file gives participants, income, expenditure, balance and current_balance",
                item.id()
            ),
        ));
    }
    Ok(())
}

fn parse_row(
    file: &str,
    line: usize,
    c: &[(usize, &str)],
    codes: &[&str],
    units: Units,
    name: Option<(usize, &str)>,
) -> Result<AccountRow, AccountsError> {
    let e = |i: usize, message: String| AccountsError {
        file: file.to_owned(),
        line,
        col: c[i].0,
        message,
    };
    let code = c[0].1;
    match units {
        Units::Provinces => {
            if !codes.contains(&code) {
                return Err(e(0, format!("unknown province `{code}`")));
            }
        }
        Units::Subunits { .. } => subunit_code(code, codes).map_err(|m| e(0, m))?,
    }
    if let Some((col, "")) = name {
        return Err(AccountsError {
            file: file.to_owned(),
            line,
            col,
            message: format!("`{code}` has no name"),
        });
    }
    let year: i32 = c[1]
        .1
        .parse()
        .map_err(|_| e(1, format!("`{}` is not a year", c[1].1)))?;
    if let Units::Subunits { base_year } = units
        && year != base_year
    {
        return Err(e(
            1,
            format!("year {year}: a sub-unit file gives the base year {base_year} only"),
        ));
    }
    let (scheme, item) = scheme_and_item(c, units, &e)?;
    let (value, tag) = value_and_tag(item, c, &e)?;
    Ok(AccountRow {
        code: code.to_owned(),
        year,
        scheme,
        item,
        value,
        tag,
        source_id: c[7].1.to_owned(),
        file: file.to_owned(),
        line,
        value_col: c[4].0,
        name: name.map(|n| n.1.to_owned()).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [&str; 3] = ["BJ", "TJ", "QH"];
    const HEAD: &str = "code,year,scheme,item,value,unit,tag,source_id\n";

    fn parse(body: &str) -> Result<Accounts, Vec<AccountsError>> {
        Accounts::parse("my.csv", &format!("{HEAD}{body}"), &CODES)
    }

    fn messages(body: &str) -> Vec<String> {
        match parse(body) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn parses_rows_with_units_and_positions() {
        let a = parse("TJ,2022,resident,income,55.4797,亿元,published,P\n").expect("valid");
        let r = &a.rows[0];
        assert_eq!((r.code.as_str(), r.year), ("TJ", 2022));
        assert_eq!(
            (r.scheme, r.item, r.value),
            (Scheme::Resident, Item::Income, 55.4797)
        );
        assert_eq!(r.position(), "my.csv:2:25");
        assert_eq!(
            a.value("TJ", 2022, Scheme::Resident, Item::Income),
            Some(55.4797)
        );
        assert_eq!(a.value("TJ", 2023, Scheme::Resident, Item::Income), None);
    }

    #[test]
    fn every_error_names_file_line_and_column() {
        assert_eq!(
            messages("XX,2022,resident,income,1,亿元,published,P\n"),
            ["my.csv:2:1: error: unknown province `XX`"]
        );
        assert_eq!(
            messages("TJ,2022,resident,incme,1,亿元,published,P\n"),
            [
                "my.csv:2:18: error: unknown item `incme` (expected one of participants, active, retired, income, expenditure, balance, current_balance)"
            ]
        );
        assert_eq!(
            messages("TJ,2022,resident,income,1.2.3,亿元,published,P\n"),
            ["my.csv:2:25: error: `1.2.3` is not a number"]
        );
        assert_eq!(
            messages("TJ,2022,resident,income,1,万元,published,P\n"),
            ["my.csv:2:27: error: unit `万元`: income is given in 亿元"]
        );
        assert_eq!(
            messages("TJ,2022,resident,active,1,万人,published,P\n"),
            ["my.csv:2:18: error: `active` applies to the employee scheme only"]
        );
        assert_eq!(
            messages("TJ,2022,resident\n"),
            ["my.csv:2:1: error: expected 8 columns, found 3"]
        );
    }

    #[test]
    fn duplicates_are_errors_and_all_errors_are_listed() {
        let m = messages(
            "TJ,2022,resident,income,1,亿元,published,P\nBJ,20x2,resident,income,1,亿元,published,P\nTJ,2022,resident,income,2,亿元,published,Q\n",
        );
        assert_eq!(
            m,
            [
                "my.csv:3:4: error: `20x2` is not a year",
                "my.csv:4:1: error: duplicate row: TJ 2022 resident income is already given on line 2",
            ]
        );
    }

    #[test]
    fn a_wrong_header_is_an_error() {
        let e = Accounts::parse("h.csv", "code,year,value\n", &CODES).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "h.csv:1:1: error: the header must be `code,year,scheme,item,value,unit,tag,source_id`"
        );
    }

    #[test]
    fn a_later_file_replaces_the_same_figure() {
        let a = parse("TJ,2022,resident,income,1,亿元,published,P\nTJ,2022,resident,expenditure,2,亿元,published,P\n")
            .expect("valid");
        let b = parse("TJ,2022,resident,income,3,亿元,published,U\n").expect("valid");
        let m = a.merged(b);
        assert_eq!(m.rows.len(), 2);
        assert_eq!(
            m.value("TJ", 2022, Scheme::Resident, Item::Income),
            Some(3.0)
        );
        assert_eq!(
            m.value("TJ", 2022, Scheme::Resident, Item::Expenditure),
            Some(2.0)
        );
    }

    #[test]
    fn the_built_in_file_parses() {
        let a = Accounts::built_in(&crate::model::keys::PROVINCE_CODES).expect("built-in accounts");
        assert_eq!(
            a.value("TJ", 2022, Scheme::Resident, Item::Balance),
            Some(78.5741)
        );
        assert_eq!(
            a.value("QH", 2021, Scheme::Employee, Item::Participants),
            Some(114.8343)
        );
    }
}
