//! Named configurations (the paper's grid), running them, result records.

mod grid;
mod paper;
mod record;

pub use grid::{NetworkSpec, enum_name, grid};
pub use paper::{PAPER_ROWS, PaperRow, paper_row};
pub use record::{GraphMethod, MethodResult, NetworkResult};
