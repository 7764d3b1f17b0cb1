//! The briefing (`yibao report … --docx`) and `tables.xlsx`: read back as zip files, the .docx
//! holds its tables as tables and the key charts as PNG images referenced by drawings; the
//! workbook has one sheet per table with numbers stored as numbers; the pack's other files do
//! not change with `--docx`; the same date gives the same bytes; and LibreOffice opens both
//! (converted headless: the .docx to a PDF of several pages, every sheet of the .xlsx to CSV).

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use yibao::model::{Dataset, Fund};
use yibao::render::Lang;
use yibao::report::{baseline_for, briefing, projected, scenario_hash};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-briefing-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn scenario(name: &str) -> String {
    root()
        .join("scenarios")
        .join(name)
        .to_str()
        .expect("path")
        .to_owned()
}

fn yibao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// `yibao report roadmap-2035 --compare premium-freeze --out DIR --date 2026-12-06 [--docx]`.
fn report(out: &Path, docx: bool) {
    let mut args = vec![
        "report".to_owned(),
        scenario("roadmap-2035.ron"),
        "--compare".to_owned(),
        scenario("premium-freeze.ron"),
        "--date".to_owned(),
        "2026-12-06".to_owned(),
        "--out".to_owned(),
        out.to_str().expect("path").to_owned(),
    ];
    if docx {
        args.push("--docx".to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = yibao(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every entry of a zip file: name → bytes.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let bytes = std::fs::read(path).expect("file");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        if f.is_dir() {
            continue;
        }
        let name = f.name().expect("entry name").into_owned();
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("entry reads");
        out.insert(name, b);
    }
    out
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).unwrap_or_else(|| panic!("{name}")).clone()).expect("utf-8")
}

