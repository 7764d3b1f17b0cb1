//! The value a lever takes in each year, for display: the scenario's sparse paths filled over
//! the current-law defaults (`SameAs` follows the other lever; `Indexed` grows with the lever's
//! index). The projection core resolves levers on its own; this is what the lever panel shows.

use crate::model::levers::{Default, Lever, LeverDef};
use crate::model::{Path, Scenario};

/// Deepest chain of `SameAs`/index references followed (the catalogue's chains are short).
const MAX_DEPTH: usize = 8;

/// The lever's value in each year `first_year..=last_year` for the nation (`province: None`)
/// or one province (its `@CODE` override over the national path).
pub fn lever_values(
    scenario: &Scenario,
    lever: Lever,
    province: Option<&str>,
    first_year: i32,
    last_year: i32,
) -> Vec<f64> {
    let years = usize::try_from(last_year - first_year + 1).unwrap_or(0);
    values(scenario, lever, province, first_year, years, 0)
}

/// The lever's value in one year.
pub fn lever_value_at(
    scenario: &Scenario,
    lever: Lever,
    province: Option<&str>,
    first_year: i32,
    year: i32,
) -> f64 {
    let values = lever_values(scenario, lever, province, first_year, year.max(first_year));
    values.last().copied().unwrap_or(f64::NAN)
}

/// The current-law value of a lever in one year (no scenario changes).
pub fn baseline_value_at(lever: Lever, province: Option<&str>, first_year: i32, year: i32) -> f64 {
    lever_value_at(&Scenario::default(), lever, province, first_year, year)
}

fn values(
    scenario: &Scenario,
    lever: Lever,
    province: Option<&str>,
    first_year: i32,
    years: usize,
    depth: usize,
) -> Vec<f64> {
    let def = lever.def();
    if depth > MAX_DEPTH {
        return vec![f64::NAN; years];
    }
    let growth = match def.index {
        Some(index) => values(scenario, index, province, first_year, years, depth + 1),
        None => vec![0.0; years],
    };
    let mut out = match def.default {
        Default::SameAs(other) => values(scenario, other, province, first_year, years, depth + 1),
        other => {
            let mut out = vec![0.0; years];
            if let Some(path) = other.path() {
                // Before a default's first key its first value holds (the base years).
                let first = path.keys().values().next().copied().unwrap_or(0.0);
                out.fill(first);
                path.fill(first_year, &mut out, &growth);
            }
            out
        }
    };
    for key in keys(def, province) {
        if let Some(path) = scenario.levers.get(&key) {
            path.fill(first_year, &mut out, &growth);
        }
    }
    out
}

/// The scenario keys that apply to a lever, national first.
fn keys(def: &LeverDef, province: Option<&str>) -> Vec<String> {
    let mut keys = vec![def.id.to_owned()];
    if let Some(code) = province.filter(|_| def.per_province) {
        keys.push(lever_key(def, Some(code)));
    }
    keys
}

/// The scenario key of a lever: `id` or `id@CODE`.
pub fn lever_key(def: &LeverDef, province: Option<&str>) -> String {
    match province {
        Some(code) => format!("{}@{code}", def.id),
        None => def.id.to_owned(),
    }
}

/// The path a simple edit (the slider or the number field) writes: `value` from `year` on.
///
/// A lever without a path gets a one-key path of the kind its default has when that is
/// `Indexed` (so that a new premium keeps growing with income, as the current law's does), else
/// `Steps`. A one-key path is replaced by `{year: value}` of the same kind; a path with several
/// keys (written in the path editor or a file) gets the key at `year` set.
pub fn simple_edit(existing: Option<&Path>, def: &LeverDef, year: i32, value: f64) -> Path {
    let value = if def.unit == crate::model::levers::Unit::Integer {
        value.round()
    } else {
        value
    };
    match existing {
        Some(path) if path.keys().len() > 1 => {
            let mut path = path.clone();
            path.keys_mut().insert(year, value);
            path
        }
        Some(path) => with_keys(path, [(year, value)]),
        None => {
            let indexed = matches!(def.default, Default::Indexed(_)) && def.index.is_some();
            let keys = [(year, value)].into_iter().collect();
            if indexed {
                Path::Indexed(keys)
            } else {
                Path::Steps(keys)
            }
        }
    }
}

