//! The paper's grid, run end to end: for every network, train it (or reuse what
//! the output folder already holds), then measure its n-cut by each method.
//!
//! Layout of the output folder:
//!
//! ```text
//! OUT/config.json                 the whole run's settings (ReproduceConfig)
//! OUT/runs/RUN_ID/model.safetensors, config.json, metrics.json   (training)
//! OUT/runs/RUN_ID/result.json     the network's NetworkResult, written last
//! ```
//!
//! Every file is written whole (temporary file, then rename), so a run stopped
//! at any moment resumes from its finished networks; with the same seeds the
//! numbers are the same as those of an uninterrupted run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::analysis::{AnalysisSettings, analyze};
use super::{
    ExperimentError, GraphMethod, MethodResult, NetworkResult, NetworkSettings, NetworkSpec, grid,
};
use crate::atomic;
use crate::cluster::ClusterParams;
use crate::data::{DataError, DatasetName, LabeledImages, Split, load};
use crate::graph::SpearmanOptions;
use crate::model::import::load_run;
use crate::model::{Activation, Mlp};
use crate::train::{self, EpochMetrics, Progress, Samples, TrainConfig, Trained};

/// Networks per row at most: a guard against a mistyped `--seeds`.
pub const MAX_SEEDS: usize = 1000;

/// The run folder's metrics, as training writes them.
const RUN_METRICS_FILE: &str = "metrics.json";
/// What a run folder's weights were trained with (see `TrainedWith`).
const TRAINED_WITH_FILE: &str = "trained-with.json";
/// A network's finished record inside its run folder.
pub const RESULT_FILE: &str = "result.json";
/// The whole run's settings inside the output folder.
pub const CONFIG_FILE: &str = "config.json";

/// Every setting of a reproduction; saved as `OUT/config.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReproduceConfig {
    pub datasets: Vec<DatasetName>,
    pub activations: Vec<Activation>,
    /// Dropout rates; 0 means none (paper: 0 and 0.5).
    pub dropouts: Vec<f32>,
    /// One network per row and seed; the seed drives initial weights,
    /// shuffling and dropout.
    pub seeds: Vec<u64>,
    /// Architecture, epochs, batch size and optimiser; the activation, dropout
    /// and seed are set per network.
    pub training: TrainConfig,
    /// Train on the first this many training images (all when `None`).
    pub train_images: Option<usize>,
    pub methods: Vec<GraphMethod>,
    pub k: usize,
    pub restarts: usize,
    pub cluster_seed: u64,
    /// Edge weight of constant neurons in the Spearman graph (0 cuts them off).
    pub constant_epsilon: f64,
}

impl ReproduceConfig {
    /// The paper's grid with its settings: 2 datasets x 2 activations x 2
    /// dropout rates, one seed, 20 epochs on all 60 000 images, both methods, k = 4.
    pub fn paper() -> Self {
        Self {
            datasets: vec![DatasetName::Mnist, DatasetName::FashionMnist],
            activations: vec![Activation::Relu, Activation::Sigmoid],
            dropouts: vec![0.0, 0.5],
            seeds: vec![0],
            training: TrainConfig::default(),
            train_images: None,
            methods: vec![GraphMethod::Weights, GraphMethod::Spearman],
            k: 4,
            restarts: 10,
            cluster_seed: 0,
            constant_epsilon: 0.0,
        }
    }

    /// Checks the settings once, naming the first one that is out of range.
    pub fn validate(&self) -> Result<(), ExperimentError> {
        let lists = [
            ("datasets", distinct(&self.datasets)),
            ("activations", distinct(&self.activations)),
            ("dropouts", distinct(&self.dropouts)),
            ("seeds", distinct(&self.seeds)),
            ("methods", distinct(&self.methods)),
        ];
        for (parameter, check) in lists {
            check.map_err(|problem| ExperimentError::Parameter { parameter, problem })?;
        }
        if self.seeds.len() > MAX_SEEDS {
            let problem = format!("{} networks per row; at most {MAX_SEEDS}", self.seeds.len());
            return Err(ExperimentError::Parameter { parameter: "seeds", problem });
        }
        if self.train_images == Some(0) {
            let problem = "must be at least 1".to_string();
            return Err(ExperimentError::Parameter { parameter: "train images", problem });
        }

        for network in self.networks() {
            self.training_config(&network).validate()?;
        }
        let settings = self.network_settings(&self.networks()[0]).analysis_settings();
        settings.cluster.validate()?;
        settings.spearman.validate()?;
        let neurons: usize = self.training.layer_sizes.iter().sum();
        if self.k > neurons {
            let problem =
                format!("{} clusters, but the network has only {neurons} neurons", self.k);
            return Err(ExperimentError::Parameter { parameter: "k", problem });
        }
        Ok(())
    }

