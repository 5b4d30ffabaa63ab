//! The multilayer perceptron: layer sizes, activation, dropout, forward pass,
//! checkpoints.
//!
//! Shapes: layer `l` maps `inputs` values to `outputs` values with a weight held
//! as `[outputs, inputs]`, row-major (PyTorch's `nn.Linear` layout), and a bias
//! of `outputs` values. The activation follows every layer but the last; the
//! last layer's outputs are the logits.

pub mod activation;
pub mod checkpoint;
mod error;
mod forward;
pub(crate) mod gemm;
pub mod import;
pub mod init;

pub use error::ModelError;
pub use forward::argmax;
pub use init::seeded_rng;

use serde::{Deserialize, Serialize};

/// The nonlinearity applied after every hidden layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    Relu,
    Sigmoid,
    Tanh,
    Gelu,
    Silu,
    Elu,
    LeakyRelu,
    Identity,
}

/// One fully connected layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Linear {
    pub inputs: usize,
    pub outputs: usize,
    /// `[outputs, inputs]`, row-major: `weight[o * inputs + i]` joins input `i` to output `o`.
    pub weight: Vec<f32>,
    /// `[outputs]`.
    pub bias: Vec<f32>,
}

/// A sequential MLP: `layers[0]` takes the input pixels, the last layer gives logits.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    pub layers: Vec<Linear>,
    pub activation: Activation,
    /// Dropout probability after each hidden activation during training (0 = none).
    pub dropout: f32,
}

impl Mlp {
    /// Neuron counts per layer, inputs first and outputs last (`layers.len() + 1` values).
    pub fn layer_sizes(&self) -> Vec<usize> {
        layer_sizes_of(&self.layers)
    }
}

/// Neuron counts of a chain of layers: the first layer's inputs, then every
/// layer's outputs.
pub fn layer_sizes_of(layers: &[Linear]) -> Vec<usize> {
    let inputs = layers.first().map(|layer| layer.inputs);
    inputs.into_iter().chain(layers.iter().map(|layer| layer.outputs)).collect()
}
