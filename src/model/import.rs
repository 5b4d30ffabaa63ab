//! Reading trained networks: nncut's own run folders, and safetensors files
//! written by PyTorch.
//!
//! A run folder (`nncut train`) holds `model.safetensors` and `config.json`; the
//! config supplies what the weights cannot say (activation, dataset, seed).
//!
//! A PyTorch `state_dict` of a sequential MLP names its tensors
//! `<prefix><number>.weight` and `<prefix><number>.bias`: `fc1.weight`,
//! `layers.0.weight`, `net.layers.2.bias`; `nn.DataParallel` and DDP add a
//! `module.` in front, which is stripped (and said). The numbers give the layer
//! order, compared as numbers (`fc10` comes after `fc9`), and every weight must
//! share one prefix. Weights are `[out, in]`, as `nn.Linear` keeps them and as
//! [`Linear`] expects; consecutive layers must chain (`in` of one = `out` of the
//! one before). A missing bias is taken as zeros (and said). F16 and BF16 become
//! f32 exactly, F64 is rounded to f32; a NaN or infinity anywhere is an error
//! naming the tensor.
//!
//! ```no_run
//! use nncut::model::Activation;
//! use nncut::model::import::read_safetensors;
//!
//! let imported = read_safetensors("model.safetensors".as_ref())?;
//! for note in &imported.notes {
//!     eprintln!("{note}");
//! }
//! assert!(imported.run.is_none());
//! let mlp = imported.into_mlp(Activation::Relu);
//! assert_eq!(mlp.layer_sizes().len(), mlp.layers.len() + 1);
//! # Ok::<(), nncut::model::import::ImportError>(())
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use serde::Deserialize;
use thiserror::Error;

use super::{Activation, Linear, Mlp};
use crate::data::DatasetName;

/// The weights' file name inside a run folder.
pub const RUN_MODEL_FILE: &str = "model.safetensors";
/// The settings' file name inside a run folder.
pub const RUN_CONFIG_FILE: &str = "config.json";

/// The prefix `nn.DataParallel` and `DistributedDataParallel` put before every name.
const WRAPPER_PREFIX: &str = "module.";

/// How a PyTorch pickle (`torch.save`) can be turned into a file nncut reads.
const CONVERT_HINT: &str = "convert it in Python with \
    `safetensors.torch.save_file(model.state_dict(), \"model.safetensors\")`";

/// Errors of model import; each names the file and, where one is at fault, the tensor.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The I/O error is the source, left to the error chain to print.
    #[error("cannot read {path}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error("{path} is not a valid safetensors file ({reason})")]
    Corrupt { path: PathBuf, reason: String },

    #[error("{path} is a PyTorch pickle (torch.save), which nncut does not read; {CONVERT_HINT}")]
    PytorchPickle { path: PathBuf },

    #[error(
        "{path}: tensor `{name}` is not a linear layer's `<prefix><number>.weight` or \
         `<prefix><number>.bias`"
    )]
    UnexpectedTensor { path: PathBuf, name: String },

    #[error("{path}: tensors `{first}` and `{second}` use different layer name prefixes")]
    MixedPrefixes { path: PathBuf, first: String, second: String },

    #[error("{path}: tensors `{first}` and `{second}` both claim layer number {number}")]
    DuplicateLayer { path: PathBuf, first: String, second: String, number: u64 },

    #[error("{path}: bias `{name}` has no weight beside it")]
    BiasWithoutWeight { path: PathBuf, name: String },

    #[error("{path}: tensor `{name}` holds {dtype:?} values; nncut reads F16, BF16, F32 and F64")]
    UnsupportedDtype { path: PathBuf, name: String, dtype: Dtype },

    #[error("{path}: weight `{name}` has shape {shape:?}, expected [out, in] with both > 0")]
    WeightShape { path: PathBuf, name: String, shape: Vec<usize> },

    #[error("{path}: bias `{name}` has shape {shape:?}, expected [{outputs}]")]
    BiasShape { path: PathBuf, name: String, shape: Vec<usize>, outputs: usize },

    #[error(
        "{path}: `{next}` {next_shape:?} does not follow `{previous}` {previous_shape:?} \
         ([out, in]: it takes {} inputs, the layer before gives {})",
        next_shape[1], previous_shape[0]
    )]
    LayersDoNotChain {
        path: PathBuf,
        previous: String,
        previous_shape: Vec<usize>,
        next: String,
        next_shape: Vec<usize>,
    },

    #[error("{path}: tensor `{name}` holds {value} at flat index {index}")]
    NonFinite { path: PathBuf, name: String, index: usize, value: f32 },

    #[error("{path}: no `<prefix><number>.weight` tensors found")]
    NoLayers { path: PathBuf },

    #[error("{path} is a folder without {RUN_MODEL_FILE}, so not an nncut run folder")]
    NotARunFolder { path: PathBuf },

    #[error("{path}: {reason}")]
    Config { path: PathBuf, reason: String },

    #[error("{config} gives layer sizes {config_sizes:?} but {model} holds {model_sizes:?}")]
    ConfigDisagrees {
        config: PathBuf,
        config_sizes: Vec<usize>,
        model: PathBuf,
        model_sizes: Vec<usize>,
    },
}

