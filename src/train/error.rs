//! What can go wrong when training.

use std::path::PathBuf;

use crate::model::ModelError;

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("{name}: {problem}")]
    Parameter { name: &'static str, problem: String },

    #[error(transparent)]
    Model(#[from] ModelError),

    #[error("{what}: {values} values do not make {count} rows of {inputs} inputs")]
    ImageShape { what: &'static str, values: usize, count: usize, inputs: usize },

    #[error("{what}: {labels} labels for {count} images")]
    LabelCount { what: &'static str, labels: usize, count: usize },

    #[error("{what}: no images")]
    Empty { what: &'static str },

    #[error("{what}: label {label} at position {position} is not one of the {classes} classes")]
    LabelRange { what: &'static str, label: u8, position: usize, classes: usize },

    #[error("training diverged: the loss is {loss} at epoch {epoch}, batch {batch} of {batches}")]
    NonFiniteLoss { epoch: usize, batch: usize, batches: usize, loss: f32 },

    #[error("cannot write {path}")]
    Write { path: PathBuf, source: std::io::Error },
}
