//! The input data set: sourced files embedded from `assets/data/`, parsed into typed values that
//! carry their provenance.
//!
//! Parsing takes file contents, never paths: the core does not touch the file system. The files
//! are compiled into the binary so that it runs from anywhere.

use super::accounts::{AccountRow, Accounts, AccountsError, Item, Scheme};
use super::history::HistoryMemo;
use super::keys::{NATION_CODE, PROVINCE_CODES};
use std::borrow::Cow;
use std::collections::BTreeMap;
use thiserror::Error;

/// How a base value came to be (docs/model.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// Copied from a cited table.
    Published,
    /// Computed from published values by a stated formula.
    Derived,
    /// A stated assumption.
    Assumed,
}

impl Provenance {
    /// The tag as written in reports.
    pub fn id(self) -> &'static str {
        match self {
            Provenance::Published => "published",
            Provenance::Derived => "derived",
            Provenance::Assumed => "assumed",
        }
    }
}

/// A number with its provenance tag and source.
#[derive(Clone, Debug, PartialEq)]
pub struct Sourced {
    /// The value.
    pub value: f64,
    /// Published, derived or assumed.
    pub tag: Provenance,
    /// Where it comes from: a file and column, or the formula and its inputs.
    pub source: Cow<'static, str>,
}

impl Sourced {
    /// A published value.
    pub fn published(value: f64, source: impl Into<Cow<'static, str>>) -> Self {
        Sourced {
            value,
            tag: Provenance::Published,
            source: source.into(),
        }
    }

    /// A derived value.
    pub fn derived(value: f64, source: impl Into<Cow<'static, str>>) -> Self {
        Sourced {
            value,
            tag: Provenance::Derived,
            source: source.into(),
        }
    }

    /// An assumed value.
    pub fn assumed(value: f64, source: impl Into<Cow<'static, str>>) -> Self {
        Sourced {
            value,
            tag: Provenance::Assumed,
            source: source.into(),
        }
    }
}

/// A problem in an input data file.
#[derive(Debug, Error, PartialEq)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    /// The file, relative to `assets/data/`.
    pub file: String,
    /// 1-based line (0 when the file as a whole is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// NBS region of a province.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// 东部.
    East,
    /// 中部.
    Central,
    /// 东北.
    Northeast,
    /// 西部.
    West,
}

/// Subsidy tier of a province (calibration step 9, docs/model.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// East tier.
    East,
    /// Central tier (central and north-eastern provinces).
    Central,
    /// West tier.
    West,
}

impl Region {
    /// The subsidy tier (⚑ the real tiering has exceptions).
    pub fn tier(self) -> Tier {
        match self {
            Region::East => Tier::East,
            Region::Central | Region::Northeast => Tier::Central,
            Region::West => Tier::West,
        }
    }
}

/// The published inputs of one province.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceInput {
    /// Two-letter code (BJ …).
    pub code: String,
    /// Chinese name (北京).
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// NBS region.
    pub region: Region,
    /// Year-end resident population, 万人.
    pub population_wan: Sourced,
    /// Per-capita disposable income, yuan.
    pub income_yuan: Sourced,
    /// Average wage of urban non-private units (2022 estimate), yuan.
    pub wage_yuan: Sourced,
    /// Share of the population aged 65+, fraction.
    pub share_65plus: Sourced,
    /// Prefecture-level divisions (0 for the municipalities).
    pub prefectures: usize,
    /// Employee actives per retiree (Table 1).
    pub active_per_retired: Sourced,
    /// Resident fund months of reserve (Table 1).
    pub resident_months: Sourced,
    /// Employee effective contribution rate, fraction (Table 3).
    pub employee_rate: Sourced,
    /// Resident funding ratio: income per participant ÷ disposable income, fraction (Table 3).
    pub resident_funding_ratio: Sourced,
    /// Resident policy-scope inpatient reimbursement rate, fraction (Table 4).
    pub resident_reimbursement: Sourced,
    /// Employee policy-scope inpatient reimbursement rate, fraction (Table 4).
    pub employee_reimbursement: Sourced,
}

/// National anchors of the base year (docs/model.md §3), 万人 and 亿元.
#[derive(Clone, Debug, PartialEq)]
pub struct NationalAnchors {
    /// All insured.
    pub insured_total: Sourced,
    /// Employee scheme members.
    pub employee_members: Sourced,
    /// Employee actives.
    pub employee_active: Sourced,
    /// Employee retirees.
    pub employee_retired: Sourced,
    /// Employee fund income incl. maternity.
    pub employee_income: Sourced,
    /// Employee fund expenditure incl. maternity.
    pub employee_expenditure: Sourced,
    /// Personal-account balance at the end of the base year.
    pub accounts_balance: Sourced,
    /// Personal-account balance a year earlier.
    pub accounts_balance_previous: Sourced,
    /// Balance of all basic medical insurance funds.
    pub total_balance: Sourced,
    /// Resident participants.
    pub resident_members: Sourced,
    /// Resident fund income.
    pub resident_income: Sourced,
    /// Resident fund expenditure.
    pub resident_expenditure: Sourced,
    /// Resident fund balance.
    pub resident_balance: Sourced,
    /// National per-capita disposable income, yuan.
    pub income_mean_yuan: Sourced,
    /// National per-capita disposable income by quintile, yuan.
    pub income_quintiles_yuan: [Sourced; 5],
    /// NBS year-end 65+ share, fraction.
    pub share_65plus: Sourced,
    /// Inpatient reimbursement rates (national, Table 4), employee and resident.
    pub employee_reimbursement: Sourced,
    /// Resident national reimbursement rate.
    pub resident_reimbursement: Sourced,
    /// Resident fund income and expenditure of years before the base year, where the national
    /// series give them (expenditure derived: all funds' expenditure − the employee fund's).
    pub resident_before: BTreeMap<i32, (f64, f64)>,
}

