"""Reference values for nncut's MLP forward pass, gradients and Adam, from PyTorch.

Writes reference/train/fixture.json, which tests/train_reference.rs reads. Run from
the repository root with any `python3` that has torch installed:

    python3 reference/train/reference.py

A tiny MLP (6-5-4-3) gets fixed weights from a formula (no random generator, so
nothing depends on PyTorch's RNG). For every activation the script records, in
float32: the logits of a batch of 4 rows (evaluation mode), the mean cross-entropy
and every parameter's gradient, and the losses and parameters over three Adam steps
(torch.optim.Adam, lr 1e-3, betas 0.9/0.999, eps 1e-8) on that batch.
"""

import json
import math
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from torch_nets import ACTIVATIONS, Mlp  # noqa: E402

SIZES = [6, 5, 4, 3]
ROWS = 4
LABELS = [0, 2, 1, 2]
ADAM_STEPS = 3

def fixed_weights():
    """Weights and biases from smooth formulas, spread over about +-0.9."""
    layers = []
    for layer, (fan_in, fan_out) in enumerate(zip(SIZES, SIZES[1:])):
        weight = [
            [0.9 * math.sin(1.3 * (o * fan_in + i) + 0.7 * layer + 0.1) for i in range(fan_in)]
            for o in range(fan_out)
        ]
        bias = [0.3 * math.cos(2.1 * o + layer) for o in range(fan_out)]
        layers.append((weight, bias))
    return layers


def fixed_inputs():
    return [[0.5 + 0.5 * math.cos(0.9 * (r * SIZES[0] + c)) for c in range(SIZES[0])]
            for r in range(ROWS)]


def as_floats(tensor):
    return [float(value) for value in tensor.detach().reshape(-1)]


def parameters_of(model):
    return {name: as_floats(value) for name, value in model.state_dict().items()}


def gradients_of(model):
    return {name: as_floats(parameter.grad) for name, parameter in model.named_parameters()}


def record(activation_name, weights, inputs, labels):
    model = Mlp(SIZES, ACTIVATIONS[activation_name])
    with torch.no_grad():
        for index, (weight, bias) in enumerate(weights):
            layer = getattr(model, f"fc{index + 1}")
            layer.weight.copy_(torch.tensor(weight))
            layer.bias.copy_(torch.tensor(bias))
    model.eval()

    logits = model(inputs)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    result = {"logits": as_floats(logits), "loss": loss.item(), "gradients": gradients_of(model)}

    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    model.zero_grad()
    losses = []
    for _ in range(ADAM_STEPS):
        optimiser.zero_grad()
        step_loss = nn.functional.cross_entropy(model(inputs), labels)
        step_loss.backward()
        optimiser.step()
        losses.append(step_loss.item())
    result["adam_losses"] = losses
    result["adam_parameters"] = parameters_of(model)
    return result


def main():
    torch.set_num_threads(1)
    weights = fixed_weights()
    inputs_list = fixed_inputs()
    inputs = torch.tensor(inputs_list, dtype=torch.float32)
    labels = torch.tensor(LABELS)

    fixture = {
        "torch_version": torch.__version__,
        "sizes": SIZES,
        "inputs": as_floats(inputs),
        "labels": LABELS,
        "adam_steps": ADAM_STEPS,
        "parameters": {
            name: as_floats(torch.tensor(values, dtype=torch.float32))
            for index, (weight, bias) in enumerate(weights)
            for name, values in ((f"fc{index + 1}.weight", weight), (f"fc{index + 1}.bias", bias))
        },
        "activations": {
            name: record(name, weights, inputs, labels) for name in ACTIVATIONS
        },
    }
    path = Path(__file__).with_name("fixture.json")
    path.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
