//! The eframe wrapper: window options, persisted preferences, the autosave directory and native
//! file dialogs. Everything else is [`YibaoApp`].

use super::fonts;
use super::io::autosave::Autosaver;
use super::session::command::Command;
use super::session::prefs::{Prefs, STORAGE_KEY};
use super::session::state::ProjectionMode;
use super::yibao_app::YibaoApp;
use crate::model::Dataset;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

struct NativeApp {
    app: YibaoApp,
}

impl eframe::App for NativeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.app.prefs_to_store());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.on_exit();
    }
}

/// Opens the app window, optionally on a scenario file.
pub fn run(scenario: Option<PathBuf>) -> anyhow::Result<()> {
    let dataset = Arc::new(Dataset::embedded()?);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Yibao 医保基金政策模拟器")
            .with_app_id("yibao")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "yibao",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            // System CJK font for user text outside GB2312, found without holding up the window.
            fonts::install_system_fallback_later(&cc.egui_ctx);
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            let autosaver = Autosaver::default_dir().map(Autosaver::new);
            let mut app = YibaoApp::new(dataset, prefs, autosaver, ProjectionMode::Adaptive);
            app.native_dialogs = true;
            // Whether the desktop portal is there, found out while the window opens.
            app.portal = Some(super::io::file_dialog::PortalProbe::start());
            match scenario {
                Some(path) => app.apply(Command::Open(path)),
                // A restart continues with the last file.
                None => {
                    app.reopen_last();
                }
            }
            Ok(Box::new(NativeApp { app }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not open: {e}"))
}
