//! Output handles that never panic: a broken pipe (the reader went away, as in
//! `yibao levers | head -1`) stops that stream quietly; any other write error (a full disk,
//! `>/dev/full`) is kept and turns the exit code into 2 at the end.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// One output stream (stdout or stderr).
pub struct Stream {
    name: &'static str,
    w: Box<dyn Write>,
    state: State,
}

enum State {
    Open,
    /// The reader closed the pipe: further output is dropped.
    Closed,
    /// A write failed for another reason; further output is dropped.
    Failed(io::Error),
}

impl Stream {
    /// A stream over any writer; `name` labels its errors ("standard output").
    pub fn new(name: &'static str, w: Box<dyn Write>) -> Self {
        Stream {
            name,
            w,
            state: State::Open,
        }
    }

    /// Writes formatted text (what `write!`/`writeln!` call). Errors are remembered, not
    /// returned, so that output code stays free of error plumbing; see [`Io::finish`].
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) {
        if !matches!(self.state, State::Open) {
            return;
        }
        if let Err(e) = self.w.write_fmt(args) {
            self.fail(e);
        }
    }

    /// Writes raw text.
    pub fn write_str(&mut self, s: &str) {
        if !matches!(self.state, State::Open) {
            return;
        }
        if let Err(e) = self.w.write_all(s.as_bytes()) {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: io::Error) {
        self.state = if e.kind() == io::ErrorKind::BrokenPipe {
            State::Closed
        } else {
            State::Failed(e)
        };
    }

    fn flush(&mut self) {
        if matches!(self.state, State::Open)
            && let Err(e) = self.w.flush()
        {
            self.fail(e);
        }
    }

    /// Whether the reader closed the stream.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// The first write error other than a broken pipe.
    pub fn error(&self) -> Option<&io::Error> {
        match &self.state {
            State::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// The two output streams of a command.
pub struct Io {
    /// Standard output: results.
    pub out: Stream,
    /// Standard error: diagnostics and progress.
    pub err: Stream,
}

impl Io {
    /// The process's stdout and stderr.
    pub fn std() -> Self {
        Io {
            out: Stream::new("standard output", Box::new(io::stdout())),
            err: Stream::new("standard error", Box::new(io::stderr())),
        }
    }

    /// Flushes both streams and returns the exit code: `code`, or 2 when stdout failed with
    /// something other than a broken pipe (reported on stderr while it still works).
    pub fn finish(&mut self, code: ExitCode) -> ExitCode {
        self.out.flush();
        let mut code = code;
        if let Some(e) = self.out.error() {
            let message = format!("error: cannot write to {}: {e}\n", self.out.name);
            self.err.write_str(&message);
            code = ExitCode::from(2);
        }
        self.err.flush();
        if self.err.error().is_some() {
            code = ExitCode::from(2);
        }
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fails(io::ErrorKind);
    impl Write for Fails {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn broken_pipe_is_quiet_and_other_errors_exit_2() {
        let mut io = Io {
            out: Stream::new(
                "standard output",
                Box::new(Fails(io::ErrorKind::BrokenPipe)),
            ),
            err: Stream::new("standard error", Box::new(Vec::new())),
        };
        writeln!(io.out, "a line");
        assert!(io.out.is_closed());
        assert_eq!(io.finish(ExitCode::SUCCESS), ExitCode::SUCCESS);

        let mut io = Io {
            out: Stream::new(
                "standard output",
                Box::new(Fails(io::ErrorKind::StorageFull)),
            ),
            err: Stream::new("standard error", Box::new(Vec::new())),
        };
        writeln!(io.out, "a line");
        assert!(io.out.error().is_some());
        assert_eq!(io.finish(ExitCode::SUCCESS), ExitCode::from(2));
    }
}
