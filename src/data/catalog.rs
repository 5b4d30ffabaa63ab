//! Expected SHA-256 digests of the eight dataset files.
//!
//! A digest is taken over the decompressed IDX content, so a raw file and its
//! gzip-compressed copy share one. `Catalog::standard()` holds the real files'
//! digests; tests build their own catalog for the small files they write.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::dataset::{DataFile, DatasetName, Split};
use super::idx::IdxKind;

/// A SHA-256 digest, printed as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sha256Digest(pub [u8; 32]);

impl Sha256Digest {
    /// Parses 64 hex digits; `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let bytes = hex.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut digest = [0u8; 32];
        for (index, pair) in bytes.chunks_exact(2).enumerate() {
            let high = hex_value(pair[0])?;
            let low = hex_value(pair[1])?;
            digest[index] = high << 4 | low;
        }
        Some(Self(digest))
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({self})")
    }
}

impl Serialize for Sha256Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The real files' digests, as published in `datasets.sha256` (MNIST from the
/// original distribution, FashionMNIST from Zalando's release).
const STANDARD_DIGESTS: [(DatasetName, Split, IdxKind, &str); 8] = [
    (
        DatasetName::Mnist,
        Split::Train,
        IdxKind::Images,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    (
        DatasetName::Mnist,
        Split::Train,
        IdxKind::Labels,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    (
        DatasetName::Mnist,
        Split::Test,
        IdxKind::Images,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    (
        DatasetName::Mnist,
        Split::Test,
        IdxKind::Labels,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
    (
        DatasetName::FashionMnist,
        Split::Train,
        IdxKind::Images,
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    ),
    (
        DatasetName::FashionMnist,
        Split::Train,
        IdxKind::Labels,
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    ),
    (
        DatasetName::FashionMnist,
        Split::Test,
        IdxKind::Images,
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    ),
    (
        DatasetName::FashionMnist,
        Split::Test,
        IdxKind::Labels,
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    ),
];

/// Which digest each dataset file must have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    digests: BTreeMap<DataFile, Sha256Digest>,
}

impl Catalog {
    /// The digests of the real MNIST and FashionMNIST files.
    pub fn standard() -> Self {
        let mut catalog = Self::empty();
        for (dataset, split, kind, hex) in STANDARD_DIGESTS {
            let digest = Sha256Digest::from_hex(hex).expect("the embedded digests are valid hex");
            catalog = catalog.with(DataFile::new(dataset, split, kind), digest);
        }
        catalog
    }

    /// A catalog that knows no file; fill it with `with`.
    pub fn empty() -> Self {
        Self { digests: BTreeMap::new() }
    }

    /// This catalog, with `file` expected to have `digest`.
    pub fn with(mut self, file: DataFile, digest: Sha256Digest) -> Self {
        self.digests.insert(file, digest);
        self
    }

    /// The digest `file` must have, if the catalog knows it.
    pub fn expected(&self, file: DataFile) -> Option<Sha256Digest> {
        self.digests.get(&file).copied()
    }

    /// The file whose expected digest is `digest`, if any.
    pub fn identify(&self, digest: Sha256Digest) -> Option<DataFile> {
        self.digests.iter().find(|(_, known)| **known == digest).map(|(file, _)| *file)
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_catalog_covers_all_eight_files() {
        let catalog = Catalog::standard();

        for file in DataFile::all() {
            assert!(catalog.expected(file).is_some(), "{file} has no digest");
        }
    }

    #[test]
    fn digest_round_trips_through_hex() {
        let hex = STANDARD_DIGESTS[0].3;

        let digest = Sha256Digest::from_hex(hex).unwrap();

        assert_eq!(digest.to_string(), hex);
    }

    #[test]
    fn malformed_hex_is_rejected() {
        assert!(Sha256Digest::from_hex("abc").is_none());
        assert!(Sha256Digest::from_hex(&"g".repeat(64)).is_none());
    }

    #[test]
    fn identify_finds_the_file_a_digest_belongs_to() {
        let catalog = Catalog::standard();
        let file = DataFile::new(DatasetName::FashionMnist, Split::Test, IdxKind::Labels);

        let digest = catalog.expected(file).unwrap();

        assert_eq!(catalog.identify(digest), Some(file));
    }
}
