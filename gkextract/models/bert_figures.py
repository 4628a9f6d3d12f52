"""Transformer figure tagger: a small BERT trained from scratch on characters (token classification).

No Chinese BERT weights are available offline, so the model (configs/figures/bert.yaml: 2 layers x 128
hidden) is initialised randomly and trained on our own BIO data. Tokenizer: a ``tokenizers``
WordLevel vocabulary over single characters with the pre-tokenizer ``Split(Regex(r"\\S"), "isolated")``,
wrapped in ``PreTrainedTokenizerFast`` (``BertTokenizerFast(vocab_file=...)`` silently ignores the file in
transformers 5). Lines without any digit or Chinese numeral cannot state a figure and are skipped.

Stacking (``stack_rules`` in the config): every character also carries the rule tagger's tag — its B/I/O
position as BERT's token type (3 types) and its label as the embedding of a hint token (``[R:RATE]``…,
vocabulary entries no text produces) added to the character's embedding, so save/load stay plain
``from_pretrained``. ``char_dropout`` replaces characters by [UNK] at random during training so that the
model does not rely on the exact wording of the generated training phrases. Trained on characters alone the
model learned those phrases and found almost nothing in real reports.
"""
from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

import yaml

from ..paths import CONFIGS
from .figures import SequenceFigureTagger

BERT_CONFIG = CONFIGS / "figures" / "bert.yaml"
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
_HAS_NUMBER = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万两]")


def has_number(text: str) -> bool:
    return bool(_HAS_NUMBER.search(text))


def hint_tokens() -> list[str]:
    """Vocabulary entries (never produced from text) whose embeddings carry the rule baseline's label."""
    from ..record import FIGURE_LABELS

    return ["[R:O]"] + [f"[R:{lab}]" for lab in FIGURE_LABELS]


