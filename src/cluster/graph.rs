//! Weighted undirected graphs as the clustering sees them, and the dense one.
//!
//! A graph of N nodes is its symmetric, non-negative N x N adjacency A
//! (A_ij = weight of edge i-j, 0 where there is none). Clustering needs only the
//! degrees d_i = sum_j A_ij and products A * X for N x m blocks X, so a graph
//! never has to hold A densely: [`WeightedGraph`] asks for exactly those.
//! [`DenseGraph`] holds A as a validated dense matrix.
//!
//! ```
//! use nncut::cluster::{DenseGraph, Symmetry, WeightedGraph};
//!
//! // A path 0 - 1 - 2 with weights 2 and 3.
//! let a = faer::mat![[0.0, 2.0, 0.0], [2.0, 0.0, 3.0], [0.0, 3.0, 0.0]];
//! let graph = DenseGraph::new(a, Symmetry::Require).unwrap();
//! assert_eq!(graph.degrees(), vec![2.0, 5.0, 3.0]);
//! assert_eq!(graph.components().count, 1);
//! ```

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatMut, MatRef};

use super::error::ClusterError;
use super::sparse::SparseRows;

/// Two weights closer than this (relative to the larger) count as equal when
/// checking symmetry: a matrix symmetrised in another program and written in
/// decimal text may differ in the last bits.
pub const SYMMETRY_TOLERANCE: f64 = 1e-12;

/// An undirected graph with non-negative edge weights, seen through its
/// symmetric adjacency A (node_count x node_count).
///
/// [`spectral_clustering`](super::spectral_clustering) also needs the graph to
/// be `Sync`, because faer's eigensolver requires its operators to be.
pub trait WeightedGraph {
    /// The number of nodes N, isolated ones included.
    fn node_count(&self) -> usize;

    /// d_i = sum_j A_ij for every node.
    fn degrees(&self) -> Vec<f64>;

    /// output = A * input, with input and output node_count x m.
    fn multiply_adjacency(&self, input: MatRef<'_, f64>, output: MatMut<'_, f64>);

    /// The dense N x N adjacency (reference path, dense fallback, small graphs).
    fn dense_adjacency(&self) -> Mat<f64>;

    /// The connected components of the nodes with a non-zero degree (isolated
    /// nodes belong to none).
    ///
    /// The provided version walks the graph breadth-first through
    /// `multiply_adjacency`, one product per layer of each component's search,
    /// so it costs about (components x diameter) products. A graph that can list
    /// its edges directly should override it.
    fn components(&self) -> Components {
        components_by_products(self)
    }
}

/// Connected components, numbered in the order of their lowest node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Components {
    /// Per node: its component, `None` for a node of degree 0.
    pub labels: Vec<Option<usize>>,
    /// Number of components (isolated nodes not counted).
    pub count: usize,
}

impl Components {
    /// Numbers the groups given by `key` (equal keys, same component) in the
    /// order of their first node; nodes whose degree is 0 get `None`.
    fn from_keys(degrees: &[f64], key: impl Fn(usize) -> usize) -> Self {
        let mut numbers = std::collections::HashMap::new();
        let labels = (0..degrees.len())
            .map(|node| {
                let next = numbers.len();
                (degrees[node] > 0.0).then(|| *numbers.entry(key(node)).or_insert(next))
            })
            .collect();
        Self { labels, count: numbers.len() }
    }
}

/// Whether an asymmetric input is an error or is averaged into (A + A^T) / 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symmetry {
    Require,
    Average,
}

/// A dense adjacency with at most this share of non-zero entries also keeps
/// its non-zeros as sparse rows, for faster products (see [`SparseRows`]).
pub const SPARSE_MAX_DENSITY: f64 = 0.4;

/// A graph held as its dense adjacency, validated: square, finite,
/// non-negative and symmetric.
#[derive(Clone, Debug)]
pub struct DenseGraph {
    adjacency: Mat<f64>,
    degrees: Vec<f64>,
    /// The non-zeros again, where few enough to make products faster.
    sparse: Option<SparseRows>,
}

