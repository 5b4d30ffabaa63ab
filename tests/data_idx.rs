//! The IDX reader on small files built here: good files load, and every kind
//! of bad file is refused with a message naming the problem.

#[path = "common/data_fixtures.rs"]
mod data_fixtures;

use data_fixtures::{IMAGES_MAGIC, LABELS_MAGIC, gzip, idx_bytes, images, labels, sha256, write};
use nncut::data::{Compression, DataError, IdxKind, read_idx};

#[test]
fn raw_images_file_loads_with_header_and_digest() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = images(3, 2, 4);
    let path = write(dir.path(), "images", &bytes);

    let idx = read_idx(&path, Some(IdxKind::Images)).unwrap();

    assert_eq!(idx.header.kind, IdxKind::Images);
    assert_eq!(idx.header.count, 3);
    assert_eq!(idx.header.item_shape, vec![2, 4]);
    assert_eq!(idx.compression, Compression::None);
    assert_eq!(idx.data, bytes[16..]);
    assert_eq!(idx.sha256, sha256(&bytes));
}

#[test]
fn gzip_file_without_gz_in_its_name_loads() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = images(5, 3, 3);
    let path = write(dir.path(), "train-images-idx3-ubyte", &gzip(&bytes));

    let idx = read_idx(&path, Some(IdxKind::Images)).unwrap();

    assert_eq!(idx.compression, Compression::Gzip);
    assert_eq!(idx.header.count, 5);
    assert_eq!(idx.data, bytes[16..]);
}

#[test]
fn raw_file_named_gz_loads_as_raw() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "labels.gz", &labels(&[1, 2]));

    let idx = read_idx(&path, None).unwrap();

    assert_eq!(idx.compression, Compression::None);
    assert_eq!(idx.header.kind, IdxKind::Labels);
}

#[test]
fn digest_is_of_the_decompressed_content() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = labels(&[0, 9, 4, 4]);
    let raw = write(dir.path(), "raw", &bytes);
    let packed = write(dir.path(), "packed", &gzip(&bytes));

    let raw_digest = read_idx(&raw, None).unwrap().sha256;
    let packed_digest = read_idx(&packed, None).unwrap().sha256;

    assert_eq!(raw_digest, sha256(&bytes));
    assert_eq!(packed_digest, raw_digest);
}

#[test]
fn truncated_data_error_says_bytes_promised_and_present() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = images(3, 2, 2);
    bytes.truncate(16 + 7);
    let path = write(dir.path(), "cut", &bytes);

    let error = read_idx(&path, Some(IdxKind::Images)).unwrap_err();

    assert!(matches!(error, DataError::Truncated { promised: 12, present: 7, .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("promises 12 bytes"), "{message}");
    assert!(message.contains("7 are present"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
}

#[test]
fn gzip_with_too_little_data_inside_says_bytes_promised_and_present() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = images(3, 2, 2);
    bytes.truncate(16 + 5);
    let path = write(dir.path(), "short", &gzip(&bytes));

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::Truncated { promised: 12, present: 5, .. }), "{error:?}");
}

#[test]
fn gzip_stream_cut_short_says_it_ended_early() {
    let dir = tempfile::tempdir().unwrap();
    let packed = gzip(&images(50, 28, 28));
    let path = write(dir.path(), "cut.gz", &packed[..packed.len() / 2]);

    let error = read_idx(&path, Some(IdxKind::Images)).unwrap_err();

    assert!(matches!(error, DataError::GzipEndedEarly { .. }), "{error:?}");
    assert!(error.to_string().contains("gzip stream ended early"), "{error}");
}

#[test]
fn gzip_stream_missing_only_its_trailer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let packed = gzip(&labels(&[1, 2, 3]));
    let path = write(dir.path(), "no-trailer", &packed[..packed.len() - 4]);

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::GzipEndedEarly { .. }), "{error:?}");
}

#[test]
fn corrupt_gzip_stream_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut packed = gzip(&images(4, 8, 8));
    let last = packed.len() - 1;
    packed[last - 6] ^= 0xff;
    packed[last] ^= 0xff;
    let path = write(dir.path(), "corrupt", &packed);

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::GzipCorrupt { .. }), "{error:?}");
}

