//! The digests live in two places, the library's catalog and
//! scripts/fetch-data.sh (which verifies before nncut is built); they must agree.

use std::collections::BTreeMap;

use nncut::data::{Catalog, DataFile};

#[test]
fn fetch_script_digests_match_the_embedded_catalog() {
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/fetch-data.sh"))
            .unwrap();
    let in_script: BTreeMap<&str, &str> = script
        .lines()
        .filter_map(|line| line.split_once("  "))
        .filter(|(hex, _)| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(hex, name)| (name, hex))
        .collect();

    let catalog = Catalog::standard();
    let files = DataFile::all();

    assert_eq!(in_script.len(), files.len());
    for file in files {
        let expected = catalog.expected(file).unwrap().to_string();
        assert_eq!(
            in_script.get(file.relative_path().as_str()),
            Some(&expected.as_str()),
            "{file}"
        );
    }
}
