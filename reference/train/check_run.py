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
import json
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from torch_nets import ACTIVATIONS, Mlp, read_idx  # noqa: E402

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