    /// The grid's networks in the paper's order.
    pub fn networks(&self) -> Vec<NetworkSpec> {
        grid(&self.datasets, &self.activations, &self.dropouts, &self.seeds)
    }

    /// The training settings of one network.
    pub fn training_config(&self, network: &NetworkSpec) -> TrainConfig {
        TrainConfig {
            activation: network.activation,
            dropout: network.dropout,
            seed: network.seed,
            ..self.training.clone()
        }
    }

    /// Everything besides its spec that decides `network`'s numbers.
    pub fn network_settings(&self, network: &NetworkSpec) -> NetworkSettings {
        NetworkSettings {
            training: self.training_config(network),
            train_images_limit: self.train_images,
            methods: self.methods.clone(),
            k: self.k,
            restarts: self.restarts,
            cluster_seed: self.cluster_seed,
            constant_epsilon: self.constant_epsilon,
        }
    }
}

/// A list's problem, if it is empty or names a value twice.
fn distinct<T: PartialEq + std::fmt::Debug>(values: &[T]) -> Result<(), String> {
    if values.is_empty() {
        return Err("needs at least one value".to_string());
    }
    for (index, value) in values.iter().enumerate() {
        if values[..index].contains(value) {
            return Err(format!("lists {value:?} twice"));
        }
    }
    Ok(())
}

