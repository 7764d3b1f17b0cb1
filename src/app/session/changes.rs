//! The automatic title and one-line list of changes of a scenario the user has not named yet
//! (an edited baseline): "未命名方案（基于现行政策）" and "改动：居民个人缴费 2026年起 450 元/人/年".

use crate::app::format;
use crate::app::i18n::{Lang, T, colon};
use crate::model::keys::LeverKey;
use crate::model::scenario::{AUTOMATIC_TITLES, title_in};
use crate::model::{Dataset, LeverPath, Scenario};

/// The title of the current-law baseline (`Scenario::default()`).
pub fn baseline_title() -> String {
    Scenario::default().title
}

/// A title as the screen shows it in `lang`: the built-in baseline's title and the automatic
/// "Untitled" one in the UI language (the file keeps what it holds); any other title as written.
pub fn shown_title(title: &str, lang: Lang) -> &str {
    title_in(title, lang == Lang::En)
}

/// Whether `title` is one the app gave (the baseline's or the automatic one, in either
/// language), so that the app may keep it up to date.
pub fn is_automatic_title(title: &str) -> bool {
    AUTOMATIC_TITLES.iter().any(|pair| pair.contains(&title))
}

/// Whether `description` is empty or the generated list of `scenario`'s changes in either
/// language.
pub fn is_automatic_description(description: &str, scenario: &Scenario, dataset: &Dataset) -> bool {
    description.is_empty()
        || description == change_list(scenario, dataset, Lang::Zh)
        || description == change_list(scenario, dataset, Lang::En)
}

/// Names an edited scenario the user has not named: after the edit that turned `before` into
/// `after`, an automatic title becomes "Untitled (from current law)" while levers are set (and
/// the baseline's title again when none are), and an automatic description follows the list of
/// changes. A title or description the user wrote is never touched.
pub fn auto_name(before: &Scenario, after: &mut Scenario, dataset: &Dataset, lang: Lang) {
    if !is_automatic_title(&after.title) || after.title != before.title {
        return;
    }
    let changed = !after.levers.is_empty() || after.balancing != Scenario::default().balancing;
    after.title = if changed {
        T::UntitledScenario.get(lang).to_owned()
    } else {
        baseline_title()
    };
    if after.description == before.description
        && is_automatic_description(&before.description, before, dataset)
    {
        after.description = change_list(after, dataset, lang);
    }
}

/// One line listing what the scenario changes against current law (empty when nothing):
/// every lever key with its path, and the balancing rule when it is not the default.
pub fn change_list(scenario: &Scenario, dataset: &Dataset, lang: Lang) -> String {
    let zh = lang.is_zh();
    let mut items: Vec<String> = scenario
        .levers
        .iter()
        .map(|(text, path)| {
            // A key that names no lever (a file not yet validated) is listed as written.
            let Ok(key) = text.parse::<LeverKey>() else {
                return text.clone();
            };
            let place = key.province.map(|p| {
                let name = dataset
                    .provinces
                    .iter()
                    .find(|x| x.code == p.code())
                    .map_or_else(
                        || p.code().to_owned(),
                        |x| {
                            if zh {
                                x.name_zh.clone()
                            } else {
                                x.name_en.clone()
                            }
                        },
                    );
                if zh {
                    format!("（{name}）")
                } else {
                    format!(" ({name})")
                }
            });
            let def = key.lever.def();
            format!(
                "{}{} {}",
                def.label(zh),
                place.unwrap_or_default(),
                path_summary(def, path, lang)
            )
        })
        .collect();
    let default_rule = Scenario::default().balancing;
    if scenario.balancing != default_rule {
        items.push(format!(
            "{}{}{}",
            T::Balancing.get(lang),
            colon(lang),
            scenario.balancing.label(zh)
        ));
    }
    if items.is_empty() {
        return String::new();
    }
    let sep = if zh { "；" } else { "; " };
    format!("{}{}", T::ChangesPrefix.get(lang), items.join(sep))
}

