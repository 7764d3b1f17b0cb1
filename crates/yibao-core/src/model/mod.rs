//! The projection core: a pure function of (data, scenario) → projection.
//!
//! The steps, in order:
//!
//! 1. [`data`]: parse the embedded, sourced input files into a typed [`Dataset`] whose every
//!    value carries its provenance.
//! 2. [`levers`] and [`resolve`]: resolve the scenario's sparse lever paths over the current-law
//!    defaults into one value per lever, province and year.
//! 3. [`calibrate`]: build the 2022 base state of the 31 provinces (members, flows, balances,
//!    unit costs, age structures) so that it reproduces the national bulletin (calibration recipe, docs/model.md §3).
//! 4. [`project`](mod@project): run the yearly projection (demography, costs, income, enrolment
//!    response, fund accounting and balancing rules) per province and sum the nation.
//! 5. [`summary`]: derive summary metrics (first deficit, depletion, months of reserve,
//!    backstop) and the benefit gaps.
//!
//! Nothing here touches files, the clock or the UI.

pub mod accounts;
pub mod assumptions;
pub mod backtest;
pub mod calibrate;
pub mod data;
pub mod decompose;
pub mod demography;
pub mod experiment;
pub mod fiscal;
pub mod heatmap;
pub mod history;
pub mod inputs;
pub mod keys;
pub mod levers;
pub mod metric;
pub mod output;
pub mod path;
pub mod pooling;
pub mod population;
pub mod project;
pub mod resolve;
pub mod rng;
pub mod scenario;
pub mod sense;
pub mod sensitivity;
pub mod solve;
pub mod stochastic;
pub mod subunits;
pub mod summary;
pub mod table;
pub mod warning;

pub use data::Dataset;
pub use keys::{LeverKey, Province, Unit};
pub use levers::{LEVERS, Lever, LeverDef};
pub use output::{Fund, Funds, Level, Projection, Series, Summary, YearRow};
pub use path::LeverPath;
pub use project::project;
pub use scenario::{Balancing, Scenario};
pub use warning::Warning;
