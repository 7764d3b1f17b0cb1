//! Files: scenario open and save on plain paths, native and built-in dialogs, autosave.

pub mod autosave;
pub mod file_dialog;
pub mod files;
