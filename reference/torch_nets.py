"""What the Python references and benchmarks share: reading IDX files and the
MLP as PyTorch writes it (layers fc1..fcN, an activation after every layer but
the last, optional dropout after each hidden activation).

Scripts in reference/*/ and bench/ put this folder on sys.path and import it.
"""

import gzip
from pathlib import Path

import numpy as np
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
    """fc1..fcN with the activation (and dropout p) after every layer but the last."""

    def __init__(self, sizes, activation, dropout=0.0):
        super().__init__()
        self.count = len(sizes) - 1
        for index in range(self.count):
            setattr(self, f"fc{index + 1}", nn.Linear(sizes[index], sizes[index + 1]))
        self.activation = activation()
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x):
        for index in range(self.count):
            x = getattr(self, f"fc{index + 1}")(x)
            if index < self.count - 1:
                x = self.dropout(self.activation(x))
        return x


def read_idx(folder: Path, name: str) -> np.ndarray:
    """The IDX file `name` (raw, or `name`.gz) in `folder` as a uint8 array."""
    for path in (folder / name, folder / f"{name}.gz"):
        if path.exists():
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            dims = raw[3]
            shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise SystemExit(f"{folder / name}[.gz]: not found")
