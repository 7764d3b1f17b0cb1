//! Where things are in a scenario file: a small tokenizer over the RON text that records the
//! positions of the top-level fields, the lever keys, their year keys and the pooling entries,
//! so that semantic errors can point at the offending token.

use std::collections::BTreeMap;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// Line.
    pub line: usize,
    /// Column (in characters).
    pub column: usize,
}

/// Positions found in a scenario file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spans {
    /// Top-level field names (`title`, `levers`, …), at their first place.
    pub fields: BTreeMap<String, Pos>,
    /// Every top-level field name in file order, repeated ones included.
    pub field_list: Vec<(String, Pos)>,
    /// Where the value of `levers` begins and where its closing bracket is.
    pub levers_range: Option<(Pos, Pos)>,
    /// Where the top-level struct ends (its closing bracket), if it is closed.
    pub end: Option<Pos>,
    /// Lever key strings inside `levers: { … }`.
    pub levers: BTreeMap<String, Pos>,
    /// Year keys inside each lever's path.
    pub years: BTreeMap<(String, i32), Pos>,
    /// Entries of `pooling.resident`, `pooling.employee`, `pooling.adjustment` by index.
    pub pooling: BTreeMap<(String, usize), Pos>,
    /// Position of `format: N` and its number, if found.
    pub format: Option<(Pos, i64)>,
    /// Where the top-level struct begins.
    pub start: Option<Pos>,
    /// Year keys written more than once in one lever's path, at their second place.
    pub duplicate_years: Vec<(String, i32, Pos)>,
    /// Lever keys written more than once, at their second place.
    pub duplicate_levers: Vec<(String, Pos)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(char),
}

/// A position-tracking cursor over the characters of the source.
struct Cursor {
    chars: Vec<char>,
    i: usize,
    line: usize,
    column: usize,
}

impl Cursor {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }
}

/// Splits RON text into tokens with positions, skipping comments and white space. Never
/// fails: the positions are a help, `ron` does the real parsing.
fn tokens(src: &str) -> Vec<(Tok, Pos)> {
    let mut cur = Cursor {
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        column: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = cur.peek(0) {
        let pos = cur.pos();
        if c.is_whitespace() {
            cur.bump();
        } else if c == '/' && cur.peek(1) == Some('/') {
            while cur.peek(0).is_some_and(|c| c != '\n') {
                cur.bump();
            }
        } else if c == '/' && cur.peek(1) == Some('*') {
            let mut depth = 0usize;
            while let Some(c) = cur.peek(0) {
                if c == '/' && cur.peek(1) == Some('*') {
                    depth += 1;
                    cur.bump();
                    cur.bump();
                } else if c == '*' && cur.peek(1) == Some('/') {
                    cur.bump();
                    cur.bump();
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else {
                    cur.bump();
                }
            }
        } else if c == '#' && cur.peek(1) == Some('!') && cur.peek(2) == Some('[') {
            // An inner attribute (`#![enable(implicit_some)]`): not part of the struct, and
            // its `(` must not be taken for the struct's.
            let mut depth = 0usize;
            while let Some(c) = cur.bump() {
                match c {
                    '[' => depth += 1,
                    ']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        } else if c == '"' {
            let mut s = String::new();
            cur.bump();
            while let Some(c) = cur.bump() {
                match c {
                    '"' => break,
                    '\\' => unescape(&mut cur, &mut s),
                    _ => s.push(c),
                }
            }
            out.push((Tok::Str(s), pos));
        } else if c.is_ascii_digit()
            || ((c == '-' || c == '+') && cur.peek(1).is_some_and(|d| d.is_ascii_digit()))
        {
            let mut s = String::new();
            while let Some(c) = cur
                .peek(0)
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
            {
                s.push(c);
                cur.bump();
            }
            out.push((Tok::Num(s), pos));
        } else if c.is_alphabetic() || c == '_' {
            let mut s = String::new();
            while let Some(c) = cur.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                s.push(c);
                cur.bump();
            }
            out.push((Tok::Ident(s), pos));
        } else {
            out.push((Tok::Punct(c), pos));
            cur.bump();
        }
    }
    out
}

/// Reads one escape after a backslash, as `ron` does, so that `"resident.pre\u{6d}ium"` is the
/// key `resident.premium`.
fn unescape(cur: &mut Cursor, s: &mut String) {
    let Some(e) = cur.bump() else {
        return;
    };
    let hex = |text: &str| u32::from_str_radix(text, 16).ok().and_then(char::from_u32);
    match e {
        'n' => s.push('\n'),
        't' => s.push('\t'),
        'r' => s.push('\r'),
        '0' => s.push('\0'),
        'b' => s.push('\u{8}'),
        'f' => s.push('\u{c}'),
        'x' => {
            let text: String = (0..2).filter_map(|_| cur.bump()).collect();
            if let Some(c) = hex(&text) {
                s.push(c);
            }
        }
        'u' => {
            let mut text = String::new();
            if cur.peek(0) == Some('{') {
                cur.bump();
                while let Some(c) = cur.peek(0).filter(|c| *c != '}' && *c != '"') {
                    text.push(c);
                    cur.bump();
                }
                if cur.peek(0) == Some('}') {
                    cur.bump();
                }
            } else {
                text = (0..4).filter_map(|_| cur.bump()).collect();
            }
            if let Some(c) = hex(&text) {
                s.push(c);
            }
        }
        other => s.push(other),
    }
}

/// An integer as `ron` reads it: optional sign, `_` separators, `0x`/`0o`/`0b` prefixes.
pub fn parse_int(text: &str) -> Option<i64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits: String = rest.chars().filter(|c| *c != '_').collect();
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits.as_str()),
    };
    if digits.is_empty() || rest.starts_with('_') {
        return None;
    }
    let v = i64::from_str_radix(digits, radix).ok()?;
    Some(if negative { -v } else { v })
}

