//! Tables and result files: the paper's Tables 1 and 2 beside this run's
//! numbers, and the verdicts on the paper's claims.

mod claims;
mod files;
mod summary;
mod tables;

pub use claims::{Claim, ClaimCheck, Verdict, check_claims};
pub use files::{RESULTS_FILE, ReportError, TABLES_FILE, write_report};
pub use summary::{SettingRow, Spread, setting_rows};
pub use tables::render;
