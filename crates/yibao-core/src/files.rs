//! The file layer shared by the command line and the app: atomic writes, sets of files
//! published together under a directory lock, and reading users' text files within a size
//! limit. Nothing here knows projections; the CSV formats are in [`crate::export`].

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The largest accounts file read (a province-year-item table of a few thousand rows is
/// well under 1 MB).
pub const MAX_ACCOUNTS_BYTES: u64 = 16 << 20;

/// Reads a regular UTF-8 text file of at most `limit` bytes, without a leading byte-order
/// mark (spreadsheet programs write one); UTF-16 and GBK files are named as such
/// ([`crate::model::table::decode`]).
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("is not a regular file".into());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("the file is larger than {limit} bytes"));
    }
    crate::model::table::decode(bytes)
}

/// A number unique within this process, for temporary names.
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}-{n}-{nanos:x}", std::process::id())
}

/// The file an atomic write must replace: `path` itself, or the final target of a symbolic
/// link (so that the link stays a link and its target gets the new content). A dangling link
/// resolves to where it points.
fn resolve_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(std::io::Error::other(format!(
        "too many levels of symbolic links: {}",
        path.display()
    )))
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, then renamed over the target, so that the target is never half-written.
///
/// - A symbolic link is followed: its final target is replaced, the link stays.
/// - A read-only target is refused (`PermissionDenied`, saying so) instead of being replaced.
/// - The temporary name is short (`.yibao-PID-N-T.tmp`) whatever the target's name, so long
///   names work, and unique, so concurrent writes in one process do not collide.
/// - The replaced file's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = resolve_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let old = std::fs::metadata(&target).ok();
    if let Some(meta) = &old {
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "the target is a directory",
            ));
        }
        if meta.permissions().readonly() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the file is read-only; make it writable or save under another name",
            ));
        }
    }
    let tmp = dir.join(format!(".yibao-{}.tmp", unique()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(contents)?;
        // Keep the permissions of the file being replaced.
        if let Some(meta) = &old {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        sync_dir(&dir);
    }
    result
}

/// Makes renames in `dir` durable where directories can be synced; they have happened either
/// way.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Prefix of the staging directories of [`write_file_set`].
const STAGING_PREFIX: &str = ".yibao-out-";

/// Writes a set of files that belong together (`projection.csv` and `summary.csv`) into `dir`
/// so that a reader, even after a kill at any instant, never sees new and old files mixed:
/// everything is written and synced in a staging directory inside `dir` first (any error
/// stops here, before a file is replaced); then, under the lock of `dir` ([`lock_dir`]), the
/// old files of the set are removed except the first, and the new ones are renamed in, first
/// file first. At every instant `dir` holds the complete old set, an incomplete set, or the
/// complete new set, and two writers into one `dir` publish one after the other, never mixed
/// ([`lock_dir`]).
///
/// Names may hold one folder (`charts/CN_resident_fan.svg`). Staging directories left by a
/// killed run are removed first (those of processes that no longer run, or older than an hour
/// where that cannot be told), and so are temporaries of [`write_atomic`] from such processes,
/// in `dir` and in each folder of the set.
pub fn write_file_set(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    write_file_set_owning(dir, files, &[])
}

/// Where the system cannot lock a directory itself, the lock is taken on this file inside it.
pub const LOCK_FILE: &str = ".yibao.lock";

/// How long a writer waits for another to finish publishing into the same directory.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Takes the exclusive lock of `dir` (waiting at most [`LOCK_WAIT`]), held until the returned
/// handle is dropped and released by the system when the process ends, even when killed. The
/// lock is on the directory itself (nothing is left in it); where a directory cannot be
/// opened as a file, on [`LOCK_FILE`] inside it.
pub fn lock_dir(dir: &Path) -> std::io::Result<std::fs::File> {
    let (f, shown) = match std::fs::File::open(dir) {
        Ok(f) => (f, dir.to_path_buf()),
        Err(_) => {
            let path = dir.join(LOCK_FILE);
            let f = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            (f, path)
        }
    };
    let start = std::time::Instant::now();
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!(
                        "another yibao process is writing into this directory (it holds the lock of {}) and has not finished after {} s; try again when it is done",
                        shown.display(),
                        LOCK_WAIT.as_secs()
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// [`write_file_set`], where the folders `owned` belong to the set: files in them that the new
/// set lacks (charts of units no longer asked for) are removed with the old set.
pub fn write_file_set_owning(
    dir: &Path,
    files: &[(&str, &[u8])],
    owned: &[&str],
) -> std::io::Result<()> {
    write_file_set_with(dir, files, owned, &[])
}

/// [`write_file_set_owning`], where the files named in `optional` (paths in `dir`) belong to
/// the set even when it lacks them: an old one is removed with the old set (a report pack's
/// `briefing.docx` when the new pack is written without `--docx`).
pub fn write_file_set_with(
    dir: &Path,
    files: &[(&str, &[u8])],
    owned: &[&str],
    optional: &[&str],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut folders: Vec<PathBuf> = vec![dir.to_path_buf()];
    for (name, _) in files {
        if let Some(parent) = Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            let f = dir.join(parent);
            if !folders.contains(&f) {
                folders.push(f);
            }
        }
    }
    for f in &folders {
        clean_stale(f, files.iter().map(|f| f.0));
    }
    for (name, _) in files {
        let t = dir.join(name);
        if std::fs::symlink_metadata(&t).is_ok_and(|m| m.is_dir()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!("{} is a directory", t.display()),
            ));
        }
    }
    let staging = dir.join(format!("{STAGING_PREFIX}{}.tmp", unique()));
    std::fs::create_dir(&staging)?;
    let result = (|| {
        for (name, bytes) in files {
            let path = staging.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut f = std::fs::File::create(path)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        sync_dir(&staging);
        for f in folders.iter().skip(1) {
            std::fs::create_dir_all(f)?;
        }
        let _lock = lock_dir(dir)?;
        let keep: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
        let mut old: Vec<PathBuf> = keep.iter().skip(1).cloned().collect();
        for o in owned {
            if let Ok(entries) = std::fs::read_dir(dir.join(o)) {
                old.extend(
                    entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| p.is_file() && !keep.contains(p))
                        .filter(|p| {
                            !p.file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                        }),
                );
            }
        }
        old.extend(
            optional
                .iter()
                .map(|n| dir.join(n))
                .filter(|p| !keep.contains(p)),
        );
        for path in old {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        for f in &folders {
            sync_dir(f);
        }
        let pause = publish_pause();
        for (name, _) in files {
            std::fs::rename(staging.join(name), dir.join(name))?;
            if let Some(p) = pause {
                std::thread::sleep(p);
            }
        }
        for f in &folders {
            sync_dir(f);
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// A pause after each file published, from `YIBAO_TEST_PUBLISH_PAUSE_MS`: a test hook that
/// widens the publishing step so that tests can make two writers overlap (tests/sets.rs).
fn publish_pause() -> Option<std::time::Duration> {
    let ms: u64 = std::env::var("YIBAO_TEST_PUBLISH_PAUSE_MS")
        .ok()?
        .parse()
        .ok()?;
    Some(std::time::Duration::from_millis(ms.min(10_000)))
}

/// Whether process `pid` is gone (only known where `/proc` exists).
fn process_gone(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if pid == std::process::id() {
        return Some(false);
    }
    proc.join("self")
        .exists()
        .then(|| !proc.join(pid.to_string()).exists())
}

/// Removes staging directories and temporaries left in `dir` by killed runs, including those
/// of earlier versions (`.NAME.PID.tmp` for the names of the set).
fn clean_stale<'a>(dir: &Path, names: impl Iterator<Item = &'a str>) {
    let legacy: Vec<String> = names.map(|n| format!(".{n}.")).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rest = name
            .strip_prefix(STAGING_PREFIX)
            .or_else(|| name.strip_prefix(".yibao-"))
            .or_else(|| legacy.iter().find_map(|l| name.strip_prefix(l.as_str())));
        let Some(rest) = rest.filter(|_| name.ends_with(".tmp")) else {
            continue;
        };
        let pid = rest
            .split(['-', '.'])
            .next()
            .and_then(|p| p.parse::<u32>().ok());
        let old = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        let stale = match pid.and_then(process_gone) {
            Some(gone) => gone,
            None => old,
        };
        if stale {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}
