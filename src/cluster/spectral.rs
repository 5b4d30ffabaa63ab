//! The k smallest eigenpairs of the normalized Laplacian, and the spectral
//! embedding built from them.
//!
//! Over the n nodes with a non-zero degree (d = their degrees, S = D^-1/2):
//!
//! L_sym = I - S A S,   L_sym v = lambda v,   u = S v.
//!
//! The u solve the generalized problem (D - A) u = lambda D u of Shi & Malik
//! with the same lambda, and the symmetric form gives them without inverting or
//! solving a non-symmetric problem. All lambda lie in [0, 2].
//!
//! Two solvers: the default applies M = I + S A S = 2I - L_sym (positive
//! semi-definite, eigenvalues 2 - lambda) as an operator to faer's matrix-free
//! Lanczos solver, which finds the largest-magnitude end of M, that is the
//! smallest lambda, through `multiply_adjacency` only. The dense one forms L_sym
//! (n x n) and decomposes it completely; it is the reference the tests compare
//! against, and the fallback when the partial solver does not converge.
//!
//! Shapes: eigenvalues `count`, ascending; eigenvectors n x `count`, columns
//! orthonormal.

use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::matrix_free::LinOp;
use faer::matrix_free::eigen::{
    PartialEigenParams, partial_self_adjoint_eigen, partial_self_adjoint_eigen_scratch,
};
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Col, Mat, MatMut, MatRef, Par, Side};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::error::ClusterError;
use super::graph::{Components, WeightedGraph};

/// Lanczos stops refining a pair once its residual estimate is below this.
pub const PARTIAL_TOLERANCE: f64 = 1e-12;

/// A partial solution is accepted only if every pair satisfies
/// ||L_sym v - lambda v|| <= this (checked independently of the solver).
pub const RESIDUAL_LIMIT: f64 = 1e-8;

/// faer's Lanczos needs its search space (at least 64 vectors, and twice the
/// pairs wanted) to be smaller than the matrix, and below a few hundred nodes
/// the dense solver is as fast; so the partial solver runs only on at least
/// this many nodes, and at least 4 per pair wanted.
pub const PARTIAL_MIN_NODES: usize = 128;

/// Which eigensolver produced a spectrum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// faer's matrix-free Lanczos on I + S A S.
    Partial,
    /// faer's dense self-adjoint decomposition of L_sym.
    Dense,
}

/// Which solver to try first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SolverChoice {
    /// The partial solver where the graph is large enough, the dense one
    /// otherwise or when the partial one fails.
    #[default]
    Auto,
    /// Always the dense solver.
    Dense,
}

/// The nodes with a non-zero degree and their scaling d^-1/2.
#[derive(Clone, Debug)]
pub struct UsableNodes {
    /// Indices into the graph's nodes, ascending.
    pub nodes: Vec<usize>,
    /// d^-1/2 for each of `nodes`.
    pub inverse_sqrt_degrees: Vec<f64>,
    /// The graph's node count.
    pub node_count: usize,
}

