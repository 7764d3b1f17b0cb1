//! The RON scenario format: broken fixtures with their exact messages and positions, round
//! trips, defaults, path kinds, province overrides, atomic saving, and no panic on garbage.

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};
use yibao::model::scenario::{AdjustmentScope, AdjustmentStep, Pooling, PoolingLevel, PoolingStep};
use yibao::model::{Balancing, LEVERS, LeverPath, Scenario};
use yibao::scenario::{self, Severity};

fn fixture(name: &str) -> PathBuf {
    FsPath::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Loads a broken fixture and returns its one diagnostic as `LINE:COL: severity: message`.
fn only_error(name: &str) -> String {
    let diags = scenario::load(&fixture(name)).expect_err(name);
    assert_eq!(diags.len(), 1, "{name}: {diags:?}");
    let d = &diags[0];
    assert!(d.file.ends_with(name));
    format!(
        "{}:{}: {}: {}",
        d.line,
        d.column,
        d.severity.id(),
        d.message
    )
}

#[test]
fn syntax_error() {
    assert_eq!(
        only_error("syntax_error.ron"),
        "4:5: error: expected a comma between items"
    );
}

#[test]
fn unknown_lever_suggests_the_close_id() {
    assert_eq!(
        only_error("unknown_lever.ron"),
        "5:9: error: unknown lever \"resident.premum\"; did you mean \"resident.premium\"?"
    );
}

#[test]
fn wrong_type_names_lever_and_year() {
    assert_eq!(
        only_error("wrong_type.ron"),
        "5:42: error: in \"resident.premium\", year 2026: expected a number, found a string"
    );
}

#[test]
fn out_of_range_names_lever_year_value_and_range() {
    assert_eq!(
        only_error("out_of_range.ron"),
        "6:49: error: resident.premium in 2027: 6000 yuan/yr is outside the allowed range 0–5000 yuan/yr"
    );
}

#[test]
fn bad_year() {
    assert_eq!(
        only_error("bad_year.ron"),
        "5:40: error: employee.abolish_pa: year 1999 is outside 2022–2100"
    );
}

#[test]
fn unknown_province_code() {
    assert_eq!(
        only_error("unknown_province.ron"),
        "5:9: error: unknown province code \"GG\" in \"employee.employer_rate_delta@GG\"; did you mean \"GD\", \"GS\" or \"GX\"?"
    );
}

#[test]
fn missing_title() {
    assert_eq!(
        only_error("missing_title.ron"),
        "1:1: error: missing required field `title`"
    );
}

#[test]
fn unsupported_format_version() {
    assert_eq!(
        only_error("unsupported_format.ron"),
        "2:13: error: format 7 is newer than this version of Yibao supports (1); update Yibao"
    );
}

#[test]
fn unknown_field_suggests_the_close_field() {
    assert_eq!(
        only_error("unknown_field.ron"),
        "4:5: error: unknown field `horizn`; did you mean `horizon`?"
    );
}

#[test]
fn soft_range_is_a_warning_and_the_file_loads() {
    let loaded = scenario::load(&fixture("soft_range_warning.ron")).unwrap();
    assert_eq!(loaded.warnings.len(), 1);
    let w = &loaded.warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!((w.line, w.column), (5, 36));
    assert_eq!(
        w.message,
        "resident.premium in 2026: 2000 yuan/yr is outside the usual range 200–1500 yuan/yr"
    );
    assert!(w.to_string().ends_with("soft_range_warning.ron:5:36: warning: resident.premium in 2026: 2000 yuan/yr is outside the usual range 200–1500 yuan/yr"));
}

#[test]
fn only_format_and_title_are_required() {
    let s = scenario::parse_str("Scenario(format: 1, title: \"t\")", "t.ron")
        .unwrap()
        .scenario;
    assert_eq!(
        s,
        Scenario {
            title: "t".into(),
            ..Scenario::default()
        }
    );
    assert_eq!(s.horizon, 2060);
    assert_eq!(s.balancing, Balancing::FiscalBackstop);
    assert_eq!(s.baseline, "current-law");
}

#[test]
fn path_kinds_and_province_overrides_parse() {
    let src = r#"Scenario(
        format: 1,
        title: "t",
        balancing: CutBenefits,
        levers: {
            "resident.premium": Indexed({2026: 400, 2027: 400.0}),
            "employee.abolish_pa": Linear({2026: 0.0, 2030: 1.0}),
            "employee.employer_rate_delta@GD": Steps({2027: 0.005}),
        },
    )"#;
    let s = scenario::parse_str(src, "t.ron").unwrap().scenario;
    assert_eq!(s.balancing, Balancing::CutBenefits);
    assert_eq!(
        s.levers["resident.premium"],
        LeverPath::Indexed(BTreeMap::from([(2026, 400.0), (2027, 400.0)]))
    );
    assert_eq!(
        s.levers["employee.abolish_pa"],
        LeverPath::Linear(BTreeMap::from([(2026, 0.0), (2030, 1.0)]))
    );
    assert_eq!(
        s.levers["employee.employer_rate_delta@GD"],
        LeverPath::Steps(BTreeMap::from([(2027, 0.005)]))
    );
}

