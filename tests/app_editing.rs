//! Editing in the lever panel without surprises: the slider on a multi-year path shifts the
//! whole path or edits the year picked; money levers take a change over current law and a
//! freeze; an edited baseline gets an automatic title and change list; description and
//! references are edited in the app, undoably; assumptions sit in their own collapsed section
//! and levers not in effect are hidden.

#![cfg(feature = "gui")]

mod app_support;

use app_support::harness;
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use yibao::app::Command;
use yibao::app::i18n::Lang;
use yibao::model::{Lever, LeverKey, LeverPath, Scenario};

/// Current law's value of a lever in a year for the nation (`None`) or a province, as the model
/// resolves it.
fn law(lever: Lever, province: Option<&str>, year: i32) -> f64 {
    let codes = yibao::model::keys::PROVINCE_CODES;
    let (r, _) = yibao::model::resolve::resolve(&Scenario::default(), &codes, 2022, year.max(2023));
    let index = province.map(|c| codes.iter().position(|x| *x == c).expect("a province"));
    r.unit_in_year(lever, index, year)
}

fn scenario_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn lever(app: &yibao::app::YibaoApp, key: &str) -> Option<LeverPath> {
    app.state().scenario.levers.get(key).cloned()
}

fn undo_name(app: &yibao::app::YibaoApp) -> String {
    app.state()
        .history
        .next_undo()
        .map(|e| e.describe(Lang::Zh))
        .unwrap_or_default()
}

fn resident_balance(app: &yibao::app::YibaoApp) -> Vec<f64> {
    app.state()
        .projection
        .series("CN", yibao::model::Fund::Resident)
        .map(|s| s.rows.iter().map(|r| r.balance).collect())
        .unwrap_or_default()
}

#[test]
fn slider_on_a_multi_year_path_shifts_the_whole_path_or_edits_the_picked_year() {
    let mut h = harness();
    h.state_mut()
        .apply(Command::Open(scenario_file("premium-freeze.ron")));
    h.run();
    // The row shows every key and says what the slider edits.
    assert!(h.query_by_label("整条路径平移").is_some());
    assert!(h.query_by_label("2027年：400").is_some());
    assert!(
        h.query_by_label("滑块：整条路径平移（3个年份，2026–2028年）")
            .is_some()
    );

    // Dragging to 1,500 moves all three years: no one-year spike.
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(1500.0);
    h.run();
    assert_eq!(
        lever(h.state(), "resident.premium"),
        Some(LeverPath::Indexed(
            [(2026, 1500.0), (2027, 1500.0), (2028, 1500.0)].into()
        ))
    );
    assert_eq!(undo_name(h.state()), "居民个人缴费 整条路径 400→1,500");

    // "Edit this year": pick 2027, and the slider edits that key only.
    h.get_by_label("2027年：1,500").click();
    h.run();
    assert!(h.query_by_label("滑块：只改2027年的值").is_some());
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(600.0);
    h.run();
    assert_eq!(
        lever(h.state(), "resident.premium"),
        Some(LeverPath::Indexed(
            [(2026, 1500.0), (2027, 600.0), (2028, 1500.0)].into()
        ))
    );
    // Back to shifting the whole path.
    h.get_by_label("整条路径平移").click();
    h.run();
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(1400.0);
    h.run();
    assert_eq!(
        lever(h.state(), "resident.premium"),
        Some(LeverPath::Indexed(
            [(2026, 1400.0), (2027, 500.0), (2028, 1400.0)].into()
        ))
    );
}

