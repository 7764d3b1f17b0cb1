//! `yibao check SCENARIO.ron...`: validate only; exit 0 when every file is valid, 1 when not.

use super::{CommandDef, Failure, Io, parse_args};
use crate::scenario::{self, Severity};
use std::ffi::OsString;

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "check",
    args: "SCENARIO.ron...",
    flags: &[],
    about: "validate only; exit 0 when valid, 1 when not",
    run,
};

fn run(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let files = parse_args("check", args, &[])?.paths("check")?;
    if files.is_empty() {
        return Err(Failure::Usage("`yibao check` needs a scenario file".into()));
    }
    let mut all_ok = true;
    for f in &files {
        let shown = f.display();
        match scenario::load(f) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    writeln!(io.err, "{w}");
                }
                let n = loaded.warnings.len();
                writeln!(
                    io.out,
                    "{shown}: ok ({n} warning{})",
                    if n == 1 { "" } else { "s" }
                );
            }
            Err(diags) => {
                all_ok = false;
                for d in &diags {
                    writeln!(io.err, "{d}");
                }
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.count())
                    .sum::<usize>();
                writeln!(
                    io.out,
                    "{shown}: invalid ({errors} error{})",
                    if errors == 1 { "" } else { "s" }
                );
            }
        }
    }
    if all_ok {
        Ok(())
    } else {
        Err(Failure::Invalid(None))
    }
}
