//! The tables of a report pack as typed cells: the headline table (each main national fund,
//! scenario against baseline), the comparison with `--compare`, and the pack's CSV tables
//! (`summary.csv`, `projection.csv`) read back cell by cell. `tables.xlsx` writes them as
//! sheets with numbers as numbers ([`super::xlsx`]); the briefing (.docx) prints the first two
//! ([`super::briefing`]). Another table (the decomposition, the treasury's view) joins with
//! [`Table::from_csv`] from the CSV its writer makes.

use super::Projected;
use super::charts::MID_YEAR;
use super::csv_text::header_zh;
use super::summary_md::money;
use crate::model::keys::NATION_CODE;
use crate::model::output::{COLUMNS, Format};
use crate::model::{Fund, Projection};
use crate::render::Lang;
use crate::render::ticks::format_number;

/// What kind of number a cell holds: its format in a workbook and in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Num {
    /// 亿元 (100 million yuan), one decimal shown.
    Money,
    /// 万人 (10 thousand persons), one decimal shown.
    People,
    /// A fraction, shown as a percentage.
    Rate,
    /// Months of reserve, one decimal shown.
    Months,
    /// A year or a count: no decimals, no thousands separator.
    Integer,
    /// Another number, shown with up to 4 decimals.
    Plain,
}

impl Num {
    /// The format of a projection column.
    fn of(format: Format) -> Num {
        match format {
            Format::Money => Num::Money,
            Format::People => Num::People,
            Format::Rate => Num::Rate,
            Format::Months => Num::Months,
            Format::Flag => Num::Integer,
        }
    }

    /// The Excel number format.
    pub fn excel_format(self) -> &'static str {
        match self {
            Num::Money | Num::People => "#,##0.0",
            Num::Rate => "0.00%",
            Num::Months => "0.0",
            Num::Integer => "0",
            Num::Plain => "0.####",
        }
    }

    /// The number as a document prints it (stored units; see the column header).
    pub fn text(self, v: f64) -> String {
        match self {
            Num::Money | Num::People | Num::Months => format_number(v, 1),
            Num::Rate => format!("{}%", format_number(v * 100.0, 2)),
            Num::Integer => format!("{v:.0}"),
            Num::Plain => format_number(v, 4),
        }
    }
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing (a year that did not occur, a number not defined).
    Empty,
    /// Text.
    Text(String),
    /// A number in stored units with its kind.
    Number(f64, Num),
}

impl Cell {
    fn year(y: Option<i32>) -> Cell {
        y.map_or(Cell::Empty, |y| Cell::Number(f64::from(y), Num::Integer))
    }

    fn opt(v: Option<f64>, n: Num) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Number(v, n))
    }

    /// The cell as a document prints it; `empty` for an empty cell.
    pub fn text(&self, empty: &str) -> String {
        match self {
            Cell::Empty => empty.to_owned(),
            Cell::Text(t) => t.clone(),
            Cell::Number(v, n) => n.text(*v),
        }
    }
}

/// A table: a sheet of `tables.xlsx`, a table of the briefing.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Sheet name (at most 31 characters, none of `[]:*?/\`; [`super::xlsx`] enforces it).
    pub sheet: String,
    /// Title (a heading in the briefing).
    pub title: String,
    /// Column headers, each with its unit.
    pub columns: Vec<String>,
    /// Rows of cells, as many as columns.
    pub rows: Vec<Vec<Cell>>,
}

/// The unit of a column id in English, from its Chinese header (`累计结存（亿元）`).
fn unit_en(zh_header: &str) -> Option<&'static str> {
    let unit = zh_header.strip_suffix('）')?.rsplit_once('（')?.1;
    Some(match unit {
        "亿元" => "100m yuan",
        "万人" => "10k persons",
        "月" => "months",
        "比例" => "fraction",
        _ => return None,
    })
}

/// A column header with its unit, in the language of the pack.
pub fn header(id: &str, lang: Lang) -> String {
    let zh = header_zh(id);
    if lang.is_zh() {
        zh.to_owned()
    } else {
        match unit_en(zh) {
            Some(u) => format!("{id} ({u})"),
            None => id.to_owned(),
        }
    }
}

/// The kind of number in a column of the pack's CSV files (by column id).
fn column_num(id: &str) -> Num {
    if let Some(c) = COLUMNS.iter().find(|c| c.name == id) {
        return Num::of(c.format);
    }
    match id {
        "min_months" | "months_at_horizon" => Num::Months,
        "cumulative_backstop" | "cumulative_backstop_discounted" => Num::Money,
        "year" | "estimate" => Num::Integer,
        _ if id.ends_with("_year") || id.ends_with("_low") || id.ends_with("_high") => Num::Integer,
        _ => Num::Plain,
    }
}

