//! Normalized spectral clustering and the n-cut of any weighted graph.
