"""How long the six-monthly report takes, and how much memory, as the data grows.

For each scale, a child process builds a throwaway SQLite database (migrations, `seed`, the
demo data at that scale, fixed seed and day), signs in as the QA viewer and fetches the
draft report for H1 2026-27 through the app as a browser would: the HTML page, the PDF and
the Excel workbook. It prints the rows behind the report; for each format the first view
with nothing kept ("cold": closed periods' figures worked out and kept, app.reports.
period_store) and the median of three views after it ("warm"); the open period's HTML
(H2 2026-27, always worked out live); and the process's peak memory (max RSS).

    .venv/bin/python bench/report_speed.py                    # every scale: small to ten years
    .venv/bin/python bench/report_speed.py county ten-years   # two years against ten
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/report_speed.py county

Targets (issue 13) at county scale, warm: HTML under 0.7 s, PDF under 4 s; ten years of
history within 1.5x of two years' time; peak memory under 1 GB (issue 6). With
BENCH_DATABASE_URL the database is emptied first (DROP SCHEMA public): never point it at
one you want to keep.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
SEED = 2026
PERIOD = "H1 2026-27"
OPEN_PERIOD = "H2 2026-27"  # under way on TODAY (and after): worked out live on every view
SCALES = {  # submitted audits and questionnaire responses per two years, and years; small is the first-run demo
    "small": None,
    "quarter": (1500, 7500, 2),
    "half": (3000, 15000, 2),
    "county": (6000, 30000, 2),
    "ten-years": (6000, 30000, 10),  # the county's yearly volume, ten years of history
}
TARGETS = {"html": 0.7, "pdf": 4.0}
HISTORY_TARGET = 1.5  # ten years' time within 1.5x of two years'


def forget_kept() -> None:
    """Empty the kept figures, so the next view is a first view."""
    from app.core.db import db
    from app.reports.period_store import KeptFigures

    with db.engine.begin() as conn:
        conn.execute(KeptFigures.__table__.delete())


def timed(client, url: str, repeat: int = 3, app=None) -> dict:
    """The first view with nothing kept (cold), then the median of `repeat` views (warm); each
    as wall time and as this process's CPU time (what the view costs on a shared machine)."""
    with app.app_context():
        forget_kept()

    def view() -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return time.perf_counter() - wall, time.process_time() - cpu, len(response.data)

    cold, cold_cpu, _ = view()
    warm = [view() for _ in range(repeat)]
    return {"cold": cold, "cold_cpu": cold_cpu, "warm": statistics.median(w for w, _, _ in warm),
            "warm_cpu": statistics.median(c for _, c, _ in warm), "kb": warm[-1][2] / 1024}


