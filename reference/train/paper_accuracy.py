"""Train the paper's MLP in PyTorch and print its test accuracy per epoch.

An independent check of the accuracies `nncut reproduce` reaches: the same
setup (784-256x4-10, activation after each hidden layer, optional dropout after
each hidden activation, PyTorch's default initialisation, Adam lr 1e-3, batch
128, reshuffled every epoch, pixels scaled to [0, 1]).

Needs numpy and torch. Usage:
    python3 reference/train/paper_accuracy.py DATA_DIR DATASET ACTIVATION DROPOUT [EPOCHS] [SEED]
e.g. python3 reference/train/paper_accuracy.py data fashion-mnist relu 0.5 20 0
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from torch_nets import ACTIVATIONS, Mlp, read_idx  # noqa: E402


def main() -> None:
    data_dir, dataset, activation, dropout = sys.argv[1:5]
    epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)

    folder = Path(data_dir) / dataset
    train_x = torch.tensor(read_idx(folder, "train-images-idx3-ubyte").reshape(-1, 784) / 255.0)
    train_y = torch.tensor(read_idx(folder, "train-labels-idx1-ubyte").astype(np.int64))
    test_x = torch.tensor(read_idx(folder, "t10k-images-idx3-ubyte").reshape(-1, 784) / 255.0)
    test_y = torch.tensor(read_idx(folder, "t10k-labels-idx1-ubyte").astype(np.int64))
    train_x, test_x = train_x.float(), test_x.float()

    model = Mlp([784, 256, 256, 256, 256, 10], ACTIVATIONS[activation], float(dropout))
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    accuracies = []
    for _ in range(epochs):
        model.train()
        for batch in torch.randperm(len(train_x)).split(128):
            optimiser.zero_grad()
            loss_fn(model(train_x[batch]), train_y[batch]).backward()
            optimiser.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
        accuracies.append(round(100 * accuracy, 2))
    print(json.dumps({"dataset": dataset, "activation": activation, "dropout": float(dropout),
                      "seed": seed, "epochs": epochs, "test_accuracy_per_epoch": accuracies}))


if __name__ == "__main__":
    main()