/// Number of five-year age bands (0-4 … 95-99, 100+).
pub const BANDS: usize = 21;

/// UN WPP 2024 national population by band and sex, thousands, 1 July.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    /// First year of the table.
    pub first_year: i32,
    /// `male[year - first_year][band]`.
    pub male: Vec<[f64; BANDS]>,
    /// `female[year - first_year][band]`.
    pub female: Vec<[f64; BANDS]>,
}

impl Population {
    /// Last year of the table.
    pub fn last_year(&self) -> i32 {
        self.first_year + self.male.len() as i32 - 1
    }

    /// Bands of a year and sex (0 male, 1 female), if in the table.
    pub fn bands(&self, year: i32, sex: usize) -> Option<&[f64; BANDS]> {
        let i = usize::try_from(year - self.first_year).ok()?;
        if sex == 0 {
            self.male.get(i)
        } else {
            self.female.get(i)
        }
    }
}

/// Everything the calibration reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// The calibration base year.
    pub base_year: i32,
    /// The 31 provinces in GB/T 2260 order.
    pub provinces: Vec<ProvinceInput>,
    /// National anchors.
    pub national: NationalAnchors,
    /// National population by age and sex.
    pub population: Population,
    /// A short label of the data vintage, for the status line.
    pub vintage: &'static str,
    /// The same in Chinese (reports and the Chinese interface).
    pub vintage_zh: &'static str,
    /// Published provincial accounts: the built-in file, then any user file (calibration step 10, docs/model.md §11).
    pub accounts: Accounts,
    /// Published national figures of the years after the base year (calibration step 11, docs/model.md §11).
    pub published: Vec<PublishedYear>,
    /// Last year held to published totals; the base year makes every later year a forecast.
    pub history_until: i32,
    /// The history factors once derived (see [`HistoryMemo`]).
    pub history_memo: HistoryMemo,
    /// Real pooling sub-units loaded by the user (`--subunits`); none by default.
    pub subunits: super::subunits::Subunits,
}

/// The published national figures of one year after the base year.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedYear {
    /// Calendar year.
    pub year: i32,
    /// Figures by scheme and item (national), with their source.
    pub figures: BTreeMap<(Scheme, Item), Sourced>,
    /// Published current balances (income − expenditure) by scheme.
    pub current_balance: BTreeMap<Scheme, Sourced>,
    /// All insured (both schemes), when only the total is published.
    pub insured_total: Option<Sourced>,
}

impl PublishedYear {
    /// A published figure.
    pub fn get(&self, scheme: Scheme, item: Item) -> Option<f64> {
        self.figures.get(&(scheme, item)).map(|s| s.value)
    }

    /// The expenditure target of a scheme: published, else income − published current balance
    /// (calibration step 11, docs/model.md §11: a current balance is matched through expenditure).
    pub fn expenditure(&self, scheme: Scheme) -> Option<f64> {
        self.get(scheme, Item::Expenditure).or_else(|| {
            let cb = self.current_balance.get(&scheme)?.value;
            Some(self.get(scheme, Item::Income)? - cb)
        })
    }
}

/// Release preference for figures after the base year.
const HISTORY_RELEASES: [&str; 4] = [
    "final_bulletin",
    "derived_final_bulletin",
    "express_kuaibao",
    "official_statement",
];

/// Indicators of `national_fund_statistics.csv` read for history years.
const HISTORY_INDICATORS: [(&str, Scheme, Item); 15] = [
    (
        "employee_participants",
        Scheme::Employee,
        Item::Participants,
    ),
    (
        "employee_participants_active",
        Scheme::Employee,
        Item::Active,
    ),
    (
        "employee_participants_retired",
        Scheme::Employee,
        Item::Retired,
    ),
    (
        "employee_fund_income_incl_maternity",
        Scheme::Employee,
        Item::Income,
    ),
    (
        "employee_fund_expenditure_incl_maternity",
        Scheme::Employee,
        Item::Expenditure,
    ),
    (
        "employee_pooling_fund_income",
        Scheme::EmployeePooled,
        Item::Income,
    ),
    (
        "employee_pooling_fund_expenditure",
        Scheme::EmployeePooled,
        Item::Expenditure,
    ),
    (
        "employee_pooling_fund_cumulative_balance",
        Scheme::EmployeePooled,
        Item::Balance,
    ),
    (
        "employee_personal_account_income",
        Scheme::EmployeeAccounts,
        Item::Income,
    ),
    (
        "employee_personal_account_expenditure",
        Scheme::EmployeeAccounts,
        Item::Expenditure,
    ),
    (
        "employee_personal_account_cumulative_balance",
        Scheme::EmployeeAccounts,
        Item::Balance,
    ),
    (
        "resident_participants",
        Scheme::Resident,
        Item::Participants,
    ),
    ("resident_fund_income", Scheme::Resident, Item::Income),
    (
        "resident_fund_expenditure",
        Scheme::Resident,
        Item::Expenditure,
    ),
    (
        "resident_fund_cumulative_balance",
        Scheme::Resident,
        Item::Balance,
    ),
];

