//! Small IDX files for the data tests, built in the test itself: headers
//! written by hand (big-endian, or deliberately not), gzip copies, digests.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use nncut::data::{Catalog, DataFile, DatasetName, IdxKind, Sha256Digest, Split};
use sha2::{Digest, Sha256};

pub const IMAGES_MAGIC: u32 = 0x0000_0803;
pub const LABELS_MAGIC: u32 = 0x0000_0801;

/// An IDX file: `magic`, `dims` (big-endian), then `data`.
pub fn idx_bytes(magic: u32, dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut bytes = magic.to_be_bytes().to_vec();
    for dim in dims {
        bytes.extend_from_slice(&dim.to_be_bytes());
    }
    bytes.extend_from_slice(data);
    bytes
}

/// `count` images of `rows` x `cols` whose pixels run 0, 1, 2, ... (mod 256).
pub fn images(count: u32, rows: u32, cols: u32) -> Vec<u8> {
    let pixels: Vec<u8> = (0..count * rows * cols).map(|i| (i % 256) as u8).collect();
    idx_bytes(IMAGES_MAGIC, &[count, rows, cols], &pixels)
}

pub fn labels(values: &[u8]) -> Vec<u8> {
    idx_bytes(LABELS_MAGIC, &[values.len() as u32], values)
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

pub fn sha256(bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(Sha256::digest(bytes).into())
}

/// Writes `bytes` to `dir/name` (creating folders) and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn data_file(dataset: DatasetName, split: Split, kind: IdxKind) -> DataFile {
    DataFile::new(dataset, split, kind)
}

/// A small dataset split laid out in a data directory, with a catalog that
/// expects exactly these files.
pub struct FixtureSplit {
    pub images: Vec<u8>,
    pub labels: Vec<u8>,
    pub catalog: Catalog,
}

impl FixtureSplit {
    /// `labels.len()` images of 2x3 and the given labels.
    pub fn new(dataset: DatasetName, split: Split, label_values: &[u8]) -> Self {
        let images = images(label_values.len() as u32, 2, 3);
        let labels = labels(label_values);
        let catalog = Catalog::empty()
            .with(data_file(dataset, split, IdxKind::Images), sha256(&images))
            .with(data_file(dataset, split, IdxKind::Labels), sha256(&labels));
        Self { images, labels, catalog }
    }
}
