//! The IDX file format, read strictly.
//!
//! Layout (all integers big-endian): a 4-byte magic `00 00 08 R` (type 0x08 =
//! unsigned byte, `R` = rank), then `R` u32 dimensions, then the product of the
//! dimensions in bytes. nncut reads two kinds: images, magic 0x00000803 with
//! dimensions `[count, rows, cols]`, and labels, magic 0x00000801 with `[count]`
//! and every value in 0..=9.
//!
//! The file may be raw or gzip-compressed; the first two bytes (0x1f 0x8b) tell,
//! never the name. The header is checked (magic, rank, dimensions, and the length
//! it promises against the bytes that can be there) before any buffer for the
//! data is allocated. The SHA-256 of the decompressed content is computed while
//! reading, so a file is read and decompressed once.
//!
//! ```no_run
//! use nncut::data::{IdxKind, read_idx};
//!
//! let file = read_idx("data/mnist/t10k-labels-idx1-ubyte".as_ref(), Some(IdxKind::Labels))?;
//! assert_eq!(file.header.count, 10_000);
//! # Ok::<(), nncut::data::DataError>(())
//! ```

use std::fmt;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;

use flate2::read::GzDecoder;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::catalog::Sha256Digest;
use super::error::DataError;

pub const IMAGES_MAGIC: u32 = 0x0000_0803;
pub const LABELS_MAGIC: u32 = 0x0000_0801;

/// Labels are classes 0..=MAX_LABEL.
pub const MAX_LABEL: u8 = 9;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Deflate cannot expand data by more than about 1032:1, so a header promising
/// more than that many times the compressed size is a lie we can refuse at once.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// For gzip input the decompressed length is unknown until read: start with at
/// most this much capacity and grow only as real data arrives.
const MAX_INITIAL_CAPACITY: u64 = 64 << 20;

/// What an IDX file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdxKind {
    Images,
    Labels,
}

impl IdxKind {
    pub fn magic(self) -> u32 {
        match self {
            IdxKind::Images => IMAGES_MAGIC,
            IdxKind::Labels => LABELS_MAGIC,
        }
    }

    pub fn from_magic(magic: u32) -> Option<Self> {
        match magic {
            IMAGES_MAGIC => Some(IdxKind::Images),
            LABELS_MAGIC => Some(IdxKind::Labels),
            _ => None,
        }
    }

    /// The number of dimensions: 3 for images, 1 for labels (the low magic byte).
    fn rank(self) -> usize {
        (self.magic() & 0xff) as usize
    }
}

impl fmt::Display for IdxKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            IdxKind::Images => "images",
            IdxKind::Labels => "labels",
        })
    }
}

/// How the bytes are stored on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compression {
    None,
    Gzip,
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Compression::None => "raw",
            Compression::Gzip => "gzip",
        })
    }
}

/// A validated IDX header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdxHeader {
    pub kind: IdxKind,
    /// Number of items (images or labels): the first dimension.
    pub count: usize,
    /// The shape of one item: `[rows, cols]` for images, `[]` for labels.
    pub item_shape: Vec<usize>,
}

impl IdxHeader {
    /// Bytes in the header: the magic and one u32 per dimension.
    fn len(&self) -> u64 {
        4 + 4 * (1 + self.item_shape.len() as u64)
    }
}

/// An IDX file read whole and validated.
#[derive(Clone, Debug)]
pub struct IdxFile {
    pub header: IdxHeader,
    pub compression: Compression,
    /// The data after the header, one byte per value, row-major.
    pub data: Vec<u8>,
    /// SHA-256 of the decompressed content, header included.
    pub sha256: Sha256Digest,
}

impl IdxFile {
    /// `(rows, cols)` of an images file; `None` for labels.
    pub fn image_size(&self) -> Option<(usize, usize)> {
        match (self.header.kind, self.header.item_shape.as_slice()) {
            (IdxKind::Images, &[rows, cols]) => Some((rows, cols)),
            _ => None,
        }
    }
}

