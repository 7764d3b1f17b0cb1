//! Golden files: every shipped scenario's `summary.csv` and a sample of its `projection.csv`
//! under `tests/golden/<scenario>/`.
//!
//! A mismatch writes `<file>.actual.csv` beside the golden file and fails with a readable list
//! of the differing cells. Regenerate on purpose with `YIBAO_UPDATE_GOLDEN=1 cargo test --test
//! golden` and explain the change in the commit message.

use std::path::{Path, PathBuf};
use yibao::export;
use yibao::model::{Dataset, project};

/// Relative tolerance of numeric cells (floating-point noise across platforms only).
const REL_TOL: f64 = 1e-9;
/// Units and years kept in the projection sample.
const SAMPLE_UNITS: [&str; 5] = ["CN", "BJ", "TJ", "SH", "GD"];
const SAMPLE_YEARS: [&str; 8] = [
    "2022", "2023", "2025", "2030", "2035", "2040", "2050", "2060",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(csv: &str) -> String {
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        let cells: Vec<&str> = line.splitn(5, ',').collect();
        if i == 0 || (SAMPLE_UNITS.contains(&cells[0]) && SAMPLE_YEARS.contains(&cells[3])) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn cells_equal(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => (x - y).abs() <= REL_TOL * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

/// Differences between two CSV texts, cell by cell, as readable lines.
fn diff(expected: &str, actual: &str) -> Vec<String> {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let header: Vec<&str> = e
        .first()
        .map(|h| h.split(',').collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    if e.len() != a.len() {
        out.push(format!(
            "row count: expected {}, actual {}",
            e.len(),
            a.len()
        ));
    }
    for (i, (el, al)) in e.iter().zip(&a).enumerate() {
        let (ec, ac): (Vec<&str>, Vec<&str>) = (el.split(',').collect(), al.split(',').collect());
        if ec.len() != ac.len() {
            out.push(format!(
                "line {}: column count {} vs {}",
                i + 1,
                ec.len(),
                ac.len()
            ));
            continue;
        }
        for (j, (x, y)) in ec.iter().zip(&ac).enumerate() {
            if !cells_equal(x, y) {
                let key = ec.iter().take(4).copied().collect::<Vec<_>>().join(",");
                let col = header.get(j).copied().unwrap_or("?");
                out.push(format!(
                    "line {} [{key}] {col}: expected {x}, actual {y}",
                    i + 1
                ));
            }
        }
    }
    out
}

fn check(golden: &Path, actual: &str) -> Result<(), String> {
    let update = std::env::var_os("YIBAO_UPDATE_GOLDEN").is_some();
    let actual_path = golden.with_extension("actual.csv");
    if update {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(golden, actual).unwrap();
        let _ = std::fs::remove_file(&actual_path);
        return Ok(());
    }
    let expected = std::fs::read_to_string(golden).map_err(|e| {
        format!(
            "{}: {e} (run with YIBAO_UPDATE_GOLDEN=1 to create it)",
            golden.display()
        )
    })?;
    let d = diff(&expected, actual);
    if d.is_empty() {
        let _ = std::fs::remove_file(&actual_path);
        return Ok(());
    }
    std::fs::write(&actual_path, actual).unwrap();
    let shown: Vec<&String> = d.iter().take(20).collect();
    Err(format!(
        "{} differs in {} cells (actual written to {}):\n  {}",
        golden.display(),
        d.len(),
        actual_path.display(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    ))
}

#[test]
fn shipped_scenarios_match_their_golden_outputs() {
    let data = Dataset::embedded().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "expected the shipped scenarios, found {files:?}"
    );
    let mut failures = Vec::new();
    for f in &files {
        let loaded = yibao::scenario::load(f).unwrap_or_else(|d| panic!("{}: {d:?}", f.display()));
        let p = project(&data, &loaded.scenario).expect("calibrates");
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = root().join("tests/golden").join(&name);
        for (file, text) in [
            ("summary.csv", export::summary_csv(&p)),
            ("projection_sample.csv", sample(&export::projection_csv(&p))),
        ] {
            if let Err(e) = check(&dir.join(file), &text) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_diff_names_the_cell_that_moved() {
    let e = "unit,level,fund,year,balance\nCN,nation,resident,2030,100\n";
    let a = "unit,level,fund,year,balance\nCN,nation,resident,2030,100.5\n";
    let d = diff(e, a);
    assert_eq!(
        d,
        vec!["line 2 [CN,nation,resident,2030] balance: expected 100, actual 100.5"]
    );
    assert!(
        diff(
            e,
            "unit,level,fund,year,balance\nCN,nation,resident,2030,100.0000000000001\n"
        )
        .is_empty()
    );
}
