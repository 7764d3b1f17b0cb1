//! Headline cards above the charts: depletion year, first deficit, months of reserve in 2035 and
//! at the horizon, cumulative backstop, each with its change from the baseline, and one
//! generated sentence summarising the reform's effect.

use crate::app::format::{self, Quantity};
use crate::app::i18n::{Lang, T, tf};
use crate::app::plots::charts;
use crate::app::theme;
use crate::model::keys::NATION_CODE;
use crate::model::{Fund, Level, Projection};
use eframe::egui;

/// The year the mid-term card reports.
pub const MID_YEAR: i32 = crate::model::summary::MID_YEAR;

/// The headline numbers of one unit and fund.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// Whether the projection had this series at all.
    pub available: bool,
    /// Last projected year.
    pub horizon: i32,
    /// First year the fund's own money does not cover its spending, before grants from an
    /// adjustment fund and balancing measures; for the nation, its net position
    /// (docs/model.md §7; `None`: not within the horizon).
    pub depletion_year: Option<i32>,
    /// First year the backstop pays anything (for the nation, in any province).
    pub first_backstop_year: Option<i32>,
    /// First year of a current deficit.
    pub first_deficit_year: Option<i32>,
    /// Months of reserve in [`MID_YEAR`].
    pub months_mid: Option<f64>,
    /// Months of reserve in the horizon year.
    pub months_at_horizon: Option<f64>,
    /// Backstop paid over the projection, 亿元.
    pub cumulative_backstop: f64,
    /// Whether the unit is the nation (the sum of the provinces).
    pub national: bool,
    /// For the nation: the province that runs out first and its year (code, year).
    pub first_province: Option<(String, i32)>,
    /// The personal accounts: members' own money, which cannot be overdrawn, so they have no
    /// depletion year (docs/model.md §7); their balance can reach zero.
    pub accounts: bool,
    /// An estimated fund (no published figure informs its margin): the range of its depletion
    /// year and the margin spread behind it, in points (docs/model.md §13).
    pub estimate: Option<crate::model::output::EstimateRange>,
}

/// Reads the headline numbers of a unit and fund.
pub fn headline(p: &Projection, unit: &str, fund: Fund) -> Headline {
    let series = p.series(unit, fund);
    let summary = p.summary(unit, fund);
    let months_mid = series
        .and_then(|s| s.row(MID_YEAR))
        .and_then(|r| r.months_of_reserve);
    let months_at_horizon = summary.and_then(|s| s.months_at_horizon).or_else(|| {
        series
            .and_then(|s| s.rows.last())
            .and_then(|r| r.months_of_reserve)
    });
    Headline {
        available: series.is_some_and(|s| !s.rows.is_empty()),
        horizon: p.horizon,
        depletion_year: summary.and_then(|s| s.depletion_year),
        first_backstop_year: summary.and_then(|s| s.first_backstop_year),
        first_deficit_year: summary.and_then(|s| s.first_deficit_year),
        months_mid,
        months_at_horizon,
        cumulative_backstop: summary.map_or(0.0, |s| s.cumulative_backstop),
        national: unit == NATION_CODE,
        first_province: (unit == NATION_CODE)
            .then(|| {
                p.summaries
                    .iter()
                    .filter(|s| s.level == Level::Province && s.fund == fund)
                    .filter_map(|s| s.depletion_year.map(|y| (y, s.unit.clone())))
                    .min()
                    .map(|(y, u)| (u, y))
            })
            .flatten(),
        accounts: fund == Fund::EmployeeAccounts,
        estimate: summary.and_then(|s| s.estimate),
    }
}

/// Whether a change is good or bad news for the fund.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Helps the fund.
    Good,
    /// Hurts the fund.
    Bad,
    /// No change or not comparable.
    Neutral,
}

impl Tone {
    /// The colour of the delta line.
    pub fn color(self, neutral: egui::Color32) -> egui::Color32 {
        match self {
            Tone::Good => theme::GOOD,
            Tone::Bad => theme::DANGER,
            Tone::Neutral => neutral,
        }
    }
}

/// One card: title, value and the change from the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Title.
    pub title: String,
    /// Value.
    pub value: String,
    /// Change from the baseline.
    pub delta: String,
    /// Whether the change is good news.
    pub tone: Tone,
    /// What the number means, shown on hover.
    pub hint: Option<String>,
    /// A second fact beside the value (the depletion card: the first backstop year where it
    /// differs from the depletion year).
    pub note: Option<String>,
}

