//! A network as a layered weighted graph, built from its weights or from the
//! Spearman correlations of its neurons' values.

mod composition;
mod error;
mod layered;
mod spearman;
mod weights;

pub use composition::LayerComposition;
pub use error::GraphError;
pub use layered::LayeredGraph;
pub use spearman::{LayerValues, SpearmanGraph, SpearmanOptions};
