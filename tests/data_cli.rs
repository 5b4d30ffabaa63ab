//! `nncut data inspect` and `nncut data check` as a user runs them: results on
//! stdout, and for a bad file exit code 1 with one line on stderr naming it.

#[path = "common/data_fixtures.rs"]
mod data_fixtures;

use std::path::Path;
use std::process::Command;

use data_fixtures::{IMAGES_MAGIC, gzip, images, labels, write};

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn nncut(args: &[&str], data_env: Option<&Path>) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nncut"));
    command.args(args).env_remove("NNCUT_DATA");
    if let Some(dir) = data_env {
        command.env("NNCUT_DATA", dir);
    }
    let output = command.output().unwrap();
    Outcome {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Inspecting `bytes` fails with exit 1 and one stderr line naming the file and `problem`.
fn assert_inspect_refuses(name: &str, bytes: &[u8], problem: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, bytes);

    let outcome = nncut(&["data", "inspect", path.to_str().unwrap()], None);

    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains(path.to_str().unwrap()), "{}", outcome.stderr);
    assert!(outcome.stderr.contains(problem), "{}", outcome.stderr);
    assert!(outcome.stdout.is_empty());
}

#[test]
fn inspect_prints_kind_count_shape_and_compression() {
    let dir = tempfile::tempdir().unwrap();
    let image_path = write(dir.path(), "images", &gzip(&images(4, 28, 28)));
    let label_path = write(dir.path(), "labels", &labels(&[1, 2, 3, 4]));

    let outcome = nncut(
        &["data", "inspect", image_path.to_str().unwrap(), label_path.to_str().unwrap()],
        None,
    );

    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("images, 4 x 28x28, gzip"), "{}", lines[0]);
    assert!(lines[1].contains("labels, 4, raw"), "{}", lines[1]);
}

#[test]
fn inspect_json_is_one_object_with_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "images", &images(2, 3, 5));

    let outcome = nncut(&["--json", "data", "inspect", path.to_str().unwrap()], None);

    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let value: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let file = &value["files"][0];
    assert_eq!(file["kind"], "images");
    assert_eq!(file["count"], 2);
    assert_eq!(file["item_shape"], serde_json::json!([3, 5]));
    assert_eq!(file["compression"], "none");
    assert_eq!(file["known_as"], serde_json::Value::Null);
}

#[test]
fn inspect_refuses_an_empty_file() {
    assert_inspect_refuses("empty", b"", "empty");
}

#[test]
fn inspect_refuses_a_ten_byte_file() {
    assert_inspect_refuses("ten", &images(1, 1, 1)[..10], "too short for an IDX header");
}

#[test]
fn inspect_refuses_a_text_file() {
    assert_inspect_refuses(
        "readme.txt",
        b"MNIST lives elsewhere\nsecond line\n",
        "not an IDX magic",
    );
}

#[test]
fn inspect_refuses_a_truncated_file() {
    let bytes = &images(2, 4, 4)[..16 + 20];
    assert_inspect_refuses("cut", bytes, "promises 32 bytes of data, 20 are present");
}

#[test]
fn inspect_refuses_a_gzip_stream_cut_short() {
    let packed = gzip(&images(40, 28, 28));
    assert_inspect_refuses("cut.gz", &packed[..packed.len() / 3], "gzip stream ended early");
}

#[test]
fn inspect_refuses_a_little_endian_header() {
    let mut bytes = IMAGES_MAGIC.to_le_bytes().to_vec();
    bytes.extend_from_slice(&[1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 9, 9, 9, 9]);
    assert_inspect_refuses("le", &bytes, "magic number 0x03080000");
}

#[test]
fn inspect_refuses_a_label_of_twelve() {
    assert_inspect_refuses("labels", &labels(&[5, 12]), "label 1 is 12");
}

#[test]
fn inspect_reports_every_file_and_one_line_per_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good", &labels(&[1]));
    let empty = write(dir.path(), "empty", b"");
    let text = write(dir.path(), "text", b"hello world, not idx");
    let paths = [&good, &empty, &text].map(|path| path.to_str().unwrap().to_string());

    let outcome = nncut(&["data", "inspect", &paths[0], &paths[1], &paths[2]], None);

    assert_eq!(outcome.code, 1);
    assert!(outcome.stdout.contains("labels, 1"), "{}", outcome.stdout);
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", outcome.stderr);
    assert!(lines[0].contains("empty") && lines[1].contains("text"), "{}", outcome.stderr);
}

#[test]
fn inspect_of_a_missing_file_names_it() {
    let outcome = nncut(&["data", "inspect", "/nonexistent/nncut-file"], None);

    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("/nonexistent/nncut-file: cannot open"), "{}", outcome.stderr);
}

#[test]
fn check_of_an_empty_data_dir_fails_and_points_to_the_fetch_script() {
    let dir = tempfile::tempdir().unwrap();

    let outcome = nncut(&["data", "check", "--data-dir", dir.path().to_str().unwrap()], None);

    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stdout.lines().count(), 8, "{}", outcome.stdout);
    let mnist_lines: Vec<&str> =
        outcome.stdout.lines().filter(|line| line.starts_with("mnist ")).collect();
    assert_eq!(mnist_lines.len(), 4);
    assert!(mnist_lines.iter().all(|line| line.contains("missing")), "{}", outcome.stdout);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("run scripts/fetch-data.sh"), "{}", outcome.stderr);
}

#[test]
fn check_reports_a_file_that_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "mnist/t10k-labels-idx1-ubyte", &labels(&[1, 2, 3]));

    let outcome =
        nncut(&["--json", "data", "check", "--data-dir", dir.path().to_str().unwrap()], None);

    assert_eq!(outcome.code, 1);
    let value: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(value["all_verified"], false);
    let files = value["files"].as_array().unwrap();
    assert_eq!(files.len(), 8);
    let labels = files
        .iter()
        .find(|f| f["dataset"] == "mnist" && f["split"] == "test" && f["kind"] == "labels")
        .unwrap();
    assert_eq!(labels["status"], "failed");
    assert_eq!(labels["count"], 3);
    assert!(labels["problem"].as_str().unwrap().contains("SHA-256"));
}

#[test]
fn check_uses_nncut_data_unless_data_dir_is_given() {
    let from_env = tempfile::tempdir().unwrap();
    let from_flag = tempfile::tempdir().unwrap();

    let env_only = nncut(&["--json", "data", "check"], Some(from_env.path()));
    let both = nncut(
        &["--json", "data", "check", "--data-dir", from_flag.path().to_str().unwrap()],
        Some(from_env.path()),
    );

    let data_dir = |outcome: &Outcome| {
        let value: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
        value["data_dir"].as_str().unwrap().to_string()
    };
    assert_eq!(data_dir(&env_only), from_env.path().to_str().unwrap());
    assert_eq!(data_dir(&both), from_flag.path().to_str().unwrap());
}

#[test]
fn fetch_with_a_mirror_needs_exactly_one_dataset() {
    let outcome = nncut(&["data", "fetch", "--mirror", "http://127.0.0.1:0/"], None);

    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("--mirror needs exactly one --dataset"), "{}", outcome.stderr);
}

#[test]
fn fetch_refuses_a_mirror_that_is_not_http() {
    let outcome =
        nncut(&["data", "fetch", "--dataset", "mnist", "--mirror", "ftp://example.org/"], None);

    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("not an http:// or https:// URL"), "{}", outcome.stderr);
}
