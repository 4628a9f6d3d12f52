#!/usr/bin/env bash
# CI: build the wheel, install it (core dependencies from the package index) into a fresh venv outside the
# checkout, extract one bundled sample from /tmp and compare the record with the checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=$(mktemp -d /tmp/gk-wheel-XXXX)
trap 'rm -rf "$WORK"' EXIT
.venv/bin/python -m pip wheel --no-deps --no-build-isolation -q -w "$WORK/dist" .
python3 -m venv "$WORK/venv"
# the core dependencies at the versions the tests ran with (requirements.txt as constraints: no torch)
sed 's/\[[^]]*\]//' requirements.txt > "$WORK/constraints.txt"   # pip constraints take no extras
"$WORK/venv/bin/pip" install -q -c "$WORK/constraints.txt" "$WORK"/dist/gkextract-*.whl
SAMPLE=corpus/samples/synth_2024_0006_pdf.pdf
cp "$SAMPLE" "$WORK/"
cd /tmp
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" --version
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" extract "$WORK/$(basename "$SAMPLE")" --out "$WORK/wheel"
env -u GKEXTRACT_HOME "$REPO/.venv/bin/gkextract" extract "$WORK/$(basename "$SAMPLE")" --out "$WORK/checkout"
# the other core commands run without the training stack: check, the store, the summary
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" check "$WORK/$(basename "$SAMPLE")" >/dev/null || [ $? -eq 1 ]
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" extract "$WORK/$(basename "$SAMPLE")" --db "$WORK/gk.duckdb" >/dev/null
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" summarize --db "$WORK/gk.duckdb" --out "$WORK/summary.html" -q
grep -q "<svg" "$WORK/summary.html"
"$WORK/venv/bin/python" - "$WORK" <<'PY'
import json, sys
from pathlib import Path
import gkextract
work = Path(sys.argv[1])
assert Path(gkextract.__file__).is_relative_to(work / "venv"), gkextract.__file__
for name in ("torch", "transformers", "datasets"):
    try:
        __import__(name)
        sys.exit(f"the core install pulled in {name}")
    except ImportError:
        pass
a = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((work / "wheel").glob("*.json"))]
b = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((work / "checkout").glob("*.json"))]
assert a and a == b, "the wheel's record differs from the checkout's"
print("wheel smoke test ok: the record from the installed wheel equals the checkout's")
PY