/// Reads and validates the IDX file at `path`. With `expected`, a file of the
/// other kind is refused by its magic number, before its data is read.
pub fn read_idx(path: &Path, expected: Option<IdxKind>) -> Result<IdxFile, DataError> {
    let file =
        File::open(path).map_err(|source| DataError::Open { path: path.into(), cause: source })?;
    let size =
        file.metadata().map_err(|source| DataError::Read { path: path.into(), cause: source })?;

    parse_idx(file, size.len(), path, expected)
}

/// Reads and validates IDX content of `source_len` bytes from `reader`; `path`
/// names it in errors.
pub fn parse_idx<R: Read>(
    mut reader: R,
    source_len: u64,
    path: &Path,
    expected: Option<IdxKind>,
) -> Result<IdxFile, DataError> {
    if source_len == 0 {
        return Err(DataError::Empty { path: path.into() });
    }

    let mut prefix = [0u8; 2];
    let prefix_len = read_up_to(&mut reader, &mut prefix).map_err(|e| read_error(path, e))?;
    let rejoined = Cursor::new(prefix[..prefix_len].to_vec()).chain(reader);
    let compression = if prefix == GZIP_MAGIC { Compression::Gzip } else { Compression::None };

    let content: Box<dyn Read> = match compression {
        Compression::Gzip => Box::new(GzDecoder::new(rejoined)),
        Compression::None => Box::new(rejoined),
    };
    let mut reader = HashingReader { inner: content, hasher: Sha256::new() };
    let stream = Stream { path, compression, source_len };

    let header = stream.read_header(&mut reader, expected)?;
    let data = stream.read_data(&mut reader, &header)?;
    if header.kind == IdxKind::Labels {
        check_labels(&data, path)?;
    }

    let sha256 = Sha256Digest(reader.hasher.finalize().into());
    Ok(IdxFile { header, compression, data, sha256 })
}

/// The input being parsed, for sizing buffers and naming it in errors.
struct Stream<'a> {
    path: &'a Path,
    compression: Compression,
    source_len: u64,
}

