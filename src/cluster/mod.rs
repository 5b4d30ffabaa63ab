//! Normalized spectral clustering and the n-cut of any weighted graph.
//!
//! Knows nothing of neural networks: anything that implements
//! [`WeightedGraph`] (degrees and products with its adjacency) can be clustered
//! with [`spectral_clustering`] and scored with [`normalized_cut`]. [`input`]
//! reads dense graphs from .npy, .csv and Matrix Market files.

mod error;
mod graph;
pub mod input;
mod kmeans;
mod ncut;
mod partition;
mod sparse;
pub mod spectral;

pub use error::ClusterError;
pub use graph::{
    Components, DenseGraph, SPARSE_MAX_DENSITY, SYMMETRY_TOLERANCE, Symmetry, WeightedGraph,
};
pub use kmeans::{KMeans, MAX_ITERATIONS, kmeans};
pub use ncut::{ClusterCut, CutSummary, normalized_cut};
pub use partition::{ClusterParams, MAX_RESTARTS, Partition, spectral_clustering};
pub use sparse::SparseRows;
pub use spectral::{Solver, SolverChoice, Spectrum, UsableNodes};
