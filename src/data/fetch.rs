//! Downloading the datasets from their public mirrors (for machines with
//! internet access; `scripts/fetch-data.sh` fills the data directory from
//! package registries instead).
//!
//! Each file is fetched as `MIRROR/NAME.gz`, parsed and verified in memory,
//! and only then written into the data directory (temporary file + rename), so a
//! failed or corrupted download never leaves a file behind. A file already in
//! the data directory that verifies is not fetched again.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::catalog::Catalog;
use super::dataset::{DataFile, DatasetName};
use super::error::DataError;
use super::idx::{Compression, parse_idx};
use super::locate::Locations;
use super::verify::{check_digest, read_verified};
use crate::atomic;

/// Where PyTorch's torchvision fetches MNIST from.
pub const MNIST_MIRROR: &str = "https://ossci-datasets.s3.amazonaws.com/mnist/";

/// Zalando's own FashionMNIST download site.
pub const FASHION_MNIST_MIRROR: &str =
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/// The largest body accepted; the biggest real file is about 26 MiB compressed.
pub const MAX_DOWNLOAD_BYTES: u64 = 128 << 20;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// The mirror `nncut data fetch` uses for `dataset` unless told another.
pub fn default_mirror(dataset: DatasetName) -> &'static str {
    match dataset {
        DatasetName::Mnist => MNIST_MIRROR,
        DatasetName::FashionMnist => FASHION_MNIST_MIRROR,
    }
}

/// An HTTP client for the downloads.
pub struct Downloader {
    agent: ureq::Agent,
}

impl Downloader {
    /// A client that honours the usual proxy variables (`HTTPS_PROXY`, `NO_PROXY`...).
    pub fn new() -> Self {
        Self::with_proxy(ureq::Proxy::try_from_env())
    }

    /// A client that connects directly, ignoring proxy variables (for servers on
    /// this machine).
    pub fn direct() -> Self {
        Self::with_proxy(None)
    }

    fn with_proxy(proxy: Option<ureq::Proxy>) -> Self {
        let config = ureq::Agent::config_builder()
            .proxy(proxy)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(DOWNLOAD_TIMEOUT))
            .build();
        Self { agent: config.new_agent() }
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, DataError> {
        let failed = |error: ureq::Error| DataError::Download {
            url: url.to_string(),
            message: error.to_string(),
        };

        let mut response = self.agent.get(url).call().map_err(failed)?;
        response.body_mut().with_config().limit(MAX_DOWNLOAD_BYTES).read_to_vec().map_err(failed)
    }
}

impl Default for Downloader {
    fn default() -> Self {
        Self::new()
    }
}

/// What fetching one file did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FetchOutcome {
    /// A verified copy was already in the data directory; nothing downloaded.
    AlreadyVerified,
    Downloaded,
}

#[derive(Clone, Debug, Serialize)]
pub struct FetchReport {
    #[serde(flatten)]
    pub file: DataFile,
    /// Where the verified file now lies.
    pub path: PathBuf,
    pub outcome: FetchOutcome,
    /// The URL downloaded from, when something was.
    pub url: Option<String>,
    /// Copies in the data directory that failed verification and were removed
    /// once a good copy was in place.
    pub removed: Vec<PathBuf>,
}

/// Makes sure `data_dir` holds a verified copy of `file`, downloading
/// `mirror/NAME.gz` when it does not.
pub fn fetch_file(
    file: DataFile,
    mirror: &str,
    data_dir: &Path,
    catalog: &Catalog,
    downloader: &Downloader,
) -> Result<FetchReport, DataError> {
    let expected = catalog.expected(file).ok_or(DataError::NoDigest { file })?;
    let candidates = Locations::only(data_dir).data_dir_candidates(file);

    let mut failing = Vec::new();
    for path in candidates.iter().filter(|path| path.is_file()) {
        match read_verified(path, file, catalog) {
            Ok(_) => {
                let outcome = FetchOutcome::AlreadyVerified;
                return Ok(FetchReport {
                    file,
                    path: path.clone(),
                    outcome,
                    url: None,
                    removed: failing,
                });
            }
            Err(_) => failing.push(path.clone()),
        }
    }

    let url = format!("{}/{}.gz", mirror.trim_end_matches('/'), file.file_name());
    let body = downloader.get(&url)?;
    let idx = parse_idx(Cursor::new(&body), body.len() as u64, Path::new(&url), Some(file.kind))?;
    check_digest(Path::new(&url), file, expected, idx.sha256)?;

    // Name the file after what it holds: a mirror may serve it decompressed.
    let [raw_path, gzip_path] = candidates;
    let target = if idx.compression == Compression::Gzip { gzip_path } else { raw_path };
    let write_error = |source| DataError::Write { path: target.clone(), cause: source };
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder).map_err(write_error)?;
    }
    atomic::write(&target, &body).map_err(write_error)?;

    failing.retain(|path| *path != target);
    for stale in &failing {
        std::fs::remove_file(stale)
            .map_err(|source| DataError::Write { path: stale.clone(), cause: source })?;
    }
    Ok(FetchReport {
        file,
        path: target,
        outcome: FetchOutcome::Downloaded,
        url: Some(url),
        removed: failing,
    })
}
