//! Training: the loop, the optimiser, evaluation.
