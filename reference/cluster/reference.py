#!/usr/bin/env python3
"""Expected values for nncut's clustering tests, computed independently.

Run from anywhere with a python3 that has numpy and scikit-learn:

    python3 reference/cluster/reference.py

It rewrites, beside itself:

- fixtures.json: golden values for the small graphs of issue 4 (eigenvalues of
  L_sym = I - D^-1/2 A D^-1/2 by numpy.linalg.eigh, the k-means split of the
  normalized embedding by sklearn KMeans, its n-cut; the split the unnormalized
  Laplacian D - A would give instead) and, for each planted-partition graph, the
  k + 1 smallest eigenvalues and the n-cut of sklearn's SpectralClustering with
  affinity='precomputed' and of this script's own normalized recipe;
- planted_*.npy: those planted-partition adjacency matrices (float64, C order).

Nothing here reads nncut's output: the tests compare nncut against these files.
"""

import json
import pathlib

import numpy as np
from sklearn.cluster import KMeans, SpectralClustering

HERE = pathlib.Path(__file__).resolve().parent
SEED = 20260604


def symmetric(n, edges):
    a = np.zeros((n, n))
    for i, j, w in edges:
        a[i, j] = w
        a[j, i] = w
    return a


def normalized_spectrum(a):
    """Eigenvalues (ascending) and eigenvectors of L_sym over non-isolated nodes."""
    d = a.sum(axis=1)
    usable = np.flatnonzero(d > 0)
    s = 1.0 / np.sqrt(d[usable])
    sub = a[np.ix_(usable, usable)]
    laplacian = np.eye(len(usable)) - s[:, None] * sub * s[None, :]
    values, vectors = np.linalg.eigh(laplacian)
    return usable, s, values, vectors


def ncut(a, labels):
    """n-cut of labels (-1 = in no cluster)."""
    d = a.sum(axis=1)
    total = 0.0
    for c in sorted(set(labels) - {-1}):
        inside = np.array(labels) == c
        volume = d[inside].sum()
        cut = a[np.ix_(inside, ~inside)].sum()
        total += cut / volume
    return total


def canonical(labels):
    """Renumber clusters largest first, ties by lowest node: nncut's convention."""
    labels = list(labels)
    clusters = sorted(set(labels) - {-1}, key=lambda c: (-labels.count(c), labels.index(c)))
    mapping = {old: new for new, old in enumerate(clusters)}
    return [mapping.get(label, -1) for label in labels]


def normalized_recipe(a, k):
    """nncut's method in numpy/sklearn: eigh of L_sym, u = D^-1/2 v, unit columns, KMeans."""
    usable, s, values, vectors = normalized_spectrum(a)
    u = s[:, None] * vectors[:, :k]
    u /= np.linalg.norm(u, axis=0)
    found = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(u)
    labels = np.full(a.shape[0], -1)
    labels[usable] = found
    return canonical(labels), values


def unnormalized_bisection(a):
    """The classic bisection by the wrong eigenproblem: the signs of the Fiedler
    vector of the unnormalized Laplacian D - A (which minimises the ratio cut,
    not the n-cut)."""
    laplacian = np.diag(a.sum(axis=1)) - a
    _, vectors = np.linalg.eigh(laplacian)
    return canonical((vectors[:, 1] > 0).astype(int))


def small_case(name, a, k):
    labels, values = normalized_recipe(a, k)
    return {
        "name": name,
        "k": k,
        "adjacency": a.tolist(),
        "eigenvalues": values.tolist(),
        "labels": labels,
        "ncut": ncut(a, labels),
    }


def planted(rng, sizes, inside, across):
    """Blocks of the given sizes; weights uniform in `inside` within a block
    and in `across` between blocks, each edge present with probability 0.6."""
    n = sum(sizes)
    block = np.repeat(np.arange(len(sizes)), sizes)
    same = block[:, None] == block[None, :]
    low = np.where(same, inside[0], across[0])
    high = np.where(same, inside[1], across[1])
    weights = rng.uniform(low, high) * (rng.random((n, n)) < 0.6)
    weights = np.triu(weights, 1)
    return weights + weights.T, block


def planted_case(rng, name, sizes, inside, across):
    a, block = planted(rng, sizes, inside, across)
    np.save(HERE / f"{name}.npy", a)
    k = len(sizes)
    own_labels, values = normalized_recipe(a, k)
    sklearn_labels = SpectralClustering(
        n_clusters=k, affinity="precomputed", random_state=0, assign_labels="kmeans"
    ).fit_predict(a)
    return {
        "name": name,
        "file": f"{name}.npy",
        "k": k,
        "sizes": sizes,
        "eigenvalues": values[: k + 1].tolist(),
        "planted_labels": canonical(block),
        "planted_ncut": ncut(a, list(block)),
        "sklearn_labels": canonical(sklearn_labels),
        "sklearn_ncut": ncut(a, list(sklearn_labels)),
        "recipe_ncut": ncut(a, own_labels),
    }


def main():
    path = symmetric(6, [(0, 1, 8.0), (1, 2, 1.0), (2, 3, 2.0), (3, 4, 3.0), (4, 5, 2.0)])
    path_case = small_case("weighted_path", path, 2)
    path_case["unnormalized_labels"] = unnormalized_bisection(path)
    path_case["unnormalized_ncut"] = ncut(path, path_case["unnormalized_labels"])

    triangles = symmetric(6, [(0, 1, 1), (1, 2, 1), (0, 2, 1), (3, 4, 1), (4, 5, 1), (3, 5, 1)])
    triangle_and_loner = symmetric(4, [(0, 1, 1), (1, 2, 1), (0, 2, 1)])

    five = symmetric(5, [(0, 1, 3.0), (1, 2, 1.0), (2, 3, 4.0), (3, 4, 2.0), (0, 4, 1.0)])
    five_labels = [0, 0, 1, 1, 1]

    rng = np.random.default_rng(SEED)
    random_graph = rng.uniform(0.0, 1.0, (9, 9)) * (rng.random((9, 9)) < 0.7)
    random_graph = np.triu(random_graph, 1)
    random_graph += random_graph.T

    fixtures = {
        "weighted_path": path_case,
        "two_triangles": small_case("two_triangles", triangles, 2),
        "triangle_and_isolated": small_case("triangle_and_isolated", triangle_and_loner, 2),
        "five_nodes": {
            "adjacency": five.tolist(),
            "labels": five_labels,
            "ncut": ncut(five, five_labels),
        },
        "random_weighted": small_case("random_weighted", random_graph, 3),
        "planted": [
            planted_case(rng, "planted_small", [40, 25, 15], (0.5, 1.0), (0.0, 0.08)),
            planted_case(rng, "planted_large", [90, 60, 35, 15], (0.4, 1.0), (0.0, 0.05)),
            planted_case(rng, "planted_close", [70, 50, 30], (0.2, 1.0), (0.0, 0.2)),
        ],
    }
    (HERE / "fixtures.json").write_text(json.dumps(fixtures, indent=1) + "\n")


if __name__ == "__main__":
    main()
