//! Installing it like a desktop program: `yibao --version` names the version and the data
//! vintage; the Debian package's desktop entry, icon and examples exist and agree with each
//! other (CI builds the package with `cargo deb`, installs it and runs it: see .ci/run).

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn version_prints_the_version_and_the_data_vintage() {
    let out = Command::new(env!("CARGO_BIN_EXE_yibao"))
        .arg("--version")
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(format!("yibao {}", env!("CARGO_PKG_VERSION")).as_str())
    );
    let data = lines.next().unwrap_or_default();
    assert!(data.starts_with("data: NHSA 2022"), "{data}");
    assert!(data.ends_with("(base year 2022)"), "{data}");
}

#[test]
fn the_desktop_entry_starts_the_program_with_its_icon_in_both_languages() {
    let entry = std::fs::read_to_string(root().join("assets/packaging/yibao.desktop"))
        .expect("the desktop entry");
    let field = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("Type"), "Application");
    assert_eq!(field("Exec"), "yibao %f");
    assert_eq!(field("Icon"), "yibao");
    assert_eq!(field("Name[zh_CN]"), "医保基金政策模拟器");
    assert!(field("Name").starts_with("Yibao"));
    // The window's app id, so that desktops match the window to the entry.
    assert_eq!(field("StartupWMClass"), "yibao");
    let native = std::fs::read_to_string(root().join("src/app/native.rs")).expect("source");
    assert!(native.contains(".with_app_id(\"yibao\")"));
}

#[test]
fn every_file_the_package_installs_exists() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let section = manifest
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("cargo deb metadata");
    let assets = section
        .split("assets = [")
        .nth(1)
        .and_then(|s| s.split("\n]").next())
        .expect("an assets list");
    let sources: Vec<&str> = assets
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert!(sources.len() >= 5, "{sources:?}");
    for source in sources {
        if source.starts_with("target/") {
            continue;
        }
        match source.strip_suffix("/*.ron") {
            Some(dir) => {
                let examples = std::fs::read_dir(root().join(dir))
                    .expect("the examples folder")
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
                    .count();
                assert!(examples > 0, "no scenarios in {dir}");
            }
            None => assert!(root().join(source).is_file(), "{source} is missing"),
        }
    }
}
