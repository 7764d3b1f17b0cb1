//! A seeded fuzz test over mutated scenario files: whatever the bytes, loading never panics,
//! and it gives either a valid scenario (that writes back and reads back the same) or errors
//! that point at a real line and column of the file. Bounded in count and in time so that it
//! runs in CI; the seed makes every run see the same inputs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use yibao::scenario::{self, Severity};

/// Mutations per run, and the wall-clock budget that stops it earlier on a slow machine.
const CASES: usize = 3_000;
const BUDGET: Duration = Duration::from_secs(25);

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that reach the parser's corners: escapes, number spellings, huge and tiny values,
/// brackets, comments, a BOM, UTF-16 and invalid UTF-8 bytes, lever keys and years.
const FRAGMENTS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"(",
    b")",
    b"[",
    b"]",
    b",",
    b":",
    b"//",
    b"/*",
    b"*/",
    b"\\",
    b"\\u{6d}",
    b"\\x41",
    b"2_026",
    b"0x7EA",
    b"0b1",
    b"1e308",
    b"-1e-300",
    b"NaN",
    b"inf",
    b"-0.0",
    b"75.00000000000001",
    b"99999999999999999999",
    b"r#",
    b"r#\"x\"#",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    b"\"resident.premium\": Steps({2026: 400.0}),",
    b"\"resident.pre\\u{6d}ium\": Linear({2027: 1.0}),",
    b"\"employee.formalisation@GD\": ",
    b"Indexed({2026: 1.0})",
    b"title: \"t\",",
    b"levers: {",
    b"pooling: (",
    b"balancing: Debt,",
    b"horizon: 2100,",
    b"format: 1,",
    b"@XX",
    b"\n",
    b"   ",
    "累计结存".as_bytes(),
];

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["scenarios", "tests/fixtures"] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        v.sort();
        files.extend(v);
    }
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(b.len());
                b.drain(at.min(end)..end);
            }
            2 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())];
                b.splice(at..at, f.iter().copied());
            }
            3 if !b.is_empty() => {
                // Repeat a chunk (duplicate keys, years, fields).
                let start = rng.below(b.len());
                let end = (start + 1 + rng.below(64)).min(b.len());
                let chunk = b[start..end].to_vec();
                b.splice(at..at, chunk);
            }
            4 => b.truncate(at),
            _ => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())];
                let end = (at + f.len()).min(b.len());
                b.splice(at..end, f.iter().copied());
            }
        }
    }
    b
}

/// Checks one input; returns a description of what is wrong, if anything.
fn check(bytes: &[u8], dir: &Path, case: usize) -> Result<(), String> {
    let path = dir.join(format!("case-{case}.ron"));
    std::fs::write(&path, bytes).unwrap();
    let result =
        std::panic::catch_unwind(|| scenario::load(&path)).map_err(|_| "panic".to_owned())?;
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match result {
        Ok(loaded) => {
            // Valid: it writes back and reads back the same.
            let written = scenario::to_ron_string(&loaded.scenario);
            let back = scenario::parse_str(&written, "back.ron")
                .map_err(|d| format!("valid file does not read back: {d:?}"))?;
            if back.scenario != loaded.scenario {
                return Err("valid file changes on a round trip".into());
            }
        }
        Err(diags) => {
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if errors.is_empty() {
                return Err(format!("invalid without an error: {diags:?}"));
            }
            let lines: Vec<&str> = text.split('\n').collect();
            if !diags.iter().any(|d| d.line > 0) {
                return Err(format!("no diagnostic has a position: {diags:?}"));
            }
            for d in diags.iter().filter(|d| d.line > 0) {
                let Some(line) = lines.get(d.line - 1) else {
                    return Err(format!("line {} is past the end: {d}", d.line));
                };
                if d.column == 0 || d.column > line.chars().count() + 1 {
                    return Err(format!(
                        "column {} is outside line {}: {d}",
                        d.column, d.line
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_scenario_files_give_a_valid_scenario_or_positioned_errors() {
    let dir = std::env::temp_dir().join(format!("yibao-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = seeds();
    let mut rng = Rng(0x005e_ed0f_u64 ^ 0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    let mut failures = Vec::new();
    let (mut valid, mut done) = (0, 0);
    for case in 0..CASES {
        if start.elapsed() > BUDGET {
            break;
        }
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        match check(&input, &dir, case % 16) {
            Ok(()) => {}
            Err(e) => failures.push(format!(
                "case {case}: {e}\n--- input ---\n{}",
                String::from_utf8_lossy(&input)
            )),
        }
        if scenario::parse_str(&String::from_utf8_lossy(&input), "x.ron").is_ok() {
            valid += 1;
        }
        done += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("{done} cases, {valid} valid");
    assert!(done >= 200, "only {done} cases ran");
    assert!(
        valid > 0 && valid < done,
        "the mutations should make some files invalid and leave some valid ({valid} of {done})"
    );
    assert!(
        failures.is_empty(),
        "{} of {done} failed; first:\n{}",
        failures.len(),
        failures[0]
    );
}
