//! A user's data files, read the same way by the command line (`--accounts`, `--subunits`) and
//! the app (文件 → 加载省级账户 / 加载地市账户): provincial accounts (calibration step 10,
//! docs/model.md §11) and prefecture (sub-unit) accounts (docs/model.md §12, docs/accounts.md).
//! Errors are `FILE:LINE:COL: error: MESSAGE` lines, ready to print or show.

use super::Dataset;
use super::accounts::Accounts;
use super::subunits::Subunits;
use crate::files::{MAX_ACCOUNTS_BYTES, read_text};
use std::path::Path;

/// `data` with the provincial accounts file at `path` added: read (UTF-8, at most
/// [`MAX_ACCOUNTS_BYTES`]), parsed, and checked against the national totals.
pub fn with_accounts_file(data: &Dataset, path: &Path) -> Result<Dataset, Vec<String>> {
    let name = path.display().to_string();
    let text =
        read_text(path, MAX_ACCOUNTS_BYTES).map_err(|e| vec![format!("{name}: error: {e}")])?;
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let lines = |errors: Vec<super::accounts::AccountsError>| {
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    };
    let accounts = Accounts::parse(&name, &text, &codes).map_err(lines)?;
    data.clone().with_accounts(accounts).map_err(lines)
}

/// `data` with the prefecture accounts file at `path`: read and parsed like an accounts file,
/// checked against the provinces' base year; its units replace the synthetic sub-units of
/// their provinces.
pub fn with_subunits_file(data: &Dataset, path: &Path) -> Result<Dataset, Vec<String>> {
    let name = path.display().to_string();
    let text =
        read_text(path, MAX_ACCOUNTS_BYTES).map_err(|e| vec![format!("{name}: error: {e}")])?;
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let parsed = Subunits::parse(&name, &text, &codes, data.base_year)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    super::subunits::load(data, parsed).map(|(d, _)| d)
}
