//! Products with a mostly-zero adjacency, skipping its zeros.
//!
//! A network's graph is mostly zeros even when held densely (edges join only
//! adjacent layers: 76% of the 1818 x 1818 entries of the paper's network are
//! 0), and the eigensolver multiplies by it about 150 times, each product
//! limited by how fast the matrix streams from memory. Compressed sparse rows
//! (per row: the columns and weights of its non-zero entries) stream only the
//! non-zeros.
//!
//! For an N x N matrix with nnz non-zeros: offsets N + 1, columns and weights
//! nnz each; output = A * input costs nnz * m multiply-adds for m columns.

use faer::{Mat, MatMut, MatRef};

/// A matrix in compressed sparse row form.
#[derive(Clone, Debug)]
pub struct SparseRows {
    /// Row i's entries are at offsets[i]..offsets[i + 1].
    offsets: Vec<usize>,
    columns: Vec<u32>,
    weights: Vec<f64>,
}

impl SparseRows {
    /// The non-zeros of a symmetric matrix, or `None` if more than
    /// `max_density` of its entries are non-zero (a dense product is then as fast).
    pub fn from_symmetric(matrix: &Mat<f64>, max_density: f64) -> Option<Self> {
        let n = matrix.nrows();
        let nonzeros = (0..n)
            .map(|j| matrix.col_as_slice(j).iter().filter(|&&w| w != 0.0).count())
            .sum::<usize>();
        if nonzeros as f64 > max_density * (n * n) as f64 || u32::try_from(n).is_err() {
            return None;
        }

        // Symmetric: column j's non-zeros are row j's.
        let mut offsets = Vec::with_capacity(n + 1);
        let mut columns = Vec::with_capacity(nonzeros);
        let mut weights = Vec::with_capacity(nonzeros);
        offsets.push(0);
        for j in 0..n {
            for (i, &w) in matrix.col_as_slice(j).iter().enumerate() {
                if w != 0.0 {
                    columns.push(i as u32);
                    weights.push(w);
                }
            }
            offsets.push(columns.len());
        }
        Some(Self { offsets, columns, weights })
    }

    pub fn nonzeros(&self) -> usize {
        self.weights.len()
    }

    /// output = A * input, on one thread.
    ///
    /// Splitting the rows over two threads (a rayon scope) was no faster on the
    /// shared 2-core machine this was measured on, so products stay sequential.
    pub fn multiply(&self, input: MatRef<'_, f64>, mut output: MatMut<'_, f64>) {
        let owned;
        let input = match input.try_as_col_major() {
            Some(columns) => columns,
            None => {
                owned = input.to_owned();
                owned.as_ref().try_as_col_major().expect("an owned matrix is column-major")
            }
        };

        for c in 0..input.ncols() {
            let source = input.col(c).try_as_col_major().expect("column-major").as_slice();
            for (row, range) in self.offsets.windows(2).enumerate() {
                let columns = &self.columns[range[0]..range[1]];
                let weights = &self.weights[range[0]..range[1]];
                output[(row, c)] =
                    columns.iter().zip(weights).map(|(&j, &w)| w * source[j as usize]).sum();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_products_equal_dense_ones() {
        let n = 900;
        let a = Mat::from_fn(n, n, |i, j| {
            let (low, high) = (i.min(j), i.max(j));
            if (low * 31 + high * 17) % 5 == 0 { ((low + 2 * high) % 13) as f64 } else { 0.0 }
        });
        let x = Mat::from_fn(n, 3, |i, c| ((i * 7 + c) % 11) as f64 - 5.0);
        let expected = &a * &x;
        let sparse = SparseRows::from_symmetric(&a, 0.5).expect("about a fifth non-zero");

        let mut product = Mat::zeros(n, 3);
        sparse.multiply(x.as_ref(), product.as_mut());

        assert!((&product - &expected).norm_max() < 1e-9);
    }
}
