//! `nncut data`: check, inspect and fetch the datasets.

use clap::{Args, Subcommand};

use super::Context;

#[derive(Args)]
pub struct DataArgs {
    #[command(subcommand)]
    command: DataCommand,
}

#[derive(Subcommand)]
enum DataCommand {
    /// Report, for each dataset and split, where it was found and whether it verified.
    Check,
}

pub fn run(args: DataArgs, _context: &Context) -> anyhow::Result<()> {
    match args.command {
        DataCommand::Check => anyhow::bail!("'nncut data check' is not built yet"),
    }
}