/// The five cards of a scenario against its baseline. `province_name` names a province code.
pub fn cards(
    s: &Headline,
    b: &Headline,
    lang: Lang,
    province_name: &dyn Fn(&str) -> String,
) -> Vec<Card> {
    let horizon = s.horizon.to_string();
    let year_text = |y: Option<i32>, none: T| {
        y.map_or_else(|| tf(lang, none, &[&horizon]), |y| format::year(y, lang))
    };
    // Later is better for both year cards; `None` means "not within the horizon".
    let year_card = |title: String, sy: Option<i32>, by: Option<i32>, none: T| {
        let (delta, tone) = match (sy, by) {
            (a, b) if a == b => (T::SameAsBaseline.get(lang).to_owned(), Tone::Neutral),
            (Some(a), Some(b)) => (
                tf(lang, T::VsBaseline, &[&format::year_delta(a - b, lang)]),
                if a > b { Tone::Good } else { Tone::Bad },
            ),
            (None, Some(_)) => (
                tf(lang, T::BaselineWas, &[&year_text(by, none)]),
                Tone::Good,
            ),
            (_, None) => (tf(lang, T::BaselineWas, &[&year_text(by, none)]), Tone::Bad),
        };
        Card {
            title,
            value: year_text(sy, none),
            delta,
            tone,
            hint: None,
            note: None,
        }
    };
    let months_card = |title: String, sm: Option<f64>, bm: Option<f64>| {
        let (delta, tone) = match (sm, bm) {
            (Some(a), Some(b)) if (a - b).abs() < 0.05 => {
                (T::SameAsBaseline.get(lang).to_owned(), Tone::Neutral)
            }
            (Some(a), Some(b)) => (
                tf(
                    lang,
                    T::VsBaseline,
                    &[&format!(
                        "{} {}",
                        format::signed(a - b, 1),
                        Quantity::Months.unit(lang)
                    )],
                ),
                if a > b { Tone::Good } else { Tone::Bad },
            ),
            _ => ("—".to_owned(), Tone::Neutral),
        };
        Card {
            title,
            value: format::months(sm, lang),
            delta,
            tone,
            // Months below zero are read from a total's net position (docs/model.md §7).
            hint: sm
                .filter(|m| *m < 0.0)
                .map(|m| tf(lang, T::NegativeMonthsHint, &[&format::grouped(-m, 1)])),
            note: None,
        }
    };
    let backstop = {
        let d = s.cumulative_backstop - b.cumulative_backstop;
        let (delta, tone) = if d.abs() < 0.05 {
            (T::SameAsBaseline.get(lang).to_owned(), Tone::Neutral)
        } else {
            (
                tf(
                    lang,
                    T::VsBaseline,
                    &[&format!(
                        "{} {}",
                        format::signed(d * Quantity::MoneyYi.scale(lang), 1),
                        Quantity::MoneyYi.unit(lang)
                    )],
                ),
                if d < 0.0 { Tone::Good } else { Tone::Bad },
            )
        };
        Card {
            title: T::CardBackstop.get(lang).to_owned(),
            value: Quantity::MoneyYi.with_unit(s.cumulative_backstop, lang),
            delta,
            tone,
            hint: None,
            note: None,
        }
    };
    // The nation runs out when the provinces' reserves together do; say so, and which
    // province runs out first.
    let mut depletion = year_card(
        if s.national {
            T::CardDepletionNation.get(lang).to_owned()
        } else {
            T::CardDepletion.get(lang).to_owned()
        },
        s.depletion_year,
        b.depletion_year,
        T::NotWithin,
    );
    if s.accounts {
        depletion = Card {
            title: depletion.title,
            value: T::NotApplicable.get(lang).to_owned(),
            delta: String::new(),
            tone: Tone::Neutral,
            hint: Some(T::AccountsNoDepletion.get(lang).to_owned()),
            note: None,
        };
    } else {
        if let Some(range) = s.estimate {
            let end = |y: Option<i32>| {
                y.map_or_else(|| tf(lang, T::Beyond, &[&horizon]), |y| y.to_string())
            };
            // The range goes in the small title line so that the year keeps its size.
            depletion.title = tf(
                lang,
                T::EstimateTitle,
                &[&depletion.title, &end(range.low), &end(range.high)],
            );
            depletion.hint = Some(tf(
                lang,
                T::EstimateHint,
                &[&format!("{:.1}", range.spread * 100.0)],
            ));
        } else if let Some((code, year)) = &s.first_province {
            depletion.hint = Some(tf(
                lang,
                T::DepletionNationHint,
                &[&province_name(code), &year.to_string()],
            ));
        }
        // The first backstop year beside the depletion year where they differ: an adjustment
        // fund paid in between, or (for the nation) a province was backstopped first.
        if s.first_backstop_year != s.depletion_year {
            depletion.note = Some(match s.first_backstop_year {
                Some(y) => tf(lang, T::FirstBackstopNote, &[&format::year(y, lang)]),
                None => tf(lang, T::NoBackstopNote, &[&horizon]),
            });
        }
    }
    vec![
        depletion,
        year_card(
            T::CardFirstDeficit.get(lang).to_owned(),
            s.first_deficit_year,
            b.first_deficit_year,
            T::NoDeficit,
        ),
        months_card(
            T::CardMonths2035.get(lang).to_owned(),
            s.months_mid,
            b.months_mid,
        ),
        months_card(
            tf(lang, T::CardMonthsHorizon, &[&horizon]),
            s.months_at_horizon,
            b.months_at_horizon,
        ),
        backstop,
    ]
}

