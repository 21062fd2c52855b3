"""Write app/feedback/concern_fallback.py: the weights of the concern detector's fallback, a
naive Bayes model over the words of the labelled lines (the shared corpus and the dev set,
in app/feedback/data/concern_training).

The fallback only speaks when no rule has: it catches disclosures worded in ways no rule
foresaw. Its threshold is chosen by 5-fold cross-validation so that it adds few false
alarms on ordinary lines that it did not learn from (printed below). Run after changing the
lexicon, the rules or the data:

    python bench/train_fallback.py [--threshold N]
"""
from __future__ import annotations

import csv
import math
import random
import sys
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.feedback import concern_model, concerns  # noqa: E402

DATA = [concern_model.TRAINING_DIR / "corpus.tsv", concern_model.TRAINING_DIR / "dev.tsv"]
OUT = ROOT / "app/feedback/concern_fallback.py"
THRESHOLD = 12.0  # log-odds; see the cross-validation printed by main()
MIN_COUNT = 2  # a feature seen once tells more about that line than about people


def read() -> list[dict[str, str]]:
    rows = []
    for path in DATA:
        with open(path, encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def train(rows: list[dict[str, str]]) -> tuple[dict[str, tuple[float, str]], float]:
    """feature -> (log-likelihood ratio alert/ordinary, the category it speaks for), and the
    prior log-odds. Laplace-smoothed Bernoulli naive Bayes."""
    seen = {True: Counter(), False: Counter()}
    by_category: dict[str, Counter] = defaultdict(Counter)
    lines = {True: 0, False: 0}
    per_category = Counter()
    for r in rows:
        alert = r["label"] == "alert"
        lines[alert] += 1
        found = {f for f, _, _ in concerns.features(concerns.sentences(r["text"]))}
        seen[alert].update(found)
        if alert:
            per_category[r["category"]] += 1
            by_category[r["category"]].update(found)
    weights = {}
    for f in set(seen[True]) | set(seen[False]):
        if seen[True][f] + seen[False][f] < MIN_COUNT:
            continue
        w = math.log(((seen[True][f] + 0.5) / (lines[True] + 1)) / ((seen[False][f] + 0.5) / (lines[False] + 1)))
        category = max(per_category, key=lambda c: (by_category[c][f] + 0.1) / (per_category[c] + 1))
        weights[f] = (round(w, 2), category)
    return weights, math.log(lines[True] / lines[False])


def score(weights, bias, text):
    return bias + sum(weights[f][0] for f in {f for f, _, _ in concerns.features(concerns.sentences(text))} if f in weights)


def cross_validate(rows, thresholds=(8, 9, 10, 11, 12, 13)):
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    tally = {t: [0, 0, 0, 0] for t in thresholds}  # alerts, caught, ordinary the rules pass, flagged
    for k in range(5):
        held = shuffled[k::5]
        weights, bias = train([r for i, r in enumerate(shuffled) if i % 5 != k])
        for r in held:
            s = score(weights, bias, r["text"])
            for t in thresholds:
                if r["label"] == "alert":
                    tally[t][0] += 1
                    tally[t][1] += s > t
                elif not concerns.detect(r["text"]):
                    tally[t][2] += 1
                    tally[t][3] += s > t
    for t, (a, c, o, f) in tally.items():
        print(f"threshold {t:>4}: alone it finds {c / a:.0%} of held-out disclosures;"
              f" it adds {f} false alarms on {o} held-out ordinary lines the rules pass ({f / o:.1%})")


def main(threshold: float) -> None:
    rows = read()
    cross_validate(rows)
    weights, bias = train(rows)
    items = " ".join(f"{f}:{w}:{c}" for f, (w, c) in sorted(weights.items()))
    body = textwrap.fill(items, width=250, break_long_words=False, break_on_hyphens=False)
    OUT.write_text(f'''"""Weights of the concern detector's fallback (naive Bayes over words, stems, word pairs
and concept groups), made by bench/train_fallback.py from the labelled lines in
tests/feedback/data. Do not edit: run the script again after changing the lexicon, the
rules or the data. Each entry is feature:weight:category (the weight a log-likelihood
ratio, alert against ordinary; the category the one the feature speaks for most)."""

BIAS = {bias:.3f}
THRESHOLD = {threshold}
WEIGHTS = {{
    f: (float(w), c)
    for f, w, c in (entry.rsplit(":", 2) for entry in """
{body}
""".split())
}}
''')
    print(f"{len(weights)} features written to {OUT.relative_to(ROOT)}; threshold {threshold}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(float(args[args.index("--threshold") + 1]) if "--threshold" in args else THRESHOLD)
