//! The training loop: shuffled mini-batches, Adam, and test accuracy each epoch.
//!
//! Per epoch: the training rows are permuted (Fisher-Yates on seed stream 1),
//! cut into batches of `batch_size` (the last keeps the remainder, as PyTorch's
//! `DataLoader(shuffle=True, drop_last=False)`), and each batch takes one Adam step
//! on its mean cross-entropy; dropout masks come from seed stream 2. Then the
//! network is evaluated (no dropout) on the test rows.
//!
//! Everything that sums runs in a fixed order, so one seed on one machine gives
//! bit-identical weights. Subnormals are flushed to zero while it runs (see `flush`).

use std::time::Instant;

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::backprop::Workspace;
use super::{Adam, FlushToZero, TrainConfig, TrainError};
use crate::model::{Linear, Mlp, seeded_rng};

/// The seed stream that epochs are shuffled from.
pub const SHUFFLE_STREAM: u64 = 1;
/// The seed stream that dropout masks are drawn from.
pub const DROPOUT_STREAM: u64 = 2;

/// Rows with labels: `images` `[count, inputs]` row-major, `labels` `[count]`.
#[derive(Clone, Copy, Debug)]
pub struct Samples<'a> {
    pub images: &'a [f32],
    pub labels: &'a [u8],
    pub count: usize,
}

impl Samples<'_> {
    /// Checks the shapes against `mlp` and every label against its classes;
    /// `what` names the samples in an error ("training set", "test set").
    pub fn check(&self, what: &'static str, mlp: &Mlp) -> Result<(), TrainError> {
        let sizes = mlp.layer_sizes();
        let (inputs, classes) = (sizes[0], sizes[sizes.len() - 1]);
        if self.count == 0 {
            return Err(TrainError::Empty { what });
        }
        if self.images.len() != self.count * inputs {
            let values = self.images.len();
            return Err(TrainError::ImageShape { what, values, count: self.count, inputs });
        }
        if self.labels.len() != self.count {
            return Err(TrainError::LabelCount {
                what,
                labels: self.labels.len(),
                count: self.count,
            });
        }
        match self.labels.iter().position(|&label| label as usize >= classes) {
            Some(position) => {
                let label = self.labels[position];
                Err(TrainError::LabelRange { what, label, position, classes })
            }
            None => Ok(()),
        }
    }
}

/// What one epoch did; one entry of the run folder's `metrics.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    /// Counted from 1.
    pub epoch: usize,
    /// Mean cross-entropy over the epoch's training rows.
    pub train_loss: f64,
    /// Fraction of test rows classified correctly after the epoch.
    pub test_accuracy: f64,
    /// Wall-clock seconds of the epoch's training steps (without evaluation).
    pub seconds: f64,
    /// Wall-clock seconds of the evaluation on the test rows.
    pub evaluation_seconds: f64,
}

/// What the loop reports while it runs.
pub enum Progress<'a> {
    /// Batch `batch` (from 1) of `batches` in epoch `epoch` (from 1) is done.
    Batch { epoch: usize, batch: usize, batches: usize },
    /// An epoch and its evaluation are done.
    Epoch(&'a EpochMetrics),
}

/// A trained network and its per-epoch metrics.
pub struct Trained {
    pub mlp: Mlp,
    pub metrics: Vec<EpochMetrics>,
}

/// Trains a freshly initialised network as `config` says on `train`, evaluating
/// it on `test` after every epoch; `observe` hears of every batch and epoch.
pub fn train(
    config: &TrainConfig,
    train: Samples,
    test: Samples,
    mut observe: impl FnMut(Progress),
) -> Result<Trained, TrainError> {
    config.validate()?;
    let _flush = FlushToZero::enable();
    let mlp = Mlp::seeded(&config.layer_sizes, config.activation, config.dropout, config.seed)?;
    train.check("training set", &mlp)?;
    test.check("test set", &mlp)?;

    let mut run = Run::new(config, train, mlp);
    let metrics = (1..=config.epochs)
        .map(|epoch| run.epoch(epoch, test, &mut observe))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Trained { mlp: run.mlp, metrics })
}