#[test]
fn delta_entry_sets_current_law_plus_delta_nationally_and_for_one_province() {
    let mut h = harness();
    let law_2026 = law(Lever::ResidentSubsidy, None, 2026);
    h.get_by_role_and_label(Role::SpinButton, "财政补助：较现行政策")
        .set_value_accesskit(50.0);
    h.run();
    let path = lever(h.state(), "resident.subsidy").expect("the Δ wrote a path");
    // Current law as shown (whole yuan) plus the difference.
    let shown = |v: f64| yibao::app::format::lever_shown(Lever::ResidentSubsidy.def(), v);
    assert_eq!(
        path,
        LeverPath::Indexed([(2026, shown(law_2026) + 50.0)].into())
    );
    assert_eq!(undo_name(h.state()), "财政补助 较现行政策 +50");
    // The row says what current law and the scenario give over the years the change covers.
    let horizon = h.state().state().scenario.horizon;
    let law_end = law(Lever::ResidentSubsidy, None, horizon);
    let law_text = format!(
        "现行政策：2026年 {}，{horizon}年 {}",
        yibao::app::format::lever_value(Lever::ResidentSubsidy.def(), law_2026),
        yibao::app::format::lever_value(Lever::ResidentSubsidy.def(), law_end)
    );
    assert!(
        h.query_all_by_label_contains(&law_text).next().is_some(),
        "{law_text}"
    );
    assert!(
        h.query_all_by_label_contains("本方案：2026年 ")
            .next()
            .is_some()
    );
    h.get_by_role_and_label(Role::SpinButton, "财政补助：较现行政策");

    // One province: select Guangdong, edit its overrides, +50 from 2026.
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.state_mut().apply(Command::SetProvinceScope(true));
    h.run();
    let law_gd = law(Lever::ResidentSubsidy, Some("GD"), 2026);
    h.get_by_role_and_label(Role::SpinButton, "财政补助：较现行政策")
        .set_value_accesskit(80.0);
    h.run();
    assert_eq!(
        lever(h.state(), "resident.subsidy@GD"),
        Some(LeverPath::Indexed([(2026, shown(law_gd) + 80.0)].into()))
    );
    // The national change stays as it was.
    assert_eq!(lever(h.state(), "resident.subsidy"), Some(path));
}

#[test]
fn freeze_writes_a_steps_path_at_the_last_notice_level() {
    let mut h = harness();
    let before = resident_balance(h.state());
    h.get_by_label("居民个人缴费：冻结于2025年水平").click();
    h.run();
    assert_eq!(
        lever(h.state(), "resident.premium"),
        Some(LeverPath::Steps([(2026, 400.0)].into()))
    );
    assert_eq!(undo_name(h.state()), "冻结 居民个人缴费（2026年起）");
    // Frozen at 400 while current law grows with income: less premium income, a lower resident
    // balance in every year from 2027 until the backstop holds both at zero; exactly the edited
    // scenario's projection.
    let after = resident_balance(h.state());
    let edited = yibao::model::project(&h.state().state().dataset, &h.state().state().scenario)
        .expect("calibrates");
    let expected: Vec<f64> = edited
        .series("CN", yibao::model::Fund::Resident)
        .map(|s| s.rows.iter().map(|r| r.balance).collect())
        .unwrap_or_default();
    assert_eq!(after, expected);
    for (i, (a, b)) in after.iter().zip(&before).enumerate().skip(5) {
        assert!(
            a < b || (*a == 0.0 && *b == 0.0),
            "year {}: {a} vs {b}",
            2022 + i
        );
    }
    assert!(after.iter().zip(&before).any(|(a, b)| a < b));
    // Frozen: the action is done, and the Δ field shows how far below current law 2026 (as the
    // row shows it, in whole yuan) is.
    let law_2026 = law(Lever::ResidentPremium, None, 2026);
    let law_shown = yibao::app::format::lever_shown(Lever::ResidentPremium.def(), law_2026);
    let delta = h.get_by_role_and_label(Role::SpinButton, "居民个人缴费：较现行政策");
    let shown = delta.value().expect("the Δ field shows a value");
    let expected = yibao::app::format::signed(400.0 - law_shown, 0);
    assert_eq!(shown, expected, "current law 2026: {law_2026}");
    // Freezing again does nothing: the button is disabled while the path is the freeze.
    h.state_mut().apply(Command::Undo);
    h.state_mut().apply(Command::Redo);
    h.run();
    h.get_by_label("居民个人缴费：冻结于2025年水平").click();
    h.run();
    assert!(h.state().state().history.next_redo().is_none());
    h.state_mut().apply(Command::Undo);
    assert_eq!(h.state().state().scenario, Scenario::default());
}

