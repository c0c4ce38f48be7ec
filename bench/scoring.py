"""The article-extraction benchmark's metric: 4-gram shingle precision/recall over `\\w+` tokens."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Return the multiset of n-gram shingles of `text`'s lowercased word tokens."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class DocScore:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_doc(predicted: str, truth: str) -> DocScore:
    """Return one document's shingle precision and recall (an empty prediction scores 0, 0)."""
    pred, true = shingles(predicted), shingles(truth)
    shared = sum((pred & true).values())
    p = shared / sum(pred.values()) if pred else 0.0
    r = shared / sum(true.values()) if true else 0.0
    return DocScore(p, r)


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float
    f1: float
    mean_doc_f1: float
    n: int


def summarise(scores: list[DocScore]) -> Summary:
    """Return F1 of the averaged precision and recall, and the mean per-document F1."""
    n = len(scores)
    p = sum(s.precision for s in scores) / n
    r = sum(s.recall for s in scores) / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Summary(p, r, f1, sum(s.f1 for s in scores) / n, n)
