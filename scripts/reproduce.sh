#!/usr/bin/env bash
# The main job on a fresh machine: fetch and verify the datasets, build nncut,
# and reproduce the paper's Tables 1 and 2. Arguments go to `nncut reproduce`
# (e.g. --seeds 3, --quick, --out DIR); see `nncut reproduce --help`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything but the reproduction itself speaks on stderr, so --json output stays clean.
scripts/fetch-data.sh >&2
cargo build --release --quiet >&2
target/release/nncut reproduce "$@"
