//! Tables and result files.
