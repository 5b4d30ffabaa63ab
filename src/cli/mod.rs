//! What every subcommand shares: output mode, the stderr logger, progress bars,
//! and the one-line error report.

pub mod analyze;
pub mod cluster;
pub mod data;
pub mod reproduce;
pub mod train;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

/// The clustering options that `analyze` and `cluster` share.
#[derive(clap::Args)]
pub struct ClusteringArgs {
    /// Number of clusters.
    #[arg(long, default_value_t = 4)]
    pub k: usize,

    /// Seed of every random choice (eigensolver start vector, k-means seeding).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// k-means runs from different seeds; the lowest inertia is kept.
    #[arg(long, default_value_t = 10)]
    pub restarts: usize,
}

/// How a subcommand should speak: JSON on stdout or text, and how much on stderr.
pub struct Context {
    pub json: bool,
}

impl Context {
    pub fn new(json: bool, verbose: bool) -> Self {
        let level = if verbose { log::LevelFilter::Debug } else { log::LevelFilter::Info };
        let _ = log::set_boxed_logger(Box::new(StderrLogger)).map(|()| log::set_max_level(level));
        Self { json }
    }

    /// Prints `value` as one JSON object on stdout.
    pub fn print_json<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, value)?;
        writeln!(stdout)?;
        Ok(())
    }

    /// A progress bar on stderr when it is a terminal; hidden otherwise, so
    /// piped or logged output is never garbled.
    pub fn progress_bar(&self, length: u64, message: &str) -> ProgressBar {
        if !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}<{eta}")
            .expect("the progress template is valid")
            .progress_chars("=> ");
        ProgressBar::new(length).with_style(style).with_message(message.to_string())
    }
}

/// Writes log records to stderr: info plainly, debug and warnings with their level.
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        match record.level() {
            log::Level::Info => eprintln!("{}", record.args()),
            level => eprintln!("{}: {}", level.as_str().to_lowercase(), record.args()),
        }
    }

    fn flush(&self) {}
}

/// A failure whose lines a subcommand has already printed (one per bad input);
/// it only sets the exit code.
#[derive(Debug)]
pub struct AlreadyReported;

impl std::fmt::Display for AlreadyReported {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("already reported")
    }
}

impl std::error::Error for AlreadyReported {}

/// Prints an error and its causes on one line; exit code 1.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    if error.is::<AlreadyReported>() {
        return ExitCode::from(1);
    }
    let chain: Vec<String> = error.chain().map(|cause| cause.to_string()).collect();
    eprintln!("error: {}", chain.join(": "));
    ExitCode::from(1)
}

/// `--help` and `--version` print and succeed; any other parse error is said in
/// one line with a pointer to the command's `--help`, exit code 1.
pub fn report_usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;

    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }

    let rendered = error.render().to_string();
    let command = usage_command(&rendered);
    let message = if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        format!("error: '{command}' needs a subcommand: {}", subcommands(&rendered).join(", "))
    } else {
        error_lines(&rendered)
    };
    eprintln!("{message} (see '{command} --help')");
    ExitCode::from(1)
}

/// The command a clap message is about, from its "Usage:" line ("nncut train").
fn usage_command(rendered: &str) -> String {
    let usage = rendered.lines().find_map(|line| line.trim().strip_prefix("Usage: "));
    let words = usage.unwrap_or("nncut").split_whitespace();
    let command: Vec<&str> = words.take_while(|word| !word.starts_with(['[', '<', '-'])).collect();
    command.join(" ")
}

/// The subcommands a help text lists under "Commands:", without "help".
fn subcommands(rendered: &str) -> Vec<String> {
    let listed = rendered.lines().skip_while(|line| !line.starts_with("Commands:")).skip(1);
    listed
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The lines of a clap error before its usage section, joined into one line.
fn error_lines(rendered: &str) -> String {
    let lines = rendered.lines().take_while(|line| !line.starts_with("Usage:"));
    let kept: Vec<&str> = lines
        .map(str::trim)
        .filter(|line| {
            !line.is_empty() && !line.starts_with("tip:") && !line.starts_with("For more")
        })
        .collect();
    if kept.is_empty() { "error: invalid arguments".to_string() } else { kept.join(" ") }
}

/// Subnormal floats make training 15-50% slower once Adam's moments become tiny;
/// flushing them to zero (FTZ and DAZ in MXCSR) changes no result that matters.
pub fn enable_flush_to_zero() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: reading and writing MXCSR only changes how this thread rounds
    // subnormal floats; SSE is always present on x86_64.
    #[allow(deprecated)]
    unsafe {
        use std::arch::x86_64::{_mm_getcsr, _mm_setcsr};
        const FLUSH_TO_ZERO: u32 = 1 << 15;
        const DENORMALS_ARE_ZERO: u32 = 1 << 6;
        _mm_setcsr(_mm_getcsr() | FLUSH_TO_ZERO | DENORMALS_ARE_ZERO);
    }
}
