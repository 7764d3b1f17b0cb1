//! Output files (in progress).
