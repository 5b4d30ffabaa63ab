//! One training step's forward and backward pass, written out for a sequential MLP.
//!
//! Forward, for a batch `X [B, n_0]` and layers `l = 1..L` with `W_l [n_l, n_(l-1)]`:
//! `Z_l = H_(l-1) W_l^T + b_l`, `H_l = f(Z_l) * M_l` (dropout mask `M_l`, hidden
//! layers only), `H_0 = X`, logits `Z_L`.
//!
//! Backward, from `G_L = dloss/dZ_L` (see `loss`):
//! `dW_l = G_l^T H_(l-1)`, `db_l = sum over rows of G_l`, and for `l > 1`
//! `G_(l-1) = (G_l W_l) * M_(l-1) * f'(Z_(l-1))`. The input's gradient is never
//! needed, so layer 1 skips that product.
//!
//! Every buffer is allocated once for the largest batch; a step allocates nothing.

use rand::Rng;

use super::dropout::fill_dropout_mask;
use super::loss::softmax_cross_entropy;
use super::{Samples, TrainError};
use crate::model::activation::{backprop_through, bias_activate};
use crate::model::gemm::{MatRef, matmul};
use crate::model::{Activation, Linear, Mlp};

/// Buffers of one training step for batches of up to `capacity` rows.
pub(crate) struct Workspace {
    capacity: usize,
    /// Per layer: `Z_l`, `[B, n_l]`.
    pre: Vec<Vec<f32>>,
    /// Per hidden layer: `H_l`, `[B, n_l]`.
    post: Vec<Vec<f32>>,
    /// Per hidden layer: the dropout mask `M_l` (empty without dropout).
    masks: Vec<Vec<f32>>,
    random_bits: Vec<u32>,
    /// The gradient of the current layer's `Z` and of the one below it.
    grad_current: Vec<f32>,
    grad_below: Vec<f32>,
    /// Per layer: `dW_l` and `db_l`, shaped as the layer.
    pub(crate) gradients: Vec<Linear>,
}

impl Workspace {
    pub(crate) fn new(mlp: &Mlp, capacity: usize) -> Self {
        let sizes = mlp.layer_sizes();
        let hidden = &sizes[1..sizes.len() - 1];
        let widest = sizes[1..].iter().copied().max().unwrap_or(0);
        let dropout = mlp.dropout > 0.0;

        let gradients = mlp
            .layers
            .iter()
            .map(|layer| Linear {
                inputs: layer.inputs,
                outputs: layer.outputs,
                weight: vec![0.0; layer.weight.len()],
                bias: vec![0.0; layer.bias.len()],
            })
            .collect();
        Self {
            capacity,
            pre: sizes[1..].iter().map(|&n| vec![0.0; capacity * n]).collect(),
            post: hidden.iter().map(|&n| vec![0.0; capacity * n]).collect(),
            masks: hidden
                .iter()
                .map(|&n| vec![0.0; if dropout { capacity * n } else { 0 }])
                .collect(),
            random_bits: Vec::new(),
            grad_current: vec![0.0; capacity * widest],
            grad_below: vec![0.0; capacity * widest],
            gradients,
        }
    }

    /// One training step on a batch: forward (drawing dropout masks from `rng`),
    /// loss, and backward; returns the mean loss.
    ///
    /// Each layer's gradient goes to `visit(index, layer, gradient)` as soon as no
    /// later product needs that layer's weights, so the optimiser updates it while
    /// the gradient is still in cache.
    pub(crate) fn step(
        &mut self,
        mlp: &mut Mlp,
        images: &[f32],
        labels: &[u8],
        rng: &mut impl Rng,
        mut visit: impl FnMut(usize, &mut Linear, &Linear),
    ) -> f32 {
        let rows = labels.len();
        assert!(rows <= self.capacity, "a batch of {rows} rows exceeds the workspace");
        self.draw_masks(mlp, rows, rng);
        self.forward(mlp, images, rows);

        let layers = mlp.layers.len();
        let classes = mlp.layers[layers - 1].outputs;
        let logits = &self.pre[layers - 1][..rows * classes];
        let loss = softmax_cross_entropy(logits, labels, classes, &mut self.grad_current);

        for index in (0..layers).rev() {
            let layer = &mlp.layers[index];
            let input: &[f32] = if index == 0 { images } else { &self.post[index - 1] };
            let grad = &self.grad_current[..rows * layer.outputs];
            let below = if index > 0 {
                let len = rows * layer.inputs;
                let mask = dropout_mask(&self.masks, mlp, index - 1, len);
                Some((&mut self.grad_below[..len], &self.pre[index - 1][..len], mask))
            } else {
                None
            };
            let gradient = &mut self.gradients[index];
            backward_layer(layer, input, grad, rows, gradient, below, mlp.activation);

            visit(index, &mut mlp.layers[index], &self.gradients[index]);
            std::mem::swap(&mut self.grad_current, &mut self.grad_below);
        }
        loss
    }

