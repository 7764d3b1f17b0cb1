//! Modal dialogs: the unsaved-changes prompt, recovery of an autosave, file errors and warnings.

use super::command::Command;
use super::i18n::{T, tf};
use super::theme;
use super::yibao_app::{Dialog, YibaoApp};
use eframe::egui;

/// Draws whichever dialog is up.
pub fn dialogs_ui(ctx: &egui::Context, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    if let Some(path) = &app.overwrite_prompt {
        let response = modal(ctx, "overwrite_prompt", |ui| {
            ui.heading(T::OverwriteTitle.get(lang));
            ui.label(tf(lang, T::OverwriteBody, &[&path.display().to_string()]));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(T::OverwriteConfirm.get(lang)).clicked() {
                    out.push(Command::ConfirmOverwrite);
                }
                if ui.button(T::Cancel.get(lang)).clicked() {
                    out.push(Command::CancelOverwrite);
                }
            });
        });
        let answered = out
            .iter()
            .any(|c| matches!(c, Command::ConfirmOverwrite | Command::CancelOverwrite));
        if response.should_close() && !answered {
            out.push(Command::CancelOverwrite);
        }
        return;
    }
    if app.prompt.is_some() {
        let response = modal(ctx, "unsaved_prompt", |ui| {
            ui.heading(T::UnsavedTitle.get(lang));
            ui.label(tf(lang, T::UnsavedBody, &[&app.state().scenario.title]));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(T::Save.get(lang)).clicked() {
                    out.push(Command::PromptSave);
                }
                if ui.button(T::DontSave.get(lang)).clicked() {
                    out.push(Command::PromptDiscard);
                }
                if ui.button(T::Cancel.get(lang)).clicked() {
                    out.push(Command::PromptCancel);
                }
            });
        });
        // Escape or a click outside means "cancel".
        let answered = out.iter().any(|c| {
            matches!(
                c,
                Command::PromptSave | Command::PromptDiscard | Command::PromptCancel
            )
        });
        if response.should_close() && !answered {
            out.push(Command::PromptCancel);
        }
        return;
    }
    if !app.recovery.is_empty() {
        modal(ctx, "recover_prompt", |ui| {
            ui.set_max_width(720.0);
            ui.heading(T::RecoverTitle.get(lang));
            for orphan in &app.recovery {
                ui.separator();
                match &orphan.content {
                    Ok(autosave) => {
                        ui.label(tf(
                            lang,
                            T::RecoverBody,
                            &[&autosave.scenario.title, &autosave.saved_at_text()],
                        ));
                        if let Some(source) = &autosave.source {
                            ui.label(
                                egui::RichText::new(source.display().to_string())
                                    .monospace()
                                    .small(),
                            );
                        }
                        ui.horizontal(|ui| {
                            if ui.button(T::Recover.get(lang)).clicked() {
                                out.push(Command::RecoverAutosave(orphan.path.clone()));
                            }
                            if ui.button(T::Discard.get(lang)).clicked() {
                                out.push(Command::DiscardAutosave(orphan.path.clone()));
                            }
                        });
                    }
                    Err(e) => {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(tf(
                                    lang,
                                    T::RecoverUnreadable,
                                    &[&orphan.path.display().to_string(), e],
                                ))
                                .color(theme::WARNING),
                            )
                            .wrap(),
                        );
                    }
                }
            }
            ui.separator();
            if ui.button(T::RecoverLater.get(lang)).clicked() {
                out.push(Command::KeepAutosaves);
            }
        });
        return;
    }
    let Some(dialog) = &app.dialog else {
        return;
    };
    let (title, intro, lines, color) = match dialog {
        Dialog::OpenFailed { messages } => (
            T::OpenFailed,
            Some(T::OpenFailedBody),
            messages.as_slice(),
            theme::DANGER,
        ),
        Dialog::SaveFailed(message) => (
            T::SaveFailed,
            None,
            std::slice::from_ref(message),
            theme::DANGER,
        ),
        Dialog::FileWarnings(warnings) => {
            (T::FileWarnings, None, warnings.as_slice(), theme::WARNING)
        }
    };
    let response = modal(ctx, "message_dialog", |ui| {
        ui.set_max_width(720.0);
        ui.heading(title.get(lang));
        if let Some(intro) = intro {
            ui.label(intro.get(lang));
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for line in lines {
                    ui.add(
                        egui::Label::new(egui::RichText::new(line).monospace().color(color)).wrap(),
                    );
                }
            });
        ui.add_space(8.0);
        if ui.button(T::Ok.get(lang)).clicked() {
            out.push(Command::DismissDialog);
        }
    });
    if response.should_close() && !out.contains(&Command::DismissDialog) {
        out.push(Command::DismissDialog);
    }
}

fn modal(
    ctx: &egui::Context,
    id: &str,
    content: impl FnOnce(&mut egui::Ui),
) -> egui::ModalResponse<()> {
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_min_width(360.0);
        content(ui);
    })
}
