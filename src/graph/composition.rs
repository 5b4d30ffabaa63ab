//! Which layers each cluster is made of.
//!
//! Given a cluster label per node (`None` for a node left out of the clustering,
//! such as an isolated one), count the neurons of every layer in every cluster:
//! `clusters[c][l]` = #{ nodes of layer `l` labelled `c` }.
//!
//! ```
//! use faer::Mat;
//! use nncut::graph::LayeredGraph;
//!
//! let graph = LayeredGraph::new(vec![2, 1], vec![Mat::from_fn(2, 1, |_, _| 1.0)])?;
//! let composition = graph.layer_composition(&[Some(0), Some(1), Some(1)], 2)?;
//! assert_eq!(composition.clusters, vec![vec![1, 0], vec![1, 1]]);
//! assert_eq!(composition.unassigned, vec![0, 0]);
//! # Ok::<(), nncut::graph::GraphError>(())
//! ```

use serde::Serialize;

use super::{GraphError, LayeredGraph};

/// Neurons of each layer per cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerComposition {
    /// `clusters[c][l]`: neurons of layer `l` in cluster `c`.
    pub clusters: Vec<Vec<usize>>,
    /// `unassigned[l]`: neurons of layer `l` in no cluster.
    pub unassigned: Vec<usize>,
}

impl LayeredGraph {
    /// Counts the neurons of each layer in each of `cluster_count` clusters,
    /// given one label per node in global order.
    pub fn layer_composition(
        &self,
        labels: &[Option<usize>],
        cluster_count: usize,
    ) -> Result<LayerComposition, GraphError> {
        let nodes = self.node_count();
        if labels.len() != nodes {
            return Err(GraphError::LabelCount { found: labels.len(), nodes });
        }

        let layers = self.layer_sizes().len();
        let mut clusters = vec![vec![0; layers]; cluster_count];
        let mut unassigned = vec![0; layers];

        for (node, label) in labels.iter().enumerate() {
            let layer = self.layer_of(node);
            match *label {
                None => unassigned[layer] += 1,
                Some(label) if label < cluster_count => clusters[label][layer] += 1,
                Some(label) => {
                    let clusters = cluster_count;
                    return Err(GraphError::LabelOutOfRange { node, label, clusters });
                }
            }
        }
        Ok(LayerComposition { clusters, unassigned })
    }
}
