"""spaCy text classifiers built from configs/spacy/*.cfg: blank zh, jieba segmenter with the domain user
dictionary, a textcat or textcat_multilabel component; a plain, seeded training loop.

``SpacyTextClassifier(config_path, labels, seed)`` is a scikit-learn-like object: ``fit(texts, cats)``
returns self, ``scores(texts)`` gives {label: probability} per text, ``save(dir)`` / ``load(dir)``.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Optional, Sequence

from ..paths import CONFIGS

USERDICT = CONFIGS / "jieba_userdict.txt"
_jieba_ready = False


def setup_jieba(userdict: Path = USERDICT) -> None:
    """Load the domain user dictionary into jieba once (spaCy's zh tokenizer uses the global jieba)."""
    global _jieba_ready
    if _jieba_ready:
        return
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    if Path(userdict).exists():
        jieba.load_userdict(str(userdict))
    _jieba_ready = True


def load_config(path: Path | str):
    from thinc.api import Config

    return Config().from_disk(path)


class SpacyTextClassifier:
    """One spaCy text-classification pipeline (the config names the component and its model).

    ``config_path``: a configs/spacy/*.cfg file; ``labels``: every label the model may predict;
    ``seed``: seeds shuffling and initialisation; training parameters come from the config's [gk] section.
    """

    def __init__(self, config_path: Path | str, labels: Sequence[str], seed: int = 0):
        self.config_path = Path(config_path)
        self.labels = list(labels)
        self.seed = seed
        self.nlp = None

    @property
    def params(self) -> dict:
        cfg = self.nlp.config if self.nlp is not None else load_config(self.config_path)
        return dict(cfg.get("gk", {}))

    @property
    def component(self) -> str:
        return self.nlp.pipe_names[0]

    def _build(self):
        import spacy
        from spacy.util import load_model_from_config

        setup_jieba()
        spacy.util.fix_random_seed(self.seed)
        nlp = load_model_from_config(load_config(self.config_path), auto_fill=True)
        for label in self.labels:
            nlp.get_pipe(nlp.pipe_names[0]).add_label(label)
        return nlp

    def fit(self, texts: Sequence[str], cats: Sequence[dict[str, float]], epochs: Optional[int] = None
            ) -> "SpacyTextClassifier":
        """``cats``: one {label: 0/1} dict per text (every label present)."""
        import spacy
        from spacy.training import Example
        from spacy.util import minibatch

        self.nlp = nlp = self._build()
        p = self.params
        examples = [Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(c.get(lab, 0.0)) for lab in self.labels}})
                    for t, c in zip(texts, cats)]
        optimizer = nlp.initialize(lambda: examples)
        optimizer.learn_rate = float(p.get("learn_rate", 0.001))
        rng = random.Random(self.seed)
        for epoch in range(int(epochs or p.get("epochs", 10))):
            rng.shuffle(examples)
            losses: dict = {}
            for batch in minibatch(examples, size=int(p.get("batch_size", 16))):
                nlp.update(batch, drop=float(p.get("dropout", 0.1)), sgd=optimizer, losses=losses)
        spacy.util.fix_random_seed(self.seed)
        return self

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if self.nlp is None:
            raise RuntimeError("model not trained or loaded")
        return [dict(doc.cats) for doc in self.nlp.pipe(list(texts), batch_size=64)]

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(path)
        info = {"labels": self.labels, "seed": self.seed, "config": self.config_path.name, **(meta or {})}
        (path / "gk_meta.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "SpacyTextClassifier":
        import spacy

        setup_jieba()
        path = Path(path)
        info = json.loads((path / "gk_meta.json").read_text(encoding="utf-8"))
        obj = cls(CONFIGS / "spacy" / info.get("config", ""), info["labels"], info.get("seed", 0))
        obj.nlp = spacy.load(path)
        return obj
