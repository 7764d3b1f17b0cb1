//! Reading scenario files: syntax and types by `ron`, then the semantic checks, every message
//! with the file, line and column of the token at fault.

use super::diagnostic::{Diagnostic, Severity};
use super::migrate;
use super::spans::{self, Pos, Spans};
use super::suggest::edit_distance;
use super::validate::{Issue, Place, validate};
use crate::model::scenario::Scenario;

/// A scenario read from a file, with the warnings it produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The validated (and migrated) scenario.
    pub scenario: Scenario,
    /// Warnings (soft-range values, levers not yet in effect, …).
    pub warnings: Vec<Diagnostic>,
}

fn at(file: &str, pos: Pos, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        file: file.to_owned(),
        line: pos.line,
        column: pos.column,
        message,
        omitted: 0,
    }
}

/// The largest scenario file read (a scenario is a few KB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// At most this many diagnostics are reported for one file; the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 50;

/// Names longer than this get no "did you mean" (the edit distance would cost too much and
/// nothing that long is a typo of a short name).
pub const MAX_SUGGEST_CHARS: usize = 64;

/// Text from the file as a message shows it: at most 64 characters, then "…".
pub fn clip(text: &str) -> String {
    if text.chars().count() > MAX_SUGGEST_CHARS {
        let head: String = text.chars().take(MAX_SUGGEST_CHARS - 1).collect();
        format!("{head}…")
    } else {
        text.to_owned()
    }
}

/// The closest of `options` to `found`, if reasonably close.
fn closest<'a>(found: &str, options: &[&'a str]) -> Option<&'a str> {
    if found.chars().count() > MAX_SUGGEST_CHARS {
        return None;
    }
    options
        .iter()
        .map(|o| (edit_distance(&found.to_lowercase(), &o.to_lowercase()), *o))
        .filter(|(d, o)| *d <= (o.len() / 3).max(2))
        .min()
        .map(|x| x.1)
}