/// File names and contents of the embedded data.
pub mod files {
    /// Province base values.
    pub const PROVINCES: (&str, &str) = (
        "provinces/province_base_2022.csv",
        include_str!("../../../../assets/data/provinces/province_base_2022.csv"),
    );
    /// Provincial insurance indicators (provincial tables of 《从分级治理到央地协同》).
    pub const INDICATORS: (&str, &str) = (
        "province_indicators_2022.csv",
        include_str!("../../../../assets/data/province_indicators_2022.csv"),
    );
    /// National bulletins.
    pub const NATIONAL: (&str, &str) = (
        "nhsa/national_fund_statistics.csv",
        include_str!("../../../../assets/data/nhsa/national_fund_statistics.csv"),
    );
    /// National series 2010–2021 (sources in `nhsa/SOURCES.md`).
    pub const HISTORY: (&str, &str) = (
        "nhsa/history_national_2010_2021.csv",
        include_str!("../../../../assets/data/nhsa/history_national_2010_2021.csv"),
    );
    /// WPP population by age and sex.
    pub const POPULATION: (&str, &str) = (
        "wpp2024/china_pop_by_5yr_age_sex_2020_2100_wpp2024.csv",
        include_str!(
            "../../../../assets/data/wpp2024/china_pop_by_5yr_age_sex_2020_2100_wpp2024.csv"
        ),
    );
    /// Income quintiles.
    pub const QUINTILES: (&str, &str) = (
        "income/china_disposable_income_quintiles_nbs.csv",
        include_str!("../../../../assets/data/income/china_disposable_income_quintiles_nbs.csv"),
    );
    /// NBS year-end population.
    pub const NBS: (&str, &str) = (
        "nbs/national_population_nbs_yearend.csv",
        include_str!("../../../../assets/data/nbs/national_population_nbs_yearend.csv"),
    );
}

/// A parsed CSV: header and rows, each row with its 1-based line number.
struct Csv<'a> {
    file: &'a str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Csv<'a> {
    fn parse(file: &'a str, text: &'a str) -> Result<Self, DataError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, head) = lines
            .next()
            .ok_or_else(|| err(file, 0, "the file is empty".into()))?;
        let header: Vec<&str> = head.split(',').map(str::trim).collect();
        let mut rows = Vec::new();
        for (i, line) in lines {
            let cells = split_csv_line(line);
            if cells.len() < header.len() {
                return Err(err(
                    file,
                    i + 1,
                    format!("expected {} columns, found {}", header.len(), cells.len()),
                ));
            }
            rows.push((i + 1, cells));
        }
        Ok(Csv { file, header, rows })
    }

    fn col(&self, name: &str) -> Result<usize, DataError> {
        self.header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| err(self.file, 1, format!("missing column `{name}`")))
    }

    fn num(&self, line: usize, row: &[&str], col: usize) -> Result<f64, DataError> {
        let cell = row.get(col).copied().unwrap_or("");
        cell.trim().parse::<f64>().map_err(|_| {
            err(
                self.file,
                line,
                format!("column `{}`: `{cell}` is not a number", self.header[col]),
            )
        })
    }
}

/// Splits a CSV line, honouring double quotes (no escaped quotes inside).
fn split_csv_line(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                cells.push(line[start..i].trim().trim_matches('"'));
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push(line[start..].trim().trim_matches('"'));
    cells
}

fn err(file: &str, line: usize, message: String) -> DataError {
    DataError {
        file: file.to_owned(),
        line,
        message,
    }
}

impl Dataset {
    /// The data set compiled into the binary (from `assets/data/`).
    pub fn embedded() -> Result<Dataset, DataError> {
        Dataset::parse(&Sources {
            provinces: files::PROVINCES,
            indicators: files::INDICATORS,
            national: files::NATIONAL,
            history: files::HISTORY,
            population: files::POPULATION,
            quintiles: files::QUINTILES,
            nbs: files::NBS,
            accounts: super::accounts::BUILT_IN,
        })
    }

