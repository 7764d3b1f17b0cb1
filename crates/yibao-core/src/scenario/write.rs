//! Writing scenario files: the same RON format, fields in a fixed order, levers sorted by id,
//! years ascending, one lever per line, so that files diff well. Writes are atomic.

use crate::model::LeverPath;
use crate::model::scenario::{PoolingLevel, Scenario};
use std::fmt::Write as _;

fn string(s: &str) -> String {
    ron::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

fn number(v: f64) -> String {
    ron::to_string(&v).unwrap_or_else(|_| format!("{v:?}"))
}

fn path(p: &LeverPath) -> String {
    let keys: Vec<String> = p
        .keys()
        .iter()
        .map(|(y, v)| format!("{y}: {}", number(*v)))
        .collect();
    format!("{}({{{}}})", p.kind_name(), keys.join(", "))
}

fn level(l: PoolingLevel) -> &'static str {
    match l {
        PoolingLevel::Prefecture => "Prefecture",
        PoolingLevel::Province => "Province",
        PoolingLevel::National => "National",
    }
}

/// The scenario as RON text, ending with a newline.
pub fn to_ron_string(s: &Scenario) -> String {
    let mut o = String::from("Scenario(\n");
    let _ = writeln!(o, "    format: {},", s.format);
    let _ = writeln!(o, "    title: {},", string(&s.title));
    let _ = writeln!(o, "    description: {},", string(&s.description));
    if s.references.is_empty() {
        o.push_str("    references: [],\n");
    } else {
        o.push_str("    references: [\n");
        for r in &s.references {
            let _ = writeln!(o, "        {},", string(r));
        }
        o.push_str("    ],\n");
    }
    let _ = writeln!(o, "    baseline: {},", string(&s.baseline));
    let _ = writeln!(o, "    horizon: {},", s.horizon);
    let _ = writeln!(o, "    balancing: {:?},", s.balancing);
    if s.levers.is_empty() {
        o.push_str("    levers: {},\n");
    } else {
        o.push_str("    levers: {\n");
        for (k, p) in &s.levers {
            let _ = writeln!(o, "        {}: {},", string(k), path(p));
        }
        o.push_str("    },\n");
    }
    if !s.pooling.is_empty() {
        let p = &s.pooling;
        let steps = |v: &[crate::model::scenario::PoolingStep]| {
            v.iter()
                .map(|x| format!("(from: {}, level: {})", x.from, level(x.level)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let adj: Vec<String> = p
            .adjustment
            .iter()
            .map(|a| {
                let mut x = format!(
                    "(from: {}, scope: {:?}, rate: {}",
                    a.from,
                    a.scope,
                    number(a.rate)
                );
                // The two-part design's fields only when set, so one-rate funds read as before.
                if a.extra_rate != 0.0 {
                    let _ = write!(x, ", extra_rate: {}", number(a.extra_rate));
                }
                if let Some(g) = a.growth_limit {
                    let _ = write!(x, ", growth_limit: Some({})", number(g));
                }
                if a.last_year_base {
                    x.push_str(", last_year_base: true");
                }
                if a.missed_target {
                    x.push_str(", missed_target: true");
                }
                if !a.excluded.is_empty() {
                    let codes: Vec<String> = a.excluded.iter().map(|c| string(c)).collect();
                    let _ = write!(x, ", excluded: [{}]", codes.join(", "));
                }
                x.push(')');
                x
            })
            .collect();
        o.push_str("    pooling: (\n");
        let _ = writeln!(o, "        resident: [{}],", steps(&p.resident));
        let _ = writeln!(o, "        employee: [{}],", steps(&p.employee));
        let _ = writeln!(o, "        adjustment: [{}],", adj.join(", "));
        o.push_str("    ),\n");
    }
    // The user's data the numbers rest on, last: long texts after what a reader looks for.
    if !s.data.is_empty() {
        o.push_str("    data: (\n");
        for (name, text) in [
            ("accounts", &s.data.accounts),
            ("subunits", &s.data.subunits),
        ] {
            if let Some(t) = text {
                let _ = writeln!(o, "        {name}: Some({}),", string(t));
            }
        }
        o.push_str("    ),\n");
    }
    o.push_str(")\n");
    o
}

/// Saves a scenario atomically (temporary file in the same directory, then rename).
pub fn save(path: &std::path::Path, s: &Scenario) -> std::io::Result<()> {
    crate::files::write_atomic(path, to_ron_string(s).as_bytes())
}
