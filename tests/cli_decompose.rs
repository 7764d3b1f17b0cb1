//! `yibao decompose` as a user runs it (issue 22): files, the contributions adding up to the
//! total row, identical sampled files at one and two threads for a seed, clear errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn yibao(args: &[&str], threads: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yibao"));
    c.args(args);
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-dec-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The `contribution` cells of the change rows and of the `total` row.
fn contributions(csv: &str) -> (Vec<f64>, f64) {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "contribution")
        .expect("a contribution column");
    let mut parts = Vec::new();
    let mut total = None;
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        let v: f64 = cells[col].parse().expect("a number");
        if cells[0] == "total" {
            total = Some(v);
        } else {
            parts.push(v);
        }
    }
    (parts, total.expect("a total row"))
}

#[test]
fn the_roadmap_writes_its_table_and_waterfall_and_the_parts_add_up() {
    let dir = tmp("roadmap");
    let o = yibao(
        &[
            "decompose",
            &scenario("roadmap-2035.ron"),
            "--metric",
            "months",
            "--year",
            "2035",
            "--fund",
            "employee_pooled",
            "--out",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("exact, 1024 subsets"), "{stdout}");
    let csv = read(dir.join("decomposition.csv"));
    assert_eq!(
        csv.lines().next(),
        Some(yibao::report::decompose::HEADER),
        "{csv}"
    );
    // Ten changes and the total, in the file's order.
    assert_eq!(csv.lines().count(), 1 + 10 + 1);
    assert!(csv.contains("\nemployee.abolish_pa,取消个人账户比例,months@2035,CN,employee_pooled,"));
    assert!(csv.contains("\npooling.adjustment,调剂金,"));
    let (parts, total) = contributions(&csv);
    let sum: f64 = parts.iter().sum();
    assert!(
        (sum - total).abs() <= 1e-9 * total.abs().max(1e-9),
        "parts {sum} vs total {total}"
    );
    assert!(total != 0.0);
    for f in ["waterfall.svg", "waterfall.png", "waterfall.csv"] {
        assert!(
            std::fs::metadata(dir.join(f)).is_ok_and(|m| m.len() > 100),
            "{f}"
        );
    }
    let chart = read(dir.join("waterfall.csv"));
    assert_eq!(chart.lines().next(), Some("category,value,from,to"));
    assert_eq!(chart.lines().count(), 1 + 1 + 10 + 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The roadmap with an eleventh change (a province's premium): sampled.
fn eleven_changes(dir: &Path) -> String {
    let text = read(PathBuf::from(scenario("roadmap-2035.ron")));
    let text = text.replacen(
        "levers: {",
        "levers: {\n        \"resident.premium@GD\": Indexed({2030: 600.0}),",
        1,
    );
    let path = dir.join("eleven.ron");
    std::fs::write(&path, text).expect("written");
    path.display().to_string()
}

#[test]
fn sampled_files_are_identical_at_one_and_two_threads_and_follow_the_seed() {
    let dir = tmp("sampled");
    let file = eleven_changes(&dir);
    let run = |out: &str, seed: &str, threads: &str| {
        let o = yibao(
            &[
                "decompose",
                &file,
                "--metric",
                "resident.depletion",
                "--seed",
                seed,
                "--permutations",
                "10",
                "--out",
                dir.join(out).to_str().unwrap(),
            ],
            Some(threads),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        read(dir.join(out).join("decomposition.csv"))
    };
    let a = run("a", "5", "1");
    let b = run("b", "5", "2");
    let c = run("c", "6", "2");
    assert_eq!(a, b);
    assert_ne!(a, c, "another seed samples other permutations");
    assert_eq!(a.lines().count(), 1 + 11 + 1);
    assert!(a.lines().nth(1).unwrap().contains(",sampled,10,5,"), "{a}");
    let (parts, total) = contributions(&a);
    let sum: f64 = parts.iter().sum();
    assert!((sum - total).abs() <= 1e-9 * total.abs().max(1.0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_refused_with_exit_1_and_a_clear_message() {
    let dir = tmp("bad");
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    for (args, needle) in [
        (
            vec![
                "decompose",
                &scenario("roadmap-2035.ron")[..],
                "--metric",
                "height",
                "--out",
                out,
            ],
            "unknown metric `height`",
        ),
        (
            vec![
                "decompose",
                &scenario("baseline.ron")[..],
                "--metric",
                "months@2035",
                "--out",
                out,
            ],
            "changes no lever",
        ),
        (
            vec![
                "decompose",
                &scenario("roadmap-2035.ron")[..],
                "--metric",
                "months@2035",
                "--year",
                "2040",
                "--out",
                out,
            ],
            "give it once",
        ),
        (
            vec![
                "decompose",
                &scenario("roadmap-2035.ron")[..],
                "--metric",
                "months@2070",
                "--out",
                out,
            ],
            "2070",
        ),
    ] {
        let o = yibao(&args, None);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!Path::new(out).join("decomposition.csv").exists());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