    /// Fills the dropout masks of every hidden layer for `rows` rows, in layer order.
    fn draw_masks(&mut self, mlp: &Mlp, rows: usize, rng: &mut impl Rng) {
        if mlp.dropout == 0.0 {
            return;
        }
        for (mask, layer) in self.masks.iter_mut().zip(&mlp.layers) {
            let mask = &mut mask[..rows * layer.outputs];
            fill_dropout_mask(mask, mlp.dropout, rng, &mut self.random_bits);
        }
    }

    /// `Z_l` and `H_l` of every layer for `rows` rows of `images`.
    fn forward(&mut self, mlp: &Mlp, images: &[f32], rows: usize) {
        let last = mlp.layers.len() - 1;
        let dropout = mlp.dropout > 0.0;
        for (index, layer) in mlp.layers.iter().enumerate() {
            let (done, rest) = self.post.split_at_mut(index.min(last));
            let input: &[f32] = if index == 0 { images } else { &done[index - 1] };
            let len = rows * layer.outputs;
            let pre = &mut self.pre[index][..len];
            let activated = if index == last {
                None
            } else {
                let mask = dropout.then(|| &self.masks[index][..len]);
                Some((&mut rest[0][..len], mlp.activation, mask))
            };
            forward_layer(layer, input, rows, pre, activated);
        }
    }
}

/// Where a hidden layer's activation goes: `H` rows, the activation, the mask rows.
type Activated<'a> = Option<(&'a mut [f32], Activation, Option<&'a [f32]>)>;

/// `Z = X W^T + b` and, for a hidden layer, `H = f(Z) * M`, for `rows` rows.
fn forward_layer(
    layer: &Linear,
    input: &[f32],
    rows: usize,
    pre: &mut [f32],
    activated: Activated,
) {
    let input = MatRef::row_major(input, rows, layer.inputs);
    let weight_t = MatRef::row_major(&layer.weight, layer.outputs, layer.inputs).t();
    matmul(input, weight_t, 0.0, pre);

    match activated {
        None => bias_activate(pre, &layer.bias, None, &mut [], None),
        Some((post, activation, mask)) => {
            bias_activate(pre, &layer.bias, Some(activation), post, mask)
        }
    }
}

/// The gradient of the layer below: its `G` rows to fill, its `Z` rows, its mask.
type Below<'a> = Option<(&'a mut [f32], &'a [f32], Option<&'a [f32]>)>;

/// `dW = G^T H`, `db = column sums of G` and, when there is a layer below,
/// `G_below = (G W) * M * f'(Z_below)`.
fn backward_layer(
    layer: &Linear,
    input: &[f32],
    grad: &[f32],
    rows: usize,
    gradient: &mut Linear,
    below: Below,
    activation: Activation,
) {
    let grad_matrix = MatRef::row_major(grad, rows, layer.outputs);
    let input = MatRef::row_major(input, rows, layer.inputs);
    matmul(grad_matrix.t(), input, 0.0, &mut gradient.weight);
    column_sums(grad, layer.outputs, &mut gradient.bias);

    if let Some((below, pre, mask)) = below {
        let weight = MatRef::row_major(&layer.weight, layer.outputs, layer.inputs);
        matmul(grad_matrix, weight, 0.0, below);
        backprop_through(below, pre, activation, mask);
    }
}

/// `sums[o] = sum over rows r of grad[r, o]`, summed in row order.
fn column_sums(grad: &[f32], width: usize, sums: &mut [f32]) {
    sums.fill(0.0);
    for row in grad.chunks_exact(width) {
        for (sum, g) in sums.iter_mut().zip(row) {
            *sum += g;
        }
    }
}

/// The first `len` values of hidden layer `hidden`'s mask, if the MLP has dropout.
fn dropout_mask<'a>(
    masks: &'a [Vec<f32>],
    mlp: &Mlp,
    hidden: usize,
    len: usize,
) -> Option<&'a [f32]> {
    (mlp.dropout > 0.0).then(|| &masks[hidden][..len])
}

/// The mean loss of `mlp` on `images` `[rows, n_0]` and `labels`, and the gradient
/// of every layer, in evaluation mode (no dropout): for checks and for users who
/// bring their own optimiser.
pub fn loss_and_gradients(
    mlp: &Mlp,
    images: &[f32],
    labels: &[u8],
) -> Result<(f32, Vec<Linear>), TrainError> {
    Samples { images, labels, count: labels.len() }.check("samples", mlp)?;

    let mut evaluated = Mlp { dropout: 0.0, ..mlp.clone() };
    let mut workspace = Workspace::new(&evaluated, labels.len());
    let mut unused_rng = crate::model::seeded_rng(0, 0);
    let loss = workspace.step(&mut evaluated, images, labels, &mut unused_rng, |_, _, _| {});
    Ok((loss, workspace.gradients))
}
