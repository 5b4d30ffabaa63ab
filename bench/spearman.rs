//! Times the Spearman graph of the paper's MLP (784-256-256-256-256-10) over
//! 10 000 inputs; run through `bench/spearman.sh`, which also times SciPy.
//!
//! The network has PyTorch-style random weights (uniform in +-1/sqrt(fan_in)) and
//! ReLU. The inputs are the MNIST test images where nncut finds them (`NNCUT_DATA`,
//! else `./data`); otherwise images that imitate them (most pixels exactly 0, the
//! rest multiples of 1/255, a border that is 0 in every image), so the ranking
//! meets the ties and constant neurons of real data either way. Prints one JSON
//! object: the median and every run's seconds.
//!
//! Usage: spearman [RUNS] (default 5)

use std::time::Instant;

use faer::Mat;
use faer::linalg::matmul::matmul;
use nncut::data::{DatasetName, Split};
use nncut::graph::{LayerValues, LayeredGraph, SpearmanOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SIZES: [usize; 6] = [784, 256, 256, 256, 256, 10];
const SAMPLES: usize = 10_000;
const SEED: u64 = 2026;

/// Fraction of an image's inner pixels that carry ink, roughly as in MNIST.
const INK: f64 = 0.25;
/// Pixels this close to the border are blank in every image.
const BORDER: usize = 1;

fn main() {
    let runs = std::env::args().nth(1).map_or(5, |runs| runs.parse().expect("RUNS is a count"));
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let (inputs, pixels) = match nncut::data::load(DatasetName::Mnist, Split::Test, None) {
        Ok(test) if test.count == SAMPLES => ("mnist test images", test.images),
        _ => ("synthetic MNIST-like images", synthetic_images(&mut rng)),
    };
    let values = record_values(&pixels, &mut rng);

    let mut seconds = Vec::with_capacity(runs);
    let mut constant = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let layer_values = LayerValues::new(&values, &SIZES, SAMPLES).expect("values are finite");
        let spearman = LayeredGraph::from_spearman(&layer_values, SpearmanOptions::default())
            .expect("the graph builds");
        seconds.push(start.elapsed().as_secs_f64());
        constant = spearman.constant_neurons;
    }

    let mut sorted = seconds.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[runs / 2];
    let edges: usize = SIZES.windows(2).map(|pair| pair[0] * pair[1]).sum();
    println!(
        "{}",
        serde_json::json!({
            "inputs": inputs, "sizes": SIZES, "samples": SAMPLES, "edges": edges, "runs": seconds,
            "median_s": median, "constant_neurons": constant,
        })
    );
}

/// `[SAMPLES, 784]` row-major pixels in [0, 1].
fn synthetic_images(rng: &mut ChaCha8Rng) -> Vec<f32> {
    let side = 28;
    let inner = |p: usize| (BORDER..side - BORDER).contains(&p);
    (0..SAMPLES * side * side)
        .map(|position| {
            let pixel = position % (side * side);
            let ink = inner(pixel / side) && inner(pixel % side) && rng.random_bool(INK);
            if ink { f32::from(rng.random_range(1_u8..=255)) / 255.0 } else { 0.0 }
        })
        .collect()
}

/// Every layer's values as `[SAMPLES, size]`: inputs, ReLU hiddens, logits.
fn record_values(images: &[f32], rng: &mut ChaCha8Rng) -> Vec<Vec<f32>> {
    let mut values = vec![images.to_vec()];
    let last = SIZES.len() - 2;
    for (layer, pair) in SIZES.windows(2).enumerate() {
        let (inputs, outputs) = (pair[0], pair[1]);
        let bound = 1.0 / (inputs as f32).sqrt();
        let weight = Mat::from_fn(inputs, outputs, |_, _| rng.random_range(-bound..bound));
        let bias: Vec<f32> = (0..outputs).map(|_| rng.random_range(-bound..bound)).collect();

        let previous = Mat::from_fn(SAMPLES, inputs, |s, i| values[layer][s * inputs + i]);
        let mut product = Mat::<f32>::zeros(SAMPLES, outputs);
        let par = faer::get_global_parallelism();
        matmul(
            product.as_mut(),
            faer::Accum::Replace,
            previous.as_ref(),
            weight.as_ref(),
            1.0,
            par,
        );

        let activate = |x: f32| if layer == last { x } else { x.max(0.0) };
        let next = (0..SAMPLES * outputs)
            .map(|p| activate(product[(p / outputs, p % outputs)] + bias[p % outputs]))
            .collect();
        values.push(next);
    }
    values
}
