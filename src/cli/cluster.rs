//! `nncut cluster FILE`: normalized spectral clustering of any graph given as
//! an adjacency matrix file, and the n-cut of the partition found.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use serde::Serialize;

use nncut::cluster::{
    ClusterCut, ClusterParams, Partition, Solver, SolverChoice, Symmetry, input,
    spectral_clustering,
};

use super::{ClusteringArgs, Context};

#[derive(Args)]
pub struct ClusterArgs {
    /// Adjacency matrix: .npy (float32/float64, square), .csv (dense, no header) or
    /// .mtx (Matrix Market coordinate; real, integer or pattern; general or symmetric).
    file: PathBuf,

    #[command(flatten)]
    clustering: ClusteringArgs,

    /// Average an asymmetric matrix with its transpose instead of rejecting it.
    #[arg(long)]
    symmetrize: bool,

    /// Use the dense eigensolver even where the matrix-free one would do.
    #[arg(long)]
    dense: bool,
}

/// The `--json` object.
#[derive(Serialize)]
struct Report<'a> {
    file: &'a std::path::Path,
    ncut: f64,
    k: usize,
    nodes: usize,
    isolated: usize,
    components: usize,
    cluster_sizes: Vec<usize>,
    clusters: &'a [ClusterCut],
    labels: Vec<i64>,
    eigenvalues: &'a [f64],
    solver: Solver,
    inertia: f64,
    seed: u64,
    restarts: usize,
}

pub fn run(args: ClusterArgs, context: &Context) -> anyhow::Result<()> {
    let params = ClusterParams {
        k: args.clustering.k,
        seed: args.clustering.seed,
        restarts: args.clustering.restarts,
        solver: if args.dense { SolverChoice::Dense } else { SolverChoice::Auto },
    };
    params.validate().context("invalid --k or --restarts")?;
    let symmetry = if args.symmetrize { Symmetry::Average } else { Symmetry::Require };

    let started = Instant::now();
    let graph = input::read_graph(&args.file, symmetry)?;
    let read_seconds = started.elapsed().as_secs_f64();
    log::debug!("read {} in {read_seconds:.3} s", args.file.display());

    let started = Instant::now();
    let partition = spectral_clustering(&graph, &params)
        .with_context(|| format!("clustering {}", args.file.display()))?;
    log::debug!("clustered in {:.3} s", started.elapsed().as_secs_f64());

    let report = Report {
        file: &args.file,
        ncut: partition.ncut,
        k: params.k,
        nodes: partition.labels.len(),
        isolated: partition.isolated,
        components: partition.components,
        cluster_sizes: partition.clusters.iter().map(|c| c.size).collect(),
        clusters: &partition.clusters,
        labels: partition.labels.iter().map(|l| l.map_or(-1, |c| c as i64)).collect(),
        eigenvalues: &partition.eigenvalues,
        solver: partition.solver,
        inertia: partition.inertia,
        seed: params.seed,
        restarts: params.restarts,
    };
    if context.json {
        context.print_json(&report)
    } else {
        print_text(&report, &partition);
        Ok(())
    }
}

fn print_text(report: &Report<'_>, partition: &Partition) {
    println!(
        "{}: {} nodes, {} isolated, {} connected component(s)",
        report.file.display(),
        report.nodes,
        report.isolated,
        report.components
    );
    println!(
        "k = {}, seed {}, {} k-means restarts, {} eigensolver",
        report.k,
        report.seed,
        report.restarts,
        format!("{:?}", report.solver).to_lowercase()
    );
    println!("n-cut {:.6}", report.ncut);
    println!("{:>7} {:>7} {:>14} {:>14} {:>10}", "cluster", "size", "cut", "volume", "cut/vol");
    for (index, cluster) in partition.clusters.iter().enumerate() {
        println!(
            "{:>7} {:>7} {:>14.6} {:>14.6} {:>10.6}",
            index,
            cluster.size,
            cluster.cut,
            cluster.volume,
            cluster.cut / cluster.volume
        );
    }
    let eigenvalues: Vec<String> = report.eigenvalues.iter().map(|e| format!("{e:.6}")).collect();
    println!("smallest eigenvalues of L_sym: {}", eigenvalues.join(" "));
}
