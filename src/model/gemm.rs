//! Matrix products on `matrixmultiply`, behind a bounds-checked view.
//!
//! `C = A B + beta C` with `A` `[m, k]`, `B` `[k, n]` and `C` `[m, n]` row-major.
//! `A` and `B` are strided views, so a transpose costs nothing: the weight
//! `W [out, in]` read as `W^T [in, out]` is `MatRef::row_major(w, out, in).t()`.
//!
//! Each product runs on the calling thread, so every element is summed in the
//! same order on every run. `matrixmultiply`'s own threading is off: on the
//! 2-core machine it spent a quarter of a training epoch waking and yielding its
//! helper thread (14 products per batch) and gained nothing in wall time; one
//! thread was as fast and left the other core to the rest of the machine.

/// A read-only strided matrix view.
#[derive(Clone, Copy)]
pub(crate) struct MatRef<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// `data` as a `[rows, cols]` row-major matrix.
    pub(crate) fn row_major(data: &'a [f32], rows: usize, cols: usize) -> Self {
        assert!(data.len() >= rows * cols, "matrix view needs {rows}x{cols} values");
        Self { data, rows, cols, row_stride: cols, col_stride: 1 }
    }

    /// The transpose, as a view of the same values.
    pub(crate) fn t(self) -> Self {
        Self {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }
}

impl MatRef<'_> {
    /// Whether the last element, at `(rows - 1, cols - 1)`, lies inside `data`.
    fn fits(&self) -> bool {
        self.rows == 0
            || self.cols == 0
            || (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride
                < self.data.len()
    }
}

/// `c = a b + beta c`, with `c` `[a.rows, b.cols]` row-major; `beta = 0` ignores
/// what `c` held (even NaN).
pub(crate) fn matmul(a: MatRef, b: MatRef, beta: f32, c: &mut [f32]) {
    assert_eq!(a.cols, b.rows, "inner dimensions of a matrix product differ");
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(c.len() >= m * n, "product needs {m}x{n} values");
    if m == 0 || n == 0 {
        return;
    }
    assert!(a.fits() && b.fits(), "a strided view reaches past its values");

    // SAFETY: `fits` checked that every element of both views lies inside its
    // slice, and `c` holds `m x n`; `c` is borrowed mutably, so nothing overlaps it.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.data.as_ptr(),
            a.row_stride as isize,
            a.col_stride as isize,
            b.data.as_ptr(),
            b.row_stride as isize,
            b.col_stride as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}
