//! Loading a split from a data directory of small fixture files, verified
//! against a catalog made for them.

#[path = "common/data_fixtures.rs"]
mod data_fixtures;

use data_fixtures::{FixtureSplit, data_file, gzip, images, labels, sha256, write};
use nncut::data::{
    Catalog, DataError, DatasetName, FileStatus, IdxKind, Locations, Split, check, load_from,
};

const MNIST: DatasetName = DatasetName::Mnist;
const FASHION: DatasetName = DatasetName::FashionMnist;

#[test]
fn split_loads_with_pixels_scaled_to_unit_range() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[7, 0, 9]);
    write(dir.path(), "mnist/t10k-images-idx3-ubyte", &fixture.images);
    write(dir.path(), "mnist/t10k-labels-idx1-ubyte", &fixture.labels);

    let split = load_from(&Locations::only(dir.path()), &fixture.catalog, MNIST, Split::Test);

    let split = split.unwrap();
    assert_eq!((split.count, split.rows, split.cols), (3, 2, 3));
    assert_eq!(split.labels, vec![7, 0, 9]);
    assert_eq!(split.images.len(), 3 * 2 * 3);
    // Pixels run 0, 1, 2, ...: byte b becomes b / 255.
    assert_eq!(split.image(0)[0], 0.0);
    assert_eq!(split.image(2)[3], 15.0 / 255.0);
    assert_eq!(split.image(1)[3], 9.0 / 255.0);
    assert!(split.images.iter().all(|&pixel| (0.0..=1.0).contains(&pixel)));
}

#[test]
fn extreme_pixels_map_to_exactly_zero_one_and_one_fifth() {
    let dir = tempfile::tempdir().unwrap();
    let image_bytes =
        data_fixtures::idx_bytes(data_fixtures::IMAGES_MAGIC, &[1, 1, 3], &[0, 255, 51]);
    let label_bytes = labels(&[5]);
    let catalog = Catalog::empty()
        .with(data_file(MNIST, Split::Train, IdxKind::Images), sha256(&image_bytes))
        .with(data_file(MNIST, Split::Train, IdxKind::Labels), sha256(&label_bytes));
    write(dir.path(), "mnist/train-images-idx3-ubyte", &image_bytes);
    write(dir.path(), "mnist/train-labels-idx1-ubyte", &label_bytes);

    let split = load_from(&Locations::only(dir.path()), &catalog, MNIST, Split::Train).unwrap();

    assert_eq!(split.images, vec![0.0, 1.0, 0.2]);
}

#[test]
fn gzip_files_in_the_data_dir_load() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(FASHION, Split::Train, &[1, 2]);
    write(dir.path(), "fashion-mnist/train-images-idx3-ubyte.gz", &gzip(&fixture.images));
    write(dir.path(), "fashion-mnist/train-labels-idx1-ubyte.gz", &gzip(&fixture.labels));

    let split = load_from(&Locations::only(dir.path()), &fixture.catalog, FASHION, Split::Train);

    assert_eq!(split.unwrap().labels, vec![1, 2]);
}

#[test]
fn fashion_mnist_falls_back_to_the_system_folder() {
    let data = tempfile::tempdir().unwrap();
    let system = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(FASHION, Split::Test, &[4]);
    write(system.path(), "t10k-images-idx3-ubyte.gz", &gzip(&fixture.images));
    write(system.path(), "t10k-labels-idx1-ubyte.gz", &gzip(&fixture.labels));
    let locations = Locations::only(data.path()).with_system_dir(FASHION, system.path());

    let split = load_from(&locations, &fixture.catalog, FASHION, Split::Test);

    assert_eq!(split.unwrap().labels, vec![4]);
}

#[test]
fn three_images_with_two_labels_names_both_counts() {
    let dir = tempfile::tempdir().unwrap();
    let image_bytes = images(3, 2, 2);
    let label_bytes = labels(&[1, 2]);
    let catalog = Catalog::empty()
        .with(data_file(MNIST, Split::Train, IdxKind::Images), sha256(&image_bytes))
        .with(data_file(MNIST, Split::Train, IdxKind::Labels), sha256(&label_bytes));
    write(dir.path(), "mnist/train-images-idx3-ubyte", &image_bytes);
    write(dir.path(), "mnist/train-labels-idx1-ubyte", &label_bytes);

    let error = load_from(&Locations::only(dir.path()), &catalog, MNIST, Split::Train).unwrap_err();

    assert!(matches!(error, DataError::CountMismatch { images: 3, labels: 2, .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("holds 3 images"), "{message}");
    assert!(message.contains("holds 2 labels"), "{message}");
}

#[test]
fn digest_mismatch_names_the_file_and_both_digests() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[1, 2]);
    let mut tampered_file = fixture.images.clone();
    *tampered_file.last_mut().unwrap() ^= 1;
    let path = write(dir.path(), "mnist/t10k-images-idx3-ubyte", &tampered_file);
    write(dir.path(), "mnist/t10k-labels-idx1-ubyte", &fixture.labels);

    let error =
        load_from(&Locations::only(dir.path()), &fixture.catalog, MNIST, Split::Test).unwrap_err();

    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains(&sha256(&fixture.images).to_string()), "{message}");
    assert!(message.contains(&sha256(&tampered_file).to_string()), "{message}");
    assert!(message.contains("mnist/t10k-images-idx3-ubyte"), "{message}");
}

#[test]
fn labels_where_images_belong_are_refused_by_magic() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[1, 2]);
    write(dir.path(), "mnist/t10k-images-idx3-ubyte", &fixture.labels);
    write(dir.path(), "mnist/t10k-labels-idx1-ubyte", &fixture.labels);

    let error =
        load_from(&Locations::only(dir.path()), &fixture.catalog, MNIST, Split::Test).unwrap_err();

    assert!(matches!(error, DataError::WrongMagic { expected: IdxKind::Images, .. }), "{error:?}");
}

#[test]
fn missing_split_says_where_it_looked_and_how_to_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Train, &[1]);

    let error =
        load_from(&Locations::only(dir.path()), &fixture.catalog, MNIST, Split::Train).unwrap_err();

    assert!(matches!(error, DataError::NotFound { .. }), "{error:?}");
    assert!(error.to_string().contains("scripts/fetch-data.sh"), "{error}");
}

#[test]
fn check_reports_verified_missing_and_failed_files() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = FixtureSplit::new(MNIST, Split::Test, &[3, 3]);
    write(dir.path(), "mnist/t10k-images-idx3-ubyte.gz", &gzip(&fixture.images));
    write(dir.path(), "mnist/t10k-labels-idx1-ubyte", &labels(&[3, 4]));
    let files = [
        data_file(MNIST, Split::Test, IdxKind::Images),
        data_file(MNIST, Split::Test, IdxKind::Labels),
        data_file(MNIST, Split::Train, IdxKind::Images),
    ];

    let reports = check(&Locations::only(dir.path()), &fixture.catalog, &files);

    assert_eq!(reports[0].status, FileStatus::Verified);
    assert_eq!(reports[0].count, Some(2));
    assert_eq!(reports[0].item_shape, Some(vec![2, 3]));
    assert_eq!(reports[1].status, FileStatus::Failed);
    assert!(reports[1].problem.as_ref().unwrap().contains("SHA-256"));
    assert_eq!(reports[2].status, FileStatus::Missing);
    assert_eq!(reports[2].path, None);
}
