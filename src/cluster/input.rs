//! Reading a graph's dense adjacency from a file, by extension:
//!
//! - `.npy`: NumPy's format, versions 1-3, `f4` or `f8` in either byte order,
//!   a square 2-d array in C or Fortran order;
//! - `.csv`: one matrix row per line, comma-separated numbers, no header;
//! - `.mtx`: Matrix Market `coordinate` format, field `real`, `integer` or
//!   `pattern` (weight 1), symmetry `general` or `symmetric` (lower triangle
//!   stored, mirrored on reading); repeated entries are summed.
//!
//! Positions in messages are 0-based (row, col) for the matrix and 1-based
//! line numbers for text files.
//!
//! Sizes come from the file and are checked before anything is allocated: an
//! .npy header's shape must account for exactly the data bytes present, and no
//! matrix may need more than [`MAX_DENSE_BYTES`] (files are read densely).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use faer::Mat;

use super::error::ClusterError;
use super::graph::{DenseGraph, Symmetry};

/// Reads the file and validates it into a graph; validation errors name the file.
pub fn read_graph(path: &Path, symmetry: Symmetry) -> Result<DenseGraph, ClusterError> {
    let matrix = read_matrix(path)?;
    DenseGraph::new(matrix, symmetry)
        .map_err(|source| ClusterError::InvalidGraph { path: path.into(), source: source.into() })
}

/// Reads the file's matrix as it is, without validating it as a graph.
pub fn read_matrix(path: &Path) -> Result<Mat<f64>, ClusterError> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format_error = |message: String| ClusterError::Format { path: path.into(), message };
    let io_error = |source| ClusterError::Io { path: path.into(), source };

    match extension.as_deref() {
        Some("npy") => {
            let file = File::open(path).map_err(io_error)?;
            let file_length = file.metadata().map_err(io_error)?.len();
            read_npy(BufReader::new(file), file_length).map_err(|e| match e {
                NpyError::Io(source) => io_error(source),
                NpyError::Format(message) => format_error(message),
            })
        }
        Some("csv") => {
            let text = std::fs::read_to_string(path).map_err(io_error)?;
            parse_csv(&text).map_err(format_error)
        }
        Some("mtx") => {
            let text = std::fs::read_to_string(path).map_err(io_error)?;
            parse_matrix_market(&text).map_err(format_error)
        }
        _ => Err(ClusterError::UnknownExtension { path: path.into() }),
    }
}

/// The most memory one dense matrix read from a file may take: 16 GiB, a
/// 46 340-node graph in f64. Sizes come from untrusted headers, so a larger
/// claim is refused with a message instead of failing inside the allocator.
pub const MAX_DENSE_BYTES: u64 = 16 << 30;

/// Refuses a rows x cols f64 matrix whose size overflows or exceeds [`MAX_DENSE_BYTES`].
fn check_dense_size(rows: usize, cols: usize) -> Result<(), String> {
    let bytes = (rows as u64).checked_mul(cols as u64).and_then(|n| n.checked_mul(8));
    match bytes {
        Some(bytes) if bytes <= MAX_DENSE_BYTES => Ok(()),
        Some(bytes) => Err(format!(
            "a {rows} x {cols} matrix needs {bytes} bytes as dense f64, more than the \
             limit of {MAX_DENSE_BYTES} bytes (16 GiB)"
        )),
        None => Err(format!(
            "a {rows} x {cols} matrix needs more than 2^64 bytes as dense f64 (the limit is \
             {MAX_DENSE_BYTES} bytes, 16 GiB)"
        )),
    }
}

/// Stored lines of an .npy file decoded at a time.
const BAND_LINES: usize = 64;

enum NpyError {
    Io(std::io::Error),
    Format(String),
}

impl From<std::io::Error> for NpyError {
    fn from(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::UnexpectedEof => NpyError::Format("the file ends early".into()),
            _ => NpyError::Io(error),
        }
    }
}