/// Whether RON text has a comment (`//` or `/*`) outside its strings.
pub fn has_comments(src: &str) -> bool {
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if matches!(chars.peek(), Some('/' | '*')) => return true,
            _ => {}
        }
    }
    false
}

/// Index just past the bracket that closes the one at `open` (or the end).
fn matching(toks: &[(Tok, Pos)], open: usize) -> usize {
    let mut depth = 0i32;
    for (j, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(' | '{' | '[') => depth += 1,
            Tok::Punct(')' | '}' | ']') => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// Finds the positions of the scenario's parts in `src`.
pub fn scan(src: &str) -> Spans {
    let toks = tokens(src);
    let mut spans = Spans::default();
    // The top-level struct: `Scenario(` or a bare `(`.
    let Some(open) = toks.iter().position(|(t, _)| matches!(t, Tok::Punct('('))) else {
        return spans;
    };
    spans.start = Some(match open.checked_sub(1).map(|j| &toks[j]) {
        Some((Tok::Ident(_), p)) => *p,
        _ => toks[open].1,
    });
    let end = matching(&toks, open);
    if let Some((Tok::Punct(')'), p)) = end.checked_sub(1).and_then(|j| toks.get(j))
        && end > open + 1
    {
        spans.end = Some(*p);
    }
    let mut i = open + 1;
    while i < end {
        // A field: Ident ':' value.
        if let (Tok::Ident(name), pos) = &toks[i].clone()
            && matches!(toks.get(i + 1), Some((Tok::Punct(':'), _)))
        {
            spans.fields.entry(name.clone()).or_insert(*pos);
            spans.field_list.push((name.clone(), *pos));
            let value = i + 2;
            let value_end = value_end(&toks, value, end);
            match name.as_str() {
                "format" => {
                    if let Some((Tok::Num(n), p)) = toks.get(value)
                        && let Some(v) = parse_int(n)
                    {
                        spans.format = Some((*p, v));
                    }
                }
                "levers" => {
                    if let (Some(first), Some(last)) =
                        (toks.get(value), toks.get(value_end.saturating_sub(1)))
                        && value < value_end
                    {
                        spans.levers_range = Some((first.1, last.1));
                    }
                    scan_levers(&toks[value..value_end], &mut spans);
                }
                "pooling" => scan_pooling(&toks[value..value_end], &mut spans),
                _ => {}
            }
            i = value_end;
            continue;
        }
        i += 1;
    }
    spans
}

/// End of the value starting at `start`: after its brackets, up to the next top-level comma.
fn value_end(toks: &[(Tok, Pos)], start: usize, limit: usize) -> usize {
    let mut j = start;
    while j < limit {
        match &toks[j].0 {
            Tok::Punct('(' | '{' | '[') => j = matching(toks, j),
            Tok::Punct(',') | Tok::Punct(')') => return j,
            _ => j += 1,
        }
    }
    limit
}

fn scan_levers(toks: &[(Tok, Pos)], spans: &mut Spans) {
    // `{ "id": Kind({ 2026: 1.0, … }), … }`
    let mut i = 1;
    while i < toks.len() {
        if let (Tok::Str(key), pos) = &toks[i]
            && matches!(toks.get(i + 1), Some((Tok::Punct(':'), _)))
        {
            if spans.levers.contains_key(key) {
                spans.duplicate_levers.push((key.clone(), *pos));
            }
            spans.levers.entry(key.clone()).or_insert(*pos);
            let end = value_end(toks, i + 2, toks.len());
            let mut j = i + 2;
            while j < end {
                if let (Tok::Num(n), p) = &toks[j]
                    && matches!(toks.get(j + 1), Some((Tok::Punct(':'), _)))
                    && let Some(y) = parse_int(n).and_then(|y| i32::try_from(y).ok())
                {
                    if spans.years.contains_key(&(key.clone(), y)) {
                        spans.duplicate_years.push((key.clone(), y, *p));
                    }
                    // The value read is the last one written (a map keeps the last): point
                    // at its key, so that a message quoting the value points at it too.
                    spans.years.insert((key.clone(), y), *p);
                }
                j += 1;
            }
            i = end;
            continue;
        }
        i += 1;
    }
}

fn scan_pooling(toks: &[(Tok, Pos)], spans: &mut Spans) {
    let mut i = 0;
    while i < toks.len() {
        if let (Tok::Ident(list), _) = &toks[i]
            && matches!(toks.get(i + 1), Some((Tok::Punct(':'), _)))
            && matches!(toks.get(i + 2), Some((Tok::Punct('['), _)))
        {
            let end = matching(toks, i + 2);
            let mut j = i + 3;
            let mut index = 0;
            while j < end {
                if let (Tok::Punct('('), p) = &toks[j] {
                    spans.pooling.insert((list.clone(), index), *p);
                    index += 1;
                    j = matching(toks, j);
                    continue;
                }
                j += 1;
            }
            i = end;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inner_attribute_keeps_the_positions_after_it() {
        let src = "#![enable(implicit_some)]\nScenario(\n    format: 1,\n    levers: {\n        \"resident.premium\": Steps({2026: 400.0}),\n    },\n)\n";
        let s = scan(src);
        assert_eq!(s.start, Some(Pos { line: 2, column: 1 }));
        assert_eq!(s.fields.get("format"), Some(&Pos { line: 3, column: 5 }));
        assert_eq!(
            s.levers.get("resident.premium"),
            Some(&Pos { line: 5, column: 9 })
        );
    }

    #[test]
    fn finds_fields_levers_years_and_pooling() {
        let src = "// c \"x\"\nScenario(\n    format: 1,\n    title: \"a: b\",\n    levers: {\n        \"resident.premium\": Steps({2026: 400.0, 2030: 5.0}),\n        /* \"x\" */ \"x.y@GD\": Linear({2027: 1}),\n    },\n    pooling: (resident: [(from: 2025, level: Province)], adjustment: [(from: 1, scope: National, rate: 0.1), (from: 2, scope: National, rate: 0.1)]),\n)\n";
        let s = scan(src);
        assert_eq!(
            s.format,
            Some((
                Pos {
                    line: 3,
                    column: 13
                },
                1
            ))
        );
        assert_eq!(s.fields["title"], Pos { line: 4, column: 5 });
        assert_eq!(s.levers["resident.premium"], Pos { line: 6, column: 9 });
        assert_eq!(
            s.years[&("resident.premium".to_owned(), 2030)],
            Pos {
                line: 6,
                column: 49
            }
        );
        assert_eq!(
            s.levers["x.y@GD"],
            Pos {
                line: 7,
                column: 19
            }
        );
        assert_eq!(s.pooling[&("adjustment".to_owned(), 1)].line, 9);
        assert!(s.pooling.contains_key(&("resident".to_owned(), 0)));
    }
}