#[test]
fn indexed_is_refused_for_levers_without_an_index_and_national_levers_refuse_codes() {
    let d = scenario::parse_str(
        "Scenario(format: 1, title: \"t\", levers: {\"employee.abolish_pa\": Indexed({2026: 0.5}), \"fiscal.central_share_east@BJ\": Steps({2026: 0.5})})",
        "t.ron",
    )
    .unwrap_err();
    let msgs: Vec<&str> = d.iter().map(|x| x.message.as_str()).collect();
    assert!(msgs.contains(&"lever \"employee.abolish_pa\" cannot be Indexed (it has no index); use Steps or Linear"), "{msgs:?}");
    assert!(msgs.contains(&"lever \"fiscal.central_share_east\" applies to the whole nation and cannot be set per province (@BJ)"), "{msgs:?}");
}

#[test]
fn repeated_levers_and_years_are_errors_not_silently_dropped() {
    let d = scenario::parse_str(
        "Scenario(format: 1, title: \"t\", levers: {\"resident.premium\": Steps({2026: 400.0, 2026: 500.0}), \"resident.premium\": Steps({2027: 450.0})})",
        "t.ron",
    )
    .unwrap_err();
    let msgs: Vec<&str> = d.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "resident.premium: year 2026 is given twice; keep one value",
            "lever \"resident.premium\" is set twice; keep one entry"
        ]
    );
    assert_eq!((d[0].line, d[0].column), (1, 82));
}

#[test]
fn floor_above_cap_is_an_error() {
    let d = scenario::parse_str(
        "Scenario(format: 1, title: \"t\", levers: {\"resident.income_floor\": Steps({2027: 900.0}), \"resident.income_cap\": Steps({2027: 500.0})})",
        "t.ron",
    )
    .unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0].message,
        "resident.income_floor in 2027: the floor 900 is above the cap 500 of \"resident.income_cap\""
    );
}

fn shipped() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(FsPath::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    v.sort();
    v
}

#[test]
fn shipped_scenarios_round_trip_and_have_titles_and_references() {
    for f in shipped() {
        let s = scenario::load(&f)
            .unwrap_or_else(|d| panic!("{d:?}"))
            .scenario;
        assert!(
            !s.title.is_empty()
                && s.title
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: Chinese title",
            f.display()
        );
        assert!(
            !s.description.is_empty() && !s.references.is_empty(),
            "{}",
            f.display()
        );
        let text = scenario::to_ron_string(&s);
        let back = scenario::parse_str(&text, "x.ron")
            .unwrap_or_else(|d| panic!("{text}\n{d:?}"))
            .scenario;
        assert_eq!(back, s, "{}", f.display());
        assert_eq!(scenario::to_ron_string(&back), text, "writing is stable");
    }
}