impl Table {
    /// A table from CSV text as the pack writes it (column ids in the first line): numbers
    /// become numbers of the column's kind, other cells text, empty cells empty. `kind` may
    /// name the kind of a column the pack does not know (the decomposition's, the treasury's);
    /// unknown columns are plain numbers. Headers are translated with their units where known.
    pub fn from_csv(
        sheet: &str,
        title: &str,
        csv: &str,
        lang: Lang,
        kind: &dyn Fn(&str) -> Option<Num>,
    ) -> Result<Table, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let ids: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{sheet}: {e}"))?
            .iter()
            .map(str::to_owned)
            .collect();
        let nums: Vec<Num> = ids
            .iter()
            .map(|id| kind(id).unwrap_or_else(|| column_num(id)))
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| format!("{sheet}: {e}"))?;
            rows.push(
                record
                    .iter()
                    .zip(&nums)
                    .map(|(v, n)| match v.parse::<f64>() {
                        _ if v.is_empty() => Cell::Empty,
                        Ok(x) if x.is_finite() => Cell::Number(x, *n),
                        _ => Cell::Text(v.to_owned()),
                    })
                    .collect(),
            );
        }
        Ok(Table {
            sheet: sheet.to_owned(),
            title: title.to_owned(),
            columns: ids.iter().map(|id| header(id, lang)).collect(),
            rows,
        })
    }
}

/// Months of reserve of a national fund in a year.
fn months(p: &Projection, fund: Fund, year: i32) -> Option<f64> {
    p.series(NATION_CODE, fund)
        .and_then(|s| s.row(year))
        .and_then(|r| r.months_of_reserve)
}

/// The four headline numbers of a national fund: depletion year, months of reserve in
/// [`MID_YEAR`] and at the horizon, cumulative backstop.
fn headline_numbers(p: &Projection, fund: Fund) -> [Cell; 4] {
    let s = p.summary(NATION_CODE, fund);
    [
        Cell::year(s.and_then(|s| s.depletion_year)),
        Cell::opt(months(p, fund, MID_YEAR), Num::Months),
        Cell::opt(months(p, fund, p.horizon), Num::Months),
        Cell::opt(s.map(|s| s.cumulative_backstop), Num::Money),
    ]
}

/// The headline table: per main national fund and measure, the scenario, the current-law
/// baseline and the difference (scenario minus baseline; years in years).
pub fn headline_table(main: &Projected, baseline: &Projected, lang: Lang) -> Table {
    let zh = lang.is_zh();
    let horizon = main.projection.horizon;
    let measures: [String; 4] = if zh {
        [
            "耗尽年份（净头寸首次不为正）".to_owned(),
            format!("{MID_YEAR}年可支付月数（月）"),
            format!("{horizon}年可支付月数（月）"),
            "累计财政兜底（亿元）".to_owned(),
        ]
    } else {
        [
            "Depletion year (net position first not positive)".to_owned(),
            format!("Months of reserve {MID_YEAR} (months)"),
            format!("Months of reserve {horizon} (months)"),
            "Cumulative backstop (100m yuan)".to_owned(),
        ]
    };
    let mut rows = Vec::new();
    for fund in Fund::MAIN {
        let s = headline_numbers(&main.projection, fund);
        let b = headline_numbers(&baseline.projection, fund);
        for ((measure, s), b) in measures.iter().zip(s).zip(b) {
            let diff = match (&s, &b) {
                (Cell::Number(x, n), Cell::Number(y, _)) => Cell::Number(x - y, *n),
                _ => Cell::Empty,
            };
            rows.push(vec![
                Cell::Text(fund.label(zh).to_owned()),
                Cell::Text(measure.clone()),
                s,
                b,
                diff,
            ]);
        }
    }
    let columns: Vec<String> = if zh {
        vec![
            "基金",
            "指标",
            "本方案",
            "现行政策基准",
            "差异（方案−基准）",
        ]
    } else {
        vec![
            "Fund",
            "Measure",
            "Scenario",
            "Current-law baseline",
            "Difference (scenario − baseline)",
        ]
    }
    .into_iter()
    .map(str::to_owned)
    .collect();
    Table {
        sheet: (if zh { "主要结果" } else { "headline" }).to_owned(),
        title: (if zh {
            "主要结果（全国）"
        } else {
            "Headline numbers (nation)"
        })
        .to_owned(),
        columns,
        rows,
    }
}