/// The layers read from a file, what was assumed or changed on the way, and,
/// for a run folder, its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedModel {
    pub layers: Vec<Linear>,
    /// One line per assumption (stripped prefix, zero bias, converted type).
    pub notes: Vec<String>,
    /// The run folder's settings; `None` for a bare safetensors file.
    pub run: Option<RunSettings>,
}

/// What a run folder's `config.json` says beyond the weights (nncut's training
/// writes more; only these fields are read).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RunSettings {
    pub layer_sizes: Vec<usize>,
    pub activation: Activation,
    pub dropout: f32,
    pub dataset: DatasetName,
    pub seed: u64,
}

impl ImportedModel {
    /// Neuron counts per layer, inputs first.
    pub fn layer_sizes(&self) -> Vec<usize> {
        super::layer_sizes_of(&self.layers)
    }

    /// The network with `activation` (which a bare file cannot record) and the
    /// run's dropout, or none (it plays no part in evaluation).
    pub fn into_mlp(self, activation: Activation) -> Mlp {
        let dropout = self.run.as_ref().map_or(0.0, |run| run.dropout);
        Mlp { layers: self.layers, activation, dropout }
    }
}

/// Reads a run folder (a directory) or a safetensors file.
pub fn import_model(path: &Path) -> Result<ImportedModel, ImportError> {
    if path.is_dir() { load_run(path) } else { read_safetensors(path) }
}

/// Reads an nncut run folder: `model.safetensors` and the settings in `config.json`,
/// checked to describe the same layer sizes.
pub fn load_run(folder: &Path) -> Result<ImportedModel, ImportError> {
    let model_path = folder.join(RUN_MODEL_FILE);
    if !model_path.is_file() {
        return Err(ImportError::NotARunFolder { path: folder.into() });
    }
    let mut imported = read_safetensors(&model_path)?;

    let config_path = folder.join(RUN_CONFIG_FILE);
    let text = std::fs::read_to_string(&config_path)
        .map_err(|source| ImportError::Io { path: config_path.clone(), source })?;
    let settings: RunSettings = serde_json::from_str(&text).map_err(|error| {
        ImportError::Config { path: config_path.clone(), reason: error.to_string() }
    })?;

    let model_sizes = imported.layer_sizes();
    if settings.layer_sizes != model_sizes {
        return Err(ImportError::ConfigDisagrees {
            config: config_path,
            config_sizes: settings.layer_sizes,
            model: model_path,
            model_sizes,
        });
    }
    imported.run = Some(settings);
    Ok(imported)
}

/// Reads the linear layers of a safetensors file written from a PyTorch
/// `state_dict`; a PyTorch pickle is refused with the command that converts it.
pub fn read_safetensors(path: &Path) -> Result<ImportedModel, ImportError> {
    let bytes =
        std::fs::read(path).map_err(|source| ImportError::Io { path: path.into(), source })?;
    if is_pytorch_pickle(&bytes) {
        return Err(ImportError::PytorchPickle { path: path.into() });
    }
    parse_safetensors(&bytes, path)
}

