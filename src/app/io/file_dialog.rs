//! Native file dialogs (rfd, through the XDG portal on Linux): the only place they open; the
//! probe that tells whether they can; and the state of the built-in path dialog used when they
//! cannot. Everything goes through the same plain-path commands tests use.

use crate::app::i18n::{Lang, T};
use crate::app::plots::export_chart::ChartFormat;
use std::path::{Path, PathBuf};

fn dialog(lang: Lang) -> rfd::FileDialog {
    let name = match lang {
        Lang::Zh => "医保方案 (RON)",
        Lang::En => "Yibao scenario (RON)",
    };
    rfd::FileDialog::new()
        .add_filter(name, &["ron"])
        .set_title(T::AppName.get(lang))
}

/// Asks for a scenario file to open.
fn pick_open(lang: Lang) -> Option<PathBuf> {
    dialog(lang).set_title(T::Open.get(lang)).pick_file()
}

/// Asks for a prefecture (sub-unit) accounts file (CSV).
fn pick_subunits(lang: Lang) -> Option<PathBuf> {
    let name = match lang {
        Lang::Zh => "地市账户 (CSV)",
        Lang::En => "Prefecture accounts (CSV)",
    };
    rfd::FileDialog::new()
        .add_filter(name, &["csv"])
        .set_title(T::LoadSubunits.get(lang))
        .pick_file()
}

/// Asks for a provincial accounts file (CSV).
fn pick_accounts(lang: Lang) -> Option<PathBuf> {
    let name = match lang {
        Lang::Zh => "省级账户 (CSV)",
        Lang::En => "Provincial accounts (CSV)",
    };
    rfd::FileDialog::new()
        .add_filter(name, &["csv"])
        .set_title(T::LoadAccounts.get(lang))
        .pick_file()
}

/// Asks for scenario files to compare.
fn pick_many(lang: Lang) -> Vec<PathBuf> {
    dialog(lang)
        .set_title(T::AddFiles.get(lang))
        .pick_files()
        .unwrap_or_default()
}

/// Asks where to save, suggesting the current file or a name from the title.
fn pick_save(lang: Lang, current: Option<&Path>, title: &str) -> Option<PathBuf> {
    let mut d = dialog(lang).set_title(T::SaveAs.get(lang));
    match current {
        Some(path) => {
            if let Some(dir) = path.parent() {
                d = d.set_directory(dir);
            }
            if let Some(name) = path.file_name() {
                d = d.set_file_name(name.to_string_lossy());
            }
        }
        None => {
            d = d.set_file_name(file_name_for(title));
        }
    }
    d.save_file().map(|p| {
        if p.extension().is_none() {
            p.with_extension("ron")
        } else {
            p
        }
    })
}

/// What a native dialog suggests: the current file and the scenario's title (scenario files,
/// the briefing), the chart's title (a chart file) and the folder of the last export.
#[derive(Clone, Copy, Debug)]
pub struct Suggestion<'a> {
    /// The UI's language.
    pub lang: Lang,
    /// The scenario's file, if it has one.
    pub file: Option<&'a Path>,
    /// The scenario's title.
    pub title: &'a str,
    /// The title of the chart to export ([`PathPurpose::ExportChart`]).
    pub chart_title: Option<&'a str>,
    /// The folder of the last export.
    pub export_dir: Option<&'a Path>,
}

/// Asks for the path(s) of `purpose` with the native dialog: one path, several to compare,
/// none when cancelled.
pub fn pick_native(purpose: PathPurpose, s: &Suggestion<'_>) -> Vec<PathBuf> {
    let lang = s.lang;
    let one = match purpose {
        PathPurpose::Open => pick_open(lang),
        PathPurpose::SaveAs | PathPurpose::PromptSave => pick_save(lang, s.file, s.title),
        PathPurpose::Compare => return pick_many(lang),
        PathPurpose::Accounts => pick_accounts(lang),
        PathPurpose::Subunits => pick_subunits(lang),
        PathPurpose::ExportChart(_, format) => pick_export(
            lang,
            s.chart_title.unwrap_or(""),
            format.ext(),
            s.export_dir,
        ),
        PathPurpose::ExportReport => pick_folder(lang, s.export_dir),
        PathPurpose::ExportBriefing => pick_briefing(lang, s.title),
    };
    one.into_iter().collect()
}

