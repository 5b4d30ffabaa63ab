//! The settings of one training run, with the paper's as defaults.

use serde::{Deserialize, Serialize};

use super::{AdamSettings, TrainError};
use crate::model::init::{check_dropout, check_layer_sizes};
use crate::model::{Activation, ModelError};

/// The paper's network: 784 pixels, four hidden layers of 256, ten classes.
pub const PAPER_LAYER_SIZES: [usize; 6] = [784, 256, 256, 256, 256, 10];

/// Every setting of a training run; saved as the run folder's `config.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Neurons per layer, inputs first and classes last (paper: 784-256x4-10).
    pub layer_sizes: Vec<usize>,
    /// The nonlinearity after every hidden layer (paper: relu or sigmoid).
    pub activation: Activation,
    /// Dropout probability after each hidden activation, in `[0, 1)` (paper: 0 or 0.5).
    pub dropout: f32,
    /// Passes over the training set (paper: 20).
    pub epochs: usize,
    /// Rows per optimiser step; the last batch of an epoch keeps the remainder
    /// (paper: 128).
    pub batch_size: usize,
    /// The optimiser (paper: PyTorch's Adam defaults).
    pub adam: AdamSettings,
    /// The one seed of initial weights (stream 0), shuffling (1) and dropout (2).
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            layer_sizes: PAPER_LAYER_SIZES.to_vec(),
            activation: Activation::Relu,
            dropout: 0.0,
            epochs: 20,
            batch_size: 128,
            adam: AdamSettings::default(),
            seed: 0,
        }
    }
}

impl TrainConfig {
    /// Checks every setting, naming the first one that is out of range.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_layer_sizes(&self.layer_sizes).map_err(|error| match error {
            ModelError::TooFewLayers(_) | ModelError::EmptyLayer { .. } => {
                parameter("layer sizes", error.to_string().trim_start_matches("layer sizes: "))
            }
            other => TrainError::Model(other),
        })?;
        if check_dropout(self.dropout).is_err() {
            return Err(parameter("dropout", &format!("{} is outside [0, 1)", self.dropout)));
        }
        if self.epochs == 0 {
            return Err(parameter("epochs", "must be at least 1, got 0"));
        }
        if self.batch_size == 0 {
            return Err(parameter("batch size", "must be at least 1, got 0"));
        }

        let adam = &self.adam;
        if !(adam.learning_rate.is_finite() && adam.learning_rate > 0.0) {
            let problem = format!("must be positive and finite, got {}", adam.learning_rate);
            return Err(parameter("learning rate", &problem));
        }
        for (name, beta) in [("beta1", adam.beta1), ("beta2", adam.beta2)] {
            if !(0.0..1.0).contains(&beta) {
                return Err(parameter(name, &format!("{beta} is outside [0, 1)")));
            }
        }
        if !(adam.epsilon.is_finite() && adam.epsilon >= 0.0) {
            let problem = format!("must be non-negative and finite, got {}", adam.epsilon);
            return Err(parameter("epsilon", &problem));
        }
        Ok(())
    }
}

fn parameter(name: &'static str, problem: &str) -> TrainError {
    TrainError::Parameter { name, problem: problem.to_string() }
}
