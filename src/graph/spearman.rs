//! Method 2: a network's graph from the Spearman correlations of its neurons.
//!
//! Every neuron's values over `S` samples (input pixels, hidden values after the
//! activation, logits) are replaced by their ranks, ties sharing their average
//! rank. With centred ranks `r_i = rank_i - (S + 1) / 2` (a column of `R_l`, which
//! is `[S, n_l]`), the edge between neuron `i` of layer `l` and neuron `j` of
//! layer `l + 1` is
//!
//! ```text
//! |rho_ij| = |(R_l^T R_(l+1))_ij| / sqrt(|r_i|^2 |r_j|^2)
//! ```
//!
//! one matrix product per adjacent pair, never a loop over edges. Centred average
//! ranks are multiples of 1/2, so every product and partial sum above is a multiple
//! of 1/4 no larger than `S^3 / 12`: below about 200 000 samples the product is
//! exact in f64 whatever order the matrix kernel sums in, and the only rounding
//! is the final division.
//!
//! A constant neuron (a dead ReLU unit, a pixel that is 0 in every image) has no
//! defined correlation: its edges get [`SpearmanOptions::constant_epsilon`] (0 by
//! default; the paper's code used 1e-10), and each layer's constant neurons are
//! counted.
//!
//! ```
//! use nncut::graph::{LayerValues, LayeredGraph, SpearmanOptions};
//!
//! // Four samples of a 2-neuron layer followed by a 1-neuron layer, [samples, size].
//! let values = vec![
//!     vec![1.0, 7.0, 2.0, 7.0, 3.0, 7.0, 4.0, 7.0], // neuron 1 is constant
//!     vec![40.0, 30.0, 20.0, 10.0],                 // the reverse order of neuron 0
//! ];
//! let values = LayerValues::new(&values, &[2, 1], 4)?;
//! let spearman = LayeredGraph::from_spearman(&values, SpearmanOptions::default())?;
//! assert_eq!(spearman.graph.block(0)[(0, 0)], 1.0);
//! assert_eq!(spearman.graph.block(0)[(1, 0)], 0.0);
//! assert_eq!(spearman.constant_neurons, vec![1, 0]);
//! # Ok::<(), nncut::graph::GraphError>(())
//! ```

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatRef};

use super::{GraphError, LayeredGraph};

/// Neurons ranked together: one sample row of this many `f32` values is one
/// cache line, so gathering a neuron's values never strides through memory alone.
const NEURON_BLOCK: usize = 16;

/// Every layer's recorded values over the same samples, checked to be finite.
#[derive(Clone, Debug)]
pub struct LayerValues<'a> {
    layers: Vec<&'a [f32]>,
    sizes: Vec<usize>,
    samples: usize,
}

impl<'a> LayerValues<'a> {
    /// Wraps `values[l]`, layer `l`'s values as `[samples, sizes[l]]` row-major
    /// (the shape of `Mlp::record_values`).
    pub fn new(
        values: &'a [Vec<f32>],
        sizes: &[usize],
        samples: usize,
    ) -> Result<Self, GraphError> {
        if values.len() != sizes.len() {
            return Err(GraphError::ValueLayerCount { found: values.len(), expected: sizes.len() });
        }
        if samples < 2 {
            return Err(GraphError::TooFewSamples { samples });
        }
        if u32::try_from(samples).is_err() {
            return Err(GraphError::TooManySamples { samples });
        }

        for (layer, (layer_values, &size)) in values.iter().zip(sizes).enumerate() {
            if size == 0 {
                return Err(GraphError::EmptyLayer { layer });
            }
            if layer_values.len() != samples * size {
                let found = layer_values.len();
                return Err(GraphError::ValueLength { layer, found, samples, size });
            }
            if let Some(position) = layer_values.iter().position(|value| !value.is_finite()) {
                let (sample, neuron) = (position / size, position % size);
                let value = layer_values[position];
                return Err(GraphError::NonFiniteValue { layer, neuron, sample, value });
            }
        }

        let layers = values.iter().map(Vec::as_slice).collect();
        Ok(Self { layers, sizes: sizes.to_vec(), samples })
    }

    /// Number of samples each neuron was recorded over.
    pub fn samples(&self) -> usize {
        self.samples
    }

    /// Neuron counts per layer.
    pub fn layer_sizes(&self) -> &[usize] {
        &self.sizes
    }
}

/// How to build the Spearman graph.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SpearmanOptions {
    /// Weight of every edge touching a constant neuron, whose correlation is
    /// undefined: 0 (the default) cuts it off; 1e-10 reproduces the paper's code.
    /// Must lie in [0, 1].
    pub constant_epsilon: f64,
}

impl SpearmanOptions {
    /// Checks `constant_epsilon`, naming it if it is out of range.
    pub fn validate(&self) -> Result<(), GraphError> {
        let epsilon = self.constant_epsilon;
        if !(epsilon.is_finite() && (0.0..=1.0).contains(&epsilon)) {
            return Err(GraphError::ConstantEpsilon { value: epsilon });
        }
        Ok(())
    }
}

/// A Spearman graph and what was found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct SpearmanGraph {
    pub graph: LayeredGraph,
    /// Per layer, how many neurons had the same value in every sample.
    pub constant_neurons: Vec<usize>,
}