/// Like [`read_safetensors`] on bytes already in memory; `path` names them in errors.
pub fn parse_safetensors(bytes: &[u8], path: &Path) -> Result<ImportedModel, ImportError> {
    let corrupt = |error: safetensors::SafeTensorError| ImportError::Corrupt {
        path: path.into(),
        reason: error.to_string(),
    };
    let tensors = SafeTensors::deserialize(bytes).map_err(corrupt)?;
    let mut notes = Vec::new();

    let (named, stripped) = name_layers(&tensors, path)?;
    if stripped {
        notes.push(format!("stripped the `{WRAPPER_PREFIX}` prefix (DataParallel) from the names"));
    }

    let mut layers = Vec::with_capacity(named.len());
    let mut previous: Option<(&str, Vec<usize>)> = None;
    for slot in named.values() {
        let Some((weight_name, weight)) = &slot.weight else {
            let name = slot.bias.as_ref().map(|(name, _)| name.clone()).unwrap_or_default();
            return Err(ImportError::BiasWithoutWeight { path: path.into(), name });
        };
        let shape = weight.shape().to_vec();
        if shape.len() != 2 || shape.contains(&0) {
            return Err(ImportError::WeightShape {
                path: path.into(),
                name: weight_name.clone(),
                shape,
            });
        }
        if let Some((previous_name, previous_shape)) = previous.take()
            && previous_shape[0] != shape[1]
        {
            return Err(ImportError::LayersDoNotChain {
                path: path.into(),
                previous: previous_name.to_string(),
                previous_shape,
                next: weight_name.clone(),
                next_shape: shape,
            });
        }

        let (outputs, inputs) = (shape[0], shape[1]);
        let weight_values = tensor_values(weight_name, weight, path, &mut notes)?;
        let bias = match &slot.bias {
            Some((bias_name, bias)) => {
                if bias.shape() != [outputs] {
                    let shape = bias.shape().to_vec();
                    let name = bias_name.clone();
                    return Err(ImportError::BiasShape { path: path.into(), name, shape, outputs });
                }
                tensor_values(bias_name, bias, path, &mut notes)?
            }
            None => {
                notes.push(format!("`{weight_name}` has no bias; using zeros"));
                vec![0.0; outputs]
            }
        };

        layers.push(Linear { inputs, outputs, weight: weight_values, bias });
        previous = Some((weight_name, shape));
    }

    if layers.is_empty() {
        return Err(ImportError::NoLayers { path: path.into() });
    }
    Ok(ImportedModel { layers, notes, run: None })
}

/// A layer's tensors as found in the file, under their original names.
#[derive(Default)]
struct LayerSlot<'data> {
    weight: Option<(String, TensorView<'data>)>,
    bias: Option<(String, TensorView<'data>)>,
}

/// Groups the tensors by layer number, checking that all share one prefix and
/// that no number is claimed twice; says whether a `module.` prefix was stripped.
fn name_layers<'data>(
    tensors: &SafeTensors<'data>,
    path: &Path,
) -> Result<(BTreeMap<u64, LayerSlot<'data>>, bool), ImportError> {
    let mut entries = tensors.tensors();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut layers: BTreeMap<u64, LayerSlot<'data>> = BTreeMap::new();
    let mut prefix: Option<(String, String)> = None;
    let mut stripped = false;

    for (name, view) in entries {
        let bare = name.strip_prefix(WRAPPER_PREFIX).unwrap_or(&name);
        stripped |= bare.len() != name.len();
        let unexpected = || ImportError::UnexpectedTensor { path: path.into(), name: name.clone() };
        let (stem, is_weight) = match (bare.strip_suffix(".weight"), bare.strip_suffix(".bias")) {
            (Some(stem), _) => (stem, true),
            (_, Some(stem)) => (stem, false),
            _ => return Err(unexpected()),
        };
        let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (layer_prefix, number) = stem.split_at(stem.len() - digits);
        let number: u64 = number.parse().map_err(|_| unexpected())?;

        match &prefix {
            None => prefix = Some((layer_prefix.to_string(), name.clone())),
            Some((known, first)) if known != layer_prefix => {
                let (first, second) = (first.clone(), name.clone());
                return Err(ImportError::MixedPrefixes { path: path.into(), first, second });
            }
            Some(_) => {}
        }

        let slot = layers.entry(number).or_default();
        let place = if is_weight { &mut slot.weight } else { &mut slot.bias };
        if let Some((first, _)) = place {
            let (first, second) = (first.clone(), name.clone());
            return Err(ImportError::DuplicateLayer { path: path.into(), first, second, number });
        }
        *place = Some((name, view));
    }
    Ok((layers, stripped))
}

/// A tensor's values as f32 in storage order, checked to be finite.
fn tensor_values(
    name: &str,
    view: &TensorView<'_>,
    path: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<f32>, ImportError> {
    let data = view.data();
    let values: Vec<f32> = match view.dtype() {
        Dtype::F32 => {
            data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
        }
        Dtype::F64 => {
            add_note(notes, "rounded F64 tensors to f32");
            let to_f64 = |b: &[u8]| f64::from_le_bytes(b.try_into().expect("8-byte chunk"));
            data.chunks_exact(8).map(|b| to_f64(b) as f32).collect()
        }
        Dtype::F16 => {
            add_note(notes, "converted F16 tensors to f32 (exactly)");
            data.chunks_exact(2).map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]]))).collect()
        }
        Dtype::BF16 => {
            add_note(notes, "converted BF16 tensors to f32 (exactly)");
            data.chunks_exact(2).map(|b| bf16_to_f32(u16::from_le_bytes([b[0], b[1]]))).collect()
        }
        dtype => {
            let name = name.to_string();
            return Err(ImportError::UnsupportedDtype { path: path.into(), name, dtype });
        }
    };

    if let Some(index) = values.iter().position(|value| !value.is_finite()) {
        let (name, value) = (name.to_string(), values[index]);
        return Err(ImportError::NonFinite { path: path.into(), name, index, value });
    }
    Ok(values)
}

