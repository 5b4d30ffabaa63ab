//! Softmax cross-entropy over a batch, and its gradient with respect to the logits.
//!
//! For logits `z [rows, classes]` and labels `y`:
//! `loss = mean_r (log sum_c e^(z_rc - max_r) - (z_ry - max_r))` (log-softmax with
//! the row maximum subtracted, so no exponential overflows), and
//! `dloss/dz_rc = (softmax(z_r)_c - [c = y_r]) / rows`.
//!
//! ```
//! use nncut::train::softmax_cross_entropy;
//! let mut grad = [0.0; 2];
//! let loss = softmax_cross_entropy(&[0.0, 0.0], &[1], 2, &mut grad);
//! assert!((loss - std::f32::consts::LN_2).abs() < 1e-6);
//! assert_eq!(grad, [0.5, -0.5]);
//! ```

/// The mean cross-entropy of `logits` `[rows, classes]` against `labels`
/// (`rows = labels.len()`); writes its gradient into `grad` `[rows, classes]`.
///
/// A label outside `0..classes` has no logit to take: the caller checks labels
/// against the network's output count before training.
pub fn softmax_cross_entropy(
    logits: &[f32],
    labels: &[u8],
    classes: usize,
    grad: &mut [f32],
) -> f32 {
    let rows = labels.len();
    let scale = 1.0 / rows as f32;
    let mut total = 0.0f64;

    let row_pairs = logits.chunks_exact(classes).zip(grad.chunks_exact_mut(classes));
    for ((row, grad_row), &label) in row_pairs.zip(labels) {
        let max = row.iter().fold(f32::NEG_INFINITY, |max, &value| max.max(value));
        let mut sum = 0.0f32;
        for (g, &value) in grad_row.iter_mut().zip(row) {
            *g = (value - max).exp();
            sum += *g;
        }
        let log_sum = sum.ln();
        total += (log_sum - (row[label as usize] - max)) as f64;

        let inverse = scale / sum;
        for g in grad_row.iter_mut() {
            *g *= inverse;
        }
        grad_row[label as usize] -= scale;
    }

    (total / rows as f64) as f32
}
