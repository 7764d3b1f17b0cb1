//! `tables.xlsx` of a report pack: one sheet per [`Table`], numbers as numbers with number
//! formats, units in the headers, the header row frozen and filterable.

use super::briefing::Date;
use super::tables::{Cell, Num, Table};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// The longest sheet name Excel accepts.
pub const SHEET_NAME_MAX: usize = 31;

/// A sheet name Excel accepts: the characters `[]:*?/\` replaced, at most 31 characters, no
/// leading or trailing apostrophe, and unique among `taken` (a number is appended).
pub fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let clean = if clean.is_empty() { "sheet" } else { clean };
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut out = cut(clean, SHEET_NAME_MAX);
    let mut i = 2;
    while taken.iter().any(|t| t.to_lowercase() == out.to_lowercase()) {
        let suffix = format!(" {i}");
        out = format!(
            "{}{suffix}",
            cut(clean, SHEET_NAME_MAX - suffix.chars().count())
        );
        i += 1;
    }
    out
}

fn err(e: XlsxError) -> String {
    format!("tables.xlsx: {e}")
}

/// The workbook's bytes. `created` is its creation date (document properties), so that the
/// same tables on the same date give the same bytes.
pub fn tables_xlsx(tables: &[Table], created: Date) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(created.year, created.month, created.day).map_err(err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Yibao tables")
            .set_author("yibao")
            .set_creation_datetime(&when),
    );
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    // One format per kind of number, made once (not one per cell).
    let mut formats: Vec<(Num, Format)> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for t in tables {
        let name = sheet_name(&t.sheet, &taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(err)?;
        taken.push(name);
        for (c, h) in t.columns.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| "tables.xlsx: too many columns".to_owned())?;
            ws.write_string_with_format(0, col, h, &head).map_err(err)?;
            // Width in characters: Chinese characters count twice; at least the widest cell
            // (up to a limit), the header wrapping beyond 24.
            let widest = t
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| width(&cell.text("")))
                .max()
                .unwrap_or(0)
                .max(width(h).min(24))
                .clamp(6, 48);
            ws.set_column_width(col, widest as f64 + 2.0).map_err(err)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| "tables.xlsx: too many rows".to_owned())?;
            for (c, cell) in row.iter().enumerate() {
                let col =
                    u16::try_from(c).map_err(|_| "tables.xlsx: too many columns".to_owned())?;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, col, s).map_err(err)?;
                    }
                    Cell::Number(v, n) => {
                        let i = match formats.iter().position(|(m, _)| m == n) {
                            Some(i) => i,
                            None => {
                                formats.push((*n, Format::new().set_num_format(n.excel_format())));
                                formats.len() - 1
                            }
                        };
                        ws.write_number_with_format(r, col, *v, &formats[i].1)
                            .map_err(err)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        if !t.columns.is_empty() && !t.rows.is_empty() {
            let last_row = u32::try_from(t.rows.len()).unwrap_or(u32::MAX);
            let last_col = u16::try_from(t.columns.len() - 1).unwrap_or(u16::MAX);
            ws.autofilter(0, 0, last_row, last_col).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// Display width of a text in character cells (CJK characters are two wide).
fn width(s: &str) -> usize {
    s.chars().map(|c| if c > '\u{2e80}' { 2 } else { 1 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三";
        let a = sheet_name(long, &[]);
        assert_eq!(a.chars().count(), SHEET_NAME_MAX);
        let b = sheet_name(long, std::slice::from_ref(&a));
        assert_eq!(b.chars().count(), SHEET_NAME_MAX);
        assert!(b.ends_with(" 2") && a != b);
        assert_eq!(sheet_name("a/b:c?", &[]), "a_b_c_");
        assert_eq!(sheet_name("  ", &[]), "sheet");
    }

    #[test]
    fn the_same_tables_on_the_same_date_give_the_same_bytes() {
        let t = Table {
            sheet: "s".into(),
            title: "t".into(),
            columns: vec!["a".into(), "b（亿元）".into()],
            rows: vec![vec![Cell::Text("x".into()), Cell::Number(1.5, Num::Money)]],
        };
        let d = Date {
            year: 2026,
            month: 1,
            day: 2,
        };
        let one = tables_xlsx(std::slice::from_ref(&t), d).expect("writes");
        let two = tables_xlsx(std::slice::from_ref(&t), d).expect("writes");
        assert_eq!(one, two);
        assert!(one.starts_with(b"PK"));
    }
}
