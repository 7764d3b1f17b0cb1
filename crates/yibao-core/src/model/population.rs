//! Population variants (issue 12): a small cohort-component projection of China's population
//! from the 2022 WPP 2024 estimate, and fertility variants with the UN's ±0.5-child convention.
//!
//! Inputs (embedded, `assets/data/wpp2024/`): the population by five-year band and sex
//! (1 July), WPP 2024's central death rates m(x) by five-year period, sex and abridged age
//! (`china_mx_abridged_wpp2024.csv`), and the annual TFR and births (medium variant from 2024).
//!
//! One step, 1 July of year t to 1 July of t+1, per sex:
//!
//! ```text
//! survivors      S_k = P_k(t) · exp(−m_k(t+½))
//! ageing         P_k(t+1) = S_k · 4/5 + S_{k−1} / 5           (bands 1–19, uniform within band)
//!                P_20(t+1) = S_20 + S_19 / 5                    (100+)
//!                P_0(t+1)  = S_0 · 4/5 + B_sex(t+1) · exp(−m_0^infant(t+1) / 2)
//! births         B(t+1) = k · TFR(t+1) / 35 · F_15–49(t)          (uniform fertility over 15–49)
//! ```
//!
//! m_k(y) interpolates linearly between the WPP periods' midpoints (2022.5, 2027.5, …); band 0–4
//! uses (m_0 + 4 m_1) / 5, the infant rate m_0 for the newborn's half year. k is calibrated so
//! that births in 2023 equal WPP's; births split by sex as the 2022 0–4 band does. No migration.
//!
//! A variant's population is WPP's medium-variant table times the ratio of the cohort-component
//! run with the variant's TFR to the run with the medium TFR, band by band, sex by sex, year by
//! year: the medium variant is WPP's exactly, and the variants differ from it only by the effect
//! of fertility. The fit of the medium run to WPP (the model error the ratio removes) is
//! reported by [`medium_gap`].

use super::data::{BANDS, Dataset, Population};

const MX: &str = include_str!("../../../../assets/data/wpp2024/china_mx_abridged_wpp2024.csv");
const MX_FILE: &str = "assets/data/wpp2024/china_mx_abridged_wpp2024.csv";
const ANNUAL: &str =
    include_str!("../../../../assets/data/wpp2024/china_annual_indicators_wpp2024.csv");
const ANNUAL_FILE: &str = "assets/data/wpp2024/china_annual_indicators_wpp2024.csv";

/// The base year of the cohort-component run.
pub const START_YEAR: i32 = 2022;

/// The UN's variant difference in TFR (children per woman).
pub const VARIANT_DELTA: f64 = 0.5;

/// Years over which the variant difference phases in linearly (UN WPP phases the ±0.5 in over
/// the first years of the projection; this model ramps it from 0 in 2023 to full in 2028).
pub const RAMP: (i32, i32) = (2023, 2028);

/// A fertility variant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Fertility {
    /// TFR 0.5 below the medium variant.
    Low,
    /// WPP 2024 medium variant.
    #[default]
    Medium,
    /// TFR 0.5 above the medium variant.
    High,
}

impl Fertility {
    /// All variants.
    pub const ALL: [Fertility; 3] = [Fertility::Low, Fertility::Medium, Fertility::High];

    /// The id used on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Fertility::Low => "low",
            Fertility::Medium => "medium",
            Fertility::High => "high",
        }
    }

    /// The variant with this id.
    pub fn from_id(id: &str) -> Option<Fertility> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The variant's TFR shift in `year`.
    pub fn delta(self, year: i32) -> f64 {
        let sign = match self {
            Fertility::Low => -1.0,
            Fertility::Medium => return 0.0,
            Fertility::High => 1.0,
        };
        let (a, b) = RAMP;
        let w = (f64::from(year - a) / f64::from(b - a)).clamp(0.0, 1.0);
        sign * VARIANT_DELTA * w
    }
}

