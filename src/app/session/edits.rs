//! The paths the lever row's edits write: a simple edit (slider, number field), a shift of the
//! whole path, current law plus a difference, a freeze. The values the row shows come from the
//! projection's resolved levers ([`crate::app::AppState::levers`]), not from here.

use crate::model::LeverPath;
use crate::model::levers::{LawDefault, LeverDef};

/// The path a simple edit (the slider or the number field) writes: `value` from `year` on.
///
/// A lever without a path gets a one-key path of the kind its default has when that is
/// `Indexed` (so that a new premium keeps growing with income, as the current law's does), else
/// `Steps`. A one-key path is replaced by `{year: value}` of the same kind; a path with several
/// keys (written in the path editor or a file) gets the key at `year` set.
pub fn simple_edit(
    existing: Option<&LeverPath>,
    def: &LeverDef,
    year: i32,
    value: f64,
) -> LeverPath {
    let value = shown(def, value);
    match existing {
        Some(path) if path.keys().len() > 1 => {
            let mut path = path.clone();
            path.keys_mut().insert(year, value);
            path
        }
        Some(path) => with_keys(path, [(year, value)]),
        None => {
            let indexed = matches!(def.default, LawDefault::Indexed(_)) && def.index.is_some();
            let keys = [(year, value)].into_iter().collect();
            if indexed {
                LeverPath::Indexed(keys)
            } else {
                LeverPath::Steps(keys)
            }
        }
    }
}

/// The whole path moved by `delta` (stored units): every key gets `delta` added, clamped to the
/// lever's valid range; the kind and the years stay.
pub fn shift_path(path: &LeverPath, def: &LeverDef, delta: f64) -> LeverPath {
    with_keys(
        path,
        path.keys()
            .iter()
            .map(|(y, v)| (*y, shown(def, (v + delta).clamp(def.hard.0, def.hard.1)))),
    )
}

/// "Current law + `delta` from `year`": an `Indexed` path `{year: current law in year + delta}`
/// for a lever with an index (so that the new level grows with the index as the current law's
/// does: the difference grows with it too), else a `Steps` path. `baseline` is the current-law
/// value in `year`; it is taken as shown (`636`, not `636.277…`), so that the path's value is
/// the shown current law plus the typed difference, at the precision the field shows.
pub fn delta_path(def: &LeverDef, year: i32, baseline: f64, delta: f64) -> LeverPath {
    let value = shown(
        def,
        (shown(def, baseline) + shown(def, delta)).clamp(def.hard.0, def.hard.1),
    );
    let keys = [(year, value)].into_iter().collect();
    if def.index.is_some() {
        LeverPath::Indexed(keys)
    } else {
        LeverPath::Steps(keys)
    }
}

/// "Freeze from `year`": a `Steps` path holding `level` (the lever's value in the year before,
/// the last year the current law fixes by notice when `year` is the first reform year) for ever.
pub fn freeze_path(def: &LeverDef, year: i32, level: f64) -> LeverPath {
    LeverPath::Steps([(year, shown(def, level))].into_iter().collect())
}

/// Every value an edit writes is stored at the precision its field shows (whole yuan, two
/// decimals of a percentage, whole integers): see [`crate::app::format::lever_shown`].
fn shown(def: &LeverDef, value: f64) -> f64 {
    crate::app::format::lever_shown(def, value)
}

/// A path of the same kind as `like` with the given keys.
pub fn with_keys(like: &LeverPath, keys: impl IntoIterator<Item = (i32, f64)>) -> LeverPath {
    let keys = keys.into_iter().collect();
    match like {
        LeverPath::Steps(_) => LeverPath::Steps(keys),
        LeverPath::Linear(_) => LeverPath::Linear(keys),
        LeverPath::Indexed(_) => LeverPath::Indexed(keys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::PROVINCE_CODES;
    use crate::model::{Lever, Scenario};

    /// A lever's national values over `2022..=last`, as the projection resolves them.
    fn lever_values(s: &Scenario, lever: Lever, last: i32) -> Vec<f64> {
        let (r, _) = crate::model::resolve::resolve(s, &PROVINCE_CODES, 2022, last);
        r.unit_series(lever, None).to_vec()
    }

    fn law_value(lever: Lever, year: i32) -> f64 {
        lever_values(&Scenario::default(), lever, year)[(year - 2022) as usize]
    }

    #[test]
    fn simple_edit_keeps_multi_key_paths() {
        let def = Lever::EmployeeAbolishPa.def();
        let linear = LeverPath::Linear([(2026, 0.0), (2030, 1.0)].into());
        let edited = simple_edit(Some(&linear), def, 2030, 0.8);
        assert_eq!(edited, LeverPath::Linear([(2026, 0.0), (2030, 0.8)].into()));
        let single = simple_edit(None, def, 2027, 0.5);
        assert_eq!(single, LeverPath::Steps([(2027, 0.5)].into()));
    }
    #[test]
    fn shift_moves_every_key_and_keeps_the_kind() {
        let def = Lever::ResidentPremium.def();
        let freeze = LeverPath::Indexed([(2026, 400.0), (2027, 400.0), (2028, 400.0)].into());
        let shifted = shift_path(&freeze, def, 50.0);
        assert_eq!(
            shifted,
            LeverPath::Indexed([(2026, 450.0), (2027, 450.0), (2028, 450.0)].into())
        );
        // Clamped to the valid range, key by key.
        let down = shift_path(&freeze, def, -1.0e9);
        assert!(down.keys().values().all(|v| *v == def.hard.0));
    }

    #[test]
    fn delta_is_current_law_plus_delta_growing_with_the_index() {
        let def = Lever::ResidentSubsidy.def();
        let base = law_value(Lever::ResidentSubsidy, 2026);
        let path = delta_path(def, 2026, base, 50.0);
        // Stored as shown: current law's shown (whole-yuan) value plus the difference.
        assert_eq!(
            path,
            LeverPath::Indexed([(2026, shown(def, base) + 50.0)].into())
        );
        let mut s = Scenario::default();
        s.levers.insert(def.id.to_owned(), path);
        let with = lever_values(&s, Lever::ResidentSubsidy, 2035);
        let without = lever_values(&Scenario::default(), Lever::ResidentSubsidy, 2035);
        // Unchanged before 2026, +50 in 2026, and the same growth rate after.
        assert_eq!(with[..4], without[..4]);
        assert!((with[4] - without[4] - 50.0).abs() <= 0.5);
        for i in 5..with.len() {
            let g_with = with[i] / with[i - 1];
            let g_without = without[i] / without[i - 1];
            assert!((g_with - g_without).abs() < 1e-12, "{i}");
        }
        // A lever without an index gets a step.
        let rate = Lever::ResidentIncomeRate.def();
        assert_eq!(
            delta_path(rate, 2027, 0.0, 0.01),
            LeverPath::Steps([(2027, 0.01)].into())
        );
    }

    #[test]
    fn freeze_holds_the_level_for_ever() {
        let def = Lever::ResidentPremium.def();
        let level = law_value(Lever::ResidentPremium, 2025);
        assert_eq!(level, 400.0);
        let mut s = Scenario::default();
        s.levers
            .insert(def.id.to_owned(), freeze_path(def, 2026, level));
        let v = lever_values(&s, Lever::ResidentPremium, 2040);
        assert!(v[3..].iter().all(|x| *x == 400.0), "{v:?}");
    }
}
