//! Reading nncut's own run folders: weights plus `config.json`.

use std::path::{Path, PathBuf};

use nncut::data::DatasetName;
use nncut::model::Activation;
use nncut::model::import::{ImportError, import_model, load_run};

/// A run folder's config as training writes it: every setting, the dataset, the version.
fn config_json(layer_sizes: &str, activation: &str) -> String {
    format!(
        r#"{{
  "layer_sizes": {layer_sizes},
  "activation": "{activation}",
  "dropout": 0.5,
  "epochs": 20,
  "batch_size": 128,
  "adam": {{ "learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 }},
  "seed": 7,
  "dataset": "fashion-mnist",
  "nncut_version": "0.1.0"
}}"#
    )
}

/// A folder with the 4-3-2 layout network as `model.safetensors` and `config`.
fn run_folder(config: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/graph/import_layout.safetensors");
    std::fs::copy(fixture, folder.path().join("model.safetensors")).unwrap();
    std::fs::write(folder.path().join("config.json"), config).unwrap();
    folder
}

#[test]
fn run_folder_brings_its_settings() {
    let folder = run_folder(&config_json("[4, 3, 2]", "sigmoid"));

    let imported = import_model(folder.path()).unwrap();

    let run = imported.run.clone().unwrap();
    assert_eq!(run.activation, Activation::Sigmoid);
    assert_eq!(run.dataset, DatasetName::FashionMnist);
    assert_eq!((run.dropout, run.seed), (0.5, 7));
    let mlp = imported.into_mlp(run.activation);
    assert_eq!((mlp.layer_sizes(), mlp.dropout), (vec![4, 3, 2], 0.5));
}

#[test]
fn config_and_weights_must_agree_on_sizes() {
    let folder = run_folder(&config_json("[4, 5, 2]", "relu"));

    let error = load_run(folder.path()).unwrap_err();

    assert!(matches!(error, ImportError::ConfigDisagrees { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("config.json") && message.contains("model.safetensors"), "{message}");
    assert!(message.contains("[4, 5, 2]") && message.contains("[4, 3, 2]"), "{message}");
}

#[test]
fn bad_config_is_named() {
    let folder = run_folder(&config_json("[4, 3, 2]", "swish"));

    let error = load_run(folder.path()).unwrap_err();

    assert!(matches!(error, ImportError::Config { .. }), "{error}");
    assert!(error.to_string().contains("config.json"), "{error}");
    assert!(error.to_string().contains("swish"), "{error}");
}

#[test]
fn folder_without_weights_is_not_a_run() {
    let folder = tempfile::tempdir().unwrap();

    let error = import_model(folder.path()).unwrap_err();

    assert!(matches!(error, ImportError::NotARunFolder { .. }), "{error}");
    let missing_config = run_folder("");
    std::fs::remove_file(missing_config.path().join("config.json")).unwrap();
    let error = load_run(missing_config.path()).unwrap_err();
    let expected: PathBuf = missing_config.path().join("config.json");
    assert!(error.to_string().contains(&expected.display().to_string()), "{error}");
}
