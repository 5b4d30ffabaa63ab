//! Running the `nncut` binary from integration tests, and the shape every
//! user error must have: exit code 1 and one line on stderr.

#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `nncut ARGS` and waits for it.
pub fn nncut(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nncut")).args(args).output().unwrap()
}

/// Asserts that `output` is a failure with exit code 1 said in one line on
/// stderr; returns that line.
pub fn one_line_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "stderr: {stderr}");
    stderr
}