impl DenseGraph {
    /// Validates `adjacency` and takes it. Entries are checked in row-major
    /// order, so an error names the first bad entry a reader would meet.
    pub fn new(adjacency: Mat<f64>, symmetry: Symmetry) -> Result<Self, ClusterError> {
        let (rows, cols) = adjacency.shape();
        if rows != cols {
            return Err(ClusterError::NotSquare { rows, cols });
        }
        if rows == 0 {
            return Err(ClusterError::Empty);
        }
        check_entries(&adjacency)?;

        let mut adjacency = adjacency;
        match symmetry {
            Symmetry::Require => check_symmetric(&mut adjacency)?,
            Symmetry::Average => average_with_transpose(&mut adjacency),
        }

        let degrees: Vec<f64> = (0..rows).map(|j| adjacency.col_as_slice(j).iter().sum()).collect();
        check_degrees(&degrees)?;
        let sparse = SparseRows::from_symmetric(&adjacency, SPARSE_MAX_DENSITY);
        Ok(Self { adjacency, degrees, sparse })
    }

    /// The validated adjacency.
    pub fn adjacency(&self) -> MatRef<'_, f64> {
        self.adjacency.as_ref()
    }
}

impl WeightedGraph for DenseGraph {
    fn node_count(&self) -> usize {
        self.adjacency.nrows()
    }

    fn degrees(&self) -> Vec<f64> {
        self.degrees.clone()
    }

    fn multiply_adjacency(&self, input: MatRef<'_, f64>, output: MatMut<'_, f64>) {
        match &self.sparse {
            Some(sparse) => sparse.multiply(input, output),
            None => {
                let par = faer::get_global_parallelism();
                matmul(output, Accum::Replace, self.adjacency.as_ref(), input, 1.0, par);
            }
        }
    }

    fn dense_adjacency(&self) -> Mat<f64> {
        self.adjacency.clone()
    }

    /// Union-find over the upper triangle's non-zero entries.
    fn components(&self) -> Components {
        let n = self.node_count();
        let mut sets = DisjointSets::new(n);
        for j in 0..n {
            let column = self.adjacency.col_as_slice(j);
            for (i, &weight) in column.iter().enumerate().take(j) {
                if weight != 0.0 {
                    sets.union(i, j);
                }
            }
        }
        let roots: Vec<usize> = (0..n).map(|i| sets.find(i)).collect();
        Components::from_keys(&self.degrees, |node| roots[node])
    }
}

/// Side of the square tiles in which mirror pairs (i, j), (j, i) are visited,
/// so both stay in cache although one of them is read across columns.
const TILE: usize = 64;

/// Calls `visit(row, col)` for every pair row < col, tile by tile.
fn for_each_upper_pair(n: usize, mut visit: impl FnMut(usize, usize)) {
    for col_start in (0..n).step_by(TILE) {
        for row_start in (0..=col_start).step_by(TILE) {
            for col in col_start..(col_start + TILE).min(n) {
                for row in row_start..(row_start + TILE).min(col) {
                    visit(row, col);
                }
            }
        }
    }
}

/// The first entry in row-major order for which `bad` holds, found in one
/// column-major pass: each column's first bad row, then the least (row, col).
fn first_in_row_major(
    adjacency: &Mat<f64>,
    bad: impl Fn(usize, usize, f64) -> bool,
) -> Option<(usize, usize)> {
    let mut first: Option<(usize, usize)> = None;
    for col in 0..adjacency.ncols() {
        let column = adjacency.col_as_slice(col);
        let limit = first.map_or(column.len(), |(row, _)| (row + 1).min(column.len()));
        if let Some(row) = (0..limit).find(|&row| bad(row, col, column[row]))
            && first.is_none_or(|earlier| (row, col) < earlier)
        {
            first = Some((row, col));
        }
    }
    first
}

fn check_entries(adjacency: &Mat<f64>) -> Result<(), ClusterError> {
    let all_valid = (0..adjacency.ncols()).all(|j| maybe_all_valid(adjacency.col_as_slice(j)));
    if all_valid {
        return Ok(());
    }

    let valid = |w: f64| (0.0..f64::INFINITY).contains(&w);
    let Some((row, col)) = first_in_row_major(adjacency, |_, _, w| !valid(w)) else {
        return Ok(());
    };
    let value = adjacency[(row, col)];
    if value.is_finite() {
        Err(ClusterError::Negative { row, col, value })
    } else {
        Err(ClusterError::NotFinite { row, col, value })
    }
}