/// A small deterministic generator (xorshift), so the round trip sees many shapes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn generated_scenarios_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let codes = ["", "@GD", "@BJ", "@XJ"];
    for case in 0..300 {
        let mut s = Scenario {
            title: format!("生成的情景 {case} \"quoted\" \\ back"),
            description: if case % 3 == 0 {
                String::new()
            } else {
                "line one\nline two — 累计结存".into()
            },
            references: (0..rng.below(3)).map(|i| format!("ref {i}")).collect(),
            horizon: 2030 + rng.below(70) as i32,
            balancing: Balancing::ALL[rng.below(4) as usize],
            ..Scenario::default()
        };
        for _ in 0..rng.below(6) {
            let def = &LEVERS[rng.below(LEVERS.len() as u64) as usize];
            let code = if def.per_province {
                codes[rng.below(4) as usize]
            } else {
                ""
            };
            let mut keys = BTreeMap::new();
            for _ in 0..1 + rng.below(4) {
                let year = 2022 + rng.below(79) as i32;
                let t = rng.below(1_000_000) as f64 / 1_000_000.0;
                let v = def.hard.0 + t * (def.hard.1 - def.hard.0).min(1e6);
                let v = if def.unit == yibao::model::levers::ValueUnit::Integer {
                    v.round()
                } else {
                    v
                };
                keys.insert(year, v);
            }
            let path = match (rng.below(3), def.index) {
                (0, _) => LeverPath::Steps(keys),
                (1, _) => LeverPath::Linear(keys),
                (_, Some(_)) => LeverPath::Indexed(keys),
                (_, None) => LeverPath::Steps(keys),
            };
            s.levers.insert(format!("{}{code}", def.id), path);
        }
        if case % 5 == 0 {
            s.pooling = Pooling {
                resident: vec![PoolingStep {
                    from: 2025,
                    level: PoolingLevel::Province,
                }],
                employee: vec![],
                adjustment: vec![AdjustmentStep {
                    extra_rate: if case % 10 == 0 { 0.005 } else { 0.0 },
                    growth_limit: (case % 10 == 0).then_some(0.1),
                    last_year_base: case % 10 == 0,
                    missed_target: case % 10 == 0,
                    excluded: if case % 10 == 0 {
                        vec!["GZ-03".to_owned()]
                    } else {
                        Vec::new()
                    },
                    ..AdjustmentStep::new(2027, AdjustmentScope::National, 0.03)
                }],
            };
        }
        let text = scenario::to_ron_string(&s);
        // Generated values may be outside soft ranges or after the horizon (warnings), and
        // floors may exceed caps (an error): compare what ron reads back in every case.
        let back: Scenario = ron::from_str(&text).unwrap_or_else(|e| panic!("{text}\n{e}"));
        assert_eq!(back, s, "{text}");
    }
}

