//! The `nncut` command line: parses the arguments, runs one subcommand, and turns
//! any error into one line on stderr and exit code 1.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Measure how modular a trained neural network is: turn it into a weighted
/// graph, split it with normalized spectral clustering, and report the n-cut.
#[derive(Parser)]
#[command(name = "nncut", version, propagate_version = true)]
struct Cli {
    /// Print one machine-readable JSON object on stdout (human text stays on stderr).
    #[arg(long, global = true)]
    json: bool,

    /// Explain decisions on stderr (which files were used, what was skipped).
    #[arg(short, long, global = true)]
    verbose: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check, inspect or fetch the MNIST and FashionMNIST files.
    Data(cli::data::DataArgs),
    /// Train an MLP on MNIST or FashionMNIST and write its run folder.
    Train(cli::train::TrainArgs),
    /// A trained network's n-cut, by its weights and/or its neurons' Spearman correlations.
    Analyze(cli::analyze::AnalyzeArgs),
    /// Cluster any weighted graph given as an adjacency matrix file; report its n-cut.
    Cluster(cli::cluster::ClusterArgs),
    /// Reproduce the paper's Tables 1 and 2: train its eight networks, measure both n-cuts.
    Reproduce(cli::reproduce::ReproduceArgs),
}

fn main() -> ExitCode {
    cli::enable_flush_to_zero();

    let parsed = match Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(error) => return cli::report_usage_error(error),
    };
    let context = cli::Context::new(parsed.json, parsed.verbose);

    let result = match parsed.command {
        Command::Data(args) => cli::data::run(args, &context),
        Command::Train(args) => cli::train::run(args, &context),
        Command::Analyze(args) => cli::analyze::run(args, &context),
        Command::Cluster(args) => cli::cluster::run(args, &context),
        Command::Reproduce(args) => cli::reproduce::run(args, &context),
    };

    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => cli::report_error(&error),
    }
}
