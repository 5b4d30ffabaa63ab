//! The multilayer perceptron: layer sizes, activation, dropout, forward pass,
//! checkpoints.