/// A readable message for a `ron` error.
fn ron_message(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::MissingStructField { field, .. } => format!("missing required field `{field}`"),
        E::NoSuchStructField {
            expected, found, ..
        } => {
            let hint = closest(found, expected).map_or_else(
                || format!("the fields here are {}", expected.join(", ")),
                |c| format!("did you mean `{c}`?"),
            );
            format!("unknown field `{}`; {hint}", clip(found))
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let hint = closest(found, expected).map_or_else(
                || format!("expected one of {}", expected.join(", ")),
                |c| format!("did you mean `{c}`?"),
            );
            format!("unknown variant `{}`; {hint}", clip(found))
        }
        E::DuplicateStructField { field, .. } => format!("field `{field}` is given twice"),
        E::InvalidValueForType { expected, found } => format!("expected {expected}, found {found}"),
        E::ExpectedFloat | E::ExpectedInteger => "expected a number".to_owned(),
        E::ExpectedString | E::ExpectedStringEnd => "expected a string in double quotes".to_owned(),
        E::ExpectedComma => "expected a comma between items".to_owned(),
        E::ExpectedMapColon => "expected `:` after a map key".to_owned(),
        E::ExpectedMap => "expected a map `{year: value, …}`".to_owned(),
        E::ExpectedMapEnd => "expected `}` closing the map (a missing comma?)".to_owned(),
        E::ExpectedStructLikeEnd => "expected `)` closing the struct (a missing comma?)".to_owned(),
        E::ExpectedArrayEnd => "expected `]` closing the list (a missing comma?)".to_owned(),
        E::Eof => "unexpected end of file (an unclosed bracket?)".to_owned(),
        E::TrailingCharacters => "unexpected text after the end of the scenario".to_owned(),
        // ron's own text advises a "raw identifier `r#…`", which scenario files never need.
        E::SuggestRawIdentifier(found) | E::InvalidIdentifier(found) => format!(
            "`{}` is not a name; expected a field name such as `title`",
            clip(found)
        ),
        other => {
            let s = other.to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

fn place_pos(spans: &Spans, place: &Place) -> Pos {
    let fallback = Pos { line: 1, column: 1 };
    match place {
        Place::Field(name) => spans.fields.get(*name).copied().unwrap_or(fallback),
        Place::Lever { key } => spans
            .levers
            .get(key)
            .or_else(|| spans.fields.get("levers"))
            .copied()
            .unwrap_or(fallback),
        Place::LeverYear { key, year } => spans
            .years
            .get(&(key.clone(), *year))
            .or_else(|| spans.levers.get(key))
            .copied()
            .unwrap_or(fallback),
        Place::Pooling { list, index } => spans
            .pooling
            .get(&((*list).to_owned(), *index))
            .or_else(|| spans.fields.get("pooling"))
            .copied()
            .unwrap_or(fallback),
    }
}

fn positioned(file: &str, spans: &Spans, issues: Vec<Issue>) -> Vec<Diagnostic> {
    issues
        .into_iter()
        .map(|i| at(file, place_pos(spans, &i.place), i.severity, i.message))
        .collect()
}

/// The first position at or after `pos` that is not white space (ron reports some errors at
/// the space before the token at fault).
fn skip_space(source: &str, pos: Pos) -> Pos {
    let mut p = pos;
    for line in source.lines().skip(pos.line.saturating_sub(1)) {
        let start = if p.line == pos.line {
            pos.column.saturating_sub(1)
        } else {
            0
        };
        if let Some(offset) = line.chars().skip(start).position(|c| !c.is_whitespace()) {
            return Pos {
                line: p.line,
                column: start + offset + 1,
            };
        }
        p.line += 1;
    }
    pos
}

/// Whether the file ends inside the scenario at `pos`: a bracket opened before it is never
/// closed, and nothing after it closes one (ron then points at the last token it read).
fn ends_at(source: &str, pos: Pos) -> bool {
    let start: usize = source
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = source
        .get(start..)
        .and_then(|r| r.lines().next())
        .unwrap_or("");
    let col: usize = line
        .chars()
        .take(pos.column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    let at = (start + col).min(source.len());
    let (before, after) = source.split_at(at);
    open_brackets(before) > 0 && !after.chars().any(|c| ")]}".contains(c))
}

/// Brackets opened and not closed in `text`, outside strings and comments.
fn open_brackets(text: &str) -> i64 {
    let (mut depth, mut in_string, mut escaped) = (0i64, false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for n in chars.by_ref() {
                    if star && n == '/' {
                        break;
                    }
                    star = n == '*';
                }
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// The character at `pos`, if the file has one there.
fn char_at(source: &str, pos: Pos) -> Option<char> {
    let line = source.lines().nth(pos.line.checked_sub(1)?)?;
    line.chars().nth(pos.column.checked_sub(1)?)
}

/// What kind of token starts at `pos` ("a string", "`abc`"), for type errors.
fn found_at(source: &str, pos: Pos) -> Option<String> {
    let line = source.lines().nth(pos.line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(pos.column.checked_sub(1)?).collect();
    let c = rest.chars().next()?;
    Some(match c {
        '"' => "a string".to_owned(),
        c if c.is_alphabetic() => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            format!("`{word}`")
        }
        _ => return None,
    })
}

/// "in \"resident.premium\", year 2026" for an error inside a lever's path.
fn lever_context(spans: &Spans, pos: Pos) -> Option<String> {
    let key_of = |p: &Pos| (p.line, p.column);
    let (key, _) = spans
        .levers
        .iter()
        .filter(|(_, p)| key_of(p) <= key_of(&pos))
        .max_by_key(|(_, p)| key_of(p))?;
    // Only when the error is inside the levers map.
    let (start, end) = spans.levers_range?;
    if key_of(&pos) < key_of(&start) || key_of(&pos) > key_of(&end) {
        return None;
    }
    let year = spans
        .years
        .iter()
        .filter(|((k, _), p)| k == key && key_of(p) <= key_of(&pos))
        .max_by_key(|(_, p)| key_of(p))
        .map(|((_, y), _)| *y);
    Some(match year {
        Some(y) => format!("in \"{}\", year {y}", clip(key)),
        None => format!("in \"{}\"", clip(key)),
    })
}

/// Parses and validates scenario text. On failure returns every error (and warning) found,
/// sorted by position; nothing of an invalid file is applied.
pub fn parse_str(source: &str, file_name: &str) -> Result<Loaded, Vec<Diagnostic>> {
    // A leading byte-order mark (Windows editors write one) is not part of the text.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let spans = spans::scan(source);
    let mut version = None;
    if let Some((pos, v)) = spans.format {
        match migrate::check_version(v) {
            Ok(v) => version = Some(v),
            Err(m) => return Err(vec![at(file_name, pos, Severity::Error, m)]),
        }
    }
    let scenario: Scenario = match ron::Options::default().from_str(source) {
        Ok(s) => s,
        Err(e) => {
            let mut pos = skip_space(
                source,
                Pos {
                    line: e.span.start.line,
                    column: e.span.start.col,
                },
            );
            let mut message = ron_message(&e.code);
            match &e.code {
                // ron reports a missing field where the struct ends; point at where it begins.
                ron::Error::MissingStructField { .. } => {
                    pos = spans.start.unwrap_or(pos);
                }
                ron::Error::ExpectedFloat | ron::Error::ExpectedInteger => {
                    if let Some(found) = found_at(source, pos) {
                        message = format!("{message}, found {found}");
                    }
                }
                // `2060.5` where a whole number belongs: ron stops at the `.`.
                ron::Error::ExpectedComma if char_at(source, pos) == Some('.') => {
                    message = "expected a whole number (a year or the format version), found a decimal point".to_owned();
                }
                _ => {}
            }
            // Nothing but blanks from here on (ron sometimes points at the last opening
            // bracket or separator instead): the file ended inside the scenario, whatever
            // token ron wanted next.
            if !matches!(e.code, ron::Error::Eof) && ends_at(source, pos) {
                message = ron_message(&ron::Error::Eof);
            }
            if let Some(context) = lever_context(&spans, pos) {
                message = format!("{context}: {message}");
            }
            return Err(vec![at(file_name, pos, Severity::Error, message)]);
        }
    };
    let version = match version {
        Some(v) => v,
        None => match migrate::check_version(i64::from(scenario.format)) {
            Ok(v) => v,
            Err(m) => {
                let pos = spans
                    .fields
                    .get("format")
                    .copied()
                    .unwrap_or(Pos { line: 1, column: 1 });
                return Err(vec![at(file_name, pos, Severity::Error, m)]);
            }
        },
    };
    let scenario = migrate::migrate(scenario, version);
    let mut diags = positioned(file_name, &spans, validate(&scenario));
    for (key, year, pos) in &spans.duplicate_years {
        diags.push(at(
            file_name,
            *pos,
            Severity::Error,
            format!("{}: year {year} is given twice; keep one value", clip(key)),
        ));
    }
    for (key, pos) in &spans.duplicate_levers {
        diags.push(at(
            file_name,
            *pos,
            Severity::Error,
            format!("lever \"{}\" is set twice; keep one entry", clip(key)),
        ));
    }
    diags.sort_by_key(|d| (d.line, d.column, d.severity));
    cap(&mut diags, file_name);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(diags);
    }
    Ok(Loaded {
        scenario,
        warnings: diags,
    })
}

/// Keeps the first [`MAX_DIAGNOSTICS`] diagnostics (errors first) and counts the rest.
fn cap(diags: &mut Vec<Diagnostic>, file_name: &str) {
    if diags.len() <= MAX_DIAGNOSTICS {
        return;
    }
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    if errors {
        diags.retain(|d| d.severity == Severity::Error);
    }
    if diags.len() <= MAX_DIAGNOSTICS {
        return;
    }
    let more = diags.len() - MAX_DIAGNOSTICS;
    diags.truncate(MAX_DIAGNOSTICS);
    let severity = if errors {
        Severity::Error
    } else {
        Severity::Warning
    };
    diags.push(Diagnostic {
        severity,
        omitted: more,
        ..Diagnostic::file_error(
            file_name,
            format!(
                "… and {more} more {}{}",
                severity.id(),
                if more == 1 { "" } else { "s" }
            ),
        )
    });
}

/// Line and column (1-based, in characters) of byte `offset` of `valid` UTF-8 text.
fn pos_of(valid: &str, offset: usize) -> Pos {
    let before = &valid[..offset.min(valid.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos { line, column }
}

/// Why bytes are not UTF-8 text, positioned at the first bad byte.
fn not_utf8(bytes: &[u8], e: &std::str::Utf8Error, file: &str) -> Diagnostic {
    let offset = e.valid_up_to();
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 4
            && bytes.iter().take(200).filter(|b| **b == 0).count() * 3 >= bytes.len().min(200));
    let message = if utf16 {
        format!("the file is UTF-16 text, not UTF-8 (byte {offset}); save it as UTF-8")
    } else {
        format!(
            "the file is not UTF-8 text: invalid byte 0x{:02X} at byte {offset}; save it as UTF-8",
            bytes.get(offset).copied().unwrap_or(0)
        )
    };
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let pos = pos_of(valid, offset);
    at(file, pos, Severity::Error, message)
}

/// Reads and parses a scenario file. A file that cannot be read is one error naming it; so is
/// anything but a regular file (a FIFO would block, `/dev/zero` never ends) and a file over
/// [`MAX_FILE_BYTES`].
pub fn load(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    use std::io::Read as _;
    let name = path.display().to_string();
    let fail = |m: String| vec![Diagnostic::file_error(&name, m)];
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a scenario file".into()));
    }
    if !meta.is_file() {
        return Err(fail(
            "is not a regular file (a pipe or a device); give a scenario file".into(),
        ));
    }
    let too_big = |size: u64| {
        fail(format!(
            "the file is {size} bytes; a scenario file is at most {MAX_FILE_BYTES} bytes (1 MB)"
        ))
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let source = match std::str::from_utf8(&bytes) {
        Ok(s) => s,
        Err(e) => return Err(vec![not_utf8(&bytes, &e, &name)]),
    };
    parse_str(source, &name)
}
