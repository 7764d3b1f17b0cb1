//! Autosave of the working scenario, so that a crash loses at most a few seconds of work, and
//! the offer to recover it on the next start. A clean exit removes the autosave.

use super::files::write_atomic;
use crate::model::Scenario;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// File name of the autosave in the app's data directory.
pub const FILE_NAME: &str = "autosave.ron";

/// What the autosave file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Autosave {
    /// The file the working scenario came from, if any.
    pub source: Option<PathBuf>,
    /// When it was written, seconds since 1970 (UTC).
    pub saved_at_unix_secs: u64,
    /// The working scenario.
    pub scenario: Scenario,
}

impl Autosave {
    /// `YYYY-MM-DD HH:MM UTC` of the save time.
    pub fn saved_at_text(&self) -> String {
        let secs = self.saved_at_unix_secs;
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        let (y, m, d) = civil_from_days(days);
        let minutes = (secs % 86_400) / 60;
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
            minutes / 60,
            minutes % 60
        )
    }
}

/// Writes and reads the autosave in one directory.
#[derive(Debug)]
pub struct Autosaver {
    dir: PathBuf,
    /// What was written last, to skip identical writes.
    last: Option<(Option<PathBuf>, Scenario)>,
}

impl Autosaver {
    /// An autosaver writing into `dir` (created on the first write).
    pub fn new(dir: PathBuf) -> Self {
        Autosaver { dir, last: None }
    }

    /// The app's data directory (`~/.local/share/yibao` on Linux), if there is a home.
    pub fn default_dir() -> Option<PathBuf> {
        eframe::storage_dir("yibao")
    }

    /// The autosave file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Writes the working scenario atomically unless it is what was written last.
    pub fn write(&mut self, source: Option<&Path>, scenario: &Scenario) -> std::io::Result<()> {
        let key = (source.map(Path::to_path_buf), scenario.clone());
        if self.last.as_ref() == Some(&key) {
            return Ok(());
        }
        let saved_at_unix_secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let autosave = Autosave {
            source: key.0.clone(),
            saved_at_unix_secs,
            scenario: key.1.clone(),
        };
        let text = ron::ser::to_string_pretty(&autosave, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        std::fs::create_dir_all(&self.dir)?;
        write_atomic(&self.path(), text.as_bytes())?;
        self.last = Some(key);
        Ok(())
    }

    /// The autosave left by an earlier run, if any (an unreadable one counts as none).
    pub fn read(&self) -> Option<Autosave> {
        let text = std::fs::read_to_string(self.path()).ok()?;
        ron::from_str(&text).ok()
    }

    /// Removes the autosave (clean exit, or the user discarded it).
    pub fn remove(&mut self) -> std::io::Result<()> {
        self.last = None;
        match std::fs::remove_file(self.path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_147), (2025, 2, 28));
    }
}
