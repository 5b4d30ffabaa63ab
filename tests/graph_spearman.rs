//! The Spearman graph against mathematics, a brute-force per-edge computation and
//! SciPy (`reference/graph/spearman_reference.py` wrote `spearman_fixture.json`).

use nncut::graph::{GraphError, LayerValues, LayeredGraph, SpearmanOptions};
use serde_json::Value;

/// Largest difference allowed between two computations of the same |rho|.
const TOLERANCE: f64 = 1e-9;

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/reference/graph/spearman_fixture.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn numbers(value: &Value) -> Vec<f64> {
    value.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// Two neurons recorded over the same samples, as a 1-1 layered network.
fn pair_graph(a: &[f32], b: &[f32], options: SpearmanOptions) -> Result<f64, GraphError> {
    let values = vec![a.to_vec(), b.to_vec()];
    let values = LayerValues::new(&values, &[1, 1], a.len())?;
    Ok(LayeredGraph::from_spearman(&values, options)?.graph.block(0)[(0, 0)])
}

/// Average ranks the slow, obvious way: 1 + (values below) + (ties - 1) / 2.
fn brute_force_ranks(values: &[f64]) -> Vec<f64> {
    let rank = |&x: &f64| {
        let below = values.iter().filter(|&&y| y < x).count() as f64;
        let equal = values.iter().filter(|&&y| y == x).count() as f64;
        1.0 + below + (equal - 1.0) / 2.0
    };
    values.iter().map(rank).collect()
}

/// |Pearson correlation| of the two neurons' ranks, 0 if either is constant.
fn brute_force_abs_rho(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (brute_force_ranks(a), brute_force_ranks(b));
    let mean = |r: &[f64]| r.iter().sum::<f64>() / r.len() as f64;
    let (ma, mb) = (mean(&ra), mean(&rb));
    let covariance: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let square = |r: &[f64], m: f64| r.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
    let (sa, sb) = (square(&ra, ma), square(&rb, mb));
    if sa == 0.0 || sb == 0.0 { 0.0 } else { (covariance / (sa * sb).sqrt()).abs() }
}

#[test]
fn tied_values_use_average_ranks() {
    let a = [1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 5.0];
    let b = [2.0, 1.0, 3.0, 3.0, 5.0, 4.0, 6.0, 6.0];

    let rho = pair_graph(&a, &b, SpearmanOptions::default()).unwrap();

    // Average ranks a = [1, 2.5, 2.5, 4, 6, 6, 6, 8], b = [2, 1, 3.5, 3.5, 6, 5, 7.5, 7.5]:
    // centred cross products sum to 36.25, squares to 39.5 and 41.
    let by_hand = 36.25 / (39.5_f64 * 41.0).sqrt();
    assert!((rho - by_hand).abs() < TOLERANCE, "{rho} vs {by_hand}");
    let scipy = fixture()["ties"]["abs_rho"].as_f64().unwrap();
    assert!((rho - scipy).abs() < TOLERANCE, "{rho} vs SciPy {scipy}");
    // The no-ties shortcut 1 - 6 sum d^2 / (n (n^2 - 1)) would give 1 - 48 / 504.
    assert!((rho - (1.0 - 48.0 / 504.0)).abs() > 1e-3);
}

#[test]
fn negative_zero_ties_with_zero() {
    let a = [0.0, -0.0, 1.0, 2.0];
    let b = [5.0, 5.0, 6.0, 7.0];

    let rho = pair_graph(&a, &b, SpearmanOptions::default()).unwrap();

    assert_eq!(rho, 1.0);
}

#[test]
fn constant_neurons_get_no_edges_and_are_counted() {
    // Layer 0: two constant neurons, then two live ones; layer 1: one neuron that
    // runs exactly against live neuron 2 and with live neuron 3.
    let samples = 5;
    let upper: Vec<f32> = (0..samples).flat_map(|s| [0.0, 3.5, s as f32, (s * s) as f32]).collect();
    let lower: Vec<f32> = (0..samples).map(|s| -(s as f32) * 2.0).collect();
    let values = vec![upper, lower];
    let values = LayerValues::new(&values, &[4, 1], samples).unwrap();

    let spearman = LayeredGraph::from_spearman(&values, SpearmanOptions::default()).unwrap();

    let block = spearman.graph.block(0);
    assert_eq!((block[(0, 0)], block[(1, 0)]), (0.0, 0.0));
    assert_eq!((block[(2, 0)], block[(3, 0)]), (1.0, 1.0));
    assert_eq!(spearman.constant_neurons, vec![2, 0]);
}

#[test]
fn constant_epsilon_goes_only_on_undefined_edges() {
    let samples = 5;
    let upper: Vec<f32> = (0..samples).flat_map(|s| [0.0, 3.5, s as f32]).collect();
    let lower: Vec<f32> = (0..samples).flat_map(|s| [7.0, -(s as f32)]).collect();
    let values = vec![upper, lower];
    let values = LayerValues::new(&values, &[3, 2], samples).unwrap();
    let options = SpearmanOptions { constant_epsilon: 1e-10 };

    let spearman = LayeredGraph::from_spearman(&values, options).unwrap();

    let block = spearman.graph.block(0);
    for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)] {
        assert_eq!(block[(i, j)], 1e-10, "edge ({i}, {j})");
    }
    assert_eq!(block[(2, 1)], 1.0);
    assert_eq!(spearman.constant_neurons, vec![2, 1]);
}

