//! Resolution of a scenario's sparse lever paths into one value per lever, province and year.
//!
//! Order of precedence, lowest first: the current-law default, the scenario's national path
//! (`id`), the scenario's province path (`id@CODE`). `SameAs` defaults follow the other lever as
//! resolved; `Indexed` paths grow with their index lever as resolved for the same province.

use super::keys::{KeyError, LeverKey};
use super::levers::{Default, LEVERS, Lever};
use super::path::Path;
use super::scenario::Scenario;
use super::warning::Warning;

/// Resolved lever values: `value(lever, province, year)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// First resolved year (the base year).
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Number of provinces.
    pub provinces: usize,
    /// Where each lever's series start in `values`.
    start: Vec<usize>,
    /// Whether a lever has one series per province (else one shared by all).
    varies: Vec<bool>,
    values: Vec<f64>,
}

impl Resolved {
    fn offset(&self, lever: Lever, province: usize) -> usize {
        let l = lever as usize;
        self.start[l]
            + if self.varies[l] {
                province * self.years
            } else {
                0
            }
    }

    /// The yearly values of a lever in a province, from the first year on.
    pub fn series(&self, lever: Lever, province: usize) -> &[f64] {
        let o = self.offset(lever, province);
        &self.values[o..o + self.years]
    }

    /// The value of a lever in a province in year index `t` (0 = first year).
    pub fn at(&self, lever: Lever, province: usize, t: usize) -> f64 {
        self.values[self.offset(lever, province) + t]
    }

    /// The value of a lever in a calendar year (clamped to the resolved years).
    pub fn in_year(&self, lever: Lever, province: usize, year: i32) -> f64 {
        let t = (year - self.first_year).clamp(0, self.years as i32 - 1) as usize;
        self.at(lever, province, t)
    }
}

/// A change applied to one lever's resolved yearly values, after its own path and before the
/// levers that follow or grow with it are resolved (so a wage-growth shock also moves income
/// growth when that follows wages, and the premium indexed to it). Used by the stochastic
/// projection (shocks), sensitivity runs and assumption sets; the result is clamped to the
/// lever's hard range.
#[derive(Clone, Debug, PartialEq)]
pub struct Perturbation {
    /// The lever changed.
    pub lever: Lever,
    /// How `values` combine with the resolved value.
    pub kind: PerturbationKind,
    /// One value per resolved year (index 0 = first year); missing years are unchanged.
    pub values: Vec<f64>,
}

/// How a [`Perturbation`] combines with a lever's resolved value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerturbationKind {
    /// value + x.
    Add,
    /// value × x.
    Scale,
}

/// The scenario's national (`id`) and province (`id@CODE`) paths per lever, and warnings for
/// keys that name no lever or province.
#[allow(clippy::type_complexity)]
fn scenario_paths<'a>(
    scenario: &'a Scenario,
    codes: &[&str],
) -> (
    Vec<Option<&'a Path>>,
    Vec<Vec<Option<&'a Path>>>,
    Vec<Warning>,
) {
    let mut warnings = Vec::new();
    let mut national: Vec<Option<&Path>> = vec![None; LEVERS.len()];
    let mut local: Vec<Vec<Option<&Path>>> = vec![vec![None; codes.len()]; LEVERS.len()];
    for (text, path) in &scenario.levers {
        let key = match text.parse::<LeverKey>() {
            Ok(key) => key,
            Err(KeyError::UnknownLever(id)) => {
                warnings.push(Warning::UnknownLever { id });
                continue;
            }
            Err(KeyError::UnknownProvince(_)) => {
                warnings.push(Warning::OverrideIgnored { key: text.clone() });
                continue;
            }
        };
        let l = key.lever as usize;
        match key.province {
            None => national[l] = Some(path),
            Some(province) => match codes.iter().position(|x| *x == province.code()) {
                Some(p) if key.lever.def().per_province => local[l][p] = Some(path),
                _ => warnings.push(Warning::OverrideIgnored { key: text.clone() }),
            },
        }
    }
    (national, local, warnings)
}

/// Resolves every lever for `codes` (province codes, in data order) over `first..=last`.
/// Keys that name no lever or province are skipped and reported in the returned warnings
/// (a validated scenario has none).
pub fn resolve(
    scenario: &Scenario,
    codes: &[&str],
    first: i32,
    last: i32,
) -> (Resolved, Vec<Warning>) {
    resolve_perturbed(scenario, codes, first, last, &[])
}