/// The values of an attribute on elements named `element` (local names).
fn attributes(xml: &str, element: &[u8], attribute: &[u8]) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("XML parses") {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    if a.key.local_name().as_ref() == attribute {
                        out.push(String::from_utf8_lossy(&a.value).into_owned());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Text of every `w:t` run of a WordprocessingML part, joined per paragraph.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("XML parses") {
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = false,
            Event::Text(t) if in_t => current.push_str(&t.decode().expect("utf-8")),
            Event::GeneralRef(r) if in_t => {
                let name = r.decode().expect("utf-8");
                current.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                });
            }
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                out.push(std::mem::take(&mut current));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A worksheet's cells: reference → (type attribute, value text).
fn cells(xml: &str) -> BTreeMap<String, (Option<String>, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = BTreeMap::new();
    let mut current: Option<(String, Option<String>)> = None;
    let mut in_v = false;
    loop {
        match reader.read_event().expect("XML parses") {
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let mut r = String::new();
                let mut t = None;
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    match a.key.as_ref() {
                        b"r" => r = String::from_utf8_lossy(&a.value).into_owned(),
                        b"t" => t = Some(String::from_utf8_lossy(&a.value).into_owned()),
                        _ => {}
                    }
                }
                current = Some((r, t));
            }
            Event::Start(e) if e.local_name().as_ref() == b"v" => in_v = true,
            Event::End(e) if e.local_name().as_ref() == b"v" => in_v = false,
            Event::Text(v) if in_v => {
                if let Some((r, t)) = current.take() {
                    out.insert(r, (t, v.decode().expect("utf-8").into_owned()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The shared strings of a workbook, in order.
fn shared_strings(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("XML parses") {
            Event::Start(e) if e.local_name().as_ref() == b"si" => out.push(String::new()),
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some(s) = out.last_mut() {
                    s.push_str(&t.decode().expect("utf-8"));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

struct Runs {
    data: Dataset,
    main: yibao::report::Projected,
    base: yibao::report::Projected,
}

fn runs() -> Runs {
    let data = Dataset::embedded().expect("data");
    let s = yibao::scenario::load(&root().join("scenarios/roadmap-2035.ron"))
        .expect("scenario")
        .scenario;
    let main = projected(&data, s).expect("calibrates");
    let base = projected(&data, baseline_for(&main.scenario)).expect("calibrates");
    Runs { data, main, base }
}

#[test]
fn the_docx_holds_tables_as_tables_charts_as_images_and_the_hash() {
    let out = tmp("docx");
    report(&out, true);
    let r = runs();
    let files = unzip(&out.join("briefing.docx"));
    let doc = text(&files, "word/document.xml");
    // Tables: the headline table, the comparison and the levers.
    assert!(doc.matches("<w:tbl>").count() >= 3, "tables as w:tbl");
    // The key charts and the decomposition's waterfall (the scenario changes ten things):
    // five PNG files under word/media, each the target of a relationship that a drawing embeds.
    let media: Vec<&String> = files
        .keys()
        .filter(|n| n.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 5, "{media:?}");
    for m in &media {
        assert!(files[*m].starts_with(b"\x89PNG\r\n\x1a\n"), "{m} is a PNG");
    }
    assert_eq!(doc.matches("<w:drawing>").count(), 5);
    let rels = text(&files, "word/_rels/document.xml.rels");
    let ids = attributes(&rels, b"Relationship", b"Id");
    let targets = attributes(&rels, b"Relationship", b"Target");
    let embeds = attributes(&doc, b"blip", b"embed");
    assert_eq!(embeds.len(), 5);
    for e in &embeds {
        let i = ids.iter().position(|id| id == e).expect("embed resolves");
        let target = format!("word/{}", targets[i]);
        assert!(files.contains_key(&target), "{target}");
    }
    // The texts: title, date, the summary sentence, the scenario hash; the headline table
    // holds the depletion year of the scenario and the baseline.
    let paras = paragraphs(&doc);
    assert_eq!(paras[0], r.main.scenario.title);
    assert!(paras[1].contains("2026年12月6日"), "{}", paras[1]);
    let sentence = briefing::summary_sentence(&r.main, &r.base, Lang::Zh);
    assert!(paras.contains(&sentence), "{sentence}");
    let hash = scenario_hash(&r.main.scenario);
    assert!(
        paras.iter().any(|p| p.contains(&hash)),
        "scenario hash {hash}"
    );
    let years = |p: &yibao::model::Projection| {
        p.summary("CN", Fund::EmployeePooled)
            .and_then(|s| s.depletion_year)
            .expect("depletes within the horizon")
            .to_string()
    };
    let row = paras
        .iter()
        .position(|p| p == "耗尽年份（净头寸首次不为正）")
        .expect("headline row");
    assert_eq!(paras[row + 1], years(&r.main.projection));
    assert_eq!(paras[row + 2], years(&r.base.projection));
    // Chinese text has an East Asian font.
    let styles = text(&files, "word/styles.xml");
    assert!(
        styles.contains("w:eastAsia=\"SimSun\"") && doc.contains("w:eastAsia=\"SimSun\""),
        "East Asian font set"
    );
    // A fixed date in the document properties.
    assert!(text(&files, "docProps/core.xml").contains("2026-12-06T00:00:00Z"));
    // The treasury's view and the reform decomposition, made from the pack's own runs: the
    // fiscal table's 2035 total is the model's, and the decomposition's rows add up to the
    // change in the resident fund's 2035 months of reserve against current law.
    assert!(paras.iter().any(|p| p == "财政负担"), "treasury section");
    assert!(
        paras.iter().any(|p| p == "改革分解"),
        "decomposition section"
    );
    let fiscal = yibao::model::fiscal::unit_rows(&r.main.projection, "CN").expect("budgets");
    let f2035 = fiscal
        .iter()
        .find(|f| f.year == 2035)
        .expect("2035")
        .fiscal_total();
    let heading = paras.iter().position(|p| p == "财政负担").expect("heading");
    let at = heading
        + paras[heading..]
            .iter()
            .position(|p| p == "2035")
            .expect("2035 row of the fiscal table");
    let shown: Vec<f64> = paras[at + 1..at + 5]
        .iter()
        .map(|p| p.replace(',', "").parse::<f64>().expect("a number"))
        .collect();
    assert!((shown[3] - f2035).abs() < 0.051, "{shown:?} vs {f2035}");
    let months = |p: &yibao::model::Projection| {
        p.series("CN", Fund::Resident)
            .and_then(|s| s.row(2035))
            .and_then(|row| row.months_of_reserve)
            .expect("months in 2035")
    };
    let total = months(&r.main.projection) - months(&r.base.projection);
    let section = yibao::report::sections::decomposition(&r.data, &r.main, Lang::Zh)
        .expect("a decomposition");
    let table = &section.tables[0];
    let sum: f64 = table.rows[..table.rows.len() - 1]
        .iter()
        .map(|row| match &row[1] {
            yibao::report::tables::Cell::Number(x, _) => *x,
            other => panic!("contribution cell {other:?}"),
        })
        .sum();
    assert!(
        (sum - total).abs() < 1e-6 * total.abs().max(1.0),
        "{sum} vs {total}"
    );
}

#[test]
fn tables_xlsx_has_one_sheet_per_table_with_numbers_as_numbers() {
    let out = tmp("xlsx");
    report(&out, false);
    assert!(!out.join("briefing.docx").exists(), "only with --docx");
    let files = unzip(&out.join("tables.xlsx"));
    let names = attributes(&text(&files, "xl/workbook.xml"), b"sheet", b"name");
    assert_eq!(
        names,
        [
            "主要结果",
            "方案对比",
            "汇总 summary",
            "预测 projection",
            "财政负担"
        ]
    );
    let strings = shared_strings(&text(&files, "xl/sharedStrings.xml"));
    let string = |v: &str| strings[v.parse::<usize>().expect("index")].clone();
    let sheets: Vec<BTreeMap<String, (Option<String>, String)>> = (1..=names.len())
        .map(|i| {
            let xml = text(&files, &format!("xl/worksheets/sheet{i}.xml"));
            assert!(
                xml.contains("<pane ySplit=\"1\"") && xml.contains("state=\"frozen\""),
                "sheet {i}: the header row is frozen"
            );
            cells(&xml)
        })
        .collect();
    // No number is stored as text.
    for (sheet, name) in sheets.iter().zip(&names) {
        let mut numbers = 0;
        for (r, (t, v)) in sheet {
            if t.as_deref() == Some("s") {
                let s = string(v);
                assert!(
                    s.trim().parse::<f64>().is_err(),
                    "{name}!{r}: `{s}` as text"
                );
            } else {
                v.parse::<f64>().expect("a number");
                numbers += 1;
            }
        }
        assert!(numbers > 0, "{name} has numbers");
    }
    // The headline sheet: the employee pooled fund's depletion year, scenario and baseline,
    // and their difference.
    let r = runs();
    let headline = &sheets[0];
    let year = |p: &yibao::model::Projection| {
        f64::from(
            p.summary("CN", Fund::EmployeePooled)
                .and_then(|s| s.depletion_year)
                .expect("depletes"),
        )
    };
    let num = |sheet: &BTreeMap<String, (Option<String>, String)>, r: &str| -> f64 {
        let (t, v) = &sheet[r];
        assert!(t.is_none(), "{r} is a number");
        v.parse().expect("number")
    };
    assert_eq!(num(headline, "C2"), year(&r.main.projection));
    assert_eq!(num(headline, "D2"), year(&r.base.projection));
    assert_eq!(
        num(headline, "E2"),
        year(&r.main.projection) - year(&r.base.projection)
    );
    assert_eq!(string(&headline["A1"].1), "基金");
    // Units in the headers; the projection sheet equals projection.csv cell by cell.
    let projection = &sheets[3];
    let csv = std::fs::read_to_string(out.join("projection.csv")).expect("csv");
    let mut lines = csv.lines();
    let ids: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |i: usize| -> String {
        let mut n = i + 1;
        let mut s = String::new();
        while n > 0 {
            let m = (n - 1) % 26;
            s.insert(0, char::from(b'A' + m as u8));
            n = (n - 1) / 26;
        }
        s
    };
    let balance = ids.iter().position(|c| *c == "balance").expect("balance");
    assert_eq!(
        string(&projection[&format!("{}1", col(balance))].1),
        "累计结存（亿元）"
    );
    let mut rows = 0;
    for (i, line) in lines.enumerate() {
        rows += 1;
        if i % 97 != 0 {
            continue;
        }
        for (c, v) in line.split(',').enumerate() {
            let at = format!("{}{}", col(c), i + 2);
            match v.parse::<f64>() {
                Ok(x) => assert_eq!(num(projection, &at), x, "{at}"),
                Err(_) if v.is_empty() => assert!(!projection.contains_key(&at), "{at}"),
                Err(_) => assert_eq!(string(&projection[&at].1), v, "{at}"),
            }
        }
    }
    let last = projection
        .keys()
        .filter_map(|k| {
            k.trim_start_matches(char::is_alphabetic)
                .parse::<usize>()
                .ok()
        })
        .max();
    assert_eq!(last, Some(rows + 1), "one row per CSV line");
}

#[test]
fn docx_adds_files_and_changes_no_other_and_the_same_date_gives_the_same_bytes() {
    let plain = tmp("plain");
    let with = tmp("with");
    let again = tmp("again");
    report(&plain, false);
    report(&with, true);
    report(&again, true);
    let list = |d: &Path| -> Vec<PathBuf> {
        let mut out = Vec::new();
        for sub in ["", "charts"] {
            for e in std::fs::read_dir(d.join(sub)).expect("dir").flatten() {
                if e.path().is_file() {
                    out.push(e.path().strip_prefix(d).expect("inside").to_path_buf());
                }
            }
        }
        out.sort();
        out
    };
    let a = list(&plain);
    let mut b = list(&with);
    assert!(a.contains(&PathBuf::from("tables.xlsx")));
    let docx = PathBuf::from("briefing.docx");
    assert!(b.contains(&docx));
    b.retain(|f| f != &docx);
    assert_eq!(a, b, "--docx adds briefing.docx only");
    for f in &a {
        assert!(
            std::fs::read(plain.join(f)).expect("file")
                == std::fs::read(with.join(f)).expect("file"),
            "{} differs with --docx",
            f.display()
        );
    }
    for f in ["briefing.docx", "tables.xlsx"] {
        assert!(
            std::fs::read(with.join(f)).expect("file")
                == std::fs::read(again.join(f)).expect("file"),
            "{f} differs between two runs with the same date"
        );
    }
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let out = tmp("bad-date");
    let o = yibao(&[
        "report",
        &scenario("baseline.ron"),
        "--docx",
        "--date",
        "2026-02-30",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--date") && err.contains("2026-02-30"),
        "{err}"
    );
    assert!(!out.join("tables.xlsx").exists(), "nothing written");
}

#[test]
fn sections_when_present_join_the_briefing_and_the_workbook() {
    let r = runs();
    let table = yibao::report::tables::Table::from_csv(
        "fiscal 财政",
        "财政负担",
        "unit,year,subsidy,share\nCN,2030,1234.5,0.0125\n",
        Lang::Zh,
        &|id| (id == "share").then_some(yibao::report::tables::Num::Rate),
    )
    .expect("table");
    let extras = briefing::Extras {
        fiscal: Some(briefing::Section {
            title: "财政视角".to_owned(),
            paragraphs: vec!["财政补助与兜底。".to_owned()],
            tables: vec![table],
            images: Vec::new(),
        }),
        decomposition: None,
    };
    let date = briefing::Date::parse("2026-12-06").expect("date");
    let bytes = briefing::briefing_docx(&briefing::Briefing {
        data: &r.data,
        main: &r.main,
        baseline: &r.base,
        compare: &[],
        lang: Lang::Zh,
        date,
        charts: Vec::new(),
        extras: &extras,
    })
    .expect("docx");
    let path = tmp("extras").join("b.docx");
    std::fs::write(&path, bytes).expect("written");
    let doc = text(&unzip(&path), "word/document.xml");
    let paras = paragraphs(&doc);
    assert!(paras.iter().any(|p| p == "财政视角"));
    assert!(paras.iter().any(|p| p == "1.25%"), "a rate as a percentage");
    assert!(paras.iter().any(|p| p == "1,234.5"));
    // And through the pack: the section's table is a sheet of tables.xlsx.
    let out = tmp("extras-pack");
    let opts = yibao::report::PackOptions {
        out: out.clone(),
        units: Vec::new(),
        lang: Lang::Zh,
        headers: yibao::report::csv_text::Headers::Ids,
        excel: false,
    };
    let pack = yibao::report::PackExtras {
        docx: true,
        date: Some(date),
        extras,
    };
    yibao::report::write_pack_with(&r.data, &r.main, &[], &opts, &pack, &|_, _, _| {})
        .expect("pack");
    let names = attributes(
        &text(&unzip(&out.join("tables.xlsx")), "xl/workbook.xml"),
        b"sheet",
        b"name",
    );
    assert_eq!(names.last().map(String::as_str), Some("fiscal 财政"));
}

/// LibreOffice, when installed (CI installs it: .ci/run).
fn libreoffice() -> Option<&'static str> {
    ["libreoffice", "soffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn libreoffice_opens_the_docx_and_the_xlsx() {
    let Some(lo) = libreoffice() else {
        println!("NOTICE: libreoffice is not installed; the conversion test is skipped");
        return;
    };
    let out = tmp("libreoffice");
    report(&out, true);
    // Its own profile, so that it neither waits for nor disturbs a running LibreOffice.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        out.join("lo-profile").display()
    );
    let convert = |file: &str, to: &str, dir: &str| {
        let o = Command::new(lo)
            .args([
                &profile,
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                dir,
                file,
            ])
            .current_dir(&out)
            .output()
            .expect("libreoffice runs");
        assert!(
            o.status.success(),
            "{file}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    };
    convert("briefing.docx", "pdf", "pdf");
    let pdf = out.join("pdf/briefing.pdf");
    assert!(pdf.is_file(), "briefing.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output();
    match info {
        Ok(o) if o.status.success() => {
            let info = String::from_utf8_lossy(&o.stdout);
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|p| p.trim().parse().ok())
                .expect("a page count");
            // Title, summary and tables; four charts, two a page; assumptions and sources.
            assert!((3..=8).contains(&pages), "{pages} pages");
        }
        _ => {
            let bytes = std::fs::read(&pdf).expect("pdf");
            assert!(bytes.starts_with(b"%PDF"), "a PDF");
            println!("NOTICE: pdfinfo is not installed; the page count is not checked");
        }
    }
    // Every sheet of the workbook to CSV (the last filter option: all sheets): the numbers
    // read back as numbers.
    convert(
        "tables.xlsx",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        "csv",
    );
    let mut sheets: Vec<String> = std::fs::read_dir(out.join("csv"))
        .expect("csv dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    sheets.sort();
    assert_eq!(sheets.len(), 5, "{sheets:?}");
    let headline = std::fs::read_to_string(out.join("csv/tables-主要结果.csv")).expect("sheet");
    let second = headline.lines().nth(1).expect("a row");
    let r = runs();
    let year = r
        .main
        .projection
        .summary("CN", Fund::EmployeePooled)
        .and_then(|s| s.depletion_year)
        .expect("depletes");
    assert!(
        second.starts_with(&format!(
            "职工医保统筹基金,耗尽年份（净头寸首次不为正）,{year},"
        )),
        "{second}"
    );
}

#[test]
fn a_pack_without_docx_removes_the_briefing_of_an_earlier_pack() {
    let out = tmp("stale");
    report(&out, true);
    assert!(out.join("briefing.docx").is_file());
    report(&out, false);
    assert!(
        !out.join("briefing.docx").exists(),
        "the old briefing went with the old set"
    );
    assert!(out.join("tables.xlsx").is_file());
}
