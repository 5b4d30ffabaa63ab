//! The paper's two claims, checked on this run's networks:
//!
//! 1. Sigmoid gives a lower n-cut than ReLU (per dataset and dropout setting);
//! 2. dropout lowers the n-cut (per dataset and activation).
//!
//! Each comparison pairs networks trained with the same seed and counts the
//! seeds where the claim held; the verdict is "held" when it held for every
//! seed, "mixed" when for some, "failed" when for none.

use serde::Serialize;

use super::summary::{SettingRow, Spread};
use crate::data::DatasetName;
use crate::experiment::GraphMethod;
use crate::model::Activation;

/// Which of the paper's claims a comparison tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Claim {
    SigmoidBelowRelu,
    DropoutLowersNcut,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Held,
    Mixed,
    Failed,
}

/// One comparison: the claim says `lower` has a smaller n-cut than `higher`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimCheck {
    pub claim: Claim,
    pub method: GraphMethod,
    pub dataset: DatasetName,
    /// What both sides share besides the dataset, e.g. "no dropout" or "relu".
    pub setting: String,
    pub lower_label: String,
    pub higher_label: String,
    pub lower_mean: f64,
    pub higher_mean: f64,
    pub seeds_held: usize,
    pub seeds_compared: usize,
    pub verdict: Verdict,
}

/// Every comparison the grid allows, for each method.
pub fn check_claims(rows: &[SettingRow], methods: &[GraphMethod]) -> Vec<ClaimCheck> {
    let mut checks = Vec::new();
    for &method in methods {
        for lower in rows {
            for higher in rows {
                if let Some(check) = compare(method, lower, higher) {
                    checks.push(check);
                }
            }
        }
    }
    checks
}

/// The claim that `lower` should be below `higher`, if the two rows form one.
fn compare(method: GraphMethod, lower: &SettingRow, higher: &SettingRow) -> Option<ClaimCheck> {
    if lower.dataset != higher.dataset {
        return None;
    }

    let sigmoid_vs_relu = lower.activation == Activation::Sigmoid
        && higher.activation == Activation::Relu
        && lower.dropout == higher.dropout;
    let dropout_vs_none =
        lower.activation == higher.activation && lower.dropout > 0.0 && higher.dropout == 0.0;
    let (claim, setting, lower_label, higher_label) = if sigmoid_vs_relu {
        let setting = dropout_label(lower.dropout);
        (Claim::SigmoidBelowRelu, setting, "sigmoid".to_string(), "relu".to_string())
    } else if dropout_vs_none {
        let setting = lower.activation.name().to_string();
        (Claim::DropoutLowersNcut, setting, dropout_label(lower.dropout), "no dropout".into())
    } else {
        return None;
    };

    let mut seeds_held = 0;
    let mut seeds_compared = 0;
    for seed in lower.seeds() {
        let pair = (lower.ncut_of_seed(method, seed), higher.ncut_of_seed(method, seed));
        if let (Some(low), Some(high)) = pair {
            seeds_compared += 1;
            seeds_held += usize::from(low < high);
        }
    }
    if seeds_compared == 0 {
        return None;
    }

    let verdict = match seeds_held {
        0 => Verdict::Failed,
        held if held == seeds_compared => Verdict::Held,
        _ => Verdict::Mixed,
    };
    Some(ClaimCheck {
        claim,
        method,
        dataset: lower.dataset,
        setting,
        lower_label,
        higher_label,
        lower_mean: Spread::of(&lower.ncuts(method))?.mean,
        higher_mean: Spread::of(&higher.ncuts(method))?.mean,
        seeds_held,
        seeds_compared,
        verdict,
    })
}

/// "dropout 0.5", or "no dropout" for a rate of 0.
pub(super) fn dropout_label(dropout: f32) -> String {
    if dropout > 0.0 { format!("dropout {dropout}") } else { "no dropout".to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{NetworkResult, NetworkSpec};
    use crate::report::setting_rows;

    fn network(activation: Activation, dropout: f32, seed: u64, ncut: f64) -> NetworkResult {
        let spec = NetworkSpec { dataset: DatasetName::Mnist, activation, dropout, seed };
        NetworkResult::example(spec, 90.0, ncut)
    }

    #[test]
    fn claims_pair_networks_by_seed_and_count_where_they_held() {
        let results = vec![
            network(Activation::Relu, 0.0, 0, 2.3),
            network(Activation::Relu, 0.0, 1, 2.2),
            network(Activation::Sigmoid, 0.0, 0, 2.1),
            network(Activation::Sigmoid, 0.0, 1, 2.4),
            network(Activation::Relu, 0.5, 0, 2.0),
            network(Activation::Relu, 0.5, 1, 2.1),
        ];
        let rows = setting_rows(&results);

        let checks = check_claims(&rows, &[GraphMethod::Weights]);

        assert_eq!(checks.len(), 2);
        let sigmoid = checks.iter().find(|c| c.claim == Claim::SigmoidBelowRelu).unwrap();
        assert_eq!((sigmoid.seeds_held, sigmoid.seeds_compared), (1, 2));
        assert_eq!(sigmoid.verdict, Verdict::Mixed);
        assert_eq!(sigmoid.setting, "no dropout");
        let dropout = checks.iter().find(|c| c.claim == Claim::DropoutLowersNcut).unwrap();
        assert_eq!((dropout.seeds_held, dropout.verdict), (2, Verdict::Held));
        assert!((dropout.lower_mean - 2.05).abs() < 1e-12);
        assert!((dropout.higher_mean - 2.25).abs() < 1e-12);
    }

    #[test]
    fn a_claim_that_never_held_fails() {
        let results =
            vec![network(Activation::Relu, 0.0, 0, 1.0), network(Activation::Sigmoid, 0.0, 0, 2.0)];
        let rows = setting_rows(&results);

        let checks = check_claims(&rows, &[GraphMethod::Weights]);

        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].verdict, Verdict::Failed);
    }
}
