//! Demographic drivers (docs/model.md §4): provincial age structures, ages spread evenly within
//! bands, working-age and pension-age pools, and the age-cost weights of §4.

use super::data::{BANDS, Population};
use super::path::LeverPath;
use std::sync::OnceLock;

/// Relative per-capita cost weight ω of each five-year band (docs/model.md §4:
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
/// (calibration step 8, docs/model.md §3, docs/model.md §4).
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

/// One group of the 2024 gradual retirement-age reform (全国人大常委会《关于实施渐进式延迟法定
/// 退休年龄的决定》, 2024-09-13, in force 2025-01-01): people born from `first_cohort` on retire
/// one month later per `months_per_step` months of birth, up to `max_delay` months.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CohortRule {
    /// Statutory age before the reform, years.
    pub old_age: i32,
    /// (year, month 1–12) of the first birth cohort the reform delays.
    pub first_cohort: (i32, i32),
    /// Months of birth per month of delay.
    pub months_per_step: i32,
    /// Delay at the end of the transition, months.
    pub max_delay: i32,
}

/// Men: 60 → 63, one month per four months of birth from January 1965.
pub const MEN: CohortRule = CohortRule {
    old_age: 60,
    first_cohort: (1965, 1),
    months_per_step: 4,
    max_delay: 36,
};
/// Women workers: 50 → 55, one month per two months of birth from January 1975.
pub const WOMEN_WORKERS: CohortRule = CohortRule {
    old_age: 50,
    first_cohort: (1975, 1),
    months_per_step: 2,
    max_delay: 60,
};
/// Women cadres: 55 → 58, one month per four months of birth from January 1970.
pub const WOMEN_CADRES: CohortRule = CohortRule {
    old_age: 55,
    first_cohort: (1970, 1),
    months_per_step: 4,
    max_delay: 36,
};
/// ⚑ Share of women retiring under the workers' rule (old age 50); the rest follow the cadres'
/// rule (55). Half and half reproduces the pre-reform blend 52.5 (docs/model.md §4).
pub const WOMEN_WORKER_WEIGHT: f64 = 0.5;
/// Last calendar year the derived paths list (every delay has reached its maximum by then).
const LAST_PATH_YEAR: i32 = 2045;
/// First calendar year the derived paths list (before the reform took effect).
const FIRST_PATH_YEAR: i32 = 2024;

/// Months since January of year 0.
fn month_index(year: i32, month: i32) -> i32 {
    year * 12 + (month - 1)
}

impl CohortRule {
    /// Delay in months of the cohort born in (`year`, `month`).
    pub fn delay_months(&self, year: i32, month: i32) -> i32 {
        let k = month_index(year, month) - month_index(self.first_cohort.0, self.first_cohort.1);
        if k < 0 {
            0
        } else {
            (k / self.months_per_step + 1).min(self.max_delay)
        }
    }

    /// Statutory retirement age in years of the cohort born in (`year`, `month`).
    pub fn age(&self, year: i32, month: i32) -> f64 {
        self.old_age as f64 + self.delay_months(year, month) as f64 / 12.0
    }

    /// The calendar-year path: the mean statutory age of the birth cohorts (one per month,
    /// equally weighted) whose retirement date (birth month + age) falls in `year`.
    pub fn calendar_age(&self, year: i32) -> f64 {
        let (mut sum, mut n) = (0.0, 0.0);
        // Cohorts retiring in `year` were born between `year − old − max/12 − 1` and `year − old`.
        let from = month_index(year - self.old_age - self.max_delay / 12 - 1, 1);
        let to = month_index(year - self.old_age, 12);
        for m in from..=to {
            let (by, bm) = (m.div_euclid(12), m.rem_euclid(12) + 1);
            let retires = m + 12 * self.old_age + self.delay_months(by, bm);
            if retires.div_euclid(12) == year {
                sum += self.age(by, bm);
                n += 1.0;
            }
        }
        if n > 0.0 {
            sum / n
        } else {
            self.old_age as f64
        }
    }
}

