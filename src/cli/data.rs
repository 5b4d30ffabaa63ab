//! `nncut data`: check, inspect and fetch the datasets.

use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Context;
use nncut::data::{
    self, Catalog, DataFile, DatasetName, Downloader, FetchOutcome, FetchReport, FileReport,
    FileStatus, Locations,
};

#[derive(Args)]
pub struct DataArgs {
    #[command(subcommand)]
    command: DataCommand,
}

#[derive(Subcommand)]
enum DataCommand {
    /// Report, for each dataset and split, where it was found, its shape, and whether it
    /// verified; exit 1 if any file is missing or fails.
    Check(CheckArgs),
    /// Validate IDX files and print their kind, item count, item shape and compression.
    Inspect(InspectArgs),
    /// Download the datasets from their public mirrors into the data directory (needs
    /// internet access; scripts/fetch-data.sh uses package registries instead).
    Fetch(FetchArgs),
}

#[derive(Args)]
struct CheckArgs {
    /// The data directory [default: $NNCUT_DATA, else ./data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Args)]
struct InspectArgs {
    /// IDX files, raw or gzip-compressed.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
struct FetchArgs {
    /// The data directory to fill [default: $NNCUT_DATA, else ./data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// A dataset to fetch; repeat for several [default: all].
    #[arg(long, value_enum)]
    dataset: Vec<DatasetName>,

