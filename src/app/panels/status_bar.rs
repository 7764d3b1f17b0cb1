//! The status line: calibration base year, data vintage, warnings, the file and its state,
//! background work and the last message.

use crate::app::i18n::{T, tf};
use crate::app::session::command::Command;
use crate::app::theme;
use crate::app::yibao_app::YibaoApp;
use eframe::egui;

/// Draws the status line.
pub fn status_bar_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    let state = app.state();
    // Wrapped, each item whole: in a narrow window the line flows onto a second row instead of
    // drawing the file name and the timing over the data sources.
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        ui.label(tf(
            lang,
            T::BaseYear,
            &[&state.dataset.base_year.to_string()],
        ));
        ui.separator();
        ui.label(tf(
            lang,
            T::Vintage,
            &[crate::app::i18n::source_text(state.dataset.vintage, lang)],
        ));
        if let Some(path) = &state.accounts {
            ui.separator();
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(tf(lang, T::AccountsStatus, &[&name]))
                .on_hover_text(path.display().to_string());
            if ui
                .small_button("×")
                .on_hover_text(T::ClearAccounts.get(lang))
                .clicked()
            {
                out.push(Command::ClearAccounts);
            }
        }
        if let Some(path) = &state.subunits {
            ui.separator();
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(tf(lang, T::SubunitsStatus, &[&name]))
                .on_hover_text(path.display().to_string());
            if ui
                .small_button("×")
                .on_hover_text(T::ClearSubunits.get(lang))
                .clicked()
            {
                out.push(Command::ClearSubunits);
            }
        }
        if app.accounts_loading() {
            ui.separator();
            ui.label(T::AccountsLoading.get(lang));
        }
        ui.separator();
        let count = state.warning_count();
        let text = if count == 1 {
            T::OneWarning.get(lang).to_owned()
        } else {
            tf(lang, T::Warnings, &[&count.to_string()])
        };
        let text = if count > 0 {
            egui::RichText::new(text).color(theme::WARNING)
        } else {
            egui::RichText::new(text)
        };
        // A click opens what each warning means in plain words, with its details below.
        let response = ui.add(egui::Label::new(text).sense(if count > 0 {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        }));
        if count > 0 {
            let response = response.on_hover_text(T::WarningsClickHint.get(lang));
            egui::Popup::from_toggle_button_response(&response)
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                .show(|ui| {
                    ui.set_max_width(520.0);
                    ui.strong(T::WarningsTitle.get(lang));
                    let item = |ui: &mut egui::Ui, plain: &str, detail: &str| {
                        ui.add_space(4.0);
                        ui.add(egui::Label::new(plain).wrap());
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(format!(
                                    "{}{detail}",
                                    T::WarningsDetail.get(lang)
                                ))
                                .small()
                                .weak(),
                            )
                            .wrap(),
                        );
                    };
                    for w in &state.file_warnings {
                        item(ui, T::PlainFileWarning.get(lang), w);
                    }
                    for w in &state.projection.warnings {
                        let detail =
                            crate::app::panels::warnings::warning_text_named(w, lang, &|c| {
                                app.unit_name(c)
                            });
                        item(
                            ui,
                            crate::app::panels::warnings::warning_plain(w, lang),
                            &detail,
                        );
                    }
                });
        }
        ui.separator();
        let file = state.file.as_ref().map_or_else(
            || T::Untitled.get(lang).to_owned(),
            |p| p.display().to_string(),
        );
        ui.label(egui::RichText::new(file).monospace().small());
        if state.is_dirty() {
            ui.label(
                egui::RichText::new(format!("● {}", T::Unsaved.get(lang))).color(theme::CHANGED),
            );
        }
        ui.separator();
        let ms = state.last_projection.as_secs_f64() * 1000.0;
        ui.label(
            egui::RichText::new(tf(lang, T::ProjectionMs, &[&format!("{ms:.1}")]))
                .small()
                .weak(),
        );
        if let Some(job) = &app.job {
            ui.label(T::Computing.get(lang));
            ui.add(
                egui::ProgressBar::new(job.fraction() as f32)
                    .desired_width(120.0)
                    .show_percentage(),
            );
            if ui.small_button(T::Cancel.get(lang)).clicked() {
                out.push(Command::CancelJob);
            }
        }
        if let Some(fraction) = app.report_progress() {
            ui.label(T::ExportingReport.get(lang));
            ui.add(
                egui::ProgressBar::new(fraction as f32)
                    .desired_width(120.0)
                    .show_percentage(),
            );
        }
        if let Some(notice) = &app.notice {
            ui.label(egui::RichText::new(notice).small());
        }
    });
}