impl UsableNodes {
    pub fn from_degrees(degrees: &[f64]) -> Self {
        let nodes: Vec<usize> = (0..degrees.len()).filter(|&i| degrees[i] > 0.0).collect();
        let inverse_sqrt_degrees = nodes.iter().map(|&i| degrees[i].sqrt().recip()).collect();
        Self { nodes, inverse_sqrt_degrees, node_count: degrees.len() }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn all_nodes(&self) -> bool {
        self.nodes.len() == self.node_count
    }
}

/// The smallest eigenvalues of L_sym and their eigenvectors v.
#[derive(Clone, Debug)]
pub struct Spectrum {
    /// Ascending.
    pub eigenvalues: Vec<f64>,
    /// usable nodes x eigenvalues.len(), orthonormal columns.
    pub eigenvectors: Mat<f64>,
    pub solver: Solver,
}

/// The `count` smallest eigenpairs of L_sym over `usable` (fewer if there are
/// fewer usable nodes). `rng` draws the Lanczos start vector.
pub fn smallest_eigenpairs<G: WeightedGraph + Sync + ?Sized>(
    graph: &G,
    usable: &UsableNodes,
    count: usize,
    choice: SolverChoice,
    components: &Components,
    rng: &mut ChaCha8Rng,
) -> Result<Spectrum, ClusterError> {
    let count = count.min(usable.len());

    let wanted = count.saturating_sub(components.count);
    let large_enough = usable.len() >= PARTIAL_MIN_NODES.max(4 * wanted);
    if choice == SolverChoice::Auto && large_enough {
        match partial_eigenpairs(graph, usable, count, components, rng) {
            Some(spectrum) => return Ok(spectrum),
            None => log::warn!(
                "the partial eigensolver did not converge on {} nodes; using the dense one",
                usable.len()
            ),
        }
    }
    dense_eigenpairs(graph, usable, count)
}

/// The spectral embedding: u = S v for the first `k` eigenvectors, each u
/// scaled to unit Euclidean norm. Returns usable nodes x k.
pub fn embedding(spectrum: &Spectrum, usable: &UsableNodes, k: usize) -> Mat<f64> {
    let mut points = Mat::from_fn(usable.len(), k, |i, j| {
        usable.inverse_sqrt_degrees[i] * spectrum.eigenvectors[(i, j)]
    });
    for j in 0..k {
        let norm = points.col(j).norm_l2();
        if norm > 0.0 {
            points.col_mut(j).iter_mut().for_each(|x| *x /= norm);
        }
    }
    points
}

/// L_sym over the usable nodes, formed densely: I - S A S.
pub fn dense_normalized_laplacian<G: WeightedGraph + ?Sized>(
    graph: &G,
    usable: &UsableNodes,
) -> Mat<f64> {
    let adjacency = graph.dense_adjacency();
    let scale = &usable.inverse_sqrt_degrees;
    Mat::from_fn(usable.len(), usable.len(), |i, j| {
        let identity = if i == j { 1.0 } else { 0.0 };
        identity - scale[i] * adjacency[(usable.nodes[i], usable.nodes[j])] * scale[j]
    })
}

fn dense_eigenpairs<G: WeightedGraph + ?Sized>(
    graph: &G,
    usable: &UsableNodes,
    count: usize,
) -> Result<Spectrum, ClusterError> {
    let laplacian = dense_normalized_laplacian(graph, usable);
    let decomposition = laplacian
        .self_adjoint_eigen(Side::Lower)
        .map_err(|_| ClusterError::EigenSolver { nodes: usable.len() })?;

    let eigenvalues = (0..count).map(|j| decomposition.S()[j]).collect();
    let eigenvectors = decomposition.U().subcols(0, count).to_owned();
    Ok(Spectrum { eigenvalues, eigenvectors, solver: Solver::Dense })
}

/// The null vectors z_C of L_sym, one column per component (usable x c).
fn null_space(usable: &UsableNodes, components: &Components) -> Mat<f64> {
    let mut null = Mat::<f64>::zeros(usable.len(), components.count);
    for (row, &node) in usable.nodes.iter().enumerate() {
        let component = components.labels[node].expect("usable nodes have a component");
        null[(row, component)] = usable.inverse_sqrt_degrees[row].recip();
    }
    for j in 0..components.count {
        let norm = null.col(j).norm_l2();
        null.col_mut(j).iter_mut().for_each(|x| *x /= norm);
    }
    null
}

/// The known null vectors, then Lanczos on P M P for the rest; `None` if it
/// converged on too few pairs or a pair fails the independent residual check
/// ||M v - (2 - lambda) v|| <= [`RESIDUAL_LIMIT`].
fn partial_eigenpairs<G: WeightedGraph + Sync + ?Sized>(
    graph: &G,
    usable: &UsableNodes,
    count: usize,
    components: &Components,
    rng: &mut ChaCha8Rng,
) -> Option<Spectrum> {
    let null = null_space(usable, components);
    let known = components.count.min(count);
    let wanted = count - known;
    let operator = ShiftedNormalizedAdjacency { graph, usable, null: null.as_ref() };
    let n = usable.len();

    let mut shifted_values = vec![2.0; count];
    let mut eigenvectors = Mat::<f64>::zeros(n, count);
    eigenvectors.subcols_mut(0, known).copy_from(null.subcols(0, known));
    if wanted > 0 {
        let par = faer::get_global_parallelism();
        let params = PartialEigenParams::default();
        let mut start = Col::<f64>::from_fn(n, |_| rng.random::<f64>() - 0.5);
        start -= &null * (null.transpose() * &start);

        let scratch = partial_self_adjoint_eigen_scratch::<f64>(&operator, wanted, par, params);
        let mut buffer = MemBuffer::new(scratch);
        let info = partial_self_adjoint_eigen(
            eigenvectors.subcols_mut(known, wanted),
            &mut shifted_values[known..],
            &operator,
            start.as_ref(),
            PARTIAL_TOLERANCE,
            par,
            MemStack::new(&mut buffer),
            params,
        );
        if info.n_converged_eigen < wanted {
            return None;
        }
    }

    // The solver orders by decreasing 2 - lambda, i.e. increasing lambda.
    let eigenvalues: Vec<f64> = shifted_values.iter().map(|mu| 2.0 - mu).collect();
    let mut product = Mat::<f64>::zeros(n, count);
    operator.apply_to(eigenvectors.as_ref(), product.as_mut());
    for (j, &shifted) in shifted_values.iter().enumerate() {
        let residual = (product.col(j) - eigenvectors.col(j) * shifted).norm_l2();
        if residual.is_nan() || residual > RESIDUAL_LIMIT {
            log::debug!("partial eigenpair {j} has residual {residual:.3e}");
            return None;
        }
    }
    Some(Spectrum { eigenvalues, eigenvectors, solver: Solver::Partial })
}

/// M x = x + S A S x over the usable nodes, through `multiply_adjacency`; the
/// isolated nodes are padded with zeros on the way in and dropped on the way
/// out. As a faer operator it applies P M P, with P projecting out `null`.
struct ShiftedNormalizedAdjacency<'a, G: ?Sized> {
    graph: &'a G,
    usable: &'a UsableNodes,
    /// Orthonormal columns (usable x c).
    null: MatRef<'a, f64>,
}