/// True only if every weight is finite and non-negative; false also for -0.0,
/// which the exact check then accepts. Works on the bits so that the loop has
/// no branch and vectorises (4x faster than comparing floats on a 10 794-node
/// matrix): with u the bits of w, the sign bit of u is set for negative w, and
/// that of u + 2^52 (one more in the exponent) for infinity and NaN; a
/// negative infinity or NaN carries out of the sign bit, but then u has it set.
fn maybe_all_valid(weights: &[f64]) -> bool {
    let flags = weights.iter().fold(0u64, |flags, &w| {
        let bits = w.to_bits();
        flags | bits | bits.wrapping_add(1 << 52)
    });
    flags >> 63 == 0
}

fn asymmetric(value: f64, mirror: f64) -> bool {
    (value - mirror).abs() > SYMMETRY_TOLERANCE * value.max(mirror)
}

/// Checks symmetry and, where the two copies of a weight differ only within
/// the tolerance, copies the lower one onto the upper one, so that products
/// and degrees see one exact weight per edge.
fn check_symmetric(adjacency: &mut Mat<f64>) -> Result<(), ClusterError> {
    let mut any = false;
    for_each_upper_pair(adjacency.nrows(), |row, col| {
        let (value, mirror) = (adjacency[(row, col)], adjacency[(col, row)]);
        if asymmetric(value, mirror) {
            any = true;
        } else if value != mirror {
            adjacency[(row, col)] = mirror;
        }
    });
    if !any {
        return Ok(());
    }

    // The upper triangle was overwritten only where the pair was within tolerance.
    let copy = &*adjacency;
    let bad = |row, col, value| row < col && asymmetric(value, copy[(col, row)]);
    let (row, col) = first_in_row_major(copy, bad).expect("an asymmetric pair exists");
    let (value, mirror) = (copy[(row, col)], copy[(col, row)]);
    Err(ClusterError::Asymmetric { row, col, value, mirror })
}

/// Checks that every degree d_i, and the total volume sum_i d_i, is finite:
/// finite weights can still add up past f64::MAX, and an infinite degree would
/// turn the Laplacian and the n-cut into NaN.
pub(crate) fn check_degrees(degrees: &[f64]) -> Result<(), ClusterError> {
    if let Some(node) = degrees.iter().position(|d| !d.is_finite()) {
        return Err(ClusterError::DegreeOverflow { node });
    }
    if !degrees.iter().sum::<f64>().is_finite() {
        return Err(ClusterError::VolumeOverflow);
    }
    Ok(())
}

fn average_with_transpose(adjacency: &mut Mat<f64>) {
    for_each_upper_pair(adjacency.nrows(), |row, col| {
        let (value, mirror) = (adjacency[(row, col)], adjacency[(col, row)]);
        // Halving first would round subnormal weights, so only when the sum overflows.
        let sum = value + mirror;
        let mean = if sum.is_finite() { 0.5 * sum } else { 0.5 * value + 0.5 * mirror };
        adjacency[(row, col)] = mean;
        adjacency[(col, row)] = mean;
    });
}

/// Breadth-first search through products with indicator vectors: the nodes
/// reached from a frontier F are those with (A * 1_F)_i > 0.
fn components_by_products<G: WeightedGraph + ?Sized>(graph: &G) -> Components {
    let n = graph.node_count();
    let degrees = graph.degrees();
    let mut component: Vec<Option<usize>> = vec![None; n];
    let mut indicator = Mat::<f64>::zeros(n, 1);
    let mut reached = Mat::<f64>::zeros(n, 1);

    for start in 0..n {
        if component[start].is_some() || degrees[start] <= 0.0 {
            continue;
        }
        component[start] = Some(start);
        let mut frontier = vec![start];

        while !frontier.is_empty() {
            indicator.fill(0.0);
            for &node in &frontier {
                indicator[(node, 0)] = 1.0;
            }
            graph.multiply_adjacency(indicator.as_ref(), reached.as_mut());

            frontier.clear();
            for node in 0..n {
                if reached[(node, 0)] > 0.0 && component[node].is_none() {
                    component[node] = Some(start);
                    frontier.push(node);
                }
            }
        }
    }
    Components::from_keys(&degrees, |node| component[node].unwrap_or(node))
}

