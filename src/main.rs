//! `yibao`: with no arguments (or a scenario file) the desktop app, otherwise the command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if yibao::cli::is_command(&args) {
        return yibao::cli::main(&args);
    }
    open_app(&args)
}

#[cfg(feature = "gui")]
fn open_app(args: &[String]) -> ExitCode {
    let path = args.first().map(std::path::PathBuf::from);
    match yibao::app::run(path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_args: &[String]) -> ExitCode {
    eprintln!(
        "error: this build has no desktop app (built without the `gui` feature); see `yibao --help`"
    );
    ExitCode::from(2)
}
