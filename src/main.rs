//! `yibao`: with no arguments (or a scenario file) the desktop app, otherwise the command line.

use std::process::ExitCode;
use yibao::cli::{Dispatch, dispatch};

fn main() -> ExitCode {
    // `args_os`: an argument that is not UTF-8 (a file name in another encoding) is a path like
    // any other, never a panic.
    match dispatch(std::env::args_os().skip(1).collect()) {
        Dispatch::Exit(code) => code,
        Dispatch::App(path) => open_app(path),
    }
}

#[cfg(feature = "gui")]
fn open_app(path: Option<std::path::PathBuf>) -> ExitCode {
    match yibao::app::run(path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let mut io = yibao::cli::Io::std();
            writeln!(io.err, "error: {e:#}");
            io.finish(ExitCode::from(2))
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_path: Option<std::path::PathBuf>) -> ExitCode {
    let mut io = yibao::cli::Io::std();
    writeln!(
        io.err,
        "error: this build has no desktop app (built without the `gui` feature); see `yibao --help`"
    );
    io.finish(ExitCode::from(2))
}
