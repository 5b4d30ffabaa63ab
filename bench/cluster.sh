#!/usr/bin/env bash
# Benchmark of `nncut cluster` (see bench/cluster.py for what is timed).
#
#   bench/cluster.sh [--repetitions N] [--large]
#
# Makes bench/.venv (numpy, scikit-learn from PyPI) if it is missing, builds the
# release binary, then times nncut, the paper's recipe and scikit-learn on the
# paper-shaped graph (784-256-256-256-256-10). With --large it also times nncut
# and scikit-learn on a 10 794-neuron network (784, eight hidden layers of 1250,
# 10; a 932 MB .npy), then runs nncut once with --verbose so that reading the
# file and clustering are reported apart. The paper's recipe is left out there:
# a dense non-symmetric eig grows as N^3 (9 s at 1818 nodes, ~30 min at 10 794).
set -euo pipefail
cd "$(dirname "$0")/.."

repetitions=5
large=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --repetitions) repetitions="$2"; shift 2 ;;
        --large) large=true; shift ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done

if [[ ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet numpy scikit-learn
fi
cargo build --release --quiet --bin nncut
binary=target/release/nncut
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

bench/.venv/bin/python bench/cluster.py "$binary" --repetitions "$repetitions" \
    --workdir "$workdir"

if $large; then
    layers=784,1250,1250,1250,1250,1250,1250,1250,1250,10
    bench/.venv/bin/python bench/cluster.py "$binary" --layers "$layers" \
        --repetitions 3 --contenders nncut,sklearn --workdir "$workdir"
    "$binary" --verbose cluster "$workdir/graph-${layers//,/-}.npy" --k 4 >/dev/null
fi
