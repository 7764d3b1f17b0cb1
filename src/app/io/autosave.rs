//! Autosave of what is on screen, so that a crash loses at most a few seconds of work, and the
//! offer to recover it on the next start.
//!
//! Every running instance writes its own file, `autosave-ID.ron`, and holds an exclusive lock on
//! `autosave-ID.lock` for as long as it runs (the system releases the lock when the process
//! dies, however it dies). An autosave whose lock can be taken is an orphan of an instance that
//! did not close cleanly; the next instance offers every orphan and holds their locks while it
//! does, so two instances never offer the same one. An orphan is removed only when the user
//! recovers or discards it; one that cannot be read is kept and reported. The instance's own
//! file exists only while the work on screen differs from its file (saving removes it), and a
//! clean exit removes it with its lock.

use crate::app::io::files::write_atomic;
use crate::model::Scenario;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// File name of the single autosave of earlier versions, offered like an orphan.
pub const LEGACY_FILE_NAME: &str = "autosave.ron";

/// Prefix of the per-instance autosave and lock files.
const PREFIX: &str = "autosave-";

/// What an autosave file holds.
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
    /// `YYYY-MM-DD HH:MM ZONE` of the save time in the system's time zone.
    pub fn saved_at_text(&self) -> String {
        local_time_text(self.saved_at_unix_secs, &jiff::tz::TimeZone::system())
    }
}

/// `YYYY-MM-DD HH:MM ZONE` of a Unix time in a time zone (`UTC` when out of range).
pub fn local_time_text(unix_secs: u64, tz: &jiff::tz::TimeZone) -> String {
    let ts = i64::try_from(unix_secs)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// An autosave left by an instance that did not close cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct Orphan {
    /// Its file.
    pub path: PathBuf,
    /// Its content, or why it cannot be read (the file is then kept as it is).
    pub content: Result<Autosave, String>,
}

/// Writes this instance's autosave and finds those of others.
#[derive(Debug)]
pub struct Autosaver {
    dir: PathBuf,
    id: String,
    /// This instance's lock, held while it runs (`None` when the lock could not be taken:
    /// autosave still works, another instance could only mistake it for an orphan).
    lock: Option<File>,
    /// Locks of the orphans being offered.
    held: Vec<(PathBuf, File)>,
    /// What was written last, to skip identical writes; `None` when no file is on disk.
    last: Option<(Option<PathBuf>, Scenario)>,
    /// Seconds of quiet after a change before it is written.
    pub delay_secs: f64,
}

/// The lock file beside an autosave file.
fn lock_path(autosave: &Path) -> PathBuf {
    autosave.with_extension("lock")
}

impl Autosaver {
    /// An autosaver for this instance writing into `dir` (created here), with a unique id.
    pub fn new(dir: PathBuf) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let id = format!("{}-{nanos:x}", std::process::id());
        let mut saver = Autosaver {
            dir,
            id,
            lock: None,
            held: Vec::new(),
            last: None,
            delay_secs: 2.0,
        };
        if std::fs::create_dir_all(&saver.dir).is_ok()
            && let Ok(f) = File::create(lock_path(&saver.path()))
            && f.try_lock().is_ok()
        {
            saver.lock = Some(f);
        }
        saver
    }

    /// The app's data directory (`~/.local/share/yibao` on Linux), if there is a home.
    pub fn default_dir() -> Option<PathBuf> {
        eframe::storage_dir("yibao")
    }

    /// This instance's autosave file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{PREFIX}{}.ron", self.id))
    }

    /// Whether `scenario` from `source` is what the autosave file holds now.
    pub fn is_current(&self, source: Option<&Path>, scenario: &Scenario) -> bool {
        self.last
            .as_ref()
            .is_some_and(|(s, sc)| s.as_deref() == source && sc == scenario)
    }

    /// Whether this instance's autosave file exists (as far as this instance wrote it).
    pub fn has_file(&self) -> bool {
        self.last.is_some()
    }

    /// Writes the work on screen atomically unless it is what was written last.
    pub fn write(&mut self, source: Option<&Path>, scenario: &Scenario) -> std::io::Result<()> {
        if self.is_current(source, scenario) {
            return Ok(());
        }
        let saved_at_unix_secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let autosave = Autosave {
            source: source.map(Path::to_path_buf),
            saved_at_unix_secs,
            scenario: scenario.clone(),
        };
        let text = ron::ser::to_string_pretty(&autosave, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        std::fs::create_dir_all(&self.dir)?;
        write_atomic(&self.path(), text.as_bytes())?;
        self.last = Some((autosave.source, autosave.scenario));
        Ok(())
    }

    /// Removes this instance's autosave (nothing unsaved any more).
    pub fn remove(&mut self) -> std::io::Result<()> {
        self.last = None;
        remove_if_there(&self.path())
    }

    /// Removes this instance's autosave and lock: a clean exit. Orphans being offered stay.
    pub fn close(&mut self) -> std::io::Result<()> {
        self.remove()?;
        self.held.clear();
        if self.lock.take().is_some() {
            remove_if_there(&lock_path(&self.path()))?;
        }
        Ok(())
    }

    /// Every autosave left by an instance that no longer runs, oldest first, with its lock
    /// held until it is recovered, discarded or released.
    pub fn orphans(&mut self) -> Vec<Orphan> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let own = self.path();
        let mut found: Vec<(u64, Orphan)> = Vec::new();
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let ours = name.starts_with(PREFIX) && name.ends_with(".ron");
            if !(ours || name == LEGACY_FILE_NAME) || path == own {
                continue;
            }
            if self.held.iter().any(|(p, _)| *p == path) {
                continue;
            }
            if ours {
                // Taken lock = dead owner. A lock file that cannot be opened: leave it alone.
                let Ok(lock) = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(lock_path(&path))
                else {
                    continue;
                };
                if lock.try_lock().is_err() {
                    continue;
                }
                self.held.push((path.clone(), lock));
            }
            let content = read(&path);
            let when = content.as_ref().map_or(0, |a| a.saved_at_unix_secs);
            found.push((when, Orphan { path, content }));
        }
        found.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
        found.into_iter().map(|(_, o)| o).collect()
    }

    /// Deletes an orphan (recovered into this instance, or discarded by the user).
    pub fn discard(&mut self, orphan: &Path) -> std::io::Result<()> {
        remove_if_there(orphan)?;
        if let Some(i) = self.held.iter().position(|(p, _)| p == orphan) {
            self.held.remove(i);
            remove_if_there(&lock_path(orphan))?;
        }
        Ok(())
    }

    /// Stops holding the orphans' locks: they are offered again on the next start.
    pub fn release_orphans(&mut self) {
        self.held.clear();
    }
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Reads an autosave file; an error says why (and the file is kept).
pub fn read(path: &Path) -> Result<Autosave, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    ron::from_str(&text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_follows_the_time_zone() {
        let shanghai = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        assert_eq!(
            local_time_text(1_700_000_000, &shanghai),
            "2023-11-15 06:13 +08"
        );
        assert_eq!(
            local_time_text(1_700_000_000, &jiff::tz::TimeZone::UTC),
            "2023-11-14 22:13 UTC"
        );
    }
}
