//! The layered graph of a feed-forward network, held block by block.
//!
//! Neurons are numbered globally, inputs first: neuron `i` of layer `l` is node
//! `offset_l + i`, with `offset_0 = 0` and `offset_(l+1) = offset_l + n_l`. Edges join
//! only adjacent layers, so the symmetric `N x N` adjacency `A` is kept as one
//! non-negative block `B_l` of shape `[n_l, n_(l+1)]` per adjacent pair:
//!
//! ```text
//!     | 0      B_0    0    ... |
//! A = | B_0^T  0      B_1  ... |      d_i = sum_j A_ij
//!     | 0      B_1^T  0    ... |
//! ```
//!
//! so the rows of layer `l` in `A X` are `B_l X_(l+1) + B_(l-1)^T X_(l-1)`, and the
//! degrees of layer `l` are the row sums of `B_l` plus the column sums of `B_(l-1)`.
//! Nothing here builds `A` itself unless [`LayeredGraph::dense_adjacency`] is asked for.
//!
//! ```
//! use faer::Mat;
//! use nncut::graph::LayeredGraph;
//!
//! // Two inputs, one output: edges 0-2 (weight 1) and 1-2 (weight 3).
//! let graph = LayeredGraph::new(vec![2, 1], vec![Mat::from_fn(2, 1, |i, _| [1.0, 3.0][i])])?;
//! assert_eq!(graph.node_count(), 3);
//! assert_eq!(graph.degrees(), vec![1.0, 3.0, 4.0]);
//! # Ok::<(), nncut::graph::GraphError>(())
//! ```

use std::collections::HashMap;

use faer::linalg::matmul::matmul;
use faer::reborrow::ReborrowMut;
use faer::{Accum, Mat, MatMut, MatRef};

use super::GraphError;
use crate::cluster::{Components, WeightedGraph};

/// A graph whose nodes are the neurons of consecutive layers and whose edges
/// join only adjacent layers; every edge weight is finite and non-negative.
#[derive(Clone, Debug, PartialEq)]
pub struct LayeredGraph {
    sizes: Vec<usize>,
    /// `offsets[l]` is the global number of layer `l`'s first neuron; one more
    /// entry than layers, the last being the node count.
    offsets: Vec<usize>,
    /// `blocks[l]` is `[n_l, n_(l+1)]`: entry `(i, j)` joins neuron `i` of layer `l`
    /// to neuron `j` of layer `l + 1`.
    blocks: Vec<Mat<f64>>,
}

impl LayeredGraph {
    /// A graph from its layer sizes and one block per adjacent pair; checks the
    /// shapes and that every edge weight is finite and non-negative.
    pub fn new(sizes: Vec<usize>, blocks: Vec<Mat<f64>>) -> Result<Self, GraphError> {
        if sizes.len() < 2 {
            return Err(GraphError::TooFewLayers { layers: sizes.len() });
        }
        if let Some(layer) = sizes.iter().position(|&size| size == 0) {
            return Err(GraphError::EmptyLayer { layer });
        }
        if blocks.len() != sizes.len() - 1 {
            return Err(GraphError::BlockCount { blocks: blocks.len(), layers: sizes.len() });
        }

        for (block, matrix) in blocks.iter().enumerate() {
            check_block(block, matrix.as_ref(), sizes[block], sizes[block + 1])?;
        }

        let offsets = std::iter::once(0)
            .chain(sizes.iter().scan(0, |total, &size| {
                *total += size;
                Some(*total)
            }))
            .collect();
        Ok(Self { sizes, offsets, blocks })
    }

    /// Neuron counts per layer, inputs first.
    pub fn layer_sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// Global number of each layer's first neuron, plus the node count at the end.
    pub fn layer_offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The layer that global node `node` belongs to.
    ///
    /// # Panics
    /// If `node >= self.node_count()`.
    pub fn layer_of(&self, node: usize) -> usize {
        assert!(node < self.node_count(), "node {node} is not in a graph of {}", self.node_count());
        self.offsets.partition_point(|&offset| offset <= node) - 1
    }

