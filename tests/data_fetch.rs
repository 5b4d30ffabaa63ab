//! `nncut data fetch` against a loopback HTTP server serving small fixture
//! files: downloads are verified before they land, land whole or not at all,
//! and are not repeated once a verified copy is there.

#[path = "common/data_fixtures.rs"]
mod data_fixtures;
#[path = "common/data_http.rs"]
mod data_http;

use std::path::Path;
use std::process::Command;

use data_fixtures::{FixtureSplit, data_file, gzip, labels, sha256, write};
use data_http::{FixtureServer, Reply};
use nncut::data::{
    Catalog, DataError, DataFile, DatasetName, Downloader, FetchOutcome, IdxKind, Locations, Split,
    fetch_file, load_from,
};

const MNIST: DatasetName = DatasetName::Mnist;

/// Emptied for the binary, so its requests go straight to the loopback server.
const PROXY_VARIABLES: [&str; 6] =
    ["ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

fn test_files() -> [DataFile; 2] {
    [data_file(MNIST, Split::Test, IdxKind::Images), data_file(MNIST, Split::Test, IdxKind::Labels)]
}

/// Names of the entries in `dir`, hidden temporary files included.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(read) => read.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

fn serve_split(fixture: &FixtureSplit) -> FixtureServer {
    FixtureServer::start(vec![
        ("/mirror/t10k-images-idx3-ubyte.gz", Reply::Body(gzip(&fixture.images))),
        ("/mirror/t10k-labels-idx1-ubyte.gz", Reply::Body(gzip(&fixture.labels))),
    ])
}

#[test]
fn fetch_downloads_verifies_and_places_each_file() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[2, 7, 1]);
    let server = serve_split(&fixture);
    let mirror = format!("{}/mirror/", server.url);

    let reports: Vec<_> = test_files()
        .into_iter()
        .map(|file| fetch_file(file, &mirror, data.path(), &fixture.catalog, &Downloader::direct()))
        .collect::<Result<_, _>>()
        .unwrap();

    assert!(reports.iter().all(|report| report.outcome == FetchOutcome::Downloaded));
    assert_eq!(reports[0].path, data.path().join("mnist/t10k-images-idx3-ubyte.gz"));
    assert_eq!(
        entries(&data.path().join("mnist")),
        ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    );
    let split = load_from(&Locations::only(data.path()), &fixture.catalog, MNIST, Split::Test);
    assert_eq!(split.unwrap().labels, vec![2, 7, 1]);
    assert_eq!(
        server.finish(),
        ["/mirror/t10k-images-idx3-ubyte.gz", "/mirror/t10k-labels-idx1-ubyte.gz"]
    );
}

#[test]
fn second_fetch_downloads_nothing() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[5, 5]);
    let server = serve_split(&fixture);
    let mirror = format!("{}/mirror", server.url);
    let fetch_all = || {
        test_files().map(|file| {
            fetch_file(file, &mirror, data.path(), &fixture.catalog, &Downloader::direct())
                .unwrap()
                .outcome
        })
    };

    let first = fetch_all();
    let second = fetch_all();

    assert_eq!(first, [FetchOutcome::Downloaded; 2]);
    assert_eq!(second, [FetchOutcome::AlreadyVerified; 2]);
    assert_eq!(server.finish().len(), 2);
}

#[test]
fn download_failing_verification_leaves_no_file() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[1]);
    let served = labels(&[2]);
    let server = FixtureServer::start(vec![(
        "/mirror/t10k-labels-idx1-ubyte.gz",
        Reply::Body(gzip(&served)),
    )]);
    let mirror = format!("{}/mirror/", server.url);

    let error =
        fetch_file(test_files()[1], &mirror, data.path(), &fixture.catalog, &Downloader::direct())
            .unwrap_err();

    assert!(matches!(error, DataError::DigestMismatch { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&format!("{mirror}t10k-labels-idx1-ubyte.gz")), "{message}");
    assert!(message.contains(&sha256(&served).to_string()), "{message}");
    assert!(message.contains(&sha256(&fixture.labels).to_string()), "{message}");
    assert_eq!(entries(&data.path().join("mnist")), Vec::<String>::new());
    server.finish();
}

