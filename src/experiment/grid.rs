//! The grid of networks a reproduction trains: datasets x activations x dropout
//! rates x seeds, each network named by a stable run id.

use serde::{Deserialize, Serialize};

use crate::data::DatasetName;
use crate::model::Activation;

/// One network of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkSpec {
    pub dataset: DatasetName,
    pub activation: Activation,
    pub dropout: f32,
    pub seed: u64,
}

impl NetworkSpec {
    /// A folder name that says what the network is, e.g. `mnist-relu-dropout0.5-seed0`.
    pub fn run_id(&self) -> String {
        let (dataset, activation) = (self.dataset.slug(), self.activation.name());
        format!("{dataset}-{activation}-dropout{}-seed{}", self.dropout, self.seed)
    }
}

/// Every network of the grid in the paper's order: dataset, then dropout, then
/// activation, then seed.
pub fn grid(
    datasets: &[DatasetName],
    activations: &[Activation],
    dropouts: &[f32],
    seeds: &[u64],
) -> Vec<NetworkSpec> {
    let mut specs = Vec::new();
    for &dataset in datasets {
        for &dropout in dropouts {
            for &activation in activations {
                for &seed in seeds {
                    specs.push(NetworkSpec { dataset, activation, dropout, seed });
                }
            }
        }
    }
    specs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_grid_follows_the_tables_row_order() {
        let specs = grid(
            &[DatasetName::Mnist, DatasetName::FashionMnist],
            &[Activation::Relu, Activation::Sigmoid],
            &[0.0, 0.5],
            &[7],
        );

        let ids: Vec<String> = specs.iter().map(NetworkSpec::run_id).collect();
        assert_eq!(ids.len(), 8);
        assert_eq!(ids[0], "mnist-relu-dropout0-seed7");
        assert_eq!(ids[1], "mnist-sigmoid-dropout0-seed7");
        assert_eq!(ids[2], "mnist-relu-dropout0.5-seed7");
        assert_eq!(ids[7], "fashion-mnist-sigmoid-dropout0.5-seed7");
    }

    #[test]
    fn seeds_of_one_row_are_adjacent() {
        let specs = grid(&[DatasetName::Mnist], &[Activation::Relu], &[0.0], &[0, 1, 2]);

        let seeds: Vec<u64> = specs.iter().map(|spec| spec.seed).collect();
        assert_eq!(seeds, vec![0, 1, 2]);
    }
}
