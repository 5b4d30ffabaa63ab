//! Adam, as PyTorch's `torch.optim.Adam` computes it (no weight decay, no amsgrad).
//!
//! At step `t` (from 1), for each parameter `p` with gradient `g`:
//!
//! ```text
//! m = m + (1 - beta1) (g - m)          (PyTorch's lerp form of beta1 m + (1 - beta1) g)
//! v = beta2 v + (1 - beta2) g^2
//! p = p - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
//! ```
//!
//! The bias corrections are computed in f64 once per step, as PyTorch does with
//! Python floats; the per-element update is one fused pass over `p`, `g`, `m`, `v`.
//!
//! ```
//! use nncut::model::{Activation, Mlp};
//! use nncut::train::{Adam, AdamSettings};
//! let mut mlp = Mlp::seeded(&[2, 1], Activation::Relu, 0.0, 0).unwrap();
//! let before = mlp.layers[0].bias[0];
//! let mut grads = mlp.layers.clone();
//! grads[0].weight.fill(0.5);
//! grads[0].bias.fill(-2.0);
//! let mut adam = Adam::new(&mlp, AdamSettings::default());
//! adam.step(&mut mlp, &grads);
//! // The first step moves every parameter by lr against its gradient's sign.
//! assert!((mlp.layers[0].bias[0] - before - 1e-3).abs() < 1e-6);
//! ```

use serde::{Deserialize, Serialize};

use crate::model::{Linear, Mlp};

/// Adam's hyperparameters; the defaults are PyTorch's (and the paper's).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
///
/// Held in f64, as PyTorch holds them in Python floats: `1 - beta2` computed in f32
/// would differ from PyTorch's by 5e-5 relative.
pub struct AdamSettings {
    pub learning_rate: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
}

impl Default for AdamSettings {
    fn default() -> Self {
        Self { learning_rate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
    }
}

/// Adam's state: the step count and the two moments of every parameter.
pub struct Adam {
    settings: AdamSettings,
    step: u32,
    /// Per layer: `(m, v)` of the weight, then of the bias.
    moments: Vec<[Moments; 2]>,
    /// Constants of the current step: `(lr / (1 - beta1^t), 1 / sqrt(1 - beta2^t))`.
    scales: (f32, f32),
}

#[derive(Clone)]
struct Moments {
    first: Vec<f32>,
    second: Vec<f32>,
}

impl Moments {
    fn zeros(len: usize) -> Self {
        Self { first: vec![0.0; len], second: vec![0.0; len] }
    }
}

impl Adam {
    /// Zero moments for every parameter of `mlp`.
    pub fn new(mlp: &Mlp, settings: AdamSettings) -> Self {
        let moments = mlp
            .layers
            .iter()
            .map(|layer| [Moments::zeros(layer.weight.len()), Moments::zeros(layer.bias.len())])
            .collect();
        Self { settings, step: 0, moments, scales: (0.0, 0.0) }
    }

    /// Number of steps taken so far.
    pub fn steps(&self) -> u32 {
        self.step
    }

    /// One step on every layer: `gradients[l]` holds the gradient of layer `l`.
    pub fn step(&mut self, mlp: &mut Mlp, gradients: &[Linear]) {
        self.begin_step();
        for (index, (layer, gradient)) in mlp.layers.iter_mut().zip(gradients).enumerate() {
            self.update_layer(index, layer, gradient);
        }
    }

    /// Starts a step: counts it and fixes its bias corrections. Every layer is then
    /// updated once with [`Adam::update_layer`], in any order.
    pub fn begin_step(&mut self) {
        self.step += 1;
        let t = self.step as i32;
        let correction1 = 1.0 - self.settings.beta1.powi(t);
        let correction2 = 1.0 - self.settings.beta2.powi(t);
        let step_size = self.settings.learning_rate / correction1;
        self.scales = (step_size as f32, (1.0 / correction2.sqrt()) as f32);
    }

    /// Updates layer `index` with its `gradient` (same shapes as the layer).
    pub fn update_layer(&mut self, index: usize, layer: &mut Linear, gradient: &Linear) {
        let constants = self.constants();
        let [weight_moments, bias_moments] = &mut self.moments[index];
        update(&mut layer.weight, &gradient.weight, weight_moments, &constants);
        update(&mut layer.bias, &gradient.bias, bias_moments, &constants);
    }

    fn constants(&self) -> StepConstants {
        let AdamSettings { beta1, beta2, epsilon, .. } = self.settings;
        let (step_size, inverse_root_correction2) = self.scales;
        StepConstants {
            weight1: (1.0 - beta1) as f32,
            beta2: beta2 as f32,
            weight2: (1.0 - beta2) as f32,
            epsilon: epsilon as f32,
            step_size,
            inverse_root_correction2,
        }
    }
}

struct StepConstants {
    weight1: f32,
    beta2: f32,
    weight2: f32,
    epsilon: f32,
    step_size: f32,
    inverse_root_correction2: f32,
}

/// The fused per-element update of one parameter tensor.
fn update(params: &mut [f32], grads: &[f32], moments: &mut Moments, c: &StepConstants) {
    let values = params.iter_mut().zip(grads);
    for ((p, &g), (m, v)) in values.zip(moments.first.iter_mut().zip(&mut moments.second)) {
        *m += c.weight1 * (g - *m);
        *v = c.beta2 * *v + c.weight2 * g * g;
        let denominator = v.sqrt() * c.inverse_root_correction2 + c.epsilon;
        *p -= c.step_size * *m / denominator;
    }
}
