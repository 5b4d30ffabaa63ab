//! Datasets: IDX parsing and validation; locating, verifying and fetching
//! MNIST and FashionMNIST.
//!
//! `load` is what the other stages use: it finds a split's two files, checks
//! their SHA-256 against the embedded digests, and returns the images as f32
//! in [0, 1] with their labels.

mod catalog;
mod dataset;
mod error;
mod fetch;
mod idx;
mod load;
mod locate;
mod verify;

pub use catalog::{Catalog, Sha256Digest};
pub use dataset::{DataFile, DatasetName, LabeledImages, Split};
pub use error::DataError;
pub use fetch::{
    Downloader, FASHION_MNIST_MIRROR, FetchOutcome, FetchReport, MAX_DOWNLOAD_BYTES, MNIST_MIRROR,
    default_mirror, fetch_file,
};
pub use idx::{
    Compression, IMAGES_MAGIC, IdxFile, IdxHeader, IdxKind, LABELS_MAGIC, MAX_LABEL, parse_idx,
    read_idx,
};
pub use load::{load, load_from};
pub use locate::{DATA_DIR_ENV, DEFAULT_DATA_DIR, FASHION_MNIST_SYSTEM_DIR, Locations};
pub use verify::{FileReport, FileStatus, check, locate_verified, read_verified};