/// The parts of an .npy header that matter here.
struct NpyHeader {
    item_size: usize,
    big_endian: bool,
    fortran_order: bool,
    rows: usize,
    cols: usize,
    /// Bytes before the data: magic, version, header length and header.
    length: u64,
}

/// Reads an .npy file of `file_length` bytes.
fn read_npy<R: Read>(mut reader: R, file_length: u64) -> Result<Mat<f64>, NpyError> {
    let header = read_npy_header(&mut reader)?;
    let NpyHeader { item_size, big_endian, fortran_order, rows, cols, length } = header;

    let held = file_length.saturating_sub(length);
    let promised =
        (rows as u64).checked_mul(cols as u64).and_then(|n| n.checked_mul(item_size as u64));
    match promised {
        Some(promised) if promised == held => {}
        Some(promised) => {
            return Err(NpyError::Format(format!(
                "the header's shape ({rows}, {cols}) promises {promised} bytes of data, but \
                 the file holds {held}"
            )));
        }
        None => {
            return Err(NpyError::Format(format!(
                "the header's shape ({rows}, {cols}) promises more than 2^64 bytes of data, \
                 but the file holds {held}"
            )));
        }
    }
    check_dense_size(rows, cols).map_err(NpyError::Format)?;

    // Stored lines (rows in C order, columns in Fortran order) are read a band
    // of BAND_LINES at a time; a C-order band is scattered column by column so
    // that the writes into the column-major matrix stay contiguous.
    let (lines, line_length) = if fortran_order { (cols, rows) } else { (rows, cols) };
    let mut matrix = Mat::<f64>::zeros(rows, cols);
    let band_lines = BAND_LINES.min(lines);
    let mut bytes = vec![0u8; band_lines * line_length * item_size];
    let mut band = vec![0.0f64; band_lines * line_length];
    for first in (0..lines).step_by(band_lines.max(1)) {
        let count = band_lines.min(lines - first);
        let bytes = &mut bytes[..count * line_length * item_size];
        reader.read_exact(bytes)?;
        let band = &mut band[..count * line_length];
        for (value, chunk) in band.iter_mut().zip(bytes.chunks_exact(item_size)) {
            *value = decode_float(chunk, big_endian);
        }

        if fortran_order {
            for (offset, line) in band.chunks_exact(line_length).enumerate() {
                matrix.col_as_slice_mut(first + offset).copy_from_slice(line);
            }
        } else {
            for col in 0..cols {
                let column = &mut matrix.col_as_slice_mut(col)[first..first + count];
                for (offset, value) in column.iter_mut().enumerate() {
                    *value = band[offset * line_length + col];
                }
            }
        }
    }
    Ok(matrix)
}

fn decode_float(chunk: &[u8], big_endian: bool) -> f64 {
    match (chunk.len(), big_endian) {
        (4, false) => f32::from_le_bytes(chunk.try_into().expect("4 bytes")) as f64,
        (4, true) => f32::from_be_bytes(chunk.try_into().expect("4 bytes")) as f64,
        (_, false) => f64::from_le_bytes(chunk.try_into().expect("8 bytes")),
        (_, true) => f64::from_be_bytes(chunk.try_into().expect("8 bytes")),
    }
}

