//! The report's files in the output folder: `tables.md` (the tables, every
//! seed and the claims, as printed) and `results.jsonl` (one line per network
//! and method, in the grid's order).

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{check_claims, render, setting_rows};
use crate::atomic;
use crate::experiment::{GraphMethod, NetworkResult};

pub const TABLES_FILE: &str = "tables.md";
pub const RESULTS_FILE: &str = "results.jsonl";

#[derive(Debug, Error)]
#[error("cannot write {path}")]
pub struct ReportError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Writes `tables.md` and `results.jsonl` into `out`; returns the tables' text.
pub fn write_report(
    out: &Path,
    results: &[NetworkResult],
    methods: &[GraphMethod],
) -> Result<String, ReportError> {
    let rows = setting_rows(results);
    let tables = render(&rows, methods, &check_claims(&rows, methods));
    write(&out.join(TABLES_FILE), tables.as_bytes())?;

    let mut lines = String::new();
    for line in results.iter().flat_map(NetworkResult::flattened) {
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    write(&out.join(RESULTS_FILE), lines.as_bytes())?;
    Ok(tables)
}

fn write(path: &Path, contents: &[u8]) -> Result<(), ReportError> {
    atomic::write(path, contents).map_err(|source| ReportError { path: path.into(), source })
}