impl Stream<'_> {
    fn read_header(
        &self,
        reader: &mut impl Read,
        expected: Option<IdxKind>,
    ) -> Result<IdxHeader, DataError> {
        let mut magic = [0u8; 4];
        self.read_header_bytes(reader, &mut magic, 0)?;
        let kind = self.kind_of(u32::from_be_bytes(magic), expected)?;

        let mut dims_bytes = vec![0u8; 4 * kind.rank()];
        self.read_header_bytes(reader, &mut dims_bytes, 4)?;
        let dims: Vec<u32> = dims_bytes
            .chunks_exact(4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        self.check_dims(&dims)?;

        // A u32 fits in usize on the 32- and 64-bit targets nncut builds for.
        let count = dims[0] as usize;
        let item_shape = dims[1..].iter().map(|&dim| dim as usize).collect();
        Ok(IdxHeader { kind, count, item_shape })
    }

    /// The kind a magic number announces, refused if unknown or not `expected`.
    fn kind_of(&self, magic: u32, expected: Option<IdxKind>) -> Result<IdxKind, DataError> {
        let path = self.path.into();
        match (IdxKind::from_magic(magic), expected) {
            (Some(kind), None) => Ok(kind),
            (Some(kind), Some(wanted)) if kind == wanted => Ok(kind),
            (_, Some(wanted)) => {
                Err(DataError::WrongMagic { path, found: magic, expected: wanted })
            }
            (None, None) => Err(DataError::UnknownMagic { path, found: magic }),
        }
    }

    /// Items may be zero in number but not of zero size, and the data they
    /// describe must fit in memory.
    fn check_dims(&self, dims: &[u32]) -> Result<(), DataError> {
        if let Some(index) = dims.iter().skip(1).position(|&dim| dim == 0) {
            return Err(DataError::ZeroDimension { path: self.path.into(), index: index + 1 });
        }

        let data_len = dims.iter().try_fold(1u64, |len, &dim| len.checked_mul(u64::from(dim)));
        let fits_in_memory = data_len.and_then(|len| usize::try_from(len).ok()).is_some();
        if !fits_in_memory {
            return Err(DataError::TooLarge { path: self.path.into(), dims: dims.to_vec() });
        }
        Ok(())
    }

    /// Fills `buf` from the header, or says how short the content is; `offset`
    /// is how many header bytes came before.
    fn read_header_bytes(
        &self,
        reader: &mut impl Read,
        buf: &mut [u8],
        offset: u64,
    ) -> Result<(), DataError> {
        let got = read_up_to(reader, buf).map_err(|e| self.stream_error(e))?;
        if got < buf.len() {
            return Err(DataError::ShortHeader {
                path: self.path.into(),
                needed: offset + buf.len() as u64,
                present: offset + got as u64,
            });
        }
        Ok(())
    }

    fn read_data(&self, reader: &mut impl Read, header: &IdxHeader) -> Result<Vec<u8>, DataError> {
        let item_len: u64 = header.item_shape.iter().map(|&dim| dim as u64).product();
        let promised = header.count as u64 * item_len;

        match self.compression {
            Compression::None => self.read_raw_data(reader, promised, header.len()),
            Compression::Gzip => self.read_gzip_data(reader, promised),
        }
    }

    /// The file's size is known: compare before allocating, then read exactly.
    fn read_raw_data(
        &self,
        reader: &mut impl Read,
        promised: u64,
        header_len: u64,
    ) -> Result<Vec<u8>, DataError> {
        let present = self.source_len.saturating_sub(header_len);
        if present < promised {
            return Err(DataError::Truncated { path: self.path.into(), promised, present });
        }
        if present > promised {
            return Err(DataError::TrailingBytes { path: self.path.into(), promised, present });
        }

        let mut data = vec![0u8; promised as usize];
        let got = read_up_to(reader, &mut data).map_err(|e| self.stream_error(e))?;
        if (got as u64) < promised {
            return Err(DataError::Truncated {
                path: self.path.into(),
                promised,
                present: got as u64,
            });
        }
        Ok(data)
    }

    /// The decompressed size is unknown until the stream ends: refuse promises
    /// no gzip stream of this size could keep, and grow the buffer only as data
    /// arrives, reading one byte past the promise to notice trailing data.
    fn read_gzip_data(&self, reader: &mut impl Read, promised: u64) -> Result<Vec<u8>, DataError> {
        if promised > self.source_len.saturating_mul(MAX_DEFLATE_RATIO) {
            return Err(DataError::GzipCannotHold {
                path: self.path.into(),
                promised,
                compressed: self.source_len,
            });
        }

        let capacity = promised.min(MAX_INITIAL_CAPACITY) as usize;
        let mut data = Vec::with_capacity(capacity);
        reader.take(promised + 1).read_to_end(&mut data).map_err(|e| self.stream_error(e))?;

        let present = data.len() as u64;
        if present < promised {
            return Err(DataError::Truncated { path: self.path.into(), promised, present });
        }
        if present > promised {
            let more = io::copy(reader, &mut io::sink()).map_err(|e| self.stream_error(e))?;
            let present = promised + 1 + more;
            return Err(DataError::TrailingBytes { path: self.path.into(), promised, present });
        }
        Ok(data)
    }

    /// A gzip stream that stops mid-way surfaces as an unexpected end of file
    /// from the decoder; anything else it reports is corruption.
    fn stream_error(&self, error: io::Error) -> DataError {
        match (self.compression, error.kind()) {
            (Compression::Gzip, io::ErrorKind::UnexpectedEof) => {
                DataError::GzipEndedEarly { path: self.path.into() }
            }
            (Compression::Gzip, io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData) => {
                DataError::GzipCorrupt { path: self.path.into(), message: error.to_string() }
            }
            _ => read_error(self.path, error),
        }
    }
}

fn read_error(path: &Path, source: io::Error) -> DataError {
    DataError::Read { path: path.into(), cause: source }
}

fn check_labels(labels: &[u8], path: &Path) -> Result<(), DataError> {
    match labels.iter().position(|&label| label > MAX_LABEL) {
        Some(index) => {
            Err(DataError::LabelOutOfRange { path: path.into(), index, value: labels[index] })
        }
        None => Ok(()),
    }
}

/// Reads until `buf` is full or the input ends; returns how many bytes came.
fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Hashes every byte it passes on, so the digest costs no second read.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}
