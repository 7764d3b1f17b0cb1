//! The desktop app (feature `gui`): levers, live charts, headline numbers, compare, open and
//! save — in Chinese by default, English on request.
//!
//! | file | what |
//! |---|---|
//! | `yibao_app.rs` | [`YibaoApp`]: state, prefs and view state of the window; the frame layout |
//! | `apply.rs` | applying the frame's [`Command`]s (the only place state changes) |
//! | `command.rs` | [`Command`], everything the UI can ask for |
//! | `state.rs` | [`AppState`]: working scenario, projections, file, undo, comparison |
//! | `history.rs` | undo and redo with named entries |
//! | `resolve.rs` | a lever's value per year for display; what a simple edit writes |
//! | `chart_data.rs` | [`chart_data`]: the exact numbers every chart draws |
//! | `tabs.rs` | the chart tabs as a registry: one [`tabs::ChartTab`] each, listed in [`tabs::TABS`] |
//! | `headline.rs` | headline cards and the summary sentence |
//! | `changes.rs` | the automatic title and list of changes of an edited baseline |
//! | `top_bar.rs`, `lever_panel.rs`, `lever_row.rs`, `path_editor.rs`, `pooling_editor.rs`, `central.rs`, `charts.rs`, `province_grid.rs`, `compare_ui.rs`, `status_bar.rs`, `dialogs.rs` | one panel each |
//! | `input.rs` | shortcuts, close request, dropped files |
//! | `files.rs`, `file_dialog.rs`, `autosave.rs` | scenario files (plain paths), native dialogs, autosave |
//! | `export_chart.rs` | a plotted panel as a file chart (PNG, SVG, CSV) or clipboard image |
//! | `accounts.rs` | a user's provincial accounts: validated, re-calibrated and re-projected on a worker |
//! | `compare.rs`, `jobs.rs` | the comparison set; work off the UI thread |
//! | `uncertainty.rs`, `uncertainty_ui.rs` | the Uncertainty tab: fan chart, P(depletion), tornado, goal seek on workers |
//! | `warnings.rs` | the projection's typed warnings in the UI's language |
//! | `i18n.rs`, `format.rs`, `theme.rs`, `fonts.rs`, `prefs.rs` | strings, numbers, colours, font, preferences |

pub mod accounts;
mod apply;
pub mod autosave;
mod central;
pub mod changes;
pub mod chart_data;
mod charts;
pub mod command;
pub mod compare;
mod compare_ui;
mod dialogs;
pub mod export_chart;
mod file_dialog;
pub mod files;
pub mod fonts;
pub mod format;
pub mod headline;
pub mod history;
pub mod i18n;
mod input;
pub mod jobs;
mod lever_panel;
mod lever_row;
mod native;
mod path_editor;
mod pooling_editor;
pub mod prefs;
mod province_grid;
pub mod resolve;
pub mod state;
mod status_bar;
pub mod tabs;
pub mod theme;
pub mod tile_map;
mod top_bar;
pub mod uncertainty;
mod uncertainty_ui;
pub mod warnings;
mod yibao_app;

pub use chart_data::{ChartView, chart_data};
pub use command::Command;
pub use native::run;
pub use province_grid::{ProvinceColumn, ProvinceRow, province_rows};
pub use state::{AppState, ProjectionMode};
pub use yibao_app::{Dialog, FIRST_REFORM_YEAR, Guarded, ViewState, YibaoApp};
