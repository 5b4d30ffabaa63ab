//! Everything that can go wrong while reading, locating, verifying or fetching a
//! dataset file. Every message names the file (or URL) and the problem, on one line.

use std::io;
use std::path::PathBuf;

use super::catalog::Sha256Digest;
use super::dataset::DataFile;
use super::idx::{IMAGES_MAGIC, IdxKind, LABELS_MAGIC, MAX_LABEL};

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    // The I/O error is quoted in the message (a bad file's line in `data
    // inspect` is the message alone), so it is a plain field, not a source that
    // an error chain would print a second time.
    #[error("{}: cannot open: {cause}", path.display())]
    Open { path: PathBuf, cause: io::Error },

    #[error("{}: read failed: {cause}", path.display())]
    Read { path: PathBuf, cause: io::Error },

    #[error("{}: cannot write: {cause}", path.display())]
    Write { path: PathBuf, cause: io::Error },

    #[error("{}: the file is empty (0 bytes), not an IDX file", path.display())]
    Empty { path: PathBuf },

    #[error(
        "{}: too short for an IDX header: {needed} bytes needed, {present} present",
        path.display()
    )]
    ShortHeader { path: PathBuf, needed: u64, present: u64 },

    #[error(
        "{}: magic number 0x{found:08x} is not an IDX magic (images 0x{IMAGES_MAGIC:08x}, \
         labels 0x{LABELS_MAGIC:08x}){}",
        path.display(),
        byte_order_hint(*found)
    )]
    UnknownMagic { path: PathBuf, found: u32 },

    #[error(
        "{}: magic number 0x{found:08x}{}, expected 0x{:08x} ({expected}){}",
        path.display(),
        IdxKind::from_magic(*found).map(|kind| format!(" ({kind})")).unwrap_or_default(),
        expected.magic(),
        byte_order_hint(*found)
    )]
    WrongMagic { path: PathBuf, found: u32, expected: IdxKind },

    #[error("{}: dimension {index} of the header is 0", path.display())]
    ZeroDimension { path: PathBuf, index: usize },

    #[error(
        "{}: the header's dimensions {dims:?} describe more bytes than fit in memory",
        path.display()
    )]
    TooLarge { path: PathBuf, dims: Vec<u32> },

    #[error(
        "{}: truncated: the header promises {promised} bytes of data, {present} are present",
        path.display()
    )]
    Truncated { path: PathBuf, promised: u64, present: u64 },

    #[error(
        "{}: the header promises {promised} bytes of data, but {present} are present",
        path.display()
    )]
    TrailingBytes { path: PathBuf, promised: u64, present: u64 },

    #[error(
        "{}: the header promises {promised} bytes of data, more than a {compressed}-byte gzip \
         stream can hold",
        path.display()
    )]
    GzipCannotHold { path: PathBuf, promised: u64, compressed: u64 },

    #[error(
        "{}: the gzip stream ended early (the file is cut short); nothing loaded",
        path.display()
    )]
    GzipEndedEarly { path: PathBuf },

    #[error("{}: corrupt gzip stream: {message}", path.display())]
    GzipCorrupt { path: PathBuf, message: String },

    #[error("{}: label {index} is {value}, outside 0..={MAX_LABEL}", path.display())]
    LabelOutOfRange { path: PathBuf, index: usize, value: u8 },

    #[error(
        "{} holds {images} images but {} holds {labels} labels",
        images_path.display(),
        labels_path.display()
    )]
    CountMismatch { images_path: PathBuf, images: usize, labels_path: PathBuf, labels: usize },

    #[error(
        "{}: SHA-256 of the decompressed content is {found}, expected {expected} for {file}",
        path.display()
    )]
    DigestMismatch { path: PathBuf, file: DataFile, expected: Sha256Digest, found: Sha256Digest },

    #[error("{file}: no expected SHA-256 in the catalog")]
    NoDigest { file: DataFile },

    #[error(
        "{file} not found (looked for {}); run scripts/fetch-data.sh",
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    NotFound { file: DataFile, searched: Vec<PathBuf> },

    #[error("{url}: download failed: {message}")]
    Download { url: String, message: String },
}

/// A magic number that is a known one with its bytes reversed was written
/// little-endian; saying so turns a puzzling number into a fix.
fn byte_order_hint(found: u32) -> &'static str {
    if IdxKind::from_magic(found.swap_bytes()).is_some() {
        " (byte-swapped: the header looks little-endian; IDX is big-endian)"
    } else {
        ""
    }
}
