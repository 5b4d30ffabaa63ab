//! Graph files whose declared sizes do not match what they hold, or would need
//! more memory than a dense matrix may take: each is refused with a one-line
//! message naming the file and the sizes, before anything is allocated, and
//! the binary exits 1 instead of panicking.

use std::path::Path;
use std::process::Command;

use nncut::cluster::input::{MAX_DENSE_BYTES, read_matrix};

/// An .npy (version 1, little-endian f8, C order) with `shape` in its header
/// and `values` as its data, whatever the shape says.
fn write_npy(path: &Path, shape: &str, values: &[f64]) {
    let mut header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
    // NumPy pads the header with spaces so the data starts at a multiple of 64.
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    values.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
    std::fs::write(path, bytes).unwrap();
}

fn read_error(path: &Path) -> String {
    read_matrix(path).unwrap_err().to_string()
}

/// Runs `nncut cluster` on `path`, expecting exit 1 and one line on stderr.
fn cluster_error(path: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_nncut"))
        .args(["cluster", path.to_str().unwrap(), "--k", "2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn an_npy_header_claiming_a_huge_shape_is_refused_before_allocating() {
    let folder = tempfile::tempdir().unwrap();
    let huge = folder.path().join("huge.npy");
    write_npy(&huge, "(3000000000, 3000000000)", &[1.0; 4]);
    let overflowing = folder.path().join("overflowing.npy");
    write_npy(&overflowing, "(18446744073709551615, 18446744073709551615)", &[1.0; 4]);

    // 3e9 * 3e9 * 8 = 7.2e19 bytes, already past 2^64.
    let message = read_error(&huge);
    assert!(message.contains("huge.npy"), "{message}");
    assert!(message.contains("(3000000000, 3000000000)"), "{message}");
    assert!(message.contains("the file holds 32"), "{message}");
    let message = cluster_error(&overflowing);
    assert!(message.contains("overflowing.npy"), "{message}");
    assert!(message.contains("more than 2^64 bytes"), "{message}");
}

#[test]
fn an_npy_header_promising_less_data_than_the_file_holds_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("short_header.npy");
    write_npy(&path, "(5, 5)", &[0.5; 36]);

    let message = cluster_error(&path);

    assert!(message.contains("short_header.npy"), "{message}");
    assert!(message.contains("promises 200 bytes of data, but the file holds 288"), "{message}");
}

#[test]
fn an_npy_header_promising_more_data_than_the_file_holds_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("truncated.npy");
    write_npy(&path, "(6, 6)", &[0.5; 30]);

    let message = read_error(&path);

    assert!(message.contains("promises 288 bytes of data, but the file holds 240"), "{message}");
}

#[test]
fn a_matrix_market_size_line_over_the_dense_limit_is_refused_naming_the_bytes() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.mtx");
    let text = "%%MatrixMarket matrix coordinate real general\n100000000 100000000 1\n1 2 1.0\n";
    std::fs::write(&path, text).unwrap();

    let message = cluster_error(&path);

    assert!(message.contains("huge.mtx"), "{message}");
    assert!(message.contains("100000000 x 100000000"), "{message}");
    // 1e8 * 1e8 * 8 bytes.
    assert!(message.contains("80000000000000000 bytes"), "{message}");
    assert!(message.contains(&MAX_DENSE_BYTES.to_string()), "{message}");
}

#[test]
fn a_matrix_market_size_line_whose_bytes_overflow_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("overflow.mtx");
    let size = usize::MAX;
    let text = format!("%%MatrixMarket matrix coordinate pattern general\n{size} {size} 0\n");
    std::fs::write(&path, text).unwrap();

    let message = read_error(&path);

    assert!(message.contains("overflow.mtx"), "{message}");
    assert!(message.contains("more than 2^64 bytes"), "{message}");
}