/// The embedded demographic inputs the cohort-component run needs.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// m(x) per period start (1950, 1955, …), sex (0 male, 1 female), abridged age index
    /// (0, 1, 5, …, 100+: 22 ages).
    mx: Vec<(i32, [[f64; 22]; 2])>,
    /// TFR by year (first year, values).
    tfr: (i32, Vec<f64>),
    /// Births by year, thousands.
    births: (i32, Vec<f64>),
}

fn parse_err(file: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("{file}:{line}: {msg}")
}

impl Inputs {
    /// Parses the embedded files.
    pub fn embedded() -> Result<Inputs, String> {
        let mut mx: Vec<(i32, [[f64; 22]; 2])> = Vec::new();
        for (i, line) in MX.lines().enumerate().skip(1) {
            let n = i + 1;
            let f: Vec<&str> = line.split(',').collect();
            let [period, sex, age, value] = f.as_slice() else {
                return Err(parse_err(MX_FILE, n, "expected 4 columns"));
            };
            let start: i32 = period
                .split('-')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| parse_err(MX_FILE, n, format!("bad period `{period}`")))?;
            let s = match *sex {
                "male" => 0,
                "female" => 1,
                _ => continue,
            };
            let a = match age.trim_end_matches('+').parse::<usize>() {
                Ok(0) => 0,
                Ok(1) => 1,
                Ok(x) if x % 5 == 0 && x <= 100 => x / 5 + 1,
                _ => return Err(parse_err(MX_FILE, n, format!("bad age `{age}`"))),
            };
            let v: f64 = value
                .parse()
                .map_err(|_| parse_err(MX_FILE, n, format!("bad rate `{value}`")))?;
            let pos = match mx.iter().position(|(y, _)| *y == start) {
                Some(p) => p,
                None => {
                    mx.push((start, [[f64::NAN; 22]; 2]));
                    mx.len() - 1
                }
            };
            mx[pos].1[s][a] = v;
        }
        mx.sort_by_key(|(y, _)| *y);
        if mx.is_empty()
            || mx
                .iter()
                .any(|(_, r)| r.iter().flatten().any(|v| v.is_nan()))
        {
            return Err(parse_err(MX_FILE, 0, "a period lacks a sex or an age"));
        }
        let mut tfr = Vec::new();
        let mut births = Vec::new();
        let mut first = None;
        for (i, line) in ANNUAL.lines().enumerate().skip(1) {
            let n = i + 1;
            let f: Vec<&str> = line.split(',').collect();
            let num = |k: usize, what: &str| {
                f.get(k)
                    .and_then(|v| v.parse::<f64>().ok())
                    .ok_or_else(|| parse_err(ANNUAL_FILE, n, format!("bad {what}")))
            };
            let year = num(0, "year")? as i32;
            if first.is_none() {
                first = Some(year);
            }
            if first.is_some_and(|y0| year != y0 + tfr.len() as i32) {
                return Err(parse_err(ANNUAL_FILE, n, "years are not consecutive"));
            }
            tfr.push(num(4, "tfr")?);
            births.push(num(5, "births_thousands")?);
        }
        let first = first.ok_or_else(|| parse_err(ANNUAL_FILE, 0, "no rows"))?;
        Ok(Inputs {
            mx,
            tfr: (first, tfr),
            births: (first, births),
        })
    }

    fn annual(series: &(i32, Vec<f64>), year: i32) -> f64 {
        let i = (year - series.0).clamp(0, series.1.len() as i32 - 1) as usize;
        series.1[i]
    }

    /// WPP's medium TFR in `year`.
    pub fn tfr(&self, year: i32) -> f64 {
        Self::annual(&self.tfr, year)
    }

    /// WPP's births in `year`, thousands.
    pub fn births(&self, year: i32) -> f64 {
        Self::annual(&self.births, year)
    }

    /// m(x) at a (fractional) time, interpolated between period midpoints.
    fn mx_at(&self, time: f64) -> [[f64; 22]; 2] {
        let mid = |k: usize| f64::from(self.mx[k].0) + 2.5;
        let last = self.mx.len() - 1;
        let k = (0..last).find(|&k| time < mid(k + 1)).unwrap_or(last);
        if k == last || time <= mid(0) {
            let k = if time <= mid(0) { 0 } else { last };
            return self.mx[k].1;
        }
        let w = (time - mid(k)) / (mid(k + 1) - mid(k));
        let mut out = [[0.0; 22]; 2];
        for s in 0..2 {
            for a in 0..22 {
                out[s][a] = self.mx[k].1[s][a] * (1.0 - w) + self.mx[k + 1].1[s][a] * w;
            }
        }
        out
    }
}

