"""Reference n-cut of a tiny network's weights graph for tests/graph_analyze_cli.rs.

Reads import_ten_layers.safetensors (written by import_fixtures.py: ten linear
layers, 4-5-...-13-2, PyTorch's random initialisation), builds the |w| graph and
clusters it exactly as analyze_reference.py does (NumPy, SciPy, scikit-learn),
for k = 2 and k = 3. Writes analyze_small_fixture.json.

Run with any python3 that has numpy, scipy, scikit-learn and safetensors:
    python3 analyze_small_reference.py
"""

import json
import pathlib

import numpy as np
from safetensors.numpy import load_file

from analyze_reference import ncut

HERE = pathlib.Path(__file__).parent
SEED = 0
RESTARTS = 10


def main():
    tensors = load_file(HERE / "import_ten_layers.safetensors")
    blocks = [np.abs(tensors[f"fc{n}.weight"].astype(np.float64)).T for n in range(1, 11)]
    result = {str(k): ncut(blocks, k, SEED, RESTARTS) for k in (2, 3)}
    out = HERE / "analyze_small_fixture.json"
    out.write_text(json.dumps({"model": "import_ten_layers.safetensors", "k": result}, indent=1) + "\n")


if __name__ == "__main__":
    main()
