//! Positioned messages about scenario files.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file is invalid; nothing of it is applied.
    Error,
    /// The file is valid but something looks wrong (a value outside its usual range).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A message about a file, with a 1-based line and column (0 when unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, 0 when the message is about the whole file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, and how to fix it.
    pub message: String,
    /// For the "… and N more" line that ends a capped list: N, the diagnostics it stands for
    /// (0 for every other diagnostic).
    pub omitted: usize,
}

impl Diagnostic {
    /// An error about the whole file.
    pub fn file_error(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            omitted: 0,
        }
    }

    /// How many diagnostics this line stands for: 1, or N for "… and N more".
    pub fn count(&self) -> usize {
        if self.omitted > 0 { self.omitted } else { 1 }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}: {}", self.file, self.severity.id(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}: {}",
                self.file,
                self.line,
                self.column,
                self.severity.id(),
                self.message
            )
        }
    }
}
