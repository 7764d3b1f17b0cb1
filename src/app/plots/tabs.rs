//! The chart tabs as a registry: each tab is one [`ChartTab`] (its label, the panels it draws
//! from the state, and its ui), and [`TABS`] lists them in display order, as egui's demo app
//! registers its demos. Adding a tab is a variant of [`Tab`] (its persisted key), a type that
//! implements [`ChartTab`], one line in [`TABS`] and its label in the translation table.

use crate::app::i18n::T;
use crate::app::panels::{compare_ui, province_grid};
use crate::app::plots::chart_data::{ChartPanel, ChartView, tab_panels};
use crate::app::plots::charts;
use crate::app::session::command::Command;
use crate::app::session::state::AppState;
use crate::app::yibao_app::{ViewState, YibaoApp};
use eframe::egui;
use serde::{Deserialize, Serialize};

/// The key of a chart tab, persisted in the preferences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tab {
    /// Income, expenditure and current balance.
    Flows,
    /// Accumulated balance and months of reserve.
    #[default]
    Reserve,
    /// Benefit gaps.
    Gaps,
    /// Premium burden by income quintile.
    Burden,
    /// Province × year grid.
    Provinces,
    /// Scenario comparison.
    Compare,
    /// Fan chart, P(depletion), tornado and goal seek (issue 12).
    Uncertainty,
    /// Scenario minus baseline.
    Difference,
    /// Tile map of the provinces and the transfers chart (issue 11).
    Regions,
    /// Two levers on a grid coloured by a metric (issue 12).
    Heatmap,
    /// Each changed lever's contribution to a metric against the baseline (issue 22).
    Decompose,
    /// The treasury's view: fiscal money into the funds against the budgets (issue 22).
    Fiscal,
}

impl Tab {
    /// The registered tab of this key.
    pub fn def(self) -> &'static dyn ChartTab {
        TABS.iter()
            .copied()
            .find(|t| t.key() == self)
            .unwrap_or(&ReserveTab)
    }

    /// The tab's label.
    pub fn label(self) -> T {
        self.def().label()
    }
}

/// What a tab's ui may read and ask for.
pub struct TabContext<'a> {
    /// The whole app, read only.
    pub app: &'a YibaoApp,
    /// View state that is not persisted.
    pub view: &'a mut ViewState,
    /// Unit, fund, language and view options of the charts.
    pub chart: &'a ChartView,
    /// Commands of the frame.
    pub out: &'a mut Vec<Command>,
}

/// One chart tab of the central area.
pub trait ChartTab: Sync {
    /// Its persisted key.
    fn key(&self) -> Tab;
    /// Its label.
    fn label(&self) -> T;
    /// The panels it plots, exactly as drawn (the province grid reads the projection directly
    /// and has none).
    fn panels(&self, state: &AppState, view: &ChartView) -> Vec<ChartPanel>;
    /// Draws the tab.
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>);
}

/// Every tab in display order.
pub static TABS: &[&dyn ChartTab] = &[
    &FlowsTab,
    &ReserveTab,
    &GapsTab,
    &BurdenTab,
    &ProvincesTab,
    &CompareTab,
    &UncertaintyTab,
    &DifferenceTab,
    &crate::app::plots::tile_map::TileMapTab,
    &crate::app::panels::heatmap_ui::HeatmapTab,
    &crate::app::panels::decompose_ui::DecomposeTab,
    &crate::app::panels::fiscal_ui::FiscalTab,
];

/// A tab that stacks its panels as line charts.
macro_rules! panel_tab {
    ($name:ident, $key:ident, $label:ident) => {
        #[doc = concat!("The `", stringify!($key), "` tab.")]
        pub struct $name;

        impl ChartTab for $name {
            fn key(&self) -> Tab {
                Tab::$key
            }
            fn label(&self) -> T {
                T::$label
            }
            fn panels(&self, state: &AppState, view: &ChartView) -> Vec<ChartPanel> {
                tab_panels(state, Tab::$key, view)
            }
            fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
                let panels = self.panels(cx.app.state(), cx.chart);
                charts::panels_ui(ui, &panels, cx.chart.lang, Tab::$key, cx.out);
            }
        }
    };
}

panel_tab!(FlowsTab, Flows, TabFlows);
panel_tab!(ReserveTab, Reserve, TabReserve);
panel_tab!(GapsTab, Gaps, TabGaps);
panel_tab!(DifferenceTab, Difference, TabDifference);

/// Premium burden by income quintile: bars in a chosen year and the extremes over time.
pub struct BurdenTab;

impl ChartTab for BurdenTab {
    fn key(&self) -> Tab {
        Tab::Burden
    }
    fn label(&self) -> T {
        T::TabBurden
    }
    fn panels(&self, state: &AppState, view: &ChartView) -> Vec<ChartPanel> {
        tab_panels(state, Tab::Burden, view)
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        let panels = self.panels(cx.app.state(), cx.chart);
        charts::burden_ui(ui, cx.app, cx.chart, cx.view, &panels, cx.out);
    }
}

/// The province × year grid of months of reserve.
pub struct ProvincesTab;

impl ChartTab for ProvincesTab {
    fn key(&self) -> Tab {
        Tab::Provinces
    }
    fn label(&self) -> T {
        T::TabProvinces
    }
    fn panels(&self, _state: &AppState, _view: &ChartView) -> Vec<ChartPanel> {
        Vec::new()
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        province_grid::province_grid_ui(ui, cx.app, cx.view, cx.out);
    }
}

/// Scenario comparison: overlaid lines and a table of headline numbers.
pub struct CompareTab;

impl ChartTab for CompareTab {
    fn key(&self) -> Tab {
        Tab::Compare
    }
    fn label(&self) -> T {
        T::TabCompare
    }
    fn panels(&self, state: &AppState, view: &ChartView) -> Vec<ChartPanel> {
        tab_panels(state, Tab::Compare, view)
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        let panels = self.panels(cx.app.state(), cx.chart);
        compare_ui::compare_ui(ui, cx.app, cx.chart, &panels, cx.out);
    }
}

/// Fan chart, P(depletion), tornado and goal seek, computed on workers.
pub struct UncertaintyTab;

impl ChartTab for UncertaintyTab {
    fn key(&self) -> Tab {
        Tab::Uncertainty
    }
    fn label(&self) -> T {
        T::TabUncertainty
    }
    fn panels(&self, _state: &AppState, _view: &ChartView) -> Vec<ChartPanel> {
        Vec::new()
    }
    fn ui(&self, ui: &mut egui::Ui, cx: TabContext<'_>) {
        crate::app::panels::uncertainty_ui::uncertainty_ui(ui, cx.app, cx.out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_registered_once() {
        for (i, t) in TABS.iter().enumerate() {
            assert_eq!(t.key().def().key(), t.key());
            assert!(
                TABS.iter().skip(i + 1).all(|o| o.key() != t.key()),
                "{:?} registered twice",
                t.key()
            );
        }
        assert_eq!(TABS.len(), 12);
    }
}