fn read_npy_header<R: Read>(reader: &mut R) -> Result<NpyHeader, NpyError> {
    let mut preamble = [0u8; 8];
    reader.read_exact(&mut preamble)?;
    if &preamble[..6] != b"\x93NUMPY" {
        return Err(NpyError::Format("not a NumPy .npy file (bad magic bytes)".into()));
    }
    let (header_length, length_bytes) = match preamble[6] {
        1 => {
            let mut length = [0u8; 2];
            reader.read_exact(&mut length)?;
            (u16::from_le_bytes(length) as usize, 2)
        }
        2 | 3 => {
            let mut length = [0u8; 4];
            reader.read_exact(&mut length)?;
            (u32::from_le_bytes(length) as usize, 4)
        }
        version => {
            return Err(NpyError::Format(format!("unsupported .npy version {version}")));
        }
    };
    let mut text = Vec::new();
    reader.by_ref().take(header_length as u64).read_to_end(&mut text)?;
    if text.len() < header_length {
        return Err(NpyError::Format("the file ends early".into()));
    }
    let length = (preamble.len() + length_bytes + header_length) as u64;
    let text = String::from_utf8_lossy(&text);

    let descr = header_value(&text, "descr")?;
    let descr = descr.trim_matches(|c| c == '\'' || c == '"');
    let (item_size, big_endian) = match descr {
        "<f8" | "=f8" => (8, false),
        ">f8" => (8, true),
        "<f4" | "=f4" => (4, false),
        ">f4" => (4, true),
        other => {
            let message = format!("array type '{other}' is not supported; use float32 or float64");
            return Err(NpyError::Format(message));
        }
    };
    let fortran_order = match header_value(&text, "fortran_order")? {
        "True" => true,
        "False" => false,
        other => return Err(NpyError::Format(format!("bad fortran_order '{other}'"))),
    };
    let shape = header_value(&text, "shape")?;
    let dimensions: Vec<&str> =
        shape.trim_matches(|c| c == '(' || c == ')').split(',').map(str::trim).collect();
    let dimensions: Vec<&str> = dimensions.into_iter().filter(|d| !d.is_empty()).collect();
    let parsed: Result<Vec<usize>, _> = dimensions.iter().map(|d| d.parse::<usize>()).collect();
    match parsed.as_deref() {
        Ok(&[rows, cols]) => {
            Ok(NpyHeader { item_size, big_endian, fortran_order, rows, cols, length })
        }
        _ => Err(NpyError::Format(format!("array shape {shape} is not 2-d; expected (N, N)"))),
    }
}

/// The text of `key`'s value in the header's Python dict literal.
fn header_value<'a>(header: &'a str, key: &str) -> Result<&'a str, NpyError> {
    let missing = || NpyError::Format(format!("the .npy header has no '{key}'"));
    let quoted = format!("'{key}'");
    let start = header.find(&quoted).ok_or_else(missing)? + quoted.len();
    let rest = header[start..].trim_start().strip_prefix(':').ok_or_else(missing)?.trim_start();
    let end =
        if rest.starts_with('(') { rest.find(')').map(|i| i + 1) } else { rest.find([',', '}']) };
    Ok(rest[..end.ok_or_else(missing)?].trim())
}

fn parse_csv(text: &str) -> Result<Mat<f64>, String> {
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: Result<Vec<f64>, String> = line
            .split(',')
            .enumerate()
            .map(|(column, field)| {
                let field = field.trim();
                field.parse::<f64>().map_err(|_| {
                    format!("line {}, column {}: '{field}' is not a number", index + 1, column + 1)
                })
            })
            .collect();
        let row = row?;
        if let Some(first) = rows.first()
            && first.len() != row.len()
        {
            let (expected, found) = (first.len(), row.len());
            return Err(format!("line {}: {found} values, but line 1 has {expected}", index + 1));
        }
        rows.push(row);
    }

    let cols = rows.first().map_or(0, Vec::len);
    check_dense_size(rows.len(), cols)?;
    Ok(Mat::from_fn(rows.len(), cols, |i, j| rows[i][j]))
}

