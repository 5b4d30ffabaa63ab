//! Inverted dropout masks.
//!
//! Each element is kept with probability `1 - p` and then scaled by `1 / (1 - p)`,
//! else zeroed, so a unit's expected value is the same in training and evaluation
//! (where dropout is the identity). The keep test compares a uniform `u32` with
//! `p 2^32`: exact to 2^-32 and one random number per element.
//!
//! ```
//! use nncut::model::seeded_rng;
//! use nncut::train::fill_dropout_mask;
//! let mut mask = vec![0.0; 1000];
//! fill_dropout_mask(&mut mask, 0.5, &mut seeded_rng(1, 2), &mut Vec::new());
//! assert!(mask.iter().all(|&m| m == 0.0 || m == 2.0));
//! ```

use rand::Rng;

/// Fills `mask` with `0` (dropped) or `1 / (1 - p)` (kept), using `scratch` for
/// the random bits so a training loop allocates nothing per batch.
pub fn fill_dropout_mask(mask: &mut [f32], p: f32, rng: &mut impl Rng, scratch: &mut Vec<u32>) {
    scratch.resize(mask.len(), 0);
    rng.fill(scratch.as_mut_slice());

    let threshold = (p as f64 * 4_294_967_296.0) as u64;
    let kept = 1.0 / (1.0 - p);
    for (m, &bits) in mask.iter_mut().zip(scratch.iter()) {
        *m = if bits as u64 >= threshold { kept } else { 0.0 };
    }
}