/// [`resolve`], then each [`Perturbation`] applied to its lever in every province (in the
/// order given) before dependent levers are resolved.
pub fn resolve_perturbed(
    scenario: &Scenario,
    codes: &[&str],
    first: i32,
    last: i32,
    perturbations: &[Perturbation],
) -> (Resolved, Vec<Warning>) {
    let years = usize::try_from(last - first + 1).unwrap_or(0).max(1);
    let mut r = Resolved {
        first_year: first,
        years,
        provinces: codes.len(),
        start: vec![0; LEVERS.len()],
        varies: vec![false; LEVERS.len()],
        values: Vec::new(),
    };
    let (national, local, warnings) = scenario_paths(scenario, codes);

    // Plain levers first, then those that follow another lever, then indexed ones.
    let rank = |l: Lever| match l.def().default {
        Default::SameAs(_) => 1,
        _ if l.def().index.is_some() => 2,
        _ => 0,
    };
    let mut order: Vec<Lever> = Lever::ALL.to_vec();
    order.sort_by_key(|&l| rank(l));

    // A lever differs between provinces only through a province path or a lever it depends on;
    // otherwise it is resolved once and shared (which keeps the table small).
    let zero = vec![0.0; years];
    let mut out = vec![0.0; years];
    for lever in order {
        let def = lever.def();
        let l = lever as usize;
        let depends = match def.default {
            Default::SameAs(other) => Some(other),
            _ => def.index,
        };
        r.varies[l] =
            local[l].iter().any(Option::is_some) || depends.is_some_and(|d| r.varies[d as usize]);
        r.start[l] = r.values.len();
        let default_path = def.default.path();
        // A default holds its first value in the years before its first key.
        let first_value = default_path
            .as_ref()
            .and_then(|p| p.keys().values().next().copied())
            .unwrap_or(0.0);
        let count = if r.varies[l] {
            codes.len()
        } else {
            1.min(codes.len())
        };
        for p in 0..count {
            let growth: &[f64] = match def.index {
                Some(ix) => r.series(ix, p),
                None => &zero,
            };
            match (def.default, &default_path) {
                (Default::SameAs(other), _) => out.copy_from_slice(r.series(other, p)),
                (_, Some(path)) => {
                    out.fill(first_value);
                    path.fill(first, &mut out, growth);
                }
                (_, None) => out.fill(0.0),
            }
            if let Some(path) = national[l] {
                path.fill(first, &mut out, growth);
            }
            if let Some(path) = local[l][p] {
                path.fill(first, &mut out, growth);
            }
            for pert in perturbations.iter().filter(|x| x.lever == lever) {
                for (v, x) in out.iter_mut().zip(&pert.values) {
                    let changed = match pert.kind {
                        PerturbationKind::Add => *v + x,
                        PerturbationKind::Scale => *v * x,
                    };
                    *v = changed.clamp(def.hard.0, def.hard.1);
                }
            }
            r.values.extend_from_slice(&out);
        }
    }
    (r, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn scenario(levers: &[(&str, Path)]) -> Scenario {
        Scenario {
            levers: levers
                .iter()
                .map(|(k, p)| ((*k).to_owned(), p.clone()))
                .collect(),
            ..Scenario::default()
        }
    }

    #[test]
    fn defaults_follow_current_law() {
        let (r, w) = resolve(&Scenario::default(), &["BJ", "GD"], 2022, 2040);
        assert!(w.is_empty());
        assert_eq!(r.in_year(Lever::ResidentPremium, 0, 2022), 350.0);
        assert_eq!(r.in_year(Lever::ResidentPremium, 0, 2025), 400.0);
        let g = r.in_year(Lever::EconomyIncomeGrowth, 0, 2026);
        assert_eq!(g, r.in_year(Lever::EconomyWageGrowth, 0, 2026));
        assert!((r.in_year(Lever::ResidentPremium, 0, 2026) - 400.0 * (1.0 + g)).abs() < 1e-9);
        assert_eq!(r.in_year(Lever::RetirementAgeMen, 1, 2024), 60.0);
        // The cohort rule (demography.rs): 2025's retirees were born January–September 1965.
        assert!(
            (r.in_year(Lever::RetirementAgeMen, 1, 2025) - (60.0 + 15.0 / 9.0 / 12.0)).abs()
                < 1e-12
        );
        assert_eq!(r.in_year(Lever::RetirementAgeMen, 1, 2040), 63.0);
        assert_eq!(r.in_year(Lever::RetirementAgeWomen, 1, 2023), 52.5);
        assert_eq!(r.in_year(Lever::RetirementAgeWomen, 1, 2040), 56.5);
    }

    #[test]
    fn province_override_beats_national_path() {
        let s = scenario(&[
            (
                "employee.employer_rate_delta",
                Path::Steps(BTreeMap::from([(2027, 0.01)])),
            ),
            (
                "employee.employer_rate_delta@GD",
                Path::Steps(BTreeMap::from([(2030, 0.02)])),
            ),
        ]);
        let (r, _) = resolve(&s, &["BJ", "GD"], 2022, 2040);
        assert_eq!(r.in_year(Lever::EmployeeEmployerRateDelta, 0, 2026), 0.0);
        assert_eq!(r.in_year(Lever::EmployeeEmployerRateDelta, 0, 2035), 0.01);
        assert_eq!(r.in_year(Lever::EmployeeEmployerRateDelta, 1, 2028), 0.01);
        assert_eq!(r.in_year(Lever::EmployeeEmployerRateDelta, 1, 2031), 0.02);
    }

    #[test]
    fn income_growth_change_moves_indexed_premium() {
        let s = scenario(&[("economy.income_growth", Path::constant(0.0))]);
        let (r, _) = resolve(&s, &["BJ"], 2022, 2040);
        assert_eq!(r.in_year(Lever::ResidentPremium, 0, 2040), 400.0);
    }
}
