//! Result records: what one network of the grid gave, by each graph method.
//!
//! A network's record is saved as `result.json` in its run folder once it is
//! complete, so a resumed reproduction can reuse it; `results.jsonl` holds one
//! flattened line per network and method.

use serde::{Deserialize, Serialize};

use super::grid::NetworkSpec;

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
    pub epochs: usize,
    pub train_images: usize,
    /// Test accuracy in percent, on the whole test split.
    pub accuracy: f64,
    pub train_seconds: f64,
    pub k: usize,
    pub restarts: usize,
    pub cluster_seed: u64,
    pub methods: Vec<MethodResult>,
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
                    "epochs": self.epochs,
                    "train_images": self.train_images,
                    "accuracy": self.accuracy,
                    "k": self.k,
                    "restarts": self.restarts,
                    "cluster_seed": self.cluster_seed,
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