/// Whether native file dialogs can work here, decided before opening one: rfd answers `None`
/// both for "cancelled" and for "no portal", so a missing portal would look like nothing
/// happened.
///
/// The rule (Linux): the D-Bus session bus must be reachable, the name
/// `org.freedesktop.portal.Desktop` must be owned or activatable, and the portal object must
/// answer for the `org.freedesktop.portal.FileChooser` interface (its `version` property) within
/// [`PROBE_TIMEOUT`]. `YIBAO_FILE_DIALOG=builtin` forces the built-in dialog, `native` skips the
/// probe. On other systems rfd uses the system's own dialogs, which need no probe.
pub fn probe_portal() -> Result<(), String> {
    match std::env::var("YIBAO_FILE_DIALOG").as_deref() {
        Ok("builtin") => return Err("YIBAO_FILE_DIALOG=builtin".to_owned()),
        Ok("native") => return Ok(()),
        _ => {}
    }
    probe_platform()
}

/// How long a click waits for a probe still running.
pub const PROBE_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// How long the portal may take to answer (it may be started on demand).
pub const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

#[cfg(target_os = "linux")]
fn probe_platform() -> Result<(), String> {
    use zbus::blocking::{connection, fdo};
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let conn = connection::Builder::session()
        .and_then(|b| b.method_timeout(PROBE_TIMEOUT).build())
        .map_err(|e| format!("D-Bus session bus: {e}"))?;
    let bus = fdo::DBusProxy::new(&conn).map_err(|e| format!("D-Bus: {e}"))?;
    let name = zbus::names::BusName::try_from(PORTAL).map_err(|e| e.to_string())?;
    let owned = bus
        .name_has_owner(name)
        .map_err(|e| format!("D-Bus: {e}"))?;
    if !owned {
        let activatable = bus
            .list_activatable_names()
            .map_err(|e| format!("D-Bus: {e}"))?
            .iter()
            .any(|n| n.as_str() == PORTAL);
        if !activatable {
            return Err(format!("{PORTAL} is not on the session bus"));
        }
    }
    let props = fdo::PropertiesProxy::builder(&conn)
        .destination(PORTAL)
        .and_then(|b| b.path("/org/freedesktop/portal/desktop"))
        .and_then(|b| b.build())
        .map_err(|e| format!("{PORTAL}: {e}"))?;
    let iface = zbus::names::InterfaceName::try_from("org.freedesktop.portal.FileChooser")
        .map_err(|e| e.to_string())?;
    props
        .get(iface, "version")
        .map(|_| ())
        .map_err(|e| format!("{PORTAL} has no file chooser: {e}"))
}

#[cfg(not(target_os = "linux"))]
fn probe_platform() -> Result<(), String> {
    Ok(())
}

/// The portal probe, run once on a worker thread when the window opens.
#[derive(Debug)]
pub struct PortalProbe {
    receiver: std::sync::mpsc::Receiver<Result<(), String>>,
    result: Option<Result<(), String>>,
}

impl PortalProbe {
    /// Starts the probe.
    pub fn start() -> Self {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // The window may be gone by the time the probe answers.
            let _ = sender.send(probe_portal());
        });
        PortalProbe {
            receiver,
            result: None,
        }
    }

    /// A probe that already knows (tests).
    pub fn known(result: Result<(), String>) -> Self {
        let (_, receiver) = std::sync::mpsc::channel();
        PortalProbe {
            receiver,
            result: Some(result),
        }
    }

    /// The probe's answer. It normally came long before the first click; if not, the click
    /// waits at most [`PROBE_WAIT`] (the UI thread must not hang on D-Bus) and then uses the
    /// built-in dialog this time, asking again at the next click.
    pub fn result(&mut self) -> Result<(), String> {
        if self.result.is_none() {
            match self.receiver.recv_timeout(PROBE_WAIT) {
                Ok(answer) => self.result = Some(answer),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    return Err("the desktop portal has not answered yet".to_owned());
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    self.result = Some(Err("the desktop portal probe failed".to_owned()));
                }
            }
        }
        self.result.clone().unwrap_or(Ok(()))
    }
}

/// What the built-in file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a scenario.
    Open,
    /// Save the scenario to a new file.
    SaveAs,
    /// Save, then go on with what the unsaved-changes prompt was asked for.
    PromptSave,
    /// Add a scenario file to the comparison.
    Compare,
    /// Load a provincial accounts file (CSV).
    Accounts,
    /// Load a prefecture accounts file (CSV).
    Subunits,
    /// Export panel `n` of the current tab as a chart file.
    ExportChart(usize, ChartFormat),
    /// Export the report pack into a folder.
    ExportReport,
    /// Export the briefing (.docx).
    ExportBriefing,
}

