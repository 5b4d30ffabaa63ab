//! The activations, their derivatives, and the fused passes that apply them.
//!
//! Each activation `f` acts elementwise and matches PyTorch's default form:
//!
//! | name | `f(z)` | `f'(z)` |
//! |---|---|---|
//! | relu | `max(0, z)` | `1 if z > 0 else 0` |
//! | sigmoid | `s = 1 / (1 + e^-z)` | `s (1 - s)` |
//! | tanh | `t = tanh z` | `1 - t^2` |
//! | gelu | `z Phi(z)`, `Phi(z) = (1 + erf(z / sqrt 2)) / 2` | `Phi(z) + z phi(z)` |
//! | silu | `z s` | `s (1 + z (1 - s))` |
//! | elu | `z if z > 0 else e^z - 1` | `1 if z > 0 else e^z` |
//! | leaky-relu | `z if z > 0 else 0.01 z` | `1 if z > 0 else 0.01` |
//! | identity | `z` | `1` |
//!
//! The fused passes work on a `[rows, width]` row-major block: [`bias_activate`]
//! adds the bias to the pre-activations `z` in place and writes `a = f(z) * mask`;
//! [`backprop_through`] turns the gradient of `a` into the gradient of `z`.
//!
//! ```
//! use nncut::model::Activation;
//! assert_eq!(Activation::Relu.apply(-2.0), 0.0);
//! assert_eq!(Activation::LeakyRelu.derivative(-2.0), 0.01);
//! ```

use super::Activation;

/// The negative slope of leaky-relu (PyTorch's default).
pub const LEAKY_RELU_SLOPE: f32 = 0.01;

const FRAC_1_SQRT_2PI: f32 = 0.398_942_3;

impl Activation {
    /// Every activation, in the order the command line lists them.
    pub const ALL: [Activation; 8] = [
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Gelu,
        Activation::Silu,
        Activation::Elu,
        Activation::LeakyRelu,
        Activation::Identity,
    ];

    /// The name used on the command line, in files, and by PyTorch's `nn` modules
    /// (lower case, kebab-case).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Gelu => "gelu",
            Activation::Silu => "silu",
            Activation::Elu => "elu",
            Activation::LeakyRelu => "leaky-relu",
            Activation::Identity => "identity",
        }
    }

    /// `f(z)`.
    #[inline(always)]
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Relu => z.max(0.0),
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Gelu => z * normal_cdf(z),
            Activation::Silu => z * sigmoid(z),
            Activation::Elu => {
                if z > 0.0 {
                    z
                } else {
                    z.exp_m1()
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_RELU_SLOPE * z
                }
            }
            Activation::Identity => z,
        }
    }

    /// `f'(z)`.
    #[inline(always)]
    pub fn derivative(self, z: f32) -> f32 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => {
                let s = sigmoid(z);
                s * (1.0 - s)
            }
            Activation::Tanh => {
                let t = z.tanh();
                1.0 - t * t
            }
            Activation::Gelu => normal_cdf(z) + z * FRAC_1_SQRT_2PI * (-0.5 * z * z).exp(),
            Activation::Silu => {
                let s = sigmoid(z);
                s * (1.0 + z * (1.0 - s))
            }
            Activation::Elu => {
                if z > 0.0 {
                    1.0
                } else {
                    z.exp()
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_RELU_SLOPE
                }
            }
            Activation::Identity => 1.0,
        }
    }
}

#[inline(always)]
fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[inline(always)]
fn normal_cdf(z: f32) -> f32 {
    0.5 * (1.0 + libm::erff(z * std::f32::consts::FRAC_1_SQRT_2))
}

/// Adds `bias` to every row of `z` (`[rows, bias.len()]`) in place and writes
/// `a = f(z)`, times `mask` where one is given (dropout's per-element scale).
///
/// With `f = None` the rows only get their bias (the output layer's logits).
pub fn bias_activate(
    z: &mut [f32],
    bias: &[f32],
    activation: Option<Activation>,
    a: &mut [f32],
    mask: Option<&[f32]>,
) {
    match activation {
        None => add_bias(z, bias),
        Some(Activation::Relu) => fused(z, bias, a, mask, |v| Activation::Relu.apply(v)),
        Some(Activation::Sigmoid) => fused(z, bias, a, mask, |v| Activation::Sigmoid.apply(v)),
        Some(Activation::Tanh) => fused(z, bias, a, mask, |v| Activation::Tanh.apply(v)),
        Some(Activation::Gelu) => fused(z, bias, a, mask, |v| Activation::Gelu.apply(v)),
        Some(Activation::Silu) => fused(z, bias, a, mask, |v| Activation::Silu.apply(v)),
        Some(Activation::Elu) => fused(z, bias, a, mask, |v| Activation::Elu.apply(v)),
        Some(Activation::LeakyRelu) => fused(z, bias, a, mask, |v| Activation::LeakyRelu.apply(v)),
        Some(Activation::Identity) => fused(z, bias, a, mask, |v| v),
    }
}