    /// Parses a data set from file contents.
    pub fn parse(src: &Sources<'_>) -> Result<Dataset, DataError> {
        let base_year = 2022;
        let national = parse_national(src, base_year)?;
        let provinces = parse_provinces(src)?;
        let population = parse_population(src.population)?;
        if population.bands(base_year, 0).is_none() {
            return Err(err(
                src.population.0,
                0,
                format!("no rows for the base year {base_year}"),
            ));
        }
        let codes: Vec<&str> = provinces.iter().map(|p| p.code.as_str()).collect();
        let accounts = Accounts::parse(src.accounts.0, src.accounts.1, &codes).map_err(|e| {
            let first = e.first();
            err(
                src.accounts.0,
                first.map_or(0, |e| e.line),
                first.map_or_else(String::new, |e| e.message.clone()),
            )
        })?;
        let published = parse_published(src, base_year)?;
        let history_until = published.last().map_or(base_year, |y| y.year);
        let data = Dataset {
            base_year,
            provinces,
            national,
            population,
            vintage: "NHSA 2022 final bulletin · 2023–25 history · UN WPP 2024 · NBS 2022",
            vintage_zh: "国家医保局2022年医疗保障事业发展统计公报 · 2023–25年历史年份 · 联合国《世界人口展望2024》· 国家统计局2022年数据",
            accounts: Accounts::default(),
            published,
            history_until,
            history_memo: HistoryMemo::default(),
            subunits: super::subunits::Subunits::default(),
        };
        data.with_accounts(accounts).map_err(|e| {
            let first = e.first();
            err(
                src.accounts.0,
                first.map_or(0, |e| e.line),
                first.map_or_else(String::new, |e| e.message.clone()),
            )
        })
    }

    /// This data set with `accounts` added (they replace built-in figures with the same key),
    /// after checking that no province's figure exceeds the national total of its year and
    /// that every figure makes sense ([`super::sense::accounts`]).
    pub fn with_accounts(mut self, accounts: Accounts) -> Result<Dataset, Vec<AccountsError>> {
        let errors: Vec<AccountsError> = accounts
            .rows
            .iter()
            .filter_map(|r| self.exceeds_national(r))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        self.accounts = std::mem::take(&mut self.accounts).merged(accounts);
        super::sense::accounts(&self)?;
        Ok(self)
    }

    /// This data set without any provincial accounts (the recipe alone).
    pub fn without_accounts(mut self) -> Dataset {
        self.accounts = Accounts::default();
        self
    }

    /// A copy of this data set without any provincial accounts, made without copying the
    /// accounts' rows (a large file's).
    pub fn recipe_only(&self) -> Dataset {
        Dataset {
            base_year: self.base_year,
            provinces: self.provinces.clone(),
            national: self.national.clone(),
            population: self.population.clone(),
            vintage: self.vintage,
            vintage_zh: self.vintage_zh,
            accounts: Accounts::default(),
            published: self.published.clone(),
            history_until: self.history_until,
            history_memo: HistoryMemo::default(),
            subunits: self.subunits.clone(),
        }
    }

    /// Years held to published totals (after the base year, up to `history_until`).
    pub fn history_years(&self) -> impl Iterator<Item = &PublishedYear> {
        self.published
            .iter()
            .filter(move |y| y.year <= self.history_until)
    }

    /// Account rows the projection does not use, with the reason: years before the base year or
    /// after the last history year, base-year figures of the pooled fund or the accounts alone,
    /// and history-year balances (balances are reported, never forced).
    pub fn unused_accounts(&self) -> Vec<(&AccountRow, &'static str)> {
        let last = self
            .history_years()
            .map(|y| y.year)
            .max()
            .unwrap_or(self.base_year);
        self.accounts
            .rows
            .iter()
            .filter_map(|r| {
                // A resident margin published for an earlier year is evidence on the
                // province's margin (docs/model.md §3) where the nation's margin is known.
                let evidence = r.scheme == Scheme::Resident
                    && matches!(
                        r.item,
                        Item::Income | Item::Expenditure | Item::CurrentBalance
                    )
                    && self.national_resident_flows(r.year).is_some();
                let why = if r.year < self.base_year && !evidence {
                    "before the base year"
                } else if r.year < self.base_year {
                    return None;
                } else if r.year > last {
                    "after the last history year"
                } else if r.year == self.base_year
                    && matches!(r.scheme, Scheme::EmployeePooled | Scheme::EmployeeAccounts)
                {
                    "the calibration reads the whole employee scheme only"
                } else if r.year > self.base_year && r.item == Item::Balance {
                    "history-year balances are compared, not forced"
                } else if r.year == self.base_year
                    && r.item == Item::CurrentBalance
                    && r.scheme != Scheme::Resident
                    && self
                        .accounts
                        .get(&r.code, r.year, r.scheme, Item::Income)
                        .is_none()
                {
                    "a base-year current balance needs the income beside it"
                } else {
                    return None;
                };
                Some((r, why))
            })
            .collect()
    }

