//! What can go wrong while building a layered graph.

use thiserror::Error;

/// Errors of the `graph` stage; each message names the layer, neuron, sample or
/// parameter at fault.
#[derive(Debug, Error, PartialEq)]
pub enum GraphError {
    #[error("a layered graph needs at least two layers, got {layers}")]
    TooFewLayers { layers: usize },

    #[error("layer {layer} has no neurons")]
    EmptyLayer { layer: usize },

    #[error("got {blocks} edge blocks for {layers} layers (need one per adjacent pair)")]
    BlockCount { blocks: usize, layers: usize },

    #[error(
        "edge block {block} is {rows}x{cols}, but layers {block} and {next} have \
         {expected_rows} and {expected_cols} neurons",
        next = block + 1
    )]
    BlockShape {
        block: usize,
        rows: usize,
        cols: usize,
        expected_rows: usize,
        expected_cols: usize,
    },

    #[error(
        "edge block {block} holds {value} at ({row}, {col}); edge weights must be \
         finite and non-negative"
    )]
    BadEdge { block: usize, row: usize, col: usize, value: f64 },

    #[error("model layer {layer}: weight holds {found} values, {outputs}x{inputs} expected")]
    WeightLength { layer: usize, found: usize, outputs: usize, inputs: usize },

    #[error(
        "model layer {layer} takes {inputs} inputs but layer {previous} gives {outputs}",
        previous = layer - 1
    )]
    LayersDoNotChain { layer: usize, inputs: usize, outputs: usize },

    #[error("model layer {layer}: weight [{output}, {input}] is {value}")]
    NonFiniteWeight { layer: usize, output: usize, input: usize, value: f32 },

    #[error("the model has no layers")]
    NoModelLayers,

    #[error("got values for {found} layers but {expected} layer sizes")]
    ValueLayerCount { found: usize, expected: usize },

    #[error("layer {layer}: {found} values, not {samples} samples x {size} neurons")]
    ValueLength { layer: usize, found: usize, samples: usize, size: usize },

    #[error("Spearman correlation needs at least 2 samples, got {samples}")]
    TooFewSamples { samples: usize },

    #[error("at most {} samples can be ranked, got {samples}", u32::MAX)]
    TooManySamples { samples: usize },

    #[error("layer {layer}, neuron {neuron}, sample {sample}: value is {value}")]
    NonFiniteValue { layer: usize, neuron: usize, sample: usize, value: f32 },

    #[error("constant_epsilon must be finite and in [0, 1], got {value}")]
    ConstantEpsilon { value: f64 },

    #[error("got {found} cluster labels for a graph of {nodes} nodes")]
    LabelCount { found: usize, nodes: usize },

    #[error("node {node} has cluster label {label}, but there are only {clusters} clusters")]
    LabelOutOfRange { node: usize, label: usize, clusters: usize },
}
