//! Keyboard shortcuts, the window's close request and files dropped onto the window.

use crate::app::i18n::{T, tf};
use crate::app::io::file_dialog::PathPurpose;
use crate::app::session::command::Command;
use crate::app::yibao_app::{Guarded, YibaoApp};
use eframe::egui;
use egui::{Key, KeyboardShortcut, Modifiers};

const REDO_SHIFT_Z: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);

/// Shortcuts in menu order, with the command each one sends; the more specific first.
pub const SHORTCUTS: [(KeyboardShortcut, fn() -> Command); 7] = [
    (REDO_SHIFT_Z, || Command::Redo),
    (REDO_Y, || Command::Redo),
    (UNDO, || Command::Undo),
    (SAVE_AS, || Command::PickPath(PathPurpose::SaveAs)),
    (SAVE, || Command::Save),
    (OPEN, || Command::PickPath(PathPurpose::Open)),
    (NEW, || Command::New),
];

/// The shortcut text shown in menus for a command, if it has one.
pub fn shortcut_text(ctx: &egui::Context, command: &Command) -> Option<String> {
    let shortcut = match command {
        Command::Undo => UNDO,
        Command::Redo => REDO_SHIFT_Z,
        Command::Save => SAVE,
        Command::PickPath(PathPurpose::SaveAs) => SAVE_AS,
        Command::PickPath(PathPurpose::Open) => OPEN,
        Command::New => NEW,
        _ => return None,
    };
    Some(ctx.format_shortcut(&shortcut))
}

/// Commands from the keyboard and the window this frame.
pub fn input_commands(app: &mut YibaoApp, ctx: &egui::Context, commands: &mut Vec<Command>) {
    if ctx.input(|i| i.viewport().close_requested()) && !app.close_confirmed && app.state.is_dirty()
    {
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        app.prompt = Some(Guarded::Quit);
    }
    // While a text field has focus, Ctrl+Z belongs to the field.
    if !ctx.text_edit_focused() {
        ctx.input_mut(|i| {
            for (shortcut, command) in SHORTCUTS {
                if i.consume_shortcut(&shortcut) {
                    commands.push(command());
                }
            }
        });
    }
    let dropped: Vec<_> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    });
    if let Some(path) = dropped.into_iter().next() {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        {
            commands.push(Command::Open(path));
        } else {
            app.notice = Some(tf(
                app.lang(),
                T::DropNotRon,
                &[&path.display().to_string()],
            ));
        }
    }
}

/// A hint over the window while a file is dragged over it.
pub fn file_drop_ui(ctx: &egui::Context, app: &YibaoApp, _commands: &mut [Command]) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("file_drop"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        T::DropHint.get(app.lang()),
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}