/// A path in words: `2026年起 450 元/人/年`, `2026年 400、2027年 400`, or one constant value.
fn path_summary(def: &crate::model::LeverDef, path: &LeverPath, lang: Lang) -> String {
    let keys = path.keys();
    let kind = match path {
        LeverPath::Linear(_) if keys.len() > 1 => T::LinearSuffix.get(lang),
        _ => "",
    };
    if let [(year, value)] = keys.iter().collect::<Vec<_>>()[..] {
        let value = format::lever_value_unit(def, *value, lang);
        return if *year == i32::MIN {
            value
        } else {
            crate::app::i18n::tf(lang, T::FromYearValue, &[&year.to_string(), &value])
        };
    }
    let sep = if lang.is_zh() { "、" } else { ", " };
    let list: Vec<String> = keys
        .iter()
        .map(|(y, v)| {
            let v = format::lever_value(def, *v);
            if lang.is_zh() {
                format!("{y}年 {v}")
            } else {
                format!("{y}: {v}")
            }
        })
        .collect();
    let unit = def.unit.label(lang.is_zh());
    format!(
        "{}{}{kind}",
        list.join(sep),
        if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI's words for the automatic titles are the ones files and reports recognise.
    #[test]
    fn the_ui_names_the_automatic_titles_as_the_model_does() {
        for lang in [Lang::Zh, Lang::En] {
            let i = usize::from(lang == Lang::En);
            assert_eq!(T::BaselineTitle.get(lang), AUTOMATIC_TITLES[0][i]);
            assert_eq!(T::UntitledScenario.get(lang), AUTOMATIC_TITLES[1][i]);
            assert_eq!(
                shown_title(AUTOMATIC_TITLES[1][0], lang),
                AUTOMATIC_TITLES[1][i]
            );
        }
        assert_eq!(shown_title("医保改革方案", Lang::En), "医保改革方案");
    }

    #[test]
    fn the_change_list_names_levers_provinces_and_years() {
        let dataset = Dataset::embedded().expect("embedded data");
        let mut s = Scenario::default();
        assert_eq!(change_list(&s, &dataset, Lang::Zh), "");
        s.levers.insert(
            "resident.premium".to_owned(),
            LeverPath::Steps([(2026, 400.0)].into()),
        );
        s.levers.insert(
            "resident.subsidy@GD".to_owned(),
            LeverPath::Indexed([(2026, 800.0), (2030, 900.0)].into()),
        );
        assert_eq!(
            change_list(&s, &dataset, Lang::Zh),
            "改动：居民个人缴费 2026年起 400 元/人/年；财政补助（广东） 2026年 800、2030年 900 元/人/年"
        );
        let en = change_list(&s, &dataset, Lang::En);
        assert!(en.starts_with("Changes: "), "{en}");
        assert!(en.contains("(Guangdong)"), "{en}");
        assert!(en.contains("from 2026"), "{en}");
    }

    #[test]
    fn a_user_title_is_never_replaced() {
        let dataset = Dataset::embedded().expect("embedded data");
        let before = Scenario::default();
        let mut after = before.clone();
        after
            .levers
            .insert("resident.premium".to_owned(), LeverPath::constant(500.0));
        auto_name(&before, &mut after, &dataset, Lang::Zh);
        assert_eq!(after.title, "未命名方案（基于现行政策）");
        assert!(
            after.description.starts_with("改动："),
            "{}",
            after.description
        );

        let mut named = Scenario {
            title: "我的方案".to_owned(),
            ..Scenario::default()
        };
        let before = named.clone();
        named
            .levers
            .insert("resident.premium".to_owned(), LeverPath::constant(500.0));
        auto_name(&before, &mut named, &dataset, Lang::Zh);
        assert_eq!(named.title, "我的方案");
        assert_eq!(named.description, "");
    }
}
