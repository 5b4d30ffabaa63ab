//! Importing PyTorch checkpoints: the small networks that
//! `reference/graph/import_fixtures.py` saved with PyTorch, compared with the
//! values PyTorch itself listed in `import_fixtures.json`.

use std::path::PathBuf;

use nncut::graph::LayeredGraph;
use nncut::model::import::{ImportError, ImportedModel, read_safetensors};
use serde_json::Value;

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reference/graph").join(name)
}

fn import(name: &str) -> Result<ImportedModel, ImportError> {
    read_safetensors(&fixture_path(name))
}

fn matrix_rows(value: &Value) -> Vec<Vec<f32>> {
    let row =
        |row: &Value| row.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect();
    value.as_array().unwrap().iter().map(row).collect()
}

/// Checks every weight and bias of `name` against what PyTorch listed, exactly.
fn assert_matches_pytorch(name: &str, imported: &ImportedModel) {
    let text = std::fs::read_to_string(fixture_path("import_fixtures.json")).unwrap();
    let fixtures: Value = serde_json::from_str(&text).unwrap();
    let expected = fixtures["files"][name]["layers"].as_array().unwrap();
    assert_eq!(imported.layers.len(), expected.len(), "{name}: layer count");

    for (index, (layer, expected)) in imported.layers.iter().zip(expected).enumerate() {
        let rows = matrix_rows(&expected["weight"]);
        assert_eq!(
            (layer.outputs, layer.inputs),
            (rows.len(), rows[0].len()),
            "{name} layer {index}"
        );
        assert_eq!(layer.weight, rows.concat(), "{name} layer {index} weight");
        let bias: Vec<f32> = match expected["bias"].as_array() {
            Some(bias) => bias.iter().map(|x| x.as_f64().unwrap() as f32).collect(),
            None => vec![0.0; layer.outputs],
        };
        assert_eq!(layer.bias, bias, "{name} layer {index} bias");
    }
}

#[test]
fn data_parallel_prefix_is_stripped_and_said() {
    let imported = import("import_module_prefix.safetensors").unwrap();

    assert_matches_pytorch("import_module_prefix.safetensors", &imported);
    assert_eq!(
        imported.layers.iter().map(|l| (l.inputs, l.outputs)).collect::<Vec<_>>(),
        [(4, 3), (3, 2)]
    );
    assert!(imported.notes.iter().any(|note| note.contains("module.")), "{:?}", imported.notes);
}

#[test]
fn weights_are_read_as_out_by_in() {
    let imported = import("import_layout.safetensors").unwrap();

    assert_matches_pytorch("import_layout.safetensors", &imported);
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    let graph =
        LayeredGraph::from_weights(&imported.into_mlp(nncut::model::Activation::Relu)).unwrap();
    // Input 1 to hidden 2 is fc1.weight[2][1] = (4 * 2 + 1 + 1) / 8; read as
    // [in, out] the same place would hold element 5 of the storage, (-1)(4 + 1 + 1) / 8.
    assert_eq!(graph.block(0)[(1, 2)], 1.25);
    // Hidden 2 to output 0 is fc2.weight[0][2] = -2.
    assert_eq!(graph.block(1)[(2, 0)], 2.0);
}

#[test]
fn missing_biases_become_zeros_and_are_said() {
    let imported = import("import_no_bias.safetensors").unwrap();

    assert_matches_pytorch("import_no_bias.safetensors", &imported);
    assert!(imported.layers.iter().all(|layer| layer.bias.iter().all(|&b| b == 0.0)));
    let said: Vec<_> = imported.notes.iter().filter(|note| note.contains("no bias")).collect();
    assert_eq!(said.len(), 2, "{:?}", imported.notes);
    assert!(said[0].contains("layers.0.weight") && said[1].contains("layers.2.weight"));
}

#[test]
fn bfloat16_values_come_through_exactly() {
    let imported = import("import_bf16.safetensors").unwrap();

    assert_matches_pytorch("import_bf16.safetensors", &imported);
    // fc2.weight was [[1/3, pi, -2], ...]; BF16 keeps 8 significant bits.
    assert_eq!(f64::from(imported.layers[1].weight[0]), 0.333_984_375);
    assert_eq!(imported.layers[1].weight[1], 3.140_625);
    assert!(imported.notes.iter().any(|note| note.contains("BF16")), "{:?}", imported.notes);
}

#[test]
fn half_values_come_through_exactly_subnormals_included() {
    let imported = import("import_f16.safetensors").unwrap();

    assert_matches_pytorch("import_f16.safetensors", &imported);
    assert_eq!(imported.layers[0].bias[0], 2f32.powi(-24));
    assert_eq!(f64::from(imported.layers[1].weight[0]), 0.333_251_953_125);
}

#[test]
fn double_values_are_accepted_and_rounded_to_f32() {
    let imported = import("import_f64.safetensors").unwrap();

    assert_matches_pytorch("import_f64.safetensors", &imported);
    assert_eq!(imported.layers[1].weight[1], std::f32::consts::PI);
    assert!(imported.notes.iter().any(|note| note.contains("F64")), "{:?}", imported.notes);
}

#[test]
fn layer_order_follows_numbers_not_spelling() {
    let imported = import("import_ten_layers.safetensors").unwrap();

    assert_matches_pytorch("import_ten_layers.safetensors", &imported);
    let sizes = imported.into_mlp(nncut::model::Activation::Relu).layer_sizes();
    assert_eq!(sizes, [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 2]);
}

#[test]
fn nan_tensor_is_rejected_by_name() {
    let error = import("import_nan.safetensors").unwrap_err();

    let message = error.to_string();
    assert!(message.contains("`fc2.bias`") && message.contains("NaN"), "{message}");
    assert!(message.contains("import_nan.safetensors"), "{message}");
}

#[test]
fn layers_that_do_not_chain_name_both_tensors_and_shapes() {
    let error = import("import_broken_chain.safetensors").unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains("`fc2.weight` [2, 5] does not follow `fc1.weight` [3, 4]"),
        "{message}"
    );
}

#[test]
fn pytorch_pickle_is_refused_with_the_conversion() {
    let error = import("import_state_dict.pt").unwrap_err();

    assert!(matches!(error, ImportError::PytorchPickle { .. }));
    assert!(
        error.to_string().contains("safetensors.torch.save_file(model.state_dict()"),
        "{error}"
    );
}

#[test]
fn truncated_file_is_named() {
    let bytes = std::fs::read(fixture_path("import_layout.safetensors")).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("cut.safetensors");
    std::fs::write(&path, &bytes[..bytes.len() - 7]).unwrap();

    let error = read_safetensors(&path).unwrap_err();

    assert!(matches!(error, ImportError::Corrupt { .. }), "{error}");
    assert!(error.to_string().contains("cut.safetensors"), "{error}");
}

#[test]
fn garbage_and_missing_files_are_named() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("noise.safetensors");
    std::fs::write(&path, b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all").unwrap();
    let error = read_safetensors(&path).unwrap_err();
    assert!(
        error.to_string().starts_with(&format!("{} is not a valid safetensors", path.display()))
    );

    let missing = folder.path().join("absent.safetensors");
    let error = read_safetensors(&missing).unwrap_err();
    assert!(
        matches!(error, ImportError::Io { .. }) && error.to_string().contains("absent"),
        "{error}"
    );
}