/// The state of a training run between epochs.
struct Run<'a> {
    train: Samples<'a>,
    inputs: usize,
    batch_size: usize,
    batches: usize,
    mlp: Mlp,
    workspace: Workspace,
    adam: Adam,
    shuffle_rng: ChaCha8Rng,
    dropout_rng: ChaCha8Rng,
    order: Vec<usize>,
    batch_images: Vec<f32>,
    batch_labels: Vec<u8>,
}

impl<'a> Run<'a> {
    fn new(config: &TrainConfig, train: Samples<'a>, mlp: Mlp) -> Self {
        let inputs = config.layer_sizes[0];
        let batch_size = config.batch_size.min(train.count);
        Self {
            train,
            inputs,
            batch_size,
            batches: train.count.div_ceil(batch_size),
            workspace: Workspace::new(&mlp, batch_size),
            adam: Adam::new(&mlp, config.adam),
            mlp,
            shuffle_rng: seeded_rng(config.seed, SHUFFLE_STREAM),
            dropout_rng: seeded_rng(config.seed, DROPOUT_STREAM),
            order: (0..train.count).collect(),
            batch_images: vec![0.0; batch_size * inputs],
            batch_labels: vec![0; batch_size],
        }
    }

    /// One pass over the shuffled training rows, then the test accuracy.
    fn epoch(
        &mut self,
        epoch: usize,
        test: Samples,
        observe: &mut impl FnMut(Progress),
    ) -> Result<EpochMetrics, TrainError> {
        let started = Instant::now();
        self.order.shuffle(&mut self.shuffle_rng);
        let mut loss_sum = 0.0f64;

        for batch in 0..self.batches {
            let (loss, rows) = self.batch(batch);
            if !loss.is_finite() {
                let batches = self.batches;
                return Err(TrainError::NonFiniteLoss { epoch, batch: batch + 1, batches, loss });
            }
            loss_sum += loss as f64 * rows as f64;
            observe(Progress::Batch { epoch, batch: batch + 1, batches: self.batches });
        }
        let seconds = started.elapsed().as_secs_f64();

        let evaluation_started = Instant::now();
        let test_accuracy = self.mlp.accuracy(test.images, test.labels, test.count)?;
        let metrics = EpochMetrics {
            epoch,
            train_loss: loss_sum / self.train.count as f64,
            test_accuracy,
            seconds,
            evaluation_seconds: evaluation_started.elapsed().as_secs_f64(),
        };
        observe(Progress::Epoch(&metrics));
        Ok(metrics)
    }

    /// One Adam step on batch `batch` (from 0) of the epoch's order: its mean loss
    /// and its number of rows (the last batch keeps the remainder).
    fn batch(&mut self, batch: usize) -> (f32, usize) {
        let start = batch * self.batch_size;
        let rows = &self.order[start..(start + self.batch_size).min(self.train.count)];
        gather(self.train, rows, self.inputs, &mut self.batch_images, &mut self.batch_labels);
        let images = &self.batch_images[..rows.len() * self.inputs];
        let labels = &self.batch_labels[..rows.len()];

        self.adam.begin_step();
        let adam = &mut self.adam;
        let update = |index: usize, layer: &mut Linear, gradient: &Linear| {
            adam.update_layer(index, layer, gradient)
        };
        let rng = &mut self.dropout_rng;
        let loss = self.workspace.step(&mut self.mlp, images, labels, rng, update);
        (loss, labels.len())
    }
}

/// Copies the rows `rows` of `samples` into the batch buffers, in that order.
fn gather(samples: Samples, rows: &[usize], inputs: usize, images: &mut [f32], labels: &mut [u8]) {
    for (slot, &row) in rows.iter().enumerate() {
        let source = &samples.images[row * inputs..(row + 1) * inputs];
        images[slot * inputs..(slot + 1) * inputs].copy_from_slice(source);
        labels[slot] = samples.labels[row];
    }
}
