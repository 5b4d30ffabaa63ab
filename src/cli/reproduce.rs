//! `nncut reproduce`: the paper's grid end to end, with the tables beside the
//! paper's numbers.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use indicatif::ProgressBar;

use super::Context;
use nncut::data::DatasetName;
use nncut::experiment::{self, DataFolder, GraphMethod, NetworkResult, ReproduceConfig, RunEvent};
use nncut::model::Activation;
use nncut::report;
use nncut::train::Progress;

/// Training images per network in `--quick` mode.
const QUICK_TRAIN_IMAGES: usize = 4000;

#[derive(Args)]
pub struct ReproduceArgs {
    /// Output folder: run folders, config.json, results.jsonl, tables.md.
    /// Default: runs/paper (runs/quick with --quick).
    #[arg(long)]
    out: Option<PathBuf>,

    /// Networks per row, trained with seeds first-seed, first-seed + 1, ...
    #[arg(long, default_value_t = 1)]
    seeds: u64,

    /// The first training seed.
    #[arg(long, default_value_t = 0)]
    first_seed: u64,

    /// Training epochs per network (paper: 20; 1 with --quick).
    #[arg(long)]
    epochs: Option<usize>,

    /// Datasets to train on.
    #[arg(long, value_delimiter = ',', default_values = ["mnist", "fashion-mnist"])]
    datasets: Vec<DatasetName>,

    /// Activations after the hidden layers.
    #[arg(long, value_delimiter = ',', default_values = ["relu", "sigmoid"])]
    activations: Vec<Activation>,

    /// Dropout rates after the hidden activations (0 = none).
    #[arg(long, value_delimiter = ',', default_values = ["0", "0.5"])]
    dropouts: Vec<f32>,

    /// Graph methods: weights (Table 1), spearman (Table 2).
    #[arg(long, value_delimiter = ',', default_values = ["weights", "spearman"])]
    methods: Vec<GraphMethod>,

    /// Clusters per graph.
    #[arg(long, default_value_t = 4)]
    k: usize,

    /// k-means restarts; the lowest inertia wins.
    #[arg(long, default_value_t = 10)]
    restarts: usize,

    /// Seed of the clustering (eigensolver start, k-means seeding).
    #[arg(long, default_value_t = 0)]
    cluster_seed: u64,

    /// Spearman edge weight of constant neurons (1e-10 reproduces the paper's code).
    #[arg(long, default_value_t = 0.0)]
    constant_epsilon: f64,

    /// Train on only the first N training images (default: all).
    #[arg(long)]
    train_images: Option<usize>,

    /// Smoke mode: 4000 training images and 1 epoch per network.
    #[arg(long)]
    quick: bool,

    /// Folder holding mnist/ and fashion-mnist/ (default: $NNCUT_DATA, else ./data).
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

impl ReproduceArgs {
    fn config(&self) -> anyhow::Result<ReproduceConfig> {
        if self.seeds == 0 || self.seeds > experiment::MAX_SEEDS as u64 {
            anyhow::bail!("--seeds must lie in 1..={}, got {}", experiment::MAX_SEEDS, self.seeds);
        }
        let Some(last_seed) = self.first_seed.checked_add(self.seeds - 1) else {
            anyhow::bail!(
                "--first-seed {} + --seeds {} passes the largest seed",
                self.first_seed,
                self.seeds
            );
        };
        let mut config = ReproduceConfig::paper();
        config.datasets = self.datasets.clone();
        config.activations = self.activations.clone();
        config.dropouts = self.dropouts.clone();
        config.seeds = (self.first_seed..=last_seed).collect();
        config.methods = self.methods.clone();
        config.k = self.k;
        config.restarts = self.restarts;
        config.cluster_seed = self.cluster_seed;
        config.constant_epsilon = self.constant_epsilon;
        config.training.epochs = self.epochs.unwrap_or(if self.quick { 1 } else { 20 });
        config.train_images =
            self.train_images.or(if self.quick { Some(QUICK_TRAIN_IMAGES) } else { None });
        Ok(config)
    }

    fn out(&self) -> PathBuf {
        let default = if self.quick { "runs/quick" } else { "runs/paper" };
        self.out.clone().unwrap_or_else(|| PathBuf::from(default))
    }
}

pub fn run(args: ReproduceArgs, context: &Context) -> anyhow::Result<()> {
    let config = args.config()?;
    let out = args.out();
    let started = Instant::now();

    let data = DataFolder(args.data_dir.as_deref());
    let mut reporter = Reporter::new(context, config.training.epochs);
    let results = experiment::reproduce(&config, &out, &data, |event| reporter.hear(event))
        .with_context(|| format!("reproduce into {}", out.display()))?;
    let tables = report::write_report(&out, &results, &config.methods)?;
    let seconds = started.elapsed().as_secs_f64();
    let networks = if results.len() == 1 { "network" } else { "networks" };
    log::info!(
        "{} {networks} in {seconds:.1} s; tables in {}",
        results.len(),
        out.join(report::TABLES_FILE).display()
    );

    if context.json {
        context.print_json(&json_summary(&config, &out, &results, seconds))
    } else {
        print!("{tables}");
        Ok(())
    }
}

fn json_summary(
    config: &ReproduceConfig,
    out: &std::path::Path,
    results: &[NetworkResult],
    seconds: f64,
) -> serde_json::Value {
    let rows = report::setting_rows(results);
    let claims = report::check_claims(&rows, &config.methods);
    let records: Vec<serde_json::Value> =
        results.iter().flat_map(NetworkResult::flattened).collect();
    serde_json::json!({
        "out": out,
        "config": config,
        "results": records,
        "claims": claims,
        "seconds": seconds,
    })
}

/// Turns the runner's events into progress: a bar per network on a terminal,
/// a line per epoch otherwise.
struct Reporter<'a> {
    context: &'a Context,
    epochs: usize,
    run_id: String,
    bar: Option<ProgressBar>,
}

impl<'a> Reporter<'a> {
    fn new(context: &'a Context, epochs: usize) -> Self {
        Self { context, epochs, run_id: String::new(), bar: None }
    }

    fn hear(&mut self, event: RunEvent) {
        match event {
            RunEvent::Started { index, total, run_id } => {
                self.run_id = run_id.to_string();
                log::info!("[{index}/{total}] {run_id}");
            }
            RunEvent::Reused { run_id } => log::info!("  {run_id}: finished earlier, reused"),
            RunEvent::ReusedTraining { run_id } => {
                log::info!("  {run_id}: trained earlier, measuring again")
            }
            RunEvent::Training(Progress::Batch { epoch, batch, batches }) => {
                let bar = self.bar.get_or_insert_with(|| {
                    let length = (self.epochs * batches) as u64;
                    self.context.progress_bar(length, &format!("  training {}", self.run_id))
                });
                bar.set_position(((epoch - 1) * batches + batch) as u64);
            }
            RunEvent::Training(Progress::Epoch(metrics)) => {
                let line = format!("  {}", super::train::epoch_summary(metrics, self.epochs));
                match &self.bar {
                    Some(bar) if !bar.is_hidden() => bar.println(line),
                    _ => log::info!("{line}"),
                }
            }
            RunEvent::Finished(result) => {
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                let ncuts: Vec<String> = result
                    .methods
                    .iter()
                    .map(|m| format!("{} {:.3}", m.method.name(), m.ncut))
                    .collect();
                log::info!("  accuracy {:.2}%, n-cut {}", result.accuracy, ncuts.join(", "));
            }
        }
    }
}
