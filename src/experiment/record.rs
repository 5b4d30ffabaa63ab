//! Result records: what one network of the grid gave, by each graph method.
//!
//! A network's record is saved as `result.json` in its run folder once it is
//! complete, so a resumed reproduction can reuse it; `results.jsonl` holds one
//! flattened line per network and method.

use serde::{Deserialize, Serialize};

use super::grid::NetworkSpec;
use crate::train::TrainConfig;

/// How the network's graph was weighted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum GraphMethod {
    /// |w| of the trained weights (the paper's method 1, Table 1).
    Weights,
    /// |Spearman correlation| of the neurons' values on the test images (method 2, Table 2).
    Spearman,
}

/// The clustering of one graph of one network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MethodResult {
    pub method: GraphMethod,
    pub ncut: f64,
    /// Largest first.
    pub cluster_sizes: Vec<usize>,
    /// Neurons with no edge weight at all, left out of the clustering.
    pub isolated: usize,
    /// Per layer, neurons whose values were constant (Spearman only).
    pub constant_neurons: Option<Vec<usize>>,
    /// The k + 1 smallest eigenvalues of the normalized Laplacian.
    pub eigenvalues: Vec<f64>,
    pub graph_seconds: f64,
    pub cluster_seconds: f64,
}

/// Everything one network of the grid gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkResult {
    pub run_id: String,
    pub spec: NetworkSpec,
    /// What decided these numbers besides the spec.
    pub settings: NetworkSettings,
    /// Training images actually used.
    pub train_images: usize,
    /// Test accuracy in percent, on the whole test split.
    pub accuracy: f64,
    pub train_seconds: f64,
    pub methods: Vec<MethodResult>,
}

/// Every setting that decides a network's numbers besides its spec; a finished
/// record is reused only when its settings equal the run's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkSettings {
    pub training: TrainConfig,
    /// Train on the first this many training images (all when `None`).
    pub train_images_limit: Option<usize>,
    pub methods: Vec<GraphMethod>,
    pub k: usize,
    pub restarts: usize,
    pub cluster_seed: u64,
    pub constant_epsilon: f64,
}

impl GraphMethod {
    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            GraphMethod::Weights => "weights",
            GraphMethod::Spearman => "spearman",
        }
    }
}

impl NetworkResult {
    /// The result of `method`, if it was measured.
    pub fn method(&self, method: GraphMethod) -> Option<&MethodResult> {
        self.methods.iter().find(|result| result.method == method)
    }

    /// One JSON line per method: the network's fields beside the method's.
    pub fn flattened(&self) -> Vec<serde_json::Value> {
        self.methods
            .iter()
            .map(|method| {
                serde_json::json!({
                    "run_id": self.run_id,
                    "dataset": self.spec.dataset,
                    "activation": self.spec.activation,
                    "dropout": self.spec.dropout,
                    "seed": self.spec.seed,
                    "layer_sizes": self.settings.training.layer_sizes,
                    "epochs": self.settings.training.epochs,
                    "batch_size": self.settings.training.batch_size,
                    "adam": self.settings.training.adam,
                    "train_images": self.train_images,
                    "accuracy": self.accuracy,
                    "k": self.settings.k,
                    "restarts": self.settings.restarts,
                    "cluster_seed": self.settings.cluster_seed,
                    "constant_epsilon": self.settings.constant_epsilon,
                    "method": method.method,
                    "ncut": method.ncut,
                    "cluster_sizes": method.cluster_sizes,
                    "isolated": method.isolated,
                    "constant_neurons": method.constant_neurons,
                    "eigenvalues": method.eigenvalues,
                    "seconds": {
                        "train": self.train_seconds,
                        "graph": method.graph_seconds,
                        "cluster": method.cluster_seconds,
                    },
                })
            })
            .collect()
    }
}

#[cfg(test)]
impl NetworkResult {
    /// A record of `spec` under the paper's settings with only an n-cut by
    /// weights, for tests of what reads records.
    pub(crate) fn example(spec: NetworkSpec, accuracy: f64, ncut: f64) -> Self {
        let config = super::ReproduceConfig::paper();
        NetworkResult {
            run_id: spec.run_id(),
            spec,
            settings: config.network_settings(&spec),
            train_images: 60000,
            accuracy,
            train_seconds: 1.0,
            methods: vec![MethodResult {
                method: GraphMethod::Weights,
                ncut,
                cluster_sizes: vec![600, 400, 300, 266],
                isolated: 0,
                constant_neurons: None,
                eigenvalues: vec![0.0, 0.1, 0.2, 0.3, 0.4],
                graph_seconds: 0.1,
                cluster_seconds: 0.1,
            }],
        }
    }
}