    /// The national total a provincial figure is compared with, if known.
    pub fn national_total(&self, year: i32, scheme: Scheme, item: Item) -> Option<f64> {
        let n = &self.national;
        if year == self.base_year {
            let pooled_balance =
                n.total_balance.value - n.resident_balance.value - n.accounts_balance.value;
            return match (scheme, item) {
                (Scheme::Employee, Item::Participants) => Some(n.employee_members.value),
                (Scheme::Employee, Item::Active) => Some(n.employee_active.value),
                (Scheme::Employee, Item::Retired) => Some(n.employee_retired.value),
                (Scheme::Employee, Item::Income) => Some(n.employee_income.value),
                (Scheme::Employee, Item::Expenditure) => Some(n.employee_expenditure.value),
                (Scheme::Employee, Item::Balance) => {
                    Some(pooled_balance + n.accounts_balance.value)
                }
                (Scheme::EmployeePooled, Item::Balance) => Some(pooled_balance),
                (Scheme::EmployeeAccounts, Item::Balance) => Some(n.accounts_balance.value),
                (Scheme::Resident, Item::Participants) => Some(n.resident_members.value),
                (Scheme::Resident, Item::Income) => Some(n.resident_income.value),
                (Scheme::Resident, Item::Expenditure) => Some(n.resident_expenditure.value),
                (Scheme::Resident, Item::Balance) => Some(n.resident_balance.value),
                _ => None,
            };
        }
        self.published
            .iter()
            .find(|y| y.year == year)
            .and_then(|y| y.get(scheme, item))
    }

    fn exceeds_national(&self, r: &AccountRow) -> Option<AccountsError> {
        let total = self.national_total(r.year, r.scheme, r.item)?;
        (r.value > total).then(|| AccountsError {
            file: r.file.clone(),
            line: r.line,
            col: r.value_col,
            message: format!(
                "{} {} {} {} = {} exceeds the national total {}",
                r.code,
                r.year,
                r.scheme.id(),
                r.item.id(),
                r.value,
                total
            ),
        })
    }

    /// The nation's resident fund income and expenditure in `year`: the base year's anchors,
    /// a published year's figures (expenditure possibly from its current balance), or an
    /// earlier year of the national series. Years after `history_until` are not known.
    pub fn national_resident_flows(&self, year: i32) -> Option<(f64, f64)> {
        let n = &self.national;
        if year == self.base_year {
            return Some((n.resident_income.value, n.resident_expenditure.value));
        }
        if year < self.base_year {
            return n.resident_before.get(&year).copied();
        }
        let y = self.history_years().find(|y| y.year == year)?;
        Some((
            y.get(Scheme::Resident, Item::Income)?,
            y.expenditure(Scheme::Resident)?,
        ))
    }

    /// Index of a province by code.
    pub fn province_index(&self, code: &str) -> Option<usize> {
        self.provinces.iter().position(|p| p.code == code)
    }
}

/// The contents of each input file, with the file's name for messages.
pub struct Sources<'a> {
    /// `provinces/province_base_2022.csv`.
    pub provinces: (&'a str, &'a str),
    /// `province_indicators_2022.csv`.
    pub indicators: (&'a str, &'a str),
    /// `nhsa/national_fund_statistics.csv`.
    pub national: (&'a str, &'a str),
    /// `nhsa/history_national_2010_2021.csv`.
    pub history: (&'a str, &'a str),
    /// WPP population by age and sex.
    pub population: (&'a str, &'a str),
    /// Income quintiles.
    pub quintiles: (&'a str, &'a str),
    /// NBS year-end population.
    pub nbs: (&'a str, &'a str),
    /// Published provincial accounts.
    pub accounts: (&'a str, &'a str),
}

