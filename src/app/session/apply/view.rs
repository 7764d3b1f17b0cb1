//! Commands that change what is shown, not the scenario: the unit, fund and tab, the language,
//! the theme and panels, and closing a message dialog.

use crate::app::session::command::Command;
use crate::app::yibao_app::YibaoApp;

impl YibaoApp {
    /// Applies a command of the view group; the others are routed elsewhere by
    /// [`YibaoApp::apply`].
    pub(super) fn apply_view(&mut self, command: Command) {
        match command {
            Command::DismissDialog => self.dialog = None,
            Command::SelectUnit(unit) => {
                // A pick ends the search: the list opens unfiltered next time.
                self.view.unit_filter.clear();
                if unit.is_nation() {
                    self.view.province_scope = false;
                }
                self.prefs.unit = unit;
            }
            Command::SelectFund(fund) => self.prefs.fund = fund,
            Command::SelectTab(tab) => self.prefs.tab = tab,
            Command::SetProvinceScope(on) => self.view.province_scope = on,
            Command::SetCompareMetric(m) => self.view.compare_metric = m,
            Command::SetLang(l) => {
                // Notices are formatted in the language they were raised in; drop the old one.
                if self.prefs.lang != l {
                    self.notice = None;
                }
                self.prefs.lang = l;
            }
            Command::ShowLevers(on) => self.prefs.show_levers = on,
            Command::ReferenceLines(on) => self.prefs.reference_lines = on,
            Command::Dark(on) => self.prefs.dark = on,
            _ => {}
        }
    }
}
