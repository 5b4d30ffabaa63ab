//! `nncut analyze MODEL`: a trained network's n-cut by weights, by Spearman
//! correlation, or both. MODEL is a run folder of `nncut train` (activation and
//! dataset come from its config) or a safetensors file of a PyTorch state_dict
//! (give them with `--activation` and `--dataset` when the Spearman method needs them).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;

use nncut::cluster::{ClusterParams, Solver, SolverChoice};
use nncut::data::{DatasetName, LabeledImages, Split};
use nncut::experiment::{AnalysisSettings, GraphMethod, MethodAnalysis, analyze};
use nncut::graph::{LayerComposition, SpearmanOptions};
use nncut::model::import::import_model;
use nncut::model::{Activation, Mlp};

use super::{ClusteringArgs, Context};

/// Which graphs to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Method {
    Weights,
    Spearman,
    Both,
}

impl Method {
    fn graph_methods(self) -> Vec<GraphMethod> {
        match self {
            Method::Weights => vec![GraphMethod::Weights],
            Method::Spearman => vec![GraphMethod::Spearman],
            Method::Both => vec![GraphMethod::Weights, GraphMethod::Spearman],
        }
    }
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// A run folder written by `nncut train`, or a .safetensors file of a PyTorch
    /// state_dict (linear layers named fc1.weight..., layers.0.weight...).
    model: PathBuf,

    /// Edge weights: |w| (weights), |Spearman rho| over the test images (spearman), or both.
    #[arg(long, value_enum, default_value_t = Method::Both)]
    method: Method,

    /// Test images for the Spearman method (default: the run folder's dataset).
    #[arg(long, value_enum)]
    dataset: Option<DatasetName>,

    /// Activation after every hidden layer (default: the run folder's).
    #[arg(long, value_enum)]
    activation: Option<Activation>,

    #[command(flatten)]
    clustering: ClusteringArgs,

    /// Edge weight for a constant neuron's undefined correlations (the paper's code: 1e-10).
    #[arg(long, default_value_t = 0.0)]
    constant_epsilon: f64,

    /// Folder holding mnist/ and fashion-mnist/ (default: $NNCUT_DATA, else ./data).
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

/// One method's result in the `--json` object.
#[derive(Serialize)]
struct MethodReport {
    ncut: f64,
    isolated: usize,
    components: usize,
    cluster_sizes: Vec<usize>,
    /// `layer_composition.clusters[c][l]`: neurons of layer `l` in cluster `c`.
    layer_composition: LayerComposition,
    /// Spearman only: per layer, neurons with the same value on every test image.
    #[serde(skip_serializing_if = "Option::is_none")]
    constant_neurons: Option<Vec<usize>>,
    eigenvalues: Vec<f64>,
    solver: Solver,
    inertia: f64,
    graph_seconds: f64,
    cluster_seconds: f64,
}

/// The `--json` object.
#[derive(Serialize)]
struct Report<'a> {
    model: &'a Path,
    layer_sizes: Vec<usize>,
    notes: &'a [String],
    activation: Option<Activation>,
    dataset: Option<DatasetName>,
    k: usize,
    seed: u64,
    restarts: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    constant_epsilon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<MethodReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spearman: Option<MethodReport>,
}

pub fn run(args: AnalyzeArgs, context: &Context) -> anyhow::Result<()> {
    let params = ClusterParams {
        k: args.clustering.k,
        seed: args.clustering.seed,
        restarts: args.clustering.restarts,
        solver: SolverChoice::Auto,
    };
    params.validate().context("invalid --k or --restarts")?;
    let spearman_options = SpearmanOptions { constant_epsilon: args.constant_epsilon };
    spearman_options.validate().context("invalid --constant-epsilon")?;

    let imported = import_model(&args.model)?;
    for note in &imported.notes {
        log::info!("{}: {note}", args.model.display());
    }
    let saved = imported.run.as_ref();
    let activation = pick("--activation", args.activation, saved.map(|r| r.activation), &args);
    let dataset = pick("--dataset", args.dataset, saved.map(|r| r.dataset), &args);
    let values_from = match args.method {
        Method::Weights => None,
        Method::Spearman | Method::Both => Some(values_settings(activation, dataset, &args)?),
    };

    let notes = imported.notes.clone();
    // Only recorded values depend on the activation; the weights graph does not.
    let mlp = imported.into_mlp(activation.unwrap_or(Activation::Identity));
    let test = match values_from {
        Some(dataset) => Some(test_images(&mlp, dataset, &args)?),
        None => None,
    };

    let settings = AnalysisSettings { cluster: params.clone(), spearman: spearman_options };
    let images = test.as_ref().map(|test| (test.images.as_slice(), test.count));
    let (mut weights, mut spearman) = (None, None);
    for analysis in analyze(&mlp, images, &args.method.graph_methods(), &settings)? {
        match analysis.method {
            GraphMethod::Weights => weights = Some(MethodReport::from(analysis)),
            GraphMethod::Spearman => spearman = Some(MethodReport::from(analysis)),
        }
    }

    let report = Report {
        model: &args.model,
        layer_sizes: mlp.layer_sizes(),
        notes: &notes,
        activation,
        dataset,
        k: params.k,
        seed: params.seed,
        restarts: params.restarts,
        constant_epsilon: spearman.as_ref().map(|_| args.constant_epsilon),
        weights,
        spearman,
    };
    if context.json { context.print_json(&report) } else { print_text(&report) }
}