/// Oldest single age kept apart; the last age group is `MAX_AGE`+.
const MAX_AGE: usize = 100;
const AGES: usize = MAX_AGE + 1;

/// Mean and standard deviation of the assumed fertility schedule (a normal shape over ages
/// 15–49, mean age at childbearing about 29 in China around 2020).
pub const FERTILITY_SHAPE: (f64, f64) = (29.0, 5.5);

/// The assumed age pattern of fertility: shares of the TFR by single age 15–49, summing to 1.
fn fertility_schedule() -> [f64; AGES] {
    let (mu, sd) = FERTILITY_SHAPE;
    let mut f = [0.0; AGES];
    for a in 15..50 {
        let z = (a as f64 + 0.5 - mu) / sd;
        f[a] = (-0.5 * z * z).exp();
    }
    let sum: f64 = f.iter().sum();
    f.map(|v| v / sum)
}

/// Annual death rate of each single age from abridged m(x) (the rate of the age's group).
fn age_rates(m: &[f64; 22]) -> [f64; AGES] {
    let mut out = [0.0; AGES];
    out[0] = m[0];
    for a in 1..AGES {
        out[a] = if a < 5 { m[1] } else { m[(a / 5).min(20) + 1] };
    }
    out
}

/// Splits the five-year bands of `year` into single ages in proportion to the births of each
/// cohort (WPP's annual births, 1950 on); older cohorts, and the open 100+ group, evenly.
fn single_ages(bands: &[f64; BANDS], year: i32, inputs: &Inputs) -> [f64; AGES] {
    let mut out = [0.0; AGES];
    for b in 0..BANDS - 1 {
        let ages = 5 * b..5 * b + 5;
        let weight = |a: usize| {
            let born = year - a as i32;
            if born >= inputs.births.0 {
                inputs.births(born)
            } else {
                1.0
            }
        };
        let total: f64 = ages.clone().map(weight).sum();
        for a in ages {
            out[a] = bands[b] * weight(a) / total;
        }
    }
    out[MAX_AGE] = bands[BANDS - 1];
    out
}

fn to_bands(ages: &[f64; AGES]) -> [f64; BANDS] {
    let mut out = [0.0; BANDS];
    for (a, v) in ages.iter().enumerate() {
        out[(a / 5).min(BANDS - 1)] += v;
    }
    out
}

