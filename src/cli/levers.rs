//! `yibao levers [--csv | --markdown]`: the lever catalogue (id, unit, default, range, source).
//! `--markdown` writes docs/levers.md (a test fails when that file is stale).

use super::{CommandDef, Failure, Flag, Io, parse_args};
use crate::model::levers::{LEVERS, LawDefault, LeverDef};
use std::ffi::OsString;

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "levers",
    args: "",
    flags: FLAGS,
    about: "the lever catalogue (id, unit, default, range, source)",
    run,
};

const CSV: Flag = Flag::switch("--csv", "the catalogue as CSV");

const MARKDOWN: Flag = Flag::switch(
    "--markdown",
    "the catalogue as the Markdown page docs/levers.md (give one of the two at most)",
);

/// The options `yibao levers` parses and its `--help` shows.
const FLAGS: &[Flag] = &[CSV, MARKDOWN];

/// The catalogue as the Markdown page docs/levers.md (generated: `yibao levers --markdown`).
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "# Lever catalogue\n\n\
         Generated from `crates/yibao-core/src/model/levers.rs` by `yibao levers --markdown > docs/levers.md`; \
         a test fails when this page is stale. Ids are part of the scenario file format \
         (docs/interfaces.md). Ranges: values outside the hard range are errors, outside the \
         soft range warnings. `@CODE`: whether a province may override the national path.\n\n\
         | id | label | unit | default (current law) | hard range | soft range | @CODE | in effect | source |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for d in LEVERS {
        out.push_str(&format!(
            "| `{}` | {} / {} | {} | {} | {} – {} | {} – {} | {} | {} | {} |\n",
            d.id,
            cell(d.label_zh),
            cell(d.label_en),
            d.unit.id(),
            cell(&describe_default(d)),
            d.hard.0,
            d.hard.1,
            d.soft.0,
            d.soft.1,
            if d.per_province { "yes" } else { "no" },
            if d.in_effect { "yes" } else { "not yet" },
            cell(d.reference),
        ));
    }
    if !crate::model::levers::CONSTRAINTS.is_empty() {
        out.push_str("\nRules between levers (checked by validation in every year both set):\n\n");
        for c in crate::model::levers::CONSTRAINTS {
            out.push_str(&format!(
                "- `{}` (the {}) ≤ `{}` (the {})\n",
                c.lower.def().id,
                c.lower_name,
                c.upper.def().id,
                c.upper_name
            ));
        }
    }
    out
}

/// The current-law default of a lever in words.
pub fn describe_default(def: &LeverDef) -> String {
    let keys = |k: &[(i32, f64)]| {
        k.iter()
            .map(|(y, v)| format!("{y}:{v}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match def.default {
        LawDefault::Constant(v) => v.to_string(),
        LawDefault::Steps(k) => format!("Steps {}", keys(k)),
        LawDefault::Linear(k) => format!("Linear {}", keys(k)),
        LawDefault::Indexed(k) => format!(
            "Indexed {} then × (1 + {})",
            keys(k),
            def.index.map_or("?", |l| l.def().id)
        ),
        LawDefault::SameAs(l) => format!("= {}", l.def().id),
        LawDefault::Derived(f) => {
            // Keys until the path stops changing (it is flat after).
            let path = f();
            let mut k = Vec::new();
            let mut last = None;
            for (y, v) in path.keys() {
                if last != Some(*v) {
                    k.push(format!("{y}:{v:.3}"));
                }
                last = Some(*v);
            }
            format!("Steps {} (derived from the cohort rule)", k.join(" "))
        }
    }
}

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let parsed = parse_args("levers", args, FLAGS)?;
    if !parsed.positional.is_empty() || (parsed.switch("--csv") && parsed.switch("--markdown")) {
        return Err(Failure::Usage(
            "usage: yibao levers [--csv | --markdown]".into(),
        ));
    }
    if parsed.switch("--markdown") {
        write!(io.out, "{}", markdown());
        return Ok(());
    }
    let csv = parsed.switch("--csv");
    let rows: Vec<[String; 7]> = LEVERS
        .iter()
        .map(|d| {
            [
                d.id.to_owned(),
                d.unit.id().to_owned(),
                describe_default(d),
                format!("{}..{}", d.hard.0, d.hard.1),
                format!("{}..{}", d.soft.0, d.soft.1),
                format!("{} / {}", d.label_zh, d.label_en),
                d.reference.to_owned(),
            ]
        })
        .collect();
    let header = [
        "id",
        "unit",
        "default",
        "hard range",
        "soft range",
        "label",
        "source",
    ];
    if csv {
        writeln!(io.out, "{}", header.join(","));
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "'")))
                .collect();
            writeln!(io.out, "{}", cells.join(","));
            if io.out.is_closed() {
                break;
            }
        }
        return Ok(());
    }
    let mut width = [0usize; 5];
    for r in rows
        .iter()
        .map(|r| &r[..5])
        .chain(std::iter::once(&header.map(String::from)[..5]))
    {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i < 5 {
                s.push_str(&format!("{c:<w$}  ", w = width[i]));
            } else {
                s.push_str(c);
                s.push_str("  ");
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(io.out, "{}", line(&header.map(String::from)));
    for r in &rows {
        writeln!(io.out, "{}", line(r));
        if io.out.is_closed() {
            break;
        }
    }
    Ok(())
}
