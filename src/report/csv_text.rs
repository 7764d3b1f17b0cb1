//! A thin layer over the CSV text the writers produce: Chinese headers with units
//! (`--headers zh`) and a UTF-8 byte-order mark for Excel and WPS (`--excel`). Numbers are not
//! touched.

/// Chinese header (with unit) of a column id; unknown ids keep their id.
pub fn header_zh(id: &str) -> &str {
    match id {
        "unit" => "地区代码",
        "level" => "层级",
        "fund" => "基金",
        "year" => "年份",
        "active" => "在职职工（万人）",
        "retired" => "退休职工（万人）",
        "participants" => "参保人数（万人）",
        "income_contributions" => "缴费收入（亿元）",
        "income_subsidy" => "财政补助收入（亿元）",
        "income_interest" => "利息收入（亿元）",
        "income_other" => "其他收入（亿元）",
        "transfers_in" => "调剂金转入（亿元）",
        "transfers_out" => "调剂金转出（亿元）",
        "expenditure_scheduled" => "应付支出（亿元）",
        "expenditure_paid" => "基金支出（亿元）",
        "current_balance" => "当期结余（亿元）",
        "balance" => "累计结存（亿元）",
        "months_of_reserve" => "可支付月数（月）",
        "backstop" => "财政兜底（亿元）",
        "reimbursement_rate" => "实际报销比例（比例）",
        "balance_before_rule" => "未经平衡规则的结存（亿元）",
        "history" => "历史数据标记",
        "first_deficit_year" => "首次当期赤字年份",
        "depletion_year" => "累计结存耗尽年份",
        "min_months" => "最低可支付月数（月）",
        "min_months_year" => "最低可支付月数年份",
        "months_at_horizon" => "期末可支付月数（月）",
        "cumulative_backstop" => "累计财政兜底（亿元）",
        "cumulative_backstop_discounted" => "累计财政兜底现值（亿元）",
        "first_backstop_year" => "首次财政兜底年份",
        "subsidy_central" => "中央财政补助（亿元）",
        "subsidy_local" => "地方财政补助（亿元）",
        "subsidy_employee" => "职工医保财政补助（亿元）",
        "fiscal_total" => "财政资金合计（亿元）",
        "budget_expenditure" => "一般公共预算支出（亿元）",
        "health_expenditure" => "卫生健康支出（亿元）",
        "share_of_budget" => "占一般公共预算支出比例（比例）",
        "share_of_health" => "占卫生健康支出比例（比例）",
        "resident_topup" => "居民医保地方提标收入（亿元）",
        "budget_published" => "预算支出为公布数",
        "health_published" => "卫生健康支出为公布数",
        _ => id,
    }
}

/// Header language of CSV files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Headers {
    /// The column ids of INTERFACES.md.
    #[default]
    Ids,
    /// Chinese with units.
    Zh,
}

/// [`localize`] of an owned text: the text itself, not a copy, when nothing changes (ids and no
/// byte-order mark, the default).
pub fn localize_owned(csv: String, headers: Headers, excel: bool) -> String {
    if headers == Headers::Ids && !excel {
        csv
    } else {
        localize(&csv, headers, excel)
    }
}

/// The CSV text with its first line's ids translated (when asked) and a BOM (when asked).
pub fn localize(csv: &str, headers: Headers, excel: bool) -> String {
    let mut out = String::with_capacity(csv.len() + 64);
    if excel {
        out.push('\u{feff}');
    }
    match (headers, csv.split_once('\n')) {
        (Headers::Zh, Some((head, rest))) => {
            let cols: Vec<&str> = head.split(',').map(header_zh).collect();
            out.push_str(&cols.join(","));
            out.push('\n');
            out.push_str(rest);
        }
        _ => out.push_str(csv),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_translated_and_numbers_kept() {
        let csv = "unit,year,balance,new_column\nCN,2022,26607.000000000004,1\n";
        let zh = localize(csv, Headers::Zh, true);
        assert!(zh.starts_with('\u{feff}'));
        let mut lines = zh.trim_start_matches('\u{feff}').lines();
        assert_eq!(
            lines.next(),
            Some("地区代码,年份,累计结存（亿元）,new_column")
        );
        assert_eq!(lines.next(), Some("CN,2022,26607.000000000004,1"));
        assert_eq!(localize(csv, Headers::Ids, false), csv);
        for (headers, excel) in [
            (Headers::Ids, false),
            (Headers::Ids, true),
            (Headers::Zh, false),
            (Headers::Zh, true),
        ] {
            assert_eq!(
                localize_owned(csv.to_owned(), headers, excel),
                localize(csv, headers, excel)
            );
        }
    }
}
