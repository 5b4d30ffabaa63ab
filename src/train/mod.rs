//! Training: the loop, the optimiser, the loss, and the run folder it writes.

mod adam;
mod backprop;
mod config;
mod dropout;
mod error;
mod flush;
mod loss;
pub mod run_folder;
mod trainer;

pub use adam::{Adam, AdamSettings};
pub use backprop::loss_and_gradients;
pub use config::{PAPER_LAYER_SIZES, TrainConfig};
pub use dropout::fill_dropout_mask;
pub use error::TrainError;
pub use flush::FlushToZero;
pub use loss::softmax_cross_entropy;
pub use run_folder::write_run;
pub use trainer::{
    DROPOUT_STREAM, EpochMetrics, Progress, SHUFFLE_STREAM, Samples, Trained, train,
};
