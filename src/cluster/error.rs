//! The one error type of the `cluster` module: bad adjacency matrices, bad
//! parameters, unreadable graph files and eigensolver failures, each naming the
//! entry, parameter or file it is about.

use std::path::PathBuf;

/// Everything that can go wrong while reading a graph, validating it,
/// clustering it or scoring a partition.
///
/// Variants wrapping another error leave its text to the error chain (the
/// binary prints the chain on one line), so no message repeats its cause.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("adjacency matrix is {rows} x {cols}; it must be square")]
    NotSquare { rows: usize, cols: usize },

    #[error("adjacency matrix is empty (0 nodes)")]
    Empty,

    #[error("adjacency entry ({row}, {col}) is {value}; weights must be finite")]
    NotFinite { row: usize, col: usize, value: f64 },

    #[error("adjacency entry ({row}, {col}) is {value}; weights must be non-negative")]
    Negative { row: usize, col: usize, value: f64 },

    #[error(
        "adjacency matrix is not symmetric: entry ({row}, {col}) is {value} but \
         ({col}, {row}) is {mirror} (use the symmetrize option to average them)"
    )]
    Asymmetric { row: usize, col: usize, value: f64, mirror: f64 },

    #[error("k = 0: at least one cluster is needed")]
    ZeroClusters,

    #[error("k = {k} is more than the {usable} nodes with a non-zero degree")]
    TooManyClusters { k: usize, usable: usize },

    #[error("restarts = 0: k-means needs at least one run")]
    ZeroRestarts,

    #[error("restarts = {restarts} is more than the limit of {limit}")]
    TooManyRestarts { restarts: usize, limit: usize },

    #[error("the degree of node {node} overflows to infinity; scale the weights down")]
    DegreeOverflow { node: usize },

    #[error("the total volume (sum of all degrees) overflows to infinity; scale the weights down")]
    VolumeOverflow,

    #[error("the n-cut came out as {ncut}, not a finite number")]
    NotFiniteCut { ncut: f64 },

    #[error("labels has {labels} entries but the graph has {nodes} nodes")]
    LabelCount { labels: usize, nodes: usize },

    #[error("node {node} has degree 0 but is given cluster {label}; isolated nodes belong to none")]
    IsolatedLabelled { node: usize, label: usize },

    #[error("node {node} has degree {degree} but no cluster; only isolated nodes may have none")]
    Unlabelled { node: usize, degree: f64 },

    #[error("cluster {cluster} has no node with a non-zero degree, so its volume is 0")]
    EmptyCluster { cluster: usize },

    #[error("the dense eigensolver failed to converge on the {nodes}-node Laplacian")]
    EigenSolver { nodes: usize },

    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },

    #[error("{path}: unknown extension; expected .npy, .csv or .mtx")]
    UnknownExtension { path: PathBuf },

    #[error("{path} is not a valid graph")]
    InvalidGraph {
        path: PathBuf,
        #[source]
        source: Box<ClusterError>,
    },
}