impl LayeredGraph {
    /// The Spearman graph: `|rho|` of every adjacent-layer pair of neurons.
    pub fn from_spearman(
        values: &LayerValues<'_>,
        options: SpearmanOptions,
    ) -> Result<SpearmanGraph, GraphError> {
        options.validate()?;
        let epsilon = options.constant_epsilon;
        if values.sizes.len() < 2 {
            return Err(GraphError::TooFewLayers { layers: values.sizes.len() });
        }

        let mut upper = CentredRanks::of_layer(values, 0);
        let mut constant_neurons = vec![upper.constant_count()];
        let mut blocks = Vec::with_capacity(values.sizes.len() - 1);

        for layer in 1..values.sizes.len() {
            let lower = CentredRanks::of_layer(values, layer);
            constant_neurons.push(lower.constant_count());
            blocks.push(correlation_block(&upper, &lower, epsilon));
            upper = lower;
        }

        let graph = LayeredGraph::new(values.sizes.clone(), blocks)?;
        Ok(SpearmanGraph { graph, constant_neurons })
    }
}

/// One layer's centred average ranks, `[samples, size]` column-major, with each
/// neuron's sum of squares (0 exactly when the neuron is constant).
struct CentredRanks {
    ranks: Vec<f64>,
    squares: Vec<f64>,
    samples: usize,
}

impl CentredRanks {
    fn of_layer(values: &LayerValues<'_>, layer: usize) -> Self {
        let (samples, size) = (values.samples, values.sizes[layer]);
        let layer_values = values.layers[layer];
        let mut ranks = vec![0.0; samples * size];
        let mut squares = vec![0.0; size];

        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let blocks_per_thread = size.div_ceil(NEURON_BLOCK).div_ceil(threads);
        let neurons_per_thread = blocks_per_thread * NEURON_BLOCK;
        std::thread::scope(|scope| {
            let rank_chunks = ranks.chunks_mut(neurons_per_thread * samples);
            let square_chunks = squares.chunks_mut(neurons_per_thread);
            for (chunk, (rank_chunk, square_chunk)) in rank_chunks.zip(square_chunks).enumerate() {
                let first = chunk * neurons_per_thread;
                scope.spawn(move || {
                    rank_neurons(layer_values, size, samples, first, rank_chunk, square_chunk)
                });
            }
        });
        Self { ranks, squares, samples }
    }

    fn matrix(&self) -> MatRef<'_, f64> {
        MatRef::from_column_major_slice(&self.ranks, self.samples, self.squares.len())
    }

    fn constant_count(&self) -> usize {
        self.squares.iter().filter(|&&square| square == 0.0).count()
    }
}

/// Ranks neurons `first..first + squares.len()` of a `[samples, size]` layer into
/// `ranks` (one column of `samples` per neuron), `NEURON_BLOCK` neurons at a time.
fn rank_neurons(
    values: &[f32],
    size: usize,
    samples: usize,
    first: usize,
    ranks: &mut [f64],
    squares: &mut [f64],
) {
    let mut keys = vec![0_u64; NEURON_BLOCK * samples];

    for (block, block_ranks) in ranks.chunks_mut(NEURON_BLOCK * samples).enumerate() {
        let start = first + block * NEURON_BLOCK;
        let count = block_ranks.len() / samples;

        for (sample, row) in values.chunks_exact(size).enumerate() {
            for (offset, &value) in row[start..start + count].iter().enumerate() {
                keys[offset * samples + sample] = sort_key(value, sample);
            }
        }

        for (offset, neuron_ranks) in block_ranks.chunks_mut(samples).enumerate() {
            let neuron_keys = &mut keys[offset * samples..(offset + 1) * samples];
            squares[block * NEURON_BLOCK + offset] = centred_ranks(neuron_keys, neuron_ranks);
        }
    }
}

/// A key whose integer order is the order of `value` (then of `sample`), with
/// -0.0 and 0.0 equal: the order-preserving bits of the float in the high half,
/// the sample number in the low half.
fn sort_key(value: f32, sample: usize) -> u64 {
    let bits = (value + 0.0).to_bits();
    let ordered = if bits >> 31 == 1 { !bits } else { bits | 1 << 31 };
    (u64::from(ordered) << 32) | sample as u64
}

/// Sorts one neuron's keys and writes each sample's centred average rank: the
/// mean 1-based position of its run of equal values, `(start + 1 + end) / 2` for
/// the 0-based run `start..end`, less the mean rank `(S + 1) / 2`. Returns the sum
/// of squares of those ranks.
fn centred_ranks(keys: &mut [u64], ranks: &mut [f64]) -> f64 {
    keys.sort_unstable();
    let samples = keys.len();
    let mut squares = 0.0;
    let mut start = 0;

    while start < samples {
        let value = keys[start] >> 32;
        let end = start + keys[start..].iter().take_while(|&&key| key >> 32 == value).count();
        let centred = 0.5 * ((start + end) as f64 - samples as f64);
        for &key in &keys[start..end] {
            ranks[(key & 0xffff_ffff) as usize] = centred;
        }
        squares += (end - start) as f64 * centred * centred;
        start = end;
    }
    squares
}

/// `|rho|` between every neuron of `upper` and every neuron of `lower`, with
/// `epsilon` wherever either neuron is constant.
fn correlation_block(upper: &CentredRanks, lower: &CentredRanks, epsilon: f64) -> Mat<f64> {
    let mut block = Mat::zeros(upper.squares.len(), lower.squares.len());
    let (upper_ranks, lower_ranks) = (upper.matrix(), lower.matrix());
    let par = faer::get_global_parallelism();
    matmul(block.as_mut(), Accum::Replace, upper_ranks.transpose(), lower_ranks, 1.0, par);

    for (j, &lower_square) in lower.squares.iter().enumerate() {
        for (covariance, &upper_square) in block.col_as_slice_mut(j).iter_mut().zip(&upper.squares)
        {
            *covariance = if upper_square == 0.0 || lower_square == 0.0 {
                epsilon
            } else {
                (*covariance / (upper_square * lower_square).sqrt()).abs().min(1.0)
            };
        }
    }
    block
}
