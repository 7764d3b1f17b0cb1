//! The RON scenario format (INTERFACES.md): parse with positions, validate the whole file before
//! anything applies, migrate older formats, write back in a stable order.
//!
//! Errors read `PATH:LINE:COL: error: MESSAGE`; unknown fields, lever ids and province codes
//! come with a "did you mean".

mod diagnostic;
mod migrate;
mod parse;
pub mod spans;
pub mod suggest;
mod validate;
mod write;

pub use diagnostic::{Diagnostic, Severity};
pub use migrate::{OLDEST_FORMAT, RENAMED_LEVERS};
pub use parse::{Loaded, MAX_DIAGNOSTICS, MAX_FILE_BYTES, load, parse_str};
pub use validate::{
    BASE_YEAR_ONLY, FIRST_LEVER_YEAR, Issue, PROVINCE_CODES, Place, show_number, show_value,
    validate,
};
pub use write::{save, to_ron_string};
