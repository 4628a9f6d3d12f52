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
"$WORK/venv/bin/pip" install -q -c requirements.txt "$WORK"/dist/gkextract-*.whl
SAMPLE=corpus/samples/synth_2024_0006_pdf.pdf
cp "$SAMPLE" "$WORK/"
cd /tmp
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" --version
env -u GKEXTRACT_HOME "$WORK/venv/bin/gkextract" extract "$WORK/$(basename "$SAMPLE")" --out "$WORK/wheel"
env -u GKEXTRACT_HOME "$REPO/.venv/bin/gkextract" extract "$WORK/$(basename "$SAMPLE")" --out "$WORK/checkout"
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