impl PathPurpose {
    /// Whether the dialog picks a file to write.
    pub fn saves(self) -> bool {
        matches!(
            self,
            PathPurpose::SaveAs
                | PathPurpose::PromptSave
                | PathPurpose::ExportChart(..)
                | PathPurpose::ExportBriefing
        )
    }

    /// Whether the dialog picks a folder (which need not exist yet).
    pub fn picks_folder(self) -> bool {
        self == PathPurpose::ExportReport
    }

    /// The extension of the files the dialog lists.
    pub fn extension(self) -> &'static str {
        match self {
            PathPurpose::Accounts | PathPurpose::Subunits => "csv",
            PathPurpose::ExportChart(_, format) => format.ext(),
            PathPurpose::ExportReport => "",
            PathPurpose::ExportBriefing => "docx",
            _ => "ron",
        }
    }
}

/// What a folder listing found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListingState {
    /// The typed path is in no existing folder.
    NoFolder,
    /// The folder is empty.
    Empty,
    /// The folder holds subfolders or other files, none of the kind listed.
    NoMatching,
    /// Files are listed.
    Files,
}

/// The built-in file dialog used when native dialogs cannot open: a path field, shortcut
/// folders (the scenarios folder and the folders of recent files) and the `.ron` files of the
/// folder the path is in.
#[derive(Clone, Debug, PartialEq)]
pub struct PathPrompt {
    /// What it is for.
    pub purpose: PathPurpose,
    /// The path typed or picked.
    pub text: String,
    /// Why the native dialog was not used (shown as an error), if it was expected to work.
    pub reason: Option<String>,
    /// Shortcut folders.
    pub shortcuts: Vec<PathBuf>,
    /// The folder listed and its `.ron` files (read when the folder changes).
    pub listing: Option<(PathBuf, Vec<PathBuf>)>,
    /// The subfolders of the listed folder (read with [`Self::listing`]).
    pub subfolders: Vec<PathBuf>,
}

impl PathPrompt {
    /// A prompt starting at `start` (a file or a folder).
    pub fn new(
        purpose: PathPurpose,
        start: PathBuf,
        reason: Option<String>,
        shortcuts: Vec<PathBuf>,
    ) -> Self {
        PathPrompt {
            purpose,
            text: start.display().to_string(),
            reason,
            shortcuts,
            listing: None,
            subfolders: Vec::new(),
        }
    }

    /// The folder the typed path points into: itself when it is a folder, else its parent.
    pub fn folder(&self) -> Option<PathBuf> {
        let path = PathBuf::from(self.text.trim());
        if path.is_dir() {
            Some(path)
        } else {
            path.parent().filter(|p| p.is_dir()).map(Path::to_path_buf)
        }
    }

