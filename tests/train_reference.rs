//! nncut's forward pass, loss, gradients and Adam steps against PyTorch's, for
//! every activation. The expected values are reference/train/fixture.json, written
//! by reference/train/reference.py from fixed weights.

use nncut::model::{Activation, Linear, Mlp};
use nncut::train::{Adam, AdamSettings, loss_and_gradients};
use serde_json::Value;

/// f32 arithmetic in a different order (and PyTorch's vectorised erf/exp) differs
/// from PyTorch by a few units in the last place of values of order 1.
const ABSOLUTE: f32 = 1e-6;
const RELATIVE: f32 = 1e-5;

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/reference/train/fixture.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(value: &Value) -> Vec<f32> {
    value.as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect()
}

fn activation(name: &str) -> Activation {
    *Activation::ALL.iter().find(|a| a.name() == name).unwrap()
}

fn network(fixture: &Value, activation: Activation) -> Mlp {
    let sizes: Vec<usize> =
        fixture["sizes"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    let layers = sizes
        .windows(2)
        .enumerate()
        .map(|(index, pair)| Linear {
            inputs: pair[0],
            outputs: pair[1],
            weight: floats(&fixture["parameters"][format!("fc{}.weight", index + 1)]),
            bias: floats(&fixture["parameters"][format!("fc{}.bias", index + 1)]),
        })
        .collect();
    Mlp { layers, activation, dropout: 0.0 }
}

fn assert_close(actual: &[f32], expected: &[f32], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths");
    for (index, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        let tolerance = ABSOLUTE + RELATIVE * e.abs();
        assert!((a - e).abs() <= tolerance, "{what}[{index}]: nncut {a}, PyTorch {e}");
    }
}

fn inputs(fixture: &Value) -> (Vec<f32>, Vec<u8>) {
    let images = floats(&fixture["inputs"]);
    let labels = fixture["labels"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u8);
    (images, labels.collect())
}

#[test]
fn forward_pass_matches_pytorch_for_every_activation() {
    let fixture = fixture();
    let (images, labels) = inputs(&fixture);

    for (name, expected) in fixture["activations"].as_object().unwrap() {
        let mlp = network(&fixture, activation(name));
        let logits = mlp.logits(&images, labels.len()).unwrap();
        assert_close(&logits, &floats(&expected["logits"]), &format!("{name} logits"));
    }
}

#[test]
fn loss_and_gradients_match_pytorch_for_every_activation() {
    let fixture = fixture();
    let (images, labels) = inputs(&fixture);

    for (name, expected) in fixture["activations"].as_object().unwrap() {
        let mlp = network(&fixture, activation(name));
        let (loss, gradients) = loss_and_gradients(&mlp, &images, &labels).unwrap();

        let expected_loss = expected["loss"].as_f64().unwrap() as f32;
        assert_close(&[loss], &[expected_loss], &format!("{name} loss"));
        for (index, gradient) in gradients.iter().enumerate() {
            let weight = &expected["gradients"][format!("fc{}.weight", index + 1)];
            let bias = &expected["gradients"][format!("fc{}.bias", index + 1)];
            assert_close(&gradient.weight, &floats(weight), &format!("{name} dW{}", index + 1));
            assert_close(&gradient.bias, &floats(bias), &format!("{name} db{}", index + 1));
        }
    }
}

#[test]
fn adam_steps_match_pytorch_for_every_activation() {
    let fixture = fixture();
    let (images, labels) = inputs(&fixture);

    for (name, expected) in fixture["activations"].as_object().unwrap() {
        let mut mlp = network(&fixture, activation(name));
        let mut adam = Adam::new(&mlp, AdamSettings::default());

        let mut losses = Vec::new();
        for _ in 0..fixture["adam_steps"].as_u64().unwrap() {
            let (loss, gradients) = loss_and_gradients(&mlp, &images, &labels).unwrap();
            adam.step(&mut mlp, &gradients);
            losses.push(loss);
        }

        assert_close(&losses, &floats(&expected["adam_losses"]), &format!("{name} losses"));
        for (index, layer) in mlp.layers.iter().enumerate() {
            let weight = &expected["adam_parameters"][format!("fc{}.weight", index + 1)];
            let bias = &expected["adam_parameters"][format!("fc{}.bias", index + 1)];
            assert_close(&layer.weight, &floats(weight), &format!("{name} W{}", index + 1));
            assert_close(&layer.bias, &floats(bias), &format!("{name} b{}", index + 1));
        }
    }
}
