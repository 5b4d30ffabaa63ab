//! Inputs at the edge of what f64 and patience allow: weights so large that
//! degrees overflow, an n-cut that is not a number, and a restart count that
//! would never finish. Each is an error naming what is wrong, never a result.

#[path = "common/cli.rs"]
mod cli;

use cli::{nncut, one_line_error};

use faer::{Mat, MatMut, MatRef};
use nncut::cluster::{
    ClusterError, ClusterParams, DenseGraph, MAX_RESTARTS, Symmetry, WeightedGraph, normalized_cut,
    spectral_clustering,
};

/// The symmetric adjacency of `n` nodes with the given weighted edges.
fn adjacency(n: usize, edges: &[(usize, usize, f64)]) -> Mat<f64> {
    let mut a = Mat::zeros(n, n);
    for &(i, j, w) in edges {
        a[(i, j)] = w;
        a[(j, i)] = w;
    }
    a
}

/// Two triangles joined by the edge 2-3 of weight 0.1 (times `scale`): for
/// k = 2 the triangles split with n-cut 0.1 / 6.1 + 0.1 / 6.1 = 2 / 61.
fn two_triangles_joined(scale: f64) -> Mat<f64> {
    let edges: Vec<(usize, usize, f64)> =
        [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 0.1)]
            .iter()
            .map(|&(i, j, w)| (i, j, w * scale))
            .collect();
    adjacency(6, &edges)
}

#[test]
fn a_degree_that_overflows_is_named_by_its_node() {
    let huge = 1.7e308;
    let a = adjacency(3, &[(0, 1, huge), (1, 2, huge)]);

    let error = DenseGraph::new(a, Symmetry::Require).unwrap_err();

    assert!(matches!(error, ClusterError::DegreeOverflow { node: 1 }), "{error}");
    assert_eq!(
        error.to_string(),
        "the degree of node 1 overflows to infinity; scale the weights down"
    );
}

#[test]
fn a_total_volume_that_overflows_is_refused_though_every_degree_is_finite() {
    let a = adjacency(4, &[(0, 1, 1e308), (2, 3, 1e308)]);

    let error = DenseGraph::new(a, Symmetry::Require).unwrap_err();

    assert!(matches!(error, ClusterError::VolumeOverflow), "{error}");
}

#[test]
fn huge_weights_from_a_file_exit_1_instead_of_printing_a_nan_ncut() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.csv");
    std::fs::write(&path, "0,1.7e308,1.7e308\n1.7e308,0,1.7e308\n1.7e308,1.7e308,0\n").unwrap();

    let output = nncut(&["cluster", path.to_str().unwrap(), "--k", "2"]);

    let stderr = one_line_error(&output);
    assert!(output.stdout.is_empty(), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(stderr.contains("huge.csv") && stderr.contains("degree of node 0"), "{stderr}");
}

#[test]
fn large_but_summable_weights_cluster_like_their_scaled_down_copy() {
    let params = ClusterParams { k: 2, ..ClusterParams::default() };
    let small = DenseGraph::new(two_triangles_joined(1.0), Symmetry::Require).unwrap();
    let large = DenseGraph::new(two_triangles_joined(1e300), Symmetry::Require).unwrap();

    let small = spectral_clustering(&small, &params).unwrap();
    let large = spectral_clustering(&large, &params).unwrap();

    assert_eq!(large.labels, small.labels);
    assert!((large.ncut - 2.0 / 61.0).abs() < 1e-12, "{}", large.ncut);
}

#[test]
fn averaging_two_huge_copies_of_a_weight_does_not_overflow_the_entry() {
    let mut a = Mat::zeros(3, 3);
    a[(0, 1)] = 1.7e308;
    a[(1, 0)] = 1.5e308;

    let error = DenseGraph::new(a, Symmetry::Average).unwrap_err();

    // The mean, 1.6e308, is finite; only the volume 2 x 1.6e308 is not.
    assert!(matches!(error, ClusterError::VolumeOverflow), "{error}");
}

/// A graph whose products come out as NaN, as a faulty implementation might.
struct NanProducts;

impl WeightedGraph for NanProducts {
    fn node_count(&self) -> usize {
        2
    }
    fn degrees(&self) -> Vec<f64> {
        vec![1.0, 1.0]
    }
    fn multiply_adjacency(&self, _input: MatRef<'_, f64>, mut output: MatMut<'_, f64>) {
        output.fill(f64::NAN);
    }
    fn dense_adjacency(&self) -> Mat<f64> {
        Mat::full(2, 2, f64::NAN)
    }
}

#[test]
fn a_nan_ncut_is_an_error_not_a_result() {
    let error = normalized_cut(&NanProducts, &[Some(0), Some(1)]).unwrap_err();

    assert!(matches!(error, ClusterError::NotFiniteCut { ncut } if ncut.is_nan()), "{error}");
}

#[test]
fn restarts_above_the_limit_are_refused_naming_the_parameter_and_the_limit() {
    let at_limit = ClusterParams { restarts: MAX_RESTARTS, ..ClusterParams::default() };
    let above = ClusterParams { restarts: usize::MAX, ..ClusterParams::default() };

    assert!(at_limit.validate().is_ok());
    let error = above.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("restarts = {} is more than the limit of 10000", usize::MAX)
    );
}

#[test]
fn the_cli_refuses_a_huge_restart_count_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("pair.csv");
    std::fs::write(&path, "0,1\n1,0\n").unwrap();

    let restarts = u64::MAX.to_string();
    let output = nncut(&["cluster", path.to_str().unwrap(), "--k", "1", "--restarts", &restarts]);

    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--restarts") && stderr.contains("limit of 10000"), "{stderr}");
}