    /// The `.ron` files of the folder, read again only when the folder changed.
    pub fn files(&mut self) -> &[PathBuf] {
        let folder = self.folder();
        let stale = match (&self.listing, &folder) {
            (Some((listed, _)), Some(f)) => listed != f,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let ext = self.purpose.extension();
        // A folder being picked (the report pack's) shows every file it holds.
        let any = self.purpose.picks_folder();
        if stale && let Some(folder) = folder.clone() {
            let entries: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            let mut files: Vec<PathBuf> = entries
                .iter()
                .filter(|p| p.is_file() && (any || p.extension().is_some_and(|x| x == ext)))
                .cloned()
                .collect();
            files.sort();
            let mut dirs: Vec<PathBuf> = entries.into_iter().filter(|p| p.is_dir()).collect();
            dirs.sort();
            self.subfolders = dirs;
            self.listing = Some((folder, files));
        }
        match (&self.listing, folder) {
            (Some((_, files)), Some(_)) => files,
            _ => &[],
        }
    }

    /// What the listing says when it shows no file: the folder does not exist, is empty, or
    /// holds no file of the kind asked for.
    pub fn listing_state(&mut self) -> ListingState {
        if self.folder().is_none() {
            return ListingState::NoFolder;
        }
        let files = !self.files().is_empty();
        if files {
            ListingState::Files
        } else if self.subfolders.is_empty() {
            ListingState::Empty
        } else {
            ListingState::NoMatching
        }
    }

    /// The path the dialog would use: the typed text, with `.ron` added to a saved file
    /// without an extension. `None` while the text is empty or names a folder.
    pub fn chosen(&self) -> Option<PathBuf> {
        let text = self.text.trim();
        if text.is_empty() {
            return None;
        }
        let path = PathBuf::from(text);
        if self.purpose.picks_folder() {
            return Some(path);
        }
        if path.is_dir() {
            return None;
        }
        Some(if self.purpose.saves() && path.extension().is_none() {
            path.with_extension(self.purpose.extension())
        } else {
            path
        })
    }

    /// Points the prompt at folder `dir` (a shortcut or a subfolder was clicked), keeping the
    /// file name typed so far when the prompt saves.
    pub fn go_to(&mut self, dir: &Path) {
        let keep_name = self
            .purpose
            .saves()
            .then(|| PathBuf::from(self.text.trim()))
            .filter(|p| !p.is_dir())
            .and_then(|p| p.file_name().map(|n| n.to_os_string()));
        let target = keep_name.map_or_else(|| dir.to_path_buf(), |n| dir.join(n));
        self.text = target.display().to_string();
    }
}

/// The scenarios folder offered as a shortcut: `./scenarios` when the app runs from the source
/// tree, else a `scenarios` folder beside the program (Windows, macOS), else the examples
/// installed with it (`../share/yibao/scenarios`, `/usr/share/yibao/scenarios` for the Debian
/// package).
pub fn scenarios_folder() -> Option<PathBuf> {
    let from_cwd = std::env::current_dir().ok().map(|d| d.join("scenarios"));
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    let beside_exe = exe_dir.as_ref().map(|d| d.join("scenarios"));
    let installed = exe_dir
        .as_deref()
        .and_then(Path::parent)
        .map(|prefix| prefix.join("share/yibao/scenarios"));
    [from_cwd, beside_exe, installed]
        .into_iter()
        .flatten()
        .chain([PathBuf::from("/usr/share/yibao/scenarios")])
        .find(|d| d.is_dir())
}

/// A file name for a scenario without a file, from its title.
pub fn file_name_for(title: &str) -> String {
    let stem: String = title
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    if stem.trim().is_empty() {
        "scenario.ron".to_owned()
    } else {
        format!("{}.ron", stem.trim())
    }
}

/// Asks where to export a chart, suggesting a file name from its title.
fn pick_export(lang: Lang, title: &str, ext: &str, dir: Option<&Path>) -> Option<PathBuf> {
    let stem: String = title
        .chars()
        .map(|c| {
            if matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '｜'
            ) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut dialog = rfd::FileDialog::new();
    // The folder of the last export, while it exists.
    if let Some(d) = dir.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(d);
    }
    dialog
        .add_filter(ext.to_uppercase(), &[ext])
        .set_title(T::ExportChart.get(lang))
        .set_file_name(format!("{}.{ext}", stem.trim()))
        .save_file()
        .map(|p| {
            if p.extension().is_none() {
                p.with_extension(ext)
            } else {
                p
            }
        })
}

/// Asks where to save the briefing (.docx), suggesting a name from the scenario's title.
fn pick_briefing(lang: Lang, title: &str) -> Option<PathBuf> {
    let name = std::path::Path::new(&file_name_for(title)).with_extension("docx");
    rfd::FileDialog::new()
        .add_filter("Word/WPS (DOCX)", &["docx"])
        .set_title(T::ExportBriefing.get(lang))
        .set_file_name(name.to_string_lossy())
        .save_file()
        .map(|p| {
            if p.extension().is_none() {
                p.with_extension("docx")
            } else {
                p
            }
        })
}

/// Asks for the folder of a report pack.
fn pick_folder(lang: Lang, dir: Option<&Path>) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new();
    if let Some(d) = dir.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(d);
    }
    dialog.set_title(T::ExportReport.get(lang)).pick_folder()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shortcut or subfolder keeps the typed file name when saving, and takes the folder
    /// alone when opening.
    #[test]
    fn going_to_a_folder_keeps_the_name_only_when_saving() {
        let dir = std::env::temp_dir();
        let other = dir.join("yibao-go-to-test-folder");
        let start = other.join("方案.ron");
        let mut save = PathPrompt::new(PathPurpose::SaveAs, start.clone(), None, Vec::new());
        save.go_to(&dir);
        assert_eq!(PathBuf::from(&save.text), dir.join("方案.ron"));
        let mut open = PathPrompt::new(PathPurpose::Open, start, None, Vec::new());
        open.go_to(&dir);
        assert_eq!(PathBuf::from(&open.text), dir);
    }
}
