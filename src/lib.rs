//! Yibao 医保基金政策模拟器: projections of China's basic medical insurance funds.
//!
//! The pipeline, in five steps:
//!
//! 1. **data**: sourced inputs embedded from `assets/data/` ([`model::data`]);
//! 2. **calibrate**: the 2022 base state of the 31 provinces ([`model::calibrate`]);
//! 3. **scenario**: a RON file of sparse lever paths over the current-law baseline, parsed and
//!    validated with positions ([`scenario`]);
//! 4. **project**: the yearly fund projection to the horizon ([`model::project()`]);
//! 5. **outputs**: CSV files and summary metrics ([`export`], [`model::summary`]).
//!
//! The core ([`model`]) is pure; the command line ([`cli`]) and the desktop app (`app`, feature
//! `gui`) call the same functions.

// Index loops over provinces, bands and quintiles read closer to the model's equations.
#![allow(clippy::needless_range_loop)]

// The layers below this crate, under the paths the rest of the program uses.
pub use yibao_core::{export, files, model, scenario};
pub use yibao_render as render;

pub mod cli;
pub mod report;

#[cfg(feature = "gui")]
pub mod app;

/// mimalloc for every binary of the crate (the app, the benches, the tests): each projection
/// allocates and frees a few megabytes of rows, which glibc's allocator hands back to the system
/// and faults in again (a fifth of a projection's time); mimalloc keeps it for reuse.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