/// The published national figures of every year after the base year, in year order.
fn parse_published(src: &Sources<'_>, base_year: i32) -> Result<Vec<PublishedYear>, DataError> {
    let nat = Csv::parse(src.national.0, src.national.1)?;
    let c_year = nat.col("year")?;
    let mut years: Vec<i32> = nat
        .rows
        .iter()
        .filter_map(|(_, r)| r[c_year].parse::<i32>().ok())
        .filter(|y| *y > base_year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let get = |year: i32, ind: &str| -> Option<Sourced> {
        lookup(&nat, year, ind, &HISTORY_RELEASES)
            .ok()
            .map(|(v, s)| Sourced::published(v, s))
    };
    let mut out = Vec::new();
    for year in years {
        let mut figures = BTreeMap::new();
        for (ind, scheme, item) in HISTORY_INDICATORS {
            if let Some(v) = get(year, ind) {
                figures.insert((scheme, item), v);
            }
        }
        let mut current_balance = BTreeMap::new();
        for (ind, scheme) in [
            (
                "employee_pooling_fund_current_balance",
                Scheme::EmployeePooled,
            ),
            ("resident_fund_current_balance", Scheme::Resident),
        ] {
            if let Some(v) = get(year, ind) {
                current_balance.insert(scheme, v);
            }
        }
        out.push(PublishedYear {
            year,
            figures,
            current_balance,
            insured_total: get(year, "basic_mi_participants_total"),
        });
    }
    Ok(out)
}

const TABLE1: &str =
    "中国统计年鉴2023, 中国医疗保障统计年鉴2023, as tabulated in 《从分级治理到央地协同》 Table 1";
const TABLE3: &str = "中国医疗保障统计年鉴2023, as tabulated in 《从分级治理到央地协同》 Table 3";
const TABLE4: &str = "中国医疗保障统计年鉴2023, as tabulated in 《从分级治理到央地协同》 Table 4";

fn parse_region(file: &str, line: usize, text: &str) -> Result<Region, DataError> {
    match text {
        "East" => Ok(Region::East),
        "Central" => Ok(Region::Central),
        "Northeast" => Ok(Region::Northeast),
        "West" => Ok(Region::West),
        other => Err(err(file, line, format!("unknown nbs_region `{other}`"))),
    }
}

fn parse_provinces(src: &Sources<'_>) -> Result<Vec<ProvinceInput>, DataError> {
    let base = Csv::parse(src.provinces.0, src.provinces.1)?;
    let ind = Csv::parse(src.indicators.0, src.indicators.1)?;
    let (b_code, b_zh, b_en) = (
        base.col("code")?,
        base.col("province_zh")?,
        base.col("province_en")?,
    );
    let b_pop = base.col("pop_yearend_2022_wan")?;
    let b_inc = base.col("disp_income_2022_yuan")?;
    let b_wage = base.col("avg_wage_nonprivate_2022_est_yuan")?;
    let b_region = base.col("nbs_region")?;
    let b_65 = base.col("share_65plus_2022_pct")?;
    let b_pref = base.col("prefecture_level_divisions_2022")?;
    let [i_code, i_ratio, i_months, i_rate, i_fund, i_rr, i_er] = [
        "code",
        "emp_active_per_retired",
        "res_months_of_reserve",
        "emp_effective_contribution_rate_pct",
        "res_funding_ratio_pct",
        "res_inpatient_reimb_pct",
        "emp_inpatient_reimb_pct",
    ]
    .map(|name| ind.col(name));
    let (i_code, i_ratio, i_months, i_rate) = (i_code?, i_ratio?, i_months?, i_rate?);
    let (i_fund, i_rr, i_er) = (i_fund?, i_rr?, i_er?);

    let mut out = Vec::new();
    for (line, row) in &base.rows {
        let code = row[b_code].to_owned();
        let region = parse_region(base.file, *line, row[b_region])?;
        let (iline, irow) = ind
            .rows
            .iter()
            .find(|(_, r)| r[i_code] == code)
            .ok_or_else(|| err(ind.file, 0, format!("no row for province {code}")))?;
        let pref = base.num(*line, row, b_pref)?;
        out.push(ProvinceInput {
            name_zh: ind_name(irow, &ind, "province_zh")
                .unwrap_or(row[b_zh])
                .to_owned(),
            name_en: row[b_en].to_owned(),
            region,
            population_wan: Sourced::published(
                base.num(*line, row, b_pop)?,
                "NBS 年末常住人口 2022 (provinces/SOURCES.md S1)",
            ),
            income_yuan: Sourced::published(
                base.num(*line, row, b_inc)?,
                "NBS 居民人均可支配收入 2022 (provinces/SOURCES.md S2)",
            ),
            wage_yuan: Sourced::derived(
                base.num(*line, row, b_wage)?,
                "2021 non-private wage × NBS regional 2022/2021 growth (provinces/SOURCES.md S3b)",
            ),
            share_65plus: Sourced::published(
                base.num(*line, row, b_65)? / 100.0,
                "NBS 2022 1‰ sample survey, 65+ ÷ total (provinces/SOURCES.md S4)",
            ),
            prefectures: pref.max(0.0) as usize,
            active_per_retired: Sourced::published(ind.num(*iline, irow, i_ratio)?, TABLE1),
            resident_months: Sourced::published(ind.num(*iline, irow, i_months)?, TABLE1),
            employee_rate: Sourced::published(ind.num(*iline, irow, i_rate)? / 100.0, TABLE3),
            resident_funding_ratio: Sourced::published(
                ind.num(*iline, irow, i_fund)? / 100.0,
                TABLE3,
            ),
            resident_reimbursement: Sourced::published(
                ind.num(*iline, irow, i_rr)? / 100.0,
                TABLE4,
            ),
            employee_reimbursement: Sourced::published(
                ind.num(*iline, irow, i_er)? / 100.0,
                TABLE4,
            ),
            code,
        });
    }
    check_province_count(base.file, out)
}

/// The data must have one row per code of [`PROVINCE_CODES`].
fn check_province_count(
    file: &str,
    out: Vec<ProvinceInput>,
) -> Result<Vec<ProvinceInput>, DataError> {
    if out.len() == PROVINCE_CODES.len() {
        Ok(out)
    } else {
        Err(err(
            file,
            0,
            format!(
                "expected {} provinces, found {}",
                PROVINCE_CODES.len(),
                out.len()
            ),
        ))
    }
}

fn ind_name<'a>(row: &[&'a str], csv: &Csv<'_>, col: &str) -> Option<&'a str> {
    csv.col(col).ok().and_then(|c| row.get(c).copied())
}