#[test]
fn an_edited_baseline_gets_an_automatic_title_and_change_list_undone_with_the_edit() {
    let mut h = harness();
    assert_eq!(h.state().state().scenario.title, "现行政策（基准）");
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(500.0);
    h.run();
    let s = &h.state().state().scenario;
    assert_eq!(s.title, "未命名方案（基于现行政策）");
    assert_eq!(s.description, "改动：居民个人缴费 2026年起 500 元/人/年");
    // The comparison names the pinned snapshot by the new title.
    h.state_mut().apply(Command::PinCurrent);
    assert_eq!(
        h.state().state().compare[0].name,
        "未命名方案（基于现行政策）"
    );
    // Undo takes the title back with the edit.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().state().scenario, Scenario::default());

    // In English the automatic title is English.
    h.state_mut().apply(Command::SetLang(Lang::En));
    h.run();
    h.get_by_role_and_label(Role::Slider, "Resident premium")
        .set_value_accesskit(450.0);
    h.run();
    let s = &h.state().state().scenario;
    assert_eq!(s.title, "Untitled (from current law)");
    assert!(
        s.description
            .starts_with("Changes: Resident premium from 2026: 450"),
        "{}",
        s.description
    );

    // A title the user typed is kept through later edits.
    h.state_mut()
        .apply(Command::SetTitle("我的方案".to_owned()));
    h.state_mut().apply(Command::EndEdit);
    h.get_by_role_and_label(Role::Slider, "Resident premium")
        .set_value_accesskit(460.0);
    h.run();
    assert_eq!(h.state().state().scenario.title, "我的方案");
}

#[test]
fn description_and_references_are_edited_in_the_app_and_undone() {
    let mut h = harness();
    h.get_by_label("方案说明与参考文献").click();
    h.run();
    let field = h.get_by_role_and_label(Role::MultilineTextInput, "方案说明");
    field.focus();
    field.type_text("冻结方案");
    h.run();
    assert_eq!(h.state().state().scenario.description, "冻结方案");
    let refs = h.get_by_role_and_label(Role::MultilineTextInput, "参考文献（每行一条）");
    refs.focus();
    refs.type_text("第一条");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "参考文献（每行一条）")
        .type_text("第二条");
    h.run();
    assert_eq!(
        h.state().state().scenario.references,
        ["第一条".to_owned(), "第二条".to_owned()]
    );
    let names: Vec<_> = [undo_name(h.state())].to_vec();
    assert_eq!(names, ["参考文献"]);
    h.state_mut().apply(Command::Undo);
    h.state_mut().apply(Command::Undo);
    assert_eq!(h.state().state().scenario, Scenario::default());
}

#[test]
fn assumptions_are_collapsed_in_their_own_section_and_levers_not_in_effect_are_hidden() {
    let mut h = harness();
    // Policy levers are on screen; assumption levers wait in the collapsed section.
    assert!(
        h.query_by_role_and_label(Role::Slider, "居民个人缴费")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Slider, "工资增长率")
            .is_none()
    );
    assert!(h.query_by_label("假设与技术参数").is_some());
    h.get_by_label("假设与技术参数").click_accesskit();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Slider, "工资增长率")
            .is_some()
    );
    // The groups of the section start collapsed: the seed and the stochastic shocks are not
    // drawn yet. Every lever is in effect since pooling is projected (issue 11), so the panel
    // has no hidden levers to report.
    assert!(h.query_all_by_label("合成地市随机种子").next().is_none());
    assert!(
        h.query_all_by_label("医疗费用增长冲击标准差")
            .next()
            .is_none()
    );
    assert!(
        h.query_all_by_label_contains("个尚未生效的参数未显示")
            .next()
            .is_none()
    );
    // A scenario that sets one marks its group as changed, with the seed in it.
    h.state_mut().apply(Command::SetLever {
        key: LeverKey::national(Lever::PoolingSeed),
        path: Some(LeverPath::constant(7.0)),
        edit: yibao::app::session::history::Edit::Path {
            key: LeverKey::national(Lever::PoolingSeed),
        },
        continuing: false,
    });
    h.run();
    h.get_by_label("统筹层次 ●1").click_accesskit();
    h.run();
    assert!(h.query_all_by_label("合成地市随机种子").next().is_some());
}

#[test]
fn province_search_enter_picks_the_only_match_and_clears_the_search() {
    let mut h = harness();
    h.get_by_role_and_label(Role::ComboBox, "地区").click();
    h.run();
    // The search field has the focus when the list opens.
    h.get_by(|n| n.role() == Role::TextInput && n.is_focused())
        .type_text("广东");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().unit(), "GD");
    // The search text is gone: the list opens unfiltered next time.
    h.get_by_role_and_label(Role::ComboBox, "地区").click();
    h.run();
    assert!(h.query_by_label("北京 (BJ)").is_some());
    assert!(h.query_by_label("广东 (GD)").is_some());
}

