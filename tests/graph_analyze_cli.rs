//! `nncut analyze` end to end on small networks saved by PyTorch
//! (reference/graph/), checked against the NumPy/SciPy/scikit-learn reference
//! of `analyze_small_reference.py`. The Spearman method needs the real test
//! images, so here only its argument checks run; reference/graph/analyze_check.sh
//! compares both methods on the paper network.

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;

use cli::{nncut, one_line_error};
use nncut::model::import::read_safetensors;
use nncut::model::{Activation, Mlp};
use nncut::train::{TrainConfig, Trained, write_run};
use serde_json::Value;

/// Largest n-cut difference between nncut and the reference for one partition.
const TOLERANCE: f64 = 1e-9;

fn reference_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/graph").join(name)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A run folder as `nncut train` writes it, around the ten-layer PyTorch network.
fn run_folder(activation: Activation) -> tempfile::TempDir {
    let imported = read_safetensors(&reference_path("import_ten_layers.safetensors")).unwrap();
    let mlp: Mlp = imported.into_mlp(activation);
    let config =
        TrainConfig { layer_sizes: mlp.layer_sizes(), activation, ..TrainConfig::default() };
    let folder = tempfile::tempdir().unwrap();
    write_run(folder.path(), &config, "fashion-mnist", &Trained { mlp, metrics: Vec::new() })
        .unwrap();
    folder
}

#[test]
fn weights_method_matches_the_reference_and_prints_one_json_object() {
    let text = std::fs::read_to_string(reference_path("analyze_small_fixture.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let model = reference_path("import_ten_layers.safetensors");

    for k in ["2", "3"] {
        let output =
            nncut(&["--json", "analyze", model.to_str().unwrap(), "--method", "weights", "--k", k]);

        assert!(output.status.success(), "{}", stderr(&output));
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(stdout.lines().count(), 1, "exactly one JSON line: {stdout}");
        let report: Value = serde_json::from_str(&stdout).unwrap();
        let ncut = report["weights"]["ncut"].as_f64().unwrap();
        let reference = fixture["k"][k]["ncut"].as_f64().unwrap();
        assert!((ncut - reference).abs() < TOLERANCE, "k = {k}: {ncut} vs {reference}");
        assert!(report.get("spearman").is_none());

        let composition = &report["weights"]["layer_composition"]["clusters"];
        let sizes = report["weights"]["cluster_sizes"].as_array().unwrap();
        for (cluster, size) in composition.as_array().unwrap().iter().zip(sizes) {
            let total: u64 = cluster.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
            assert_eq!(total, size.as_u64().unwrap());
        }
    }
}

#[test]
fn text_output_shows_the_ncut_and_the_layers_of_each_cluster() {
    let model = reference_path("import_ten_layers.safetensors");

    let output = nncut(&["analyze", model.to_str().unwrap(), "--method", "weights", "--k", "2"]);

    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("4-5-6-7-8-9-10-11-12-13-2"), "{stdout}");
    assert!(stdout.contains("weights: n-cut 0.239984"), "{stdout}");
    assert!(stdout.contains("L10"), "{stdout}");
}

#[test]
fn spearman_on_a_bare_file_needs_activation_and_dataset() {
    let model = reference_path("import_layout.safetensors");
    let model = model.to_str().unwrap();

    let output = nncut(&["analyze", model, "--method", "spearman", "--dataset", "mnist"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--activation"), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));

    let output = nncut(&["analyze", model, "--activation", "relu"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--dataset"), "{}", stderr(&output));
}

#[test]
fn run_folder_supplies_activation_and_dataset() {
    let folder = run_folder(Activation::Sigmoid);
    let missing_data = folder.path().join("no-data-here");

    let output = nncut(&[
        "analyze",
        folder.path().to_str().unwrap(),
        "--data-dir",
        missing_data.to_str().unwrap(),
    ]);

    // Past the argument checks, it goes looking for the run's test images.
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(!message.contains("--activation") && !message.contains("needs --dataset"), "{message}");
    assert!(message.contains("fashion-mnist"), "{message}");
}

#[test]
fn run_folder_weights_match_the_bare_file() {
    let folder = run_folder(Activation::Relu);
    let model = reference_path("import_ten_layers.safetensors");
    let report_of = |path: &str| -> Value {
        let output = nncut(&["--json", "analyze", path, "--method", "weights", "--k", "2"]);
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_slice(&output.stdout).unwrap()
    };

    let (run, bare) =
        (report_of(folder.path().to_str().unwrap()), report_of(model.to_str().unwrap()));

    assert_eq!(run["weights"]["ncut"], bare["weights"]["ncut"]);
    assert_eq!((&run["activation"], &run["dataset"]), (&"relu".into(), &"fashion-mnist".into()));
    assert!(bare["activation"].is_null() && bare["dataset"].is_null());
}

#[test]
fn bad_inputs_fail_with_one_line() {
    let pickle = reference_path("import_state_dict.pt");
    let output = nncut(&["analyze", pickle.to_str().unwrap(), "--method", "weights"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("safetensors.torch.save_file"), "{}", stderr(&output));

    let model = reference_path("import_layout.safetensors");
    let model = model.to_str().unwrap();
    one_line_error(&nncut(&["analyze", model, "--method", "weights", "--k", "10"]));

    let output = nncut(&["analyze", model, "--constant-epsilon", "2"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("constant"), "{}", stderr(&output));

    let output = nncut(&["analyze", model, "--method", "both", "--k", "0"]);
    assert_eq!(output.status.code(), Some(1));
}