/// Adds `note` unless it was already made: one line per kind of conversion.
fn add_note(notes: &mut Vec<String>, note: &str) {
    if !notes.iter().any(|known| known == note) {
        notes.push(note.to_string());
    }
}

/// BF16 is the high half of an f32: sign, 8 exponent bits, 7 mantissa bits.
fn bf16_to_f32(bits: u16) -> f32 {
    f32::from_bits(u32::from(bits) << 16)
}

/// IEEE half precision (1 sign, 5 exponent bits biased by 15, 10 mantissa bits)
/// to f32; every half value, subnormals included, is exactly an f32.
fn f16_to_f32(bits: u16) -> f32 {
    let negative = bits >> 15 == 1;
    let exponent = u32::from((bits >> 10) & 0x1f);
    let mantissa = u32::from(bits & 0x3ff);

    let magnitude = match exponent {
        0 => mantissa as f32 * f32::powi(2.0, -24),
        0x1f if mantissa == 0 => f32::INFINITY,
        0x1f => f32::NAN,
        // Rebias the exponent from 15 to 127 and widen the mantissa from 10 to 23 bits.
        _ => f32::from_bits(((exponent + 127 - 15) << 23) | (mantissa << 13)),
    };
    if negative { -magnitude } else { magnitude }
}

/// Whether `bytes` start like a safetensors file: an 8-byte little-endian
/// header length n, then n bytes of JSON object (`{` ... `}`, maybe padded with
/// spaces) that fit in the file.
fn looks_like_safetensors(bytes: &[u8]) -> bool {
    let Some((length, rest)) = bytes.split_first_chunk::<8>() else {
        return false;
    };
    let length = u64::from_le_bytes(*length);
    let Some(header) = usize::try_from(length).ok().and_then(|n| rest.get(..n)) else {
        return false;
    };
    let header = header.trim_ascii_end();
    header.starts_with(b"{") && header.ends_with(b"}")
}

/// `torch.save` writes a zip archive (PyTorch >= 1.6) or a bare pickle (older),
/// which opens with the PROTO opcode 0x80 and a protocol number 2..=5. A
/// safetensors file whose header length is 128 mod 256 also starts with 0x80
/// (and with 0x80 0x02 for a length of 640), so it is recognised first.
fn is_pytorch_pickle(bytes: &[u8]) -> bool {
    const ZIP: &[u8] = b"PK\x03\x04";
    const PICKLE_PROTO: u8 = 0x80;
    const PICKLE_PROTOCOLS: std::ops::RangeInclusive<u8> = 2..=5;

    if looks_like_safetensors(bytes) {
        return false;
    }
    let legacy = match bytes {
        [PICKLE_PROTO, protocol, ..] => PICKLE_PROTOCOLS.contains(protocol),
        _ => false,
    };
    bytes.starts_with(ZIP) || legacy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_half_float_converts_like_its_definition() {
        for bits in 0..=u16::MAX {
            let sign = if bits >> 15 == 1 { -1.0 } else { 1.0 };
            let exponent = i32::from((bits >> 10) & 0x1f);
            let fraction = f64::from(bits & 0x3ff) / 1024.0;
            let expected = match exponent {
                0 => sign * fraction * 2f64.powi(-14),
                31 if fraction == 0.0 => sign * f64::INFINITY,
                31 => f64::NAN,
                _ => sign * (1.0 + fraction) * 2f64.powi(exponent - 15),
            };

            let converted = f64::from(f16_to_f32(bits));

            if expected.is_nan() {
                assert!(converted.is_nan(), "{bits:#06x}");
            } else {
                assert_eq!(converted.to_bits(), expected.to_bits(), "{bits:#06x}");
            }
        }
    }

    #[test]
    fn bfloat16_keeps_the_high_half_of_an_f32() {
        assert_eq!(f64::from(bf16_to_f32(0x3eab)), 0.333_984_375);
        assert_eq!(bf16_to_f32(0x4049), 3.140_625);
        assert_eq!(bf16_to_f32(0x8000).to_bits(), (-0.0_f32).to_bits());
    }
}
