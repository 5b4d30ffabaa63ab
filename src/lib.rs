//! nncut measures how modular a trained neural network is.
//!
//! The pipeline runs one way: `data` (IDX files, located and verified) ->
//! `model`/`train` (the MLP and its training) -> `graph` (a network as a layered
//! weighted graph) -> `cluster` (normalized spectral clustering and the n-cut of
//! any weighted graph) -> `experiment`/`report` (the paper's grid, tables, files).

pub mod atomic;
pub mod cluster;
pub mod data;
pub mod experiment;
pub mod graph;
pub mod model;
pub mod report;
pub mod train;
