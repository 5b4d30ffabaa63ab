//! The evaluation forward pass: logits, predictions, accuracy, and every layer's
//! values.
//!
//! For rows `X [count, n_0]`: `H_0 = X`, `H_l = f(H_(l-1) W_l^T + b_l)` for the
//! hidden layers and `logits = H_(L-1) W_L^T + b_L`, with `W_l [n_l, n_(l-1)]`.
//! Dropout is the identity in evaluation (inverted dropout scales in training).
//!
//! ```
//! use nncut::model::{Activation, Mlp};
//! let mlp = Mlp::seeded(&[3, 5, 2], Activation::Tanh, 0.0, 1).unwrap();
//! let values = mlp.record_values(&[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 2).unwrap();
//! assert_eq!(values.iter().map(Vec::len).collect::<Vec<_>>(), vec![6, 10, 4]);
//! ```

use super::activation::{activate_in_place, add_bias};
use super::gemm::{MatRef, matmul};
use super::{Linear, Mlp, ModelError};

/// Rows per block in [`Mlp::logits`]: bounds memory for any number of rows while
/// keeping each matrix product large enough to run at full speed.
const EVALUATION_BLOCK: usize = 1024;

impl Mlp {
    /// The logits `[count, n_L]` row-major for `images` `[count, n_0]` row-major.
    pub fn logits(&self, images: &[f32], count: usize) -> Result<Vec<f32>, ModelError> {
        self.check_input(images, count)?;
        let inputs = self.layers[0].inputs;
        let outputs = self.layers[self.layers.len() - 1].outputs;

        let mut logits = vec![0.0; count * outputs];
        let blocks = images.chunks(EVALUATION_BLOCK * inputs);
        for (block, out) in blocks.zip(logits.chunks_mut(EVALUATION_BLOCK * outputs)) {
            let values = self.forward_block(block, block.len() / inputs);
            out.copy_from_slice(&values[values.len() - 1]);
        }
        Ok(logits)
    }

    /// The most likely class of each row (the first one on a tie).
    pub fn predict(&self, images: &[f32], count: usize) -> Result<Vec<usize>, ModelError> {
        let logits = self.logits(images, count)?;
        let outputs = self.layers[self.layers.len() - 1].outputs;
        Ok(logits.chunks_exact(outputs).map(argmax).collect())
    }

    /// The fraction of rows whose predicted class is their label.
    pub fn accuracy(&self, images: &[f32], labels: &[u8], count: usize) -> Result<f64, ModelError> {
        if labels.len() != count {
            return Err(ModelError::LabelCount { labels: labels.len(), count });
        }
        let predictions = self.predict(images, count)?;
        let correct = predictions.iter().zip(labels).filter(|&(&p, &l)| p == l as usize).count();
        Ok(correct as f64 / count.max(1) as f64)
    }

    /// Every layer's values in evaluation mode: the inputs, each hidden layer after
    /// its activation, and the logits; entry `l` is `[count, n_l]` row-major.
    pub fn record_values(&self, images: &[f32], count: usize) -> Result<Vec<Vec<f32>>, ModelError> {
        self.check_input(images, count)?;
        Ok(self.forward_block(images, count))
    }

    /// The forward pass over all `count` rows at once, keeping every layer.
    fn forward_block(&self, images: &[f32], count: usize) -> Vec<Vec<f32>> {
        let mut values = Vec::with_capacity(self.layers.len() + 1);
        values.push(images.to_vec());

        let last = self.layers.len() - 1;
        for (index, layer) in self.layers.iter().enumerate() {
            let mut out = vec![0.0; count * layer.outputs];
            linear_forward(layer, &values[index], count, &mut out);
            if index < last {
                activate_in_place(&mut out, self.activation);
            }
            values.push(out);
        }
        values
    }

    fn check_input(&self, images: &[f32], count: usize) -> Result<(), ModelError> {
        let inputs = self.layers[0].inputs;
        if images.len() != count * inputs {
            return Err(ModelError::InputShape { values: images.len(), count, inputs });
        }
        Ok(())
    }
}

/// `out = x W^T + b` for `x` `[count, inputs]`, `out` `[count, outputs]`.
fn linear_forward(layer: &Linear, x: &[f32], count: usize, out: &mut [f32]) {
    let x = MatRef::row_major(x, count, layer.inputs);
    let weight_t = MatRef::row_major(&layer.weight, layer.outputs, layer.inputs).t();
    matmul(x, weight_t, 0.0, out);
    add_bias(out, &layer.bias);
}

/// Index of the largest value; the first on a tie, and NaN never wins.
pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (index, &value) in values.iter().enumerate() {
        if value > values[best] {
            best = index;
        }
    }
    best
}
