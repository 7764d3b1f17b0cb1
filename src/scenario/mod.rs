//! The RON scenario format (temporary minimal version; replaced by the full module).
use crate::model::Scenario;

/// Severity of a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Invalid input.
    Error,
    /// Valid but suspicious.
    Warning,
}

/// A positioned message.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// File.
    pub file: String,
    /// Line (1-based, 0 unknown).
    pub line: usize,
    /// Column.
    pub column: usize,
    /// Message.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = if self.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        if self.line == 0 {
            write!(f, "{}: {sev}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {sev}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// A parsed scenario with its warnings.
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Parses a scenario.
pub fn parse_str(source: &str, file_name: &str) -> Result<Loaded, Vec<Diagnostic>> {
    ron::from_str::<Scenario>(source)
        .map(|scenario| Loaded {
            scenario,
            warnings: Vec::new(),
        })
        .map_err(|e| {
            vec![Diagnostic {
                severity: Severity::Error,
                file: file_name.to_owned(),
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            }]
        })
}

/// Loads a scenario file.
pub fn load(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic {
            severity: Severity::Error,
            file: name.clone(),
            line: 0,
            column: 0,
            message: e.to_string(),
        }]
    })?;
    parse_str(&src, &name)
}