#[test]
fn the_summary_keeps_its_height_so_the_tabs_do_not_jump() {
    // The window's minimum width, where the sentence wraps.
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(960.0, 700.0))
        .with_context_setup(yibao::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut yibao::app::YibaoApp| app.ui(ui),
            yibao::app::YibaoApp::for_tests().expect("app"),
        );
    h.run();
    let tab_top = |h: &egui_kittest::Harness<'_, yibao::app::YibaoApp>| {
        h.get_by_label("累计结存与可支付月数").rect().top()
    };
    let before = tab_top(&h);
    for value in [450.0, 900.0, 1500.0, 401.0] {
        h.get_by_role_and_label(Role::Slider, "居民个人缴费")
            .set_value_accesskit(value);
        h.run();
        assert_eq!(tab_top(&h), before, "premium {value}");
    }
}

#[test]
fn the_chinese_interface_shows_sources_in_chinese() {
    let mut h = harness();
    // Status line: the data vintage.
    assert!(
        h.query_by_label_contains("国家医保局2022年医疗保障事业发展统计公报")
            .is_some()
    );
    assert!(h.query_by_label_contains("final bulletin").is_none());
    // Hover card of a lever: its source.
    h.get_by_role_and_label(Role::Label, "居民个人缴费").hover();
    h.run();
    assert!(h.query_by_label_contains("全国最低筹资标准").is_some());
    assert!(h.query_by_label_contains("national minimum").is_none());
    // English keeps the catalogue's text.
    h.state_mut().apply(Command::SetLang(Lang::En));
    h.run();
    assert!(
        h.query_by_label_contains("NHSA 2022 final bulletin")
            .is_some()
    );
}

#[test]
fn province_scope_edits_write_the_province_override_and_leave_the_nation() {
    let mut h = harness();
    let base = h.state().state().projection.clone();
    let gd = yibao::model::Province::from_code("GD").expect("a province");
    let year_row = |p: &yibao::model::Projection, unit: &str| {
        p.series(unit, yibao::model::Fund::Resident)
            .and_then(|s| s.rows.iter().find(|r| r.year == 2030).cloned())
            .expect("a 2030 row")
    };
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.state_mut().apply(Command::SetProvinceScope(true));
    h.run();
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(600.0);
    h.run();
    // The slider wrote Guangdong's override (indexed like the default), not the national path.
    assert_eq!(
        lever(h.state(), "resident.premium@GD"),
        Some(LeverPath::Indexed([(2026, 600.0)].into()))
    );
    assert_eq!(lever(h.state(), "resident.premium"), None);
    let name = undo_name(h.state());
    assert!(
        name.starts_with("居民个人缴费@GD ") && name.ends_with("→600"),
        "{name}"
    );
    // The panel's values: Guangdong's from 2026, the nation's still current law.
    let levers = h.state().state().levers();
    assert_eq!(
        levers.unit_in_year(Lever::ResidentPremium, Some(gd.index()), 2026),
        600.0
    );
    assert_eq!(
        levers.unit_in_year(Lever::ResidentPremium, None, 2026),
        law(Lever::ResidentPremium, None, 2026)
    );
    // Only Guangdong's projection moves.
    let now = &h.state().state().projection;
    assert!(year_row(now, "GD").income_contributions > year_row(&base, "GD").income_contributions);
    assert_eq!(year_row(now, "BJ"), year_row(&base, "BJ"));

    // Back to the national scope: the slider edits the national path, the override stays and
    // still wins in Guangdong.
    h.state_mut().apply(Command::SetProvinceScope(false));
    h.run();
    h.get_by_role_and_label(Role::Slider, "居民个人缴费")
        .set_value_accesskit(500.0);
    h.run();
    assert_eq!(
        lever(h.state(), "resident.premium"),
        Some(LeverPath::Indexed([(2026, 500.0)].into()))
    );
    assert_eq!(
        lever(h.state(), "resident.premium@GD"),
        Some(LeverPath::Indexed([(2026, 600.0)].into()))
    );
    let levers = h.state().state().levers();
    assert_eq!(
        levers.unit_in_year(Lever::ResidentPremium, None, 2026),
        500.0
    );
    assert_eq!(
        levers.unit_in_year(Lever::ResidentPremium, Some(gd.index()), 2026),
        600.0
    );
}

