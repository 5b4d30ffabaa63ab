//! Loading a dataset split for training: locate both files, verify them, pair
//! images with labels.

use std::path::Path;

use super::catalog::Catalog;
use super::dataset::{DataFile, DatasetName, LabeledImages, Split};
use super::error::DataError;
use super::idx::IdxKind;
use super::locate::Locations;
use super::verify::locate_verified;

/// Loads `split` of `dataset` from the standard locations (`data_dir`, else
/// `NNCUT_DATA`, else `./data`; then the system FashionMNIST folder), verified
/// against the real files' digests.
pub fn load(
    dataset: DatasetName,
    split: Split,
    data_dir: Option<&Path>,
) -> Result<LabeledImages, DataError> {
    load_from(&Locations::resolve(data_dir), &Catalog::standard(), dataset, split)
}

/// Loads `split` of `dataset` from `locations`, verified against `catalog`.
pub fn load_from(
    locations: &Locations,
    catalog: &Catalog,
    dataset: DatasetName,
    split: Split,
) -> Result<LabeledImages, DataError> {
    let images_file = DataFile::new(dataset, split, IdxKind::Images);
    let labels_file = DataFile::new(dataset, split, IdxKind::Labels);

    let (images_path, images) = locate_verified(locations, images_file, catalog)?;
    let (labels_path, labels) = locate_verified(locations, labels_file, catalog)?;

    LabeledImages::from_idx(images, &images_path, labels, &labels_path)
}
