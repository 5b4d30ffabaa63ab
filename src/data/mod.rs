//! Datasets: IDX parsing and validation; locating, verifying and fetching
//! MNIST and FashionMNIST.
