//! The desktop app (in progress).

/// Opens the app window, optionally on a scenario file.
pub fn run(_scenario: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the desktop app is not built yet")
}
