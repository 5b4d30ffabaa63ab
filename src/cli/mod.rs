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

/// Prints an error and its causes on one line; exit code 1.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    let chain: Vec<String> = error.chain().map(|cause| cause.to_string()).collect();
    eprintln!("error: {}", chain.join(": "));
    ExitCode::from(1)
}

/// `--help` and `--version` print and succeed; any other parse error prints its
/// first line with a pointer to `--help` and exits 1.
pub fn report_usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;

    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = error.print();
        return ExitCode::from(1);
    }

    let rendered = error.render().to_string();
    let first_line = rendered.lines().next().unwrap_or("invalid arguments");
    eprintln!("{first_line} (see 'nncut --help')");
    ExitCode::from(1)
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
