#!/usr/bin/env bash
# One epoch of the paper MLP (784-256x4-10, ReLU, no dropout, batch 128, Adam),
# trained by PyTorch (2 threads) and by nncut (1 thread) in turn, ROUNDS times each
# (default 5), each run timing EPOCHS epochs (default 2) of training steps only.
# Prints every time, the median seconds per epoch of each and the ratio
# nncut / PyTorch.
#
# PyTorch runs in bench/.venv (created here; torch and numpy installed from PyPI
# when missing) with 2 threads and flush-to-zero, and OpenMP's passive wait policy
# (TORCH_WAIT_POLICY=active for its default): on a machine whose cores other jobs
# share, spinning OpenMP threads made PyTorch's epochs 10-40x slower, which would
# flatter nncut. nncut's bench target is built
# with the release profile and turns flush-to-zero on itself. Both train on MNIST
# when data/mnist (or $NNCUT_DATA/mnist) holds it, else on random pixels of the
# same shape; the output says which.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-5}"
EPOCHS="${EPOCHS:-2}"
VENV=bench/.venv

if ! "$VENV/bin/python" -c "import torch, numpy" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet torch numpy
fi

DATA=random
if [ -d "${NNCUT_DATA:-data}/mnist" ]; then
    DATA=mnist
fi

# Build once, then run the timing binary itself (cargo prints nothing between runs).
if ! BUILD_LOG="$(cargo bench --bench train_epoch --no-run 2>&1)"; then
    echo "$BUILD_LOG" >&2
    echo "error: could not build the train_epoch bench target" >&2
    exit 1
fi
NNCUT_BENCH="$(sed -n 's/^ *Executable .*(\(.*\))$/\1/p' <<< "$BUILD_LOG")"
nncut_epoch() { "$NNCUT_BENCH" --epochs "$EPOCHS" --data "$DATA"; }
torch_epoch() {
    OMP_WAIT_POLICY="${TORCH_WAIT_POLICY:-passive}" "$VENV/bin/python" bench/train_torch.py \
        --epochs "$EPOCHS" --data "$DATA"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
TORCH_TIMES=()
NNCUT_TIMES=()
for round in $(seq "$ROUNDS"); do
    TORCH_TIMES+=("$(torch_epoch)")
    NNCUT_TIMES+=("$(nncut_epoch)")
    echo "round $round: pytorch ${TORCH_TIMES[-1]}  nncut ${NNCUT_TIMES[-1]}" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$VENV/bin/python" - "$DATA" "$ROUNDS" "${TORCH_TIMES[@]}" "${NNCUT_TIMES[@]}" <<'PY'
import json, statistics, sys
data, rounds = sys.argv[1], int(sys.argv[2])
runs = [json.loads(line) for line in sys.argv[3:]]
groups = [runs[:rounds], runs[rounds:]]
times = [[s for run in group for s in run["seconds"]] for group in groups]
medians = [statistics.median(group) for group in times]
print(f"data: {data}, {rounds} alternating runs each, {len(times[0]) // rounds} epochs per run")
for name, median, group in zip(["pytorch", "nncut"], medians, times):
    listed = ", ".join(f"{s:.2f}" for s in group)
    print(f"{name + ':':9}median {median:.3f} s/epoch  (all: {listed})")
print(f"ratio nncut/pytorch: {medians[1] / medians[0]:.2f}")
PY
