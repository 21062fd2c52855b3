"""A second reader for concern in free text: a statistical model learnt from labelled lines.

The rules in `concerns` read a text word by word and explain what they found, but people
find more ways to say they are not safe than any list of rules holds. This model reads the
same text as overlapping pieces of letters (2 to 5 at a time, within words) and as words
and word pairs, and weighs each piece by how often it came in lines that needed an alert
(logistic regression, from scikit-learn); a second model guesses which kind of concern. Pieces of letters make it forgiving of spelling
("scard", "frighted", "sucidal") and of slang it has seen in other words.

It learns, the first time it is needed in a process, from the tab-separated files in
`data/concern_training/` (label, category, writer, text): about a second, nothing
downloaded and nothing sent anywhere. Those lines were written for training only; the
corpus the tests and `bench/concern_recall.py` measure recall on is kept apart from them.

How the two readers decide together is `concerns.decide`.
"""
from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TRAINING_DIR = Path(__file__).parent / "data" / "concern_training"
OTHER = "ordinary"

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_lock = threading.Lock()


@dataclass(frozen=True)
class Reading:
    probability: float  # that a person should check on the child, 0 to 1
    category: str  # the likeliest kind of concern (a concerns.CATEGORIES key)
    evidence: str  # the sentence that weighed most, as written


def training_lines(directory: Path = TRAINING_DIR) -> list[tuple[str, str, str]]:
    """(label, category, text) for every line of every .tsv file in `directory`."""
    lines = []
    for path in sorted(directory.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                text = (row.get("text") or "").strip()
                if text and row.get("label") in ("alert", "ordinary"):
                    lines.append((row["label"], row.get("category") or OTHER, text))
    return lines


def _features():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                        token_pattern=r"[^\W_]+"),
    )


@dataclass
class Model:
    alert: object  # pipeline: text -> P(alert)
    kind: object  # pipeline: text -> category, learnt from the alert lines only


def train(lines: list[tuple[str, str, str]]) -> Model:
    from sklearn.linear_model import LogisticRegression, RidgeClassifier
    from sklearn.pipeline import make_pipeline

    texts = [t for _, _, t in lines]
    labels = [1 if label == "alert" else 0 for label, _, _ in lines]
    alert = make_pipeline(_features(), LogisticRegression(C=4, class_weight="balanced", solver="liblinear"))
    alert.fit(texts, labels)
    kinds = [(c, t) for label, c, t in lines if label == "alert"]
    # Only its best guess is used, so a ridge classifier: as good here, and far quicker to learn.
    kind = make_pipeline(_features(), RidgeClassifier(alpha=1.0))
    kind.fit([t for _, t in kinds], [c for c, _ in kinds])
    return Model(alert, kind)


@lru_cache(maxsize=1)
def model() -> Model:
    with _lock:
        return train(training_lines())


def sentences(text: str) -> list[str]:
    return [p.strip() for p in _SENTENCE.split(text) if p and len(p.strip()) > 2] or [text]


def probability(text: str) -> float:
    """How likely it is that `text` needs a person to check on the child, 0 to 1."""
    text = (text or "").strip()
    return float(model().alert.predict_proba([text[:4000]])[0, 1]) if text else 0.0


def explain(text: str) -> Reading:
    """The probability, the likeliest kind of concern, and the sentence that weighs most."""
    text = (text or "").strip()[:4000]
    if not text:
        return Reading(0.0, OTHER, "")
    m = model()
    parts = sentences(text)
    best = parts[int(m.alert.predict_proba(parts)[:, 1].argmax())] if len(parts) > 1 else text
    return Reading(probability(text), str(m.kind.predict([text])[0]), best)


def warm_up() -> None:
    """Learn now (in a background thread at start-up), not in the first respondent's request."""
    threading.Thread(target=model, name="concern-model", daemon=True).start()