def one(scale: str) -> dict:
    """Runs in a child process, so peak memory is this scale's alone."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from app import create_app
    from app.audits.models import Audit
    from app.core.db import db
    from app.demo import DEMO_PASSWORD, demo_accounts, load_demo
    from app.demo_county import Scale, load_county
    from app.feedback.models import Response

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.db")
        if url.startswith("postgresql://"):
            url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
            seeded = app.test_cli_runner().invoke(args=["seed"])
            assert seeded.exit_code == 0, seeded.output
            started = time.perf_counter()
            if SCALES[scale] is None:
                load_demo(SEED, TODAY)
            else:
                audits, responses, years = SCALES[scale]
                load_county(SEED, TODAY, Scale(scale, audits=audits, responses=responses, years=years))
                demo_accounts()
            generated = time.perf_counter() - started
            rows = {
                "audits": db.session.scalar(select(func.count()).select_from(Audit).where(Audit.submitted_at.is_not(None))),
                "responses": db.session.scalar(select(func.count()).select_from(Response)),
            }
            db.session.remove()

        client = app.test_client()
        signed_in = client.post("/sign-in", data={"email": "qa@example.org", "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302, "could not sign in as the QA viewer"
        client.get("/reports/draft?period=" + PERIOD.replace(" ", "+"))  # templates compiled, fonts loaded
        query = f"?period={PERIOD.replace(' ', '+')}"
        views = {"html": "/reports/draft" + query, "pdf": "/reports/draft.pdf" + query,
                 "xlsx": "/reports/draft.xlsx" + query, "open": "/reports/draft?period=" + OPEN_PERIOD.replace(" ", "+")}
        figures = {key: timed(client, url, app=app) for key, url in views.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"scale": scale, "generated_s": generated, **rows, "views": figures, "peak_mb": peak_mb}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(argv[1])))
        return 0
    scales = argv or list(SCALES)
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        print(f"Unknown scale {', '.join(unknown)}: choose from {', '.join(SCALES)}", file=sys.stderr)
        return 2
    print(f"Report for {PERIOD}, demo data seed {SEED} to {TODAY:%-d %B %Y}; load average {os.getloadavg()[0]:.1f}.")
    print("Each view: cold, the first with nothing kept (closed periods' figures worked out and kept), and warm, "
          "the median of 3 after it;\nwall time, and CPU time in brackets (the machine is shared: CPU time is what "
          f"the view costs). Open: the report for {OPEN_PERIOD}, under way, its own figures always live.")
    print(f"{'scale':<10} {'audits':>7} {'responses':>9} {'load':>6}  " + "  ".join(f"{w:<24}" for w in WORDS.values())
          + f" {'peak MB':>8}")
    results = []
    for scale in scales:
        out = subprocess.run([sys.executable, __file__, "--one", scale], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        cells = "  ".join(f"{_pair(r['views'][k], 'cold')} {_pair(r['views'][k], 'warm')}" for k in WORDS)
        print(f"{r['scale']:<10} {r['audits']:>7,} {r['responses']:>9,} {r['generated_s']:>5.0f}s  {cells} {r['peak_mb']:>8.0f}",
              flush=True)
    print(f"Load average afterwards {os.getloadavg()[0]:.1f}.")
    failed = False
    two = next((r for r in results if r["scale"] == "county"), None)
    ten = next((r for r in results if r["scale"] == "ten-years"), None)
    biggest = two or results[-1]
    for key, limit in TARGETS.items():
        v = biggest["views"][key]
        ok = min(v["warm"], v["warm_cpu"]) < limit
        failed |= not ok
        print(f"{WORDS[key]} at {biggest['scale']} scale, warm: {v['warm']:.2f} s ({v['warm_cpu']:.2f} s CPU); "
              f"target under {limit:g} s: {'ok' if ok else 'OVER'}. Cold: {v['cold']:.2f} s ({v['cold_cpu']:.2f} s CPU)")
    if two and ten:
        for key in WORDS:
            for when in ("warm", "cold"):
                a, b = two["views"][key], ten["views"][key]
                grew, grew_cpu = b[when] / a[when], b[f"{when}_cpu"] / a[f"{when}_cpu"]
                ok = min(grew, grew_cpu) <= HISTORY_TARGET
                failed |= not ok and when == "warm"  # the target is for the views after the first
                print(f"{WORDS[key]}, {when}: ten years {b[when]:.2f} s ({b[f'{when}_cpu']:.2f} s CPU), two years "
                      f"{a[when]:.2f} s ({a[f'{when}_cpu']:.2f} s CPU): {grew:.2f}x ({grew_cpu:.2f}x CPU); target within "
                      f"{HISTORY_TARGET:g}x: {'ok' if ok else 'OVER'}")
    ok = biggest["peak_mb"] < 1024
    failed |= not ok
    print(f"Peak memory at {biggest['scale']} scale: {biggest['peak_mb']:.0f} MB (target under 1024 MB) {'ok' if ok else 'OVER'}")
    county = [r for r in results if SCALES[r["scale"]] is not None and SCALES[r["scale"]][2] == 2]
    if len(county) >= 2:
        first, last = county[0], county[-1]
        data = (last["audits"] + last["responses"]) / (first["audits"] + first["responses"])
        for key in ("html", "pdf"):
            grew = last["views"][key]["warm_cpu"] / first["views"][key]["warm_cpu"]
            print(f"{WORDS[key]} CPU time grew {grew:.2f}x from {first['scale']} to {last['scale']} while the data grew "
                  f"{data:.2f}x ({'no faster than the data' if grew <= data * 1.1 else 'FASTER than the data'})")
    return 1 if failed else 0


WORDS = {"html": "HTML", "pdf": "PDF", "xlsx": "Excel", "open": "Open period HTML"}


def _pair(v: dict, when: str) -> str:
    return f"{v[when]:5.2f}s ({v[f'{when}_cpu']:5.2f})"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
