//! Verifying dataset files: a file is used only if it parses as the IDX kind it
//! should be and the SHA-256 of its decompressed content is the catalog's.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::catalog::{Catalog, Sha256Digest};
use super::dataset::DataFile;
use super::error::DataError;
use super::idx::{Compression, IdxFile, read_idx};
use super::locate::Locations;

/// Reads `path` as `file` and checks its digest against the catalog.
pub fn read_verified(path: &Path, file: DataFile, catalog: &Catalog) -> Result<IdxFile, DataError> {
    let expected = catalog.expected(file).ok_or(DataError::NoDigest { file })?;
    let idx = read_idx(path, Some(file.kind))?;
    check_digest(path, file, expected, idx.sha256)?;
    Ok(idx)
}

/// Finds `file` and reads it verified; returns where it was found too.
pub fn locate_verified(
    locations: &Locations,
    file: DataFile,
    catalog: &Catalog,
) -> Result<(PathBuf, IdxFile), DataError> {
    let path = locations.find(file)?;
    let idx = read_verified(&path, file, catalog)?;
    Ok((path, idx))
}

pub(crate) fn check_digest(
    path: &Path,
    file: DataFile,
    expected: Sha256Digest,
    found: Sha256Digest,
) -> Result<(), DataError> {
    if found != expected {
        return Err(DataError::DigestMismatch { path: path.into(), file, expected, found });
    }
    Ok(())
}

/// What `check` found for one file.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    #[serde(flatten)]
    pub file: DataFile,
    /// Where the file was found; `None` if nowhere.
    pub path: Option<PathBuf>,
    pub compression: Option<Compression>,
    /// Items in the file, when it parsed.
    pub count: Option<usize>,
    /// Shape of one item (`[rows, cols]` for images, `[]` for labels), when it parsed.
    pub item_shape: Option<Vec<usize>>,
    pub status: FileStatus,
    /// Why the file is missing or failed, on one line.
    pub problem: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileStatus {
    Verified,
    Missing,
    Failed,
}

/// Locates, parses and verifies each of `files`, reading each once.
pub fn check(locations: &Locations, catalog: &Catalog, files: &[DataFile]) -> Vec<FileReport> {
    files.iter().map(|&file| check_one(locations, catalog, file)).collect()
}

fn check_one(locations: &Locations, catalog: &Catalog, file: DataFile) -> FileReport {
    let mut report = FileReport {
        file,
        path: None,
        compression: None,
        count: None,
        item_shape: None,
        status: FileStatus::Missing,
        problem: None,
    };

    let path = match locations.find(file) {
        Ok(path) => path,
        Err(_) => {
            let searched: Vec<String> =
                locations.candidates(file).iter().map(|p| p.display().to_string()).collect();
            report.problem = Some(format!("not found (looked for {})", searched.join(", ")));
            return report;
        }
    };
    report.path = Some(path.clone());
    report.status = FileStatus::Failed;

    let expected = match catalog.expected(file) {
        Some(digest) => digest,
        None => {
            report.problem = Some(DataError::NoDigest { file }.to_string());
            return report;
        }
    };
    let idx = match read_idx(&path, Some(file.kind)) {
        Ok(idx) => idx,
        Err(error) => {
            report.problem = Some(error.to_string());
            return report;
        }
    };

    report.compression = Some(idx.compression);
    report.count = Some(idx.header.count);
    report.item_shape = Some(idx.header.item_shape.clone());
    match check_digest(&path, file, expected, idx.sha256) {
        Ok(()) => report.status = FileStatus::Verified,
        Err(error) => report.problem = Some(error.to_string()),
    }
    report
}
