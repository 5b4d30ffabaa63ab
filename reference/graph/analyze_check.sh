#!/usr/bin/env bash
# Acceptance check of issue 5: `nncut analyze` against the NumPy/SciPy/scikit-learn
# reference on the same PyTorch-trained weights and the same test images.
#
# 1. reference/graph/analyze_reference.py trains the paper MLP briefly, saves
#    OUT/model.safetensors and writes the reference n-cuts to OUT/reference.json;
# 2. `nncut analyze OUT/model.safetensors --method both` (release build) writes
#    OUT/nncut.json;
# 3. both n-cuts must agree within 0.02, and the constant-neuron counts exactly.
#
# Usage: reference/graph/analyze_check.sh DATA_DIR [OUT] [reference options...]
# (e.g. --dataset fashion-mnist --activation sigmoid --epochs 1). Needs a python3
# with torch, safetensors, numpy, scipy and scikit-learn (or set PYTHON).
set -euo pipefail
cd "$(dirname "$0")/../.."

data_dir=${1:?usage: analyze_check.sh DATA_DIR [OUT] [reference options...]}
out=${2:-runs/analyze-reference}
shift $(( $# >= 2 ? 2 : 1 ))
python=${PYTHON:-python3}

"$python" reference/graph/analyze_reference.py --data-dir "$data_dir" --out "$out" "$@"

read -r dataset activation seed k restarts epsilon < <("$python" -c '
import json, sys
s = json.load(open(sys.argv[1]))["settings"]
print(s["dataset"], s["activation"], s["seed"], s["k"], s["restarts"], s["constant_epsilon"])
' "$out/reference.json")

cargo build --release --quiet
target/release/nncut --json analyze "$out/model.safetensors" --method both \
    --dataset "$dataset" --activation "$activation" --seed "$seed" --k "$k" \
    --restarts "$restarts" --constant-epsilon "$epsilon" --data-dir "$data_dir" \
    > "$out/nncut.json"

"$python" - "$out" <<'PY'
import json, pathlib, sys
TOLERANCE = 0.02
out = pathlib.Path(sys.argv[1])
reference = json.loads((out / "reference.json").read_text())
nncut = json.loads((out / "nncut.json").read_text())
ok = True
for method in ("weights", "spearman"):
    ours, theirs = nncut[method]["ncut"], reference[method]["ncut"]
    good = abs(ours - theirs) <= TOLERANCE
    ok &= good
    print(f"{method:8} nncut {ours:.4f}  reference {theirs:.4f}  "
          f"difference {ours - theirs:+.4f}  {'ok' if good else 'TOO FAR'}")
constant_ours = nncut["spearman"]["constant_neurons"]
constant_theirs = reference["spearman"]["constant_neurons"]
print(f"constant neurons: nncut {constant_ours}, reference {constant_theirs}")
ok &= constant_ours == constant_theirs
sys.exit(0 if ok else 1)
PY
