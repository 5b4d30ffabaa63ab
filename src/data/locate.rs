//! Where the dataset files are looked for, in order:
//!
//! 1. the data directory: `--data-dir`, else the `NNCUT_DATA` variable, else
//!    `./data`; inside it `mnist/` and `fashion-mnist/`, each with the four
//!    standard file names, raw or with `.gz` (raw first);
//! 2. for FashionMNIST, where the Debian/Ubuntu package `dataset-fashion-mnist`
//!    installs it: `/usr/share/datasets/fashion-mnist/*.gz`.
//!
//! The first file that exists is the one used; it must then verify.

use std::path::{Path, PathBuf};

use super::dataset::{DataFile, DatasetName};
use super::error::DataError;

/// The environment variable naming the data directory.
pub const DATA_DIR_ENV: &str = "NNCUT_DATA";

/// The data directory when neither `--data-dir` nor `NNCUT_DATA` names one.
pub const DEFAULT_DATA_DIR: &str = "data";

/// Where the Debian package `dataset-fashion-mnist` installs its files.
pub const FASHION_MNIST_SYSTEM_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// The folders searched for dataset files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locations {
    data_dir: PathBuf,
    /// Folders of gzip files laid out by a system package, per dataset.
    system_dirs: Vec<(DatasetName, PathBuf)>,
}

impl Locations {
    /// The standard search: `data_dir`, else `NNCUT_DATA`, else `./data`; then
    /// the system FashionMNIST folder.
    pub fn resolve(data_dir: Option<&Path>) -> Self {
        let data_dir = match data_dir {
            Some(dir) => dir.to_path_buf(),
            None => match std::env::var_os(DATA_DIR_ENV) {
                Some(dir) if !dir.is_empty() => PathBuf::from(dir),
                _ => PathBuf::from(DEFAULT_DATA_DIR),
            },
        };
        Self::only(data_dir).with_system_dir(DatasetName::FashionMnist, FASHION_MNIST_SYSTEM_DIR)
    }

    /// Only `data_dir`, no system folder.
    pub fn only(data_dir: impl Into<PathBuf>) -> Self {
        Self { data_dir: data_dir.into(), system_dirs: Vec::new() }
    }

    /// These locations, then `dir` (holding `NAME.gz` files) for `dataset`.
    pub fn with_system_dir(mut self, dataset: DatasetName, dir: impl Into<PathBuf>) -> Self {
        self.system_dirs.push((dataset, dir.into()));
        self
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The paths in the data directory where `file` may lie: raw, then `.gz`.
    pub fn data_dir_candidates(&self, file: DataFile) -> [PathBuf; 2] {
        let raw = self.data_dir.join(file.dataset.slug()).join(file.file_name());
        let gzip = with_gz(&raw);
        [raw, gzip]
    }

    /// Every path where `file` may lie, in search order.
    pub fn candidates(&self, file: DataFile) -> Vec<PathBuf> {
        let mut paths = self.data_dir_candidates(file).to_vec();
        for (dataset, dir) in &self.system_dirs {
            if *dataset == file.dataset {
                paths.push(with_gz(&dir.join(file.file_name())));
            }
        }
        paths
    }

    /// The first existing path for `file`, or an error listing where it looked.
    pub fn find(&self, file: DataFile) -> Result<PathBuf, DataError> {
        let candidates = self.candidates(file);
        match candidates.iter().find(|path| path.is_file()) {
            Some(path) => Ok(path.clone()),
            None => Err(DataError::NotFound { file, searched: candidates }),
        }
    }
}

fn with_gz(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".gz");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{IdxKind, Split};

    fn test_labels(dataset: DatasetName) -> DataFile {
        DataFile::new(dataset, Split::Test, IdxKind::Labels)
    }

    #[test]
    fn raw_file_is_preferred_over_gzip_in_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let locations = Locations::only(dir.path());
        let [raw, gzip] = locations.data_dir_candidates(test_labels(DatasetName::Mnist));
        std::fs::create_dir_all(raw.parent().unwrap()).unwrap();
        std::fs::write(&gzip, b"x").unwrap();
        std::fs::write(&raw, b"x").unwrap();

        let found = locations.find(test_labels(DatasetName::Mnist)).unwrap();

        assert_eq!(found, dir.path().join("mnist/t10k-labels-idx1-ubyte"));
    }

    #[test]
    fn system_folder_is_searched_after_the_data_dir_for_its_dataset_only() {
        let data = tempfile::tempdir().unwrap();
        let system = tempfile::tempdir().unwrap();
        std::fs::write(system.path().join("t10k-labels-idx1-ubyte.gz"), b"x").unwrap();
        let locations =
            Locations::only(data.path()).with_system_dir(DatasetName::FashionMnist, system.path());

        let fashion = locations.find(test_labels(DatasetName::FashionMnist)).unwrap();
        let mnist = locations.find(test_labels(DatasetName::Mnist));

        assert_eq!(fashion, system.path().join("t10k-labels-idx1-ubyte.gz"));
        assert!(matches!(mnist, Err(DataError::NotFound { .. })));
    }

    #[test]
    fn missing_file_error_lists_every_place_searched() {
        let locations = Locations::only("/nonexistent-nncut")
            .with_system_dir(DatasetName::FashionMnist, "/nonexistent-system");

        let message =
            locations.find(test_labels(DatasetName::FashionMnist)).unwrap_err().to_string();

        assert!(message.contains("/nonexistent-nncut/fashion-mnist/t10k-labels-idx1-ubyte,"));
        assert!(message.contains("/nonexistent-nncut/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        assert!(message.contains("/nonexistent-system/t10k-labels-idx1-ubyte.gz"));
        assert!(message.contains("scripts/fetch-data.sh"));
    }

    #[test]
    fn explicit_data_dir_wins_and_keeps_the_system_folder() {
        let locations = Locations::resolve(Some(Path::new("/somewhere")));

        assert_eq!(locations.data_dir(), Path::new("/somewhere"));
        let candidates = locations.candidates(test_labels(DatasetName::FashionMnist));
        assert_eq!(candidates.len(), 3);
        assert!(candidates[2].starts_with(FASHION_MNIST_SYSTEM_DIR));
    }
}
