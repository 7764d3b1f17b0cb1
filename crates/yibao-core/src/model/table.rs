//! The one reader of user CSV files (accounts and sub-unit files), on the `csv` crate: RFC 4180
//! quoting (a quoted cell loses its quotes, `""` inside is one quote, a quoted cell may hold
//! commas and line breaks), a leading byte-order mark, LF or CRLF line ends. Each cell keeps
//! the line and column (characters, 1-based) where it starts, for `FILE:LINE:COL` messages.
//! Linear in the size of the text.
//!
//! Decoding bytes into text (UTF-8 only; UTF-16 and GBK are named) is [`decode`]'s.

/// One cell: its text (unquoted, trimmed) and the column it starts at.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// 1-based column (characters) of the cell's first character (its opening quote if quoted).
    pub col: usize,
    /// The cell's text, unquoted and trimmed.
    pub text: String,
}

/// One record: its first line and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// The cells in order.
    pub cells: Vec<Cell>,
}

impl Record {
    /// The texts of the cells.
    pub fn texts(&self) -> Vec<&str> {
        self.cells.iter().map(|c| c.text.as_str()).collect()
    }
}

/// A malformed file: where and what.
#[derive(Clone, Debug, PartialEq)]
pub struct TableError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The records of `text` (a leading byte-order mark is ignored); records whose every cell is
/// blank are skipped.
pub fn records(text: &str) -> Result<Vec<Record>, TableError> {
    let mut out = Vec::new();
    each_record(text, |r| out.push(r))?;
    Ok(out)
}

/// Calls `f` with each record of `text` in order, as [`records`] lists them, without holding
/// them all (a large file is read in one pass and little memory).
pub fn each_record(text: &str, mut f: impl FnMut(Record)) -> Result<(), TableError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let (mut cursor, mut line) = (0usize, 1usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                return Err(TableError {
                    line,
                    message: format!("not a CSV record: {e}"),
                });
            }
        }
        let Some(pos) = record.position() else {
            continue;
        };
        // The reader's position may point at the line end before the record (its line count
        // lags by that line): step over line ends and count lines here, in one pass overall.
        let bytes = text.as_bytes();
        let mut start = usize::try_from(pos.byte())
            .unwrap_or(0)
            .clamp(cursor, bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[cursor..start].iter().filter(|b| **b == b'\n').count();
        cursor = start;
        let cols = columns(text.get(start..).unwrap_or(""), record.len());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        f(Record {
            line,
            cells: record
                .iter()
                .zip(cols)
                .map(|(t, col)| Cell {
                    col,
                    text: t.trim().to_owned(),
                })
                .collect(),
        });
    }
    Ok(())
}

/// The starting columns of the first `n` cells of the record at the start of `raw` (quote
/// aware; stops at the record's end).
fn columns(raw: &str, n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    out.push(1);
    let mut quoted = false;
    let mut col = 1;
    for ch in raw.chars() {
        if out.len() >= n {
            break;
        }
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(col + 1),
            '\n' | '\r' if !quoted => break,
            '\n' => col = 0,
            _ => {}
        }
        col += 1;
    }
    while out.len() < n {
        out.push(col);
    }
    out
}

/// Decodes a user file's bytes: UTF-8 with or without a byte-order mark. UTF-16 (by its
/// byte-order mark) and text that is not UTF-8 are errors that say which encoding it seems to
/// be and how to save it as UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("UTF-16 (little-endian)"),
        Some([0xFE, 0xFF]) => Some("UTF-16 (big-endian)"),
        _ => None,
    };
    if let Some(enc) = utf16 {
        return Err(format!(
            "the file is {enc} text, which is not supported; save it as UTF-8 (CSV UTF-8 in Excel or WPS)"
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let b = e.as_bytes();
            let gbk = looks_like_gbk(b);
            Err(format!(
                "the file is not UTF-8 text (byte {at}){}; save it as UTF-8 (CSV UTF-8 in Excel or WPS)",
                if gbk {
                    "; it looks like GBK/GB18030, which is not supported"
                } else {
                    ""
                }
            ))
        }
    }
}

/// Whether `b` reads as GBK: every byte above 0x7F is a lead byte 0x81–0xFE followed by a trail
/// byte 0x40–0xFE (not 0x7F), and there is at least one such pair.
fn looks_like_gbk(b: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = b.get(i + 1) else {
            return false;
        };
        if !(0x81..=0xFE).contains(&c) || !(0x40..=0xFE).contains(&t) || t == 0x7F {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_bom_crlf_and_columns() {
        let r =
            records("\u{feff}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n  ,  \r\nc, d \n").unwrap();
        let lines: Vec<usize> = r.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 5], "{r:?}");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].texts(), ["a", "b"]);
        assert_eq!(r[1].texts(), ["x, y", "say \"hi\""]);
        assert_eq!(r[1].line, 2);
        assert_eq!(r[1].cells[1].col, 8);
        assert_eq!(r[2].texts(), ["c", "d"]);
        assert_eq!((r[2].line, r[2].cells[1].col), (5, 3));
    }

    #[test]
    fn a_quoted_line_break_keeps_later_lines_numbered() {
        let r = records("a,b\n\"one\ntwo\",x\ny,z\n").unwrap();
        assert_eq!(r[1].texts(), ["one\ntwo", "x"]);
        assert_eq!((r[2].line, r[2].cells[1].col), (4, 3));
    }

    #[test]
    fn encodings_are_named() {
        let e = decode(vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(e.contains("UTF-16 (little-endian)"), "{e}");
        let e = decode(vec![0xFE, 0xFF, 0, b'a']).unwrap_err();
        assert!(e.contains("UTF-16 (big-endian)"), "{e}");
        // 北京 in GBK.
        let e = decode(vec![b'a', b',', 0xB1, 0xB1, 0xBE, 0xA9]).unwrap_err();
        assert!(e.contains("byte 2") && e.contains("GBK"), "{e}");
        assert_eq!(decode("\u{feff}北京".as_bytes().to_vec()).unwrap(), "北京");
    }
}