def build_tokenizer(texts: Sequence[str], min_count: int = 1):
    """A one-token-per-character fast tokenizer whose vocabulary is the characters of ``texts`` (plus the
    rule-hint entries of :func:`hint_tokens`, which no text tokenizes to)."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    counts = Counter(ch for t in texts for ch in t if not ch.isspace())
    vocab = {tok: i for i, tok in enumerate(SPECIALS + hint_tokens())}
    for ch, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= min_count and ch not in vocab:
            vocab[ch] = len(vocab)
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"\S"), "isolated")
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")


def windows(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, piece) windows of at most ``size`` characters, cut after punctuation where possible."""
    out, pos = [], 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = max(text.rfind(p, pos + size // 2, end) for p in "。；;，,")
            if cut > pos:
                end = cut + 1
        out.append((pos, text[pos:end]))
        pos = end
    return out


def merge_runs(tags: Sequence[str]) -> list[str]:
    """Contiguous non-O characters become one entity with the majority type (per-character classifiers
    flip types inside a span: 主动|公|开… would otherwise be several entities)."""
    out = ["O"] * len(tags)
    i = 0
    while i < len(tags):
        if tags[i] == "O":
            i += 1
            continue
        j = i
        while j < len(tags) and tags[j] != "O":
            j += 1
        votes = Counter(t[2:] for t in tags[i:j])
        label = max(votes, key=lambda k: (votes[k], -min(n for n in range(i, j) if tags[n][2:] == k)))
        out[i] = f"B-{label}"
        for k in range(i + 1, j):
            out[k] = f"I-{label}"
        i = j
    return out


class BertFigureTagger(SequenceFigureTagger):
    """``fit(texts, tags)``, ``predict_tags(texts)``, ``save``/``load``; parameters from bert.yaml."""

    name = "bert"

    def __init__(self, model_params: Optional[dict] = None, training: Optional[dict] = None, seed: int = 0):
        cfg = yaml.safe_load(BERT_CONFIG.read_text(encoding="utf-8"))
        self.model_params = {**cfg["model"], **(model_params or {})}
        self.training = {**cfg["training"], **(training or {})}
        self.seed = seed
        self.labels: list[str] = []
        self.model = None
        self.tokenizer = None

    @property
    def stack_rules(self) -> bool:
        return bool(self.training.get("stack_rules", False))

    def _encode(self, texts: Sequence[str], tags: Optional[Sequence[Sequence[str]]] = None):
        """Token ids per window, with the character offset of each token (and label ids when training).

        With ``stack_rules`` each token also carries what the rule baseline says about its character: the
        B/I/O position as its token type (BERT's segment embedding, 3 types) and the label as a hint token
        whose embedding is added to the character's (``[R:PROACTIVE_TOTAL]``, ``[R:O]``)."""
        from .figures import rule_tags

        size = int(self.training["max_length"])
        lab = {t: k for k, t in enumerate(self.labels)}
        rules = rule_tags(texts) if self.stack_rules else None
        hint_id = self.tokenizer.convert_tokens_to_ids if rules is not None else None
        items = []
        for i, text in enumerate(texts):
            for off, piece in windows(text, size):
                enc = self.tokenizer(piece, add_special_tokens=False, return_offsets_mapping=True)
                starts = [off + s for s, _ in enc["offset_mapping"]]
                item = {"line": i, "ids": enc["input_ids"], "starts": starts}
                if rules is not None:
                    item["types"] = [" BI".index(rules[i][s][0]) if rules[i][s] != "O" else 0 for s in starts]
                    item["hints"] = [hint_id(f"[R:{rules[i][s][2:] or 'O'}]") for s in starts]
                if tags is not None:
                    item["labels"] = [lab.get(tags[i][s], 0) for s in starts]
                items.append(item)
        return items

    def fit(self, texts: Sequence[str], tags: Sequence[Sequence[str]], labels: Sequence[str]
            ) -> "BertFigureTagger":
        import torch
        from transformers import BertConfig, BertForTokenClassification, get_linear_schedule_with_warmup

        tr = self.training
        torch.set_num_threads(int(tr.get("threads", 2)))
        torch.manual_seed(self.seed)
        random.seed(self.seed)
        keep = [(t, g) for t, g in zip(texts, tags) if has_number(t)]
        self.labels = list(labels)
        self.tokenizer = build_tokenizer([t for t, _ in keep], int(tr.get("min_char_count", 1)))
        config = BertConfig(vocab_size=len(self.tokenizer), num_labels=len(self.labels),
                            id2label=dict(enumerate(self.labels)),
                            label2id={l: i for i, l in enumerate(self.labels)},
                            pad_token_id=self.tokenizer.pad_token_id,
                            type_vocab_size=3 if self.stack_rules else 2, **self.model_params)
        self.model = BertForTokenClassification(config)
        items = [x for x in self._encode([t for t, _ in keep], [g for _, g in keep]) if x["ids"]]
        bs = int(tr["batch_size"])
        steps = max(1, math.ceil(len(items) / bs) * int(tr["epochs"]))
        opt = torch.optim.AdamW(self.model.parameters(), lr=float(tr["learning_rate"]),
                                weight_decay=float(tr["weight_decay"]))
        sched = get_linear_schedule_with_warmup(opt, int(steps * float(tr["warmup_ratio"])), steps)
        rng = random.Random(self.seed)
        # entity characters are rare: weigh the O class down so the model does not settle on all-O
        weight = torch.ones(len(self.labels))
        weight[self.labels.index("O")] = float(tr.get("o_weight", 1.0))
        loss_fn = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=-100)
        char_dropout = float(tr.get("char_dropout", 0.0))
        gen = torch.Generator().manual_seed(self.seed)
        self.model.train()
        for _ in range(int(tr["epochs"])):
            order = list(range(len(items)))
            rng.shuffle(order)
            # length-sorted chunks of shuffled order: less padding, still random
            chunks = [order[i:i + bs * 20] for i in range(0, len(order), bs * 20)]
            for chunk in chunks:
                chunk.sort(key=lambda k: len(items[k]["ids"]))
                for b in range(0, len(chunk), bs):
                    batch = [items[k] for k in chunk[b:b + bs]]
                    ids, mask, types, hints, lab = self._pad(batch, with_labels=True)
                    if char_dropout:
                        # characters replaced by [UNK] at random: the model must not lean on seeing exactly
                        # the characters of the training phrases (real reports use others)
                        drop = (torch.rand(ids.shape, generator=gen) < char_dropout) & mask.bool()
                        ids = ids.masked_fill(drop, self.tokenizer.unk_token_id)
                    logits = self._logits(ids, mask, types, hints)
                    loss = loss_fn(logits.reshape(-1, logits.shape[-1]), lab.reshape(-1))
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                    opt.step()
                    sched.step()
                    opt.zero_grad()
        self.model.eval()
        return self

    def _pad(self, batch, with_labels=False):
        import torch

        n = max(len(x["ids"]) for x in batch)
        pad = self.tokenizer.pad_token_id
        ids = torch.tensor([x["ids"] + [pad] * (n - len(x["ids"])) for x in batch])
        mask = torch.tensor([[1] * len(x["ids"]) + [0] * (n - len(x["ids"])) for x in batch])
        types = torch.tensor([x.get("types", [0] * len(x["ids"])) + [0] * (n - len(x["ids"])) for x in batch])
        hints = torch.tensor([x.get("hints", [pad] * len(x["ids"])) + [pad] * (n - len(x["ids"])) for x in batch])
        if not with_labels:
            return ids, mask, types, hints, None
        lab = torch.tensor([x["labels"] + [-100] * (n - len(x["labels"])) for x in batch])
        return ids, mask, types, hints, lab

    def _logits(self, ids, mask, types, hints):
        if not self.stack_rules:
            return self.model(input_ids=ids, attention_mask=mask).logits
        emb = self.model.bert.embeddings.word_embeddings
        return self.model(inputs_embeds=emb(ids) + emb(hints), attention_mask=mask, token_type_ids=types).logits

    def predict_tags(self, texts: Sequence[str]) -> list[list[str]]:
        import torch

        if self.model is None:
            raise RuntimeError("model not trained or loaded")
        out = [["O"] * len(t) for t in texts]
        todo = [i for i, t in enumerate(texts) if has_number(t)]
        items = [x for x in self._encode([texts[i] for i in todo]) if x["ids"]]
        with torch.no_grad():
            for b in range(0, len(items), 64):
                batch = items[b:b + 64]
                ids, mask, types, hints, _ = self._pad(batch)
                pred = self._logits(ids, mask, types, hints).argmax(-1).tolist()
                for x, p in zip(batch, pred):
                    line = out[todo[x["line"]]]
                    for s, k in zip(x["starts"], p[: len(x["ids"])]):
                        line[s] = self.labels[k]
        if self.training.get("decode", "runs") == "runs":
            out = [merge_runs(t) for t in out]
        return out

    def n_parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters()) if self.model is not None else 0

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        path = Path(path)
        self.model.save_pretrained(path)
        self.tokenizer.save_pretrained(path)
        info = {"labels": self.labels, "seed": self.seed, "training": self.training, **(meta or {})}
        (path / "gk_meta.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "BertFigureTagger":
        from transformers import AutoTokenizer, BertForTokenClassification
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on every extract
        path = Path(path)
        info = json.loads((path / "gk_meta.json").read_text(encoding="utf-8"))
        obj = cls(training=info.get("training"), seed=info.get("seed", 0))
        obj.labels = info["labels"]
        obj.tokenizer = AutoTokenizer.from_pretrained(path)
        obj.model = BertForTokenClassification.from_pretrained(path)
        obj.model.eval()
        return obj