#[test]
fn small_network_matches_brute_force_and_scipy() {
    let fixture = fixture();
    let network = &fixture["network"];
    let sizes: Vec<usize> = numbers(&network["sizes"]).iter().map(|&x| x as usize).collect();
    let samples = network["samples"].as_u64().unwrap() as usize;
    let values: Vec<Vec<f32>> = network["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|layer| numbers(layer).iter().map(|&x| x as f32).collect())
        .collect();
    let layer_values = LayerValues::new(&values, &sizes, samples).unwrap();

    let spearman = LayeredGraph::from_spearman(&layer_values, SpearmanOptions::default()).unwrap();

    let constant: Vec<usize> =
        numbers(&network["constant_neurons"]).iter().map(|&x| x as usize).collect();
    assert_eq!(spearman.constant_neurons, constant);
    assert!(constant.iter().sum::<usize>() > 0, "the fixture should hold constant neurons");
    let column = |layer: usize, neuron: usize| -> Vec<f64> {
        (0..samples).map(|s| f64::from(values[layer][s * sizes[layer] + neuron])).collect()
    };
    for (pair, expected) in network["blocks"].as_array().unwrap().iter().enumerate() {
        let expected = numbers(expected);
        let block = spearman.graph.block(pair);
        for i in 0..sizes[pair] {
            for j in 0..sizes[pair + 1] {
                let brute = brute_force_abs_rho(&column(pair, i), &column(pair + 1, j));
                let scipy = expected[i * sizes[pair + 1] + j];
                let ours = block[(i, j)];
                assert!(
                    (ours - brute).abs() < TOLERANCE,
                    "edge {pair}:({i},{j}) {ours} vs {brute}"
                );
                assert!(
                    (ours - scipy).abs() < TOLERANCE,
                    "edge {pair}:({i},{j}) {ours} vs {scipy}"
                );
            }
        }
    }
}

#[test]
fn large_layers_match_brute_force_on_sampled_edges() {
    // More neurons than one ranking block and enough samples for many ties, so
    // the blocked, threaded ranking is exercised past its edges.
    let (samples, sizes) = (300, [37, 21]);
    let value = |s: usize, n: usize, salt: usize| ((s * 7919 + n * 104_729 + salt) % 13) as f32;
    let values: Vec<Vec<f32>> = sizes
        .iter()
        .enumerate()
        .map(|(l, &size)| (0..samples * size).map(|p| value(p / size, p % size, l)).collect())
        .collect();
    let layer_values = LayerValues::new(&values, &sizes, samples).unwrap();

    let spearman = LayeredGraph::from_spearman(&layer_values, SpearmanOptions::default()).unwrap();

    let column = |layer: usize, neuron: usize| -> Vec<f64> {
        (0..samples).map(|s| f64::from(values[layer][s * sizes[layer] + neuron])).collect()
    };
    for (i, j) in [(0, 0), (15, 3), (16, 20), (31, 7), (32, 0), (36, 20)] {
        let brute = brute_force_abs_rho(&column(0, i), &column(1, j));
        let ours = spearman.graph.block(0)[(i, j)];
        assert!((ours - brute).abs() < TOLERANCE, "edge ({i},{j}) {ours} vs {brute}");
    }
}

#[test]
fn non_finite_value_names_layer_neuron_and_sample() {
    let values = vec![vec![1.0, 2.0, 3.0, 4.0], vec![1.0, f32::NAN]];

    let error = LayerValues::new(&values, &[2, 1], 2).unwrap_err();

    assert_eq!(error.to_string(), "layer 1, neuron 0, sample 1: value is NaN");
}

#[test]
fn infinite_value_is_rejected() {
    let values = vec![vec![1.0, 2.0, f32::INFINITY, 4.0], vec![1.0, 2.0]];

    let error = LayerValues::new(&values, &[2, 1], 2).unwrap_err();

    assert_eq!(
        error,
        GraphError::NonFiniteValue { layer: 0, neuron: 0, sample: 1, value: f32::INFINITY }
    );
}

#[test]
fn bad_shapes_and_options_are_named() {
    let values = vec![vec![1.0, 2.0, 3.0], vec![1.0, 2.0]];
    let error = LayerValues::new(&values, &[2, 1], 2).unwrap_err();
    assert_eq!(error, GraphError::ValueLength { layer: 0, found: 3, samples: 2, size: 2 });

    let values = vec![vec![1.0], vec![2.0]];
    let error = LayerValues::new(&values, &[1, 1], 1).unwrap_err();
    assert_eq!(error, GraphError::TooFewSamples { samples: 1 });

    let values = vec![vec![1.0, 2.0], vec![2.0, 1.0]];
    let values = LayerValues::new(&values, &[1, 1], 2).unwrap();
    let options = SpearmanOptions { constant_epsilon: -1.0 };
    let error = LayeredGraph::from_spearman(&values, options).unwrap_err();
    assert!(error.to_string().contains("constant_epsilon"), "{error}");
}
