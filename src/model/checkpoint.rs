//! Writing an MLP as a safetensors file with PyTorch's state_dict names.
//!
//! Layer `l` (from 1) becomes `fc{l}.weight`, F32 `[out, in]`, and `fc{l}.bias`,
//! F32 `[out]`: what `torch.save(model.state_dict())` would name for a model whose
//! linear layers are attributes `fc1..fcL`, so `load_state_dict` takes the file.
//! Reading checkpoints back is `model::import`'s job.

use std::path::Path;

use safetensors::Dtype;
use safetensors::tensor::TensorView;

use super::{Mlp, ModelError};
use crate::atomic;

/// The state_dict names of layer `index` (from 0): `("fc1.weight", "fc1.bias")`.
pub fn parameter_names(index: usize) -> (String, String) {
    (format!("fc{}.weight", index + 1), format!("fc{}.bias", index + 1))
}

impl Mlp {
    /// The safetensors bytes of every weight and bias, with `metadata` in the header.
    pub fn to_safetensors(
        &self,
        metadata: Option<std::collections::HashMap<String, String>>,
    ) -> Result<Vec<u8>, safetensors::SafeTensorError> {
        let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = self
            .layers
            .iter()
            .enumerate()
            .flat_map(|(index, layer)| {
                let (weight_name, bias_name) = parameter_names(index);
                [
                    (weight_name, vec![layer.outputs, layer.inputs], le_bytes(&layer.weight)),
                    (bias_name, vec![layer.outputs], le_bytes(&layer.bias)),
                ]
            })
            .collect();

        let mut views = Vec::with_capacity(bytes.len());
        for (name, shape, data) in &bytes {
            views.push((name.as_str(), TensorView::new(Dtype::F32, shape.clone(), data)?));
        }
        safetensors::serialize(views, metadata)
    }

    /// Writes the weights to `path` atomically (see [`Mlp::to_safetensors`]).
    pub fn save_safetensors(&self, path: &Path) -> Result<(), ModelError> {
        let failed = |message: String| ModelError::Save { path: path.to_path_buf(), message };
        let bytes = self.to_safetensors(None).map_err(|error| failed(error.to_string()))?;
        atomic::write(path, &bytes).map_err(|error| failed(error.to_string()))
    }
}

fn le_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|value| value.to_le_bytes()).collect()
}
