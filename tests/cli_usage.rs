//! Usage errors of the command line: one line on stderr that names what to fix,
//! exit code 1; `--help` succeeds.

use std::process::{Command, Output};

fn nncut(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nncut")).args(args).output().unwrap()
}

fn one_line_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "stderr: {stderr}");
    assert!(output.stdout.is_empty());
    stderr
}

#[test]
fn a_missing_subcommand_lists_the_ones_to_choose_from() {
    let stderr = one_line_error(&nncut(&[]));
    assert!(stderr.contains("data, train, analyze, cluster, reproduce"), "{stderr}");

    let stderr = one_line_error(&nncut(&["data"]));
    assert!(stderr.contains("'nncut data' needs a subcommand: check, inspect, fetch"), "{stderr}");
}

#[test]
fn a_missing_argument_is_named() {
    let stderr = one_line_error(&nncut(&["train"]));

    assert!(stderr.contains("--dataset <DATASET>"), "{stderr}");
    assert!(stderr.contains("see 'nncut train --help'"), "{stderr}");
}

#[test]
fn an_unknown_flag_is_named() {
    let stderr = one_line_error(&nncut(&["reproduce", "--bogus"]));

    assert!(stderr.contains("'--bogus'"), "{stderr}");
}

#[test]
fn help_succeeds_on_stdout() {
    let output = nncut(&["reproduce", "--help"]);

    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("--seeds"));
}
