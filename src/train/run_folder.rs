//! A training run's folder: `model.safetensors` (PyTorch state_dict names),
//! `config.json` (every setting and the seed) and `metrics.json` (per epoch).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{EpochMetrics, TrainConfig, TrainError, Trained};
use crate::atomic;

/// The weights' file name inside a run folder.
pub const MODEL_FILE: &str = "model.safetensors";
/// The settings' file name inside a run folder.
pub const CONFIG_FILE: &str = "config.json";
/// The metrics' file name inside a run folder.
pub const METRICS_FILE: &str = "metrics.json";

/// `config.json`: the settings, plus what they ran on.
#[derive(Serialize)]
struct SavedConfig<'a> {
    #[serde(flatten)]
    config: &'a TrainConfig,
    dataset: &'a str,
    nncut_version: &'static str,
}

/// Writes the run folder `folder` (created if missing), each file atomically;
/// `dataset` names the data it trained on. Returns the weights' path.
pub fn write_run(
    folder: &Path,
    config: &TrainConfig,
    dataset: &str,
    trained: &Trained,
) -> Result<PathBuf, TrainError> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TrainError::Write { path, source }
    };
    std::fs::create_dir_all(folder).map_err(failed(folder))?;

    let model_path = folder.join(MODEL_FILE);
    trained.mlp.save_safetensors(&model_path)?;

    let saved = SavedConfig { config, dataset, nncut_version: env!("CARGO_PKG_VERSION") };
    write_json(&folder.join(CONFIG_FILE), &saved)?;
    write_json(&folder.join(METRICS_FILE), &trained.metrics as &Vec<EpochMetrics>)?;
    Ok(model_path)
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), TrainError> {
    atomic::write_json(path, value)
        .map_err(|source| TrainError::Write { path: path.to_path_buf(), source })
}
