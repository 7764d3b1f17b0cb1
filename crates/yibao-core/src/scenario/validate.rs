//! Semantic checks of a scenario (no text positions): lever ids, province codes, years, ranges.
//! The GUI runs them on scenarios it builds; the file loader attaches positions to them.

use super::diagnostic::Severity;
use super::parse::{MAX_DIAGNOSTICS, MAX_SUGGEST_CHARS, clip};
use super::suggest::{edit_distance, similar_ids};
use crate::model::keys::{LeverKey, split_key};
use crate::model::levers::{Lever, LeverDef, ValueUnit};
use crate::model::scenario::{BASELINE_CURRENT_LAW, MAX_HORIZON, Scenario};
use crate::model::{LeverPath, levers};

pub use crate::model::keys::PROVINCE_CODES;

/// The base year: lever paths may start here (values only feed the calibration).
pub const FIRST_LEVER_YEAR: i32 = 2022;

/// Where in a scenario an issue lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A top-level field.
    Field(&'static str),
    /// A lever key (`id` or `id@CODE`).
    Lever {
        /// The key as written.
        key: String,
    },
    /// A year key of a lever's path.
    LeverYear {
        /// The lever key as written.
        key: String,
        /// The year.
        year: i32,
    },
    /// An entry of a pooling list (`resident`, `employee`, `adjustment`).
    Pooling {
        /// The list.
        list: &'static str,
        /// 0-based index in the list.
        index: usize,
    },
}

/// A semantic problem without a text position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// Where it lies.
    pub place: Place,
    /// What is wrong.
    pub message: String,
}

fn error(place: Place, message: String) -> Issue {
    Issue {
        severity: Severity::Error,
        place,
        message,
    }
}

