//! Method 1: a network's graph from its trained weights.
//!
//! Edge `(i, j)` between neuron `i` of layer `l` and neuron `j` of layer `l + 1` is
//! `|w|`, where `w` is the weight of model layer `l` joining input `i` to output
//! `j`. The model stores that weight as `[outputs, inputs]` (`weight[j * n_l + i]`),
//! so block `l` (`[n_l, n_(l+1)]`) is the transpose of its absolute weights.
//! Biases are not part of the graph.
//!
//! ```
//! use nncut::graph::LayeredGraph;
//! use nncut::model::{Activation, Linear, Mlp};
//!
//! // Two inputs, three outputs; weight [out, in].
//! let layer = Linear {
//!     inputs: 2,
//!     outputs: 3,
//!     weight: vec![1.0, -2.0, 3.0, -4.0, 5.0, -6.0],
//!     bias: vec![0.0; 3],
//! };
//! let mlp = Mlp { layers: vec![layer], activation: Activation::Relu, dropout: 0.0 };
//! let graph = LayeredGraph::from_weights(&mlp)?;
//! // Input 1 to output 0 is weight [0, 1] = -2.
//! assert_eq!(graph.block(0)[(1, 0)], 2.0);
//! # Ok::<(), nncut::graph::GraphError>(())
//! ```

use faer::Mat;

use super::{GraphError, LayeredGraph};
use crate::model::Mlp;

impl LayeredGraph {
    /// The weights graph of `mlp`: `|w|` on every edge, biases left out.
    pub fn from_weights(mlp: &Mlp) -> Result<Self, GraphError> {
        if mlp.layers.is_empty() {
            return Err(GraphError::NoModelLayers);
        }
        check_layers(mlp)?;

        let blocks = mlp
            .layers
            .iter()
            .map(|layer| {
                let inputs = layer.inputs;
                Mat::from_fn(inputs, layer.outputs, |i, j| {
                    f64::from(layer.weight[j * inputs + i]).abs()
                })
            })
            .collect();
        Self::new(mlp.layer_sizes(), blocks)
    }
}

/// The model's fields are public, so its shapes and values are checked here
/// rather than trusted.
fn check_layers(mlp: &Mlp) -> Result<(), GraphError> {
    for (index, layer) in mlp.layers.iter().enumerate() {
        let (inputs, outputs) = (layer.inputs, layer.outputs);
        if layer.weight.len() != inputs * outputs {
            let found = layer.weight.len();
            return Err(GraphError::WeightLength { layer: index, found, outputs, inputs });
        }
        if index > 0 && mlp.layers[index - 1].outputs != inputs {
            let outputs = mlp.layers[index - 1].outputs;
            return Err(GraphError::LayersDoNotChain { layer: index, inputs, outputs });
        }
        if let Some(position) = layer.weight.iter().position(|w| !w.is_finite()) {
            let (output, input) = (position / inputs, position % inputs);
            let value = layer.weight[position];
            return Err(GraphError::NonFiniteWeight { layer: index, output, input, value });
        }
    }
    Ok(())
}
