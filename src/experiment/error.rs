//! What can go wrong while running an experiment; each variant names the file,
//! the network or the setting involved.

use std::path::PathBuf;

use thiserror::Error;

use crate::cluster::ClusterError;
use crate::data::DataError;
use crate::graph::GraphError;
use crate::model::ModelError;
use crate::model::import::ImportError;
use crate::train::TrainError;

#[derive(Debug, Error)]
pub enum ExperimentError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Train(#[from] TrainError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    #[error("the spearman method needs images to record the neurons' values on")]
    SpearmanNeedsImages,
    #[error("{parameter}: {problem}")]
    Parameter { parameter: &'static str, problem: String },
    #[error(
        "{path} holds a run with other settings ({difference}); \
         choose another --out folder or remove this one"
    )]
    OtherSettings { path: PathBuf, difference: String },
    #[error("network {run_id}")]
    Network { run_id: String, source: Box<ExperimentError> },
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("cannot write {path}")]
    Write { path: PathBuf, source: std::io::Error },
}
