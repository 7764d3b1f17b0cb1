//! Number formatting the Chinese way: thousands separators on money (亿元), years without
//! separators, months with one decimal, lever values in their display unit.

use super::i18n::{Lang, T, tf};
use crate::model::levers::{LeverDef, ValueUnit};

/// What a plotted or printed number measures, with its one unit formatter
/// ([`crate::render::Quantity::with_unit`]), shared with the chart files and the report.
pub use crate::render::Quantity;

/// `value` with `decimals` decimals and commas every three digits of the integer part.
pub fn grouped(value: f64, decimals: usize) -> String {
    crate::render::ticks::format_fixed(value, decimals)
}

/// A signed change (`+1.2`, `−3`), for "vs baseline" deltas.
pub fn signed(value: f64, decimals: usize) -> String {
    let body = grouped(value, decimals);
    if value > 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{body}")
    } else {
        body
    }
}

/// A year: no separator; `2035年` in Chinese, `2035` in English.
pub fn year(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year}年"),
        Lang::En => year.to_string(),
    }
}

/// Months of reserve with unit, or a dash.
pub fn months(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(|| "—".to_owned(), |m| Quantity::Months.with_unit(m, lang))
}

/// Decimals used to show a lever's values in its display unit.
pub fn lever_decimals(def: &LeverDef) -> usize {
    match def.unit {
        ValueUnit::YuanPerYear | ValueUnit::Integer => 0,
        ValueUnit::Years => 1,
        ValueUnit::Fraction | ValueUnit::FractionPoints | ValueUnit::FractionPerYear => 2,
        ValueUnit::Coefficient => 2,
    }
}

/// A lever value (stored units) rounded to what its field shows: `lever_decimals` in the
/// display unit, so that a file holds `636` where the field shows 636 (not 636.2771987915039)
/// and a rate shown as 4.12 % is stored as `0.0412`. Rounds the way the field prints (through
/// the decimal text), so the stored value is the shortest decimal the field showed. Non-finite
/// values pass through.
pub fn lever_shown(def: &LeverDef, stored: f64) -> f64 {
    if !stored.is_finite() {
        return stored;
    }
    // Display scales are powers of ten (1 or 100): round in stored units with the extra digits.
    let extra = def.unit.display_scale().log10().round().max(0.0) as usize;
    let text = format!("{:.*}", lever_decimals(def) + extra, stored);
    let rounded: f64 = text.parse().unwrap_or(stored);
    // No "-0" in files.
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// A lever value (stored units) in its display unit, without the unit label (`400`, `1.50`).
pub fn lever_value(def: &LeverDef, stored: f64) -> String {
    let shown = stored * def.unit.display_scale();
    let decimals = lever_decimals(def);
    let text = grouped(shown, decimals);
    // Trim trailing zeros of fractions so that 1.50 reads 1.5, but keep integers whole.
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// Parses a number typed in a field: thousands separators, spaces, full-width digits, a
/// trailing `%` and the minus sign `−` are accepted.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            ',' | '，' | ' ' | '%' | '％' => None,
            '−' | '－' => Some('-'),
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            '．' => Some('.'),
            c => Some(c),
        })
        .collect();
    cleaned.parse().ok()
}

/// A lever value with its unit label.
pub fn lever_value_unit(def: &LeverDef, stored: f64, lang: Lang) -> String {
    let unit = def.unit.label(lang.is_zh());
    let number = lever_value(def, stored);
    match (unit, lang) {
        ("", _) => number,
        ("%", _) => format!("{number}%"),
        (u, Lang::Zh) => format!("{number} {u}"),
        (u, Lang::En) => format!("{number} {u}"),
    }
}

/// A change of years (`+7年` / `+7 yr`).
pub fn year_delta(delta: i32, lang: Lang) -> String {
    let n = if delta > 0 {
        format!("+{delta}")
    } else if delta < 0 {
        format!("−{}", -delta)
    } else {
        "0".to_owned()
    };
    tf(lang, T::Years, &[&n])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lever;

    #[test]
    fn money_has_thousands_separators() {
        assert_eq!(grouped(1234567.891, 1), "1,234,567.9");
        assert_eq!(grouped(-9876.5, 1), "−9,876.5");
        assert_eq!(grouped(12.0, 0), "12");
        assert_eq!(grouped(-0.01, 1), "0.0");
        assert_eq!(
            Quantity::MoneyYi.with_unit(30697.6, Lang::Zh),
            "30,697.6亿元"
        );
        assert_eq!(Quantity::Months.with_unit(8.26, Lang::En), "8.3 months");
        assert_eq!(
            Quantity::MoneyYi.with_unit(30697.6, Lang::En),
            "3,069.8 billion yuan"
        );
    }

    #[test]
    fn years_have_no_separator() {
        assert_eq!(year(2035, Lang::Zh), "2035年");
        assert_eq!(year(2035, Lang::En), "2035");
    }

    #[test]
    fn lever_values_use_the_display_unit() {
        let premium = Lever::ResidentPremium.def();
        assert_eq!(lever_value(premium, 400.0), "400");
        assert_eq!(lever_value_unit(premium, 400.0, Lang::Zh), "400 元/人/年");
        let rate = Lever::EconomyInterestRate.def();
        assert_eq!(lever_value(rate, 0.015), "1.5");
        assert_eq!(signed(1.24, 1), "+1.2");
        assert_eq!(parse_number("2,460"), Some(2460.0));
        assert_eq!(parse_number("−1.5%"), Some(-1.5));
        assert_eq!(parse_number("５００"), Some(500.0));
        assert_eq!(signed(-0.04, 1), "0.0");
    }

    #[test]
    fn stored_lever_values_keep_the_digits_the_field_shows() {
        let premium = Lever::ResidentPremium.def();
        assert_eq!(lever_shown(premium, 636.2771987915039), 636.0);
        // Rounded as printed: the field shows 420 for 420.5.
        assert_eq!(lever_value(premium, 420.5), "420");
        assert_eq!(lever_shown(premium, 420.5), 420.0);
        let rate = Lever::EconomyWageGrowth.def();
        assert_eq!(lever_shown(rate, 0.04123456), 0.0412);
        assert_eq!(lever_shown(rate, 0.0412 + 0.01), 0.0512);
        assert_eq!(lever_shown(rate, -0.000001).to_string(), "0");
        let age = Lever::RetirementAgeMen.def();
        assert_eq!(lever_shown(age, 63.04999), 63.0);
        assert!(lever_shown(age, f64::NAN).is_nan());
    }
}
