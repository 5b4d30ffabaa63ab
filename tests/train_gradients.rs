//! The hand-written backward pass against central finite differences of the loss,
//! for every activation, on a tiny network.

use nncut::model::{Activation, Mlp};
use nncut::train::loss_and_gradients;

const SIZES: [usize; 4] = [5, 4, 4, 3];
const ROWS: usize = 6;
/// Step of the central difference: large enough that f32 rounding of the loss
/// (about 1e-7) stays below 1e-4 of the difference, small enough that the
/// second-order error is of the same size.
const STEP: f32 = 2e-3;
const ABSOLUTE: f32 = 3e-4;
const RELATIVE: f32 = 2e-2;
/// No pre-activation may lie within this distance of a kink (relu, leaky-relu,
/// elu at 0), or a finite difference would straddle it.
const KINK_MARGIN: f32 = 0.01;

fn batch() -> (Vec<f32>, Vec<u8>) {
    let images = (0..ROWS * SIZES[0]).map(|k| 0.5 + 0.5 * (0.77 * k as f32).sin()).collect();
    let labels = (0..ROWS).map(|r| (r % SIZES[3]) as u8).collect();
    (images, labels)
}

/// The loss in f64 from the network's own logits, so the differences see only
/// the forward pass's f32 rounding.
fn loss(mlp: &Mlp, images: &[f32], labels: &[u8]) -> f64 {
    let logits = mlp.logits(images, labels.len()).unwrap();
    let classes = SIZES[SIZES.len() - 1];
    let total: f64 = logits
        .chunks(classes)
        .zip(labels)
        .map(|(row, &label)| {
            let max = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
            let sum: f64 = row.iter().map(|&v| (v as f64 - max).exp()).sum();
            sum.ln() + max - row[label as usize] as f64
        })
        .sum();
    total / labels.len() as f64
}

/// The smallest |pre-activation| of any hidden neuron over the batch.
fn nearest_kink(mlp: &Mlp, images: &[f32]) -> f32 {
    let mut nearest = f32::INFINITY;
    let mut values = images.to_vec();
    for layer in &mlp.layers[..mlp.layers.len() - 1] {
        let single = Mlp { layers: vec![layer.clone()], ..mlp.clone() };
        let pre = single.logits(&values, ROWS).unwrap();
        nearest = pre.iter().fold(nearest, |n, z| n.min(z.abs()));
        values = pre.iter().map(|&z| mlp.activation.apply(z)).collect();
    }
    nearest
}

#[test]
fn backward_pass_matches_finite_differences_for_every_activation() {
    let (images, labels) = batch();

    for activation in Activation::ALL {
        let mlp = (0..100)
            .map(|seed| Mlp::seeded(&SIZES, activation, 0.0, seed).unwrap())
            .find(|mlp| nearest_kink(mlp, &images) > KINK_MARGIN)
            .expect("some seed keeps the batch away from kinks");
        let (_, gradients) = loss_and_gradients(&mlp, &images, &labels).unwrap();

        for (index, gradient) in gradients.iter().enumerate() {
            let analytic = gradient.weight.iter().chain(&gradient.bias);
            for (position, &expected) in analytic.enumerate() {
                let numeric = central_difference(&mlp, index, position, &images, &labels);
                let tolerance = ABSOLUTE + RELATIVE * numeric.abs();
                assert!(
                    (expected - numeric).abs() <= tolerance,
                    "{activation:?} layer {index} parameter {position}: \
                     backprop {expected}, finite difference {numeric}"
                );
            }
        }
    }
}

/// d loss / d parameter `position` of layer `index` (weights first, then biases).
fn central_difference(
    mlp: &Mlp,
    index: usize,
    position: usize,
    images: &[f32],
    labels: &[u8],
) -> f32 {
    let shifted = |delta: f32| {
        let mut copy = mlp.clone();
        let layer = &mut copy.layers[index];
        let weights = layer.weight.len();
        if position < weights {
            layer.weight[position] += delta;
        } else {
            layer.bias[position - weights] += delta;
        }
        loss(&copy, images, labels)
    };
    ((shifted(STEP) - shifted(-STEP)) / (2.0 * STEP as f64)) as f32
}
