"""Reference n-cuts for `nncut analyze` (issue 5's acceptance check).

Trains the paper's MLP (784-256-256-256-256-10, ReLU or Sigmoid, PyTorch's
default initialisation, Adam lr 1e-3, batch 128) briefly on MNIST or
FashionMNIST, saves it with `safetensors.torch.save_file` as
OUT/model.safetensors (names fc1.weight ... fc5.bias, [out, in]), and computes
the n-cut of both of its graphs independently of nncut, with NumPy, SciPy and
scikit-learn, as DESIGN.md defines them:

- weights: edge = |w|;
- spearman: every neuron's values over the 10 000 test images (eval mode:
  pixels, hidden values after the activation, logits), ranked with average
  ranks (scipy.stats.rankdata), edge = |Pearson correlation of the ranks|,
  0 (or --constant-epsilon) where a neuron is constant;
- clustering: nodes of degree 0 left out; the k eigenvectors of
  L_sym = I - D^-1/2 A D^-1/2 with the smallest eigenvalues (scipy.linalg.eigh,
  dense), u = D^-1/2 v scaled to unit norm, k-means++ with restarts
  (sklearn.cluster.KMeans); n-cut = sum_c W(c, rest) / vol(c).

Writes OUT/reference.json: the n-cut, isolated-node count, cluster sizes and
per-cluster layer composition per method, the constant neurons per layer, the
test accuracy and every setting and seed.

Run with any python3 that has torch, safetensors, numpy, scipy and scikit-learn:
    python3 reference/graph/analyze_reference.py --data-dir data --dataset mnist \
        --out runs/analyze-reference
Data: DIR/<dataset>/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz].
"""

import argparse
import json
import pathlib
import sys
import time

import numpy as np
import scipy.linalg
import torch
from safetensors.torch import save_file
from scipy.stats import rankdata
from sklearn.cluster import KMeans
from torch import nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from torch_nets import read_idx  # noqa: E402

SIZES = [784, 256, 256, 256, 256, 10]
ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}


def load(folder, split):
    images = read_idx(folder, f"{split}-images-idx3-ubyte")
    labels = read_idx(folder, f"{split}-labels-idx1-ubyte")
    pixels = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
    return pixels, torch.from_numpy(labels.astype(np.int64))


class Mlp(nn.Module):
    def __init__(self, activation):
        super().__init__()
        pairs = list(zip(SIZES[:-1], SIZES[1:]))
        for number, (fan_in, fan_out) in enumerate(pairs, start=1):
            setattr(self, f"fc{number}", nn.Linear(fan_in, fan_out))
        self.activation = ACTIVATIONS[activation]()
        self.count = len(pairs)

    def layers(self):
        return [getattr(self, f"fc{number}") for number in range(1, self.count + 1)]

    def record(self, x):
        """Every layer's values: input, hidden after the activation, logits."""
        values = [x]
        for index, layer in enumerate(self.layers()):
            x = layer(x)
            if index < self.count - 1:
                x = self.activation(x)
            values.append(x)
        return values

    def forward(self, x):
        return self.record(x)[-1]


