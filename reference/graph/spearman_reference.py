"""Reference values for nncut's Spearman graph (tests/graph_spearman.rs).

Writes spearman_fixture.json beside this script:
- "ties": the two tied neurons of issue 5 and SciPy's |spearmanr| of them;
- "network": the recorded values of a small random ReLU network (6-5-4-3, 40
  samples, integer inputs so that ties abound, one input constant like a blank
  pixel, one hidden unit dead), and |spearmanr| of every adjacent-layer pair
  computed edge by edge with SciPy (an undefined correlation, where a neuron is
  constant, is written as 0).

Run with any python3 that has numpy and scipy:  python3 spearman_reference.py
"""

import json
import pathlib
import warnings

import numpy as np
from scipy.stats import spearmanr

SEED = 20261204
SIZES = [6, 5, 4, 3]
SAMPLES = 40


def record_values(rng):
    """Every layer's values as float32 [samples, size]: inputs, ReLU hiddens, logits."""
    inputs = rng.integers(0, 4, size=(SAMPLES, SIZES[0])).astype(np.float32)
    inputs[:, 0] = 0.0
    values = [inputs]
    for layer, (fan_in, fan_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        weight = rng.uniform(-1, 1, size=(fan_out, fan_in)).astype(np.float32)
        bias = rng.uniform(-0.5, 0.5, size=fan_out).astype(np.float32)
        if layer == 0:
            weight[2, :] = -np.abs(weight[2, :])
            bias[2] = -1.0
        out = values[-1] @ weight.T + bias
        last = layer == len(SIZES) - 2
        values.append(out if last else np.maximum(out, np.float32(0.0)))
    return values


def spearman_block(upper, lower):
    """|rho| of every (upper neuron, lower neuron) pair, one spearmanr call per edge."""
    block = np.zeros((upper.shape[1], lower.shape[1]))
    for i in range(upper.shape[1]):
        for j in range(lower.shape[1]):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rho = spearmanr(upper[:, i], lower[:, j]).statistic
            block[i, j] = 0.0 if np.isnan(rho) else abs(rho)
    return block


def main():
    a = [1, 2, 2, 3, 4, 4, 4, 5]
    b = [2, 1, 3, 3, 5, 4, 6, 6]
    ties = {"a": a, "b": b, "abs_rho": float(abs(spearmanr(a, b).statistic))}

    values = record_values(np.random.default_rng(SEED))
    blocks = [spearman_block(u, l) for u, l in zip(values[:-1], values[1:])]
    constant = [int(np.sum(np.all(v == v[0], axis=0))) for v in values]
    network = {
        "sizes": SIZES,
        "samples": SAMPLES,
        "values": [[float(x) for x in v.ravel()] for v in values],
        "blocks": [[float(x) for x in blk.ravel()] for blk in blocks],
        "constant_neurons": constant,
    }

    out = pathlib.Path(__file__).with_name("spearman_fixture.json")
    out.write_text(json.dumps({"seed": SEED, "ties": ties, "network": network}, indent=1) + "\n")


if __name__ == "__main__":
    main()