impl<G: WeightedGraph + ?Sized> ShiftedNormalizedAdjacency<'_, G> {
    /// output = P M P input.
    fn apply_deflated(&self, input: MatRef<'_, f64>, mut output: MatMut<'_, f64>) {
        let projected = input - self.null * (self.null.transpose() * input);
        self.apply_to(projected.as_ref(), output.rb_mut());
        let overlap = self.null.transpose() * output.rb();
        output -= self.null * overlap;
    }

    /// output = M input.
    fn apply_to(&self, input: MatRef<'_, f64>, mut output: MatMut<'_, f64>) {
        let usable = self.usable;
        let scale = &usable.inverse_sqrt_degrees;
        let columns = input.ncols();

        let scaled = if usable.all_nodes() {
            Mat::from_fn(usable.node_count, columns, |i, j| scale[i] * input[(i, j)])
        } else {
            let mut padded = Mat::zeros(usable.node_count, columns);
            for (row, &node) in usable.nodes.iter().enumerate() {
                for j in 0..columns {
                    padded[(node, j)] = scale[row] * input[(row, j)];
                }
            }
            padded
        };
        let mut product = Mat::zeros(usable.node_count, columns);
        self.graph.multiply_adjacency(scaled.as_ref(), product.as_mut());

        for (row, &node) in usable.nodes.iter().enumerate() {
            for j in 0..columns {
                output[(row, j)] = input[(row, j)] + scale[row] * product[(node, j)];
            }
        }
    }
}

impl<G: ?Sized> std::fmt::Debug for ShiftedNormalizedAdjacency<'_, G> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "I + D^-1/2 A D^-1/2 over {} nodes", self.usable.len())
    }
}

impl<G: WeightedGraph + Sync + ?Sized> LinOp<f64> for ShiftedNormalizedAdjacency<'_, G> {
    fn apply_scratch(&self, _rhs_ncols: usize, _par: Par) -> StackReq {
        StackReq::EMPTY
    }

    fn nrows(&self) -> usize {
        self.usable.len()
    }

    fn ncols(&self) -> usize {
        self.usable.len()
    }

    fn apply(&self, out: MatMut<'_, f64>, rhs: MatRef<'_, f64>, _par: Par, _: &mut MemStack) {
        self.apply_deflated(rhs, out);
    }

    fn conj_apply(&self, out: MatMut<'_, f64>, rhs: MatRef<'_, f64>, _par: Par, _: &mut MemStack) {
        self.apply_deflated(rhs, out);
    }
}
