//! Undo and redo of scenario edits, each entry named for the Edit menu
//! ("撤销：居民个人缴费 400→500").

use crate::app::format;
use crate::app::i18n::{Lang, T, tf};
use crate::model::LeverKey;
use crate::model::Scenario;

/// How many edits undo remembers.
const MAX_UNDO: usize = 200;

/// What an edit did, kept to name it in the current language.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A lever's value changed through the slider or the number field.
    Lever {
        /// The lever and scope (`id` or `id@CODE` in files).
        key: LeverKey,
        /// Value before, stored units (`None`: not known).
        old: Option<f64>,
        /// Value after, stored units.
        new: Option<f64>,
    },
    /// A lever's path changed in the path editor or its start year moved.
    Path {
        /// The lever and scope.
        key: LeverKey,
    },
    /// A lever was reset to the baseline.
    Reset {
        /// The lever and scope.
        key: LeverKey,
    },
    /// Every lever was reset to the baseline.
    ResetAll,
    /// The whole path moved by the slider (every key by the same amount).
    Shift {
        /// The lever and scope.
        key: LeverKey,
        /// First key's value before, stored units.
        old: f64,
        /// First key's value after, stored units.
        new: f64,
    },
    /// The lever was set to current law plus a difference.
    Delta {
        /// The lever and scope.
        key: LeverKey,
        /// The difference, stored units.
        delta: f64,
    },
    /// The lever was frozen at a level from a year on.
    Freeze {
        /// The lever and scope.
        key: LeverKey,
        /// First frozen year.
        year: i32,
    },
    /// A goal-seek answer was applied.
    Solved {
        /// The lever and scope.
        key: LeverKey,
        /// The value applied, stored units.
        value: f64,
        /// The target it meets, as written (`months>=6 until 2035`).
        target: String,
    },
    /// The title changed.
    Title,
    /// The description changed.
    Description,
    /// The references changed.
    References,
    /// The balancing rule changed.
    Balancing(crate::model::Balancing),
    /// The pooling levels or adjustment funds changed.
    Pooling,
    /// The horizon changed.
    Horizon {
        /// Before.
        old: i32,
        /// After.
        new: i32,
    },
}

impl Edit {
    /// The edit's name in the Edit menu.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Edit::Lever { key, old, new } => {
                let (label, def) = key_label(*key, lang);
                let value = |v: &Option<f64>| match v {
                    Some(v) => format::lever_value(def, *v),
                    None => T::Unset.get(lang).to_owned(),
                };
                format!("{label} {}→{}", value(old), value(new))
            }
            Edit::Path { key } => tf(lang, T::EditPathNamed, &[&key_label(*key, lang).0]),
            Edit::Reset { key } => tf(lang, T::EditReset, &[&key_label(*key, lang).0]),
            Edit::ResetAll => T::ResetAll.get(lang).to_owned(),
            Edit::Shift { key, old, new } => {
                let (label, def) = key_label(*key, lang);
                let value = |v: f64| format::lever_value(def, v);
                tf(lang, T::EditShift, &[&label, &value(*old), &value(*new)])
            }
            Edit::Delta { key, delta } => {
                let (label, def) = key_label(*key, lang);
                let value = format::signed(
                    delta * def.unit.display_scale(),
                    format::lever_decimals(def),
                );
                tf(lang, T::EditDelta, &[&label, &value])
            }
            Edit::Freeze { key, year } => tf(
                lang,
                T::EditFreeze,
                &[&key_label(*key, lang).0, &year.to_string()],
            ),
            Edit::Solved { key, value, target } => {
                let (label, def) = key_label(*key, lang);
                let value = format::lever_value(def, *value);
                tf(lang, T::EditSolved, &[&label, &value, target])
            }
            Edit::Title => T::EditTitle.get(lang).to_owned(),
            Edit::Description => T::EditDescription.get(lang).to_owned(),
            Edit::References => T::EditReferences.get(lang).to_owned(),
            Edit::Balancing(b) => tf(lang, T::EditBalancing, &[b.label(lang.is_zh())]),
            Edit::Pooling => T::EditPooling.get(lang).to_owned(),
            Edit::Horizon { old, new } => {
                tf(lang, T::EditHorizon, &[&old.to_string(), &new.to_string()])
            }
        }
    }

    /// Whether a later edit of the same kind may be folded into this one (a slider drag, typing
    /// a title).
    fn merges_with(&self, next: &Edit) -> bool {
        match (self, next) {
            (Edit::Lever { key: a, .. }, Edit::Lever { key: b, .. }) => a == b,
            (Edit::Shift { key: a, .. }, Edit::Shift { key: b, .. })
            | (Edit::Delta { key: a, .. }, Edit::Delta { key: b, .. }) => a == b,
            (Edit::Title, Edit::Title)
            | (Edit::Description, Edit::Description)
            | (Edit::References, Edit::References) => true,
            (Edit::Horizon { .. }, Edit::Horizon { .. }) => true,
            _ => false,
        }
    }

    fn merge(&mut self, next: Edit) {
        match (self, next) {
            (Edit::Lever { new, .. }, Edit::Lever { new: n, .. }) => *new = n,
            (Edit::Horizon { new, .. }, Edit::Horizon { new: n, .. }) => *new = n,
            (Edit::Shift { new, .. }, Edit::Shift { new: n, .. }) => *new = n,
            (this, next) => *this = next,
        }
    }
}

