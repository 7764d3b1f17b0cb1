//! `yibao report SCENARIO.ron --out DIR [--compare OTHER.ron]... [--units CN,GD,...]
//! [--lang zh|en] [--headers zh] [--excel]`: the report pack of a scenario.

use super::csv_text::Headers;
use super::{PackOptions, projected, write_pack};
use crate::model::Dataset;
use crate::render::Lang;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Usage of the command.
pub const USAGE: &str = "usage: yibao report SCENARIO.ron --out DIR [--compare OTHER.ron]... [--units GD,SC,...] [--lang zh|en] [--headers zh] [--excel]";

fn invalid(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(1)
}

/// The CSV options shared by `run` and `report`: `--headers zh|id` and `--excel`. Returns the
/// arguments left over.
pub fn csv_flags(args: &[String]) -> Result<(Vec<String>, Headers, bool), String> {
    let mut rest = Vec::new();
    let mut headers = Headers::Ids;
    let mut excel = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--headers" => match it.next().map(String::as_str) {
                Some("zh") => headers = Headers::Zh,
                Some("id" | "en") => headers = Headers::Ids,
                Some(other) => {
                    return Err(format!("`--headers` takes `zh` or `id`, not `{other}`"));
                }
                None => return Err("`--headers` needs `zh` or `id`".into()),
            },
            "--excel" => excel = true,
            _ => rest.push(a.clone()),
        }
    }
    Ok((rest, headers, excel))
}

/// Runs `yibao report`.
pub fn main(args: &[String]) -> ExitCode {
    let (args, headers, excel) = match csv_flags(args) {
        Ok(x) => x,
        Err(e) => return invalid(e),
    };
    let mut files = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut compare = Vec::new();
    let mut units = Vec::new();
    let mut lang = Lang::Zh;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("`report {flag}` needs a value; {USAGE}"))
        };
        let step: Result<(), String> = match a.as_str() {
            "--out" | "-o" => value("--out").map(|v| out = Some(PathBuf::from(v))),
            "--compare" => value("--compare").map(|v| compare.push(v)),
            "--units" => value("--units").map(|v| {
                units.extend(
                    v.split(',')
                        .map(|u| u.trim().to_uppercase())
                        .filter(|u| !u.is_empty() && u != "CN"),
                );
            }),
            "--lang" => value("--lang").and_then(|v| {
                Lang::from_id(&v)
                    .map(|l| lang = l)
                    .ok_or_else(|| format!("`--lang` takes `zh` or `en`, not `{v}`"))
            }),
            f if f.starts_with('-') && f.len() > 1 => {
                Err(format!("unknown option `{f}` for `yibao report`; {USAGE}"))
            }
            _ => {
                files.push(a.clone());
                Ok(())
            }
        };
        if let Err(e) = step {
            return invalid(e);
        }
    }
    let [file] = files.as_slice() else {
        return invalid(USAGE);
    };
    let Some(out) = out else {
        return invalid(format!("`yibao report` needs `--out DIR`; {USAGE}"));
    };
    let Some(scenario) = crate::cli::load_scenario(Path::new(file)) else {
        return ExitCode::from(1);
    };
    let mut others = Vec::new();
    for c in &compare {
        match crate::cli::load_scenario(Path::new(c)) {
            Some(s) => others.push(s),
            None => return ExitCode::from(1),
        }
    }
    let data = match Dataset::embedded() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: embedded data: {e}");
            return ExitCode::from(2);
        }
    };
    for u in &units {
        if data.province_index(u).is_none() {
            return invalid(format!(
                "unknown province code `{u}` in `--units`; see `yibao data`"
            ));
        }
    }
    let terminal = std::io::stderr().is_terminal();
    let say = |msg: &str| {
        if terminal {
            eprintln!("{msg}");
        }
    };
    say("projecting…");
    let main_run = projected(&data, scenario);
    for w in &main_run.projection.warnings {
        eprintln!("warning: {w}");
    }
    let compare: Vec<_> = others.into_iter().map(|s| projected(&data, s)).collect();
    let opts = PackOptions {
        out,
        units,
        lang,
        headers,
        excel,
    };
    let progress = |done: usize, total: usize, _what: &str| {
        if terminal {
            eprint!("\rwriting {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    match write_pack(&data, &main_run, &compare, &opts, &progress) {
        Ok(w) => {
            say(&format!(
                "wrote {} files to {}",
                w.files.len(),
                opts.out.display()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
