//! `nncut cluster` run as a binary on .npy, .csv and .mtx files written here:
//! the JSON it prints, its text output, and its one-line errors with exit code 1.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/npy.rs"]
mod npy;

use std::path::{Path, PathBuf};

use cli::{nncut, one_line_error};
use npy::write_npy;
use serde_json::Value;

/// Two triangles {0,1,2} and {3,4,5} joined by the weak edge 2-3, plus node 6
/// without edges: for k = 2 the split is the triangles, n-cut 2 * 0.1 / 6.1.
const EDGES: [(usize, usize, f64); 7] =
    [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 0.1)];
const NODES: usize = 7;

fn dense() -> Vec<Vec<f64>> {
    let mut a = vec![vec![0.0; NODES]; NODES];
    for (i, j, w) in EDGES {
        a[i][j] = w;
        a[j][i] = w;
    }
    a
}

fn cluster_json(file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["cluster", file.to_str().unwrap(), "--k", "2", "--json"];
    args.extend_from_slice(extra);
    let output = nncut(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "nncut failed: {stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn npy(path: &Path, rows: &[Vec<f64>], descr: &str, fortran: bool) {
    let n = rows.len();
    let values: Vec<f64> = if fortran {
        (0..n).flat_map(|col| rows.iter().map(move |row| row[col])).collect()
    } else {
        rows.concat()
    };
    write_npy(path, descr, fortran, &format!("({n}, {n})"), &values);
}

fn csv(path: &Path, rows: &[Vec<f64>]) {
    let lines: Vec<String> = rows
        .iter()
        .map(|row| row.iter().map(f64::to_string).collect::<Vec<_>>().join(","))
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn mtx(path: &Path, symmetric: bool) {
    let kind = if symmetric { "symmetric" } else { "general" };
    let mut text = format!("%%MatrixMarket matrix coordinate real {kind}\n% test graph\n");
    let entries: Vec<(usize, usize, f64)> = if symmetric {
        EDGES.iter().map(|&(i, j, w)| (i.max(j), i.min(j), w)).collect()
    } else {
        EDGES.iter().flat_map(|&(i, j, w)| [(i, j, w), (j, i, w)]).collect()
    };
    text += &format!("{NODES} {NODES} {}\n", entries.len());
    for (i, j, w) in entries {
        text += &format!("{} {} {w}\n", i + 1, j + 1);
    }
    std::fs::write(path, text).unwrap();
}

fn assert_two_triangles(report: &Value) {
    let ncut = report["ncut"].as_f64().unwrap();
    assert!((ncut - 2.0 * 0.1 / 6.1).abs() < 1e-6, "ncut {ncut}");
    assert_eq!(report["k"], 2);
    assert_eq!(report["nodes"], 7);
    assert_eq!(report["isolated"], 1);
    assert_eq!(report["components"], 1);
    assert_eq!(report["cluster_sizes"], serde_json::json!([3, 3]));
    assert_eq!(report["labels"], serde_json::json!([0, 0, 0, 1, 1, 1, -1]));
    assert_eq!(report["eigenvalues"].as_array().unwrap().len(), 3);
    assert_eq!(report["clusters"][0]["size"], 3);
    assert!((report["clusters"][0]["volume"].as_f64().unwrap() - 6.1).abs() < 1e-6);
    assert_eq!(report["seed"], 0);
    assert_eq!(report["restarts"], 10);
}

fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn every_file_format_gives_the_same_partition() {
    let (_dir, folder) = folder();
    let files = [
        ("c64.npy", "<f8", false),
        ("f64.npy", "<f8", true),
        ("c32.npy", "<f4", false),
        ("f32.npy", "<f4", true),
    ];
    for (name, descr, fortran) in files {
        npy(&folder.join(name), &dense(), descr, fortran);
    }
    csv(&folder.join("graph.csv"), &dense());
    mtx(&folder.join("general.mtx"), false);
    mtx(&folder.join("symmetric.mtx"), true);

    let names = ["c64.npy", "f64.npy", "c32.npy", "f32.npy", "graph.csv", "general.mtx"];
    for name in names.into_iter().chain(["symmetric.mtx"]) {
        assert_two_triangles(&cluster_json(&folder.join(name), &[]));
    }
}

#[test]
fn the_text_summary_goes_to_stdout() {
    let (_dir, folder) = folder();
    let file = folder.join("graph.csv");
    csv(&file, &dense());

    let output = nncut(&["cluster", file.to_str().unwrap(), "--k", "2"]);

    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(stdout.contains("7 nodes, 1 isolated, 1 connected component(s)"), "{stdout}");
    assert!(stdout.contains("n-cut 0.032787"), "{stdout}");
}

#[test]
fn an_asymmetric_file_fails_naming_the_pair_unless_symmetrized() {
    let (_dir, folder) = folder();
    let file = folder.join("skewed.csv");
    let mut rows = dense();
    rows[4][5] = 3.0;
    csv(&file, &rows);

    let output = nncut(&["cluster", file.to_str().unwrap(), "--k", "2"]);
    let averaged = cluster_json(&file, &["--symmetrize"]);

    let stderr = one_line_error(&output);
    assert!(stderr.contains("skewed.csv"), "{stderr}");
    assert!(stderr.contains("entry (4, 5) is 3 but (5, 4) is 1"), "{stderr}");
    assert_eq!(averaged["cluster_sizes"], serde_json::json!([3, 3]));
}

#[test]
fn bad_values_and_parameters_fail_with_one_line_and_exit_code_one() {
    let (_dir, folder) = folder();
    let negative = folder.join("negative.csv");
    let mut rows = dense();
    rows[1][0] = -1.0;
    csv(&negative, &rows);
    let not_a_number = folder.join("nan.npy");
    rows = dense();
    rows[2][6] = f64::NAN;
    npy(&not_a_number, &rows, "<f8", false);
    let good = folder.join("good.mtx");
    mtx(&good, true);
    let (good, unknown) = (good.to_str().unwrap(), folder.join("graph.txt"));
    std::fs::write(&unknown, "0").unwrap();

    let cases: [(Vec<&str>, &str); 6] = [
        (vec![negative.to_str().unwrap()], "entry (1, 0) is -1; weights must be non-negative"),
        (vec![not_a_number.to_str().unwrap()], "entry (2, 6) is NaN; weights must be finite"),
        (vec![good, "--k", "0"], "k = 0"),
        (vec![good, "--k", "7"], "k = 7 is more than the 6 nodes with a non-zero degree"),
        (vec![unknown.to_str().unwrap()], "unknown extension"),
        (vec!["missing.npy"], "missing.npy"),
    ];
    for (args, expected) in cases {
        let output = nncut(&[&["cluster"], args.as_slice()].concat());

        let stderr = one_line_error(&output);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}