/// A path of the same kind as `like` with the given keys.
pub fn with_keys(like: &Path, keys: impl IntoIterator<Item = (i32, f64)>) -> Path {
    let keys = keys.into_iter().collect();
    match like {
        Path::Steps(_) => Path::Steps(keys),
        Path::Linear(_) => Path::Linear(keys),
        Path::Indexed(_) => Path::Indexed(keys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premium_default_follows_the_notice_then_income() {
        let s = Scenario::default();
        let v = lever_values(&s, Lever::ResidentPremium, None, 2022, 2026);
        assert_eq!(&v[..4], &[350.0, 380.0, 400.0, 400.0]);
        // 2026 grows with income growth = wage growth (5.5 % falling to 4 % by 2035).
        assert!(v[4] > 400.0 && v[4] < 425.0, "{}", v[4]);
    }

    #[test]
    fn province_override_wins_over_national() {
        let mut s = Scenario::default();
        let def = Lever::ResidentPremium.def();
        s.levers
            .insert(def.id.to_owned(), simple_edit(None, def, 2026, 500.0));
        s.levers.insert(
            lever_key(def, Some("GD")),
            Path::Steps([(2027, 600.0)].into()),
        );
        assert_eq!(
            lever_value_at(&s, Lever::ResidentPremium, None, 2022, 2026),
            500.0
        );
        assert_eq!(
            lever_value_at(&s, Lever::ResidentPremium, Some("GD"), 2022, 2026),
            500.0
        );
        assert_eq!(
            lever_value_at(&s, Lever::ResidentPremium, Some("GD"), 2022, 2028),
            600.0
        );
        assert!(lever_value_at(&s, Lever::ResidentPremium, None, 2022, 2028) > 500.0);
    }

    #[test]
    fn same_as_follows_the_other_lever() {
        let mut s = Scenario::default();
        s.levers
            .insert("economy.wage_growth".to_owned(), Path::constant(0.03));
        assert_eq!(
            lever_value_at(&s, Lever::EconomyIncomeGrowth, None, 2022, 2040),
            0.03
        );
    }

    #[test]
    fn agrees_with_the_projection_core() {
        let mut s = Scenario::default();
        s.levers.insert(
            "resident.premium".to_owned(),
            Path::Indexed([(2026, 500.0)].into()),
        );
        s.levers.insert(
            "economy.wage_growth@GD".to_owned(),
            Path::Steps([(2030, 0.02)].into()),
        );
        s.levers.insert(
            "employee.abolish_pa".to_owned(),
            Path::Linear([(2026, 0.0), (2030, 1.0)].into()),
        );
        let codes = ["BJ", "GD"];
        let (core, _) = crate::model::resolve::resolve(&s, &codes, 2022, 2060);
        for lever in Lever::ALL.iter().copied() {
            for (p, code) in codes.iter().enumerate() {
                let ours = lever_values(&s, lever, Some(code), 2022, 2060);
                let theirs = core.series(lever, p);
                for (t, (a, b)) in ours.iter().zip(theirs).enumerate() {
                    assert!(
                        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                        "{} @{code} in {}: {a} vs {b}",
                        lever.def().id,
                        2022 + t as i32
                    );
                }
            }
        }
    }

    #[test]
    fn simple_edit_keeps_multi_key_paths() {
        let def = Lever::EmployeeAbolishPa.def();
        let linear = Path::Linear([(2026, 0.0), (2030, 1.0)].into());
        let edited = simple_edit(Some(&linear), def, 2030, 0.8);
        assert_eq!(edited, Path::Linear([(2026, 0.0), (2030, 0.8)].into()));
        let single = simple_edit(None, def, 2027, 0.5);
        assert_eq!(single, Path::Steps([(2027, 0.5)].into()));
    }
}
