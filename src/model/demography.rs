//! Demographic drivers (MODEL.md §3): provincial age structures, ages spread evenly within
//! bands, working-age and pension-age pools, and the age-cost weights of §4.

use super::data::{BANDS, Population};

/// Relative per-capita cost weight ω of each five-year band (MODEL.md §4 default table:
/// 0-4 1.0, 5-14 0.4, 15-24 0.4, 25-44 0.6, 45-54 0.9, 55-64 1.4, 65-74 2.2, 75-84 3.0, 85+ 3.5).
pub const COST_WEIGHTS: [f64; BANDS] = [
    1.0, 0.4, 0.4, 0.4, 0.4, 0.6, 0.6, 0.6, 0.6, 0.9, 0.9, 1.4, 1.4, 2.2, 2.2, 3.0, 3.0, 3.5, 3.5,
    3.5, 3.5,
];

/// First band of the 65+ group.
pub const OLD_BAND: usize = 13;

/// Lower and upper age of a band; the open 100+ band is taken as 100–105.
fn band_edges(b: usize) -> (f64, f64) {
    let lo = 5.0 * b as f64;
    (lo, lo + 5.0)
}

/// People of one band aged in `[x1, x2)`, with ages spread evenly inside the band.
pub fn band_between(people: f64, b: usize, x1: f64, x2: f64) -> f64 {
    let (lo, hi) = band_edges(b);
    let overlap = (hi.min(x2) - lo.max(x1)).max(0.0);
    people * overlap / 5.0
}

/// People aged in `[x1, x2)` over all bands (`x2 = f64::INFINITY` for "and older").
pub fn pop_between(bands: &[f64; BANDS], x1: f64, x2: f64) -> f64 {
    bands
        .iter()
        .enumerate()
        .map(|(b, &p)| band_between(p, b, x1, x2))
        .sum()
}

/// Base-year age shares of a province by sex (`[sex][band]`, summing to 1), from the national
/// WPP structure scaled to the NBS 65+ share and tilted to the province's 65+ share
/// (DATA.md step 8, MODEL.md §3).
pub fn province_shares(
    national: &[[f64; BANDS]; 2],
    nbs_share_65: f64,
    province_share_65: f64,
) -> [[f64; BANDS]; 2] {
    let total: f64 = national.iter().flatten().sum();
    let old: f64 = national
        .iter()
        .map(|s| s[OLD_BAND..].iter().sum::<f64>())
        .sum();
    let wpp_share = old / total;
    // Scale to NBS, then tilt to the province: both are the same kind of two-factor rescale,
    // so compose them into one factor per side.
    let k_old = (nbs_share_65 / wpp_share) * (province_share_65 / nbs_share_65);
    let k_young = ((1.0 - nbs_share_65) / (1.0 - wpp_share))
        * ((1.0 - province_share_65) / (1.0 - nbs_share_65));
    let mut out = [[0.0; BANDS]; 2];
    for (sex, bands) in national.iter().enumerate() {
        for (b, &p) in bands.iter().enumerate() {
            let k = if b >= OLD_BAND { k_old } else { k_young };
            out[sex][b] = p / total * k;
        }
    }
    out
}

/// National growth factors G(b, t) = P_nat(b, t) / P_nat(b, B) per sex, for years B..=last.
pub fn growth_factors(pop: &Population, base_year: i32, last_year: i32) -> Vec<[[f64; BANDS]; 2]> {
    let base = [pop.bands(base_year, 0), pop.bands(base_year, 1)];
    (base_year..=last_year)
        .map(|t| {
            let mut g = [[1.0; BANDS]; 2];
            for sex in 0..2 {
                if let (Some(now), Some(b0)) = (pop.bands(t, sex), base[sex]) {
                    for b in 0..BANDS {
                        g[sex][b] = if b0[b] > 0.0 { now[b] / b0[b] } else { 1.0 };
                    }
                }
            }
            g
        })
        .collect()
}

/// The pools and cost weights of one province in one year.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pools {
    /// Total population, 万人.
    pub population: f64,
    /// W: population aged 20 to the retirement age, both sexes.
    pub working: f64,
    /// O: population above the retirement age.
    pub pension_age: f64,
    /// Mean ω over the working-age pool (employee actives).
    pub omega_active: f64,
    /// Mean ω over the pension-age pool (employee retirees).
    pub omega_retired: f64,
}

/// Population bands of a province in a year: `pop · shares · G`.
pub fn province_bands(
    population: f64,
    shares: &[[f64; BANDS]; 2],
    growth: &[[f64; BANDS]; 2],
) -> [[f64; BANDS]; 2] {
    let mut out = [[0.0; BANDS]; 2];
    for sex in 0..2 {
        for b in 0..BANDS {
            out[sex][b] = population * shares[sex][b] * growth[sex][b];
        }
    }
    out
}

/// The share of each band's people of working age (20 to the retirement age) and of pension
/// age (the retirement age and older), per sex, for given retirement ages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AgeSplit {
    /// `work[sex][band]`: share of the band aged in [20, R).
    pub work: [[f64; BANDS]; 2],
    /// `old[sex][band]`: share of the band aged R or older.
    pub old: [[f64; BANDS]; 2],
}

