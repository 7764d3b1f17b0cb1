//! The command line (in progress).
