//! Version-1 .npy files written by hand, so a test controls every byte of the
//! header, including shapes that do not match the data.

#![allow(dead_code)]

use std::path::Path;

/// Writes `values` as little-endian `descr` ("<f4" or "<f8") data under a
/// header that declares `shape` (Python tuple text) and `fortran_order`.
pub fn write_npy(path: &Path, descr: &str, fortran: bool, shape: &str, values: &[f64]) {
    let order = if fortran { "True" } else { "False" };
    let mut header =
        format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}");
    // NumPy pads the header with spaces so the data starts at a multiple of 64.
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');

    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    for &value in values {
        match descr {
            "<f4" => bytes.extend((value as f32).to_le_bytes()),
            _ => bytes.extend(value.to_le_bytes()),
        }
    }
    std::fs::write(path, bytes).unwrap();
}
