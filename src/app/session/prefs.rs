//! Preferences persisted in eframe storage. The scenario file stays the source of truth: nothing
//! here changes a projection.

use crate::app::i18n::Lang;
use crate::model::{Fund, Unit};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many recent files the File menu keeps.
pub const MAX_RECENT: usize = 10;

/// The key prefs are stored under in eframe storage.
pub const STORAGE_KEY: &str = "yibao.prefs";

pub use crate::app::plots::tabs::Tab;

/// User preferences; `#[serde(default)]` so that older saved prefs keep loading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// UI language.
    pub lang: Lang,
    /// Last selected unit (stored as `CN` or a province code).
    pub unit: Unit,
    /// Last selected fund (stored as its CSV id).
    #[serde(with = "fund_id")]
    pub fund: Fund,
    /// Last chart tab.
    pub tab: Tab,
    /// Whether the lever panel is shown.
    pub show_levers: bool,
    /// Width of the lever panel, points.
    pub lever_panel_width: f32,
    /// Whether the Germany and Korea reference lines are drawn.
    pub reference_lines: bool,
    /// Dark theme.
    pub dark: bool,
    /// Recent scenario files, newest first.
    pub recent: Vec<PathBuf>,
    /// The comparison of the last session (pinned snapshots and opened files), restored at
    /// start. Unit, fund and tab above complete the workspace.
    pub compare: Vec<SavedCompare>,
    /// The user's provincial accounts file of the last session, loaded again at start.
    pub accounts: Option<PathBuf>,
    /// The user's prefecture accounts file of the last session, loaded again at start.
    pub subunits: Option<PathBuf>,
    /// The folder the last chart or report pack was exported to: the next export starts there.
    pub export_dir: Option<PathBuf>,
}

/// One compared scenario as the workspace keeps it: the scenario as it was compared (a file's
/// later edits do not change a comparison already made), and the file it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedCompare {
    /// Legend name as shown (`… #2` for a second pinned snapshot).
    #[serde(default)]
    pub name: String,
    /// The file it came from; `None` for a pinned snapshot.
    pub source: Option<PathBuf>,
    /// The scenario.
    pub scenario: crate::model::Scenario,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: Lang::Zh,
            unit: Unit::Nation,
            fund: Fund::Resident,
            tab: Tab::Reserve,
            show_levers: true,
            lever_panel_width: 400.0,
            reference_lines: false,
            dark: false,
            recent: Vec::new(),
            compare: Vec::new(),
            accounts: None,
            subunits: None,
            export_dir: None,
        }
    }
}

impl Prefs {
    /// Puts `path` first in the recent list (once), keeping at most [`MAX_RECENT`].
    pub fn add_recent(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
    }
}

/// A fund stored as its CSV id (`"resident"`), as the preferences have always stored it; an id
/// this build does not know reads as the resident fund.
mod fund_id {
    use crate::model::Fund;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(fund: &Fund, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(fund.id())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fund, D::Error> {
        let id = String::deserialize(d)?;
        Ok(Fund::from_id(&id).unwrap_or(Fund::Resident))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_is_deduplicated_and_bounded() {
        let mut prefs = Prefs::default();
        for i in 0..12 {
            prefs.add_recent(Path::new(&format!("/tmp/{i}.ron")));
        }
        prefs.add_recent(Path::new("/tmp/5.ron"));
        assert_eq!(prefs.recent.len(), MAX_RECENT);
        assert_eq!(prefs.recent[0], Path::new("/tmp/5.ron"));
        assert_eq!(
            prefs.recent.iter().filter(|p| p.ends_with("5.ron")).count(),
            1
        );
    }

    #[test]
    fn old_prefs_keep_loading() {
        let prefs: Prefs = ron::from_str("(lang: En)").expect("partial prefs load");
        assert_eq!(prefs.lang, Lang::En);
        assert_eq!(prefs.unit, Unit::Nation);
    }

    #[test]
    fn unit_and_fund_keep_their_text_form() {
        // A file written before they were typed: codes and ids as strings.
        let old = r#"(lang: Zh, unit: "GD", fund: "employee_pooled")"#;
        let prefs: Prefs = ron::from_str(old).expect("old prefs load");
        assert_eq!(prefs.unit, Unit::from_code("GD").unwrap_or_default());
        assert_eq!(prefs.unit.code(), "GD");
        assert_eq!(prefs.fund, Fund::EmployeePooled);
        let text = ron::to_string(&prefs).expect("prefs serialize");
        assert!(text.contains(r#"unit:"GD""#), "{text}");
        assert!(text.contains(r#"fund:"employee_pooled""#), "{text}");
        assert_eq!(ron::from_str::<Prefs>(&text).ok(), Some(prefs));
        // Codes and ids this build does not know fall back rather than losing the prefs.
        let odd: Prefs = ron::from_str(r#"(unit: "ZZ", fund: "nope")"#).expect("odd prefs load");
        assert_eq!((odd.unit, odd.fund), (Unit::Nation, Fund::Resident));
    }
}
