//! The layered graph: its block-wise products against the dense matrix, and
//! the weights graph against the model's `[out, in]` layout.

use faer::Mat;
use nncut::graph::{GraphError, LayeredGraph};
use nncut::model::{Activation, Linear, Mlp};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Largest difference allowed between block-wise and dense sums of the same terms.
const TOLERANCE: f64 = 1e-12;

fn random_graph(sizes: &[usize], rng: &mut ChaCha8Rng) -> LayeredGraph {
    let blocks = sizes
        .windows(2)
        .map(|pair| Mat::from_fn(pair[0], pair[1], |_, _| rng.random_range(0.0..1.0)))
        .collect();
    LayeredGraph::new(sizes.to_vec(), blocks).unwrap()
}

fn linear(inputs: usize, outputs: usize, weight: Vec<f32>) -> Linear {
    Linear { inputs, outputs, weight, bias: vec![0.0; outputs] }
}

#[test]
fn multiply_adjacency_equals_dense_product() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let graph = random_graph(&[7, 5, 6, 3], &mut rng);
    let input = Mat::from_fn(21, 4, |_, _| rng.random_range(-1.0..1.0));
    let mut output = Mat::from_fn(21, 4, |_, _| f64::NAN);

    graph.multiply_adjacency(input.as_ref(), output.as_mut());

    let dense = graph.dense_adjacency();
    let expected = &dense * &input;
    for j in 0..4 {
        for i in 0..21 {
            assert!((output[(i, j)] - expected[(i, j)]).abs() < TOLERANCE, "({i}, {j})");
        }
    }
}

#[test]
fn dense_adjacency_is_symmetric_with_empty_diagonal_blocks() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let graph = random_graph(&[3, 4, 2], &mut rng);

    let dense = graph.dense_adjacency();

    for i in 0..9 {
        for j in 0..9 {
            assert_eq!(dense[(i, j)], dense[(j, i)]);
            let (li, lj) = (graph.layer_of(i), graph.layer_of(j));
            if li.abs_diff(lj) != 1 {
                assert_eq!(dense[(i, j)], 0.0, "({i}, {j}) joins layers {li} and {lj}");
            }
        }
    }
    assert_eq!(dense[(1, 3 + 2)], graph.block(0)[(1, 2)]);
    assert_eq!(dense[(3 + 4 + 1, 3 + 3)], graph.block(1)[(3, 1)]);
}

#[test]
fn degrees_are_dense_row_sums() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let graph = random_graph(&[4, 6, 5, 2], &mut rng);

    let degrees = graph.degrees();

    let dense = graph.dense_adjacency();
    for (i, degree) in degrees.iter().enumerate() {
        let row_sum: f64 = (0..graph.node_count()).map(|j| dense[(i, j)]).sum();
        assert!((degree - row_sum).abs() < TOLERANCE, "node {i}");
    }
}

#[test]
fn global_numbering_puts_inputs_first() {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let graph = random_graph(&[3, 4, 2], &mut rng);

    assert_eq!(graph.layer_offsets(), &[0, 3, 7, 9]);
    assert_eq!((0..9).map(|n| graph.layer_of(n)).collect::<Vec<_>>(), [0, 0, 0, 1, 1, 1, 1, 2, 2]);
}

#[test]
fn weights_graph_reads_weights_as_out_by_in() {
    // Layer 0: 2 inputs, 3 outputs, weight[o][i] = 10 o + i + 1 (negated for odd o).
    let weight = (0..3)
        .flat_map(|o| {
            (0..2).map(move |i| (10 * o + i + 1) as f32 * if o % 2 == 1 { -1.0 } else { 1.0 })
        })
        .collect();
    let mlp = Mlp {
        layers: vec![linear(2, 3, weight), linear(3, 1, vec![0.5, -0.25, 2.0])],
        activation: Activation::Relu,
        dropout: 0.0,
    };

    let graph = LayeredGraph::from_weights(&mlp).unwrap();

    assert_eq!(graph.layer_sizes(), &[2, 3, 1]);
    // Input 1 to hidden 1 is weight[1][1] = -12; read as [in, out] it would be 11.
    assert_eq!(graph.block(0)[(1, 1)], 12.0);
    assert_eq!(graph.block(0)[(0, 2)], 21.0);
    assert_eq!(graph.block(1)[(1, 0)], 0.25);
}

