#!/usr/bin/env bash
# Benchmark: the Spearman graph of the paper's MLP (784-256-256-256-256-10) over
# 10 000 inputs (the MNIST test images if nncut finds them: NNCUT_DATA or ./data,
# else MNIST-like synthetic images), nncut (release, pinned to 2 cores) against SciPy's spearmanr
# called edge by edge on a sample of edges (the paper's approach), extrapolated
# to all 399 872 edges. Target: nncut under 2 s. Prints medians and the ratio.
#
# Usage: bench/spearman.sh [RUST_RUNS] [SCIPY_EDGES_PER_RUN] [SCIPY_RUNS]
# Creates bench/.venv (git-ignored) with numpy and scipy from PyPI on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

rust_runs=${1:-7}
scipy_edges=${2:-200}
scipy_runs=${3:-5}

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet numpy scipy
fi

cores=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    cores=(taskset -c 0,1)
fi

cargo build --quiet --release --bench spearman
binary=$(cargo bench --no-run --bench spearman --message-format=json 2>/dev/null |
    bench/.venv/bin/python -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "spearman" \
            and message.get("executable"):
        print(message["executable"])')

rust=$("${cores[@]}" "$binary" "$rust_runs")
scipy=$("${cores[@]}" bench/.venv/bin/python bench/spearman_scipy.py "$scipy_edges" "$scipy_runs")

bench/.venv/bin/python - "$rust" "$scipy" <<'PY'
import json, sys
rust, scipy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"nncut Spearman graph, {rust['edges']} edges over {rust['samples']} {rust['inputs']}:")
print(f"  median {rust['median_s']:.3f} s over {len(rust['runs'])} runs "
      f"(min {min(rust['runs']):.3f}, max {max(rust['runs']):.3f}); target < 2 s")
print(f"  constant neurons per layer: {rust['constant_neurons']}")
print(f"SciPy spearmanr per edge: median {scipy['median_s_per_edge'] * 1e3:.3f} ms "
      f"over {len(scipy['runs_s_per_edge'])} runs of {scipy['edges_per_run']} edges")
print(f"  extrapolated to {scipy['total_edges']} edges: {scipy['extrapolated_total_s']:.0f} s")
print(f"ratio SciPy / nncut: {scipy['extrapolated_total_s'] / rust['median_s']:.0f}x")
PY
