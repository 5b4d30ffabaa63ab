//! The paper's Tables 1 and 2 beside this run's numbers, as Markdown.
//!
//! One table per graph method; per row the paper's accuracy and n-cut, nncut's
//! (mean ± standard deviation over seeds when there are several) and the
//! difference of the means. Below the tables, every seed's values and the
//! verdicts on the paper's claims.

use std::fmt::Write;

use super::claims::{Claim, ClaimCheck, Verdict, dropout_label};
use super::summary::{SettingRow, Spread};
use crate::data::DatasetName;
use crate::experiment::{GraphMethod, paper_row};
use crate::model::Activation;

/// The whole report: both tables, the per-seed values, the claims.
pub fn render(rows: &[SettingRow], methods: &[GraphMethod], checks: &[ClaimCheck]) -> String {
    let mut text = String::new();
    if let Some(note) = setup_note(rows) {
        text.push_str(&note);
    }
    for &method in methods {
        text.push_str(&render_table(rows, method));
        text.push('\n');
    }
    if rows.iter().any(|row| row.networks.len() > 1) {
        text.push_str(&render_seeds(rows, methods));
        text.push('\n');
    }
    text.push_str(&render_claims(checks));
    text
}

/// The paper trained every network for 20 epochs on all 60 000 training images.
const PAPER_EPOCHS: usize = 20;
const PAPER_TRAIN_IMAGES: usize = 60_000;

/// A warning when some network trained less than the paper's did, so its
/// numbers beside the paper's are not a like-for-like comparison.
fn setup_note(rows: &[SettingRow]) -> Option<String> {
    let networks = rows.iter().flat_map(|row| row.networks.iter());
    let shorter = networks
        .map(|network| (network.settings.training.epochs, network.train_images))
        .find(|&setup| setup != (PAPER_EPOCHS, PAPER_TRAIN_IMAGES))?;
    let (epochs, images) = shorter;
    Some(format!(
        "Note: networks here trained for {epochs} epoch(s) on {images} images, the paper's \
         for {PAPER_EPOCHS} on {PAPER_TRAIN_IMAGES}; the numbers beside the paper's are not \
         comparable.\n\n"
    ))
}

fn table_title(method: GraphMethod) -> &'static str {
    match method {
        GraphMethod::Weights => "Table 1: n-cut with |weight| as edge weight",
        GraphMethod::Spearman => "Table 2: n-cut with |Spearman correlation| as edge weight",
    }
}

fn render_table(rows: &[SettingRow], method: GraphMethod) -> String {
    let mut text = format!("## {}\n\n", table_title(method));
    text.push_str(
        "| Data set | Activation | Dropout | Acc. % paper | Acc. % nncut | Δ acc. \
         | N-cut paper | N-cut nncut | Δ n-cut |\n",
    );
    text.push_str("|---|---|---|---:|---:|---:|---:|---:|---:|\n");

    for row in rows {
        let paper = paper_row(row.dataset, row.activation, row.dropout);
        let accuracy = Spread::of(&row.accuracies());
        let ncut = Spread::of(&row.ncuts(method));
        let paper_ncut = paper.map(|paper| match method {
            GraphMethod::Weights => paper.ncut_weights,
            GraphMethod::Spearman => paper.ncut_spearman,
        });

        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            dataset_label(row.dataset),
            activation_label(row.activation),
            if row.dropout > 0.0 { row.dropout.to_string() } else { "No".to_string() },
            optional(paper.map(|paper| paper.accuracy), 0),
            spread_text(accuracy, 2),
            difference(paper.map(|paper| paper.accuracy), accuracy, 2),
            optional(paper_ncut, 2),
            spread_text(ncut, 3),
            difference(paper_ncut, ncut, 3),
        );
    }
    text
}

fn render_seeds(rows: &[SettingRow], methods: &[GraphMethod]) -> String {
    let mut text = String::from("## Every seed\n\n| Network | Seed | Acc. % |");
    for &method in methods {
        let _ = write!(text, " N-cut {} |", method.name());
    }
    text.push_str("\n|---|---:|---:|");
    text.push_str(&"---:|".repeat(methods.len()));
    text.push('\n');

    for row in rows {
        for network in &row.networks {
            let _ = write!(
                text,
                "| {} {} {} | {} | {:.2} |",
                dataset_label(row.dataset),
                activation_label(row.activation),
                dropout_label(row.dropout),
                network.spec.seed,
                network.accuracy
            );
            for &method in methods {
                let ncut = network.method(method).map(|result| result.ncut);
                let _ = write!(text, " {} |", optional(ncut, 3));
            }
            text.push('\n');
        }
    }
    text
}

