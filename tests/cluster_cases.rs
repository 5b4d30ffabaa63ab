//! The small graphs of issue 4 whose answers follow from arithmetic alone:
//! exact partitions, n-cuts, validation errors, and the eigendecomposition
//! rebuilt from its factors.

use faer::{Mat, Side};
use nncut::cluster::spectral::{dense_normalized_laplacian, smallest_eigenpairs};
use nncut::cluster::{
    ClusterError, ClusterParams, DenseGraph, Solver, SolverChoice, Symmetry, UsableNodes,
    WeightedGraph, normalized_cut, spectral_clustering,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Exact arithmetic on small integers leaves at most a few ulps.
const EXACT: f64 = 1e-12;

fn graph(n: usize, edges: &[(usize, usize, f64)]) -> DenseGraph {
    let mut a = Mat::zeros(n, n);
    for &(i, j, w) in edges {
        a[(i, j)] = w;
        a[(j, i)] = w;
    }
    DenseGraph::new(a, Symmetry::Require).unwrap()
}

fn two_triangles() -> DenseGraph {
    let unit = |i, j| (i, j, 1.0);
    graph(6, &[unit(0, 1), unit(1, 2), unit(0, 2), unit(3, 4), unit(4, 5), unit(3, 5)])
}

fn params(k: usize) -> ClusterParams {
    ClusterParams { k, ..ClusterParams::default() }
}

#[test]
fn two_disjoint_triangles_split_with_zero_ncut_and_two_components() {
    let partition = spectral_clustering(&two_triangles(), &params(2)).unwrap();

    let labels: Vec<usize> = partition.labels.iter().map(|l| l.unwrap()).collect();
    assert_eq!(labels, [0, 0, 0, 1, 1, 1]);
    assert_eq!(partition.ncut, 0.0);
    assert_eq!(partition.components, 2);
    assert_eq!(partition.isolated, 0);
    assert!(partition.eigenvalues[..2].iter().all(|e| e.abs() < EXACT));
}

#[test]
fn a_node_without_edges_is_isolated_and_the_triangle_splits_with_ncut_one_and_a_half() {
    let triangle = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]);

    let partition = spectral_clustering(&triangle, &params(2)).unwrap();

    assert_eq!(partition.labels[3], None);
    assert_eq!(partition.isolated, 1);
    assert_eq!(partition.components, 1);
    let sizes: Vec<usize> = partition.clusters.iter().map(|c| c.size).collect();
    assert_eq!(sizes, [2, 1]);
    // {a, b} | {c}: cut 2 each side, volumes 4 and 2.
    assert!((partition.ncut - 1.5).abs() < EXACT);
    // L_sym of a triangle: 0, 3/2, 3/2; the isolated node adds nothing.
    assert_eq!(partition.eigenvalues.len(), 3);
    assert!((partition.eigenvalues[1] - 1.5).abs() < EXACT);
    assert!((partition.eigenvalues[2] - 1.5).abs() < EXACT);
}

#[test]
fn a_negative_weight_is_rejected_naming_its_position() {
    let a = faer::mat![[0.0, 1.0, 0.0], [1.0, 0.0, -2.0], [0.0, -2.0, 0.0]];

    let error = DenseGraph::new(a, Symmetry::Require).unwrap_err();

    assert!(matches!(error, ClusterError::Negative { row: 1, col: 2, value: -2.0 }));
    assert!(error.to_string().contains("(1, 2)"), "{error}");
}

#[test]
fn an_asymmetric_matrix_is_rejected_naming_the_first_asymmetric_pair() {
    let a = faer::mat![[0.0, 1.0, 0.0], [1.0, 0.0, 2.0], [0.0, 3.0, 0.0]];

    let error = DenseGraph::new(a.clone(), Symmetry::Require).unwrap_err();
    let averaged = DenseGraph::new(a, Symmetry::Average).unwrap();

    assert!(matches!(error, ClusterError::Asymmetric { row: 1, col: 2, value: 2.0, mirror: 3.0 }));
    assert_eq!(averaged.adjacency()[(1, 2)], 2.5);
}

#[test]
fn nan_and_infinity_are_rejected_naming_their_position() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut a = Mat::<f64>::zeros(3, 3);
        a[(2, 0)] = bad;

        let error = DenseGraph::new(a, Symmetry::Average).unwrap_err();

        assert!(matches!(error, ClusterError::NotFinite { row: 2, col: 0, .. }), "{error}");
    }
}

