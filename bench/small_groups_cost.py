"""What the small-groups rule (app.core.privacy, docs/small-numbers.md) leaves out, on the
demo county: for a few periods, the county's feedback figures worked out with the threshold
(5) and with none (1), and how many answers, people and responses are left out; and how long
`feedback_for_period` takes for the county.

    .venv/bin/python bench/small_groups_cost.py

Builds a throwaway SQLite database (migrations, seed, the county demo with the fixed seed and
day of bench/report_speed.py); a minute or two.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report_speed import SEED, TODAY  # noqa: E402

PERIODS = ["Q1 2026-27", "H1 2026-27", "2025-26"]
PROTECTED = ("children", "young_people", "parents_carers")


def totals(result) -> dict[str, int]:
    out = {"responses": 0, "statement answers": 0, "measure people": 0, "statements with categories": 0,
           "statements": 0}
    for a in result.audiences:
        if a.audience not in PROTECTED:
            continue
        out["responses"] += a.responses or 0
        for s in a.statements:
            out["statement answers"] += s.figure.n or 0
            out["statements"] += 1
            out["statements with categories"] += not s.categories_note
        for m in a.measures:
            out["measure people"] += m.figure.respondents or 0
    return out


def main() -> int:
    from flask_migrate import upgrade

    from app import create_app
    from app.core.db import db
    from app.demo_county import SCALES, load_county
    from app.feedback.period_results import feedback_for_period

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/cost.db"})
        with app.app_context():
            upgrade()
            assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
            load_county(SEED, TODAY, SCALES["county"])
            for label in PERIODS:
                started = time.perf_counter()
                kept = totals(feedback_for_period(label, threshold=5))
                took = time.perf_counter() - started
                everything = totals(feedback_for_period(label, threshold=1))
                print(f"{label} (county; feedback_for_period {took:.2f} s)")
                for key in everything:
                    all_, left = everything[key], kept[key]
                    share = f"{(all_ - left) / all_:.1%} left out" if all_ and "categories" not in key else ""
                    print(f"  {key}: {left:,} of {all_:,} {share}")
            db.session.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
