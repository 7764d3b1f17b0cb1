//! The top bar: File, Edit and View menus and the language switch.

use crate::app::i18n::{Lang, T, tf};
use crate::app::io::file_dialog::PathPurpose;
use crate::app::panels::input::shortcut_text;
use crate::app::session::command::Command;
use crate::app::yibao_app::YibaoApp;
use eframe::egui;

/// A menu item that sends `command` when clicked, with its shortcut if it has one.
fn item(ui: &mut egui::Ui, enabled: bool, text: &str, command: Command, out: &mut Vec<Command>) {
    let mut button = egui::Button::new(text);
    if let Some(shortcut) = shortcut_text(ui.ctx(), &command) {
        button = button.shortcut_text(shortcut);
    }
    if ui.add_enabled(enabled, button).clicked() {
        out.push(command);
        ui.close();
    }
}

/// Draws the top bar.
pub fn top_bar_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(T::MenuFile.get(lang), |ui| {
            item(ui, true, T::New.get(lang), Command::New, out);
            item(
                ui,
                true,
                T::Open.get(lang),
                Command::PickPath(PathPurpose::Open),
                out,
            );
            ui.menu_button(T::Recent.get(lang), |ui| {
                if app.prefs.recent.is_empty() {
                    ui.add_enabled(false, egui::Button::new(T::RecentEmpty.get(lang)));
                }
                for path in &app.prefs.recent {
                    item(
                        ui,
                        true,
                        &path.display().to_string(),
                        Command::Open(path.clone()),
                        out,
                    );
                }
                if !app.prefs.recent.is_empty() {
                    ui.separator();
                    item(
                        ui,
                        true,
                        T::ClearRecent.get(lang),
                        Command::ClearRecent,
                        out,
                    );
                }
            });
            ui.separator();
            item(ui, true, T::Save.get(lang), Command::Save, out);
            item(
                ui,
                true,
                T::SaveAs.get(lang),
                Command::PickPath(PathPurpose::SaveAs),
                out,
            );
            item(
                ui,
                app.report_job.is_none(),
                T::ExportReport.get(lang),
                Command::PickPath(PathPurpose::ExportReport),
                out,
            );
            item(
                ui,
                app.report_job.is_none(),
                T::ExportBriefing.get(lang),
                Command::PickPath(PathPurpose::ExportBriefing),
                out,
            );
            ui.separator();
            item(
                ui,
                true,
                T::LoadAccounts.get(lang),
                Command::PickPath(PathPurpose::Accounts),
                out,
            );
            item(
                ui,
                app.state.accounts.is_some(),
                T::ClearAccounts.get(lang),
                Command::ClearAccounts,
                out,
            );
            item(
                ui,
                true,
                T::LoadSubunits.get(lang),
                Command::PickPath(PathPurpose::Subunits),
                out,
            );
            item(
                ui,
                app.state.subunits.is_some(),
                T::ClearSubunits.get(lang),
                Command::ClearSubunits,
                out,
            );
            ui.separator();
            item(ui, true, T::Quit.get(lang), Command::Quit, out);
        });
        ui.menu_button(T::MenuEdit.get(lang), |ui| {
            let history = &app.state.history;
            let undo = history.next_undo().map_or_else(
                || T::Undo.get(lang).to_owned(),
                |e| tf(lang, T::UndoNamed, &[&e.describe(lang)]),
            );
            item(ui, history.next_undo().is_some(), &undo, Command::Undo, out);
            let redo = history.next_redo().map_or_else(
                || T::Redo.get(lang).to_owned(),
                |e| tf(lang, T::RedoNamed, &[&e.describe(lang)]),
            );
            item(ui, history.next_redo().is_some(), &redo, Command::Redo, out);
            ui.separator();
            let changed = !app.state.scenario.levers.is_empty();
            item(ui, changed, T::ResetAll.get(lang), Command::ResetAll, out);
        });
        ui.menu_button(T::MenuView.get(lang), |ui| {
            let mut show = app.prefs.show_levers;
            if ui
                .checkbox(&mut show, T::ShowLeverPanel.get(lang))
                .changed()
            {
                out.push(Command::ShowLevers(show));
            }
            let mut refs = app.prefs.reference_lines;
            if ui
                .checkbox(&mut refs, T::ReferenceLines.get(lang))
                .changed()
            {
                out.push(Command::ReferenceLines(refs));
            }
            let mut dark = app.prefs.dark;
            if ui.checkbox(&mut dark, T::DarkMode.get(lang)).changed() {
                out.push(Command::Dark(dark));
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (l, text) in [(Lang::En, "English"), (Lang::Zh, "中文")] {
                if ui.selectable_label(lang == l, text).clicked() && lang != l {
                    out.push(Command::SetLang(l));
                }
            }
            ui.label(egui::RichText::new(T::Language.get(lang)).weak());
        });
    });
}
