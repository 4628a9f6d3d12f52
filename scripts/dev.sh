#!/usr/bin/env bash
# One entry point for the README's two set-up commands; each works on a fresh machine.
#   bash scripts/dev.sh sample   install (once), then extract the bundled sample reports into gkextract.duckdb
#   bash scripts/dev.sh test     install (once), then run the test suite
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_venv() {
  if [ ! -x .venv/bin/gkextract ] || [ requirements.txt -nt .venv/.installed ]; then
    python3 -m venv .venv
    # torch==2.13.0 is pinned in requirements.txt beside everything that depends on it (CPU wheel)
    .venv/bin/pip install -q -r requirements.txt
    .venv/bin/pip install -q --no-deps -e .
    touch .venv/.installed
  elif [ pyproject.toml -nt .venv/.installed ] || [ setup.py -nt .venv/.installed ]; then
    # the package's metadata changed (version, entry points, package data): reinstall it alone
    .venv/bin/pip install -q --no-deps -e .
    touch .venv/.installed
  fi
}

case "${1:-}" in
  sample)
    ensure_venv
    .venv/bin/gkextract extract corpus/samples --out out/samples --db gkextract.duckdb
    ;;
  test)
    ensure_venv
    shift
    .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh sample|test" >&2
    exit 2
    ;;
esac