/// Adds `bias` to every row of `values` in place.
pub fn add_bias(values: &mut [f32], bias: &[f32]) {
    for row in values.chunks_exact_mut(bias.len()) {
        for (value, b) in row.iter_mut().zip(bias) {
            *value += b;
        }
    }
}

/// Applies `f` in place to a `[rows, width]` block whose bias is already added
/// (the evaluation path, which keeps no separate pre-activations).
pub fn activate_in_place(values: &mut [f32], activation: Activation) {
    match activation {
        Activation::Relu => map_in_place(values, |v| Activation::Relu.apply(v)),
        Activation::Sigmoid => map_in_place(values, |v| Activation::Sigmoid.apply(v)),
        Activation::Tanh => map_in_place(values, |v| Activation::Tanh.apply(v)),
        Activation::Gelu => map_in_place(values, |v| Activation::Gelu.apply(v)),
        Activation::Silu => map_in_place(values, |v| Activation::Silu.apply(v)),
        Activation::Elu => map_in_place(values, |v| Activation::Elu.apply(v)),
        Activation::LeakyRelu => map_in_place(values, |v| Activation::LeakyRelu.apply(v)),
        Activation::Identity => {}
    }
}

/// Turns `grad` from the gradient of `a = f(z) * mask` into the gradient of `z`,
/// in place: `grad *= mask * f'(z)`.
pub fn backprop_through(grad: &mut [f32], z: &[f32], activation: Activation, mask: Option<&[f32]>) {
    match activation {
        Activation::Relu => chain(grad, z, mask, |v| Activation::Relu.derivative(v)),
        Activation::Sigmoid => chain(grad, z, mask, |v| Activation::Sigmoid.derivative(v)),
        Activation::Tanh => chain(grad, z, mask, |v| Activation::Tanh.derivative(v)),
        Activation::Gelu => chain(grad, z, mask, |v| Activation::Gelu.derivative(v)),
        Activation::Silu => chain(grad, z, mask, |v| Activation::Silu.derivative(v)),
        Activation::Elu => chain(grad, z, mask, |v| Activation::Elu.derivative(v)),
        Activation::LeakyRelu => chain(grad, z, mask, |v| Activation::LeakyRelu.derivative(v)),
        Activation::Identity => chain(grad, z, mask, |_| 1.0),
    }
}

#[inline(always)]
fn fused(z: &mut [f32], bias: &[f32], a: &mut [f32], mask: Option<&[f32]>, f: impl Fn(f32) -> f32) {
    let width = bias.len();
    match mask {
        None => {
            for (z_row, a_row) in z.chunks_exact_mut(width).zip(a.chunks_exact_mut(width)) {
                for ((z, a), b) in z_row.iter_mut().zip(a_row).zip(bias) {
                    *z += b;
                    *a = f(*z);
                }
            }
        }
        Some(mask) => {
            let rows = z.chunks_exact_mut(width).zip(a.chunks_exact_mut(width));
            for ((z_row, a_row), m_row) in rows.zip(mask.chunks_exact(width)) {
                for (((z, a), b), m) in z_row.iter_mut().zip(a_row).zip(bias).zip(m_row) {
                    *z += b;
                    *a = f(*z) * m;
                }
            }
        }
    }
}

#[inline(always)]
fn map_in_place(values: &mut [f32], f: impl Fn(f32) -> f32) {
    for value in values {
        *value = f(*value);
    }
}

#[inline(always)]
fn chain(grad: &mut [f32], z: &[f32], mask: Option<&[f32]>, derivative: impl Fn(f32) -> f32) {
    match mask {
        None => {
            for (g, z) in grad.iter_mut().zip(z) {
                *g *= derivative(*z);
            }
        }
        Some(mask) => {
            for ((g, z), m) in grad.iter_mut().zip(z).zip(mask) {
                *g *= derivative(*z) * m;
            }
        }
    }
}
