//! `nncut train`: train one MLP on MNIST or FashionMNIST and write its run folder
//! (weights as safetensors, config.json, metrics.json).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::Args;
use indicatif::ProgressBar;
use serde::Serialize;

use super::Context;
use nncut::data::{self, DatasetName, LabeledImages, Split};
use nncut::model::Activation;
use nncut::train::{
    self, AdamSettings, EpochMetrics, PAPER_LAYER_SIZES, Progress, Samples, TrainConfig,
};

#[derive(Args)]
pub struct TrainArgs {
    /// The dataset to train on (its test split gives the accuracy).
    #[arg(long, value_enum)]
    dataset: DatasetName,

    /// The activation after every hidden layer.
    #[arg(long, value_enum, default_value_t = Activation::Relu)]
    activation: Activation,

    /// Dropout probability after each hidden activation, in [0, 1).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    dropout: f32,

    /// Passes over the training set.
    #[arg(long, default_value_t = 20)]
    epochs: usize,

    /// The one seed of initial weights, shuffling and dropout.
    #[arg(long, default_value_t = 0)]
    seed: u64,

    /// The run folder to write [default: runs/DATASET-ACTIVATION-dropoutP-seedS].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// The data directory [default: $NNCUT_DATA, else ./data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Hidden layer sizes, comma-separated (inputs and classes come from the data).
    #[arg(long, value_delimiter = ',', default_value = "256,256,256,256")]
    hidden: Vec<usize>,

    /// Rows per Adam step.
    #[arg(long, default_value_t = 128)]
    batch_size: usize,

    /// Adam's learning rate.
    #[arg(long, default_value_t = 1e-3)]
    learning_rate: f64,
}

/// The MNIST and FashionMNIST classes.
const CLASSES: usize = data::MAX_LABEL as usize + 1;

#[derive(Serialize)]
struct TrainOutput<'a> {
    dataset: DatasetName,
    seed: u64,
    final_test_accuracy: f64,
    run_folder: &'a std::path::Path,
    model: &'a std::path::Path,
    config: &'a TrainConfig,
    epochs: &'a [EpochMetrics],
}

pub fn run(args: TrainArgs, context: &Context) -> anyhow::Result<()> {
    // The settings are checked before the data loads, so a bad one fails at once;
    // the paper's input size stands in until the images give theirs.
    config_of(&args, PAPER_LAYER_SIZES[0]).validate()?;
    let folder = args.out.clone().unwrap_or_else(|| default_folder(&args));
    check_out_folder(&folder)?;

    let training = load(args.dataset, Split::Train, &args)?;
    let test = load(args.dataset, Split::Test, &args)?;
    let config = config_of(&args, training.pixels_per_image());

    let mut bar: Option<ProgressBar> = None;
    let observe = |progress: Progress| match progress {
        Progress::Batch { epoch, batch, batches } => {
            let bar = bar.get_or_insert_with(|| {
                context.progress_bar(batches as u64, &format!("epoch {epoch}/{}", config.epochs))
            });
            bar.set_position(batch as u64);
        }
        Progress::Epoch(metrics) => {
            if let Some(bar) = bar.take() {
                bar.finish_and_clear();
            }
            log::info!("{}", epoch_summary(metrics, config.epochs));
        }
    };
    let trained = train::train(&config, samples(&training), samples(&test), observe)?;

    let model = train::write_run(&folder, &config, args.dataset.slug(), &trained)?;
    let last = trained.metrics.last().context("training ran no epoch")?;
    if context.json {
        context.print_json(&TrainOutput {
            dataset: args.dataset,
            seed: config.seed,
            final_test_accuracy: last.test_accuracy,
            run_folder: &folder,
            model: &model,
            config: &config,
            epochs: &trained.metrics,
        })?;
    } else {
        println!(
            "{} {} dropout {} seed {}: test accuracy {:.2}% after {} epochs; run folder {}",
            args.dataset,
            config.activation.name(),
            config.dropout,
            config.seed,
            100.0 * last.test_accuracy,
            last.epoch,
            folder.display()
        );
    }
    Ok(())
}

fn config_of(args: &TrainArgs, inputs: usize) -> TrainConfig {
    let layer_sizes = std::iter::once(inputs).chain(args.hidden.iter().copied()).chain([CLASSES]);
    TrainConfig {
        layer_sizes: layer_sizes.collect(),
        activation: args.activation,
        dropout: args.dropout,
        epochs: args.epochs,
        batch_size: args.batch_size,
        adam: AdamSettings { learning_rate: args.learning_rate, ..AdamSettings::default() },
        seed: args.seed,
    }
}

fn default_folder(args: &TrainArgs) -> PathBuf {
    let name = format!(
        "{}-{}-dropout{}-seed{}",
        args.dataset.slug(),
        args.activation.name(),
        args.dropout,
        args.seed
    );
    PathBuf::from("runs").join(name)
}

fn load(dataset: DatasetName, split: Split, args: &TrainArgs) -> anyhow::Result<LabeledImages> {
    log::debug!("loading {dataset} {split:?}");
    data::load(dataset, split, args.data_dir.as_deref())
        .with_context(|| format!("loading the {dataset} {split:?} split").to_lowercase())
}

fn samples(data: &LabeledImages) -> Samples<'_> {
    Samples { images: &data.images, labels: &data.labels, count: data.count }
}

/// One epoch in one line, as `train` and `reproduce` report it.
pub(super) fn epoch_summary(metrics: &EpochMetrics, epochs: usize) -> String {
    format!(
        "epoch {}/{epochs}: train loss {:.4}, test accuracy {:.2}%, {:.2} s",
        metrics.epoch,
        metrics.train_loss,
        100.0 * metrics.test_accuracy,
        metrics.seconds + metrics.evaluation_seconds
    )
}

/// Refuses, before any training, an `--out` that is a file or a folder that
/// already holds something: a finished run is never overwritten.
fn check_out_folder(folder: &Path) -> anyhow::Result<()> {
    if folder.exists() && !folder.is_dir() {
        bail!("--out {} is a file, not a folder", folder.display());
    }
    let holds_files = folder.read_dir().is_ok_and(|mut entries| entries.next().is_some());
    if holds_files {
        bail!("--out {} already holds files; choose another folder or remove it", folder.display());
    }
    Ok(())
}
