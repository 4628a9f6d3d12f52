"""Install time and size: the core install (the wheel and its own dependencies) vs the full one
(requirements.txt: training stack, test tools), each in a fresh venv; plus what the wheel holds.

usage: python benchmarks/install_size.py [--json OUT] [--keep DIR]

Packages come from the configured index (PyPI, or a local mirror) with pip's cache as it is: run it once
to warm the cache, the second run's numbers are the ones to compare. The core venv then extracts one
bundled sample from /tmp, as a new user would. Not a test: timings depend on the machine and the network.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _run(args: list, cwd: Path = REPO) -> float:
    start = time.perf_counter()
    subprocess.run([str(a) for a in args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return round(time.perf_counter() - start, 1)


def build_wheel(out: Path) -> Path:
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, REPO])
    return next(out.glob("gkextract-*.whl"))


def wheel_contents(wheel: Path) -> dict:
    zf = zipfile.ZipFile(wheel)
    parts: dict[str, int] = {}
    for info in zf.infolist():
        name = info.filename
        key = ("/".join(name.split("/")[:3]) if name.startswith("gkextract/_data/") else
               "gkextract (code)" if name.startswith("gkextract/") else "metadata")
        parts[key] = parts.get(key, 0) + info.file_size
    return {"wheel_mb": round(wheel.stat().st_size / 2**20, 2), "files": len(zf.infolist()),
            "unpacked_mb": {k: round(v / 2**20, 2) for k, v in sorted(parts.items())}}


def install(kind: str, wheel: Path, root: Path) -> dict:
    env = root / kind
    seconds = _run([sys.executable, "-m", "venv", env])
    pip = [env / "bin" / "python", "-m", "pip", "install", "-q"]
    if kind == "core":
        seconds += _run([*pip, wheel])
    else:  # what scripts/dev.sh does: the pinned full set, then the package without its dependencies
        seconds += _run([*pip, "-r", REPO / "requirements.txt"])
        seconds += _run([*pip, "--no-deps", wheel])
    site = next((env / "lib").glob("python3*/site-packages"))
    heavy = [m for m in ("torch", "transformers", "datasets", "accelerate", "seqeval") if (site / m).exists()]
    return {"seconds": round(seconds, 1), "venv_mb": round(_size(env) / 2**20), "training_stack": heavy}


def smoke(env: Path, tmp: Path) -> bool:
    """The core install extracts one bundled sample from outside the checkout."""
    sample = REPO / "corpus" / "samples" / "synth_2024_0004_html.html"
    subprocess.run([env / "bin" / "gkextract", "extract", sample, "--out", tmp / "smoke"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (tmp / "smoke" / f"{sample.stem}.json").exists()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="build the venvs here and keep them")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="gk-install-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        wheel = build_wheel(root / "dist")
        result = {"wheel": wheel_contents(wheel)}
        for kind in ("core", "full"):
            result[kind] = install(kind, wheel, root)
            print(kind, result[kind], flush=True)
        result["core"]["extracts_from_tmp"] = smoke(root / "core", root)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    text = json.dumps(result, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
