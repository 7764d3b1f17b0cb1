//! Modal dialogs: the unsaved-changes prompt, recovery of an autosave, file errors and warnings,
//! and the built-in file dialog.

use crate::app::i18n::{Lang, T, tf};
use crate::app::io::file_dialog::{PathPrompt, PathPurpose};
use crate::app::session::command::Command;
use crate::app::theme;
use crate::app::yibao_app::{Dialog, YibaoApp};
use eframe::egui;
use std::path::PathBuf;

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
            ui.label(tf(
                lang,
                T::UnsavedBody,
                &[crate::app::session::changes::shown_title(
                    &app.state().scenario.title,
                    lang,
                )],
            ));
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
                            &[
                                crate::app::session::changes::shown_title(
                                    &autosave.scenario.title,
                                    lang,
                                ),
                                &autosave.saved_at_text(),
                            ],
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
        Dialog::SubunitsFailed { messages } => (
            T::SubunitsFailed,
            Some(T::AccountsFailedBody),
            messages.as_slice(),
            theme::DANGER,
        ),
        Dialog::AccountsFailed { messages } => (
            T::AccountsFailed,
            Some(T::AccountsFailedBody),
            messages.as_slice(),
            theme::DANGER,
        ),
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

/// The built-in file dialog (used when native dialogs cannot open): why, shortcut folders, a
/// path field, the folder's scenario files, and OK / Cancel.
pub fn path_prompt_ui(
    ctx: &egui::Context,
    prompt: &mut PathPrompt,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let (title, ok) = match prompt.purpose {
        PathPurpose::Open => (T::Open, T::OpenButton),
        PathPurpose::SaveAs | PathPurpose::PromptSave => (T::SaveAs, T::Save),
        PathPurpose::Compare => (T::AddFiles, T::AddButton),
        PathPurpose::Accounts => (T::LoadAccounts, T::OpenButton),
        PathPurpose::Subunits => (T::LoadSubunits, T::OpenButton),
        PathPurpose::ExportChart(..) => (T::ExportChart, T::Save),
        PathPurpose::ExportReport => (T::ExportReport, T::Save),
        PathPurpose::ExportBriefing => (T::ExportBriefing, T::Save),
    };
    let response = modal(ctx, "path_prompt", |ui| {
        ui.set_max_width(640.0);
        ui.heading(title.get(lang).trim_end_matches('…'));
        if let Some(reason) = &prompt.reason {
            ui.add(
                egui::Label::new(egui::RichText::new(T::NoPortal.get(lang)).color(theme::DANGER))
                    .wrap(),
            );
            // The system's own words (English, technical) only on request.
            egui::CollapsingHeader::new(T::TechnicalDetails.get(lang))
                .id_salt("path_prompt_details")
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(T::NoPortalDetail.get(lang)).small())
                            .wrap(),
                    );
                    ui.label(egui::RichText::new(reason).monospace().small().weak());
                });
        }
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(T::Shortcuts.get(lang)).small());
            let scenarios = crate::app::io::file_dialog::scenarios_folder();
            for dir in prompt.shortcuts.clone() {
                let name = if Some(&dir) == scenarios.as_ref() {
                    T::ScenariosFolder.get(lang).to_owned()
                } else {
                    dir.display().to_string()
                };
                if ui
                    .small_button(name)
                    .on_hover_text(dir.display().to_string())
                    .clicked()
                {
                    prompt.go_to(&dir);
                }
            }
        });
        let mut confirm = false;
        ui.horizontal(|ui| {
            let label = ui.label(T::PathLabel.get(lang));
            let field = ui
                .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                confirm = true;
            }
        });
        let files = prompt.files().to_vec();
        let listing = prompt.listing_state();
        let subfolders = prompt.subfolders.clone();
        if listing != crate::app::io::file_dialog::ListingState::NoFolder && !subfolders.is_empty()
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(T::Subfolders.get(lang)).small());
                for dir in &subfolders {
                    let name = dir
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    if ui.small_button(format!("{name}/")).clicked() {
                        prompt.go_to(dir);
                    }
                }
            });
        }
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if files.is_empty() {
                    use crate::app::io::file_dialog::ListingState;
                    let none = match (listing, prompt.purpose) {
                        (ListingState::NoFolder, _) => T::FolderMissing,
                        (ListingState::Empty, _) => T::FolderEmpty,
                        (_, PathPurpose::Accounts | PathPurpose::Subunits) => T::NoCsvFiles,
                        (
                            _,
                            PathPurpose::ExportChart(..)
                            | PathPurpose::ExportReport
                            | PathPurpose::ExportBriefing,
                        ) => T::NoFiles,
                        _ => T::NoRonFiles,
                    };
                    ui.label(egui::RichText::new(none.get(lang)).small().weak());
                }
                let current = PathBuf::from(prompt.text.trim());
                for file in &files {
                    let name = file
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    let response = ui.selectable_label(current == *file, name);
                    if response.clicked() {
                        prompt.text = file.display().to_string();
                    }
                    if response.double_clicked() {
                        confirm = true;
                    }
                }
            });
        let chosen = prompt.chosen();
        if prompt.purpose.saves() && chosen.as_ref().is_some_and(|p| p.exists()) {
            ui.label(egui::RichText::new(T::WillOverwrite.get(lang)).color(theme::WARNING));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(chosen.is_some(), egui::Button::new(ok.get(lang)))
                .clicked()
            {
                confirm = true;
            }
            if ui.button(T::Cancel.get(lang)).clicked() {
                out.push(Command::PathPromptCancel);
            }
        });
        if confirm && chosen.is_some() {
            out.push(Command::PathPromptConfirm);
        }
    });
    let answered = out
        .iter()
        .any(|c| matches!(c, Command::PathPromptConfirm | Command::PathPromptCancel));
    if response.should_close() && !answered {
        out.push(Command::PathPromptCancel);
    }
}
