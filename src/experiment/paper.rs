//! The numbers the paper reports (Aswani & Sethi, Tables 1 and 2): one run per
//! network, test accuracy in percent and the n-cut by each method.

use crate::data::DatasetName;
use crate::model::Activation;

/// One row of the paper's tables.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaperRow {
    pub dataset: DatasetName,
    pub activation: Activation,
    pub dropout: bool,
    /// Test accuracy in percent.
    pub accuracy: f64,
    /// n-cut with |weight| as edge weight (Table 1).
    pub ncut_weights: f64,
    /// n-cut with |Spearman correlation| as edge weight (Table 2).
    pub ncut_spearman: f64,
}

const fn row(
    dataset: DatasetName,
    activation: Activation,
    dropout: bool,
    numbers: [f64; 3],
) -> PaperRow {
    let [accuracy, ncut_weights, ncut_spearman] = numbers;
    PaperRow { dataset, activation, dropout, accuracy, ncut_weights, ncut_spearman }
}

/// The eight rows, in the paper's order.
pub const PAPER_ROWS: [PaperRow; 8] = {
    use Activation::{Relu, Sigmoid};
    use DatasetName::{FashionMnist, Mnist};
    [
        row(Mnist, Relu, false, [98.0, 2.37, 2.23]),
        row(Mnist, Sigmoid, false, [97.0, 2.10, 1.97]),
        row(Mnist, Relu, true, [96.0, 2.19, 2.07]),
        row(Mnist, Sigmoid, true, [96.0, 2.13, 1.89]),
        row(FashionMnist, Relu, false, [88.0, 2.13, 1.96]),
        row(FashionMnist, Sigmoid, false, [87.0, 1.95, 1.84]),
        row(FashionMnist, Relu, true, [85.0, 2.11, 2.01]),
        row(FashionMnist, Sigmoid, true, [85.0, 1.90, 1.65]),
    ]
};

/// The paper's row for a network, if the paper trained one like it
/// (dropout counts as "with dropout" when it is above zero).
pub fn paper_row(dataset: DatasetName, activation: Activation, dropout: f32) -> Option<PaperRow> {
    PAPER_ROWS.iter().copied().find(|row| {
        row.dataset == dataset && row.activation == activation && row.dropout == (dropout > 0.0)
    })
}
