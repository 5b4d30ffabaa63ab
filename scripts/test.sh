#!/usr/bin/env bash
# The test command: every unit and integration test. Needs no dataset and no
# network; the tests build the small files they read.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test
