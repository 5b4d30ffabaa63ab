//! nncut against reference/cluster/reference.py (NumPy eigh of the symmetric
//! form, scikit-learn KMeans and SpectralClustering): golden eigenvalues,
//! partitions and n-cuts, and planted-partition graphs where nncut's n-cut
//! must equal scikit-learn's.

use std::path::PathBuf;

use faer::Mat;
use nncut::cluster::{
    ClusterParams, DenseGraph, Partition, Solver, SolverChoice, Symmetry, WeightedGraph, input,
    normalized_cut, spectral::PARTIAL_MIN_NODES, spectral_clustering,
};
use serde_json::Value;

/// Golden values where the partition is unique.
const GOLDEN: f64 = 1e-9;
/// nncut's n-cut against scikit-learn's on planted partitions.
const AGAINST_SKLEARN: f64 = 1e-6;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reference/cluster")
}

fn fixtures() -> Value {
    let text = std::fs::read_to_string(reference_dir().join("fixtures.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn floats(value: &Value) -> Vec<f64> {
    value.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn labels(value: &Value) -> Vec<Option<usize>> {
    let raw = value.as_array().unwrap().iter().map(|x| x.as_i64().unwrap());
    raw.map(|label| usize::try_from(label).ok()).collect()
}

fn adjacency(value: &Value) -> DenseGraph {
    let rows: Vec<Vec<f64>> = value.as_array().unwrap().iter().map(floats).collect();
    let a = Mat::from_fn(rows.len(), rows.len(), |i, j| rows[i][j]);
    DenseGraph::new(a, Symmetry::Require).unwrap()
}

fn cluster(graph: &DenseGraph, k: usize, solver: SolverChoice) -> Partition {
    let params = ClusterParams { k, solver, ..ClusterParams::default() };
    spectral_clustering(graph, &params).unwrap()
}

fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths differ");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() <= tolerance, "{what}[{i}]: nncut {a}, reference {e}");
    }
}

#[test]
fn the_weighted_path_splits_after_the_heavy_edge_with_ncut_32_over_255() {
    let case = &fixtures()["weighted_path"];
    let graph = adjacency(&case["adjacency"]);

    let partition = cluster(&graph, 2, SolverChoice::Auto);

    assert_eq!(partition.labels, labels(&case["labels"]));
    let found: Vec<usize> =
        (0..6).filter(|&i| partition.labels[i] == partition.labels[0]).collect();
    assert_eq!(found, [0, 1]);
    assert!((partition.ncut - 32.0 / 255.0).abs() < GOLDEN);
    assert!((partition.ncut - case["ncut"].as_f64().unwrap()).abs() < GOLDEN);
    assert_close(&partition.eigenvalues, &floats(&case["eigenvalues"])[..3], GOLDEN, "eigenvalues");
}

#[test]
fn the_unnormalized_laplacian_would_split_the_weighted_path_elsewhere() {
    let case = &fixtures()["weighted_path"];
    let graph = adjacency(&case["adjacency"]);
    let a = graph.adjacency();

    // The Fiedler vector of D - A, split by sign: the ratio-cut bisection.
    let degrees =
        Mat::from_fn(6, 6, |i, j| if i == j { (0..6).map(|c| a[(i, c)]).sum() } else { 0.0 });
    let unnormalized = (degrees - a).self_adjoint_eigen(faer::Side::Lower).unwrap();
    let fiedler = unnormalized.U().col(1);
    let side = |i: usize| fiedler[i] > 0.0;
    let by_sign: Vec<Option<usize>> =
        (0..6).map(|i| Some(usize::from(side(i) != side(0)))).collect();

    let normalized = cluster(&graph, 2, SolverChoice::Auto);
    let wrong = normalized_cut(&graph, &by_sign).unwrap();

    assert_eq!(by_sign, labels(&case["unnormalized_labels"]));
    assert_eq!(by_sign, [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)]);
    assert_ne!(by_sign, normalized.labels);
    // {0,1,2} | {3,4,5}: cut 2, volumes 20 and 12.
    assert!((wrong.ncut - (2.0 / 20.0 + 2.0 / 12.0)).abs() < GOLDEN);
    assert!(wrong.ncut > normalized.ncut);
}

