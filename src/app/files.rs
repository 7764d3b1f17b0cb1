//! Scenario files for the app: open, validate, save (atomically). Plain-path functions only;
//! the native dialogs live in `file_dialog.rs`.
//!
//! Interim adapter: the `yibao::scenario` module (parse with positions, validate, write) is
//! being written on another branch. Until it lands these functions parse with `ron` directly and
//! check lever ids and ranges themselves; they keep its names (`parse_str`, `load`,
//! `to_ron_string`, `save`) so that switching over touches only this file.

use crate::model::Scenario;
use crate::model::levers::{Lever, similar_ids};
use crate::model::scenario::{FORMAT_VERSION, split_lever_key};
use std::io::Write as _;
use std::path::Path;

/// The province codes a lever key may name after `@` (INTERFACES.md).
const PROVINCE_CODES: [&str; 31] = [
    "BJ", "TJ", "HE", "SX", "NM", "LN", "JL", "HL", "SH", "JS", "ZJ", "AH", "FJ", "JX", "SD", "HA",
    "HB", "HN", "GD", "GX", "HI", "CQ", "SC", "GZ", "YN", "XZ", "SN", "GS", "QH", "NX", "XJ",
];

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
    /// One line per problem, sorted by position.
    pub messages: Vec<String>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.messages.join("\n"))
    }
}

/// Parses and validates a scenario; `file_name` only labels the messages. Nothing is returned
/// unless the whole file is valid.
pub fn parse_str(source: &str, file_name: &str) -> Result<Loaded, LoadError> {
    let scenario: Scenario = ron::from_str(source).map_err(|e| LoadError {
        messages: vec![format!(
            "{file_name}:{}:{}: error: {}",
            e.span.start.line, e.span.start.col, e.code
        )],
    })?;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let at = |needle: &str| position(source, needle);
    if scenario.format > FORMAT_VERSION {
        let (l, c) = at("format");
        errors.push(format!(
            "{file_name}:{l}:{c}: error: format {} is newer than this build reads ({FORMAT_VERSION}); update Yibao",
            scenario.format
        ));
    }
    for (key, path) in &scenario.levers {
        let (l, c) = at(&format!("\"{key}\""));
        let (id, code) = split_lever_key(key);
        let Some(def) = Lever::from_id(id).map(Lever::def) else {
            let close = similar_ids(id);
            let hint = if close.is_empty() {
                "see `yibao levers` for the catalogue".to_owned()
            } else {
                format!("did you mean {}?", close.join(", "))
            };
            errors.push(format!(
                "{file_name}:{l}:{c}: error: unknown lever `{id}`; {hint}"
            ));
            continue;
        };
        if let Some(code) = code {
            if !PROVINCE_CODES.contains(&code) {
                errors.push(format!(
                    "{file_name}:{l}:{c}: error: `{code}` in `{key}` is not a province code (BJ, TJ, … XJ)"
                ));
            } else if !def.per_province {
                errors.push(format!(
                    "{file_name}:{l}:{c}: error: lever `{id}` applies nationally only; remove `@{code}`"
                ));
            }
        }
        if matches!(path, crate::model::Path::Indexed(_)) && def.index.is_none() {
            errors.push(format!(
                "{file_name}:{l}:{c}: error: lever `{id}` has no index to grow with; use Steps or Linear"
            ));
        }
        if path.keys().is_empty() {
            errors.push(format!("{file_name}:{l}:{c}: error: `{key}` has no years"));
        }
        for (year, value) in path.keys() {
            let (lo, hi) = def.hard;
            if !value.is_finite() || *value < lo || *value > hi {
                errors.push(format!(
                    "{file_name}:{l}:{c}: error: `{key}` in {year} is {value}, outside its valid range {lo}–{hi}"
                ));
            } else if *value < def.soft.0 || *value > def.soft.1 {
                warnings.push(format!(
                    "{file_name}:{l}:{c}: warning: `{key}` in {year} is {value}, outside the usual range {}–{}",
                    def.soft.0, def.soft.1
                ));
            }
        }
    }
    if scenario.horizon <= 2022 || scenario.horizon > crate::model::scenario::MAX_HORIZON {
        let (l, c) = at("horizon");
        errors.push(format!(
            "{file_name}:{l}:{c}: error: horizon {} must be after 2022 and at most {}",
            scenario.horizon,
            crate::model::scenario::MAX_HORIZON
        ));
    }
    if errors.is_empty() {
        Ok(Loaded { scenario, warnings })
    } else {
        Err(LoadError { messages: errors })
    }
}

/// Line and column (1-based) of the first occurrence of `needle`, or of the file start.
fn position(source: &str, needle: &str) -> (usize, usize) {
    let Some(offset) = source.find(needle) else {
        return (1, 1);
    };
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let source = std::fs::read_to_string(path).map_err(|e| LoadError {
        messages: vec![format!(
            "error: cannot read the file: {e}: {}",
            path.display()
        )],
    })?;
    parse_str(&source, &path.display().to_string())
}

/// The scenario in the file format, keys in a stable order.
pub fn to_ron_string(scenario: &Scenario) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ");
    match ron::ser::to_string_pretty(scenario, config) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Serializing plain data to a string cannot fail; keep the file readable if it does.
        Err(e) => format!("// could not write the scenario: {e}\n"),
    }
}

/// Writes the scenario to `path` atomically (a temporary file beside it, then a rename).
pub fn save(path: &Path, scenario: &Scenario) -> std::io::Result<()> {
    write_atomic(path, to_ron_string(scenario).as_bytes())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// that a crash never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "scenario".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // Best effort: the temporary file is useless once the write failed.
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
            crate::model::Path::Indexed([(2026, 500.0)].into()),
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
            err.messages[0].starts_with("bad.ron:5:9: error: unknown lever `resident.premum`"),
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
