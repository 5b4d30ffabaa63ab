//! The training loop: reproducibility, divergence, batching, learning, run folder.

use nncut::model::Activation;
use nncut::train::{
    AdamSettings, Progress, Samples, TrainConfig, TrainError, Trained, train, write_run,
};
use rand::Rng;

const INPUTS: usize = 16;
const CLASSES: usize = 3;

/// Three well-separated blobs: class `c` lights up inputs `5c..5c+5`.
fn blobs(count: usize, seed: u64) -> (Vec<f32>, Vec<u8>) {
    let mut rng = nncut::model::seeded_rng(seed, 7);
    let mut images = Vec::with_capacity(count * INPUTS);
    let mut labels = Vec::with_capacity(count);
    for row in 0..count {
        let class = row % CLASSES;
        for input in 0..INPUTS {
            let lit = input / 5 == class;
            let base = if lit { 0.8 } else { 0.1 };
            images.push(base + 0.2 * rng.random::<f32>());
        }
        labels.push(class as u8);
    }
    (images, labels)
}

fn config(epochs: usize, seed: u64) -> TrainConfig {
    TrainConfig {
        layer_sizes: vec![INPUTS, 12, 12, CLASSES],
        activation: Activation::Relu,
        dropout: 0.25,
        epochs,
        batch_size: 32,
        seed,
        ..TrainConfig::default()
    }
}

fn run(config: &TrainConfig, count: usize) -> Result<Trained, TrainError> {
    let (images, labels) = blobs(count, 1);
    let (test_images, test_labels) = blobs(90, 2);
    let train_set = Samples { images: &images, labels: &labels, count };
    let test_set = Samples { images: &test_images, labels: &test_labels, count: 90 };
    train(config, train_set, test_set, |_| {})
}

#[test]
fn same_seed_gives_bit_identical_weights() {
    let first = run(&config(3, 42), 300).unwrap();
    let again = run(&config(3, 42), 300).unwrap();
    let other = run(&config(3, 43), 300).unwrap();

    assert_eq!(first.mlp, again.mlp);
    let losses =
        |trained: &Trained| trained.metrics.iter().map(|m| m.train_loss).collect::<Vec<_>>();
    assert_eq!(losses(&first), losses(&again));
    assert_ne!(first.mlp, other.mlp);
}

#[test]
fn separable_blobs_are_learned() {
    let trained = run(&config(15, 0), 300).unwrap();
    let last = trained.metrics.last().unwrap();

    assert!(last.test_accuracy > 0.95, "accuracy {}", last.test_accuracy);
    assert!(last.train_loss < trained.metrics[0].train_loss);
}

#[test]
fn last_partial_batch_is_kept() {
    let (images, labels) = blobs(300, 1);
    let samples = Samples { images: &images, labels: &labels, count: 300 };
    let mut batches_seen = Vec::new();

    train(&config(1, 0), samples, samples, |progress| {
        if let Progress::Batch { batch, batches, .. } = progress {
            batches_seen.push((batch, batches));
        }
    })
    .unwrap();

    // 300 rows in batches of 32: nine full batches and one of 12.
    assert_eq!(batches_seen, (1..=10).map(|batch| (batch, 10)).collect::<Vec<_>>());
}

#[test]
fn diverging_training_names_the_epoch_and_batch() {
    // A learning rate this large moves every weight by about 1e37 in the first
    // step, so the second batch's logits overflow and its loss is NaN.
    let adam = AdamSettings { learning_rate: 1e37, ..AdamSettings::default() };
    let config = TrainConfig { adam, ..config(2, 0) };

    let error = run(&config, 300).err().expect("training diverges");

    assert!(matches!(error, TrainError::NonFiniteLoss { epoch: 1, batch: 2, batches: 10, .. }));
    assert!(error.to_string().contains("epoch 1, batch 2 of 10"), "{error}");
}

#[test]
fn bad_settings_are_named() {
    let cases: [(&str, TrainConfig); 5] = [
        ("dropout", TrainConfig { dropout: 1.0, ..config(1, 0) }),
        ("epochs", TrainConfig { epochs: 0, ..config(1, 0) }),
        ("batch size", TrainConfig { batch_size: 0, ..config(1, 0) }),
        ("layer sizes", TrainConfig { layer_sizes: vec![INPUTS, 0, CLASSES], ..config(1, 0) }),
        ("learning rate", {
            let adam = AdamSettings { learning_rate: -1.0, ..AdamSettings::default() };
            TrainConfig { adam, ..config(1, 0) }
        }),
    ];

    for (name, config) in cases {
        let error = run(&config, 30).err().expect("a bad setting is refused");
        assert!(error.to_string().starts_with(name), "{name}: {error}");
    }
}

#[test]
fn labels_outside_the_classes_are_refused_with_their_position() {
    let (images, mut labels) = blobs(30, 1);
    labels[17] = 9;
    let samples = Samples { images: &images, labels: &labels, count: 30 };

    let error = train(&config(1, 0), samples, samples, |_| {}).err().unwrap();

    let message = error.to_string();
    assert!(message.contains("training set") && message.contains("label 9 at position 17"));
}

#[test]
fn run_folder_holds_pytorch_named_weights_config_and_metrics() {
    let config = config(2, 5);
    let trained = run(&config, 120).unwrap();
    let folder = tempfile::tempdir().unwrap();

    let model_path = write_run(folder.path(), &config, "blobs", &trained).unwrap();

    let bytes = std::fs::read(&model_path).unwrap();
    let tensors = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(tensors.len(), 2 * trained.mlp.layers.len());
    for (index, layer) in trained.mlp.layers.iter().enumerate() {
        let weight = tensors.tensor(&format!("fc{}.weight", index + 1)).unwrap();
        assert_eq!(weight.dtype(), safetensors::Dtype::F32);
        assert_eq!(weight.shape(), [layer.outputs, layer.inputs]);
        assert_eq!(floats(weight.data()), layer.weight);
        let bias = tensors.tensor(&format!("fc{}.bias", index + 1)).unwrap();
        assert_eq!(bias.shape(), [layer.outputs]);
        assert_eq!(floats(bias.data()), layer.bias);
    }

    let saved: serde_json::Value = read_json(&folder.path().join("config.json"));
    assert_eq!(saved["seed"], 5);
    assert_eq!(saved["dropout"], 0.25);
    assert_eq!(saved["activation"], "relu");
    assert_eq!(saved["dataset"], "blobs");
    let metrics: serde_json::Value = read_json(&folder.path().join("metrics.json"));
    assert_eq!(metrics.as_array().unwrap().len(), 2);
    assert_eq!(metrics[1]["epoch"], 2);
    assert!(metrics[1]["test_accuracy"].as_f64().is_some());
}

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
