//! PyTorch's default initialisation and inverted dropout, checked statistically.

use nncut::model::{Activation, Mlp, ModelError, seeded_rng};
use nncut::train::fill_dropout_mask;

/// A statistic may stray this many standard errors from its expectation; the
/// chance of a false alarm is below 1e-6 per check.
const STANDARD_ERRORS: f64 = 5.0;

fn mean_and_variance(values: &[f32]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().map(|&v| v as f64).sum::<f64>() / n;
    let variance = values.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    (mean, variance)
}

#[test]
fn weights_and_biases_are_uniform_within_one_over_root_fan_in() {
    let mlp = Mlp::seeded(&[784, 256, 10], Activation::Relu, 0.0, 11).unwrap();

    for layer in &mlp.layers {
        let bound = 1.0 / (layer.inputs as f64).sqrt();
        for values in [&layer.weight, &layer.bias] {
            assert!(values.iter().all(|&v| (v as f64).abs() <= bound));

            // Uniform(-b, b): mean 0, variance b^2 / 3, and the variance of a
            // single squared draw is 4 b^4 / 45.
            let n = values.len() as f64;
            let (mean, variance) = mean_and_variance(values);
            let mean_error = (bound * bound / 3.0 / n).sqrt();
            let variance_error = (4.0 * bound.powi(4) / 45.0 / n).sqrt();
            assert!(mean.abs() < STANDARD_ERRORS * mean_error, "mean {mean}");
            let expected = bound * bound / 3.0;
            assert!(
                (variance - expected).abs() < STANDARD_ERRORS * variance_error,
                "var {variance}"
            );
        }
    }
}

#[test]
fn same_seed_gives_same_weights_and_another_seed_does_not() {
    let sizes = [20, 8, 3];
    let first = Mlp::seeded(&sizes, Activation::Tanh, 0.0, 5).unwrap();
    let again = Mlp::seeded(&sizes, Activation::Tanh, 0.0, 5).unwrap();
    let other = Mlp::seeded(&sizes, Activation::Tanh, 0.0, 6).unwrap();

    assert_eq!(first, again);
    assert_ne!(first.layers[0].weight, other.layers[0].weight);
}

#[test]
fn bad_layer_sizes_and_dropout_are_named() {
    let empty = Mlp::seeded(&[4, 0, 2], Activation::Relu, 0.0, 0).unwrap_err();
    assert!(matches!(empty, ModelError::EmptyLayer { position: 1 }));
    assert!(empty.to_string().starts_with("layer sizes"));

    let lone = Mlp::seeded(&[4], Activation::Relu, 0.0, 0).unwrap_err();
    assert!(lone.to_string().contains("at least an input and an output"));

    for dropout in [1.0, -0.1, 1.5, f32::NAN] {
        let error = Mlp::seeded(&[4, 2], Activation::Relu, dropout, 0).unwrap_err();
        assert!(error.to_string().starts_with("dropout"), "{error}");
    }
}

#[test]
fn dropout_keeps_one_minus_p_and_preserves_the_mean() {
    for p in [0.1f32, 0.5, 0.9] {
        let mut mask = vec![0.0f32; 200_000];
        fill_dropout_mask(&mut mask, p, &mut seeded_rng(9, 2), &mut Vec::new());

        let scale = 1.0 / (1.0 - p);
        assert!(mask.iter().all(|&m| m == 0.0 || m == scale));

        let n = mask.len() as f64;
        let kept = mask.iter().filter(|&&m| m > 0.0).count() as f64 / n;
        let keep = 1.0 - p as f64;
        let error = (keep * (1.0 - keep) / n).sqrt();
        assert!((kept - keep).abs() < STANDARD_ERRORS * error, "p {p}: kept {kept}");

        // Inverted dropout: the mask's mean is 1, so E[a * mask] = a.
        let (mean, _) = mean_and_variance(&mask);
        let mean_error = scale as f64 * error;
        assert!((mean - 1.0).abs() < STANDARD_ERRORS * mean_error, "p {p}: mean {mean}");
    }
}

#[test]
fn dropout_zero_keeps_every_unit_unscaled() {
    let mut mask = vec![0.0f32; 1000];
    fill_dropout_mask(&mut mask, 0.0, &mut seeded_rng(1, 2), &mut Vec::new());
    assert!(mask.iter().all(|&m| m == 1.0));
}
