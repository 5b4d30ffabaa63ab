//! `nncut train` refuses bad settings with one line naming the parameter, and
//! missing data with one line naming what it looked for; exit code 1, no panic.

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
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "stderr: {stderr}");
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
