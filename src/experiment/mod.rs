//! Named configurations (the paper's grid), running them, result records.

mod analysis;
mod error;
mod grid;
mod paper;
mod record;
mod reproduce;

pub use analysis::{AnalysisSettings, MethodAnalysis, analyze};
pub use error::ExperimentError;
pub use grid::{NetworkSpec, grid};
pub use paper::{PAPER_ROWS, PaperRow, paper_row};
pub use record::{GraphMethod, MethodResult, NetworkResult, NetworkSettings};
pub use reproduce::{
    CONFIG_FILE, DataFolder, DataSource, MAX_SEEDS, RESULT_FILE, ReproduceConfig, RunEvent,
    reproduce,
};
