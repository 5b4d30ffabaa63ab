//! The two datasets, their splits and files, and the images-with-labels value
//! that training and evaluation consume.
//!
//! Shapes: `LabeledImages::images` is `[count, rows, cols]` row-major f32 in
//! [0, 1] (pixel / 255, as PyTorch's `ToTensor` does); `labels` is `[count]`.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::DataError;
use super::idx::{IdxFile, IdxKind};

/// A dataset nncut knows how to find and verify.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetName {
    Mnist,
    FashionMnist,
}

impl DatasetName {
    pub const ALL: [DatasetName; 2] = [DatasetName::Mnist, DatasetName::FashionMnist];

    /// The folder name under the data directory, also its name on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            DatasetName::Mnist => "mnist",
            DatasetName::FashionMnist => "fashion-mnist",
        }
    }
}

impl fmt::Display for DatasetName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.slug())
    }
}

/// The training or the test part of a dataset.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    Train,
    Test,
}

impl Split {
    pub const ALL: [Split; 2] = [Split::Train, Split::Test];

    /// The prefix of the standard file names: `train-...` and `t10k-...`.
    fn file_prefix(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Test => "t10k",
        }
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Split::Train => "train",
            Split::Test => "test",
        })
    }
}

/// One of the eight files: a dataset's split's images or labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DataFile {
    pub dataset: DatasetName,
    pub split: Split,
    pub kind: IdxKind,
}

impl DataFile {
    pub fn new(dataset: DatasetName, split: Split, kind: IdxKind) -> Self {
        Self { dataset, split, kind }
    }

    /// All eight files, dataset by dataset, train before test, images before labels.
    pub fn all() -> Vec<DataFile> {
        let mut files = Vec::with_capacity(8);
        for dataset in DatasetName::ALL {
            files.extend(Self::of_dataset(dataset));
        }
        files
    }

    /// The four files of one dataset.
    pub fn of_dataset(dataset: DatasetName) -> Vec<DataFile> {
        let mut files = Vec::with_capacity(4);
        for split in Split::ALL {
            for kind in [IdxKind::Images, IdxKind::Labels] {
                files.push(DataFile::new(dataset, split, kind));
            }
        }
        files
    }

    /// The standard uncompressed file name, e.g. `t10k-labels-idx1-ubyte`.
    pub fn file_name(&self) -> String {
        let (kind, rank) = match self.kind {
            IdxKind::Images => ("images", 3),
            IdxKind::Labels => ("labels", 1),
        };
        format!("{}-{kind}-idx{rank}-ubyte", self.split.file_prefix())
    }

    /// `dataset/file_name`, as in `datasets.sha256` and under the data directory.
    pub fn relative_path(&self) -> String {
        format!("{}/{}", self.dataset.slug(), self.file_name())
    }
}

impl fmt::Display for DataFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.relative_path())
    }
}

/// Images and their labels, ready for training: `images[i * rows * cols ..][.. rows * cols]`
/// is image `i`, row-major, each pixel in [0, 1]; `labels[i]` is its class in 0..=9.
#[derive(Clone, Debug, PartialEq)]
pub struct LabeledImages {
    pub images: Vec<f32>,
    pub labels: Vec<u8>,
    pub count: usize,
    pub rows: usize,
    pub cols: usize,
}

impl LabeledImages {
    /// Pairs an images file with a labels file (the paths name them in errors);
    /// their kinds must be right and their item counts must agree.
    pub fn from_idx(
        images: IdxFile,
        images_path: &Path,
        labels: IdxFile,
        labels_path: &Path,
    ) -> Result<Self, DataError> {
        let wrong_kind = |path: &Path, file: &IdxFile, expected| DataError::WrongMagic {
            path: path.to_path_buf(),
            found: file.header.kind.magic(),
            expected,
        };
        let (rows, cols) =
            images.image_size().ok_or_else(|| wrong_kind(images_path, &images, IdxKind::Images))?;
        if labels.header.kind != IdxKind::Labels {
            return Err(wrong_kind(labels_path, &labels, IdxKind::Labels));
        }

        if images.header.count != labels.header.count {
            return Err(DataError::CountMismatch {
                images_path: images_path.to_path_buf(),
                images: images.header.count,
                labels_path: labels_path.to_path_buf(),
                labels: labels.header.count,
            });
        }

        let scale = pixel_scale();
        let pixels = images.data.iter().map(|&byte| scale[usize::from(byte)]).collect();
        Ok(Self { images: pixels, labels: labels.data, count: images.header.count, rows, cols })
    }

    /// Pixels per image (`rows * cols`).
    pub fn pixels_per_image(&self) -> usize {
        self.rows * self.cols
    }

    /// Image `index`, row-major.
    pub fn image(&self, index: usize) -> &[f32] {
        let size = self.pixels_per_image();
        &self.images[index * size..(index + 1) * size]
    }
}

/// `byte / 255` for every byte value, computed by division so each value is
/// exactly PyTorch's `ToTensor` pixel.
fn pixel_scale() -> [f32; 256] {
    let mut table = [0.0; 256];
    for (byte, value) in table.iter_mut().enumerate() {
        *value = byte as f32 / 255.0;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_names_are_kebab_case_in_json_and_on_the_command_line() {
        use clap::ValueEnum;

        let json = serde_json::to_string(&[DatasetName::Mnist, DatasetName::FashionMnist]).unwrap();
        let parsed = DatasetName::from_str("fashion-mnist", false).unwrap();

        assert_eq!(json, r#"["mnist","fashion-mnist"]"#);
        assert_eq!(parsed, DatasetName::FashionMnist);
    }

    #[test]
    fn files_have_the_standard_names() {
        let names: Vec<String> = DataFile::of_dataset(DatasetName::FashionMnist)
            .iter()
            .map(|f| f.relative_path())
            .collect();

        assert_eq!(
            names,
            [
                "fashion-mnist/train-images-idx3-ubyte",
                "fashion-mnist/train-labels-idx1-ubyte",
                "fashion-mnist/t10k-images-idx3-ubyte",
                "fashion-mnist/t10k-labels-idx1-ubyte",
            ]
        );
        assert_eq!(DataFile::all().len(), 8);
    }
}