/// The treasury-burden card 财政负担 (docs/model.md §15): the fiscal money paid into the unit's
/// funds in `year` as a share of its general budget expenditure, the money itself beside it,
/// and the change of the share from the baseline (a higher share is bad news).
pub fn fiscal_card(
    s: Option<&crate::model::fiscal::FiscalRow>,
    b: Option<&crate::model::fiscal::FiscalRow>,
    year: i32,
    lang: Lang,
) -> Card {
    let title = tf(lang, T::CardFiscal, &[&year.to_string()]);
    let Some(s) = s else {
        return Card {
            title,
            value: "—".to_owned(),
            delta: String::new(),
            tone: Tone::Neutral,
            hint: Some(T::CardFiscalHint.get(lang).to_owned()),
            note: None,
        };
    };
    let share = s.share_of_budget();
    let (delta, tone) = match b.map(|b| share - b.share_of_budget()) {
        Some(d) if d.abs() < 5e-5 => (T::SameAsBaseline.get(lang).to_owned(), Tone::Neutral),
        Some(d) => (
            tf(
                lang,
                T::VsBaseline,
                &[&format!(
                    "{} {}",
                    format::signed(d * 100.0, 2),
                    crate::render::Quantity::Points.unit(lang)
                )],
            ),
            if d > 0.0 { Tone::Bad } else { Tone::Good },
        ),
        None => ("—".to_owned(), Tone::Neutral),
    };
    Card {
        title,
        value: Quantity::Percent.with_unit(share, lang),
        delta,
        tone,
        hint: Some(T::CardFiscalHint.get(lang).to_owned()),
        note: Some(Quantity::MoneyYi.with_unit(s.fiscal_total(), lang)),
    }
}

