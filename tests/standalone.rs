//! The project stands alone: the code, the shipped scenarios and the data folder's notes cite
//! the project's own specification (docs/model.md) and published works by title, never outside
//! working documents that a reader of a report pack cannot find.

use std::path::{Path, PathBuf};

/// Words that name documents outside the project.
const OUTSIDE: [&str; 4] = ["MODEL.md", "DATA.md", "seed paper", "种子文献"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("rs" | "ron" | "md" | "toml")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn no_source_scenario_or_data_note_cites_outside_documents() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["src", "crates", "scenarios", "assets", "docs"] {
        files(&root.join(dir), &mut all);
    }
    files(&root.join("benches"), &mut all);
    assert!(all.len() > 100, "{} files", all.len());
    let mut found = Vec::new();
    for f in &all {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for word in OUTSIDE {
                if line.contains(word) {
                    found.push(format!("{}:{}: {word}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The data folder keeps its own list of sources, not a copied recipe.
    assert!(root.join("assets/data/README.md").is_file());
    assert!(!root.join("assets/data/DATA.md").exists());
}
