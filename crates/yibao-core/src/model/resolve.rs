//! Resolution of a scenario's sparse lever paths into one value per lever, province and year.
//!
//! Order of precedence, lowest first: the current-law default, the scenario's national path
//! (`id`), the scenario's province path (`id@CODE`). `SameAs` defaults follow the other lever as
//! resolved; `Indexed` paths grow with their index lever as resolved for the same province.

use super::data::Dataset;
use super::keys::{KeyError, LeverKey};
use super::levers::{LEVERS, LawDefault, Lever};
use super::path::LeverPath;
use super::scenario::Scenario;
use super::warning::Warning;

/// Resolved lever values: `value(lever, province, year)`, and the nation's (the current law and
/// the national paths, no province override) as one more unit after the provinces.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// First resolved year (the base year).
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Number of provinces (the nation's values follow them at index `provinces`).
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
        // In i64: a path that holds in every year has its key at i32::MIN.
        let last = self.years.saturating_sub(1) as i64;
        let t = (i64::from(year) - i64::from(self.first_year)).clamp(0, last) as usize;
        self.at(lever, province, t)
    }

    /// The yearly values of a lever for the nation (`None`: its national path over the current
    /// law) or a province (`Some(index)` in data order: its override over that).
    pub fn unit_series(&self, lever: Lever, province: Option<usize>) -> &[f64] {
        self.series(lever, province.unwrap_or(self.provinces))
    }

    /// [`Resolved::unit_series`] in one calendar year (clamped to the resolved years).
    pub fn unit_in_year(&self, lever: Lever, province: Option<usize>, year: i32) -> f64 {
        self.in_year(lever, province.unwrap_or(self.provinces), year)
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
    /// value + x in one province only (its index in data order), not in the nation's series:
    /// the Monte Carlo's per-province calibration draws.
    AddIn(usize),
}

