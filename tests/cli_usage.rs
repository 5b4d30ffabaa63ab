//! Usage errors of the command line: one line on stderr that names what to fix,
//! exit code 1; `--help` succeeds.

#[path = "common/cli.rs"]
mod cli;

use std::process::Output;

use cli::nncut;

/// A usage error: one line on stderr, exit code 1, nothing on stdout.
fn usage_error(output: &Output) -> String {
    assert!(output.stdout.is_empty());
    cli::one_line_error(output)
}

#[test]
fn a_missing_subcommand_lists_the_ones_to_choose_from() {
    let stderr = usage_error(&nncut(&[]));
    assert!(stderr.contains("data, train, analyze, cluster, reproduce"), "{stderr}");

    let stderr = usage_error(&nncut(&["data"]));
    assert!(stderr.contains("'nncut data' needs a subcommand: check, inspect, fetch"), "{stderr}");
}

#[test]
fn a_missing_argument_is_named() {
    let stderr = usage_error(&nncut(&["train"]));

    assert!(stderr.contains("--dataset <DATASET>"), "{stderr}");
    assert!(stderr.contains("see 'nncut train --help'"), "{stderr}");
}

#[test]
fn an_unknown_flag_is_named() {
    let stderr = usage_error(&nncut(&["reproduce", "--bogus"]));

    assert!(stderr.contains("'--bogus'"), "{stderr}");
}

#[test]
fn help_succeeds_on_stdout() {
    let output = nncut(&["reproduce", "--help"]);

    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("--seeds"));
}