/// Union-find with path halving and union by size.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        Self { parent: (0..n).collect(), size: vec![1; n] }
    }

    fn find(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            self.parent[node] = self.parent[self.parent[node]];
            node = self.parent[node];
        }
        node
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_triangles_and_a_loner() -> Mat<f64> {
        let mut a = Mat::zeros(7, 7);
        for &(i, j) in &[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)] {
            a[(i, j)] = 1.0;
            a[(j, i)] = 1.0;
        }
        a
    }

    /// The same graph seen only through the trait's required methods.
    struct ProductsOnly(DenseGraph);

    impl WeightedGraph for ProductsOnly {
        fn node_count(&self) -> usize {
            self.0.node_count()
        }
        fn degrees(&self) -> Vec<f64> {
            self.0.degrees()
        }
        fn multiply_adjacency(&self, input: MatRef<'_, f64>, output: MatMut<'_, f64>) {
            self.0.multiply_adjacency(input, output)
        }
        fn dense_adjacency(&self) -> Mat<f64> {
            self.0.dense_adjacency()
        }
    }

    #[test]
    fn union_find_and_breadth_first_products_find_the_same_components() {
        let mut a = two_triangles_and_a_loner();
        // Interleave the triangles: {0, 1, 2} becomes {0, 2, 4}.
        let order = [0, 3, 1, 4, 2, 5, 6];
        a = Mat::from_fn(7, 7, |i, j| a[(order[i], order[j])]);
        let graph = DenseGraph::new(a, Symmetry::Require).unwrap();

        let by_union_find = graph.components();
        let by_products = ProductsOnly(graph).components();

        let expected = [Some(0), Some(1), Some(0), Some(1), Some(0), Some(1), None];
        assert_eq!(by_union_find.labels, expected);
        assert_eq!(by_union_find.count, 2);
        assert_eq!(by_products, by_union_find);
    }

    #[test]
    fn averaging_makes_an_asymmetric_matrix_symmetric() {
        let a = faer::mat![[0.0, 1.0], [3.0, 0.0]];

        let graph = DenseGraph::new(a, Symmetry::Average).unwrap();

        assert_eq!(graph.adjacency()[(0, 1)], 2.0);
        assert_eq!(graph.adjacency()[(1, 0)], 2.0);
        assert_eq!(graph.degrees(), vec![2.0, 2.0]);
    }

    #[test]
    fn a_negative_entry_is_named_before_asymmetry() {
        let a = faer::mat![[0.0, 1.0, 0.0], [2.0, 0.0, -0.5], [0.0, 0.0, 0.0]];

        let error = DenseGraph::new(a, Symmetry::Require).unwrap_err();

        assert!(matches!(error, ClusterError::Negative { row: 1, col: 2, .. }), "{error}");
    }

    fn symmetric_ring(n: usize) -> Mat<f64> {
        Mat::from_fn(n, n, |i, j| if i.abs_diff(j) == 1 { 1.0 + (i + j) as f64 } else { 0.0 })
    }

    #[test]
    fn the_first_bad_entry_in_row_major_order_is_named_across_tiles() {
        let mut a = symmetric_ring(150);
        a[(100, 140)] = 0.5;
        a[(3, 120)] = 2.0;
        a[(130, 2)] = 7.0;

        let asymmetric = DenseGraph::new(a.clone(), Symmetry::Require).unwrap_err();
        a[(90, 10)] = f64::NAN;
        a[(5, 149)] = -1.0;
        let negative = DenseGraph::new(a, Symmetry::Require).unwrap_err();

        assert!(matches!(asymmetric, ClusterError::Asymmetric { row: 2, col: 130, .. }));
        assert!(matches!(negative, ClusterError::Negative { row: 5, col: 149, .. }));
    }

    #[test]
    fn weights_equal_within_the_tolerance_become_exactly_equal() {
        let mut a = symmetric_ring(100);
        a[(40, 41)] *= 1.0 + 1e-14;

        let graph = DenseGraph::new(a, Symmetry::Require).unwrap();

        assert_eq!(graph.adjacency()[(40, 41)], graph.adjacency()[(41, 40)]);
    }

    #[test]
    fn the_bitwise_screen_flags_exactly_the_weights_the_exact_check_rejects() {
        let valid = [0.0, 1.0, 5e-324, f64::MIN_POSITIVE, f64::MAX];
        let invalid = [-1.0, -5e-324, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN];

        assert!(maybe_all_valid(&valid));
        for w in invalid {
            assert!(!maybe_all_valid(&[1.0, w, 2.0]), "{w:?}");
        }
        // -0.0 fails the screen, but the exact check accepts it as a zero weight.
        assert!(!maybe_all_valid(&[-0.0]));
        assert!(DenseGraph::new(faer::mat![[0.0, -0.0], [-0.0, 0.0]], Symmetry::Require).is_ok());
    }
}