/// Looks up `indicator` of `year` in a long-format file, preferring the given releases in order.
fn lookup(
    csv: &Csv<'_>,
    year: i32,
    indicator: &str,
    releases: &[&str],
) -> Result<(f64, String), DataError> {
    let (c_year, c_ind, c_val) = (csv.col("year")?, csv.col("indicator")?, csv.col("value")?);
    let c_rel = csv.col("release").ok();
    let c_src = csv.col("source_id").or_else(|_| csv.col("source"))?;
    let year_s = year.to_string();
    let candidates: Vec<&(usize, Vec<&str>)> = csv
        .rows
        .iter()
        .filter(|(_, r)| r[c_year] == year_s && r[c_ind] == indicator)
        .collect();
    let pick = match c_rel {
        Some(c) => releases
            .iter()
            .find_map(|rel| candidates.iter().find(|(_, r)| r[c] == *rel))
            .copied(),
        None => candidates.first().copied(),
    };
    let (line, row) = pick.ok_or_else(|| {
        err(
            csv.file,
            0,
            format!("missing {indicator} for {year} (releases {releases:?})"),
        )
    })?;
    let source = format!(
        "{} {} ({})",
        csv.file,
        row[c_src],
        c_rel.map_or("", |c| row[c])
    );
    Ok((csv.num(*line, row, c_val)?, source))
}

fn parse_national(src: &Sources<'_>, year: i32) -> Result<NationalAnchors, DataError> {
    let nat = Csv::parse(src.national.0, src.national.1)?;
    let hist = Csv::parse(src.history.0, src.history.1)?;
    let final_first = ["final_bulletin", "express_kuaibao"];
    let p = |ind: &str| -> Result<Sourced, DataError> {
        let (v, s) = lookup(&nat, year, ind, &final_first)?;
        Ok(Sourced::published(v, s))
    };
    let (pa_prev, pa_prev_src) = lookup(
        &hist,
        year - 1,
        "employee_personal_account_cumulative_balance",
        &[],
    )?;

    let q = Csv::parse(src.quintiles.0, src.quintiles.1)?;
    let year_s = year.to_string();
    let c_year = q.col("year")?;
    let (qline, qrow) = q
        .rows
        .iter()
        .find(|(_, r)| r[c_year] == year_s)
        .ok_or_else(|| err(q.file, 0, format!("no row for {year}")))?;
    let qcols = [
        "low_q1_yuan",
        "lower_middle_q2_yuan",
        "middle_q3_yuan",
        "upper_middle_q4_yuan",
        "high_q5_yuan",
    ];
    let qsrc = "NBS 全国居民五等份收入分组 (income/SOURCES.md)";
    let mut quint = Vec::with_capacity(5);
    for c in qcols {
        quint.push(Sourced::published(q.num(*qline, qrow, q.col(c)?)?, qsrc));
    }
    let quintiles: [Sourced; 5] = quint
        .try_into()
        .map_err(|_| err(q.file, *qline, "expected five quintiles".into()))?;
    let mean = Sourced::published(q.num(*qline, qrow, q.col("national_mean_yuan")?)?, qsrc);

    let nbs = Csv::parse(src.nbs.0, src.nbs.1)?;
    let (s65, s65src) = lookup(&nbs, year, "share_age_65plus", &[])?;

    Ok(NationalAnchors {
        insured_total: p("basic_mi_participants_total")?,
        employee_members: p("employee_participants")?,
        employee_active: p("employee_participants_active")?,
        employee_retired: p("employee_participants_retired")?,
        employee_income: p("employee_fund_income_incl_maternity")?,
        employee_expenditure: p("employee_fund_expenditure_incl_maternity")?,
        accounts_balance: p("employee_personal_account_cumulative_balance")?,
        accounts_balance_previous: Sourced::published(pa_prev, pa_prev_src),
        total_balance: p("basic_mi_fund_cumulative_balance_total")?,
        resident_members: p("resident_participants")?,
        resident_income: p("resident_fund_income")?,
        resident_expenditure: p("resident_fund_expenditure")?,
        resident_balance: p("resident_fund_cumulative_balance")?,
        income_mean_yuan: mean,
        income_quintiles_yuan: quintiles,
        share_65plus: Sourced::published(s65 / 100.0, s65src),
        employee_reimbursement: national_rate(src, "emp_inpatient_reimb_pct")?,
        resident_reimbursement: national_rate(src, "res_inpatient_reimb_pct")?,
        resident_before: resident_before(&hist, year),
    })
}

