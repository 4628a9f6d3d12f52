"""Recurring problem statements: jieba tokens → TF-IDF → clustering, with counts and quotes.

Identical statements (after removing punctuation) are merged first and weighted by how often they
occur. Up to ``AGGLOMERATIVE_LIMIT`` distinct statements are clustered by average-linkage
agglomerative clustering on cosine distance (a cluster is a group of near-paraphrases, no k to
choose); above that, MiniBatchKMeans with k = distinct/8 keeps memory flat.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

AGGLOMERATIVE_LIMIT = 2500
DISTANCE_THRESHOLD = 0.55
DOMAIN_WORDS = ("政府信息公开", "政务公开", "依申请公开", "主动公开", "规范性文件", "不予公开", "政策解读",
                "政务新媒体", "门户网站", "信息公开", "工作人员", "业务能力", "公开专栏", "基层政务公开")
STOPWORDS = frozenset("的 了 和 与 及 等 还 有 在 是 对 不 将 把 被 也 都 仍 尚 较 个别 部分 一些 存在 方面 "
                      "工作 问题 有待 需要 进一步 不够 不足 还需 仍需".split())
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass
class Statement:
    text: str
    sha256: str
    agency: str | None
    year: int | None


@dataclass
class Cluster:
    size: int                                   # statements (with repeats)
    reports: int
    agencies: int
    terms: list[str]
    quotes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in DOMAIN_WORDS:
        jieba.add_word(word)
    return jieba


def tokens(text: str) -> list[str]:
    return [t for t in _jieba().lcut(_PUNCT.sub(" ", text)) if t.strip() and t not in STOPWORDS]


def _key(text: str) -> str:
    return _PUNCT.sub("", text).rstrip("等")


def _labels(matrix, n: int) -> np.ndarray:
    if n == 1:
        return np.zeros(1, dtype=int)
    if n <= AGGLOMERATIVE_LIMIT:
        from sklearn.cluster import AgglomerativeClustering

        distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=DISTANCE_THRESHOLD)
        return model.fit_predict(distances)
    from sklearn.cluster import MiniBatchKMeans

    model = MiniBatchKMeans(n_clusters=max(2, n // 8), random_state=0, n_init=3, batch_size=2048)
    return model.fit_predict(matrix)


def cluster_statements(statements: list[Statement], min_size: int = 2, top: int = 20,
                       quotes: int = 3) -> list[Cluster]:
    """Clusters of recurring statements, largest first (at most ``top``, each at least ``min_size``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    groups: dict[str, list[Statement]] = {}
    for st in statements:
        key = _key(st.text)
        if key:
            groups.setdefault(key, []).append(st)
    if not groups:
        return []
    keys = list(groups)
    vectorizer = TfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False,
                                 ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform(keys)
    labels = _labels(matrix, len(keys))
    weights = np.array([len(groups[k]) for k in keys], dtype=float)
    vocab = np.array(vectorizer.get_feature_names_out())

    clusters = []
    for label in np.unique(labels):
        idx = np.flatnonzero(labels == label)
        members = [st for i in idx for st in groups[keys[i]]]
        if len(members) < min_size:
            continue
        centroid = np.asarray(matrix[idx].T @ weights[idx]).ravel() / weights[idx].sum()
        similarity = np.asarray(matrix[idx] @ centroid).ravel()
        # Most frequent wording first, then the one closest to the centroid.
        order = sorted(range(len(idx)), key=lambda j: (-weights[idx[j]], -similarity[j]))
        texts = [Counter(st.text for st in groups[keys[idx[j]]]).most_common(1)[0][0] for j in order[:quotes]]
        clusters.append(Cluster(
            size=len(members),
            reports=len({st.sha256 for st in members}),
            agencies=len({st.agency for st in members if st.agency}),
            terms=[str(vocab[i]) for i in np.argsort(-centroid)[:6] if centroid[i] > 0],
            quotes=texts,
        ))
    clusters.sort(key=lambda c: (-c.size, -c.reports))
    return clusters[:top]
