//! What can go wrong when building, running or saving an MLP.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("layer sizes: need at least an input and an output size, got {0}")]
    TooFewLayers(usize),

    #[error("layer sizes: size {position} is 0; every layer needs at least one neuron")]
    EmptyLayer { position: usize },

    #[error("dropout: {0} is outside [0, 1)")]
    Dropout(f32),

    #[error("input: {values} values do not make {count} rows of {inputs} inputs")]
    InputShape { values: usize, count: usize, inputs: usize },

    #[error("labels: {labels} labels for {count} rows")]
    LabelCount { labels: usize, count: usize },

    #[error("checkpoint {path}: {message}")]
    Save { path: PathBuf, message: String },
}
