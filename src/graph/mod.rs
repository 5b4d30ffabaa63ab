//! A network as a layered weighted graph, built from its weights or from the
//! Spearman correlations of its neurons' values.