/// The comparison table (`--compare`): per scenario (baseline, the scenario, the compared
/// ones) and main national fund, the four headline numbers. `None` without compared scenarios.
pub fn comparison_table(
    main: &Projected,
    baseline: &Projected,
    compare: &[Projected],
    lang: Lang,
) -> Option<Table> {
    if compare.is_empty() {
        return None;
    }
    let zh = lang.is_zh();
    let horizon = main.projection.horizon;
    let base_name = if zh {
        "现行政策基准"
    } else {
        "Current-law baseline"
    };
    let runs = std::iter::once((base_name, &baseline.projection))
        .chain(std::iter::once((
            main.scenario.title.as_str(),
            &main.projection,
        )))
        .chain(
            compare
                .iter()
                .map(|c| (c.scenario.title.as_str(), &c.projection)),
        );
    let mut rows = Vec::new();
    for (name, p) in runs {
        for fund in Fund::MAIN {
            let mut row = vec![
                Cell::Text(name.to_owned()),
                Cell::Text(fund.label(zh).to_owned()),
            ];
            row.extend(headline_numbers(p, fund));
            rows.push(row);
        }
    }
    let columns: Vec<String> = if zh {
        vec![
            "方案".to_owned(),
            "基金".to_owned(),
            "耗尽年份".to_owned(),
            format!("{MID_YEAR}年可支付月数（月）"),
            format!("{horizon}年可支付月数（月）"),
            "累计财政兜底（亿元）".to_owned(),
        ]
    } else {
        vec![
            "Scenario".to_owned(),
            "Fund".to_owned(),
            "Depletion year".to_owned(),
            format!("Months of reserve {MID_YEAR} (months)"),
            format!("Months of reserve {horizon} (months)"),
            "Cumulative backstop (100m yuan)".to_owned(),
        ]
    };
    Some(Table {
        sheet: (if zh { "方案对比" } else { "comparison" }).to_owned(),
        title: (if zh {
            "方案对比（全国）"
        } else {
            "Comparison (nation)"
        })
        .to_owned(),
        columns,
        rows,
    })
}

/// The headline numbers as a document prints them: money in 亿元 or 万亿元.
pub fn headline_money(v: f64, lang: Lang) -> String {
    money(v, lang.is_zh())
}

/// Every table of `tables.xlsx`: the headline table, the comparison (with `--compare`),
/// `summary.csv` and `projection.csv` as written (`summary_csv`, `projection_csv`: the CSV
/// text of the pack before headers are localised), then `extra` (the decomposition, the
/// treasury's view, when present).
pub fn pack_tables(
    main: &Projected,
    baseline: &Projected,
    compare: &[Projected],
    summary_csv: &str,
    projection_csv: &str,
    lang: Lang,
    extra: Vec<Table>,
) -> Result<Vec<Table>, String> {
    let zh = lang.is_zh();
    let none = |_: &str| None;
    let mut out = vec![headline_table(main, baseline, lang)];
    out.extend(comparison_table(main, baseline, compare, lang));
    out.push(Table::from_csv(
        if zh { "汇总 summary" } else { "summary" },
        "summary.csv",
        summary_csv,
        lang,
        &none,
    )?);
    out.push(Table::from_csv(
        if zh {
            "预测 projection"
        } else {
            "projection"
        },
        "projection.csv",
        projection_csv,
        lang,
        &none,
    )?);
    out.extend(extra);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_typed_and_headers_carry_units() {
        let csv =
            "unit,fund,year,balance,months_of_reserve,depletion_year\nCN,resident,2030,1.5,,2041\n";
        let t = Table::from_csv("s", "t", csv, Lang::En, &|_| None).expect("parses");
        assert_eq!(
            t.columns,
            [
                "unit",
                "fund",
                "year",
                "balance (100m yuan)",
                "months_of_reserve (months)",
                "depletion_year"
            ]
        );
        assert_eq!(
            t.rows[0],
            [
                Cell::Text("CN".into()),
                Cell::Text("resident".into()),
                Cell::Number(2030.0, Num::Integer),
                Cell::Number(1.5, Num::Money),
                Cell::Empty,
                Cell::Number(2041.0, Num::Integer),
            ]
        );
        let zh = Table::from_csv("s", "t", csv, Lang::Zh, &|_| None).expect("parses");
        assert_eq!(zh.columns[3], "累计结存（亿元）");
    }

    #[test]
    fn a_bad_csv_names_its_sheet() {
        let e = Table::from_csv("fiscal", "t", "a,b\n1,2,3\n", Lang::En, &|_| None)
            .expect_err("ragged row");
        assert!(e.starts_with("fiscal:"), "{e}");
    }
}
