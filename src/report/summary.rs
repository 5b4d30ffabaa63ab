//! Rows of the result tables: the networks of one (dataset, activation, dropout)
//! setting gathered across seeds, with mean and standard deviation.

use crate::data::DatasetName;
use crate::experiment::{GraphMethod, NetworkResult};
use crate::model::Activation;

/// Mean and sample standard deviation (n - 1 in the denominator; 0 for one value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub std: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }

        let count = values.len() as f64;
        let mean = values.iter().sum::<f64>() / count;
        let squares: f64 = values.iter().map(|value| (value - mean).powi(2)).sum();
        let std = if values.len() > 1 { (squares / (count - 1.0)).sqrt() } else { 0.0 };
        Some(Spread { mean, std })
    }
}

/// The networks of one setting, in seed order.
#[derive(Clone, Debug)]
pub struct SettingRow<'a> {
    pub dataset: DatasetName,
    pub activation: Activation,
    pub dropout: f32,
    pub networks: Vec<&'a NetworkResult>,
}

impl SettingRow<'_> {
    pub fn seeds(&self) -> Vec<u64> {
        self.networks.iter().map(|network| network.spec.seed).collect()
    }

    pub fn accuracies(&self) -> Vec<f64> {
        self.networks.iter().map(|network| network.accuracy).collect()
    }

    /// The n-cuts by `method`, for the networks that measured it.
    pub fn ncuts(&self, method: GraphMethod) -> Vec<f64> {
        self.networks.iter().filter_map(|network| network.method(method)).map(|m| m.ncut).collect()
    }

    /// The n-cut by `method` of the network trained with `seed`.
    pub fn ncut_of_seed(&self, method: GraphMethod, seed: u64) -> Option<f64> {
        let network = self.networks.iter().find(|network| network.spec.seed == seed)?;
        network.method(method).map(|result| result.ncut)
    }
}

/// Groups results by setting, keeping the order in which settings first appear.
pub fn setting_rows(results: &[NetworkResult]) -> Vec<SettingRow<'_>> {
    let mut rows: Vec<SettingRow> = Vec::new();
    for network in results {
        let spec = network.spec;
        let existing = rows.iter_mut().find(|row| {
            row.dataset == spec.dataset
                && row.activation == spec.activation
                && row.dropout == spec.dropout
        });
        match existing {
            Some(row) => row.networks.push(network),
            None => rows.push(SettingRow {
                dataset: spec.dataset,
                activation: spec.activation,
                dropout: spec.dropout,
                networks: vec![network],
            }),
        }
    }

    for row in &mut rows {
        row.networks.sort_by_key(|network| network.spec.seed);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOLERANCE: f64 = 1e-12;

    #[test]
    fn spread_uses_the_sample_standard_deviation() {
        let spread = Spread::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();

        assert!((spread.mean - 5.0).abs() < TOLERANCE);
        assert!((spread.std - (32.0f64 / 7.0).sqrt()).abs() < TOLERANCE);
    }

    #[test]
    fn spread_of_one_value_has_no_deviation() {
        let spread = Spread::of(&[2.5]).unwrap();

        assert_eq!(spread, Spread { mean: 2.5, std: 0.0 });
        assert_eq!(Spread::of(&[]), None);
    }
}
