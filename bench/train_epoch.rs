//! Times nncut's training of the paper MLP (784-256x4-10, ReLU, no dropout,
//! batch 128, Adam) for `--epochs` epochs on 60 000 rows of random pixels, and
//! prints one JSON object: the seconds of each epoch's training steps.
//!
//! Run by `bench/train.sh` (which alternates it with PyTorch):
//! `cargo bench --bench train_epoch -- --epochs 1`.

use std::process::ExitCode;

use nncut::train::{Progress, Samples, TrainConfig, train};
use rand::Rng;

const TRAIN_ROWS: usize = 60_000;
const TEST_ROWS: usize = 1_000;
const CLASSES: u8 = 10;

fn main() -> ExitCode {
    let epochs = match parse_epochs() {
        Ok(epochs) => epochs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };

    let config = TrainConfig { epochs, ..TrainConfig::default() };
    let inputs = config.layer_sizes[0];
    let mut rng = nncut::model::seeded_rng(12345, 0);
    let images: Vec<f32> = (0..TRAIN_ROWS * inputs).map(|_| rng.random::<f32>()).collect();
    let labels: Vec<u8> = (0..TRAIN_ROWS).map(|_| rng.random_range(0..CLASSES)).collect();
    let train_set = Samples { images: &images, labels: &labels, count: TRAIN_ROWS };
    let test_set = Samples {
        images: &images[..TEST_ROWS * inputs],
        labels: &labels[..TEST_ROWS],
        count: TEST_ROWS,
    };

    let mut seconds = Vec::new();
    let observe = |progress: Progress| {
        if let Progress::Epoch(metrics) = progress {
            seconds.push(metrics.seconds);
        }
    };
    if let Err(error) = train(&config, train_set, test_set, observe) {
        eprintln!("error: {error}");
        return ExitCode::from(1);
    }
    println!("{}", serde_json::json!({ "data": "random", "seconds": seconds }));
    ExitCode::SUCCESS
}

fn parse_epochs() -> Result<usize, String> {
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| arg != "--bench").collect();
    match args.as_slice() {
        [] => Ok(1),
        [flag, value] if flag == "--epochs" => {
            value.parse().map_err(|_| format!("--epochs: '{value}' is not a whole number"))
        }
        _ => Err(format!("unexpected arguments {args:?}; usage: train_epoch [--epochs N]")),
    }
}
