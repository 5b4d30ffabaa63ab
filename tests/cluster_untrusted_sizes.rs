//! Graph files whose declared sizes do not match what they hold, or would need
//! more memory than a dense matrix may take: each is refused with a one-line
//! message naming the file and the sizes, before anything is allocated, and
//! the binary exits 1 instead of panicking.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/npy.rs"]
mod npy;

use std::path::Path;

use cli::{nncut, one_line_error};
use nncut::cluster::input::{MAX_DENSE_BYTES, read_matrix};
use npy::write_npy;

fn read_error(path: &Path) -> String {
    read_matrix(path).unwrap_err().to_string()
}

/// Runs `nncut cluster` on `path`, expecting exit 1 and one line on stderr.
fn cluster_error(path: &Path) -> String {
    one_line_error(&nncut(&["cluster", path.to_str().unwrap(), "--k", "2"]))
}

#[test]
fn an_npy_header_claiming_a_huge_shape_is_refused_before_allocating() {
    let folder = tempfile::tempdir().unwrap();
    let huge = folder.path().join("huge.npy");
    write_npy(&huge, "<f8", false, "(3000000000, 3000000000)", &[1.0; 4]);
    let overflowing = folder.path().join("overflowing.npy");
    write_npy(
        &overflowing,
        "<f8",
        false,
        "(18446744073709551615, 18446744073709551615)",
        &[1.0; 4],
    );

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
    write_npy(&path, "<f8", false, "(5, 5)", &[0.5; 36]);

    let message = cluster_error(&path);

    assert!(message.contains("short_header.npy"), "{message}");
    assert!(message.contains("promises 200 bytes of data, but the file holds 288"), "{message}");
}

#[test]
fn an_npy_header_promising_more_data_than_the_file_holds_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("truncated.npy");
    write_npy(&path, "<f8", false, "(6, 6)", &[0.5; 30]);

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
