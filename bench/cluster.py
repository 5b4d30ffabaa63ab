#!/usr/bin/env python3
"""Times `nncut cluster` against the paper's recipe and scikit-learn on a random
graph shaped like the paper's network. Run through bench/cluster.sh, which
makes the venv and the release binary.

    python3 bench/cluster.py NNCUT_BINARY [--layers 784,256,256,256,256,10]
        [--repetitions 5] [--k 4] [--contenders nncut,paper,sklearn] [--workdir DIR]

The graph: the neurons of an MLP with the given layer sizes, an edge between
every pair of neurons in adjacent layers weighted |w| with w uniform in
+-1/sqrt(fan_in) (PyTorch's default initialisation), no other edges. It is
written once as a float64 .npy that every contender reads.

Contenders, each timed from reading the file to having labels and the n-cut:

- nncut: the release binary `nncut cluster FILE --k K --json` (wall time of
  the whole process, start-up included);
- paper: the paper's recipe, numpy.linalg.eig of D^-1 L (a non-symmetric
  dense eigenproblem), the k smallest eigenvectors, each scaled to unit norm,
  then sklearn KMeans(n_init=10);
- sklearn: SpectralClustering(affinity='precomputed', n_init=10).

The contenders alternate within each repetition so that a busy machine slows
all of them alike; the script prints each one's median and the ratios.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import tempfile
import time

import numpy as np
from sklearn.cluster import KMeans, SpectralClustering

SEED = 0


def layered_graph(layers, rng):
    n = sum(layers)
    adjacency = np.zeros((n, n))
    start = 0
    for fan_in, fan_out in zip(layers, layers[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        weights = np.abs(rng.uniform(-bound, bound, (fan_in, fan_out)))
        rows = slice(start, start + fan_in)
        cols = slice(start + fan_in, start + fan_in + fan_out)
        adjacency[rows, cols] = weights
        adjacency[cols, rows] = weights.T
        start += fan_in
    return adjacency


def ncut(adjacency, labels):
    degrees = adjacency.sum(axis=1)
    total = 0.0
    for cluster in np.unique(labels):
        inside = labels == cluster
        total += adjacency[np.ix_(inside, ~inside)].sum() / degrees[inside].sum()
    return total


def paper_recipe(path, k):
    adjacency = np.load(path)
    degrees = adjacency.sum(axis=1)
    laplacian = np.diag(degrees) - adjacency
    values, vectors = np.linalg.eig(laplacian / degrees[:, None])
    order = np.argsort(values.real)[:k]
    embedding = vectors[:, order].real
    embedding /= np.linalg.norm(embedding, axis=0)
    labels = KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(embedding)
    return ncut(adjacency, labels)


def sklearn_recipe(path, k):
    adjacency = np.load(path)
    model = SpectralClustering(
        n_clusters=k, affinity="precomputed", n_init=10, random_state=SEED
    )
    labels = model.fit_predict(adjacency)
    return ncut(adjacency, labels)


def nncut_recipe(binary, path, k):
    command = [binary, "cluster", str(path), "--k", str(k), "--json"]
    output = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(output.stdout)["ncut"]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--layers", default="784,256,256,256,256,10")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--contenders", default="nncut,paper,sklearn")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()

    layers = [int(size) for size in args.layers.split(",")]
    workdir = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="nncut-bench-"))
    path = workdir / ("graph-" + "-".join(map(str, layers)) + ".npy")
    if not path.exists():
        np.save(path, layered_graph(layers, np.random.default_rng(SEED)))
    print(f"graph {args.layers}: {sum(layers)} nodes, {path} ({path.stat().st_size / 1e6:.0f} MB)")

    recipes = {
        "nncut": lambda: nncut_recipe(args.binary, path, args.k),
        "paper": lambda: paper_recipe(path, args.k),
        "sklearn": lambda: sklearn_recipe(path, args.k),
    }
    contenders = {name: recipes[name] for name in args.contenders.split(",")}
    if "nncut" not in contenders:
        parser.error("--contenders must include nncut, the base of the ratios")

    seconds = {name: [] for name in contenders}
    ncuts = {}
    for repetition in range(args.repetitions):
        order = list(contenders) if repetition % 2 == 0 else list(reversed(contenders))
        for name in order:
            elapsed, ncuts[name] = timed(contenders[name])
            seconds[name].append(elapsed)
        line = ", ".join(f"{name} {seconds[name][-1]:.3f} s" for name in contenders)
        print(f"repetition {repetition + 1}: {line}", flush=True)

    medians = {name: statistics.median(times) for name, times in seconds.items()}
    print(f"{'contender':>9} {'median s':>9} {'n-cut':>9} {'x nncut':>8}")
    for name in contenders:
        ratio = medians[name] / medians["nncut"]
        print(f"{name:>9} {medians[name]:>9.3f} {ncuts[name]:>9.4f} {ratio:>8.1f}")


if __name__ == "__main__":
    main()
