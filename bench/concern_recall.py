"""How well the concern detector does on labelled corpora, and how fast it is.

    python bench/concern_recall.py [corpus.tsv ...]

A corpus is a TSV file with the header `label	category	writer	text` (label `alert` or
`ordinary`; category a key of concerns.CATEGORIES, or `ordinary`). By default the held-out
set (never used to build either reader: the honest figure), then the corpus and the
development lines (both also used to train the model, so their figures flatter it). For each file it prints recall per category (an alert line counts as
found when any concern is found; "right category" when its own category is among them),
false alarms among ordinary lines, the missed lines and false alarms with their text, and
the time per comment (mean over the file) and for a text of 2,000 characters.
"""
from __future__ import annotations

import csv
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_start = time.perf_counter()
from app.feedback.concerns import CATEGORIES, find_concerns  # noqa: E402

IMPORT_MS = (time.perf_counter() - _start) * 1000  # the lexicon is compiled at import
_start = time.perf_counter()
from app.feedback import concern_model  # noqa: E402

concern_model.model()
TRAIN_MS = (time.perf_counter() - _start) * 1000  # the model learns once per process

DEFAULT = [ROOT / "tests/feedback/data/disclosure_heldout.tsv", concern_model.TRAINING_DIR / "corpus.tsv",
           concern_model.TRAINING_DIR / "dev.tsv"]


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def report(path: Path) -> None:
    rows = read(path)
    found = {i: find_concerns(r["text"]) for i, r in enumerate(rows)}
    per = defaultdict(lambda: [0, 0, 0])  # category -> [lines, found, right category]
    missed, alarms = [], []
    for i, r in enumerate(rows):
        cats = [c.category for c in found[i]]
        if r["label"] == "alert":
            tally = per[r["category"]]
            tally[0] += 1
            tally[1] += bool(cats)
            tally[2] += r["category"] in cats
            if not cats:
                missed.append(r)
        elif cats:
            alarms.append((r, found[i]))
    alerts = sum(t[0] for t in per.values())
    ordinary = sum(r["label"] == "ordinary" for r in rows)
    print(f"\n== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} lines")
    print(f"{'category':16} {'lines':>5} {'found':>6} {'recall':>7} {'right category':>15}")
    for key in [k for k in CATEGORIES if k in per] + [k for k in per if k not in CATEGORIES]:
        n, hit, right = per[key]
        print(f"{key:16} {n:5} {hit:6} {hit / n:7.1%} {right / n:15.1%}")
    hits = sum(t[1] for t in per.values())
    if alerts:
        print(f"{'all alerts':16} {alerts:5} {hits:6} {hits / alerts:7.1%} {sum(t[2] for t in per.values()) / alerts:15.1%}")
    if ordinary:
        print(f"false alarms: {len(alarms)} of {ordinary} ordinary lines ({len(alarms) / ordinary:.1%})")
    for r in missed:
        print(f"  MISSED [{r['category']}] {r['text']}")
    for r, concerns in alarms:
        print(f"  FALSE ALARM {r['text']}  <- " + "; ".join(f"{c.category}: {c.evidence!r} ({c.rule})" for c in concerns))
    texts = [r["text"] for r in rows]
    print(f"time: {timing(texts):.0f} µs per comment (mean over {len(texts)}); "
          f"{timing([long_text(texts)], repeat=20) / 1000:.2f} ms for 2,000 characters")


def timing(texts: list[str], repeat: int = 3) -> float:
    """Mean µs per text, after one warm-up pass (as in a running server)."""
    for t in texts:
        find_concerns(t)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for t in texts:
            find_concerns(t)
        runs.append((time.perf_counter() - start) / len(texts) * 1e6)
    return statistics.median(runs)


def long_text(texts: list[str]) -> str:
    return ". ".join(texts)[:2000]


def main(paths: list[str]) -> None:
    print(f"import (the lexicon is compiled once, at import): {IMPORT_MS:.0f} ms")
    print(f"the model learning from {len(concern_model.training_lines()):,} lines (once per process): {TRAIN_MS:.0f} ms")
    for p in paths or DEFAULT:
        if Path(p).exists():
            report(Path(p).resolve())
        else:
            print(f"\n== {p}: not found")


if __name__ == "__main__":
    main(sys.argv[1:])
