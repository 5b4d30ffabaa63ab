//! The normalized cut of a partition, from products with the adjacency only.
//!
//! For clusters X_1..X_k: ncut = sum_c cut(X_c) / vol(X_c), where
//! vol(X) = sum_{i in X} d_i and cut(X) = sum_{i in X, j not in X} A_ij.
//! With H the N x k one-hot label matrix, (A H)_ic is node i's weight into
//! cluster c, so cut(X_c) = sum_{i in X_c} sum_{c' != c} (A H)_ic' (a sum of
//! non-negative terms: no cancellation) and the N x N matrix is never formed.
//! Nodes without a label (degree 0) are in no cluster and change nothing.
//!
//! ```
//! use nncut::cluster::{DenseGraph, Symmetry, normalized_cut};
//!
//! // Path 0 - 1 - 2 (weights 1, 1), split {0} | {1, 2}: 1/1 + 1/3.
//! let a = faer::mat![[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]];
//! let graph = DenseGraph::new(a, Symmetry::Require).unwrap();
//! let cut = normalized_cut(&graph, &[Some(0), Some(1), Some(1)]).unwrap();
//! assert!((cut.ncut - 4.0 / 3.0).abs() < 1e-15);
//! ```

use faer::Mat;
use serde::Serialize;

use super::error::ClusterError;
use super::graph::{WeightedGraph, check_degrees};

/// One cluster's share of the n-cut.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterCut {
    /// Number of nodes in the cluster.
    pub size: usize,
    /// Total weight of edges leaving the cluster.
    pub cut: f64,
    /// Sum of the cluster's degrees.
    pub volume: f64,
}

/// The n-cut and its per-cluster terms, indexed by label.
#[derive(Clone, Debug, PartialEq)]
pub struct CutSummary {
    pub ncut: f64,
    pub clusters: Vec<ClusterCut>,
}

/// The n-cut of `labels` (one per node: `Some(cluster)`, or `None` for a node
/// of degree 0). Clusters are 0..=max label and each must have positive volume;
/// degrees must be finite, and an n-cut that is not finite is an error, never a result.
pub fn normalized_cut<G: WeightedGraph + ?Sized>(
    graph: &G,
    labels: &[Option<usize>],
) -> Result<CutSummary, ClusterError> {
    let n = graph.node_count();
    if labels.len() != n {
        return Err(ClusterError::LabelCount { labels: labels.len(), nodes: n });
    }
    let degrees = graph.degrees();
    check_degrees(&degrees)?;
    check_isolated_agree(&degrees, labels)?;
    let k = labels.iter().flatten().max().map_or(0, |&max| max + 1);

    let one_hot = Mat::from_fn(n, k, |i, c| if labels[i] == Some(c) { 1.0 } else { 0.0 });
    let mut weight_into = Mat::zeros(n, k);
    graph.multiply_adjacency(one_hot.as_ref(), weight_into.as_mut());

    let mut clusters = vec![ClusterCut { size: 0, cut: 0.0, volume: 0.0 }; k];
    for (i, label) in labels.iter().enumerate() {
        let Some(c) = *label else { continue };
        let outward: f64 = (0..k).filter(|&other| other != c).map(|o| weight_into[(i, o)]).sum();
        clusters[c].size += 1;
        clusters[c].cut += outward;
        clusters[c].volume += degrees[i];
    }

    if let Some(cluster) = clusters.iter().position(|c| c.volume <= 0.0) {
        return Err(ClusterError::EmptyCluster { cluster });
    }
    let ncut: f64 = clusters.iter().map(|c| c.cut / c.volume).sum();
    if !ncut.is_finite() {
        return Err(ClusterError::NotFiniteCut { ncut });
    }
    Ok(CutSummary { ncut, clusters })
}

fn check_isolated_agree(degrees: &[f64], labels: &[Option<usize>]) -> Result<(), ClusterError> {
    for (node, (&degree, label)) in degrees.iter().zip(labels).enumerate() {
        match (degree > 0.0, label) {
            (true, None) => return Err(ClusterError::Unlabelled { node, degree }),
            (false, Some(label)) => {
                return Err(ClusterError::IsolatedLabelled { node, label: *label });
            }
            _ => {}
        }
    }
    Ok(())
}