fn parse_matrix_market(text: &str) -> Result<Mat<f64>, String> {
    let mut lines = text.lines().enumerate();
    let (_, banner) = lines.next().ok_or("the file is empty")?;
    let banner: Vec<String> = banner.split_whitespace().map(str::to_ascii_lowercase).collect();
    let [tag, object, layout, field, symmetry] = banner.as_slice() else {
        return Err("line 1: expected '%%MatrixMarket matrix coordinate FIELD SYMMETRY'".into());
    };
    if tag != "%%matrixmarket" || object != "matrix" {
        return Err("line 1: expected '%%MatrixMarket matrix coordinate FIELD SYMMETRY'".into());
    }
    if layout != "coordinate" {
        return Err(format!("line 1: layout '{layout}' is not supported; use 'coordinate'"));
    }
    let pattern = match field.as_str() {
        "real" | "integer" | "double" => false,
        "pattern" => true,
        other => return Err(format!("line 1: field '{other}' is not supported")),
    };
    let symmetric = match symmetry.as_str() {
        "general" => false,
        "symmetric" => true,
        other => return Err(format!("line 1: symmetry '{other}' is not supported")),
    };

    let mut content = lines.filter(|(_, line)| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('%')
    });
    let (size_index, size_line) = content.next().ok_or("no size line after the header")?;
    let size: Vec<usize> = size_line
        .split_whitespace()
        .map(|token| token.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("line {}: expected 'ROWS COLS ENTRIES'", size_index + 1))?;
    let [rows, cols, entries] = size[..] else {
        return Err(format!("line {}: expected 'ROWS COLS ENTRIES'", size_index + 1));
    };

    check_dense_size(rows, cols).map_err(|e| format!("line {}: {e}", size_index + 1))?;
    let mut matrix = Mat::<f64>::zeros(rows, cols);
    let mut seen = 0usize;
    for (index, line) in content {
        let number = index + 1;
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let expected = if pattern { 2 } else { 3 };
        if tokens.len() != expected {
            return Err(format!("line {number}: expected {expected} fields"));
        }
        let position = |token: &str, limit: usize| match token.parse::<usize>() {
            Ok(p) if (1..=limit).contains(&p) => Ok(p - 1),
            _ => Err(format!("line {number}: index '{token}' is not in 1..={limit}")),
        };
        let (row, col) = (position(tokens[0], rows)?, position(tokens[1], cols)?);
        let weight = if pattern {
            1.0
        } else {
            tokens[2]
                .parse::<f64>()
                .map_err(|_| format!("line {number}: '{}' is not a number", tokens[2]))?
        };

        if symmetric && col > row {
            return Err(format!(
                "line {number}: entry ({}, {}) is above the diagonal in a symmetric file",
                row + 1,
                col + 1
            ));
        }
        matrix[(row, col)] += weight;
        if symmetric && row != col {
            matrix[(col, row)] += weight;
        }
        seen += 1;
    }
    if seen != entries {
        return Err(format!("the size line promises {entries} entries but {seen} follow"));
    }
    Ok(matrix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npy_headers_of_both_orders_give_the_same_matrix() {
        let values = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
        let file = |order: &str, shape: &str| {
            let header =
                format!("{{'descr': '<f8', 'fortran_order': {order}, 'shape': {shape}, }}");
            let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
            bytes.extend((header.len() as u16).to_le_bytes());
            bytes.extend(header.as_bytes());
            values.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
            bytes
        };

        let read = |bytes: Vec<u8>| read_npy(bytes.as_slice(), bytes.len() as u64).ok().unwrap();
        let c_order = read(file("False", "(2, 3)"));
        let fortran = read(file("True", "(3, 2)"));

        assert_eq!(c_order[(0, 2)], 3.0);
        assert_eq!(c_order[(1, 0)], 4.0);
        assert_eq!(fortran[(2, 0)], 3.0);
        assert_eq!(fortran[(0, 1)], 4.0);
    }

    #[test]
    fn a_csv_with_a_word_names_its_line_and_column() {
        let error = parse_csv("0,1\n1,x\n").unwrap_err();

        assert_eq!(error, "line 2, column 2: 'x' is not a number");
    }

    #[test]
    fn a_symmetric_matrix_market_file_is_mirrored_and_duplicates_add_up() {
        let text = "%%MatrixMarket matrix coordinate real symmetric\n% comment\n3 3 3\n\
                    2 1 1.5\n3 2 2\n3 2 0.5\n";

        let matrix = parse_matrix_market(text).unwrap();

        assert_eq!(matrix[(0, 1)], 1.5);
        assert_eq!(matrix[(1, 0)], 1.5);
        assert_eq!(matrix[(1, 2)], 2.5);
        assert_eq!(matrix[(2, 1)], 2.5);
    }
}