/// A lever key's label (`居民个人缴费` or `居民个人缴费@GD`) and its catalogue row.
fn key_label(key: LeverKey, lang: Lang) -> (String, &'static crate::model::LeverDef) {
    let def = key.lever.def();
    let label = def.label(lang.is_zh());
    let label = key
        .province
        .map_or_else(|| label.to_owned(), |p| format!("{label}@{p}"));
    (label, def)
}

/// One undoable step: the scenario before it, and what it did.
#[derive(Clone, Debug)]
struct Entry {
    edit: Edit,
    before: Scenario,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct UndoHistory {
    undo: Vec<Entry>,
    redo: Vec<(Edit, Scenario)>,
    /// Whether the newest entry still accepts continuations (a drag in progress).
    open: bool,
}

impl UndoHistory {
    /// Records an edit that turned `before` into the current scenario. With `continuing`, an
    /// edit of the same thing as the newest entry extends it instead of adding one.
    pub fn record(&mut self, edit: Edit, before: Scenario, continuing: bool) {
        self.redo.clear();
        if continuing
            && self.open
            && let Some(last) = self.undo.last_mut()
            && last.edit.merges_with(&edit)
        {
            last.edit.merge(edit);
            return;
        }
        self.undo.push(Entry { edit, before });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.open = true;
    }

    /// Ends the current continuation (the drag stopped, focus left the field).
    pub fn close(&mut self) {
        self.open = false;
    }

    /// Undoes the newest edit: returns the scenario to restore, given the current one.
    pub fn undo(&mut self, current: &Scenario) -> Option<Scenario> {
        let entry = self.undo.pop()?;
        self.open = false;
        self.redo.push((entry.edit, current.clone()));
        Some(entry.before)
    }

    /// Redoes the newest undone edit: returns the scenario to restore.
    pub fn redo(&mut self, current: &Scenario) -> Option<Scenario> {
        let (edit, after) = self.redo.pop()?;
        self.open = false;
        self.undo.push(Entry {
            edit,
            before: current.clone(),
        });
        Some(after)
    }

    /// The edit undo would revert.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last().map(|e| &e.edit)
    }

    /// The edit redo would apply.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last().map(|(e, _)| e)
    }

    /// Forgets everything (a new or opened scenario).
    pub fn clear(&mut self) {
        *self = UndoHistory::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LeverPath;

    fn with_premium(v: f64) -> Scenario {
        let mut s = Scenario::default();
        s.levers.insert(
            "resident.premium".to_owned(),
            LeverPath::Steps([(2026, v)].into()),
        );
        s
    }

    #[test]
    fn drag_merges_into_one_named_entry() {
        let mut h = UndoHistory::default();
        let key = LeverKey::national(crate::model::Lever::ResidentPremium);
        let mut current = Scenario::default();
        for (i, v) in [420.0, 450.0, 500.0].into_iter().enumerate() {
            let before = current.clone();
            current = with_premium(v);
            let edit = Edit::Lever {
                key,
                old: Some(400.0),
                new: Some(v),
            };
            h.record(edit, before, i > 0);
        }
        h.close();
        let name = h.next_undo().map(|e| e.describe(Lang::Zh));
        assert_eq!(name.as_deref(), Some("居民个人缴费 400→500"));
        let restored = h.undo(&current).expect("one entry");
        assert_eq!(restored, Scenario::default());
        assert!(h.next_undo().is_none());
        assert_eq!(h.redo(&restored), Some(current));
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut h = UndoHistory::default();
        h.record(Edit::Title, Scenario::default(), false);
        let _ = h.undo(&with_premium(1.0));
        assert!(h.next_redo().is_some());
        h.record(Edit::ResetAll, Scenario::default(), false);
        assert!(h.next_redo().is_none());
    }
}
