//! The reproduction runner on small synthetic data: a run stopped part-way and
//! started again reuses the finished networks and ends with the same numbers as
//! an uninterrupted run; a folder holding other settings is refused.

use std::path::Path;

use nncut::data::{DataError, DatasetName, LabeledImages, Split};
use nncut::experiment::{
    DataSource, ExperimentError, GraphMethod, NetworkResult, ReproduceConfig, RunEvent, reproduce,
};
use nncut::model::Activation;
use nncut::report;

const SIDE: usize = 4;
const CLASSES: usize = 3;

/// Images of three classes, each a bright band in its own rows plus noise.
struct SyntheticData;

impl DataSource for SyntheticData {
    fn load(&self, _: DatasetName, split: Split) -> Result<LabeledImages, DataError> {
        let (count, mut state) = match split {
            Split::Train => (240, 1u64),
            Split::Test => (90, 2u64),
        };
        let mut noise = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 40) as f32 / (1u64 << 24) as f32
        };

        let mut images = Vec::with_capacity(count * SIDE * SIDE);
        let mut labels = Vec::with_capacity(count);
        for index in 0..count {
            let label = index % CLASSES;
            for pixel in 0..SIDE * SIDE {
                let band = pixel / SIDE == label;
                images.push(if band { 0.6 + 0.4 * noise() } else { 0.3 * noise() });
            }
            labels.push(label as u8);
        }
        Ok(LabeledImages { images, labels, count, rows: SIDE, cols: SIDE })
    }
}

fn small_grid() -> ReproduceConfig {
    let mut config = ReproduceConfig::paper();
    config.datasets = vec![DatasetName::Mnist];
    config.training.layer_sizes = vec![SIDE * SIDE, 12, 12, CLASSES];
    config.training.epochs = 6;
    config.training.batch_size = 8;
    config.k = 3;
    config.restarts = 3;
    config
}

/// A record without its wall-clock timings, which no two runs share.
fn without_timings(result: &NetworkResult) -> NetworkResult {
    let mut result = result.clone();
    result.train_seconds = 0.0;
    for method in &mut result.methods {
        method.graph_seconds = 0.0;
        method.cluster_seconds = 0.0;
    }
    result
}

fn run(config: &ReproduceConfig, out: &Path) -> Result<Vec<NetworkResult>, ExperimentError> {
    reproduce(config, out, &SyntheticData, |_| {})
}

#[test]
fn a_resumed_run_reuses_finished_networks_and_gives_the_same_numbers() {
    let config = small_grid();
    let uninterrupted_folder = tempfile::tempdir().unwrap();
    let uninterrupted = run(&config, uninterrupted_folder.path()).unwrap();
    assert_eq!(uninterrupted.len(), 4);

    // Stopped during the third network, after its training was saved but before
    // its record was: the fourth never started.
    let resumed_folder = tempfile::tempdir().unwrap();
    run(&config, resumed_folder.path()).unwrap();
    let runs = resumed_folder.path().join("runs");
    std::fs::remove_file(runs.join(&uninterrupted[2].run_id).join("result.json")).unwrap();
    std::fs::remove_dir_all(runs.join(&uninterrupted[3].run_id)).unwrap();

    let mut reused = Vec::new();
    let mut reused_training = Vec::new();
    let resumed = reproduce(&config, resumed_folder.path(), &SyntheticData, |event| match event {
        RunEvent::Reused { run_id } => reused.push(run_id.to_string()),
        RunEvent::ReusedTraining { run_id } => reused_training.push(run_id.to_string()),
        _ => {}
    })
    .unwrap();

    assert_eq!(reused, vec![uninterrupted[0].run_id.clone(), uninterrupted[1].run_id.clone()]);
    assert_eq!(reused_training, vec![uninterrupted[2].run_id.clone()]);
    let expected: Vec<NetworkResult> = uninterrupted.iter().map(without_timings).collect();
    let found: Vec<NetworkResult> = resumed.iter().map(without_timings).collect();
    assert_eq!(found, expected);
}

#[test]
fn every_network_is_measured_by_both_methods_and_reported() {
    let config = small_grid();
    let folder = tempfile::tempdir().unwrap();

    let results = run(&config, folder.path()).unwrap();
    report::write_report(folder.path(), &results, &config.methods).unwrap();

    let lines = std::fs::read_to_string(folder.path().join(report::RESULTS_FILE)).unwrap();
    assert_eq!(lines.lines().count(), 8);
    assert!(results[0].accuracy > 90.0, "relu learned only {}%", results[0].accuracy);
    for result in &results {
        let spearman = result.method(GraphMethod::Spearman).unwrap();
        assert_eq!(spearman.constant_neurons.as_ref().map(Vec::len), Some(4));
        let weights = result.method(GraphMethod::Weights).unwrap();
        assert!(weights.constant_neurons.is_none());
        assert!((0.0..=3.0).contains(&weights.ncut), "n-cut {} outside [0, k]", weights.ncut);
    }
    let tables = std::fs::read_to_string(folder.path().join(report::TABLES_FILE)).unwrap();
    assert!(tables.contains("| MNIST | Sigmoid | 0.5 | 96 |"));
    assert!(tables.contains("Dropout lowers the n-cut"));
}

#[test]
fn a_folder_holding_other_settings_is_refused() {
    let config = small_grid();
    let folder = tempfile::tempdir().unwrap();
    let mut one_network = config.clone();
    one_network.activations = vec![Activation::Relu];
    one_network.dropouts = vec![0.0];
    run(&one_network, folder.path()).unwrap();

    let mut longer = one_network.clone();
    longer.training.epochs = 7;
    let error = run(&longer, folder.path()).unwrap_err().to_string();

    assert!(error.contains("epochs 6 there, 7 here"), "{error}");
}
