"""End to end on the real reports beside the repository: meta, sections and every table cell as gold."""
import json

import pytest

from gkextract import extract


def _cells(tables: dict) -> dict:
    out = {}
    for name in ("proactive", "requests", "review_litigation"):
        for row, cols in (tables.get(name) or {}).items():
            if isinstance(cols, dict) and row != "units":
                out.update({f"{name}.{row}.{c}": v for c, v in cols.items()})
    for i, s in enumerate(tables.get("legacy_stats") or []):
        out[f"legacy.{i}.{s['label']}"] = s["value"]
    return out


def _cases(corpus):
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        yield gold_path.stem, corpus / gold["source"]["path"], gold


def test_gold_reports(shared_corpus):
    for name, source, gold in _cases(shared_corpus):
        record = extract(source).to_dict()
        for field in ("agency", "year", "template"):
            assert record[field] == gold[field], (name, field)
        assert [(s["key"], s["title"]) for s in record["sections"]] == \
               [(s["key"], s["title"]) for s in gold["sections"]], name
        assert _cells(record["tables"]) == _cells(gold["tables"]), name
        assert record["tables"]["proactive"].get("units", {}) == gold["tables"]["proactive"].get("units", {})
        assert record["source"]["sha256"] == gold["source"]["sha256"]
