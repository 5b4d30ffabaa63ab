//! A trained network's n-cut by either graph method: build the graph (|w|, or
//! |Spearman rho| of every neuron's values on the given images), cluster it, and
//! count which layers each cluster holds.

use std::time::Instant;

use super::{ExperimentError, GraphMethod};
use crate::cluster::{ClusterParams, Partition, spectral_clustering};
use crate::graph::{LayerComposition, LayerValues, LayeredGraph, SpearmanOptions};
use crate::model::Mlp;

/// How a network is measured, beyond the graph method.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysisSettings {
    pub cluster: ClusterParams,
    pub spearman: SpearmanOptions,
}

/// One method's graph, clustered.
#[derive(Clone, Debug)]
pub struct MethodAnalysis {
    pub method: GraphMethod,
    pub partition: Partition,
    /// Per layer, neurons whose values were constant (Spearman only).
    pub constant_neurons: Option<Vec<usize>>,
    pub composition: LayerComposition,
    pub graph_seconds: f64,
    pub cluster_seconds: f64,
}

/// Measures `mlp` by each of `methods`; `images` (`[count, inputs]` row-major)
/// are the samples the Spearman method records the neurons' values on.
pub fn analyze(
    mlp: &Mlp,
    images: Option<(&[f32], usize)>,
    methods: &[GraphMethod],
    settings: &AnalysisSettings,
) -> Result<Vec<MethodAnalysis>, ExperimentError> {
    settings.cluster.validate()?;
    methods.iter().map(|&method| analyze_one(mlp, images, method, settings)).collect()
}

fn analyze_one(
    mlp: &Mlp,
    images: Option<(&[f32], usize)>,
    method: GraphMethod,
    settings: &AnalysisSettings,
) -> Result<MethodAnalysis, ExperimentError> {
    let started = Instant::now();
    let (graph, constant_neurons) = match method {
        GraphMethod::Weights => (LayeredGraph::from_weights(mlp)?, None),
        GraphMethod::Spearman => {
            let (images, count) = images.ok_or(ExperimentError::SpearmanNeedsImages)?;
            let values = mlp.record_values(images, count)?;
            let layer_values = LayerValues::new(&values, &mlp.layer_sizes(), count)?;
            let spearman = LayeredGraph::from_spearman(&layer_values, settings.spearman)?;
            (spearman.graph, Some(spearman.constant_neurons))
        }
    };
    let graph_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let partition = spectral_clustering(&graph, &settings.cluster)?;
    let cluster_seconds = started.elapsed().as_secs_f64();

    let composition = graph.layer_composition(&partition.labels, partition.clusters.len())?;
    Ok(MethodAnalysis {
        method,
        partition,
        constant_neurons,
        composition,
        graph_seconds,
        cluster_seconds,
    })
}
