//! Upgrading scenario files written in older formats to the current one.
//!
//! Format 1 is the first; no migration exists yet. When a future format renames a lever, add a
//! row to [`RENAMED_LEVERS`]; anything larger gets a step function in [`migrate`], applied in
//! order from the file's version to [`FORMAT_VERSION`].

use crate::model::keys::split_key;
use crate::model::scenario::{FORMAT_VERSION, Scenario};

/// Oldest format this build reads.
pub const OLDEST_FORMAT: u32 = 1;

/// Lever ids renamed by a format: `(format that introduced the new id, old id, new id)`.
pub const RENAMED_LEVERS: &[(u32, &str, &str)] = &[];

/// Whether a format version can be read, with the message when not.
pub fn check_version(version: i64) -> Result<u32, String> {
    if version > i64::from(FORMAT_VERSION) {
        return Err(format!(
            "format {version} is newer than this version of Yibao supports ({FORMAT_VERSION}); update Yibao"
        ));
    }
    if version < i64::from(OLDEST_FORMAT) {
        return Err(format!(
            "format {version} is not supported (the oldest supported format is {OLDEST_FORMAT})"
        ));
    }
    Ok(version as u32)
}

/// Upgrades a scenario read as `version` to the current format.
pub fn migrate(scenario: Scenario, version: u32) -> Scenario {
    let mut s = rename_levers(scenario, version, RENAMED_LEVERS);
    s.format = FORMAT_VERSION;
    s
}

/// Applies the lever renames introduced after `version`, keeping any `@CODE` suffix.
fn rename_levers(mut s: Scenario, version: u32, table: &[(u32, &str, &str)]) -> Scenario {
    for &(introduced, old, new) in table.iter().filter(|r| r.0 > version) {
        let _ = introduced;
        let keys: Vec<String> = s.levers.keys().cloned().collect();
        for key in keys {
            // Text level: the old id names no lever of this build.
            let (id, code) = split_key(&key);
            if id == old {
                let new_key = code.map_or_else(|| new.to_owned(), |c| format!("{new}@{c}"));
                if let Some(path) = s.levers.remove(&key) {
                    s.levers.insert(new_key, path);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LeverPath;

    #[test]
    fn versions_outside_the_supported_range_are_refused_with_a_reason() {
        assert_eq!(check_version(1), Ok(1));
        assert!(check_version(2).unwrap_err().contains("newer"));
        assert!(check_version(0).unwrap_err().contains("not supported"));
    }

    #[test]
    fn renames_apply_only_to_older_files_and_keep_province_codes() {
        let mut s = Scenario::default();
        s.levers
            .insert("resident.old@GD".into(), LeverPath::constant(1.0));
        s.levers
            .insert("resident.old".into(), LeverPath::constant(2.0));
        let table = [(2, "resident.old", "resident.new")];
        let old = rename_levers(s.clone(), 1, &table);
        assert!(
            old.levers.contains_key("resident.new@GD") && old.levers.contains_key("resident.new")
        );
        let same = rename_levers(s.clone(), 2, &table);
        assert_eq!(same, s);
    }
}
