//! The projection's typed warnings ([`crate::model::Warning`]) in the UI's language.

use crate::app::i18n::{Lang, T, tf};
use crate::model::Fund;
use crate::model::Warning;
use crate::model::calibrate::CalibrationWarning as CalWarning;

/// A fund id (`employee_pooled`, …) as the UI names it: its Chinese label, or the id in
/// English (the CLI's wording); an unknown id as written.
fn fund_name(id: &str, lang: Lang) -> String {
    match (Fund::from_id(id), lang) {
        (Some(f), Lang::Zh) => f.label(true).to_owned(),
        _ => id.to_owned(),
    }
}

/// A history item id as the UI names it (the id in English); an unknown id as written.
fn item_name(id: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return id.to_owned();
    }
    let key = match id {
        "income" => T::ItemIncome,
        "expenditure" => T::ItemExpenditure,
        "balance" => T::ItemBalance,
        "current_balance" => T::ItemCurrentBalance,
        _ => return id.to_owned(),
    };
    key.get(lang).to_owned()
}

/// What a warning means for the reader, in plain words (no lever ids, factors or step numbers);
/// [`warning_text_named`] gives the details.
pub fn warning_plain(w: &Warning, lang: Lang) -> &'static str {
    let key = match w {
        Warning::UnknownLever { .. } | Warning::OverrideIgnored { .. } => T::PlainUnknownSetting,
        Warning::Calibration(CalWarning::BackstopInHistory { .. }) => T::PlainBackstopHistory,
        Warning::Calibration(CalWarning::HistoryFactor { .. }) => T::PlainHistoryFactor,
        Warning::Calibration(_) | Warning::CalibrationFailed(_) => T::PlainCalibration,
        Warning::HorizonClamped { .. } => T::PlainHorizon,
        Warning::ReimbursementClamped { .. } => T::PlainReimbursement,
        Warning::EmptyResidentPool { .. } => T::PlainEmptyPool,
        Warning::SyntheticSubunits { .. } => T::PlainSynthetic,
        Warning::LoadedSubunits { .. } => T::PlainLoadedSubunits,
        Warning::SubunitsRemainder { .. } => T::PlainSubunitsRemainder,
        Warning::SubunitsUnused { .. } => T::PlainSubunitsUnused,
    };
    key.get(lang)
}

/// The warning's text in `lang` (English is the CLI's wording).
pub fn warning_text(w: &Warning, lang: Lang) -> String {
    warning_text_named(w, lang, &|code| code.to_owned())
}

/// [`warning_text`] with provinces named by `name` (a code to the name the UI shows).
pub fn warning_text_named(w: &Warning, lang: Lang, name: &dyn Fn(&str) -> String) -> String {
    match w {
        Warning::UnknownLever { id } => tf(lang, T::WarnUnknownLever, &[id]),
        Warning::OverrideIgnored { key } => tf(lang, T::WarnOverrideIgnored, &[key]),
        Warning::Calibration(c) => match c {
            CalWarning::IndividualRateClamped { province } => {
                tf(lang, T::WarnRateClamped, &[&name(province)])
            }
            CalWarning::BackstopInHistory {
                province,
                fund,
                year,
                amount,
            } => tf(
                lang,
                T::WarnBackstopHistory,
                &[
                    &name(province),
                    &fund_name(fund, lang),
                    &format!("{amount:.2}"),
                    &year.to_string(),
                ],
            ),
            CalWarning::HistoryFactor {
                year,
                fund,
                item,
                factor,
            } => tf(
                lang,
                T::WarnHistoryFactor,
                &[
                    &year.to_string(),
                    &fund_name(fund, lang),
                    &item_name(item, lang),
                    &format!("{factor:.4}"),
                ],
            ),
        },
        Warning::CalibrationFailed(e) => tf(
            lang,
            T::WarnCalibrationFailed,
            &[&e.step.to_string(), &name(&e.province), &e.message],
        ),
        Warning::HorizonClamped { requested, used } => tf(
            lang,
            T::WarnHorizonClamped,
            &[&requested.to_string(), &used.to_string()],
        ),
        Warning::ReimbursementClamped { province } => tf(
            lang,
            T::WarnRhoClamped,
            &[
                &name(province),
                &crate::model::project::MAX_REIMBURSEMENT.to_string(),
            ],
        ),
        Warning::EmptyResidentPool { province } => tf(lang, T::WarnEmptyPool, &[&name(province)]),
        Warning::SyntheticSubunits { seed, sigma_people } => tf(
            lang,
            T::WarnSynthetic,
            &[&seed.to_string(), &sigma_people.to_string()],
        ),
        Warning::LoadedSubunits { file, provinces } => {
            let names: Vec<String> = provinces.iter().map(|p| name(p)).collect();
            tf(lang, T::WarnLoadedSubunits, &[&names.join("、"), file])
        }
        Warning::SubunitsRemainder { province, misses } => tf(
            lang,
            T::WarnSubunitsRemainder,
            &[
                &name(province),
                &crate::model::warning::misses_text(misses),
                province,
            ],
        ),
        Warning::SubunitsUnused { file } => tf(lang, T::WarnSubunitsUnused, &[file]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calibrate::CalibrationError;

    fn samples() -> Vec<Warning> {
        vec![
            Warning::UnknownLever { id: "x.y".into() },
            Warning::OverrideIgnored {
                key: "x.y@ZZ".into(),
            },
            Warning::Calibration(CalWarning::IndividualRateClamped {
                province: "BJ".into(),
            }),
            Warning::Calibration(CalWarning::BackstopInHistory {
                province: "JS".into(),
                fund: "resident",
                year: 2023,
                amount: 12.5,
            }),
            Warning::Calibration(CalWarning::HistoryFactor {
                year: 2024,
                fund: "employee_pooled",
                item: "income",
                factor: 1.2,
            }),
            Warning::CalibrationFailed(CalibrationError {
                province: "SH".into(),
                step: 10,
                message: "too much".into(),
            }),
            Warning::HorizonClamped {
                requested: 2200,
                used: 2100,
            },
            Warning::ReimbursementClamped {
                province: "TJ".into(),
            },
            Warning::EmptyResidentPool {
                province: "SH".into(),
            },
        ]
    }

    #[test]
    fn english_is_the_cli_text_for_every_kind() {
        for w in samples() {
            assert_eq!(warning_text(&w, Lang::En), w.to_string());
        }
    }

    #[test]
    fn provinces_are_named_by_the_given_names() {
        let w = Warning::EmptyResidentPool {
            province: "SH".into(),
        };
        let name = |c: &str| {
            if c == "SH" {
                "上海".to_owned()
            } else {
                c.to_owned()
            }
        };
        assert_eq!(
            warning_text_named(&w, Lang::Zh, &name),
            "上海：职工参保人数已占满参保人口，居民参保人数为零"
        );
    }

    #[test]
    fn chinese_differs_from_english_and_keeps_the_data() {
        let zh = warning_text(&samples()[3], Lang::Zh);
        assert_eq!(
            zh,
            "JS：城乡居民医保基金需要财政兜底 12.50 亿元（历史年份 2023 年）"
        );
        let zh = warning_text(&samples()[4], Lang::Zh);
        assert!(
            zh.contains("2024") && zh.contains("1.2000") && zh.contains("收入"),
            "{zh}"
        );
        for w in samples() {
            let zh = warning_text(&w, Lang::Zh);
            assert_ne!(zh, w.to_string());
            assert!(!zh.contains("{}"), "{zh}");
        }
    }
}