/// Resident fund income and expenditure of the years before `base_year` in the national
/// series: income as given, expenditure = all funds' expenditure − the employee fund's.
fn resident_before(hist: &Csv<'_>, base_year: i32) -> BTreeMap<i32, (f64, f64)> {
    let Ok(c_year) = hist.col("year") else {
        return BTreeMap::new();
    };
    let mut years: Vec<i32> = hist
        .rows
        .iter()
        .filter_map(|(_, r)| r[c_year].parse::<i32>().ok())
        .filter(|y| *y < base_year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let get = |y: i32, ind: &str| lookup(hist, y, ind, &[]).ok().map(|(v, _)| v);
    years
        .into_iter()
        .filter_map(|y| {
            let income = get(y, "resident_fund_income")?;
            let all = get(y, "basic_mi_fund_expenditure_total")?;
            let employee = get(y, "employee_fund_expenditure")?;
            Some((y, (income, all - employee)))
        })
        .collect()
}

fn national_rate(src: &Sources<'_>, col: &str) -> Result<Sourced, DataError> {
    let ind = Csv::parse(src.indicators.0, src.indicators.1)?;
    let (c_code, c) = (ind.col("code")?, ind.col(col)?);
    let (line, row) = ind
        .rows
        .iter()
        .find(|(_, r)| r[c_code] == NATION_CODE)
        .ok_or_else(|| err(ind.file, 0, "no national (CN) row".into()))?;
    Ok(Sourced::published(
        ind.num(*line, row, c)? / 100.0,
        "中国医疗保障统计年鉴2023, as tabulated in 《从分级治理到央地协同》 Table 4",
    ))
}

fn parse_population(file: (&str, &str)) -> Result<Population, DataError> {
    let csv = Csv::parse(file.0, file.1)?;
    let (c_year, c_age) = (csv.col("year")?, csv.col("age_group")?);
    let (c_m, c_f) = (csv.col("male_thousands")?, csv.col("female_thousands")?);
    let mut by_year: BTreeMap<i32, ([f64; BANDS], [f64; BANDS], usize)> = BTreeMap::new();
    for (line, row) in &csv.rows {
        let year: i32 = row[c_year]
            .parse()
            .map_err(|_| err(csv.file, *line, format!("bad year `{}`", row[c_year])))?;
        let band = band_index(row[c_age]).ok_or_else(|| {
            err(
                csv.file,
                *line,
                format!("unknown age group `{}`", row[c_age]),
            )
        })?;
        let e = by_year
            .entry(year)
            .or_insert(([0.0; BANDS], [0.0; BANDS], 0));
        e.0[band] = csv.num(*line, row, c_m)?;
        e.1[band] = csv.num(*line, row, c_f)?;
        e.2 += 1;
    }
    let first_year = *by_year
        .keys()
        .next()
        .ok_or_else(|| err(csv.file, 0, "no rows".into()))?;
    let mut male = Vec::new();
    let mut female = Vec::new();
    for (i, (year, (m, f, n))) in by_year.into_iter().enumerate() {
        if year != first_year + i as i32 || n != BANDS {
            return Err(err(
                csv.file,
                0,
                format!("year {year}: expected consecutive years with {BANDS} age groups"),
            ));
        }
        male.push(m);
        female.push(f);
    }
    Ok(Population {
        first_year,
        male,
        female,
    })
}

/// Band index of a WPP age group label (`0-4` … `95-99`, `100+`).
fn band_index(label: &str) -> Option<usize> {
    if label == "100+" {
        return Some(20);
    }
    let (lo, _) = label.split_once('-')?;
    let lo: usize = lo.parse().ok()?;
    (lo.is_multiple_of(5) && lo < 100).then_some(lo / 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_with_published_anchors() {
        let d = Dataset::embedded().expect("embedded data");
        assert_eq!(d.provinces.len(), 31);
        assert_eq!(d.national.employee_active.value, 26607.0);
        assert_eq!(d.national.resident_income.value, 10128.90);
        assert_eq!(d.national.accounts_balance_previous.value, 11753.98);
        let total: f64 = d.provinces.iter().map(|p| p.population_wan.value).sum();
        assert_eq!(total, 140975.0);
        assert_eq!(d.population.first_year, 2020);
        assert_eq!(d.population.last_year(), 2100);
    }

    #[test]
    fn history_years_prefer_final_then_derived_then_express_figures() {
        let d = Dataset::embedded().expect("embedded data");
        let years: Vec<i32> = d.published.iter().map(|y| y.year).collect();
        assert_eq!(years, [2023, 2024, 2025]);
        assert_eq!(d.history_until, 2025);
        let y23 = &d.published[0];
        assert_eq!(y23.get(Scheme::Resident, Item::Income), Some(10569.71));
        // 2023 employee expenditure: derived from the final bulletin's totals.
        assert_eq!(y23.get(Scheme::Employee, Item::Expenditure), Some(17750.73));
        let y24 = &d.published[1];
        // Final bulletin over the express release.
        assert_eq!(y24.get(Scheme::Employee, Item::Income), Some(23732.47));
        assert_eq!(
            y24.get(Scheme::EmployeePooled, Item::Income),
            Some(17342.45)
        );
        assert_eq!(y24.get(Scheme::Resident, Item::Income), Some(11180.90));
        assert_eq!(y24.expenditure(Scheme::Resident), Some(10661.49));
        let mut no_exp = y24.clone();
        no_exp
            .figures
            .remove(&(Scheme::Resident, Item::Expenditure));
        // Only a current balance: expenditure = income − current balance.
        let x = no_exp
            .expenditure(Scheme::Resident)
            .expect("from the current balance");
        assert!((x - (11180.90 - 519.42)).abs() < 1e-9);
    }

    #[test]
    fn csv_errors_name_file_and_line() {
        let bad = "year,age_group,male_thousands,female_thousands\n2020,0-4,abc,1\n";
        let e = parse_population(("pop.csv", bad)).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("pop.csv:2: "), "{e}");
    }
}