#[test]
fn little_endian_header_names_the_magic_found_and_expected() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = IMAGES_MAGIC.to_le_bytes().to_vec();
    for dim in [60_000u32, 28, 28] {
        bytes.extend_from_slice(&dim.to_le_bytes());
    }
    bytes.extend_from_slice(&[0; 64]);
    let path = write(dir.path(), "little-endian", &bytes);

    let error = read_idx(&path, Some(IdxKind::Images)).unwrap_err();

    assert!(matches!(error, DataError::WrongMagic { found: 0x0308_0000, .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("0x03080000"), "{message}");
    assert!(message.contains("expected 0x00000803"), "{message}");
    assert!(message.contains("little-endian"), "{message}");
}

#[test]
fn labels_file_where_images_are_expected_names_both_magics() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "labels", &labels(&[3, 1, 4]));

    let error = read_idx(&path, Some(IdxKind::Images)).unwrap_err();

    let message = error.to_string();
    assert!(message.contains("0x00000801 (labels)"), "{message}");
    assert!(message.contains("expected 0x00000803 (images)"), "{message}");
}

#[test]
fn label_value_twelve_names_its_index_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "labels", &labels(&[0, 9, 12, 3]));

    let error = read_idx(&path, Some(IdxKind::Labels)).unwrap_err();

    assert!(matches!(error, DataError::LabelOutOfRange { index: 2, value: 12, .. }), "{error:?}");
    assert!(error.to_string().contains("label 2 is 12"), "{error}");
}

#[test]
fn empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty", b"");

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::Empty { .. }), "{error:?}");
    assert!(error.to_string().contains("empty"), "{error}");
}

#[test]
fn ten_byte_file_is_too_short_for_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = &images(1, 1, 1)[..10];
    let path = write(dir.path(), "ten", bytes);

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::ShortHeader { needed: 16, present: 10, .. }), "{error:?}");
}

#[test]
fn text_file_is_not_an_idx_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notes.txt", b"these are not the images you are looking for\n");

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::UnknownMagic { found: 0x7468_6573, .. }), "{error:?}");
    assert!(error.to_string().contains("not an IDX magic"), "{error}");
}

#[test]
fn missing_file_names_the_path() {
    let error = read_idx("/nonexistent/nncut-idx".as_ref(), None).unwrap_err();

    assert!(matches!(error, DataError::Open { .. }), "{error:?}");
    assert!(error.to_string().starts_with("/nonexistent/nncut-idx: cannot open"), "{error}");
}

#[test]
fn trailing_bytes_after_the_data_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = labels(&[1, 2, 3]);
    bytes.extend_from_slice(b"xyz");
    let raw = write(dir.path(), "raw", &bytes);
    let packed = write(dir.path(), "packed", &gzip(&bytes));

    let raw_error = read_idx(&raw, None).unwrap_err();
    let packed_error = read_idx(&packed, None).unwrap_err();

    assert!(matches!(raw_error, DataError::TrailingBytes { promised: 3, present: 6, .. }));
    assert!(
        matches!(packed_error, DataError::TrailingBytes { promised: 3, present: 6, .. }),
        "{packed_error:?}"
    );
}

/// A header promising terabytes must fail on its sizes, never by allocating.
#[test]
fn huge_promised_size_is_refused_before_allocating() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = idx_bytes(IMAGES_MAGIC, &[u32::MAX, 28, 28], &[0; 100]);
    let raw = write(dir.path(), "raw", &bytes);
    let packed = write(dir.path(), "packed", &gzip(&bytes));

    let raw_error = read_idx(&raw, None).unwrap_err();
    let packed_error = read_idx(&packed, None).unwrap_err();

    assert!(matches!(raw_error, DataError::Truncated { present: 100, .. }), "{raw_error:?}");
    assert!(matches!(packed_error, DataError::GzipCannotHold { .. }), "{packed_error:?}");
}

#[test]
fn dimensions_overflowing_memory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "overflow", &idx_bytes(IMAGES_MAGIC, &[u32::MAX; 3], &[]));

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::TooLarge { .. }), "{error:?}");
}

#[test]
fn zero_image_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "zero", &idx_bytes(IMAGES_MAGIC, &[4, 0, 28], &[]));

    let error = read_idx(&path, None).unwrap_err();

    assert!(matches!(error, DataError::ZeroDimension { index: 1, .. }), "{error:?}");
}

#[test]
fn unsupported_idx_type_is_refused_by_its_magic() {
    let dir = tempfile::tempdir().unwrap();
    let float_labels = idx_bytes(0x0000_0d01, &[1], &[0; 4]);
    let path = write(dir.path(), "floats", &float_labels);

    let error = read_idx(&path, Some(IdxKind::Labels)).unwrap_err();

    assert!(matches!(error, DataError::WrongMagic { found: 0x0000_0d01, .. }), "{error:?}");
    assert!(error.to_string().contains(&format!("expected 0x{LABELS_MAGIC:08x}")), "{error}");
}
