//! Times nncut's training of the paper MLP (784-256x4-10, ReLU, no dropout,
//! batch 128, Adam) and prints one JSON object with the seconds of each epoch's
//! training steps (evaluation excluded).
//!
//! `--data mnist` trains on the MNIST training split (from ./data or
//! $NNCUT_DATA); `--data random` (the default) on 60 000 rows of uniform pixels
//! with random labels, which costs the same arithmetic. Run by `bench/train.sh`,
//! which alternates it with PyTorch:
//! `cargo bench --bench train_epoch -- --epochs 2 --data mnist`.

use std::process::ExitCode;

use nncut::data::{self, DatasetName, Split};
use nncut::train::{Progress, Samples, TrainConfig, train};
use rand::Rng;

const RANDOM_ROWS: usize = 60_000;
const TEST_ROWS: usize = 1_000;
const CLASSES: u8 = 10;

struct Options {
    epochs: usize,
    mnist: bool,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), String> {
    let options = parse_options()?;
    let config = TrainConfig { epochs: options.epochs, ..TrainConfig::default() };

    let (images, labels) = if options.mnist {
        let set = data::load(DatasetName::Mnist, Split::Train, None).map_err(|e| e.to_string())?;
        (set.images, set.labels)
    } else {
        random_rows(config.layer_sizes[0])
    };
    let count = labels.len();
    let inputs = config.layer_sizes[0];
    let train_set = Samples { images: &images, labels: &labels, count };
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
    train(&config, train_set, test_set, observe).map_err(|e| e.to_string())?;

    let data = if options.mnist { "mnist" } else { "random" };
    println!("{}", serde_json::json!({ "data": data, "seconds": seconds }));
    Ok(())
}

fn random_rows(inputs: usize) -> (Vec<f32>, Vec<u8>) {
    let mut rng = nncut::model::seeded_rng(12345, 0);
    let images = (0..RANDOM_ROWS * inputs).map(|_| rng.random::<f32>()).collect();
    let labels = (0..RANDOM_ROWS).map(|_| rng.random_range(0..CLASSES)).collect();
    (images, labels)
}

fn parse_options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| arg != "--bench").collect();
    let mut options = Options { epochs: 1, mnist: false };
    for pair in args.chunks(2) {
        match pair {
            [flag, value] if flag == "--epochs" => {
                options.epochs = value.parse().map_err(|_| format!("--epochs: '{value}'"))?;
            }
            [flag, value] if flag == "--data" => {
                options.mnist = match value.as_str() {
                    "mnist" => true,
                    "random" => false,
                    _ => return Err(format!("--data: '{value}' is neither mnist nor random")),
                };
            }
            _ => return Err(format!("unexpected {pair:?}; usage: [--epochs N] [--data D]")),
        }
    }
    Ok(options)
}