fn render_claims(checks: &[ClaimCheck]) -> String {
    let mut text = String::from("## The paper's claims on this run\n\n");
    if checks.is_empty() {
        text.push_str("This run's grid has no pair of networks that the claims compare.\n");
        return text;
    }

    for claim in [Claim::SigmoidBelowRelu, Claim::DropoutLowersNcut] {
        let heading = match claim {
            Claim::SigmoidBelowRelu => "Sigmoid gives a lower n-cut than ReLU",
            Claim::DropoutLowersNcut => "Dropout lowers the n-cut",
        };
        let of_claim: Vec<&ClaimCheck> = checks.iter().filter(|c| c.claim == claim).collect();
        if of_claim.is_empty() {
            continue;
        }
        let _ = writeln!(text, "{heading}:\n");
        for check in of_claim {
            let verdict = match check.verdict {
                Verdict::Held => "held",
                Verdict::Mixed => "mixed",
                Verdict::Failed => "failed",
            };
            let _ = writeln!(
                text,
                "- {}, {}, {}: {verdict}, {} of {} seeds ({} {:.4} vs {} {:.4})",
                dataset_label(check.dataset),
                check.setting,
                check.method.name(),
                check.seeds_held,
                check.seeds_compared,
                check.lower_label,
                check.lower_mean,
                check.higher_label,
                check.higher_mean,
            );
        }
        text.push('\n');
    }
    text
}

fn dataset_label(dataset: DatasetName) -> &'static str {
    match dataset {
        DatasetName::Mnist => "MNIST",
        DatasetName::FashionMnist => "FashionMNIST",
    }
}

fn activation_label(activation: Activation) -> String {
    match activation {
        Activation::Relu => "ReLU".to_string(),
        Activation::Sigmoid => "Sigmoid".to_string(),
        other => other.name().to_string(),
    }
}

fn optional(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".to_string(), |value| format!("{value:.decimals$}"))
}

fn spread_text(spread: Option<Spread>, decimals: usize) -> String {
    match spread {
        Some(Spread { mean, std }) if std > 0.0 => format!("{mean:.decimals$} ± {std:.decimals$}"),
        Some(Spread { mean, .. }) => format!("{mean:.decimals$}"),
        None => "—".to_string(),
    }
}

fn difference(paper: Option<f64>, ours: Option<Spread>, decimals: usize) -> String {
    match (paper, ours) {
        (Some(paper), Some(ours)) => format!("{:+.decimals$}", ours.mean - paper),
        _ => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{NetworkResult, NetworkSpec};
    use crate::report::{check_claims, setting_rows};

    fn relu_network(seed: u64, accuracy: f64, ncut: f64) -> NetworkResult {
        let spec = NetworkSpec {
            dataset: DatasetName::Mnist,
            activation: Activation::Relu,
            dropout: 0.0,
            seed,
        };
        NetworkResult::example(spec, accuracy, ncut)
    }

    #[test]
    fn a_row_shows_paper_nncut_and_their_difference() {
        let results = vec![relu_network(0, 98.25, 2.5)];
        let rows = setting_rows(&results);

        let text = render(&rows, &[GraphMethod::Weights], &check_claims(&rows, &[]));

        assert!(text.contains("## Table 1: n-cut with |weight| as edge weight"));
        assert!(
            text.contains("| MNIST | ReLU | No | 98 | 98.25 | +0.25 | 2.37 | 2.500 | +0.130 |")
        );
        assert!(!text.contains("Every seed"));
    }

    #[test]
    fn several_seeds_show_mean_and_deviation_and_every_seed() {
        let results = vec![relu_network(0, 98.0, 2.0), relu_network(1, 98.0, 3.0)];
        let rows = setting_rows(&results);

        let text = render(&rows, &[GraphMethod::Weights], &[]);

        let std = (0.5f64).sqrt();
        assert!(text.contains(&format!("| 2.500 ± {std:.3} |")));
        assert!(text.contains("| MNIST ReLU no dropout | 1 | 98.00 | 3.000 |"));
    }
}