/// What the runner reports while it works.
pub enum RunEvent<'a> {
    /// Network `index` (from 1) of `total` starts.
    Started { index: usize, total: usize, run_id: &'a str },
    /// Its finished record was found in the output folder.
    Reused { run_id: &'a str },
    /// Its trained weights were found; only the measurement is redone.
    ReusedTraining { run_id: &'a str },
    /// A training step or epoch is done.
    Training(Progress<'a>),
    /// The network is done and its record saved.
    Finished(&'a NetworkResult),
}

/// Where a reproduction gets its images: usually `nncut::data::load` over a
/// data folder; tests give small synthetic sets.
pub trait DataSource {
    fn load(&self, dataset: DatasetName, split: Split) -> Result<LabeledImages, DataError>;
}

/// The verified datasets in `--data-dir`, `$NNCUT_DATA` or `./data` (`None`).
pub struct DataFolder<'a>(pub Option<&'a Path>);

impl DataSource for DataFolder<'_> {
    fn load(&self, dataset: DatasetName, split: Split) -> Result<LabeledImages, DataError> {
        load(dataset, split, self.0)
    }
}

/// Runs every network of `config` into `out`, reusing finished ones; returns
/// their records in the grid's order.
pub fn reproduce(
    config: &ReproduceConfig,
    out: &Path,
    data: &impl DataSource,
    mut observe: impl FnMut(RunEvent),
) -> Result<Vec<NetworkResult>, ExperimentError> {
    config.validate()?;
    std::fs::create_dir_all(out)
        .map_err(|source| ExperimentError::Write { path: out.to_path_buf(), source })?;
    claim_output_folder(config, out)?;
    std::fs::create_dir_all(out.join("runs"))
        .map_err(|source| ExperimentError::Write { path: out.join("runs"), source })?;

    let networks = config.networks();
    let mut results = Vec::with_capacity(networks.len());
    let mut loaded: Option<(DatasetName, LabeledImages, LabeledImages)> = None;

    for (index, network) in networks.iter().enumerate() {
        let run_id = network.run_id();
        let folder = out.join("runs").join(&run_id);
        observe(RunEvent::Started { index: index + 1, total: networks.len(), run_id: &run_id });
        let settings = config.network_settings(network);
        if let Some(result) = read_result(&folder, &settings)? {
            observe(RunEvent::Reused { run_id: &run_id });
            results.push(result);
            continue;
        }

        if loaded.as_ref().is_none_or(|(dataset, _, _)| *dataset != network.dataset) {
            let train = data.load(network.dataset, Split::Train)?;
            let test = data.load(network.dataset, Split::Test)?;
            loaded = Some((network.dataset, train, test));
        }
        let (_, train_split, test_split) = loaded.as_ref().expect("loaded just above");

        let result =
            run_network(&settings, network, &folder, train_split, test_split, &mut observe)
                .map_err(|source| ExperimentError::Network {
                    run_id: run_id.clone(),
                    source: Box::new(source),
                })?;
        write_json(&folder.join(RESULT_FILE), &result)?;
        observe(RunEvent::Finished(&result));
        results.push(result);
    }
    Ok(results)
}

/// Trains (or reloads) one network and measures it.
fn run_network(
    settings: &NetworkSettings,
    network: &NetworkSpec,
    folder: &Path,
    train_split: &LabeledImages,
    test_split: &LabeledImages,
    observe: &mut impl FnMut(RunEvent),
) -> Result<NetworkResult, ExperimentError> {
    let training = &settings.training;
    let train_images =
        settings.train_images_limit.map_or(train_split.count, |limit| limit.min(train_split.count));
    let trained_with = TrainedWith { training: training.clone(), train_images };
    let inputs = train_split.rows * train_split.cols;

    let (mlp, metrics) = match read_trained(folder, &trained_with)? {
        Some(trained) => {
            observe(RunEvent::ReusedTraining { run_id: &network.run_id() });
            trained
        }
        None => {
            let train_samples = Samples {
                images: &train_split.images[..train_images * inputs],
                labels: &train_split.labels[..train_images],
                count: train_images,
            };
            let test_samples = Samples {
                images: &test_split.images,
                labels: &test_split.labels,
                count: test_split.count,
            };
            let trained = train::train(training, train_samples, test_samples, |progress| {
                observe(RunEvent::Training(progress))
            })?;
            train::write_run(folder, training, &network_dataset_name(network), &trained)?;
            write_json(&folder.join(TRAINED_WITH_FILE), &trained_with)?;
            let Trained { mlp, metrics } = trained;
            (mlp, metrics)
        }
    };

    let images = Some((test_split.images.as_slice(), test_split.count));
    let analyses = analyze(&mlp, images, &settings.methods, &settings.analysis_settings())?;
    let methods = analyses
        .into_iter()
        .map(|analysis| MethodResult {
            method: analysis.method,
            ncut: analysis.partition.ncut,
            cluster_sizes: analysis.partition.clusters.iter().map(|c| c.size).collect(),
            isolated: analysis.partition.isolated,
            constant_neurons: analysis.constant_neurons,
            eigenvalues: analysis.partition.eigenvalues,
            graph_seconds: analysis.graph_seconds,
            cluster_seconds: analysis.cluster_seconds,
        })
        .collect();

    let last_epoch = metrics.last().expect("training runs at least one epoch");
    Ok(NetworkResult {
        run_id: network.run_id(),
        spec: *network,
        settings: settings.clone(),
        train_images,
        accuracy: 100.0 * last_epoch.test_accuracy,
        train_seconds: metrics.iter().map(|epoch| epoch.seconds).sum(),
        methods,
    })
}

impl NetworkSettings {
    /// How the network's graphs are built and clustered.
    pub fn analysis_settings(&self) -> AnalysisSettings {
        AnalysisSettings {
            cluster: ClusterParams {
                k: self.k,
                seed: self.cluster_seed,
                restarts: self.restarts,
                ..ClusterParams::default()
            },
            spearman: SpearmanOptions { constant_epsilon: self.constant_epsilon },
        }
    }
}

/// What a run folder's weights were trained with; written beside them so a
/// resumed run reuses them only for the same training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct TrainedWith {
    training: TrainConfig,
    train_images: usize,
}

fn network_dataset_name(network: &NetworkSpec) -> String {
    network.dataset.slug().to_string()
}

/// Records `config` in `out`, or checks that the run already there used the
/// same; a run that finished no network yet may be restarted with new settings.
fn claim_output_folder(config: &ReproduceConfig, out: &Path) -> Result<(), ExperimentError> {
    let path = out.join(CONFIG_FILE);
    if path.exists() {
        let existing: ReproduceConfig = read_json(&path)?;
        if existing == *config {
            return Ok(());
        }
        if finished_networks(out) > 0 {
            let difference = describe_difference(&existing, config);
            return Err(ExperimentError::OtherSettings { path, difference });
        }
        log::info!("{} finished no network; starting it again with these settings", out.display());
    } else if out.read_dir().is_ok_and(|mut entries| entries.next().is_some()) {
        let problem = format!("{} is not empty and holds no reproduction", out.display());
        return Err(ExperimentError::Parameter { parameter: "out", problem });
    }
    write_json(&path, config)
}

/// How many run folders in `out` hold a finished record.
fn finished_networks(out: &Path) -> usize {
    let Ok(entries) = out.join("runs").read_dir() else {
        return 0;
    };
    entries.flatten().filter(|entry| entry.path().join(RESULT_FILE).exists()).count()
}

/// Names the first top-level setting that differs, e.g. "epochs 20 there, 1 here".
fn describe_difference(there: &ReproduceConfig, here: &ReproduceConfig) -> String {
    let (there, here) = (flatten_settings(there), flatten_settings(here));
    there
        .iter()
        .zip(&here)
        .find(|(a, b)| a != b)
        .map(|((name, a), (_, b))| format!("{name} {a} there, {b} here"))
        .unwrap_or_else(|| "settings differ".to_string())
}

fn flatten_settings(config: &ReproduceConfig) -> Vec<(String, String)> {
    let value = serde_json::to_value(config).unwrap_or_default();
    let mut settings = Vec::new();
    if let serde_json::Value::Object(fields) = value {
        for (name, field) in fields {
            match field {
                serde_json::Value::Object(inner) => {
                    settings.extend(inner.into_iter().map(|(n, v)| (n, v.to_string())))
                }
                other => settings.push((name, other.to_string())),
            }
        }
    }
    settings
}

/// A finished network's record, if its run folder has one made with `settings`.
fn read_result(
    folder: &Path,
    settings: &NetworkSettings,
) -> Result<Option<NetworkResult>, ExperimentError> {
    let path = folder.join(RESULT_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let result: NetworkResult = read_json(&path)?;
    if result.settings != *settings {
        log::info!("  {} was made with other settings; redoing it", path.display());
        return Ok(None);
    }
    Ok(Some(result))
}

/// The weights and metrics of a finished training in `folder`, if it was
/// trained exactly as `expected` says.
fn read_trained(
    folder: &Path,
    expected: &TrainedWith,
) -> Result<Option<(Mlp, Vec<EpochMetrics>)>, ExperimentError> {
    let trained_with_path = folder.join(TRAINED_WITH_FILE);
    let metrics_path = folder.join(RUN_METRICS_FILE);
    if !trained_with_path.exists() || !metrics_path.exists() {
        return Ok(None);
    }
    let trained_with: TrainedWith = read_json(&trained_with_path)?;
    if trained_with != *expected {
        return Ok(None);
    }

    let metrics: Vec<EpochMetrics> = read_json(&metrics_path)?;
    if metrics.len() != expected.training.epochs {
        return Ok(None);
    }
    let imported = load_run(folder)?;
    Ok(Some((imported.into_mlp(expected.training.activation), metrics)))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, ExperimentError> {
    let failed = |reason: String| ExperimentError::Read { path: path.to_path_buf(), reason };
    let text = std::fs::read_to_string(path).map_err(|error| failed(error.to_string()))?;
    serde_json::from_str(&text).map_err(|error| failed(error.to_string()))
}

/// Writes `value` as pretty JSON, whole or not at all.
fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), ExperimentError> {
    atomic::write_json(path, value)
        .map_err(|source| ExperimentError::Write { path: PathBuf::from(path), source })
}