/// The default path of `retirement.age_men`: [`MEN`] by calendar year.
pub fn retirement_path_men() -> LeverPath {
    static PATH: OnceLock<LeverPath> = OnceLock::new();
    PATH.get_or_init(men_path).clone()
}

fn men_path() -> LeverPath {
    LeverPath::Steps(
        (FIRST_PATH_YEAR..=LAST_PATH_YEAR)
            .map(|y| (y, MEN.calendar_age(y)))
            .collect(),
    )
}

/// The default path of `retirement.age_women`: the blend of [`WOMEN_WORKERS`] and
/// [`WOMEN_CADRES`] with weight [`WOMEN_WORKER_WEIGHT`], by calendar year.
pub fn retirement_path_women() -> LeverPath {
    static PATH: OnceLock<LeverPath> = OnceLock::new();
    PATH.get_or_init(women_path).clone()
}

fn women_path() -> LeverPath {
    LeverPath::Steps(
        (FIRST_PATH_YEAR..=LAST_PATH_YEAR)
            .map(|y| {
                let w = WOMEN_WORKER_WEIGHT;
                (
                    y,
                    w * WOMEN_WORKERS.calendar_age(y) + (1.0 - w) * WOMEN_CADRES.calendar_age(y),
                )
            })
            .collect(),
    )
}

/// Single ages tracked by the members model: 0 … 104 (the open 100+ band spread over 100–104).
pub const AGES: usize = BANDS * 5;
/// First age of employee membership (docs/model.md §4: working ages start at 20).
pub const WORK_START: usize = 20;
/// Last age counted as a child (0–17) for the resident premium.
const CHILD_END: usize = 18;
/// ⚑ Formalisation moves at most this share of an age's residents into the employee scheme in
/// one year (docs/model.md §4).
pub const FORMALISATION_CAP: f64 = 0.5;

/// Share of the single age `[x, x + 1)` that lies in `[lo, hi)`.
fn age_share(x: usize, lo: f64, hi: f64) -> f64 {
    let x = x as f64;
    (hi.min(x + 1.0) - lo.max(x)).clamp(0.0, 1.0)
}

/// People of single age `x` of one sex: a fifth of the band (ages spread evenly).
fn people_at(bands: &[f64; BANDS], x: usize) -> f64 {
    bands[x / 5] / 5.0
}

/// Employee coverage e(x) by sex and single age: the share of the people of age x who are
/// employee members (docs/model.md §4).
pub type Coverage = [[f64; AGES]; 2];

/// Employee and resident members of a province in one year, by single age and summed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Members {
    /// A: employee members below their sex's retirement age, 万人.
    pub active: f64,
    /// R: employee members at or above it, 万人.
    pub retired: f64,
    /// N*: the insured who are not employee members (before the enrolment response), 万人:
    /// Σ_x (cov·P(x) − E(x)), floored at 0.
    pub residents: f64,
    /// Mean ω of the active members.
    pub omega_active: f64,
    /// Mean ω of the retired members.
    pub omega_retired: f64,
    /// The resident pool's age mix.
    pub mix: ResidentMix,
    /// Σ_x max(cov·P(x) − E(x), 0): the insured of the ages where employees do not fill them,
    /// 万人 (the projection scales it to the base year's residents, see docs/model.md).
    pub uncovered: f64,
    /// Employee members fill the insured: N* floored at 0.
    pub over_insured: bool,
    /// Formalisation hit the cap at some age.
    pub capped: bool,
}