/// One sentence on the reform's effect on the selected fund and unit.
pub fn sentence(
    s: &Headline,
    b: &Headline,
    fund: Fund,
    unit_name: &str,
    changed: bool,
    lang: Lang,
) -> String {
    if !s.available {
        return T::SentenceNoData.get(lang).to_owned();
    }
    let fund_name = fund.label(lang.is_zh());
    let horizon = s.horizon.to_string();
    let year = |y: i32| y.to_string();
    if !changed {
        let clause = match s.depletion_year {
            _ if s.accounts => T::AccountsClause.get(lang).to_owned(),
            Some(y) => tf(lang, T::DepletesIn, &[&year(y)]),
            None => tf(lang, T::NeverDepletes, &[&horizon]),
        };
        return tf(lang, T::SentenceBaseline, &[fund_name, unit_name, &clause]);
    }
    let depletion = match (s.depletion_year, b.depletion_year) {
        _ if s.accounts => T::AccountsClause.get(lang).to_owned(),
        // English says "1 year", not "1 years".
        (Some(a), Some(bb)) if a == bb + 1 => tf(lang, T::DepletionLaterOne, &[&year(a)]),
        (Some(a), Some(bb)) if a + 1 == bb => tf(lang, T::DepletionEarlierOne, &[&year(a)]),
        (Some(a), Some(bb)) if a > bb => {
            tf(lang, T::DepletionLater, &[&(a - bb).to_string(), &year(a)])
        }
        (Some(a), Some(bb)) if a < bb => tf(
            lang,
            T::DepletionEarlier,
            &[&(bb - a).to_string(), &year(a)],
        ),
        (Some(a), Some(_)) => tf(lang, T::DepletionSame, &[&year(a)]),
        (None, Some(bb)) => tf(lang, T::DepletionAvoided, &[&year(bb), &horizon]),
        (Some(a), None) => tf(lang, T::DepletionNew, &[&year(a), &horizon]),
        (None, None) => tf(lang, T::DepletionNeither, &[&horizon]),
    };
    let months = match (s.months_mid, b.months_mid) {
        (Some(a), Some(bb)) if (a - bb).abs() < 0.05 => {
            tf(lang, T::MonthsSame, &[&format::grouped(a, 1)])
        }
        (Some(a), Some(bb)) => {
            let key = if a > bb { T::MonthsUp } else { T::MonthsDown };
            tf(
                lang,
                key,
                &[&format::grouped((a - bb).abs(), 1), &format::grouped(a, 1)],
            )
        }
        _ => T::MonthsUnknown.get(lang).to_owned(),
    };
    let d = s.cumulative_backstop - b.cumulative_backstop;
    let backstop = if s.cumulative_backstop.abs() < 0.05 && b.cumulative_backstop.abs() < 0.05 {
        T::BackstopNone.get(lang).to_owned()
    } else if d.abs() < 0.05 {
        T::BackstopSame.get(lang).to_owned()
    } else {
        let key = if d > 0.0 {
            T::BackstopUp
        } else {
            T::BackstopDown
        };
        tf(lang, key, &[&Quantity::MoneyYi.number(d.abs(), lang)])
    };
    tf(
        lang,
        T::SentenceReform,
        &[fund_name, unit_name, &depletion, &months, &backstop],
    )
}

/// How many cards share a row and the value size, for cards whose widest value, note or
/// change is `widest` points at value size 20 and `widest_small` at 16.
fn card_grid(available: f32, gap: f32, n: usize, widest: f32, widest_small: f32) -> (usize, f32) {
    // Frame margins (8 each side) and stroke, and a floor so that titles keep a few characters.
    let need = |w: f32| w.max(82.0) + 18.0;
    let fits = |w: f32| ((available + gap) / (need(w) + gap)).floor().max(1.0) as usize;
    if fits(widest) >= n {
        return (n, 20.0);
    }
    // Balanced rows (six cards: three and three rather than four and two), at the value size
    // that needs fewer rows (the larger one on a tie).
    let layout = |w: f32, size: f32| {
        let rows = n.div_ceil(fits(w).min(n));
        (rows, n.div_ceil(rows), size)
    };
    let (big, small) = (layout(widest, 20.0), layout(widest_small, 16.0));
    let (_, per_row, size) = if small.0 < big.0 { small } else { big };
    (per_row, size)
}

/// Draws the cards and the sentence under them. The cards share a row when their values fit
/// whole and flow onto more rows otherwise: a value is never shortened.
pub fn headline_ui(ui: &mut egui::Ui, cards: &[Card], sentence: &str) {
    let gap = ui.spacing().item_spacing.x;
    let n = cards.len().max(1);
    let text_width =
        |ui: &egui::Ui, text: egui::RichText| charts::text_width(ui, text, egui::TextStyle::Body);
    let widest_at = |ui: &egui::Ui, size: f32| {
        cards
            .iter()
            .map(|c| {
                let value = text_width(ui, egui::RichText::new(&c.value).size(size).strong());
                let note = text_width(
                    ui,
                    egui::RichText::new(c.note.as_deref().unwrap_or("")).small(),
                );
                let delta = text_width(ui, egui::RichText::new(&c.delta).small());
                value.max(note).max(delta)
            })
            .fold(0.0_f32, f32::max)
            .ceil()
    };
    let (per_row, value_size) = card_grid(
        ui.available_width(),
        gap,
        n,
        widest_at(ui, 20.0),
        widest_at(ui, 16.0),
    );
    let width = ((ui.available_width() - gap * (per_row as f32 - 1.0)) / per_row as f32).floor();
    let inner = (width - 18.0).max(40.0);
    // Titles wrap (never shortened), in a slot as tall as the tallest title of the row; value,
    // note and change wrap too if a card is narrower than they are, so nothing is cut.
    let title_job = |ui: &egui::Ui, title: &str| {
        let mut job = std::sync::Arc::unwrap_or_clone(
            egui::WidgetText::from(egui::RichText::new(title).small().weak()).into_layout_job(
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Min,
            ),
        );
        job.wrap.max_width = inner;
        job
    };
    let slot = cards
        .iter()
        .map(|c| {
            let job = title_job(ui, &c.title);
            ui.fonts_mut(|f| f.layout_job(job)).size().y
        })
        .fold(0.0_f32, f32::max);
    for row in cards.chunks(per_row) {
        ui.horizontal_top(|ui| {
            for card in row {
                card_ui(ui, card, inner, slot, value_size, &title_job);
            }
        });
    }
    sentence_ui(ui, sentence);
}

