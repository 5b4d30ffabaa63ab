"""Loads an nncut run folder into PyTorch and compares its test accuracy.

Reads RUN/model.safetensors with safetensors.torch into `nn.Linear` layers named
fc1..fcN (the state_dict layout nncut writes), rebuilds the MLP from
RUN/config.json, evaluates it on the dataset's test split (IDX files, raw or .gz,
under DATA_DIR/<dataset>/), and prints PyTorch's accuracy next to the last epoch's
accuracy in RUN/metrics.json. Exits 1 if they differ by more than one image.

Run from the repository root with any `python3` that has torch, numpy and
safetensors:

    python3 reference/train/check_run.py runs/mnist-relu [--data-dir data]
"""

import argparse
import gzip
import json
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

ACTIVATIONS = {
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
    "elu": nn.ELU,
    "leaky-relu": nn.LeakyReLU,
    "identity": nn.Identity,
}


class Mlp(nn.Module):
    def __init__(self, sizes, activation):
        super().__init__()
        self.count = len(sizes) - 1
        for index in range(self.count):
            setattr(self, f"fc{index + 1}", nn.Linear(sizes[index], sizes[index + 1]))
        self.activation = activation()

    def forward(self, x):
        for index in range(self.count):
            x = getattr(self, f"fc{index + 1}")(x)
            if index < self.count - 1:
                x = self.activation(x)
        return x


def read_idx(folder, name):
    for path in (folder / name, folder / f"{name}.gz"):
        if path.exists():
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            dims = raw[3]
            shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    sys.exit(f"{folder / name}: not found")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()

    config = json.loads((args.run / "config.json").read_text())
    metrics = json.loads((args.run / "metrics.json").read_text())
    model = Mlp(config["layer_sizes"], ACTIVATIONS[config["activation"]])
    model.load_state_dict(load_file(args.run / "model.safetensors"))
    model.eval()

    folder = args.data_dir / config["dataset"]
    images = read_idx(folder, "t10k-images-idx3-ubyte").reshape(-1, 28 * 28)
    labels = read_idx(folder, "t10k-labels-idx1-ubyte")
    with torch.no_grad():
        logits = model(torch.from_numpy(images.astype(np.float32) / 255.0))
    accuracy = float((logits.argmax(dim=1).numpy() == labels).mean())

    nncut_accuracy = metrics[-1]["test_accuracy"]
    print(json.dumps({"pytorch_accuracy": accuracy, "nncut_accuracy": nncut_accuracy}))
    if abs(accuracy - nncut_accuracy) > 1.0 / len(labels) + 1e-12:
        sys.exit("the accuracies differ")


if __name__ == "__main__":
    main()
