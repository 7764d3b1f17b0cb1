//! The app's state and how it changes: the working scenario, projections, undo, commands and the workers.

pub mod accounts;
pub(crate) mod apply;
pub mod changes;
pub mod command;
pub mod compare;
pub mod decompose;
pub mod edits;
pub mod heatmap;
pub mod history;
pub mod jobs;
pub mod prefs;
pub mod state;
pub mod uncertainty;