#[test]
fn a_non_square_matrix_is_rejected() {
    let error = DenseGraph::new(Mat::zeros(2, 3), Symmetry::Require).unwrap_err();

    assert!(matches!(error, ClusterError::NotSquare { rows: 2, cols: 3 }));
}

#[test]
fn ncut_of_given_labels_on_the_five_node_cycle() {
    let cycle = graph(5, &[(0, 1, 3.0), (1, 2, 1.0), (2, 3, 4.0), (3, 4, 2.0), (0, 4, 1.0)]);
    let labels = [Some(0), Some(0), Some(1), Some(1), Some(1)];

    let cut = normalized_cut(&cycle, &labels).unwrap();

    // Degrees 4, 4, 5, 6, 3: volumes 8 and 14; edges 1-2 and 0-4 cross (weight 2).
    assert!((cut.ncut - (2.0 / 8.0 + 2.0 / 14.0)).abs() < EXACT);
    assert_eq!(cut.clusters[0].volume, 8.0);
    assert_eq!(cut.clusters[1].volume, 14.0);
    assert_eq!(cut.clusters[0].cut, 2.0);
}

#[test]
fn ncut_rejects_labels_that_disagree_with_the_graph() {
    let triangle = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]);

    let unlabelled = normalized_cut(&triangle, &[Some(0), None, Some(1), None]);
    let isolated = normalized_cut(&triangle, &[Some(0), Some(0), Some(1), Some(1)]);
    let gap = normalized_cut(&triangle, &[Some(0), Some(0), Some(2), None]);

    assert!(matches!(unlabelled, Err(ClusterError::Unlabelled { node: 1, .. })));
    assert!(matches!(isolated, Err(ClusterError::IsolatedLabelled { node: 3, label: 1 })));
    assert!(matches!(gap, Err(ClusterError::EmptyCluster { cluster: 1 })));
}

#[test]
fn k_zero_and_k_above_the_usable_nodes_are_clear_errors() {
    let triangle = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]);

    let zero = spectral_clustering(&triangle, &params(0)).unwrap_err();
    let four = spectral_clustering(&triangle, &params(4)).unwrap_err();

    assert!(matches!(zero, ClusterError::ZeroClusters));
    assert!(matches!(four, ClusterError::TooManyClusters { k: 4, usable: 3 }));
    assert_eq!(four.to_string(), "k = 4 is more than the 3 nodes with a non-zero degree");
}

#[test]
fn k_equal_to_the_usable_nodes_gives_singletons() {
    let triangle = graph(4, &[(0, 1, 1.0), (1, 2, 2.0), (0, 2, 3.0)]);

    let partition = spectral_clustering(&triangle, &params(3)).unwrap();

    assert_eq!(partition.clusters.iter().map(|c| c.size).collect::<Vec<_>>(), [1, 1, 1]);
    assert!((partition.ncut - 3.0).abs() < EXACT);
    assert_eq!(partition.eigenvalues.len(), 3);
}

/// A connected graph of n nodes: a ring plus pseudo-random chords.
fn ring_with_chords(n: usize) -> DenseGraph {
    let mut edges = Vec::new();
    for i in 0..n {
        edges.push((i, (i + 1) % n, 1.0 + (i % 7) as f64 / 3.0));
        edges.push((i, (i * 37 + 11) % n, 0.25 + (i % 5) as f64 / 10.0));
    }
    edges.retain(|&(i, j, _)| i != j);
    graph(n, &edges)
}

#[test]
fn the_dense_decomposition_rebuilds_the_normalized_laplacian() {
    let g = ring_with_chords(40);
    let usable = UsableNodes::from_degrees(&g.degrees());
    let laplacian = dense_normalized_laplacian(&g, &usable);

    let decomposition = laplacian.self_adjoint_eigen(Side::Lower).unwrap();
    let (u, s) = (decomposition.U(), decomposition.S());
    let rebuilt = u * s * u.transpose();

    assert!((&rebuilt - &laplacian).norm_max() < EXACT);
    let identity = Mat::<f64>::identity(40, 40);
    assert!((u.transpose() * u - identity).norm_max() < EXACT);
}