#[test]
fn small_graphs_match_the_reference_eigenvalues_labels_and_ncut() {
    let fixtures = fixtures();
    for name in ["two_triangles", "triangle_and_isolated", "random_weighted"] {
        let case = &fixtures[name];
        let k = case["k"].as_u64().unwrap() as usize;
        let graph = adjacency(&case["adjacency"]);

        let partition = cluster(&graph, k, SolverChoice::Auto);

        let expected = floats(&case["eigenvalues"]);
        let count = partition.eigenvalues.len();
        assert_close(&partition.eigenvalues, &expected[..count], GOLDEN, name);
        assert_eq!(partition.labels, labels(&case["labels"]), "{name}");
        assert!((partition.ncut - case["ncut"].as_f64().unwrap()).abs() < GOLDEN, "{name}");
    }
}

#[test]
fn the_five_node_cycle_ncut_matches_the_reference() {
    let case = &fixtures()["five_nodes"];
    let graph = adjacency(&case["adjacency"]);

    let cut = normalized_cut(&graph, &labels(&case["labels"])).unwrap();

    assert!((cut.ncut - case["ncut"].as_f64().unwrap()).abs() < GOLDEN);
}

#[test]
fn planted_partitions_give_sklearns_ncut_with_either_solver() {
    for case in fixtures()["planted"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let k = case["k"].as_u64().unwrap() as usize;
        let path = reference_dir().join(case["file"].as_str().unwrap());
        let graph = input::read_graph(&path, Symmetry::Require).unwrap();
        let sklearn_ncut = case["sklearn_ncut"].as_f64().unwrap();

        for solver in [SolverChoice::Auto, SolverChoice::Dense] {
            let partition = cluster(&graph, k, solver);

            assert!(
                (partition.ncut - sklearn_ncut).abs() < AGAINST_SKLEARN,
                "{name} {solver:?}: nncut {}, sklearn {sklearn_ncut}",
                partition.ncut
            );
            assert_eq!(partition.labels, labels(&case["planted_labels"]), "{name}");
            let expected = floats(&case["eigenvalues"]);
            assert_close(&partition.eigenvalues, &expected, GOLDEN, name);
        }
        if graph.node_count() >= PARTIAL_MIN_NODES {
            assert_eq!(cluster(&graph, k, SolverChoice::Auto).solver, Solver::Partial, "{name}");
        }
    }
}

#[test]
fn isolated_nodes_change_neither_the_spectrum_nor_the_ncut_of_a_planted_graph() {
    let case = &fixtures()["planted"][1];
    let k = case["k"].as_u64().unwrap() as usize;
    let path = reference_dir().join(case["file"].as_str().unwrap());
    let matrix = input::read_matrix(&path).unwrap();
    let n = matrix.nrows();
    // Three isolated nodes: before the first, in the middle, after the last.
    let old_index = |i: usize| match i {
        0 => None,
        i if i == n / 2 + 1 => None,
        i if i == n + 2 => None,
        i if i <= n / 2 => Some(i - 1),
        i => Some(i - 2),
    };
    let padded = Mat::from_fn(n + 3, n + 3, |i, j| match (old_index(i), old_index(j)) {
        (Some(i), Some(j)) => matrix[(i, j)],
        _ => 0.0,
    });
    let graph = DenseGraph::new(padded, Symmetry::Require).unwrap();

    let partition = cluster(&graph, k, SolverChoice::Auto);

    assert_eq!(partition.solver, Solver::Partial);
    assert_eq!(partition.isolated, 3);
    assert_eq!(partition.labels[0], None);
    assert_eq!(partition.labels[n + 2], None);
    assert_close(&partition.eigenvalues, &floats(&case["eigenvalues"]), GOLDEN, "eigenvalues");
    assert!((partition.ncut - case["sklearn_ncut"].as_f64().unwrap()).abs() < AGAINST_SKLEARN);
}
