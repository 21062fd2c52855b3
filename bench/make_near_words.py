"""Write app/feedback/concern_near_words.py: the English words (from the system word lists,
/usr/share/dict, Debian packages wbritish and wamerican) that are within the detector's
spelling tolerance of one of its key terms, or sound like one (same Metaphone key). Those words are real, so the detector must not
"correct" them. Run after changing the lexicon:

    python bench/make_near_words.py [word lists...]
"""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz.distance import OSA  # noqa: E402
from rapidfuzz.process import extractOne  # noqa: E402

from app.feedback import concerns  # noqa: E402

LISTS = ["/usr/share/dict/british-english", "/usr/share/dict/american-english"]
OUT = Path(__file__).resolve().parents[1] / "app" / "feedback" / "concern_near_words.py"


def main(paths: list[str]) -> None:
    words: set[str] = set()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8", errors="ignore").split():
            word = concerns._plain(line)
            if word.isalpha() and word.isascii():
                words.add(word)
    near = set()
    for word in words:
        slips = concerns._max_slips(word)
        if not slips or word in concerns._KNOWN or concerns.stem(word) in concerns._STEM_CONCEPTS:
            continue
        found = extractOne(word, concerns.KEY_TERMS, scorer=OSA.distance, score_cutoff=slips)
        if (found and concerns.stem(found[0]) != concerns.stem(word)) or concerns.sounds_like(word):
            near.add(word)
    body = textwrap.fill(" ".join(sorted(near)), width=250)
    head = OUT.read_text().split("NEAR_WORDS =")[0]
    OUT.write_text(head + 'NEAR_WORDS = frozenset("""\n' + body + '\n""".split())\n')
    print(f"{len(near)} words near key terms, from {len(words)} English words")


if __name__ == "__main__":
    main(sys.argv[1:] or [p for p in LISTS if Path(p).exists()])
