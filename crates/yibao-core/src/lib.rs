//! Yibao's core: everything a projection needs and nothing it does not — sourced data, the
//! calibration, the projection model ([`model`], specified in `docs/model.md`), the scenario
//! format ([`scenario`]), the CSV outputs ([`export`]) and the file layer ([`files`]: atomic
//! writes, file sets under a lock, reading users' files within limits). It builds without the
//! renderer, the command line and the app, which sit on top of it in the `yibao` crate.

// Index loops over provinces, bands and quintiles read closer to the model's equations.
#![allow(clippy::needless_range_loop)]

pub mod export;
pub mod files;
pub mod fixed;
pub mod model;
pub mod scenario;
