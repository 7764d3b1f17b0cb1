//! The numbers every chart draws, from one function ([`chart_data`]) that tests call too, so
//! that they assert on exactly what is plotted. The panels are the one chart description of
//! [`crate::report::spec`], which the report pack and the exported files draw as well.

use crate::app::i18n::Lang;
use crate::app::session::prefs::Tab;
use crate::app::session::state::AppState;
use crate::model::{Fund, Projection};
pub use crate::report::metric::{PlotMetric, metric_points};
use crate::report::spec;
pub use crate::report::spec::{
    ChartLine, ChartPanel, ChartView, LineKind, Runs, published_span, text,
};

/// The panels a registered tab draws (the province grid reads the projection directly).
pub fn chart_data(state: &AppState, tab: Tab, view: &ChartView) -> Vec<ChartPanel> {
    tab.def().panels(state, view)
}

/// The names of the compared scenarios as legends and tables show them: a pinned snapshot of the
/// working scenario says so ("（已固定）"/"(pinned)"), so that it never shares a name with the
/// scenario it was taken from.
pub fn compare_names(state: &AppState, lang: Lang) -> Vec<String> {
    use crate::app::session::changes::shown_title;
    state
        .compare
        .iter()
        .map(|e| {
            let shown = shown_title(&e.name, lang);
            if e.source.is_none() {
                format!("{shown}{}", crate::app::i18n::T::Pinned.get(lang))
            } else {
                shown.to_owned()
            }
        })
        .collect()
}

/// The projections of the state: the working scenario, the baseline and the compared ones
/// (named by [`compare_names`]).
pub fn runs<'a>(state: &'a AppState, names: &'a [String], lang: Lang) -> Runs<'a> {
    use crate::app::session::changes::shown_title;
    Runs {
        scenario_name: shown_title(&state.scenario.title, lang),
        scenario: &state.projection,
        baseline: &state.baseline,
        compare: state
            .compare
            .iter()
            .zip(names)
            .map(|(e, name)| (name.as_str(), &e.projection))
            .collect(),
    }
}

/// The panels of the built-in line-chart tabs, the published years shaded on every time chart.
pub(crate) fn tab_panels(state: &AppState, tab: Tab, view: &ChartView) -> Vec<ChartPanel> {
    let names = compare_names(state, view.lang);
    let runs = runs(state, &names, view.lang);
    match tab {
        Tab::Flows => spec::flows(&runs, view),
        Tab::Reserve => spec::reserve(&runs, view),
        Tab::Gaps => spec::gaps(&runs, view),
        Tab::Burden => spec::burden(&runs, view),
        Tab::Difference => spec::difference(&runs, view),
        Tab::Compare => spec::compare(&runs, view),
        Tab::Provinces
        | Tab::Uncertainty
        | Tab::Regions
        | Tab::Heatmap
        | Tab::Decompose
        | Tab::Fiscal => Vec::new(),
    }
}

/// Premium burden by income quintile in one year (resident fund), lowest first.
pub fn burden_at(p: &Projection, unit: &str, year: i32) -> Option<[f64; 5]> {
    p.series(unit, Fund::Resident)?.row(year)?.burden
}