#[test]
fn weights_graph_rejects_inconsistent_models() {
    let short = Mlp {
        layers: vec![linear(2, 3, vec![1.0; 5])],
        activation: Activation::Relu,
        dropout: 0.0,
    };
    assert_eq!(
        LayeredGraph::from_weights(&short).unwrap_err(),
        GraphError::WeightLength { layer: 0, found: 5, outputs: 3, inputs: 2 }
    );

    let broken = Mlp {
        layers: vec![linear(2, 3, vec![1.0; 6]), linear(4, 1, vec![1.0; 4])],
        activation: Activation::Relu,
        dropout: 0.0,
    };
    let error = LayeredGraph::from_weights(&broken).unwrap_err();
    assert_eq!(error.to_string(), "model layer 1 takes 4 inputs but layer 0 gives 3");

    let mut weight = vec![1.0; 6];
    weight[5] = f32::NAN;
    let poisoned =
        Mlp { layers: vec![linear(2, 3, weight)], activation: Activation::Relu, dropout: 0.0 };
    let error = LayeredGraph::from_weights(&poisoned).unwrap_err();
    assert_eq!(error.to_string(), "model layer 0: weight [2, 1] is NaN");
}

#[test]
fn new_rejects_bad_blocks() {
    let error = LayeredGraph::new(vec![2, 2], vec![Mat::zeros(2, 3)]).unwrap_err();
    assert_eq!(
        error,
        GraphError::BlockShape { block: 0, rows: 2, cols: 3, expected_rows: 2, expected_cols: 2 }
    );

    let negative = Mat::from_fn(2, 2, |i, j| if (i, j) == (1, 0) { -0.5 } else { 1.0 });
    let error = LayeredGraph::new(vec![2, 2], vec![negative]).unwrap_err();
    assert_eq!(error, GraphError::BadEdge { block: 0, row: 1, col: 0, value: -0.5 });

    assert_eq!(
        LayeredGraph::new(vec![2], vec![]).unwrap_err(),
        GraphError::TooFewLayers { layers: 1 }
    );
    let error = LayeredGraph::new(vec![2, 0], vec![Mat::zeros(2, 0)]).unwrap_err();
    assert_eq!(error, GraphError::EmptyLayer { layer: 1 });
}

#[test]
fn layer_composition_counts_neurons_per_layer_and_cluster() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let graph = random_graph(&[3, 2, 2], &mut rng);
    let labels = [Some(0), Some(2), None, Some(2), Some(0), Some(1), Some(2)];

    let composition = graph.layer_composition(&labels, 3).unwrap();

    assert_eq!(composition.clusters, vec![vec![1, 1, 0], vec![0, 0, 1], vec![1, 1, 1]]);
    assert_eq!(composition.unassigned, vec![1, 0, 0]);

    let error = graph.layer_composition(&labels, 2).unwrap_err();
    assert_eq!(error, GraphError::LabelOutOfRange { node: 1, label: 2, clusters: 2 });
    let error = graph.layer_composition(&labels[..6], 3).unwrap_err();
    assert_eq!(error, GraphError::LabelCount { found: 6, nodes: 7 });
}

#[test]
fn component_count_ignores_isolated_nodes() {
    // Layers 3-2-2: node 0 joins node 3, which joins node 5; node 1 joins node 4,
    // which joins node 6; node 2 has no edge at all.
    let first =
        Mat::from_fn(3, 2, |i, j| if (i, j) == (0, 0) || (i, j) == (1, 1) { 0.5 } else { 0.0 });
    let second = Mat::from_fn(2, 2, |i, j| if i == j { 2.0 } else { 0.0 });
    let graph = LayeredGraph::new(vec![3, 2, 2], vec![first, second]).unwrap();

    assert_eq!(graph.components().count, 2);

    let joined = Mat::from_fn(2, 2, |i, j| if i == j || (i, j) == (0, 1) { 2.0 } else { 0.0 });
    let first =
        Mat::from_fn(3, 2, |i, j| if (i, j) == (0, 0) || (i, j) == (1, 1) { 0.5 } else { 0.0 });
    let graph = LayeredGraph::new(vec![3, 2, 2], vec![first, joined]).unwrap();
    assert_eq!(graph.components().count, 1);
}
