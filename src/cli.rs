//! The command line (in progress).
use std::process::ExitCode;

/// Whether the arguments name a subcommand (otherwise the app opens).
pub fn is_command(args: &[String]) -> bool {
    matches!(
        args.first().map(String::as_str),
        Some("run" | "check" | "levers" | "data" | "help" | "--help" | "-h" | "--version" | "-V")
    )
}

/// Runs a subcommand and returns the exit code (0 ok, 1 invalid input, 2 other failure).
pub fn main(_args: &[String]) -> ExitCode {
    ExitCode::from(2)
}
