//! The layered graph through the cluster stage: the same partition as its dense
//! matrix, and the n-cut that NumPy/SciPy/scikit-learn find for a small PyTorch
//! network (`reference/graph/analyze_small_reference.py`).

use std::path::Path;

use faer::Mat;
use nncut::cluster::{ClusterParams, DenseGraph, Symmetry, WeightedGraph, spectral_clustering};
use nncut::graph::LayeredGraph;
use nncut::model::Activation;
use nncut::model::import::read_safetensors;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

/// Largest n-cut difference between two computations of the same partition.
const TOLERANCE: f64 = 1e-9;

fn reference_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/graph").join(name)
}

fn small_network_graph() -> LayeredGraph {
    let imported = read_safetensors(&reference_path("import_ten_layers.safetensors")).unwrap();
    LayeredGraph::from_weights(&imported.into_mlp(Activation::Relu)).unwrap()
}

#[test]
fn weights_graph_ncut_matches_scikit_learn_reference() {
    let graph = small_network_graph();
    let text = std::fs::read_to_string(reference_path("analyze_small_fixture.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();

    for k in [2, 3] {
        let params = ClusterParams { k, ..ClusterParams::default() };

        let partition = spectral_clustering(&graph, &params).unwrap();

        let expected = &fixture["k"][k.to_string()];
        let reference = expected["ncut"].as_f64().unwrap();
        assert!(
            (partition.ncut - reference).abs() < TOLERANCE,
            "k = {k}: {} vs {reference}",
            partition.ncut
        );
        let mut ours: Vec<usize> = partition.clusters.iter().map(|c| c.size).collect();
        let mut theirs: Vec<usize> = expected["cluster_sizes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap() as usize)
            .collect();
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs, "k = {k}");
    }
}

#[test]
fn layered_and_dense_graphs_cluster_alike() {
    let graph = small_network_graph();
    let dense = DenseGraph::new(graph.dense_adjacency(), Symmetry::Require).unwrap();
    let params = ClusterParams { k: 3, seed: 11, ..ClusterParams::default() };

    let layered = spectral_clustering(&graph, &params).unwrap();
    let reference = spectral_clustering(&dense, &params).unwrap();

    assert!((layered.ncut - reference.ncut).abs() < TOLERANCE);
    assert_eq!(layered.labels, reference.labels);
    for (ours, theirs) in WeightedGraph::degrees(&graph).iter().zip(dense.degrees()) {
        assert!((ours - theirs).abs() < TOLERANCE);
    }
}

#[test]
fn union_find_components_agree_with_the_dense_graph() {
    // Sparse random blocks: several components and some isolated nodes.
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let sizes = vec![9, 7, 8, 5];
    let blocks = sizes
        .windows(2)
        .map(|pair| {
            Mat::from_fn(pair[0], pair[1], |_, _| {
                if rng.random_bool(0.08) { rng.random_range(0.1..1.0) } else { 0.0 }
            })
        })
        .collect();
    let graph = LayeredGraph::new(sizes, blocks).unwrap();
    let dense = DenseGraph::new(graph.dense_adjacency(), Symmetry::Require).unwrap();

    let ours = WeightedGraph::components(&graph);

    assert_eq!(ours, dense.components());
    assert!(ours.count > 1, "the test graph should fall apart, got {} component(s)", ours.count);
    assert!(ours.labels.contains(&None), "the test graph should have isolated nodes");
}