/// The scenario's national (`id`) and province (`id@CODE`) paths per lever, and warnings for
/// keys that name no lever or province.
#[allow(clippy::type_complexity)]
fn scenario_paths<'a>(
    scenario: &'a Scenario,
    codes: &[&str],
) -> (
    Vec<Option<&'a LeverPath>>,
    Vec<Vec<Option<&'a LeverPath>>>,
    Vec<Warning>,
) {
    let mut warnings = Vec::new();
    let mut national: Vec<Option<&LeverPath>> = vec![None; LEVERS.len()];
    let mut local: Vec<Vec<Option<&LeverPath>>> = vec![vec![None; codes.len()]; LEVERS.len()];
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

/// Resolves a scenario's levers for `data`'s provinces (in data order) and the nation, from the
/// base year to the scenario's horizon as the data's population reaches (the years a
/// projection covers).
pub fn resolve_for(data: &Dataset, scenario: &Scenario) -> (Resolved, Vec<Warning>) {
    let b = data.base_year;
    let horizon = scenario.horizon.clamp(b + 1, data.population.last_year());
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    resolve(scenario, &codes, b, horizon)
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

/// What a lever's resolved values depend on: the lever it follows (`SameAs`) and the index
/// its `Indexed` paths grow with.
fn dependencies(lever: Lever) -> [Option<Lever>; 2] {
    let def = lever.def();
    let follows = match def.default {
        LawDefault::SameAs(other) => Some(other),
        _ => None,
    };
    [follows, def.index]
}

/// How many dependency steps lie below a lever (0: it depends on none); `None` when the chain
/// is longer than the catalogue, i.e. the catalogue has a cycle.
fn depth(lever: Lever, budget: usize) -> Option<usize> {
    let budget = budget.checked_sub(1)?;
    dependencies(lever)
        .into_iter()
        .flatten()
        .try_fold(0, |d, dep| Some(d.max(1 + depth(dep, budget)?)))
}

/// Every lever after the levers it depends on: by dependency depth, then in catalogue order.
/// A lever in a dependency cycle (a catalogue error a test rules out) comes last.
pub fn resolution_order() -> Vec<Lever> {
    let mut order: Vec<Lever> = Lever::ALL.to_vec();
    order.sort_by_key(|&l| depth(l, LEVERS.len()).unwrap_or(usize::MAX));
    order
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
    for lever in resolution_order() {
        let l = lever as usize;
        // A lever differs between provinces only through a province path or a lever it
        // depends on; otherwise it is resolved once and shared (which keeps the table small).
        r.varies[l] = local[l].iter().any(Option::is_some)
            || perturbations
                .iter()
                .any(|x| x.lever == lever && matches!(x.kind, PerturbationKind::AddIn(_)))
            || dependencies(lever)
                .into_iter()
                .flatten()
                .any(|d| r.varies[d as usize]);
        r.start[l] = r.values.len();
        // One series per province and one for the nation (no override), or one for all.
        let count = if r.varies[l] { codes.len() + 1 } else { 1 };
        let default = lever.def().default.path();
        for p in 0..count {
            let paths = [national[l], local[l].get(p).copied().flatten()];
            let mut out = lever_series(&r, lever, p, default.as_ref(), paths);
            for pert in perturbations.iter().filter(|x| x.lever == lever) {
                match pert.kind {
                    PerturbationKind::AddIn(q) if q != p => {}
                    _ => pert.apply(&mut out),
                }
            }
            r.values.extend_from_slice(&out);
        }
    }
    (r, warnings)
}

/// One series of a lever for unit `p` of `r` (whose dependencies are resolved): its default
/// (`default`: the default's path, computed once per lever), then `paths` (national, then the
/// unit's override) filled over it in order.
fn lever_series(
    r: &Resolved,
    lever: Lever,
    p: usize,
    default: Option<&LeverPath>,
    paths: [Option<&LeverPath>; 2],
) -> Vec<f64> {
    let def = lever.def();
    let no_growth;
    let growth: &[f64] = match def.index {
        Some(ix) => r.series(ix, p),
        None => {
            no_growth = vec![0.0; r.years];
            &no_growth
        }
    };
    let mut out = vec![0.0; r.years];
    match (def.default, default) {
        (LawDefault::SameAs(other), _) => out.copy_from_slice(r.series(other, p)),
        (_, Some(path)) => {
            // A default holds its first value in the years before its first key.
            out.fill(path.keys().values().next().copied().unwrap_or(0.0));
            path.fill(r.first_year, &mut out, growth);
        }
        (_, None) => {}
    }
    for path in paths.into_iter().flatten() {
        path.fill(r.first_year, &mut out, growth);
    }
    out
}

impl Perturbation {
    /// Applies the change to a lever's yearly values, clamped to its hard range.
    fn apply(&self, out: &mut [f64]) {
        let (lo, hi) = self.lever.def().hard;
        for (v, x) in out.iter_mut().zip(&self.values) {
            let changed = match self.kind {
                PerturbationKind::Add | PerturbationKind::AddIn(_) => *v + x,
                PerturbationKind::Scale => *v * x,
            };
            *v = changed.clamp(lo, hi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn scenario(levers: &[(&str, LeverPath)]) -> Scenario {
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
                LeverPath::Steps(BTreeMap::from([(2027, 0.01)])),
            ),
            (
                "employee.employer_rate_delta@GD",
                LeverPath::Steps(BTreeMap::from([(2030, 0.02)])),
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
        let s = scenario(&[("economy.income_growth", LeverPath::constant(0.0))]);
        let (r, _) = resolve(&s, &["BJ"], 2022, 2040);
        assert_eq!(r.in_year(Lever::ResidentPremium, 0, 2040), 400.0);
    }

    #[test]
    fn every_lever_resolves_after_the_levers_it_follows_or_grows_with() {
        let order = resolution_order();
        assert_eq!(order.len(), LEVERS.len());
        let position = |l: Lever| order.iter().position(|x| *x == l);
        for &lever in Lever::ALL {
            assert!(
                depth(lever, LEVERS.len()).is_some(),
                "{lever:?} is in a dependency cycle"
            );
            for dep in dependencies(lever).into_iter().flatten() {
                assert!(
                    position(dep) < position(lever),
                    "{dep:?} must resolve before {lever:?}"
                );
            }
        }
        // The chain the catalogue has today: wage growth → income growth (SameAs) → the
        // premium (Indexed to income growth).
        assert!(position(Lever::EconomyWageGrowth) < position(Lever::EconomyIncomeGrowth));
        assert!(position(Lever::EconomyIncomeGrowth) < position(Lever::ResidentPremium));
    }

    #[test]
    fn a_following_lever_follows_the_other_as_resolved_in_each_province() {
        // Wage growth set nationally and overridden in GD: income growth follows each, and the
        // premium indexed to income growth grows with the province's own path.
        let s = scenario(&[
            ("economy.wage_growth", LeverPath::constant(0.03)),
            ("economy.wage_growth@GD", LeverPath::constant(0.06)),
        ]);
        let (r, w) = resolve(&s, &["BJ", "GD"], 2022, 2030);
        assert!(w.is_empty(), "{w:?}");
        for year in [2026, 2030] {
            assert_eq!(r.in_year(Lever::EconomyIncomeGrowth, 0, year), 0.03);
            assert_eq!(r.in_year(Lever::EconomyIncomeGrowth, 1, year), 0.06);
            assert_eq!(r.unit_in_year(Lever::EconomyIncomeGrowth, None, year), 0.03);
        }
        let premium = |p: usize| r.in_year(Lever::ResidentPremium, p, 2026);
        assert!((premium(0) - 400.0 * 1.03).abs() < 1e-9, "{}", premium(0));
        assert!((premium(1) - 400.0 * 1.06).abs() < 1e-9, "{}", premium(1));
        // A path set on the following lever itself wins over the one it follows.
        let s = scenario(&[
            ("economy.wage_growth", LeverPath::constant(0.03)),
            ("economy.income_growth", LeverPath::constant(0.01)),
        ]);
        let (r, _) = resolve(&s, &["BJ"], 2022, 2030);
        assert_eq!(r.in_year(Lever::EconomyIncomeGrowth, 0, 2028), 0.01);
        assert_eq!(r.in_year(Lever::EconomyWageGrowth, 0, 2028), 0.03);
    }

    #[test]
    fn the_nation_gets_the_national_path_without_overrides() {
        let s = scenario(&[
            (
                "resident.premium",
                LeverPath::Steps(BTreeMap::from([(2027, 500.0)])),
            ),
            (
                "resident.premium@GD",
                LeverPath::Steps(BTreeMap::from([(2027, 600.0)])),
            ),
        ]);
        let (r, _) = resolve(&s, &["BJ", "GD"], 2022, 2030);
        assert_eq!(r.unit_in_year(Lever::ResidentPremium, None, 2028), 500.0);
        assert_eq!(r.unit_in_year(Lever::ResidentPremium, Some(0), 2028), 500.0);
        assert_eq!(r.unit_in_year(Lever::ResidentPremium, Some(1), 2028), 600.0);
        // The same as resolving the nation alone, as its own unit, in every year.
        let (alone, _) = resolve(&s, &["CN"], 2022, 2030);
        for &lever in Lever::ALL {
            assert_eq!(
                r.unit_series(lever, None),
                alone.series(lever, 0),
                "{lever:?}"
            );
        }
    }
}