/// One card of [`headline_ui`].
fn card_ui(
    ui: &mut egui::Ui,
    card: &Card,
    inner: f32,
    slot: f32,
    value_size: f32,
    title_job: &dyn Fn(&egui::Ui, &str) -> egui::text::LayoutJob,
) {
    let frame = egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.set_width(inner);
            ui.vertical(|ui| {
                let job = title_job(ui, &card.title);
                ui.allocate_ui_with_layout(
                    egui::vec2(inner, slot),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_min_height(slot);
                        ui.label(job);
                    },
                );
                ui.add(
                    egui::Label::new(egui::RichText::new(&card.value).size(value_size).strong())
                        .wrap(),
                );
                // Every card keeps a line for a note, so that the row does not change height
                // when a note comes or goes (the tabs below would jump).
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(card.note.as_deref().unwrap_or(" ")).small(),
                    )
                    .wrap(),
                );
                let neutral = ui.visuals().weak_text_color();
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(&card.delta)
                            .small()
                            .color(card.tone.color(neutral)),
                    )
                    .wrap(),
                );
            });
        });
    if let Some(hint) = &card.hint {
        frame.response.on_hover_text(hint);
    }
}

/// The sentence in a block of steady height, so that the tabs and charts below do not jump when
/// it wraps differently during a drag: at least two lines, and never shorter than the tallest
/// sentence drawn at this width (the reserve resets when the width changes).
fn sentence_ui(ui: &mut egui::Ui, sentence: &str) {
    let width = ui.available_width();
    let galley = egui::WidgetText::from(sentence).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        width,
        egui::TextStyle::Body,
    );
    // Two lines of mixed Chinese and Latin text: rows as tall as the sentence's rows.
    let two_lines = egui::WidgetText::from("国A\n国A")
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .y;
    let id = ui.scope_id().with("sentence_height");
    let (last_width, tallest) = ui
        .data(|d| d.get_temp::<(f32, f32)>(id))
        .unwrap_or((width, 0.0));
    let tallest = if (last_width - width).abs() > 0.5 {
        0.0
    } else {
        tallest
    };
    let height = galley.size().y.max(two_lines).max(tallest);
    ui.data_mut(|d| d.insert_temp(id, (width, height)));
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_min_height(height);
            ui.add(egui::Label::new(galley));
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(depletion: Option<i32>, months: Option<f64>, backstop: f64) -> Headline {
        Headline {
            available: true,
            horizon: 2060,
            depletion_year: depletion,
            first_backstop_year: depletion,
            first_deficit_year: None,
            months_mid: months,
            months_at_horizon: months,
            cumulative_backstop: backstop,
            national: false,
            first_province: None,
            accounts: false,
            estimate: None,
        }
    }

    #[test]
    fn an_estimated_fund_shows_its_range_and_says_why() {
        use crate::model::output::EstimateRange;
        let e = Headline {
            estimate: Some(EstimateRange {
                low: Some(2031),
                high: None,
                spread: 0.094,
            }),
            ..h(Some(2036), Some(3.0), 0.0)
        };
        let c = cards(&e, &e, Lang::Zh, &|c| c.to_owned());
        assert_eq!(c[0].value, "2036年");
        assert_eq!(c[0].title, "基金耗尽年份 · 估算 2031–2060年后");
        assert!(c[0].hint.as_deref().is_some_and(|t| t.contains("9.4")));
        let c = cards(&e, &e, Lang::En, &|c| c.to_owned());
        assert!(
            c[0].title.ends_with(" · estimate 2031–after 2060"),
            "{}",
            c[0].title
        );
    }

    #[test]
    fn the_depletion_card_notes_the_first_backstop_year_where_it_differs_and_negative_months_explain_themselves()
     {
        let s = Headline {
            first_backstop_year: Some(2032),
            national: true,
            ..h(Some(2041), Some(-77.4), 9.0)
        };
        let c = cards(&s, &s, Lang::Zh, &|c| c.to_owned());
        assert_eq!(c[0].value, "2041年");
        assert_eq!(c[0].note.as_deref(), Some("首次兜底 2032年"));
        assert!(c[2].hint.as_deref().unwrap().contains("77.4个月"));
        let en = cards(&s, &s, Lang::En, &|c| c.to_owned());
        assert_eq!(en[0].note.as_deref(), Some("first backstop 2032"));
        // Equal years: no note; an adjustment fund that keeps the backstop away: say so.
        let same = h(Some(2041), Some(3.0), 0.0);
        let c = cards(&same, &same, Lang::Zh, &|c| c.to_owned());
        assert_eq!(c[0].note, None);
        assert_eq!(c[2].hint, None);
        let carried = Headline {
            first_backstop_year: None,
            ..same
        };
        let c = cards(&carried, &carried, Lang::En, &|c| c.to_owned());
        assert_eq!(c[0].note.as_deref(), Some("no backstop by 2060"));
    }

    #[test]
    fn the_accounts_have_no_depletion_year_to_show() {
        let a = Headline {
            accounts: true,
            ..h(None, Some(0.0), 0.0)
        };
        let c = cards(&a, &a, Lang::Zh, &|c| c.to_owned());
        assert_eq!(c[0].value, "不适用");
        assert!(c[0].hint.as_deref().is_some_and(|t| t.contains("不能透支")));
        let s = sentence(&a, &a, Fund::EmployeeAccounts, "全国", false, Lang::Zh);
        assert!(s.contains("没有耗尽年份"), "{s}");
        assert!(!s.contains("不会耗尽"), "{s}");
    }

    #[test]
    fn cards_show_not_within_horizon() {
        let c = cards(
            &h(None, Some(8.0), 0.0),
            &h(Some(2041), Some(5.0), 900.0),
            Lang::Zh,
            &|c: &str| c.to_owned(),
        );
        assert_eq!(c[0].value, "2060年内不耗尽");
        assert_eq!(c[0].title, "基金耗尽年份");
        assert_eq!(c[0].hint, None);
        assert_eq!(c[0].tone, Tone::Good);
        assert_eq!(c[2].delta, "较基准 +3.0 个月");
        assert_eq!(c[4].tone, Tone::Good);
    }

    #[test]
    fn one_year_is_singular_in_english() {
        let later = sentence(
            &h(Some(2042), Some(5.1), 0.0),
            &h(Some(2041), Some(5.1), 0.0),
            Fund::Resident,
            "Nation",
            true,
            Lang::En,
        );
        assert!(later.contains("runs out 1 year later, in 2042"), "{later}");
        let earlier = sentence(
            &h(Some(2040), Some(5.1), 0.0),
            &h(Some(2041), Some(5.1), 0.0),
            Fund::Resident,
            "全国",
            true,
            Lang::Zh,
        );
        assert!(earlier.contains("耗尽年份提前1年至2040年"), "{earlier}");
    }

    #[test]
    fn sentence_names_the_effect() {
        let s = sentence(
            &h(Some(2048), Some(8.3), 100.0),
            &h(Some(2041), Some(5.1), 1334.5),
            Fund::Resident,
            "全国",
            true,
            Lang::Zh,
        );
        assert_eq!(
            s,
            "与现行政策相比，城乡居民医保基金（全国）耗尽年份推迟7年至2048年；2035年可支付月数增加3.2个月至8.3个月；累计财政兜底减少1,234.5亿元。"
        );
        let en = sentence(
            &h(None, None, 0.0),
            &h(None, None, 0.0),
            Fund::Resident,
            "Nation",
            false,
            Lang::En,
        );
        assert_eq!(
            en,
            "Under current law, the Resident fund (Nation) does not run out before 2060."
        );
    }

    #[test]
    fn the_national_depletion_card_says_what_it_counts_and_names_the_first_province() {
        let mut s = h(Some(2031), Some(3.0), 10.0);
        s.national = true;
        s.first_province = Some(("TJ".to_owned(), 2026));
        let c = cards(&s, &s.clone(), Lang::Zh, &|c: &str| {
            if c == "TJ" { "天津".into() } else { c.into() }
        });
        assert_eq!(c[0].title, "全国合计耗尽年份");
        assert_eq!(c[0].value, "2031年");
        assert!(
            c[0].hint.as_deref().unwrap().contains("天津（2026年）"),
            "{:?}",
            c[0].hint
        );
    }
}
