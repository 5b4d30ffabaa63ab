//! Normalized spectral clustering of a weighted graph (Shi & Malik 2000, as in
//! the paper's Algorithm 1), end to end.
//!
//! 1. degrees d; nodes with d_i = 0 are set aside (label `None`);
//! 2. the k + 1 smallest eigenpairs of L_sym = I - D^-1/2 A D^-1/2 over the
//!    rest (see [`super::spectral`]); the first k give u = D^-1/2 v, each u
//!    scaled to unit norm, and row i of [u_1..u_k] is node i's point in R^k;
//! 3. k-means on those points (see [`super::kmeans`]);
//! 4. the n-cut of the result (see [`super::ncut`]).
//!
//! Clusters are renumbered by size, largest first (ties: the cluster holding the
//! lower node index first), so labels do not depend on k-means' numbering.
//!
//! ```
//! use nncut::cluster::{ClusterParams, DenseGraph, Symmetry, spectral_clustering};
//!
//! // Two triangles joined by one weak edge 2-3.
//! let mut a = faer::Mat::zeros(6, 6);
//! for (i, j, w) in [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0),
//!                   (3, 5, 1.0), (2, 3, 0.1)] {
//!     a[(i, j)] = w;
//!     a[(j, i)] = w;
//! }
//! let graph = DenseGraph::new(a, Symmetry::Require).unwrap();
//! let params = ClusterParams { k: 2, ..ClusterParams::default() };
//! let partition = spectral_clustering(&graph, &params).unwrap();
//! assert_eq!(partition.labels[0], partition.labels[2]);
//! assert_ne!(partition.labels[2], partition.labels[3]);
//! ```

use std::time::Instant;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::error::ClusterError;
use super::graph::{WeightedGraph, check_degrees};
use super::kmeans::kmeans;
use super::ncut::{ClusterCut, normalized_cut};
use super::spectral::{Solver, SolverChoice, UsableNodes, embedding, smallest_eigenpairs};

/// The ChaCha stream for the eigensolver's start vector; k-means uses another,
/// so the choice of solver does not change k-means' random draws.
const EIGEN_STREAM: u64 = 0;
const KMEANS_STREAM: u64 = 1;

/// The most k-means restarts allowed: each costs a full k-means run, and the
/// lowest inertia rarely improves after a few dozen, so more is a typo, not a
/// wish (2^64 - 1 would run for ever).
pub const MAX_RESTARTS: usize = 10_000;

/// Settings of one clustering run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterParams {
    /// Number of clusters (the paper uses 4).
    pub k: usize,
    /// Seed of every random choice (Lanczos start vector, k-means seeding).
    pub seed: u64,
    /// k-means runs from different seeds, 1..=[`MAX_RESTARTS`]; the lowest inertia wins.
    pub restarts: usize,
    /// Which eigensolver to try first.
    pub solver: SolverChoice,
}

impl Default for ClusterParams {
    fn default() -> Self {
        Self { k: 4, seed: 0, restarts: 10, solver: SolverChoice::Auto }
    }
}

impl ClusterParams {
    /// Checks what can be checked without the graph.
    pub fn validate(&self) -> Result<(), ClusterError> {
        if self.k == 0 {
            return Err(ClusterError::ZeroClusters);
        }
        if self.restarts == 0 {
            return Err(ClusterError::ZeroRestarts);
        }
        if self.restarts > MAX_RESTARTS {
            return Err(ClusterError::TooManyRestarts {
                restarts: self.restarts,
                limit: MAX_RESTARTS,
            });
        }
        Ok(())
    }
}

/// A clustering and everything measured on the way.
#[derive(Clone, Debug)]
pub struct Partition {
    /// Per node: its cluster (0 is the largest), `None` for an isolated node.
    pub labels: Vec<Option<usize>>,
    /// Size, cut and volume per cluster, largest first.
    pub clusters: Vec<ClusterCut>,
    /// sum_c cut_c / vol_c.
    pub ncut: f64,
    /// The k + 1 smallest eigenvalues of L_sym, ascending (fewer if the graph
    /// has only k usable nodes).
    pub eigenvalues: Vec<f64>,
    /// Nodes of degree 0.
    pub isolated: usize,
    /// Connected components of the non-isolated nodes.
    pub components: usize,
    pub solver: Solver,
    /// k-means' sum of squared distances in the spectral embedding.
    pub inertia: f64,
}

/// Clusters `graph` into `params.k` parts by normalized spectral clustering.
pub fn spectral_clustering<G: WeightedGraph + Sync + ?Sized>(
    graph: &G,
    params: &ClusterParams,
) -> Result<Partition, ClusterError> {
    params.validate()?;
    let degrees = graph.degrees();
    check_degrees(&degrees)?;
    let usable = UsableNodes::from_degrees(&degrees);
    if params.k > usable.len() {
        return Err(ClusterError::TooManyClusters { k: params.k, usable: usable.len() });
    }
    let started = Instant::now();
    let components = graph.components();
    if components.count > 1 {
        log::info!(
            "the graph has {} connected components (isolated nodes aside)",
            components.count
        );
    }

    let mut eigen_rng = ChaCha8Rng::seed_from_u64(params.seed);
    eigen_rng.set_stream(EIGEN_STREAM);
    let spectrum = smallest_eigenpairs(
        graph,
        &usable,
        params.k + 1,
        params.solver,
        &components,
        &mut eigen_rng,
    )?;
    log::debug!(
        "{} components and {} eigenpairs ({:?} solver) in {:.3} s",
        components.count,
        spectrum.eigenvalues.len(),
        spectrum.solver,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let points = embedding(&spectrum, &usable, params.k);

    let mut kmeans_rng = ChaCha8Rng::seed_from_u64(params.seed);
    kmeans_rng.set_stream(KMEANS_STREAM);
    let clustering = kmeans(points.as_ref(), params.k, params.restarts, &mut kmeans_rng);
    if clustering.empty_clusters > 0 {
        log::warn!(
            "{} of the k = {} clusters stayed empty: the spectral embedding has fewer \
             distinct points than clusters",
            clustering.empty_clusters,
            params.k
        );
    }

    log::debug!(
        "k-means, {} restarts, in {:.3} s",
        params.restarts,
        started.elapsed().as_secs_f64()
    );

    let labels = largest_first(&usable, &clustering.labels, params.k);
    let cut = normalized_cut(graph, &labels)?;
    Ok(Partition {
        labels,
        clusters: cut.clusters,
        ncut: cut.ncut,
        eigenvalues: spectrum.eigenvalues,
        isolated: usable.node_count - usable.len(),
        components: components.count,
        solver: spectrum.solver,
        inertia: clustering.inertia,
    })
}

/// Per node of the graph, the k-means label renumbered so that cluster 0 is the
/// largest; empty clusters get no number.
fn largest_first(usable: &UsableNodes, kmeans_labels: &[usize], k: usize) -> Vec<Option<usize>> {
    let mut sizes = vec![0usize; k];
    let mut first_node = vec![usize::MAX; k];
    for (row, &label) in kmeans_labels.iter().enumerate() {
        sizes[label] += 1;
        first_node[label] = first_node[label].min(row);
    }
    let mut order: Vec<usize> = (0..k).filter(|&c| sizes[c] > 0).collect();
    order.sort_by_key(|&c| (std::cmp::Reverse(sizes[c]), first_node[c]));

    let mut renumbered = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        renumbered[old] = new;
    }
    let mut labels = vec![None; usable.node_count];
    for (row, &node) in usable.nodes.iter().enumerate() {
        labels[node] = Some(renumbered[kmeans_labels[row]]);
    }
    labels
}
