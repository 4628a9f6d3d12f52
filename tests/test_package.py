"""gkextract as a package: the wheel carries its data and extracts like the checkout from any folder,
the core imports no training stack, --version / python -m / py.typed, the Python API, data lookup order."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import gkextract
from gkextract import paths

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"
HEAVY = ("torch", "transformers", "datasets", "accelerate", "seqeval")


def _run(args, cwd, env=None) -> subprocess.CompletedProcess:
    """A subprocess without this session's GKEXTRACT_* settings, plus ``env`` ("" removes a variable)."""
    full = {k: v for k, v in os.environ.items() if k not in ("GKEXTRACT_HOME", "GKEXTRACT_MODELS")}
    full.update(env or {})
    full = {k: v for k, v in full.items() if v != ""}
    return subprocess.run(args, cwd=cwd, env=full, capture_output=True, text=True, timeout=600)


def test_version_everywhere(tmp_path):
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert gkextract.__version__ == version == "0.2.0"
    gk = Path(sys.executable).with_name("gkextract")
    if gk.exists():
        assert _run([str(gk), "--version"], tmp_path).stdout.strip() == f"gkextract {version}"
    out = _run([sys.executable, "-m", "gkextract", "--version"], tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == f"gkextract {version}"
    assert (REPO / "gkextract" / "py.typed").exists()


def test_api_extract_and_check():
    sample = next(p for p in sorted(SAMPLES.glob("*.txt")))
    record = gkextract.extract(sample)
    assert isinstance(record, gkextract.Record)
    found = gkextract.check(sample)
    assert isinstance(found, list) and all(isinstance(c, gkextract.Check) for c in found)
    assert [c.rule for c in gkextract.check(record)] == [c.rule for c in gkextract.check(record)]
    # a record file is checked as it is; the generated samples carry faults, so some checks fail
    gold = sample.with_suffix(".json")
    assert [c.rule for c in gkextract.check(gold)] == [c.rule for c in gkextract.check(gkextract.Record.model_validate_json(gold.read_bytes()))]
    assert any(gkextract.check(p) for p in sorted(SAMPLES.glob("*.json")))


def test_core_imports_no_training_stack(tmp_path):
    code = ("import sys, gkextract, gkextract.cli, gkextract.store, gkextract.summarize.report, gkextract.review; "
            f"r = gkextract.extract({str(next(SAMPLES.glob('*.html')))!r}); gkextract.check(r); "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = _run([sys.executable, "-c", code], tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_selected_model_without_its_extra_falls_back_with_the_extra_named(tmp_path):
    """A selection that picks the transformer tagger, torch not installed: rule baseline, and the log says
    which extra installs it."""
    models = tmp_path / "models"
    (models / "figures_bert").mkdir(parents=True)
    (models / "selection.json").write_text(json.dumps({"figures": "figures_bert", "themes": "baseline",
                                                       "sections": "baseline"}))
    code = ("import sys, warnings; sys.modules.update({m: None for m in ('torch', 'transformers')}); "
            "warnings.simplefilter('always'); "
            "from gkextract.models import load_components; "
            f"c = load_components({str(models)!r}); print(c.used['figures'])")
    out = _run([sys.executable, "-c", code], tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "baseline"
    assert "gkextract[train]" in out.stderr


def test_data_lookup_order(tmp_path):
    """$GKEXTRACT_HOME wins per folder (a home with models/ only still gets the shipped configs); the
    checkout comes next; extract --models DIR sets the models folder for workers too."""
    (tmp_path / "home" / "models").mkdir(parents=True)
    code = "from gkextract import paths; print(paths.CONFIGS); print(paths.MODELS); print(paths.models_dir())"
    out = _run([sys.executable, "-c", code], tmp_path, env={"GKEXTRACT_HOME": str(tmp_path / "home"),
                                                            "GKEXTRACT_MODELS": str(tmp_path / "m2")})
    configs, models, chosen = out.stdout.split()
    assert Path(configs) == REPO / "configs"
    assert Path(models) == tmp_path / "home" / "models"
    assert Path(chosen) == tmp_path / "m2"
    assert paths.resolve("corpus/synth") == REPO / "corpus" / "synth"


# ---- the wheel ----------------------------------------------------------------------------------------

def _build_wheel(out: Path) -> Path:
    res = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                str(REPO)], REPO)
    assert res.returncode == 0, res.stderr
    return next(out.glob("gkextract-*.whl"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("dist"))


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "gkextract/_data/"
    for rel in ("configs/templates/tables.yaml", "configs/checks.yaml", "configs/themes.yaml",
                "configs/jieba_userdict.txt", "configs/spacy/sections.cfg", "models/selection.json",
                "corpus/synth/problems.yaml"):
        assert data + rel in names, rel
    for src in (REPO / "configs").rglob("*"):
        if src.is_file() and "__pycache__" not in src.parts:
            assert data + src.relative_to(REPO).as_posix() in names, src
    assert "gkextract/py.typed" in names
    assert {"gkextract/reviewer/templates/report.html", "gkextract/reviewer/templates/site.css"} <= names
    assert not any(n.endswith(".pyc") for n in names)


def test_wheel_installed_elsewhere_extracts_like_the_checkout(wheel, tmp_path):
    """A fresh venv holding only the wheel (its dependencies seen through a .pth to this environment's
    site-packages, not the checkout), run from a folder outside the checkout, gives the same records."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    res = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)], tmp_path)
    assert res.returncode == 0, res.stderr
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path).stdout.strip())
    # plain path lines: this environment's packages, without running its .pth files (the editable finder)
    (site / "_gk_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"GKEXTRACT_HOME": ""}
    where = _run([str(py), "-c", "import gkextract, gkextract.paths as p; print(gkextract.__file__); print(p.CONFIGS)"],
                 work, env=env)
    module, configs = where.stdout.split()
    assert Path(module).is_relative_to(env_dir) and Path(configs).is_relative_to(env_dir), where.stdout
    assert _run([str(env_dir / "bin" / "gkextract"), "--version"], work, env=env).stdout.strip() == \
        f"gkextract {gkextract.__version__}"

    inputs = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf"))
    got = _run([str(env_dir / "bin" / "gkextract"), "extract", *inputs, "--out", str(work / "out")], work, env=env)
    assert got.returncode == 0, got.stderr
    ref = _run([sys.executable, "-m", "gkextract", "extract", *inputs, "--out", str(tmp_path / "ref")], REPO)
    assert ref.returncode == 0, ref.stderr
    for p in inputs:
        stem = Path(p).stem
        assert json.loads((work / "out" / f"{stem}.json").read_text(encoding="utf-8")) == \
            json.loads((tmp_path / "ref" / f"{stem}.json").read_text(encoding="utf-8")), stem

    synth = _run([str(env_dir / "bin" / "gkextract"), "synth", "--n", "1", "--seed", "3", "--out",
                  str(work / "synth")], work, env=env)
    assert synth.returncode == 0, synth.stderr   # the phrase banks ship too


# modules that belong to an extra: their module-level imports may be the extra's packages
EXTRA_MODULES = {"gkextract/engines/dask_engine.py": "dask", "gkextract/readers/ocr.py": "ocr"}


def _core_closure() -> set[str]:
    """The core dependencies (pyproject.toml) and everything they require, as installed here."""
    import re
    from importlib import metadata

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    todo = [re.split(r"[<>=!\[; ]", d)[0] for d in
            tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]]
    seen: set[str] = set()
    while todo:
        name = norm(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            reqs = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [re.split(r"[<>=!\[; (]", r)[0] for r in reqs if "extra ==" not in r]
    return seen


def test_module_level_imports_are_core_dependencies():
    """What gkextract imports at module level comes with the core install (a missing line in pyproject's
    dependencies breaks the wheel, not the checkout whose venv has the full set)."""
    import ast
    import re
    from importlib import metadata

    provided = metadata.packages_distributions()
    core = _core_closure()
    missing = []
    for path in sorted((REPO / "gkextract").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel in EXTRA_MODULES:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "gkextract":
                    continue
                dists = {re.sub(r"[-_.]+", "-", d).lower() for d in provided.get(top, [])}
                if not dists & core:
                    missing.append(f"{rel}: {top}")
    assert not missing, missing
