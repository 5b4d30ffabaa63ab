"""Small PyTorch checkpoints for nncut's importer (tests/import_safetensors.rs).

Every file is a 4-3-2 network (or, for the ordering case, ten layers) saved by
PyTorch itself with `safetensors.torch.save_file(module.state_dict(), path)`:

- import_module_prefix.safetensors: wrapped in nn.DataParallel, so every name
  starts with `module.` (fc1.weight -> module.fc1.weight);
- import_layout.safetensors: fc1.weight[o][i] = (-1)^o (4 o + i + 1) / 8, a
  matrix that reads differently as [out, in] and as [in, out];
- import_no_bias.safetensors: `layers.0` / `layers.2` of an nn.Sequential
  (Linear, ReLU, Linear), without biases;
- import_bf16.safetensors, import_f16.safetensors, import_f64.safetensors: the
  layout network converted with .to(dtype), with 1/3 and pi among the weights
  (BF16 rounds them to 0.333984375 and 3.140625) and, in F16, the subnormal 2^-24;
- import_ten_layers.safetensors: fc1 ... fc10, sizes 4-5-...-13-2, so only a
  numeric order of the names chains;
- import_nan.safetensors: the layout network with fc2.bias[1] = NaN;
- import_broken_chain.safetensors: fc1 4->3 followed by fc2 5->2;
- import_state_dict.pt: the layout network's state_dict saved with torch.save
  (nncut does not read pickles and must say how to convert).

import_fixtures.json lists, per file, every layer's weight ([out, in]) and bias
as float32 values after the conversion PyTorch itself makes (`.float()`).

Run with any python3 that has torch and safetensors:  python3 import_fixtures.py
"""

import json
import math
import pathlib

import torch
from safetensors.torch import save_file
from torch import nn

HERE = pathlib.Path(__file__).parent
SEED = 5


class Net(nn.Module):
    def __init__(self, sizes, bias=True):
        super().__init__()
        for number, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            setattr(self, f"fc{number}", nn.Linear(fan_in, fan_out, bias=bias))


class SequentialNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(4, 3, bias=False), nn.ReLU(), nn.Linear(3, 2, bias=False))


def layout_net():
    net = Net([4, 3, 2])
    with torch.no_grad():
        weight = torch.tensor(
            [[(-1) ** o * (4 * o + i + 1) / 8 for i in range(4)] for o in range(3)]
        )
        net.fc1.weight.copy_(weight)
        net.fc1.bias.copy_(torch.tensor([0.5, -1.5, 2.0]))
        net.fc2.weight.copy_(torch.tensor([[1 / 3, math.pi, -2.0], [0.25, -1 / 3, 1e-3]]))
        net.fc2.bias.copy_(torch.tensor([-0.125, 4.0]))
    return net


def layers_of(state):
    """(weight, bias or None) per layer, in the order the module defines them."""
    names = [name for name in state if name.endswith("weight")]
    result = []
    for name in names:
        bias = state.get(name[: -len("weight")] + "bias")
        result.append({
            "weight": state[name].float().tolist(),
            "bias": None if bias is None else bias.float().tolist(),
        })
    return result


def save(name, module, expected):
    state = {key: value.contiguous() for key, value in module.state_dict().items()}
    save_file(state, HERE / name)
    expected[name] = {"names": list(state), "layers": layers_of(state)}


def main():
    torch.manual_seed(SEED)
    expected = {}

    save("import_module_prefix.safetensors", nn.DataParallel(Net([4, 3, 2])), expected)
    save("import_layout.safetensors", layout_net(), expected)
    save("import_no_bias.safetensors", SequentialNet(), expected)
    with torch.no_grad():
        half = layout_net().to(torch.float16)
        half.fc1.bias[0] = 2.0**-24
    save("import_bf16.safetensors", layout_net().to(torch.bfloat16), expected)
    save("import_f16.safetensors", half, expected)
    save("import_f64.safetensors", layout_net().to(torch.float64), expected)
    save("import_ten_layers.safetensors", Net(list(range(4, 14)) + [2]), expected)

    with torch.no_grad():
        poisoned = layout_net()
        poisoned.fc2.bias[1] = float("nan")
    save_file(poisoned.state_dict(), HERE / "import_nan.safetensors")

    broken = {
        "fc1.weight": torch.ones(3, 4), "fc1.bias": torch.zeros(3),
        "fc2.weight": torch.ones(2, 5), "fc2.bias": torch.zeros(2),
    }
    save_file(broken, HERE / "import_broken_chain.safetensors")

    torch.save(layout_net().state_dict(), HERE / "import_state_dict.pt")

    text = json.dumps({"seed": SEED, "files": expected}, indent=1)
    (HERE / "import_fixtures.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
