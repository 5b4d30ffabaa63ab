//! The evaluation forward pass against a plain triple loop, and the per-layer
//! values that the Spearman graph is built from.

use nncut::model::{Activation, Mlp, ModelError};

const TOLERANCE: f32 = 1e-5;

/// `f(x W^T + b)` layer by layer with plain loops, in f64.
fn brute_force(mlp: &Mlp, images: &[f32], count: usize) -> Vec<Vec<f32>> {
    let mut values = vec![images.to_vec()];
    for (index, layer) in mlp.layers.iter().enumerate() {
        let input = &values[index];
        let mut out = vec![0.0f32; count * layer.outputs];
        for row in 0..count {
            for o in 0..layer.outputs {
                let mut sum = layer.bias[o] as f64;
                for i in 0..layer.inputs {
                    sum += layer.weight[o * layer.inputs + i] as f64
                        * input[row * layer.inputs + i] as f64;
                }
                let hidden = index + 1 < mlp.layers.len();
                out[row * layer.outputs + o] =
                    if hidden { mlp.activation.apply(sum as f32) } else { sum as f32 };
            }
        }
        values.push(out);
    }
    values
}

fn images(count: usize, inputs: usize) -> Vec<f32> {
    (0..count * inputs).map(|k| ((k * 7919) % 1000) as f32 / 1000.0).collect()
}

#[test]
fn record_values_gives_every_layer_as_plain_loops_compute_it() {
    let sizes = [30, 17, 9, 4];
    let count = 2500; // more than one evaluation block
    let input = images(count, sizes[0]);

    for activation in Activation::ALL {
        let mlp = Mlp::seeded(&sizes, activation, 0.0, 21).unwrap();
        let values = mlp.record_values(&input, count).unwrap();
        let expected = brute_force(&mlp, &input, count);

        assert_eq!(values.len(), sizes.len());
        for (layer, (got, want)) in values.iter().zip(&expected).enumerate() {
            assert_eq!(got.len(), count * sizes[layer]);
            for (k, (&g, &w)) in got.iter().zip(want).enumerate() {
                assert!((g - w).abs() <= TOLERANCE * (1.0 + w.abs()), "{activation:?} {layer}/{k}");
            }
        }
        assert_eq!(mlp.logits(&input, count).unwrap(), values[sizes.len() - 1]);
    }
}

#[test]
fn evaluation_ignores_dropout() {
    let input = images(50, 12);
    let plain = Mlp::seeded(&[12, 8, 3], Activation::Relu, 0.0, 4).unwrap();
    let dropped = Mlp { dropout: 0.5, ..plain.clone() };

    assert_eq!(plain.logits(&input, 50).unwrap(), dropped.logits(&input, 50).unwrap());
}

#[test]
fn accuracy_counts_rows_whose_largest_logit_is_the_label() {
    let mlp = Mlp::seeded(&[6, 5, 3], Activation::Sigmoid, 0.0, 8).unwrap();
    let input = images(40, 6);
    let predicted: Vec<u8> =
        mlp.predict(&input, 40).unwrap().into_iter().map(|class| class as u8).collect();
    let mut labels = predicted.clone();
    for label in labels.iter_mut().take(10) {
        *label = (*label + 1) % 3;
    }

    assert_eq!(mlp.accuracy(&input, &predicted, 40).unwrap(), 1.0);
    assert_eq!(mlp.accuracy(&input, &labels, 40).unwrap(), 0.75);
}

#[test]
fn input_of_the_wrong_shape_is_an_error_naming_the_sizes() {
    let mlp = Mlp::seeded(&[6, 3], Activation::Relu, 0.0, 0).unwrap();
    let error = mlp.record_values(&[0.0; 13], 2).unwrap_err();

    assert!(matches!(error, ModelError::InputShape { values: 13, count: 2, inputs: 6 }));
    assert!(mlp.accuracy(&[0.0; 12], &[0], 2).is_err());
}