#[test]
fn partial_eigenpairs_solve_the_generalized_problem_and_agree_with_dense_ones() {
    let g = ring_with_chords(300);
    let usable = UsableNodes::from_degrees(&g.degrees());
    let components = g.components();
    let solve = |choice| {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        smallest_eigenpairs(&g, &usable, 6, choice, &components, &mut rng).unwrap()
    };

    let partial = solve(SolverChoice::Auto);
    let dense = solve(SolverChoice::Dense);

    assert_eq!((partial.solver, dense.solver), (Solver::Partial, Solver::Dense));
    let v = partial.eigenvectors.as_ref();
    assert!((v.transpose() * v - Mat::<f64>::identity(6, 6)).norm_max() < 1e-10);
    // (D - A) u = lambda D u with u = D^-1/2 v.
    let degrees = g.degrees();
    let u = Mat::from_fn(300, 6, |i, j| v[(i, j)] / degrees[i].sqrt());
    let laplacian_u = Mat::from_fn(300, 6, |i, j| degrees[i] * u[(i, j)]) - g.adjacency() * &u;
    for j in 0..6 {
        let lambda = partial.eigenvalues[j];
        let residual =
            Mat::from_fn(300, 1, |i, _| laplacian_u[(i, j)] - lambda * degrees[i] * u[(i, j)]);
        assert!(residual.norm_max() < 1e-9, "pair {j}: residual {}", residual.norm_max());
        assert!((lambda - dense.eigenvalues[j]).abs() < 1e-10);
        // Simple eigenvalues: the same vector up to sign.
        let overlap = (v.col(j).transpose() * dense.eigenvectors.col(j)).abs();
        assert!((overlap - 1.0).abs() < 1e-8, "pair {j}: overlap {overlap}");
    }
}

#[test]
fn partial_and_dense_solvers_give_the_same_partition() {
    let g = ring_with_chords(300);

    let partial = spectral_clustering(&g, &params(5)).unwrap();
    let dense_params = ClusterParams { solver: SolverChoice::Dense, ..params(5) };
    let dense = spectral_clustering(&g, &dense_params).unwrap();

    assert_eq!(partial.solver, Solver::Partial);
    assert_eq!(partial.labels, dense.labels);
    assert!((partial.ncut - dense.ncut).abs() < EXACT);
}

/// Disjoint rings with chords, of the given sizes (different sizes, so that no
/// eigenvalue but 0 repeats).
fn disjoint_rings(sizes: &[usize]) -> DenseGraph {
    let n: usize = sizes.iter().sum();
    let mut a = Mat::zeros(n, n);
    let mut start = 0;
    for &size in sizes {
        let ring = ring_with_chords(size);
        a.submatrix_mut(start, start, size, size).copy_from(ring.adjacency());
        start += size;
    }
    DenseGraph::new(a, Symmetry::Require).unwrap()
}

#[test]
fn a_disconnected_graph_keeps_the_partial_solver_and_its_exact_null_vectors() {
    let g = disjoint_rings(&[100, 107, 113]);
    let usable = UsableNodes::from_degrees(&g.degrees());
    let components = g.components();
    let solve = |choice| {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        smallest_eigenpairs(&g, &usable, 5, choice, &components, &mut rng).unwrap()
    };

    let partial = solve(SolverChoice::Auto);
    let dense = solve(SolverChoice::Dense);

    assert_eq!(components.count, 3);
    assert_eq!(partial.solver, Solver::Partial);
    assert_eq!(&partial.eigenvalues[..3], [0.0; 3]);
    for (p, d) in partial.eigenvalues.iter().zip(&dense.eigenvalues) {
        assert!((p - d).abs() < 1e-10, "partial {p} dense {d}");
    }
    // The same invariant subspace: V_p^T V_d is orthogonal (block-wise for the
    // repeated 0), so its singular values are all 1.
    let overlap = partial.eigenvectors.transpose() * &dense.eigenvectors;
    let gram = overlap.transpose() * &overlap;
    assert!((gram - Mat::<f64>::identity(5, 5)).norm_max() < 1e-8);
}

#[test]
fn clustering_a_disconnected_graph_separates_its_components() {
    let g = disjoint_rings(&[100, 107, 113]);

    let partition = spectral_clustering(&g, &params(3)).unwrap();

    assert_eq!(partition.solver, Solver::Partial);
    assert_eq!(partition.components, 3);
    assert_eq!(partition.ncut, 0.0);
    let component = |node: usize| [100, 207, 320].iter().position(|&end| node < end);
    for node in 0..320 {
        // Labels are numbered largest cluster first.
        assert_eq!(partition.labels[node], component(node).map(|c| 2 - c), "node {node}");
    }
}

#[test]
fn the_same_seed_gives_the_same_partition() {
    let g = ring_with_chords(150);

    let first = spectral_clustering(&g, &params(4)).unwrap();
    let second = spectral_clustering(&g, &params(4)).unwrap();

    assert_eq!(first.labels, second.labels);
    assert_eq!(first.ncut, second.ncut);
}