/// The command line's value, else the run folder's; a warning when both are
/// given and differ.
fn pick<T: PartialEq + Copy + std::fmt::Debug>(
    flag: &str,
    given: Option<T>,
    saved: Option<T>,
    args: &AnalyzeArgs,
) -> Option<T> {
    if let (Some(given), Some(saved)) = (given, saved)
        && given != saved
    {
        log::warn!("{flag} {given:?} overrides {saved:?} from {}'s config", args.model.display());
    }
    given.or(saved)
}

/// Recording values needs the activation and the test images: the dataset to
/// record on, or an error naming the missing flag.
fn values_settings(
    activation: Option<Activation>,
    dataset: Option<DatasetName>,
    args: &AnalyzeArgs,
) -> anyhow::Result<DatasetName> {
    let model = args.model.display();
    if activation.is_none() {
        bail!("the spearman method needs --activation: {model} has no run config");
    }
    dataset
        .with_context(|| format!("the spearman method needs --dataset: {model} has no run config"))
}

/// The test images of `dataset`, checked to fit the model's inputs.
fn test_images(
    mlp: &Mlp,
    dataset: DatasetName,
    args: &AnalyzeArgs,
) -> anyhow::Result<LabeledImages> {
    let started = Instant::now();
    let test = nncut::data::load(dataset, Split::Test, args.data_dir.as_deref())?;
    log::debug!("loaded {dataset} test images in {:.3} s", started.elapsed().as_secs_f64());

    let inputs = mlp.layers[0].inputs;
    if test.pixels_per_image() != inputs {
        let pixels = test.pixels_per_image();
        bail!("the model takes {inputs} inputs but {dataset} images have {pixels} pixels");
    }
    Ok(test)
}

impl From<MethodAnalysis> for MethodReport {
    fn from(analysis: MethodAnalysis) -> Self {
        let partition = analysis.partition;
        Self {
            ncut: partition.ncut,
            isolated: partition.isolated,
            components: partition.components,
            cluster_sizes: partition.clusters.iter().map(|c| c.size).collect(),
            layer_composition: analysis.composition,
            constant_neurons: analysis.constant_neurons,
            eigenvalues: partition.eigenvalues,
            solver: partition.solver,
            inertia: partition.inertia,
            graph_seconds: analysis.graph_seconds,
            cluster_seconds: analysis.cluster_seconds,
        }
    }
}

fn print_text(report: &Report<'_>) -> anyhow::Result<()> {
    let sizes: Vec<String> = report.layer_sizes.iter().map(ToString::to_string).collect();
    println!("{}: {}", report.model.display(), sizes.join("-"));
    println!("k = {}, seed {}, {} k-means restarts", report.k, report.seed, report.restarts);

    for (name, method) in [("weights", &report.weights), ("spearman", &report.spearman)] {
        let Some(method) = method else { continue };
        println!();
        println!(
            "{name}: n-cut {:.6} ({} isolated, {} component(s))",
            method.ncut, method.isolated, method.components
        );
        if let Some(constant) = &method.constant_neurons {
            println!("constant neurons per layer: {}", row(constant, 0));
        }

        let layers: Vec<String> = (0..report.layer_sizes.len()).map(|l| format!("L{l}")).collect();
        println!("{:>8} {:>6} {}", "cluster", "size", row(&layers, 6));
        let composition = &method.layer_composition;
        for (index, counts) in composition.clusters.iter().enumerate() {
            println!("{index:>8} {:>6} {}", method.cluster_sizes[index], row(counts, 6));
        }
        if method.isolated > 0 {
            println!(
                "{:>8} {:>6} {}",
                "isolated",
                method.isolated,
                row(&composition.unassigned, 6)
            );
        }
    }
    Ok(())
}

/// The items right-aligned in columns of `width`, one space apart.
fn row<T: std::fmt::Display>(items: &[T], width: usize) -> String {
    let cells: Vec<String> = items.iter().map(|item| format!("{item:>width$}")).collect();
    cells.join(" ")
}