/// The cohort-component projection from the 2022 population of `pop` to its last year with
/// TFR(y) = medium + `variant.delta(y)`; rows per year from [`START_YEAR`], [male, female]
/// five-year bands.
pub fn project_population(
    pop: &Population,
    inputs: &Inputs,
    variant: Fertility,
) -> Result<Vec<[[f64; BANDS]; 2]>, String> {
    let start = |sex| {
        pop.bands(START_YEAR, sex)
            .map(|b| single_ages(b, START_YEAR, inputs))
            .ok_or_else(|| format!("the population table has no {START_YEAR}"))
    };
    let mut cur = [start(0)?, start(1)?];
    let male_share = cur[0][0] / (cur[0][0] + cur[1][0]);
    let schedule = fertility_schedule();
    let exposure =
        |p: &[[f64; AGES]; 2]| -> f64 { schedule.iter().zip(&p[1]).map(|(f, w)| f * w).sum() };
    // k: WPP's 2023 births over the births the schedule gives at the 2023 TFR.
    let k = inputs.births(START_YEAR + 1) / (inputs.tfr(START_YEAR + 1) * exposure(&cur));
    let mut rows = vec![[to_bands(&cur[0]), to_bands(&cur[1])]];
    for year in START_YEAR + 1..=pop.last_year() {
        let m = inputs.mx_at(f64::from(year) - 0.5);
        let tfr = (inputs.tfr(year) + variant.delta(year)).max(0.0);
        let births = k * tfr * exposure(&cur);
        let mut next = [[0.0; AGES]; 2];
        for s in 0..2 {
            let rates = age_rates(&m[s]);
            let share = if s == 0 { male_share } else { 1.0 - male_share };
            next[s][0] = births * share * (-rates[0] / 2.0).exp();
            for a in 1..AGES {
                next[s][a] = cur[s][a - 1] * (-rates[a - 1]).exp();
            }
            next[s][MAX_AGE] += cur[s][MAX_AGE] * (-rates[MAX_AGE]).exp();
        }
        rows.push([to_bands(&next[0]), to_bands(&next[1])]);
        cur = next;
    }
    Ok(rows)
}

/// `data` with its population replaced by the fertility variant (see the module docs); the
/// medium variant returns the data unchanged.
pub fn with_fertility(data: &Dataset, variant: Fertility) -> Result<Dataset, String> {
    if variant == Fertility::Medium {
        return Ok(data.clone());
    }
    let inputs = Inputs::embedded()?;
    let pop = &data.population;
    let medium = project_population(pop, &inputs, Fertility::Medium)?;
    let other = project_population(pop, &inputs, variant)?;
    let mut out = data.clone();
    for (i, (m, o)) in medium.iter().zip(&other).enumerate() {
        let year = START_YEAR + i as i32;
        let Ok(row) = usize::try_from(year - pop.first_year) else {
            continue;
        };
        for s in 0..2 {
            let table = if s == 0 {
                &mut out.population.male
            } else {
                &mut out.population.female
            };
            if let Some(bands) = table.get_mut(row) {
                for b in 0..BANDS {
                    if m[s][b] > 0.0 {
                        bands[b] *= o[s][b] / m[s][b];
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The medium cohort-component run against WPP's medium variant in one year.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Year.
    pub year: i32,
    /// WPP total population, thousands.
    pub wpp_total: f64,
    /// Model total, thousands.
    pub model_total: f64,
    /// WPP share aged 65+.
    pub wpp_65: f64,
    /// Model share aged 65+.
    pub model_65: f64,
    /// WPP population aged 0–4, thousands.
    pub wpp_0_4: f64,
    /// Model population aged 0–4, thousands.
    pub model_0_4: f64,
}

/// How closely the medium cohort-component run reproduces WPP's medium variant, per year.
pub fn medium_gap(data: &Dataset) -> Result<Vec<Gap>, String> {
    let inputs = Inputs::embedded()?;
    let pop = &data.population;
    let rows = project_population(pop, &inputs, Fertility::Medium)?;
    let stats = |p: [&[f64; BANDS]; 2]| {
        let total: f64 = p.iter().map(|x| x.iter().sum::<f64>()).sum();
        let old: f64 = p.iter().map(|x| x[13..].iter().sum::<f64>()).sum();
        (total, old / total, p[0][0] + p[1][0])
    };
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let year = START_YEAR + i as i32;
        let (Some(m), Some(f)) = (pop.bands(year, 0), pop.bands(year, 1)) else {
            continue;
        };
        let (wt, w65, w04) = stats([m, f]);
        let (mt, m65, m04) = stats([&r[0], &r[1]]);
        out.push(Gap {
            year,
            wpp_total: wt,
            model_total: mt,
            wpp_65: w65,
            model_65: m65,
            wpp_0_4: w04,
            model_0_4: m04,
        });
    }
    Ok(out)
}
