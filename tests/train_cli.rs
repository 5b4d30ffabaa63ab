//! `nncut train` refuses bad settings with one line naming the parameter, and
//! missing data with one line naming what it looked for; exit code 1, no panic.

#[path = "common/cli.rs"]
mod cli;

use std::process::{Command, Output};

fn nncut_train(args: &[&str], data_dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nncut"))
        .arg("train")
        .args(["--dataset", "mnist", "--data-dir"])
        .arg(data_dir)
        .args(args)
        .env_remove("NNCUT_DATA")
        .output()
        .unwrap()
}

fn assert_one_line_error(output: &Output, expected: &str) {
    let stderr = cli::one_line_error(output);
    assert!(stderr.starts_with("error"), "stderr: {stderr}");
    assert!(stderr.contains(expected), "expected '{expected}' in: {stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_settings_fail_before_any_data_is_read() {
    let empty = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["--dropout", "1.5"], "dropout: 1.5 is outside [0, 1)"),
        (&["--dropout", "1"], "dropout: 1 is outside [0, 1)"),
        (&["--epochs", "0"], "epochs: must be at least 1"),
        (&["--hidden", "256,0"], "layer sizes: size 2 is 0"),
        (&["--learning-rate", "0"], "learning rate: must be positive"),
    ];

    for (args, expected) in cases {
        assert_one_line_error(&nncut_train(args, empty.path()), expected);
    }
}

#[test]
fn unknown_activation_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let output = nncut_train(&["--activation", "softplus"], empty.path());

    assert_one_line_error(&output, "softplus");
}

#[test]
fn missing_data_is_one_line_naming_the_split() {
    let empty = tempfile::tempdir().unwrap();
    let output = nncut_train(&["--epochs", "1"], empty.path());

    assert_one_line_error(&output, "loading the mnist train split");
}

#[test]
fn an_out_folder_that_holds_files_is_refused_before_training() {
    let empty = tempfile::tempdir().unwrap();
    let earlier_run = tempfile::tempdir().unwrap();
    std::fs::write(earlier_run.path().join("model.safetensors"), b"weights").unwrap();
    let out = earlier_run.path().to_str().unwrap();

    let output = nncut_train(&["--epochs", "1", "--out", out], empty.path());

    assert_one_line_error(&output, "already holds files");
    let kept = std::fs::read(earlier_run.path().join("model.safetensors")).unwrap();
    assert_eq!(kept, b"weights");
}

#[test]
fn an_out_path_that_is_a_file_is_refused_before_training() {
    let empty = tempfile::tempdir().unwrap();
    let file = empty.path().join("notes.txt");
    std::fs::write(&file, b"mine").unwrap();

    let output = nncut_train(&["--out", file.to_str().unwrap()], empty.path());

    assert_one_line_error(&output, "is a file, not a folder");
}