    /// The edges between layer `pair` and layer `pair + 1`, `[n_pair, n_(pair+1)]`.
    pub fn block(&self, pair: usize) -> MatRef<'_, f64> {
        self.blocks[pair].as_ref()
    }

    /// Number of nodes `N`: all neurons of all layers.
    pub fn node_count(&self) -> usize {
        self.offsets[self.sizes.len()]
    }

    /// Number of edges with a non-zero weight.
    pub fn nonzero_edge_count(&self) -> usize {
        let nonzero = |block: &Mat<f64>| {
            (0..block.ncols())
                .map(|j| block.col_as_slice(j).iter().filter(|&&w| w != 0.0).count())
                .sum::<usize>()
        };
        self.blocks.iter().map(nonzero).sum::<usize>()
    }

    /// Weighted degree of every node, `d_i = sum_j A_ij`, in global order.
    pub fn degrees(&self) -> Vec<f64> {
        let mut degrees = vec![0.0; self.node_count()];

        for (pair, block) in self.blocks.iter().enumerate() {
            let (upper, lower) = (self.offsets[pair], self.offsets[pair + 1]);
            for j in 0..block.ncols() {
                let column = block.col_as_slice(j);
                degrees[lower + j] += column.iter().sum::<f64>();
                for (i, &weight) in column.iter().enumerate() {
                    degrees[upper + i] += weight;
                }
            }
        }
        degrees
    }

    /// `output = A * input` for an `N x m` `input`, one block product at a time.
    ///
    /// # Panics
    /// If `input` or `output` is not `N x m` with the same `m`.
    pub fn multiply_adjacency(&self, input: MatRef<'_, f64>, mut output: MatMut<'_, f64>) {
        let nodes = self.node_count();
        assert!(
            input.nrows() == nodes && output.nrows() == nodes && input.ncols() == output.ncols(),
            "multiply_adjacency: input is {}x{}, output {}x{}, graph has {nodes} nodes",
            input.nrows(),
            input.ncols(),
            output.nrows(),
            output.ncols(),
        );
        let par = faer::get_global_parallelism();
        output.fill(0.0);

        for (pair, block) in self.blocks.iter().enumerate() {
            let (upper, lower) = (self.offsets[pair], self.offsets[pair + 1]);
            let (upper_size, lower_size) = (self.sizes[pair], self.sizes[pair + 1]);

            let lower_input = input.subrows(lower, lower_size);
            let upper_output = output.rb_mut().subrows_mut(upper, upper_size);
            matmul(upper_output, Accum::Add, block.as_ref(), lower_input, 1.0, par);

            let upper_input = input.subrows(upper, upper_size);
            let lower_output = output.rb_mut().subrows_mut(lower, lower_size);
            matmul(lower_output, Accum::Add, block.transpose(), upper_input, 1.0, par);
        }
    }

    /// The connected components of the nodes of non-zero degree, numbered in the
    /// order of their lowest node (isolated nodes belong to none), by union-find
    /// over the non-zero edges.
    pub fn components(&self) -> Components {
        let mut parent: Vec<usize> = (0..self.node_count()).collect();

        for (pair, block) in self.blocks.iter().enumerate() {
            let (upper, lower) = (self.offsets[pair], self.offsets[pair + 1]);
            for j in 0..block.ncols() {
                for (i, _) in block.col_as_slice(j).iter().enumerate().filter(|(_, w)| **w > 0.0) {
                    let a = find_root(&mut parent, upper + i);
                    let b = find_root(&mut parent, lower + j);
                    parent[a.max(b)] = a.min(b);
                }
            }
        }

        let mut numbers = HashMap::new();
        let labels: Vec<Option<usize>> = self
            .degrees()
            .iter()
            .enumerate()
            .map(|(node, &degree)| {
                let next = numbers.len();
                let root = find_root(&mut parent, node);
                (degree > 0.0).then(|| *numbers.entry(root).or_insert(next))
            })
            .collect();
        Components { labels, count: numbers.len() }
    }

    /// The full symmetric `N x N` adjacency matrix; only for small graphs or
    /// algorithms that truly need it.
    pub fn dense_adjacency(&self) -> Mat<f64> {
        let nodes = self.node_count();
        let mut dense = Mat::zeros(nodes, nodes);

        for (pair, block) in self.blocks.iter().enumerate() {
            let (upper, lower) = (self.offsets[pair], self.offsets[pair + 1]);
            for j in 0..block.ncols() {
                for i in 0..block.nrows() {
                    dense[(upper + i, lower + j)] = block[(i, j)];
                    dense[(lower + j, upper + i)] = block[(i, j)];
                }
            }
        }
        dense
    }
}

/// The root of `node`'s set, halving the path on the way.
fn find_root(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

fn check_block(
    block: usize,
    matrix: MatRef<'_, f64>,
    expected_rows: usize,
    expected_cols: usize,
) -> Result<(), GraphError> {
    let (rows, cols) = matrix.shape();
    if (rows, cols) != (expected_rows, expected_cols) {
        return Err(GraphError::BlockShape { block, rows, cols, expected_rows, expected_cols });
    }

    for col in 0..cols {
        for (row, &value) in matrix.col(col).iter().enumerate() {
            if !(value.is_finite() && value >= 0.0) {
                return Err(GraphError::BadEdge { block, row, col, value });
            }
        }
    }
    Ok(())
}

/// The cluster stage sees the layered graph through its blocks, never as `N x N`
/// (except where it asks for the dense matrix itself).
impl WeightedGraph for LayeredGraph {
    fn node_count(&self) -> usize {
        LayeredGraph::node_count(self)
    }

    fn degrees(&self) -> Vec<f64> {
        LayeredGraph::degrees(self)
    }

    fn multiply_adjacency(&self, input: MatRef<'_, f64>, output: MatMut<'_, f64>) {
        LayeredGraph::multiply_adjacency(self, input, output);
    }

    fn dense_adjacency(&self) -> Mat<f64> {
        LayeredGraph::dense_adjacency(self)
    }

    fn components(&self) -> Components {
        LayeredGraph::components(self)
    }
}