impl AgeSplit {
    /// The split for retirement ages `[men, women]`.
    pub fn new(retirement: [f64; 2]) -> Self {
        let mut split = AgeSplit {
            work: [[0.0; BANDS]; 2],
            old: [[0.0; BANDS]; 2],
        };
        for sex in 0..2 {
            for b in 0..BANDS {
                split.work[sex][b] = band_between(1.0, b, 20.0, retirement[sex]);
                split.old[sex][b] = band_between(1.0, b, retirement[sex], f64::INFINITY);
            }
        }
        split
    }
}

/// Share of each band aged 0–17.
fn child_share(b: usize) -> f64 {
    band_between(1.0, b, 0.0, 18.0)
}

/// Working-age and pension-age pools for retirement ages `[men, women]`.
pub fn pools(bands: &[[f64; BANDS]; 2], retirement: [f64; 2]) -> Pools {
    pools_split(bands, &AgeSplit::new(retirement))
}

/// [`pools`] with the age split computed once.
pub fn pools_split(bands: &[[f64; BANDS]; 2], split: &AgeSplit) -> Pools {
    let mut p = Pools::default();
    let (mut w_omega, mut o_omega) = (0.0, 0.0);
    for sex in 0..2 {
        for b in 0..BANDS {
            let people = bands[sex][b];
            let work = people * split.work[sex][b];
            let old = people * split.old[sex][b];
            p.population += people;
            p.working += work;
            p.pension_age += old;
            w_omega += work * COST_WEIGHTS[b];
            o_omega += old * COST_WEIGHTS[b];
        }
    }
    p.omega_active = if p.working > 0.0 {
        w_omega / p.working
    } else {
        0.0
    };
    p.omega_retired = if p.pension_age > 0.0 {
        o_omega / p.pension_age
    } else {
        0.0
    };
    p
}

/// The resident pool's age mix: its mean cost weight and its share of children (0–17).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ResidentMix {
    /// Mean ω of resident participants.
    pub omega: f64,
    /// Share of participants aged 0–17.
    pub child_share: f64,
}

/// The age mix of the resident pool: every band's insured people (`coverage · P`) minus the
/// employee members in it (actives spread over [20, R), retirees over [R, ∞), in proportion to
/// population). Bands where employees would exceed the insured are floored at zero.
pub fn resident_mix(
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    pools: &Pools,
    coverage: f64,
    active: f64,
    retired: f64,
) -> ResidentMix {
    resident_mix_split(
        bands,
        &AgeSplit::new(retirement),
        pools,
        coverage,
        active,
        retired,
    )
}

/// [`resident_mix`] with the age split computed once.
pub fn resident_mix_split(
    bands: &[[f64; BANDS]; 2],
    split: &AgeSplit,
    pools: &Pools,
    coverage: f64,
    active: f64,
    retired: f64,
) -> ResidentMix {
    let a_per = if pools.working > 0.0 {
        active / pools.working
    } else {
        0.0
    };
    let r_per = if pools.pension_age > 0.0 {
        retired / pools.pension_age
    } else {
        0.0
    };
    let (mut total, mut weighted, mut children) = (0.0, 0.0, 0.0);
    for sex in 0..2 {
        for b in 0..BANDS {
            let people = bands[sex][b];
            let employees = people * (a_per * split.work[sex][b] + r_per * split.old[sex][b]);
            let res = (coverage * people - employees).max(0.0);
            total += res;
            weighted += res * COST_WEIGHTS[b];
            children += res * child_share(b);
        }
    }
    if total <= 0.0 {
        return ResidentMix {
            omega: 1.0,
            child_share: 0.0,
        };
    }
    ResidentMix {
        omega: weighted / total,
        child_share: children / total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_spread_evenly_inside_bands() {
        let mut bands = [0.0; BANDS];
        bands[12] = 10.0; // 60-64
        assert!((pop_between(&bands, 60.0, 61.0) - 2.0).abs() < 1e-12);
        assert!((pop_between(&bands, 60.25, f64::INFINITY) - 9.5).abs() < 1e-12);
        assert_eq!(pop_between(&bands, 0.0, 60.0), 0.0);
    }

    #[test]
    fn tilt_hits_the_province_65_share_and_sums_to_one() {
        let mut nat = [[1.0; BANDS]; 2];
        nat[1][3] = 2.0;
        let s = province_shares(&nat, 0.149, 0.2);
        let total: f64 = s.iter().flatten().sum();
        let old: f64 = s.iter().map(|x| x[OLD_BAND..].iter().sum::<f64>()).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!((old - 0.2).abs() < 1e-12);
    }

    #[test]
    fn later_retirement_moves_people_from_pension_age_to_working_age() {
        let bands = [[10.0; BANDS]; 2];
        let early = pools(&bands, [60.0, 52.5]);
        let late = pools(&bands, [63.0, 56.5]);
        assert!(late.working > early.working);
        assert!(late.pension_age < early.pension_age);
        assert!((late.working + late.pension_age - early.working - early.pension_age).abs() < 1e-9);
    }
}
