"""Times SciPy's spearmanr edge by edge, the paper's own approach, on the paper's
MLP (784-256-256-256-256-10, random PyTorch-style weights, ReLU) over 10 000
inputs that imitate MNIST test images, and extrapolates to every edge.

Run by bench/spearman.sh; needs numpy and scipy. Prints one JSON object.
Usage: python3 spearman_scipy.py [EDGES_PER_RUN] [RUNS]
"""

import json
import sys
import time
import warnings

import numpy as np
from scipy.stats import spearmanr

SIZES = [784, 256, 256, 256, 256, 10]
SAMPLES = 10_000
SEED = 2026
INK = 0.25
BORDER = 1


def images(rng):
    side = 28
    inner = np.zeros((side, side), dtype=bool)
    inner[BORDER : side - BORDER, BORDER : side - BORDER] = True
    ink = rng.random((SAMPLES, side * side)) < INK
    ink &= inner.ravel()
    levels = rng.integers(1, 256, size=(SAMPLES, side * side)).astype(np.float32) / 255
    return np.where(ink, levels, np.float32(0.0))


def record_values(pixels, rng):
    values = [pixels]
    for layer, (fan_in, fan_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        bound = 1 / np.sqrt(fan_in)
        weight = rng.uniform(-bound, bound, size=(fan_in, fan_out)).astype(np.float32)
        bias = rng.uniform(-bound, bound, size=fan_out).astype(np.float32)
        out = values[-1] @ weight + bias
        values.append(out if layer == len(SIZES) - 2 else np.maximum(out, 0))
    return values


def main():
    edges_per_run = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = np.random.default_rng(SEED)
    values = record_values(images(rng), rng)

    pair_edges = [a * b for a, b in zip(SIZES[:-1], SIZES[1:])]
    total_edges = sum(pair_edges)
    pair_weights = np.array(pair_edges) / total_edges

    per_edge = []
    for _ in range(runs):
        pairs = rng.choice(len(pair_edges), size=edges_per_run, p=pair_weights)
        edges = [(p, rng.integers(SIZES[p]), rng.integers(SIZES[p + 1])) for p in pairs]
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for p, i, j in edges:
                spearmanr(values[p][:, i], values[p + 1][:, j])
        per_edge.append((time.perf_counter() - start) / edges_per_run)

    median = float(np.median(per_edge))
    print(json.dumps({
        "edges_per_run": edges_per_run,
        "runs_s_per_edge": per_edge,
        "median_s_per_edge": median,
        "total_edges": total_edges,
        "extrapolated_total_s": median * total_edges,
    }))


if __name__ == "__main__":
    main()