#[test]
fn download_cut_short_leaves_no_file() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[1, 2, 3, 4]);
    let packed = gzip(&fixture.images);
    let cut =
        Reply::CutShort { body: packed[..packed.len() / 2].to_vec(), announced: packed.len() };
    let server = FixtureServer::start(vec![("/mirror/t10k-images-idx3-ubyte.gz", cut)]);
    let mirror = format!("{}/mirror/", server.url);

    let error =
        fetch_file(test_files()[0], &mirror, data.path(), &fixture.catalog, &Downloader::direct())
            .unwrap_err();

    assert!(matches!(error, DataError::Download { .. }), "{error:?}");
    assert_eq!(entries(&data.path().join("mnist")), Vec::<String>::new());
    server.finish();
}

#[test]
fn missing_file_on_the_mirror_names_the_url() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[1]);
    let server = FixtureServer::start(vec![]);
    let mirror = format!("{}/mirror/", server.url);

    let error =
        fetch_file(test_files()[1], &mirror, data.path(), &fixture.catalog, &Downloader::direct())
            .unwrap_err();

    let message = error.to_string();
    assert!(message.contains("t10k-labels-idx1-ubyte.gz: download failed"), "{message}");
    assert!(message.contains("404"), "{message}");
    server.finish();
}

#[test]
fn copy_failing_verification_is_replaced_by_the_download() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[6, 6]);
    let stale = write(data.path(), "mnist/t10k-labels-idx1-ubyte", &labels(&[0, 0]));
    let server = serve_split(&fixture);
    let mirror = format!("{}/mirror/", server.url);

    let report =
        fetch_file(test_files()[1], &mirror, data.path(), &fixture.catalog, &Downloader::direct())
            .unwrap();

    assert_eq!(report.outcome, FetchOutcome::Downloaded);
    assert_eq!(report.removed, vec![stale]);
    assert_eq!(entries(&data.path().join("mnist")), ["t10k-labels-idx1-ubyte.gz"]);
    server.finish();
}

#[test]
fn mirror_serving_decompressed_files_saves_them_under_the_raw_name() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[8]);
    let server = FixtureServer::start(vec![(
        "/mirror/t10k-labels-idx1-ubyte.gz",
        Reply::Body(fixture.labels.clone()),
    )]);
    let mirror = format!("{}/mirror/", server.url);

    let report =
        fetch_file(test_files()[1], &mirror, data.path(), &fixture.catalog, &Downloader::direct())
            .unwrap();

    assert_eq!(report.path, data.path().join("mnist/t10k-labels-idx1-ubyte"));
    assert_eq!(std::fs::read(&report.path).unwrap(), fixture.labels);
    server.finish();
}

#[test]
fn cli_fetch_refuses_files_that_are_not_the_real_ones() {
    let data = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Train, &[1, 2]);
    let server = FixtureServer::start(vec![(
        "/mnist/train-images-idx3-ubyte.gz",
        Reply::Body(gzip(&fixture.images)),
    )]);
    let real_digest = Catalog::standard().expected(data_file(MNIST, Split::Train, IdxKind::Images));

    let output = Command::new(env!("CARGO_BIN_EXE_nncut"))
        .args(["data", "fetch", "--dataset", "mnist", "--mirror"])
        .arg(format!("{}/mnist/", server.url))
        .arg("--data-dir")
        .arg(data.path())
        .env_remove("NNCUT_DATA")
        .envs(PROXY_VARIABLES.map(|name| (name, "")))
        .output()
        .unwrap();

    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&real_digest.unwrap().to_string()), "{stderr}");
    assert!(stderr.contains(&sha256(&fixture.images).to_string()), "{stderr}");
    assert_eq!(entries(&data.path().join("mnist")), Vec::<String>::new());
    assert_eq!(server.finish(), ["/mnist/train-images-idx3-ubyte.gz"]);
}