/// Typing into a lever's number field: nothing is projected or recorded while the digits go in;
/// Enter, Tab or leaving the field commits the value once, as one undo step.
#[test]
fn typed_numbers_commit_once_on_enter_tab_or_focus_loss() {
    let mut h = harness();
    let before = h.state().state().projection.clone();
    for (field, keys, commit) in [
        ("财政补助", "836", egui::Key::Tab),
        ("居民个人缴费", "520", egui::Key::Enter),
    ] {
        let key = if field == "财政补助" {
            "resident.subsidy"
        } else {
            "resident.premium"
        };
        let undo_before = undo_name(h.state());
        let shown_before = h.state().state().projection.clone();
        h.get_by_role_and_label(Role::SpinButton, field).focus();
        h.run();
        for (i, c) in keys.chars().enumerate() {
            h.get_by(|n| n.is_focused()).type_text(&c.to_string());
            h.run();
            // No partial value (8, 83) reaches the scenario, the projection or undo.
            assert_eq!(lever(h.state(), key), None, "{field} after {} keys", i + 1);
            assert!(h.state().state().projection == shown_before, "{field}");
            assert_eq!(undo_name(h.state()), undo_before, "{field}");
        }
        h.key_press(commit);
        h.run();
        let value: f64 = keys.parse().expect("a number");
        assert_eq!(
            lever(h.state(), key).map(|p| p.keys().values().copied().collect::<Vec<_>>()),
            Some(vec![value]),
            "{field}"
        );
        assert!(
            undo_name(h.state()).ends_with(&format!("→{keys}")),
            "{}",
            undo_name(h.state())
        );
    }
    // Ctrl+Z takes the premium back to current law in one step (not to 52), then the subsidy.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(lever(h.state(), "resident.premium"), None);
    assert!(lever(h.state(), "resident.subsidy").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().state().scenario, Scenario::default());
    assert!(h.state().state().projection == before);
}

/// What a field shows is what the file holds: a value entered with more digits than the field
/// shows (a slider set by a screen reader, a drag) and a change over current law are stored at
/// the field's precision.
#[test]
fn values_are_stored_at_the_precision_the_field_shows() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Slider, "财政补助")
        .set_value_accesskit(636.2771987915039);
    h.run();
    assert_eq!(
        lever(h.state(), "resident.subsidy"),
        Some(LeverPath::Indexed([(2026, 636.0)].into()))
    );
    // A rate shown in % with two decimals keeps four in the file.
    h.get_by_label("假设与技术参数").click_accesskit();
    h.run();
    h.get_by_role_and_label(Role::Slider, "工资增长率")
        .set_value_accesskit(4.123456);
    h.run();
    let stored = lever(h.state(), "economy.wage_growth")
        .and_then(|p| p.keys().values().next().copied())
        .expect("the wage growth path");
    assert_eq!(stored, 0.0412);
    // The change over current law: whole yuan on current law's shown value.
    h.get_by_role_and_label(Role::SpinButton, "居民个人缴费：较现行政策")
        .set_value_accesskit(50.0);
    h.run();
    let path = lever(h.state(), "resident.premium").expect("the Δ wrote a path");
    let v = path.keys().values().next().copied().expect("one key");
    assert_eq!(v, v.round(), "{v}");
    let law_2026 = law(Lever::ResidentPremium, None, 2026);
    let law_shown = yibao::app::format::lever_shown(Lever::ResidentPremium.def(), law_2026);
    assert_eq!(
        law_shown.to_string(),
        yibao::app::format::lever_value(Lever::ResidentPremium.def(), law_2026)
    );
    assert_eq!(v, law_shown + 50.0);
    // The file holds the shown digits.
    let dir = app_support::temp_dir("precision");
    let file = dir.join("p.ron");
    h.state_mut().apply(Command::SaveAs(file.clone()));
    let text = std::fs::read_to_string(&file).expect("saved");
    assert!(text.contains("636"), "{text}");
    assert!(!text.contains("636.2"), "{text}");
    assert!(!text.contains("0.04123"), "{text}");
}
