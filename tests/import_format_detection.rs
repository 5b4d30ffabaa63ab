//! Telling safetensors files from PyTorch's own formats by their first bytes.
//!
//! A safetensors file opens with its header length as a little-endian u64, so
//! its first byte is 0x80 whenever that length is 128 mod 256 (nncut's own
//! `nncut train --hidden 170,170,170,170,170` writes one), and its first two
//! bytes are 0x80 0x02, like a protocol-2 pickle's, for a length of 640. Such
//! files must import; real pickles and zip archives must still be refused.

use std::path::Path;

use nncut::model::import::{ImportError, read_safetensors};

/// A one-layer network, fc1: 2 inputs -> 3 outputs, weight[o][i] = o * 2 + i
/// and bias[o] = -o, as a safetensors file whose JSON header is padded with
/// spaces to exactly `header_length` bytes.
fn safetensors_bytes(header_length: usize) -> Vec<u8> {
    let mut header =
        String::from(r#"{"fc1.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"#);
    header.push_str(r#""fc1.bias":{"dtype":"F32","shape":[3],"data_offsets":[24,36]}}"#);
    assert!(header.len() <= header_length, "header too long for the test");
    header.extend(std::iter::repeat_n(' ', header_length - header.len()));

    let mut bytes = (header_length as u64).to_le_bytes().to_vec();
    bytes.extend(header.as_bytes());
    for value in (0..6).map(|v| v as f32).chain((0..3).map(|o| -(o as f32))) {
        bytes.extend(value.to_le_bytes());
    }
    bytes
}

fn write(folder: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_safetensors_header_length_of_128_mod_256_imports_fine() {
    let folder = tempfile::tempdir().unwrap();

    for header_length in [128, 384, 640, 896] {
        let bytes = safetensors_bytes(header_length);
        assert_eq!(bytes[0], 0x80);
        let path = write(folder.path(), &format!("h{header_length}.safetensors"), &bytes);

        let imported = read_safetensors(&path)
            .unwrap_or_else(|error| panic!("header length {header_length}: {error}"));

        assert_eq!(imported.layers.len(), 1);
        let layer = &imported.layers[0];
        assert_eq!((layer.inputs, layer.outputs), (2, 3));
        assert_eq!(layer.weight, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(layer.bias, [0.0, -1.0, -2.0]);
    }
}

#[test]
fn a_legacy_pickle_is_still_refused_as_pytorch() {
    let folder = tempfile::tempdir().unwrap();
    // What torch.save(..., _use_new_zipfile_serialization=False) writes first:
    // PROTO 2, then the LONG1-pickled magic number 0x1950a86a20f9469cfc6c.
    let pickle = b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19.\x80\x02M\xe9\x03.";
    let path = write(folder.path(), "legacy.pt", pickle);

    let error = read_safetensors(&path).unwrap_err();

    assert!(matches!(error, ImportError::PytorchPickle { .. }), "{error}");
}

#[test]
fn a_zip_archive_is_still_refused_as_pytorch() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "archive.pt", b"PK\x03\x04\x00\x00\x08\x08\x00\x00");

    let error = read_safetensors(&path).unwrap_err();

    assert!(matches!(error, ImportError::PytorchPickle { .. }), "{error}");
}

#[test]
fn a_0x80_file_that_is_neither_format_is_reported_as_corrupt_safetensors() {
    let folder = tempfile::tempdir().unwrap();
    // 0x80 followed by a byte that is no pickle protocol, and no JSON header.
    let path = write(folder.path(), "noise.safetensors", b"\x80\x00\x00\x00\x00\x00\x00\x00[]");

    let error = read_safetensors(&path).unwrap_err();

    assert!(matches!(error, ImportError::Corrupt { .. }), "{error}");
}

#[test]
fn a_missing_file_names_the_path_once_and_leaves_the_cause_to_the_source() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("absent.safetensors");

    let error = read_safetensors(&path).unwrap_err();

    assert_eq!(error.to_string(), format!("cannot read {}", path.display()));
    let source = std::error::Error::source(&error).expect("the I/O error is the source");
    assert!(source.downcast_ref::<std::io::Error>().is_some());
}