    /// Fetch NAME.gz from this base URL instead of the dataset's public mirror
    /// (needs exactly one --dataset).
    #[arg(long, value_name = "URL")]
    mirror: Option<String>,
}

pub fn run(args: DataArgs, context: &Context) -> anyhow::Result<()> {
    match args.command {
        DataCommand::Check(args) => check(args, context),
        DataCommand::Inspect(args) => inspect(args, context),
        DataCommand::Fetch(args) => fetch(args, context),
    }
}

#[derive(Serialize)]
struct CheckOutput<'a> {
    data_dir: &'a Path,
    all_verified: bool,
    files: &'a [FileReport],
}

fn check(args: CheckArgs, context: &Context) -> anyhow::Result<()> {
    let locations = Locations::resolve(args.data_dir.as_deref());
    log::debug!("data directory: {}", locations.data_dir().display());

    let reports = data::check(&locations, &Catalog::standard(), &DataFile::all());
    let bad = reports.iter().filter(|report| report.status != FileStatus::Verified).count();

    if context.json {
        let output =
            CheckOutput { data_dir: locations.data_dir(), all_verified: bad == 0, files: &reports };
        context.print_json(&output)?;
    } else {
        for report in &reports {
            println!("{}", check_line(report));
        }
    }

    if bad > 0 {
        bail!(
            "{bad} of {} dataset files missing or unverified; run scripts/fetch-data.sh \
             (or 'nncut data fetch' with internet access)",
            reports.len()
        );
    }
    Ok(())
}

fn check_line(report: &FileReport) -> String {
    let file = report.file;
    let status = match report.status {
        FileStatus::Verified => "verified",
        FileStatus::Missing => "missing",
        FileStatus::Failed => "FAILED",
    };
    let head = format!("{:<13} {:<5} {:<6} {status:<8}", file.dataset, file.split, file.kind);

    match (&report.problem, &report.path, report.count, &report.item_shape) {
        (Some(problem), _, _, _) => format!("{head}  {problem}"),
        (None, Some(path), Some(count), Some(shape)) => {
            let compression = report.compression.map(|c| c.to_string()).unwrap_or_default();
            format!("{head}  {:<14} {} ({compression})", shape_text(count, shape), path.display())
        }
        _ => head,
    }
}

/// `60000 x 28x28` for images, `60000` for labels.
fn shape_text(count: usize, item_shape: &[usize]) -> String {
    if item_shape.is_empty() {
        return count.to_string();
    }
    let item: Vec<String> = item_shape.iter().map(|dim| dim.to_string()).collect();
    format!("{count} x {}", item.join("x"))
}

#[derive(Serialize)]
struct InspectedFile {
    path: PathBuf,
    kind: data::IdxKind,
    count: usize,
    item_shape: Vec<usize>,
    compression: data::Compression,
    sha256: data::Sha256Digest,
    /// The dataset file whose digest this is, if any.
    known_as: Option<DataFile>,
}

/// A file that is not a valid IDX file, and why.
#[derive(Serialize)]
struct BadFile {
    path: PathBuf,
    error: String,
}

#[derive(Serialize)]
struct InspectOutput {
    files: Vec<InspectedFile>,
    bad_files: Vec<BadFile>,
}

fn inspect(args: InspectArgs, context: &Context) -> anyhow::Result<()> {
    let catalog = Catalog::standard();

    let mut files = Vec::with_capacity(args.files.len());
    let mut bad_files = Vec::new();
    for path in args.files {
        match data::read_idx(&path, None) {
            Ok(idx) => files.push(InspectedFile {
                path,
                kind: idx.header.kind,
                count: idx.header.count,
                item_shape: idx.header.item_shape,
                compression: idx.compression,
                sha256: idx.sha256,
                known_as: catalog.identify(idx.sha256),
            }),
            Err(error) => bad_files.push(BadFile { path, error: error.to_string() }),
        }
    }

    let failed = !bad_files.is_empty();
    if context.json {
        context.print_json(&InspectOutput { files, bad_files })?;
    } else {
        for file in &files {
            let known = file.known_as.map(|known| format!(", matches {known}")).unwrap_or_default();
            println!(
                "{}: {}, {}, {}, sha256 {}{known}",
                file.path.display(),
                file.kind,
                shape_text(file.count, &file.item_shape),
                file.compression,
                file.sha256
            );
        }
        for bad in &bad_files {
            eprintln!("error: {}", bad.error);
        }
    }
    if failed { Err(super::AlreadyReported.into()) } else { Ok(()) }
}

/// `data fetch`'s arguments, checked: which datasets, from where, into where.
struct FetchPlan {
    data_dir: PathBuf,
    sources: Vec<(DatasetName, String)>,
}

impl FetchPlan {
    fn from_args(args: FetchArgs) -> anyhow::Result<Self> {
        let data_dir = Locations::resolve(args.data_dir.as_deref()).data_dir().to_path_buf();
        let mut datasets = args.dataset;
        datasets.sort();
        datasets.dedup();

        let sources = match args.mirror {
            Some(mirror) => {
                if !(mirror.starts_with("http://") || mirror.starts_with("https://")) {
                    bail!("--mirror {mirror}: not an http:// or https:// URL");
                }
                let [dataset] = datasets[..] else {
                    bail!("--mirror needs exactly one --dataset (the mirrors lay files out alike)");
                };
                vec![(dataset, mirror)]
            }
            None => {
                if datasets.is_empty() {
                    datasets = DatasetName::ALL.to_vec();
                }
                let mirror = |dataset| data::default_mirror(dataset).to_string();
                datasets.into_iter().map(|dataset| (dataset, mirror(dataset))).collect()
            }
        };
        Ok(Self { data_dir, sources })
    }
}

#[derive(Serialize)]
struct FetchOutput<'a> {
    data_dir: &'a Path,
    files: &'a [FetchReport],
}

fn fetch(args: FetchArgs, context: &Context) -> anyhow::Result<()> {
    let plan = FetchPlan::from_args(args)?;
    let catalog = Catalog::standard();
    let downloader = Downloader::new();

    let files: Vec<(DataFile, &str)> = plan
        .sources
        .iter()
        .flat_map(|(dataset, mirror)| {
            DataFile::of_dataset(*dataset).into_iter().map(move |file| (file, mirror.as_str()))
        })
        .collect();
    let progress = context.progress_bar(files.len() as u64, "fetching");
    let mut reports = Vec::with_capacity(files.len());
    for (file, mirror) in files {
        progress.set_message(file.to_string());
        reports.push(data::fetch_file(file, mirror, &plan.data_dir, &catalog, &downloader)?);
        progress.inc(1);
    }
    progress.finish_and_clear();

    if context.json {
        return context.print_json(&FetchOutput { data_dir: &plan.data_dir, files: &reports });
    }
    for report in &reports {
        let done = match report.outcome {
            FetchOutcome::AlreadyVerified => "already verified",
            FetchOutcome::Downloaded => "downloaded and verified",
        };
        println!("{}: {done}: {}", report.file, report.path.display());
        for removed in &report.removed {
            log::info!("removed {}, which failed verification", removed.display());
        }
    }
    Ok(())
}
