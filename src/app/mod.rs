//! The desktop app (feature `gui`): levers, live charts, headline numbers, compare, open and
//! save — in Chinese by default, English on request.
//!
//! | file | what |
//! |---|---|
//! | `yibao_app.rs` (root) | [`YibaoApp`]: state, prefs and view state of the window; the frame layout |
//! | `session/apply/` | applying the frame's [`Command`]s (the only place state changes), one module per command group |
//! | `session/command.rs` | [`Command`], everything the UI can ask for |
//! | `session/state.rs` | [`AppState`]: working scenario, projections, file, undo, comparison |
//! | `session/history.rs` | undo and redo with named entries |
//! | `session/edits.rs` | the path a simple edit, a shift, a delta or a freeze writes |
//! | `plots/chart_data.rs` | [`chart_data`]: the exact numbers every chart draws |
//! | `plots/tabs.rs` | the chart tabs as a registry: one [`tabs::ChartTab`] each, listed in [`tabs::TABS`] |
//! | `panels/headline.rs` | headline cards and the summary sentence |
//! | `session/changes.rs` | the automatic title and list of changes of an edited baseline |
//! | `panels/`: `top_bar.rs`, `lever_panel.rs`, `lever_row.rs`, `path_editor.rs`, `pooling_editor.rs`, `central.rs`, `province_grid.rs`, `compare_ui.rs`, `status_bar.rs`, `dialogs.rs` | one panel each |
//! | `panels/input.rs` | shortcuts, close request, dropped files |
//! | `io/`: `files.rs`, `file_dialog.rs`, `autosave.rs` | scenario files (plain paths), native dialogs, autosave |
//! | `plots/export_chart.rs` | a plotted panel as a file chart (PNG, SVG, CSV) or clipboard image |
//! | `session/accounts.rs` | a user's provincial accounts: validated, re-calibrated and re-projected on a worker |
//! | `session/compare.rs`, `session/jobs.rs` | the comparison set; work off the UI thread |
//! | `session/uncertainty.rs`, `panels/uncertainty_ui.rs` | the Uncertainty tab: fan chart, P(depletion), tornado, goal seek on workers |
//! | `panels/warnings.rs` | the projection's typed warnings in the UI's language |
//! | `i18n.rs`, `format.rs`, `theme.rs`, `fonts.rs`, `session/prefs.rs` | strings, numbers, colours, font, preferences |
//! | `plots/charts.rs`, `plots/tile_map.rs` | the plotted panels; the regional view (tile map, transfers) |

pub mod io;
pub mod panels;
pub mod plots;
pub mod session;

pub mod fonts;
pub mod format;
pub mod i18n;
mod native;
pub mod theme;
mod yibao_app;

// The types every user of the app names, at its root; modules keep the paths where they live.
pub use io::file_dialog::PathPurpose;
pub use native::run;
pub use panels::province_grid::{ProvinceColumn, ProvinceRow, province_rows};
pub use plots::chart_data::{ChartView, chart_data};
pub use session::command::Command;
pub use session::state::{AppState, ProjectionMode};
pub use yibao_app::{Dialog, FIRST_REFORM_YEAR, Guarded, ViewState, YibaoApp};