#[test]
fn save_is_atomic_and_leaves_nothing_behind() {
    let dir = std::env::temp_dir().join(format!("yibao-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reform.ron");
    std::fs::write(&path, "old content").unwrap();
    let s = scenario::load(&shipped()[0]).unwrap().scenario;
    scenario::save(&path, &s).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        scenario::to_ron_string(&s)
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // Saving into a missing directory fails and creates nothing.
    let missing = dir.join("no/such/dir/x.ron");
    assert!(scenario::save(&missing, &s).is_err());
    assert!(!dir.join("no").exists());
}

#[test]
fn garbage_and_truncated_files_give_errors_not_panics() {
    let valid = std::fs::read_to_string(&shipped()[0]).unwrap();
    let mut inputs: Vec<String> = vec![
        String::new(),
        "(".into(),
        "Scenario(".into(),
        "\"".into(),
        "/*".into(),
        "Scenario(format: 99999999999999999999, title: \"x\")".into(),
        "Scenario(format: -1, title: \"x\")".into(),
        "Scenario(format: 1, title: \"x\", levers: {\"resident.premium\": Steps({9999999999: 1.0})})".into(),
        "Scenario(format: 1, title: \"x\", levers: {\"@\": Steps({2030: 1.0})})".into(),
        "Scenario(format: 1, title: \"x\", levers: {\"resident.premium\": Steps({})})".into(),
        "\u{feff}Scenario(format: 1, title: \"x\")".into(),
        "😀".repeat(10),
    ];
    let chars: Vec<char> = valid.chars().collect();
    for cut in (0..chars.len()).step_by(7) {
        inputs.push(chars[..cut].iter().collect());
    }
    for input in &inputs {
        let r = scenario::parse_str(input, "g.ron");
        if let Err(d) = &r {
            assert!(!d.is_empty());
            assert!(d.iter().any(|x| x.severity == Severity::Error));
        }
    }
}

fn save_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yibao-save-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names_in(dir: &FsPath) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn save_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let dir = save_dir("symlink");
    std::fs::create_dir(dir.join("real")).unwrap();
    let target = dir.join("real/reform.ron");
    std::fs::write(&target, "old").unwrap();
    // A relative link, and a link to that link.
    std::os::unix::fs::symlink("real/reform.ron", dir.join("link.ron")).unwrap();
    std::os::unix::fs::symlink("link.ron", dir.join("link2.ron")).unwrap();
    let s = scenario::load(&shipped()[0]).unwrap().scenario;
    scenario::save(&dir.join("link2.ron"), &s).unwrap();
    assert!(
        std::fs::symlink_metadata(dir.join("link.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(dir.join("link2.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        scenario::to_ron_string(&s)
    );
    assert_eq!(names_in(&dir.join("real")), ["reform.ron"]);
}

#[cfg(unix)]
#[test]
fn save_refuses_a_read_only_file_and_keeps_permissions_otherwise() {
    use std::os::unix::fs::PermissionsExt;
    let dir = save_dir("readonly");
    let path = dir.join("locked.ron");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let s = scenario::load(&shipped()[0]).unwrap().scenario;
    let e = scenario::save(&path, &s).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied);
    assert_eq!(
        e.to_string(),
        "the file is read-only; make it writable or save under another name"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(names_in(&dir), ["locked.ron"]);
    // A writable file keeps its mode.
    let shared = dir.join("shared.ron");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    scenario::save(&shared, &s).unwrap();
    let mode = std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn save_works_for_a_long_chinese_name() {
    let dir = save_dir("long");
    // 80 characters of 3 bytes each plus ".ron": 244 bytes, under the usual 255-byte limit,
    // which a temporary name built from the file name would pass.
    let name = format!(
        "{}.ron",
        "提高居民医保个人缴费标准的方案"
            .repeat(6)
            .chars()
            .take(80)
            .collect::<String>()
    );
    assert!(name.len() > 242 && name.len() <= 255, "{}", name.len());
    let path = dir.join(&name);
    let s = scenario::load(&shipped()[0]).unwrap().scenario;
    scenario::save(&path, &s).unwrap();
    scenario::save(&path, &s).unwrap();
    assert_eq!(names_in(&dir), [name]);
}

#[test]
fn concurrent_saves_in_one_process_do_not_collide() {
    let dir = save_dir("concurrent");
    let path = dir.join("same.ron");
    let texts: Vec<Scenario> = (0..8)
        .map(|i| Scenario {
            title: format!("并发 {i}"),
            ..Scenario::default()
        })
        .collect();
    std::thread::scope(|scope| {
        for s in &texts {
            let path = &path;
            scope.spawn(move || {
                for _ in 0..20 {
                    scenario::save(path, s).unwrap();
                }
            });
        }
    });
    // One whole file from one of the writers, and no temporaries.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        texts.iter().any(|s| scenario::to_ron_string(s) == text),
        "{text}"
    );
    assert_eq!(names_in(&dir), ["same.ron"]);
}

/// Broken files of the parser's harder cases, each with its one exact diagnostic
/// (`tests/fixtures/README.md` lists them).
#[test]
fn parser_edge_case_fixtures_have_exact_messages_and_positions() {
    let cases = [
        (
            "utf16.ron",
            "1:1: error: the file is UTF-16 text, not UTF-8 (byte 0); save it as UTF-8",
        ),
        (
            "latin1.ron",
            "3:16: error: the file is not UTF-8 text: invalid byte 0xE9 at byte 40; save it as UTF-8",
        ),
        (
            "duplicate_year_spelling.ron",
            "5:49: error: resident.premium: year 2026 is given twice; keep one value",
        ),
        (
            "duplicate_escaped_lever.ron",
            "6:9: error: lever \"resident.premium\" is set twice; keep one entry",
        ),
        (
            "trailing_text.ron",
            "8:1: error: unexpected text after the end of the scenario",
        ),
        (
            "repeated_title.ron",
            "7:5: error: field `title` is given twice",
        ),
        (
            "hex_year.ron",
            "5:39: error: employee.abolish_pa: year 1999 is outside 2022–2100",
        ),
        (
            "underscore_year.ron",
            "5:39: error: employee.abolish_pa: year 1999 is outside 2022–2100",
        ),
        (
            "escaped_unknown_lever.ron",
            "5:9: error: unknown lever \"resident.premum\"; did you mean \"resident.premium\"?",
        ),
        (
            "just_above_max.ron",
            "5:38: error: retirement.age_men in 2030: 75.00000000000001 years is outside the allowed range 50–75 years",
        ),
        (
            "huge_value.ron",
            "5:36: error: resident.premium in 2030: 1e308 yuan/yr is outside the allowed range 0–5000 yuan/yr",
        ),
        (
            "tiny_negative.ron",
            "5:35: error: economy.savings in 2030: -1e-298 % is outside the allowed range 0–50 %",
        ),
        (
            "raw_identifier.ron",
            "4:5: error: `0` is not a name; expected a field name such as `title`",
        ),
    ];
    for (file, expected) in cases {
        assert_eq!(only_error(file), expected, "{file}");
    }
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let loaded = scenario::load(&fixture("bom.ron")).unwrap();
    assert_eq!(loaded.scenario.title, "带字节序标记的文件");
    assert!(loaded.warnings.is_empty());
}

fn big_dir(name: &str) -> PathBuf {
    save_dir(name)
}

#[cfg(unix)]
#[test]
fn pipes_devices_and_directories_are_refused_without_reading() {
    let dir = big_dir("special");
    let fifo = dir.join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut cases = vec![
        (
            PathBuf::from("/dev/zero"),
            "is not a regular file (a pipe or a device); give a scenario file",
        ),
        (dir.clone(), "is a directory, not a scenario file"),
    ];
    if made {
        cases.push((
            fifo,
            "is not a regular file (a pipe or a device); give a scenario file",
        ));
    }
    for (path, message) in cases {
        let d = scenario::load(&path).unwrap_err();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            format!("{}: error: {message}", path.display())
        );
    }
}

#[test]
fn files_over_one_megabyte_are_refused() {
    let dir = big_dir("big");
    let path = dir.join("big.ron");
    let mut text = String::from("Scenario(format: 1, title: \"x\", description: \"");
    text.push_str(&"x".repeat(scenario::MAX_FILE_BYTES as usize));
    text.push_str("\")");
    std::fs::write(&path, &text).unwrap();
    let d = scenario::load(&path).unwrap_err();
    assert_eq!(
        d[0].message,
        format!(
            "the file is {} bytes; a scenario file is at most 1048576 bytes (1 MB)",
            text.len()
        )
    );
}

#[test]
fn diagnostics_are_capped_and_long_ids_are_clipped_without_suggestions() {
    // 20,000 repeated years: 50 messages and a count of the rest.
    let mut src =
        String::from("Scenario(format: 1, title: \"x\", levers: {\"resident.premium\": Steps({");
    for _ in 0..20_000 {
        src.push_str("2026: 400.0, ");
    }
    src.push_str("})})");
    let d = scenario::parse_str(&src, "dup.ron").unwrap_err();
    assert_eq!(d.len(), scenario::MAX_DIAGNOSTICS + 1);
    assert_eq!(
        d.last().unwrap().to_string(),
        "dup.ron: error: … and 19949 more errors"
    );
    let total: usize = d.iter().map(|x| x.count()).sum();
    assert_eq!(total, 19_999, "every repeated year is counted");
    // Unknown ids of 100,000 characters: echoed clipped to 64 characters, no "did you mean".
    let long = "resident.premium".repeat(6_250);
    let src = format!(
        "Scenario(format: 1, title: \"x\", levers: {{\"{long}\": Steps({{2026: 1.0}}), \"{long}x\": Steps({{2026: 1.0}})}})"
    );
    let d = scenario::parse_str(&src, "long.ron").unwrap_err();
    assert_eq!(d.len(), 2, "{d:?}");
    let clipped: String = long.chars().take(63).collect();
    assert_eq!(
        d[0].message,
        format!("unknown lever \"{clipped}…\"; run `yibao levers` for the list")
    );
    assert!(d.iter().all(|x| x.message.chars().count() < 150));
}

#[test]
fn a_file_cut_short_or_a_decimal_year_says_so() {
    for src in [
        "Scenario(format: 1, title: \"t\", levers: {",
        "Scenario(format: 1, title: \"t\",\n  levers: {\"resident.premium\": Steps({2026: 400.0",
        "Scenario(\n  format: 1,\n  title: \"t\",\n",
    ] {
        let d = scenario::parse_str(src, "t.ron").unwrap_err();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("unexpected end of file"),
            "{src}: {}",
            d[0].message
        );
    }
    let d = scenario::parse_str(
        "Scenario(format: 1, title: \"t\", horizon: 2060.5)",
        "t.ron",
    )
    .unwrap_err();
    assert_eq!(
        (d[0].column, d[0].message.as_str()),
        (
            46,
            "expected a whole number (a year or the format version), found a decimal point"
        )
    );
}
