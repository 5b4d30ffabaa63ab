//! Two-way fork-join for the training step.
//!
//! Every product and elementwise pass of a step splits its output rows in two
//! halves (batch rows, or weight rows for `dW` and Adam), and [`halves`] runs them
//! on two threads of a small rayon pool. Neither half sums across the split, so
//! each value is computed by the same instructions in the same order as on one
//! thread: the thread count never changes a result.
//!
//! Measured on the 2-core machine, `matrixmultiply`'s own threading spent a
//! quarter of the epoch waking and yielding its helper thread (14 products per
//! batch); one pool kept for the whole run and about 15 joins per batch do not.

use super::FlushToZero;

/// Runs `top` and `bottom`: on two threads when `parallel`, else one after the other.
pub(crate) fn halves<A, B>(parallel: bool, top: A, bottom: B)
where
    A: FnOnce() + Send,
    B: FnOnce() + Send,
{
    if parallel {
        rayon::join(top, bottom);
    } else {
        top();
        bottom();
    }
}

/// The variable that caps the threads of a training run (`1` for one thread on a
/// machine that other jobs share); the results are the same for any value.
pub const THREADS_ENV: &str = "NNCUT_THREADS";

/// The pool a training run works in: as many threads as halves can use (two), the
/// machine has, or [`THREADS_ENV`] allows, each with subnormals flushed to zero.
/// `None` for one thread.
pub(crate) fn training_pool() -> Option<rayon::ThreadPool> {
    let available = std::thread::available_parallelism().map_or(1, |n| n.get());
    let allowed = std::env::var(THREADS_ENV).ok().and_then(|value| value.parse().ok());
    let threads = available.min(allowed.unwrap_or(2)).min(2);
    if threads < 2 {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|index| format!("nncut-train-{index}"))
        .start_handler(|_| std::mem::forget(FlushToZero::enable()))
        .build()
        .ok()
}
