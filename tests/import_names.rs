//! Tensor names the importer must accept or refuse, in files written here with
//! the safetensors crate (the PyTorch-written cases are in import_safetensors.rs).

use std::collections::HashMap;

use nncut::model::import::{ImportError, ImportedModel, parse_safetensors};
use safetensors::tensor::{Dtype, TensorView};

/// A file of F32 tensors, each `(name, shape)` filled with `0.5`.
fn file(tensors: &[(&str, Vec<usize>)]) -> Vec<u8> {
    let data: Vec<Vec<u8>> = tensors
        .iter()
        .map(|(_, shape)| {
            let count: usize = shape.iter().product();
            (0..count).flat_map(|_| 0.5_f32.to_le_bytes()).collect()
        })
        .collect();
    let views: HashMap<String, TensorView<'_>> = tensors
        .iter()
        .zip(&data)
        .map(|((name, shape), bytes)| {
            (name.to_string(), TensorView::new(Dtype::F32, shape.clone(), bytes).unwrap())
        })
        .collect();
    safetensors::serialize(&views, None).unwrap()
}

fn parse(tensors: &[(&str, Vec<usize>)]) -> Result<ImportedModel, ImportError> {
    parse_safetensors(&file(tensors), "test.safetensors".as_ref())
}

#[test]
fn nested_prefixes_with_gaps_in_numbers_are_layers() {
    let imported = parse(&[
        ("net.layers.0.weight", vec![3, 4]),
        ("net.layers.0.bias", vec![3]),
        ("net.layers.3.weight", vec![2, 3]),
        ("net.layers.3.bias", vec![2]),
    ])
    .unwrap();

    assert_eq!(imported.layers.len(), 2);
    assert_eq!((imported.layers[1].inputs, imported.layers[1].outputs), (3, 2));
}

#[test]
fn other_tensors_are_refused_by_name() {
    let error = parse(&[("fc1.weight", vec![3, 4]), ("bn1.running_mean", vec![3])]).unwrap_err();
    assert!(error.to_string().contains("`bn1.running_mean`"), "{error}");

    let error = parse(&[("classifier.weight", vec![3, 4])]).unwrap_err();
    assert!(matches!(error, ImportError::UnexpectedTensor { .. }), "{error}");
}

#[test]
fn mixed_prefixes_are_refused() {
    let error = parse(&[("encoder1.weight", vec![3, 4]), ("fc2.weight", vec![2, 3])]).unwrap_err();

    assert!(matches!(error, ImportError::MixedPrefixes { .. }), "{error}");
}

#[test]
fn duplicate_layer_numbers_are_refused() {
    let error = parse(&[("fc1.weight", vec![3, 4]), ("fc01.weight", vec![3, 4])]).unwrap_err();

    assert!(matches!(error, ImportError::DuplicateLayer { number: 1, .. }), "{error}");
}

#[test]
fn bad_shapes_are_named() {
    let error = parse(&[("fc1.weight", vec![3, 4]), ("fc1.bias", vec![4])]).unwrap_err();
    assert_eq!(error.to_string(), "test.safetensors: bias `fc1.bias` has shape [4], expected [3]");

    let error = parse(&[("fc1.weight", vec![12])]).unwrap_err();
    assert!(matches!(error, ImportError::WeightShape { .. }), "{error}");

    let error = parse(&[("fc1.weight", vec![3, 4]), ("fc2.bias", vec![2])]).unwrap_err();
    assert!(matches!(error, ImportError::BiasWithoutWeight { .. }), "{error}");

    let error = parse(&[]).unwrap_err();
    assert!(matches!(error, ImportError::NoLayers { .. }), "{error}");
}

#[test]
fn integer_tensors_are_refused_with_their_type() {
    let bytes = vec![0_u8; 12 * 8];
    let view = TensorView::new(Dtype::I64, vec![3, 4], &bytes).unwrap();
    let file = safetensors::serialize([("fc1.weight", view)], None).unwrap();

    let error = parse_safetensors(&file, "ints.safetensors".as_ref()).unwrap_err();

    assert!(error.to_string().contains("I64"), "{error}");
}