def train(model, pixels, labels, args):
    generator = torch.Generator().manual_seed(args.seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    model.train()
    for _ in range(args.epochs):
        order = torch.randperm(len(pixels), generator=generator)[: args.train_samples]
        for start in range(0, len(order), 128):
            batch = order[start : start + 128]
            optimiser.zero_grad()
            loss(model(pixels[batch]), labels[batch]).backward()
            optimiser.step()


def weights_graph(model):
    return [np.abs(layer.weight.detach().double().numpy()).T for layer in model.layers()]


def spearman_graph(values, epsilon):
    """|rho| blocks and the number of constant neurons per layer."""
    standardized, constant = [], []
    for v in values:
        ranks = rankdata(v.astype(np.float64), axis=0)
        centred = ranks - ranks.mean(axis=0)
        norms = np.linalg.norm(centred, axis=0)
        dead = norms == 0
        constant.append(int(dead.sum()))
        standardized.append((np.where(dead, 0.0, centred / np.where(dead, 1.0, norms)), dead))
    blocks = []
    for (upper, upper_dead), (lower, lower_dead) in zip(standardized[:-1], standardized[1:]):
        block = np.minimum(np.abs(upper.T @ lower), 1.0)
        block[np.logical_or.outer(upper_dead, lower_dead)] = epsilon
        blocks.append(block)
    return blocks, constant


def dense(blocks):
    sizes = [blocks[0].shape[0]] + [block.shape[1] for block in blocks]
    offsets = np.cumsum([0] + sizes)
    adjacency = np.zeros((offsets[-1], offsets[-1]))
    for layer, block in enumerate(blocks):
        rows = slice(offsets[layer], offsets[layer + 1])
        cols = slice(offsets[layer + 1], offsets[layer + 2])
        adjacency[rows, cols] = block
        adjacency[cols, rows] = block.T
    return adjacency


def ncut(blocks, k, seed, restarts):
    adjacency = dense(blocks)
    degrees = adjacency.sum(axis=1)
    usable = degrees > 0
    a, d = adjacency[np.ix_(usable, usable)], degrees[usable]
    scale = 1.0 / np.sqrt(d)
    laplacian = np.eye(len(d)) - scale[:, None] * a * scale[None, :]
    _, vectors = scipy.linalg.eigh(laplacian, subset_by_index=[0, k - 1])
    points = scale[:, None] * vectors
    points /= np.linalg.norm(points, axis=0)
    kmeans = KMeans(k, init="k-means++", n_init=restarts, random_state=seed).fit(points)
    labels = kmeans.labels_

    total = 0.0
    for c in range(k):
        inside = labels == c
        volume = d[inside].sum()
        total += (volume - a[np.ix_(inside, inside)].sum()) / volume

    sizes = [blocks[0].shape[0]] + [block.shape[1] for block in blocks]
    layer_of = np.repeat(np.arange(len(sizes)), sizes)[usable]
    composition = [[int(np.sum((labels == c) & (layer_of == l))) for l in range(len(sizes))]
                   for c in range(k)]
    return {
        "ncut": float(total),
        "isolated": int((~usable).sum()),
        "cluster_sizes": [int(np.sum(labels == c)) for c in range(k)],
        "layer_composition": composition,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=pathlib.Path, default=pathlib.Path("data"))
    parser.add_argument("--dataset", choices=["mnist", "fashion-mnist"], default="mnist")
    parser.add_argument("--activation", choices=sorted(ACTIVATIONS), default="relu")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--train-samples", type=int, default=60_000,
                        help="training images per epoch (a brief run may use fewer)")
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--restarts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--constant-epsilon", type=float, default=0.0)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("runs/analyze-reference"))
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    folder = args.data_dir / args.dataset
    train_pixels, train_labels = load(folder, "train")
    test_pixels, test_labels = load(folder, "t10k")

    model = Mlp(args.activation)
    started = time.perf_counter()
    train(model, train_pixels, train_labels, args)
    training_s = time.perf_counter() - started

    model.eval()
    with torch.no_grad():
        values = [v.double().numpy() for v in model.record(test_pixels)]
    accuracy = float((values[-1].argmax(axis=1) == test_labels.numpy()).mean())

    args.out.mkdir(parents=True, exist_ok=True)
    state = {name: tensor.contiguous() for name, tensor in model.state_dict().items()}
    save_file(state, args.out / "model.safetensors")

    spearman_blocks, constant = spearman_graph(values, args.constant_epsilon)
    result = {
        "settings": {key: str(value) if isinstance(value, pathlib.Path) else value
                     for key, value in vars(args).items()},
        "sizes": SIZES,
        "test_accuracy": accuracy,
        "training_s": training_s,
        "weights": ncut(weights_graph(model), args.k, args.seed, args.restarts),
        "spearman": {**ncut(spearman_blocks, args.k, args.seed, args.restarts),
                     "constant_neurons": constant},
    }
    (args.out / "reference.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({m: result[m]["ncut"] for m in ("weights", "spearman")}))


if __name__ == "__main__":
    main()
