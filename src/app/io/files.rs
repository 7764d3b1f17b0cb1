//! Scenario files for the app: open, validate, save (atomically). Plain-path functions only;
//! the native dialogs live in `file_dialog.rs`. A thin adapter over [`crate::scenario`] that
//! turns its diagnostics into the lines the app shows.

use crate::model::Scenario;
use crate::scenario::{self, Diagnostic};
use std::path::Path;

/// A scenario that opened, with the warnings to show beside it.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Warnings (`PATH:LINE:COL: warning: MESSAGE`).
    pub warnings: Vec<String>,
}

/// Why a file opened nothing: positioned messages (`PATH:LINE:COL: error: MESSAGE`).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// One line per problem, in file order.
    pub messages: Vec<String>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.messages.join("\n"))
    }
}

fn lines(diagnostics: Vec<Diagnostic>) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

fn adapt(result: Result<scenario::Loaded, Vec<Diagnostic>>) -> Result<Loaded, LoadError> {
    match result {
        Ok(loaded) => Ok(Loaded {
            scenario: loaded.scenario,
            warnings: lines(loaded.warnings),
        }),
        Err(errors) => Err(LoadError {
            messages: lines(errors),
        }),
    }
}

/// Parses and validates a scenario; `file_name` only labels the messages. Nothing is returned
/// unless the whole file is valid.
pub fn parse_str(source: &str, file_name: &str) -> Result<Loaded, LoadError> {
    adapt(scenario::parse_str(source, file_name))
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    adapt(scenario::load(path))
}

/// The scenario in the file format, keys in a stable order.
pub fn to_ron_string(scenario: &Scenario) -> String {
    scenario::to_ron_string(scenario)
}

/// Writes the scenario to `path` atomically (a temporary file beside it, then a rename).
pub fn save(path: &Path, scenario: &Scenario) -> std::io::Result<()> {
    scenario::save(path, scenario)
}

/// Whether the file at `path` has `//` or `/* */` comments (which saving would drop). A file
/// that cannot be read has none to lose.
pub fn has_comments(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= scenario::MAX_FILE_BYTES)
        && std::fs::read_to_string(path).is_ok_and(|t| scenario::spans::has_comments(&t))
}

/// Writes `bytes` to `path` atomically (the autosave uses it too).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::files::write_atomic(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_checks_levers() {
        let mut s = Scenario {
            title: "提高个人缴费".to_owned(),
            ..Scenario::default()
        };
        s.levers.insert(
            "resident.premium".to_owned(),
            crate::model::LeverPath::Indexed([(2026, 500.0)].into()),
        );
        let text = to_ron_string(&s);
        assert!(text.starts_with("Scenario("), "{text}");
        let loaded = parse_str(&text, "a.ron").expect("valid");
        assert_eq!(loaded.scenario, s);
    }

    #[test]
    fn unknown_lever_is_a_positioned_error() {
        let src = "Scenario(\n    format: 1,\n    title: \"x\",\n    levers: {\n        \"resident.premum\": Steps({2026: 500.0}),\n    },\n)\n";
        let err = parse_str(src, "bad.ron").expect_err("unknown lever");
        assert_eq!(err.messages.len(), 1);
        assert!(
            err.messages[0].starts_with("bad.ron:5:9: error: unknown lever \"resident.premum\""),
            "{}",
            err.messages[0]
        );
        assert!(err.messages[0].contains("resident.premium"));
    }

    #[test]
    fn syntax_error_has_a_position() {
        let err = parse_str("Scenario(format: 1, title: )", "s.ron").expect_err("syntax");
        assert!(
            err.messages[0].starts_with("s.ron:1:"),
            "{}",
            err.messages[0]
        );
    }
}