fn warning(place: Place, message: String) -> Issue {
    Issue {
        severity: Severity::Warning,
        place,
        message,
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn or_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A number with just enough digits to be the number it is: the shortest of `{:.p}` that
/// reads back as `v` after dividing by `scale` (so `3.5` for 0.035 shown in %, but
/// `75.00000000000001` for a value just above 75), and an exponent for huge or tiny numbers
/// (`1e308`, `-1e-298`), never `inf` or `-0`.
pub fn show_number(v: f64, scale: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let scaled = v * scale;
    let magnitude = scaled.abs();
    if scaled.is_infinite() || magnitude >= 1e15 || (magnitude > 0.0 && magnitude < 1e-6) {
        // The exponent form of `v` itself, scaled in the exponent (exact for powers of ten).
        let shown = format!("{:e}", v);
        let exp10 = scale.log10().round() as i32;
        return match shown.split_once('e') {
            Some((m, e)) if (10f64.powi(exp10) - scale).abs() < f64::EPSILON => {
                let e: i32 = e.parse().unwrap_or(0);
                format!("{m}e{}", e + exp10)
            }
            _ => shown,
        };
    }
    for p in 0..=17 {
        let text = format!("{scaled:.p$}");
        if let Ok(back) = text.parse::<f64>()
            && back / scale == v
        {
            return if text.starts_with('-') && back == 0.0 {
                format!("{scaled:e}")
            } else {
                text
            };
        }
    }
    format!("{scaled}")
}

/// A value as the unit shows it (fractions in %, money in yuan), with the digits it takes to
/// tell it from a nearby bound.
pub fn show_value(unit: ValueUnit, v: f64) -> String {
    let s = show_number(v, unit.display_scale());
    match unit {
        ValueUnit::Fraction | ValueUnit::FractionPerYear => format!("{s} %"),
        ValueUnit::FractionPoints => format!("{s} pp"),
        ValueUnit::YuanPerYear => format!("{s} yuan/yr"),
        ValueUnit::Years => format!("{s} years"),
        ValueUnit::Coefficient | ValueUnit::Integer => s,
    }
}

fn range_text(def: &LeverDef, (lo, hi): (f64, f64)) -> String {
    // "0–5000 yuan/yr": the unit once, after the upper bound.
    let low = show_value(def.unit, lo);
    let number = low.split(' ').next().unwrap_or(&low);
    format!("{number}–{}", show_value(def.unit, hi))
}

/// Checks a scenario; errors make it invalid, warnings do not.
pub fn validate(s: &Scenario) -> Vec<Issue> {
    let mut out = Vec::new();
    if s.title.trim().is_empty() {
        out.push(error(
            Place::Field("title"),
            "the title is empty; give the scenario a short title".into(),
        ));
    }
    if s.baseline != BASELINE_CURRENT_LAW {
        out.push(error(
            Place::Field("baseline"),
            format!(
                "unknown baseline \"{}\"; the only baseline is \"{BASELINE_CURRENT_LAW}\"",
                s.baseline
            ),
        ));
    }
    if !(FIRST_LEVER_YEAR + 1..=MAX_HORIZON).contains(&s.horizon) {
        out.push(error(
            Place::Field("horizon"),
            format!(
                "horizon {} is outside {}–{MAX_HORIZON}",
                s.horizon,
                FIRST_LEVER_YEAR + 1
            ),
        ));
    }
    for (key, path) in &s.levers {
        check_lever(s, key, path, &mut out);
    }
    check_constraints(s, &mut out);
    check_pooling(s, &mut out);
    out
}

/// Levers whose base-year value alone is read: the calibration's assumptions, the seed of
/// the synthetic sub-units, the near-term cost rule and the Monte Carlo's calibration draws.
pub const BASE_YEAR_ONLY: [Lever; 6] = [
    crate::model::solve::CALIBRATION_ONLY[0],
    Lever::PoolingSeed,
    Lever::EconomyCostAnchorWindow,
    Lever::EconomyCostAnchorFade,
    Lever::EconomyCostAnchorOneOffs,
    Lever::StochasticMarginDraws,
];

fn check_lever(s: &Scenario, key: &str, path: &LeverPath, out: &mut Vec<Issue>) {
    let place = || Place::Lever {
        key: key.to_owned(),
    };
    // Text level: the diagnostics name the part of the key that does not parse.
    let (id, code) = split_key(key);
    let Some(lever) = Lever::from_id(id) else {
        // No edit distance for ids far longer than any lever id, nor once more issues are
        // found than are ever shown (the work stays bounded on a file of thousands of ids).
        let close = if id.chars().count() > MAX_SUGGEST_CHARS || out.len() >= MAX_DIAGNOSTICS {
            Vec::new()
        } else {
            similar_ids(id)
        };
        let hint = if close.is_empty() {
            "run `yibao levers` for the list".to_owned()
        } else {
            format!("did you mean {}?", or_list(&close))
        };
        out.push(error(
            place(),
            format!("unknown lever \"{}\"; {hint}", clip(id)),
        ));
        return;
    };
    let def = lever.def();
    if let Some(code) = code {
        if !PROVINCE_CODES.contains(&code) {
            let mut close: Vec<(usize, &str)> = PROVINCE_CODES
                .iter()
                .filter(|_| {
                    code.chars().count() <= MAX_SUGGEST_CHARS && out.len() < MAX_DIAGNOSTICS
                })
                .map(|c| (edit_distance(&code.to_uppercase(), c), *c))
                .filter(|(d, _)| *d <= 1)
                .collect();
            close.sort();
            let names: Vec<&str> = close.iter().take(3).map(|x| x.1).collect();
            let hint = if names.is_empty() {
                format!("the codes are {}", PROVINCE_CODES.join(" "))
            } else {
                format!("did you mean {}?", or_list(&names))
            };
            out.push(error(
                place(),
                format!(
                    "unknown province code \"{}\" in \"{}\"; {hint}",
                    clip(code),
                    clip(key)
                ),
            ));
            return;
        }
        if !def.per_province {
            out.push(error(place(), format!("lever \"{id}\" applies to the whole nation and cannot be set per province (@{code})")));
            return;
        }
    }
    if path.keys().is_empty() {
        out.push(error(
            place(),
            format!("the path of \"{key}\" has no years; give at least one year: value"),
        ));
        return;
    }
    if matches!(path, LeverPath::Indexed(_)) && def.index.is_none() {
        out.push(error(
            place(),
            format!("lever \"{id}\" cannot be Indexed (it has no index); use Steps or Linear"),
        ));
    }
    if !def.in_effect {
        out.push(warning(
            place(),
            format!("lever \"{id}\" is accepted but not yet used by the projection"),
        ));
    }
    for (&year, &v) in path.keys() {
        let at = || Place::LeverYear {
            key: key.to_owned(),
            year,
        };
        if !(FIRST_LEVER_YEAR..=MAX_HORIZON).contains(&year) {
            out.push(error(
                at(),
                format!("{key}: year {year} is outside {FIRST_LEVER_YEAR}–{MAX_HORIZON}"),
            ));
            continue;
        }
        if year > FIRST_LEVER_YEAR && BASE_YEAR_ONLY.contains(&lever) {
            out.push(warning(
                at(),
                format!(
                    "{key}: year {year}: this lever acts on the base year {FIRST_LEVER_YEAR} only (only its {FIRST_LEVER_YEAR} value is used); a value from {year} changes nothing"
                ),
            ));
        }
        if year > s.horizon {
            out.push(warning(
                at(),
                format!(
                    "{key}: year {year} is after the horizon {} and has no effect",
                    s.horizon
                ),
            ));
        }
        if !v.is_finite() {
            out.push(error(
                at(),
                format!("{key} in {year}: the value is not a finite number"),
            ));
            continue;
        }
        if def.unit == ValueUnit::Integer && v.fract() != 0.0 {
            out.push(error(
                at(),
                format!(
                    "{key} in {year}: {} must be a whole number",
                    show_number(v, 1.0)
                ),
            ));
        }
        if v < def.hard.0 || v > def.hard.1 {
            out.push(error(
                at(),
                format!(
                    "{key} in {year}: {} is outside the allowed range {}",
                    show_value(def.unit, v),
                    range_text(def, def.hard)
                ),
            ));
        } else if v < def.soft.0 || v > def.soft.1 {
            out.push(warning(
                at(),
                format!(
                    "{key} in {year}: {} is outside the usual range {}",
                    show_value(def.unit, v),
                    range_text(def, def.soft)
                ),
            ));
        }
    }
}

/// The catalogue's [`levers::CONSTRAINTS`]: in every year both paths of the same scope (national,
/// or one province) set, the lower lever's value may not exceed the upper one's.
fn check_constraints(s: &Scenario, out: &mut Vec<Issue>) {
    for c in levers::CONSTRAINTS {
        for (key, lower) in s.lever_paths().filter(|(k, _)| k.lever == c.lower) {
            let upper_key = LeverKey::new(c.upper, key.province);
            let Some(upper) = s.lever(upper_key) else {
                continue;
            };
            for (year, lo) in lower.keys() {
                if let Some(hi) = upper.keys().get(year)
                    && lo > hi
                {
                    out.push(error(
                        Place::LeverYear {
                            key: key.to_string(),
                            year: *year,
                        },
                        format!(
                            "{key} in {year}: the {} {} is above the {} {} of \"{upper_key}\"",
                            c.lower_name,
                            show_number(*lo, 1.0),
                            c.upper_name,
                            show_number(*hi, 1.0)
                        ),
                    ));
                }
            }
        }
    }
}

fn check_pooling(s: &Scenario, out: &mut Vec<Issue>) {
    let p = &s.pooling;
    let years = |list: &'static str, index: usize, from: i32, out: &mut Vec<Issue>| {
        if !(FIRST_LEVER_YEAR + 1..=MAX_HORIZON).contains(&from) {
            out.push(error(
                Place::Pooling { list, index },
                format!(
                    "pooling.{list}[{index}]: year {from} is outside {}–{MAX_HORIZON}",
                    FIRST_LEVER_YEAR + 1
                ),
            ));
        }
    };
    // One entry per year and list: a second one would silently replace the first (lever paths
    // refuse a repeated year the same way).
    let repeated = |list: &'static str, froms: Vec<i32>, out: &mut Vec<Issue>| {
        for (i, from) in froms.iter().enumerate() {
            if let Some(j) = froms[..i].iter().position(|f| f == from) {
                out.push(error(
                    Place::Pooling { list, index: i },
                    format!(
                        "pooling.{list}[{i}]: year {from} is already given by pooling.{list}[{j}]; give each year once{}",
                        if list == "adjustment" {
                            " (one adjustment fund, national or provincial, from a year)"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
    };
    repeated("resident", p.resident.iter().map(|s| s.from).collect(), out);
    repeated("employee", p.employee.iter().map(|s| s.from).collect(), out);
    repeated(
        "adjustment",
        p.adjustment.iter().map(|s| s.from).collect(),
        out,
    );
    for (i, step) in p.resident.iter().enumerate() {
        years("resident", i, step.from, out);
    }
    for (i, step) in p.employee.iter().enumerate() {
        years("employee", i, step.from, out);
    }
    for (i, a) in p.adjustment.iter().enumerate() {
        years("adjustment", i, a.from, out);
        let place = || Place::Pooling {
            list: "adjustment",
            index: i,
        };
        if !(0.0..=0.5).contains(&a.extra_rate) {
            out.push(error(
                place(),
                format!(
                    "pooling.adjustment[{i}]: extra_rate {} is outside 0–0.5",
                    show_number(a.extra_rate, 1.0)
                ),
            ));
        }
        if let Some(g) = a.growth_limit
            && !(-1.0..=1.0).contains(&g)
        {
            out.push(error(
                place(),
                format!(
                    "pooling.adjustment[{i}]: growth_limit {} is outside −1–1",
                    show_number(g, 1.0)
                ),
            ));
        }
        for code in &a.excluded {
            // A province code, or CODE-NN for one of its (sub-)units.
            let (prov, nn) = code.split_once('-').unwrap_or((code.as_str(), "01"));
            let nn_ok = nn.len() == 2 && nn.bytes().all(|b| b.is_ascii_digit()) && nn != "00";
            if !PROVINCE_CODES.contains(&prov) || !nn_ok {
                out.push(error(
                    place(),
                    format!(
                        "pooling.adjustment[{i}]: excluded unit \"{code}\" is not a province code or CODE-NN (e.g. GZ-03)"
                    ),
                ));
            }
        }
        if !(0.0..=0.5).contains(&a.rate) {
            out.push(error(
                Place::Pooling {
                    list: "adjustment",
                    index: i,
                },
                format!(
                    "pooling.adjustment[{i}]: rate {} is outside 0–0.5",
                    show_number(a.rate, 1.0)
                ),
            ));
        }
    }
}
