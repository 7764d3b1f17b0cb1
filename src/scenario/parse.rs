//! Reading scenario files: syntax and types by `ron`, then the semantic checks, every message
//! with the file, line and column of the token at fault.

use super::diagnostic::{Diagnostic, Severity};
use super::migrate;
use super::spans::{self, Pos, Spans};
use super::validate::{Issue, Place, validate};
use crate::model::levers::edit_distance;
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
    }
}

/// The closest of `options` to `found`, if reasonably close.
fn closest<'a>(found: &str, options: &[&'a str]) -> Option<&'a str> {
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
            format!("unknown field `{found}`; {hint}")
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let hint = closest(found, expected).map_or_else(
                || format!("expected one of {}", expected.join(", ")),
                |c| format!("did you mean `{c}`?"),
            );
            format!("unknown variant `{found}`; {hint}")
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
    // Only when the error is inside the levers map (before the next top-level field).
    let levers_at = spans.fields.get("levers")?;
    let next_field = spans
        .fields
        .values()
        .filter(|p| key_of(p) > key_of(levers_at))
        .map(key_of)
        .min();
    if next_field.is_some_and(|n| key_of(&pos) >= n) {
        return None;
    }
    let year = spans
        .years
        .iter()
        .filter(|((k, _), p)| k == key && key_of(p) <= key_of(&pos))
        .max_by_key(|(_, p)| key_of(p))
        .map(|((_, y), _)| *y);
    Some(match year {
        Some(y) => format!("in \"{key}\", year {y}"),
        None => format!("in \"{key}\""),
    })
}

/// Parses and validates scenario text. On failure returns every error (and warning) found,
/// sorted by position; nothing of an invalid file is applied.
pub fn parse_str(source: &str, file_name: &str) -> Result<Loaded, Vec<Diagnostic>> {
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
                _ => {}
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
    for (key, pos) in &spans.duplicate_levers {
        diags.push(at(
            file_name,
            *pos,
            Severity::Error,
            format!("lever \"{key}\" is set twice; keep one entry"),
        ));
    }
    diags.sort_by_key(|d| (d.line, d.column, d.severity));
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(diags);
    }
    Ok(Loaded {
        scenario,
        warnings: diags,
    })
}

/// Reads and parses a scenario file. A file that cannot be read is one error naming it.
pub fn load(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::file_error(
            &name,
            format!("cannot read the file: {e}"),
        )]
    })?;
    let source = String::from_utf8(bytes)
        .map_err(|_| vec![Diagnostic::file_error(&name, "the file is not UTF-8 text")])?;
    parse_str(&source, &name)
}