/// Members from employee coverage by age, summed band by band (the people of a band are spread
/// evenly over its five ages, so a band needs only sums of its ages' coverage). Employee
/// coverage at age x is `carried[sex][x] + excess[sex][x]`; the employee members (actives,
/// retirees, their cost weights) weigh it by `weights[sex][x]` when given (the history years'
/// member factors carried by the cohorts, see `project.rs`); the residents are counted from the
/// unweighted coverage.
fn tally(
    carried: [&[f64]; 2],
    excess: &Coverage,
    weights: Option<[&[f64]; 2]>,
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    coverage: f64,
) -> Members {
    let mut m = Members::default();
    let (mut w_active, mut w_retired, mut w_res, mut res_pos, mut children) =
        (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut emp = [0.0; 5];
    for sex in 0..2 {
        let r = retirement[sex];
        for (b, &people) in bands[sex].iter().enumerate() {
            let omega = COST_WEIGHTS[b];
            let fifth = people / 5.0;
            if 5 * b + 5 <= WORK_START {
                // Nobody under 20 is an employee member: all the insured are residents.
                let young = coverage * CHILD_END.saturating_sub(5 * b).min(5) as f64;
                m.residents += coverage * people;
                res_pos += fifth * (5.0 * coverage);
                w_res += fifth * (5.0 * coverage) * omega;
                children += fifth * young;
                continue;
            }
            // Σ e·w, Σ e·(1 − w) and Σ max(cov − e, 0) over the band's ages; w is 1 or 0 for
            // every age of a band that R does not cut. Bands from 20 on hold no children.
            let (lo, hi) = (5 * b, 5 * b + 5);
            let (c, ex) = (&carried[sex][lo..hi], &excess[sex][lo..hi]);
            let (mut sum, mut raw, mut pos) = (0.0, 0.0, 0.0);
            for i in 0..5 {
                let total = c[i] + ex[i];
                let e = match weights {
                    Some(g) => total * g[sex][lo + i],
                    None => total,
                };
                emp[i] = e;
                sum += e;
                raw += total;
                let d = coverage - total;
                pos += if d > 0.0 { d } else { 0.0 };
            }
            let (work, old) = split_band(&emp, lo, sum, r);
            m.active += fifth * work;
            m.retired += fifth * old;
            w_active += fifth * work * omega;
            w_retired += fifth * old * omega;
            // N* sums the signed differences (so that the base year reproduces the calibrated
            // residents); the cost weights take the ages that hold residents.
            m.residents += coverage * people - fifth * raw;
            res_pos += fifth * pos;
            w_res += fifth * pos * omega;
        }
    }
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    m.uncovered = res_pos;
    m.omega_active = ratio(w_active, m.active);
    m.omega_retired = ratio(w_retired, m.retired);
    if m.residents <= 0.0 {
        m.residents = 0.0;
        m.over_insured = true;
    }
    m.mix = ResidentMix::from_sums(w_res, children, res_pos);
    m
}

/// A band's employee coverage sum `sum` (ages `lo..lo + 5`, coverage `ages`) split into working
/// age and pension age at retirement age `r`: Σ e·w and Σ e·(1 − w).
fn split_band(ages: &[f64], lo: usize, sum: f64, r: f64) -> (f64, f64) {
    let hi = lo + ages.len();
    if lo as f64 >= r || hi <= WORK_START {
        (0.0, sum)
    } else if lo >= WORK_START && hi as f64 <= r {
        (sum, 0.0)
    } else {
        let (mut work, mut old) = (0.0, 0.0);
        for (x, &ex) in (lo..hi).zip(ages) {
            let w = work_share(x, r);
            work += ex * w;
            old += ex * (1.0 - w);
        }
        (work, old)
    }
}

impl ResidentMix {
    /// The mix from the pool's ω-weighted people, children and people.
    fn from_sums(weighted: f64, children: f64, people: f64) -> Self {
        if people > 0.0 {
            ResidentMix {
                omega: weighted / people,
                child_share: children / people,
            }
        } else {
            ResidentMix {
                omega: 1.0,
                child_share: 0.0,
            }
        }
    }
}

/// Share of single age `x` of working age (`[20, R)`) for a retirement age `r`; the rest of an
/// age of 20 or more is of pension age.
pub fn work_share(x: usize, r: f64) -> f64 {
    age_share(x, WORK_START as f64, r)
}

/// Base-year employee coverage levels `(a, r)`: flat over working ages and over pension ages,
/// the levels that reproduce the calibrated actives `active` and retirees `retired` exactly (the
/// age holding the retirement age is split between the two levels in proportion).
fn base_levels(
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    active: f64,
    retired: f64,
) -> (f64, f64) {
    // A = a·Sww + r·Swo and R = a·Swo + r·Soo, where e(x) = a·w(x) + r·(1 − w(x)) from 20 on.
    let (mut sww, mut swo, mut soo) = (0.0, 0.0, 0.0);
    for sex in 0..2 {
        for x in WORK_START..AGES {
            let p = people_at(&bands[sex], x);
            let w = work_share(x, retirement[sex]);
            sww += p * w * w;
            swo += p * w * (1.0 - w);
            soo += p * (1.0 - w) * (1.0 - w);
        }
    }
    let det = sww * soo - swo * swo;
    if det.abs() > 1e-12 * sww.max(1.0) * soo.max(1.0) {
        return (
            (active * soo - retired * swo) / det,
            (retired * sww - active * swo) / det,
        );
    }
    let a = if sww + swo > 0.0 {
        active / (sww + swo)
    } else {
        0.0
    };
    let r = if soo + swo > 0.0 {
        retired / (soo + swo)
    } else {
        0.0
    };
    (a, r)
}

/// Base-year employee coverage e(x, B) = a·w(x) + r·(1 − w(x)) from age 20 (see
/// [`base_levels`]).
pub fn base_coverage(
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    active: f64,
    retired: f64,
) -> Coverage {
    let (a, r) = base_levels(bands, retirement, active, retired);
    let mut e = [[0.0; AGES]; 2];
    for sex in 0..2 {
        for x in WORK_START..AGES {
            let w = work_share(x, retirement[sex]);
            e[sex][x] = a * w + r * (1.0 - w);
        }
    }
    e
}

/// The base year's employee coverage split into the part each cohort carries as it ages and
/// the working-age excess over the insured share that stays with the ages (docs/model.md §4,
/// ⚑ docs/model.md "Working-age coverage above the insured share").
///
/// Where the working-age level `a` exceeds the insured share `coverage` (Beijing, Shanghai: more
/// employee members of working age than insured people of those ages, the members who work in
/// the province and are counted in another's population or insured twice), the excess
/// `(a − coverage)·w(x)` is a profile of the ages, not of the cohorts: it is renewed at 20 and
/// ends at the base year's retirement age, as a stream of workers who come and go. Cohorts carry
/// at most the insured share through working age into retirement. Returns `(carried, excess)`;
/// their sum is [`base_coverage`], so the base year is reproduced exactly.
pub fn base_coverage_split(
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    active: f64,
    retired: f64,
    coverage: f64,
) -> (Coverage, Coverage) {
    let (a, r) = base_levels(bands, retirement, active, retired);
    let over = (a - coverage).max(0.0);
    let (mut carried, mut excess) = ([[0.0; AGES]; 2], [[0.0; AGES]; 2]);
    for sex in 0..2 {
        for x in WORK_START..AGES {
            let w = work_share(x, retirement[sex]);
            excess[sex][x] = over * w;
            carried[sex][x] = (a - over) * w + r * (1.0 - w);
        }
    }
    (carried, excess)
}

/// Employee coverage by single age that moves with its cohorts (docs/model.md §4), stored by
/// birth cohort so that ageing every cohort a year is an index shift, not a copy: the value at
/// age x is `buf[sex][origin + x]`, and a year later the same cohort (age x + 1) is found at
/// `origin − 1 + x + 1`, the same place.
#[derive(Clone, Debug, PartialEq)]
pub struct Cohorts {
    buf: [Vec<f64>; 2],
    origin: usize,
}

impl Cohorts {
    /// Cohorts holding `at_ages` now, with room to age `years` times before the storage grows.
    pub fn new(at_ages: &Coverage, years: usize) -> Self {
        let mut buf = [vec![0.0; years + AGES], vec![0.0; years + AGES]];
        for (b, a) in buf.iter_mut().zip(at_ages) {
            b[years..].copy_from_slice(a);
        }
        Cohorts { buf, origin: years }
    }

    /// The values by age (0 … [`AGES`] − 1) of one sex.
    pub fn ages(&self, sex: usize) -> &[f64] {
        &self.buf[sex][self.origin..self.origin + AGES]
    }

    fn ages_mut(&mut self, sex: usize) -> &mut [f64] {
        &mut self.buf[sex][self.origin..self.origin + AGES]
    }

    /// Both sexes' values by age.
    fn both(&self) -> [&[f64]; 2] {
        [self.ages(0), self.ages(1)]
    }

    /// The values by age as an array.
    pub fn to_array(&self) -> Coverage {
        let mut out = [[0.0; AGES]; 2];
        for (sex, o) in out.iter_mut().enumerate() {
            o.copy_from_slice(self.ages(sex));
        }
        out
    }

    /// Every cohort a year older: the value at age x + 1 is last year's at x, from 21 on; the
    /// cohort reaching 20 takes last year's value at 20. Ages below 20 are not carried (no one
    /// under 20 is an employee member, and the tally reads none of them): coverage keeps them at
    /// 0; member factors shift them like the others.
    pub fn age_one_year(&mut self) {
        if self.origin == 0 {
            // Out of room (more years than the cohorts were made for): start a fresh buffer
            // with the same room again.
            let room = self.buf[0].len() - AGES;
            *self = Cohorts::new(&self.to_array(), room.max(1));
        }
        self.origin -= 1;
        for b in &mut self.buf {
            let o = self.origin;
            b[o + WORK_START] = b[o + WORK_START + 1];
            // The slot that becomes age 0 held no cohort the window saw.
            b[o] = 0.0;
        }
    }
}

/// Members of a year from employee coverage `carried + excess` (people of each age and sex in
/// `bands`, retirement ages `[men, women]`, insured share `coverage`).
pub fn members(
    carried: &Coverage,
    excess: &Coverage,
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    coverage: f64,
) -> Members {
    tally(
        [&carried[0], &carried[1]],
        excess,
        None,
        bands,
        retirement,
        coverage,
    )
}

/// One year of the cohort model (docs/model.md §4): every cohort keeps its employee coverage
/// as it ages, e(x, t) = e(x − 1, t − 1); the cohort reaching 20 takes the 20-year-olds' level
/// of the year before; at working ages formalisation adds f·e(x − 1, t − 1) of the people,
/// at most [`FORMALISATION_CAP`] of the age's residents. `carried` is the carried coverage,
/// moved on in place; the ages' `excess` (see [`base_coverage_split`]) is added to it for the
/// members and the cap. `weights` (the history years' member factors carried by the cohorts,
/// already a year older) weigh the employee members but not the residents. Returns the year's
/// members.
pub fn cohort_step(
    carried: &mut Cohorts,
    excess: &Coverage,
    weights: Option<&Cohorts>,
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    formalisation: f64,
    coverage: f64,
) -> Members {
    carried.age_one_year();
    let mut capped = false;
    for sex in (0..2).filter(|_| formalisation != 0.0) {
        let r = retirement[sex];
        let last = (r.max(0.0).ceil() as usize).min(AGES);
        let to = carried.ages_mut(sex);
        for x in WORK_START..last {
            let c = to[x];
            let mut moved = c * formalisation * work_share(x, r);
            let cap = FORMALISATION_CAP * (coverage - c - excess[sex][x]).max(0.0);
            if moved > cap {
                moved = cap;
                capped = true;
            }
            to[x] = c + moved;
        }
    }
    let mut m = tally(
        carried.both(),
        excess,
        weights.map(Cohorts::both),
        bands,
        retirement,
        coverage,
    );
    m.capped = capped;
    m
}

/// [`cohort_step`] on coverage by age: the new carried coverage and the year's members.
pub fn cohort_step_ages(
    prev: &Coverage,
    excess: &Coverage,
    bands: &[[f64; BANDS]; 2],
    retirement: [f64; 2],
    formalisation: f64,
    coverage: f64,
) -> (Coverage, Members) {
    let mut c = Cohorts::new(prev, 1);
    let m = cohort_step(
        &mut c,
        excess,
        None,
        bands,
        retirement,
        formalisation,
        coverage,
    );
    (c.to_array(), m)
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
    #[test]
    fn cohort_rule_delays_by_birth_month_as_enacted() {
        // Men: born December 1964 → 60; January–April 1965 → 60 and 1 month; May 1965 → 2
        // months; September 1976 and later → 63.
        assert_eq!(MEN.age(1964, 12), 60.0);
        assert_eq!(MEN.delay_months(1965, 1), 1);
        assert_eq!(MEN.delay_months(1965, 4), 1);
        assert_eq!(MEN.delay_months(1965, 5), 2);
        assert_eq!(MEN.delay_months(1976, 8), 35);
        assert_eq!(MEN.delay_months(1976, 9), 36);
        assert_eq!(MEN.age(1990, 6), 63.0);
        // Women workers: one month per two months from January 1975, 55 from November 1984.
        assert_eq!(WOMEN_WORKERS.delay_months(1974, 12), 0);
        assert_eq!(WOMEN_WORKERS.delay_months(1975, 2), 1);
        assert_eq!(WOMEN_WORKERS.delay_months(1975, 3), 2);
        assert_eq!(WOMEN_WORKERS.delay_months(1984, 10), 59);
        assert_eq!(WOMEN_WORKERS.age(1984, 11), 55.0);
        // Women cadres: one month per four months from January 1970, 58 from September 1981.
        assert_eq!(WOMEN_CADRES.delay_months(1970, 4), 1);
        assert_eq!(WOMEN_CADRES.delay_months(1970, 5), 2);
        assert_eq!(WOMEN_CADRES.age(1981, 9), 58.0);
    }

    #[test]
    fn calendar_path_is_the_mean_age_of_the_cohorts_retiring_that_year() {
        // 2025: men born January–September 1965 retire (the October 1965 cohort, delayed three
        // months, retires in January 2026); delays 1,1,1,1,2,2,2,2,3 months.
        let expected = 60.0 + (1 + 1 + 1 + 1 + 2 + 2 + 2 + 2 + 3) as f64 / 9.0 / 12.0;
        assert!((MEN.calendar_age(2025) - expected).abs() < 1e-12);
        assert_eq!(MEN.calendar_age(2024), 60.0);
        assert_eq!(MEN.calendar_age(2040), 63.0);
        // Every cohort retiring in a year is checked against the rule directly.
        for year in [2026, 2030, 2035, 2039] {
            let (mut sum, mut n) = (0.0, 0.0);
            for by in 1960..1985 {
                for bm in 1..=12 {
                    let months = (by * 12 + bm - 1) + 12 * 60 + MEN.delay_months(by, bm);
                    if months.div_euclid(12) == year {
                        sum += MEN.age(by, bm);
                        n += 1.0;
                    }
                }
            }
            assert!((MEN.calendar_age(year) - sum / n).abs() < 1e-12, "{year}");
        }
        let women = retirement_path_women();
        assert_eq!(women.keys()[&2024], 52.5);
        assert_eq!(women.keys()[&2040], 56.5);
        let men = retirement_path_men();
        let step = (men.keys()[&2035] - men.keys()[&2030]) / 5.0;
        assert!(
            (0.19..0.21).contains(&step),
            "men rise about 0.2 a year: {step}"
        );
    }

    fn flat_bands() -> [[f64; BANDS]; 2] {
        let mut b = [[10.0; BANDS]; 2];
        b[0][20] = 0.5;
        b[1][20] = 0.5;
        b
    }

    #[test]
    fn base_coverage_reproduces_actives_and_retirees() {
        let bands = flat_bands();
        for ret in [[60.0, 52.5], [62.3, 55.75]] {
            let e = base_coverage(&bands, ret, 30.0, 12.0);
            let m = members(&e, &[[0.0; AGES]; 2], &bands, ret, 0.95);
            assert!((m.active - 30.0).abs() < 1e-9, "{m:?}");
            assert!((m.retired - 12.0).abs() < 1e-9, "{m:?}");
            let insured = 0.95 * bands.iter().flatten().sum::<f64>();
            assert!((m.residents - (insured - 42.0)).abs() < 1e-9);
        }
    }

    #[test]
    fn working_age_excess_over_the_insured_stays_with_the_ages() {
        let bands = flat_bands();
        let ret = [60.0, 55.0];
        let (a0, r0) = (120.0, 12.0);
        let total = base_coverage(&bands, ret, a0, r0);
        // Employees of working age above the insured share 0.5: the excess is split off.
        let (carried, excess) = base_coverage_split(&bands, ret, a0, r0, 0.5);
        for sex in 0..2 {
            for x in 0..AGES {
                let sum = carried[sex][x] + excess[sex][x];
                assert!((sum - total[sex][x]).abs() < 1e-12, "{sex} {x}");
                assert!(
                    carried[sex][x] <= 0.5 + 1e-12,
                    "cohorts carry at most the insured"
                );
            }
        }
        assert!(excess[0][30] > 0.0 && excess[0][70] == 0.0);
        // The base year is reproduced; a year on, the excess has not aged into retirement.
        let m0 = members(&carried, &excess, &bands, ret, 0.5);
        assert!((m0.active - a0).abs() < 1e-9 && (m0.retired - r0).abs() < 1e-9);
        let (_, m1) = cohort_step_ages(&carried, &excess, &bands, ret, 0.0, 0.5);
        let (_, all_carried) = cohort_step_ages(&total, &[[0.0; AGES]; 2], &bands, ret, 0.0, 0.5);
        assert!((m1.active - m0.active).abs() < 1e-9);
        assert!(m1.retired < all_carried.retired);
        // Below the insured share nothing is split off.
        let (c, e) = base_coverage_split(&bands, ret, 30.0, 12.0, 0.95);
        assert_eq!(c, base_coverage(&bands, ret, 30.0, 12.0));
        assert!(e.iter().flatten().all(|&v| v == 0.0));
    }

    #[test]
    fn cohorts_age_by_an_index_shift_as_by_copying() {
        // Coverage by age, shifted by hand a year at a time: from 21 on the value of the age
        // below, at 20 last year's value at 20, under 20 nothing.
        let mut by_hand = [[0.0; AGES]; 2];
        for (sex, ages) in by_hand.iter_mut().enumerate() {
            for (x, v) in ages.iter_mut().enumerate().skip(WORK_START) {
                *v = 0.3 + 0.001 * (x * (sex + 1)) as f64;
            }
        }
        // Room for two years only, so that the storage must grow on the way.
        let mut cohorts = Cohorts::new(&by_hand, 2);
        for _ in 0..7 {
            let last = by_hand;
            for (to, from) in by_hand.iter_mut().zip(&last) {
                to[WORK_START + 1..].copy_from_slice(&from[WORK_START..AGES - 1]);
            }
            cohorts.age_one_year();
            assert_eq!(cohorts.to_array(), by_hand);
        }
    }

    #[test]
    fn later_retirement_moves_members_without_creating_them() {
        let bands = flat_bands();
        let e = base_coverage(&bands, [60.0, 52.5], 30.0, 12.0);
        let (_, now) = cohort_step_ages(&e, &[[0.0; AGES]; 2], &bands, [60.0, 52.5], 0.0, 0.95);
        let (_, later) = cohort_step_ages(&e, &[[0.0; AGES]; 2], &bands, [63.0, 56.5], 0.0, 0.95);
        assert!(later.active > now.active && later.retired < now.retired);
        let total = |m: &Members| m.active + m.retired;
        assert!((total(&later) - total(&now)).abs() < 1e-9);
    }

    #[test]
    fn formalisation_moves_at_most_half_of_an_ages_residents() {
        let bands = flat_bands();
        let e = base_coverage(&bands, [60.0, 55.0], 30.0, 12.0);
        let (next, m) = cohort_step_ages(&e, &[[0.0; AGES]; 2], &bands, [60.0, 55.0], 5.0, 0.95);
        assert!(m.capped);
        for sex in 0..2 {
            for x in WORK_START + 1..AGES {
                let moved = next[sex][x] - e[sex][x - 1];
                let residents = 0.95 - e[sex][x - 1];
                assert!(moved <= FORMALISATION_CAP * residents + 1e-12, "{sex} {x}");
                assert!(moved >= 0.0);
            }
        }
        // Nobody is moved at pension ages.
        assert_eq!(next[0][70], e[0][69]);
    }
}
