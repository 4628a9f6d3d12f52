"""Figure P/R/F1 per label on the hand-labelled openings (dev / test split by agency) and the real reports.

    python benchmarks/figures_eval.py [--part dev|test|real|all] [--tagger rules|bert|PATH] [--errors] [--json]

Protocol: rules and models are developed looking only at ``dev`` (``--errors`` refuses to list ``test``
errors); ``test`` is scored at the end. Matching: (label, value) multisets and span-exact
(label, value, text) — gkextract.models.figure_scores.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from gkextract.models.figure_scores import score_tagger, summary, value_key


def data(part: str):
    from gkextract.corpus import gold_reports
    from gkextract.openings import dev_test_split, labelled_openings

    out = {}
    if part in ("dev", "test", "all"):
        dev, test = dev_test_split(labelled_openings())
        if part in ("dev", "all"):
            out["dev"] = [(o.gold.figures, o.doc, o.id) for o in dev]
        if part in ("test", "all"):
            out["test"] = [(o.gold.figures, o.doc, o.id) for o in test]
    if part in ("real", "all"):
        out["real"] = [(r.record.figures, r.doc, r.id) for r in gold_reports()]
    return out


def tagger_of(name: str):
    if name == "rules":
        from gkextract.figures import RuleFigureTagger
        return RuleFigureTagger()
    if name.endswith(".py"):  # another rules module (e.g. an earlier version) with tag_text(text, offset)
        import importlib.util

        from gkextract.figures import prose_blocks
        spec = importlib.util.spec_from_file_location("other_rules", name)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["other_rules"] = mod
        spec.loader.exec_module(mod)

        class Other:
            def tag(self, doc):
                return [f for t, o in prose_blocks(doc) for f in mod.tag_text(t, offset=o)]
        return Other()
    from gkextract.models.bert_figures import BertFigureTagger
    from gkextract.paths import MODELS
    return BertFigureTagger.load(MODELS / "figures_bert" if name == "bert" else name)


def table(name: str, res: dict) -> str:
    lines = [f"## {name}: values P/R/F1 | spans P/R/F1"]
    v, s = res["values"], res["spans"]
    for lab in ["micro"] + list(v["per_label"]):
        a = v["micro"] if lab == "micro" else v["per_label"][lab]
        b = s["micro"] if lab == "micro" else s["per_label"].get(lab, {"p": 0, "r": 0, "f1": 0})
        lines.append(f"{lab:18} {a['p']:.3f} {a['r']:.3f} {a['f1']:.3f} | {b['p']:.3f} {b['r']:.3f} "
                     f"{b['f1']:.3f}  (gold {a['tp'] + a['fn']})")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="dev")
    ap.add_argument("--tagger", default="rules")
    ap.add_argument("--errors", action="store_true", help="list dev/real errors (never test)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    tagger = tagger_of(args.tagger)
    out = {}
    for name, items in data(args.part).items():
        sc = score_tagger(tagger, [(g, d) for g, d, _ in items])
        out[name] = {"n": len(items), "values": summary(sc["values"]), "spans": summary(sc["spans"])}
        if args.errors and name != "test":
            for g, d, i in items:
                pred = tagger.tag(d)
                gk = Counter((f.label, value_key(f)[1], f.text) for f in g)
                pk = Counter((f.label, value_key(f)[1], f.text) for f in pred)
                gv, pv = Counter(map(value_key, g)), Counter(map(value_key, pred))
                miss = [f for f in g if (gv - pv)[value_key(f)]]
                spur = [f for f in pred if (pv - gv)[value_key(f)]]
                if miss or spur:
                    print(f"[{name} {i}]")
                    for f in miss:
                        print(f"   missed   {f.label:17} {f.value!s:>8} {f.text}  «{d.text[max(0, (f.start or 0) - 25):(f.end or 0) + 8]!r}»" if f.start is not None else f"   missed   {f.label:17} {f.value!s:>8} {f.text}")
                    for f in spur:
                        ctx = d.text[max(0, (f.start or 0) - 25):(f.end or 0) + 8] if f.start is not None else ""
                        print(f"   spurious {f.label:17} {f.value!s:>8} {f.text}  «{ctx!r}»")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for name, res in out.items():
            print(table(f"{name} (n={res['n']})", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
