"""Times PyTorch training the paper MLP (784-256x4-10, ReLU, no dropout, batch 128,
Adam 1e-3, cross-entropy) for --epochs epochs on 60 000 rows, and prints one JSON
object: the seconds of each epoch's training steps.

Runs in bench/.venv (bench/train.sh makes it); needs torch and numpy. Two threads
and flush-to-zero, as nncut runs. Batches are taken by indexing a shuffled
permutation of in-memory tensors (no DataLoader), so the time is PyTorch's compute,
not its data-loading overhead. --data random (the default) uses uniform pixels and
random labels; --data mnist reads the MNIST training split from ./data/mnist (or
$NNCUT_DATA/mnist), raw or gzip IDX files, pixels scaled to [0, 1].
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reference"))
from torch_nets import read_idx  # noqa: E402

TRAIN_ROWS = 60_000
BATCH = 128


def paper_mlp():
    sizes = [784, 256, 256, 256, 256, 10]
    layers = []
    for index, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--data", default="random")
    args = parser.parse_args()

    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    torch.manual_seed(0)

    if args.data == "random":
        images = torch.rand(TRAIN_ROWS, 784)
        labels = torch.randint(0, 10, (TRAIN_ROWS,))
    else:
        folder = Path(os.environ.get("NNCUT_DATA", "data")) / "mnist"
        pixels = read_idx(folder, "train-images-idx3-ubyte").reshape(-1, 784)
        images = torch.from_numpy(pixels.astype(np.float32) / 255.0)
        labels = torch.from_numpy(read_idx(folder, "train-labels-idx1-ubyte").astype(np.int64))

    model = paper_mlp()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    seconds = []
    for _ in range(args.epochs):
        started = time.perf_counter()
        order = torch.randperm(images.shape[0])
        for start in range(0, images.shape[0], BATCH):
            rows = order[start:start + BATCH]
            optimiser.zero_grad()
            loss = loss_fn(model(images[rows]), labels[rows])
            loss.backward()
            optimiser.step()
        seconds.append(time.perf_counter() - started)

    print(json.dumps({"data": args.data, "seconds": seconds, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
