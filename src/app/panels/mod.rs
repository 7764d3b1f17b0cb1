//! The window's panels: each draws part of the state and returns `Command`s.

pub(crate) mod central;
pub(crate) mod compare_ui;
pub(crate) mod decompose_ui;
pub(crate) mod dialogs;
pub mod fiscal_ui;
pub mod headline;
pub(crate) mod heatmap_ui;
pub(crate) mod input;
pub(crate) mod lever_panel;
pub(crate) mod lever_row;
pub(crate) mod path_editor;
pub(crate) mod pooling_editor;
pub(crate) mod province_grid;
pub(crate) mod solve_popup;
pub(crate) mod status_bar;
pub mod target_form;
pub(crate) mod top_bar;
pub mod uncertainty_ui;
pub mod warnings;
