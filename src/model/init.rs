//! Building an MLP with PyTorch's default initialisation.
//!
//! `nn.Linear(fan_in, fan_out)` draws its weight with `kaiming_uniform_(a = sqrt 5)`,
//! which is uniform in `+-gain sqrt(3 / fan_in)` with `gain = sqrt(2 / (1 + 5))`,
//! i.e. `+-1 / sqrt(fan_in)`; its bias is uniform in the same `+-1 / sqrt(fan_in)`.
//! Layers are drawn in order, each weight (row-major `[out, in]`) before its bias,
//! from one ChaCha8 stream of the seed (stream [`INIT_STREAM`]), so a seed fixes
//! the network whatever the training settings are.
//!
//! ```
//! use nncut::model::{Activation, Mlp};
//! let mlp = Mlp::seeded(&[4, 3, 2], Activation::Relu, 0.0, 7).unwrap();
//! assert_eq!(mlp.layer_sizes(), vec![4, 3, 2]);
//! assert!(mlp.layers[0].weight.iter().all(|w| w.abs() <= 0.5));
//! ```

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Activation, Linear, Mlp, ModelError};

/// The ChaCha stream of a seed that initial weights come from (training uses others).
pub const INIT_STREAM: u64 = 0;

/// A ChaCha8 generator for `seed` on its own `stream`: streams of one seed are
/// independent, so init, shuffling and dropout never consume each other's numbers.
pub fn seeded_rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

impl Linear {
    /// A `inputs -> outputs` layer with PyTorch's default initialisation.
    pub fn initialised(inputs: usize, outputs: usize, rng: &mut impl Rng) -> Self {
        let bound = 1.0 / (inputs as f32).sqrt();
        let weight = (0..inputs * outputs).map(|_| rng.random_range(-bound..bound)).collect();
        let bias = (0..outputs).map(|_| rng.random_range(-bound..bound)).collect();
        Self { inputs, outputs, weight, bias }
    }

    /// Number of trainable values (weight and bias).
    pub fn parameter_count(&self) -> usize {
        self.weight.len() + self.bias.len()
    }
}

impl Mlp {
    /// An MLP with `layer_sizes` (inputs first, outputs last), initialised from `rng`.
    pub fn initialised(
        layer_sizes: &[usize],
        activation: Activation,
        dropout: f32,
        rng: &mut impl Rng,
    ) -> Result<Self, ModelError> {
        check_layer_sizes(layer_sizes)?;
        check_dropout(dropout)?;

        let layers =
            layer_sizes.windows(2).map(|pair| Linear::initialised(pair[0], pair[1], rng)).collect();
        Ok(Self { layers, activation, dropout })
    }

    /// An MLP initialised from stream [`INIT_STREAM`] of `seed`.
    pub fn seeded(
        layer_sizes: &[usize],
        activation: Activation,
        dropout: f32,
        seed: u64,
    ) -> Result<Self, ModelError> {
        Self::initialised(layer_sizes, activation, dropout, &mut seeded_rng(seed, INIT_STREAM))
    }

    /// Number of trainable values in all layers.
    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(Linear::parameter_count).sum()
    }
}

/// At least an input and an output size, none of them 0.
pub fn check_layer_sizes(layer_sizes: &[usize]) -> Result<(), ModelError> {
    if layer_sizes.len() < 2 {
        return Err(ModelError::TooFewLayers(layer_sizes.len()));
    }
    match layer_sizes.iter().position(|&size| size == 0) {
        Some(position) => Err(ModelError::EmptyLayer { position }),
        None => Ok(()),
    }
}

/// A dropout probability in `[0, 1)`.
pub fn check_dropout(dropout: f32) -> Result<(), ModelError> {
    if (0.0..1.0).contains(&dropout) { Ok(()) } else { Err(ModelError::Dropout(dropout)) }
}
