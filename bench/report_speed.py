"""How long the six-monthly report takes, and how much memory, as the data grows.

For each scale, a child process builds a throwaway SQLite database (migrations, `seed`, the
demo data at that scale, fixed seed and day), signs in as the QA viewer and fetches the
draft report for H1 2026-27 through the app as a browser would: the HTML page, the PDF and
the Excel workbook. It prints the rows behind the report; for each format the first view
with nothing kept ("cold": closed periods' figures worked out and kept, app.reports.
period_store) and the median of three views after it ("warm"); the open period's HTML
(H2 2026-27, always worked out live); and the process's peak memory (max RSS).

    .venv/bin/python bench/report_speed.py                    # small, quarter, half and county
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


def timed(client, url: str, repeat: int = 3, app=None) -> tuple[float, float, int]:
    """The first view with nothing kept (cold), then the median of `repeat` views (warm)."""
    with app.app_context():
        forget_kept()
    started = time.perf_counter()
    assert client.get(url).status_code == 200, url
    cold = time.perf_counter() - started
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return cold, statistics.median(times), size


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
        html_cold, html, html_size = timed(client, "/reports/draft" + query, app=app)
        pdf_cold, pdf, pdf_size = timed(client, "/reports/draft.pdf" + query, app=app)
        xlsx_cold, xlsx, xlsx_size = timed(client, "/reports/draft.xlsx" + query, app=app)
        open_cold, open_html, _ = timed(client, "/reports/draft?period=" + OPEN_PERIOD.replace(" ", "+"), app=app)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"scale": scale, "generated_s": generated, **rows, "html_s": html, "html_cold_s": html_cold,
            "html_kb": html_size / 1024, "pdf_s": pdf, "pdf_cold_s": pdf_cold, "pdf_kb": pdf_size / 1024,
            "xlsx_s": xlsx, "xlsx_cold_s": xlsx_cold, "xlsx_kb": xlsx_size / 1024,
            "open_s": open_html, "open_cold_s": open_cold, "peak_mb": peak_mb}


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
    print("cold: the first view, nothing kept; warm: median of 3 views after it. Open: the report for "
          f"{OPEN_PERIOD}, still under way (its own figures always live).")
    print(f"{'scale':<10} {'audits':>7} {'responses':>9} {'load':>7} {'HTML cold':>9} {'warm':>6} {'(KB)':>5} "
          f"{'PDF cold':>8} {'warm':>6} {'(KB)':>5} {'Excel cold':>10} {'warm':>6} {'open cold':>9} {'warm':>6} {'peak MB':>8}")
    results = []
    for scale in scales:
        out = subprocess.run([sys.executable, __file__, "--one", scale], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['scale']:<10} {r['audits']:>7,} {r['responses']:>9,} {r['generated_s']:>6.0f}s {r['html_cold_s']:>8.2f}s "
              f"{r['html_s']:>5.2f}s {r['html_kb']:>5.0f} {r['pdf_cold_s']:>7.2f}s {r['pdf_s']:>5.2f}s {r['pdf_kb']:>5.0f} "
              f"{r['xlsx_cold_s']:>9.2f}s {r['xlsx_s']:>5.2f}s {r['open_cold_s']:>8.2f}s {r['open_s']:>5.2f}s "
              f"{r['peak_mb']:>8.0f}", flush=True)
    failed = False
    two = [r for r in results if r["scale"] == "county"]
    ten = [r for r in results if r["scale"] == "ten-years"]
    if two and ten:
        for key, words in (("html", "HTML"), ("pdf", "PDF"), ("xlsx", "Excel"), ("open", "Open period HTML")):
            for when in ("", "_cold"):
                grew = ten[0][f"{key}{when}_s"] / two[0][f"{key}{when}_s"]
                ok = grew <= HISTORY_TARGET
                failed |= not ok and not when  # the target is for views after the first
                print(f"{words} {'cold' if when else 'warm'}: ten years {ten[0][f'{key}{when}_s']:.2f} s, two years "
                      f"{two[0][f'{key}{when}_s']:.2f} s: {grew:.2f}x (target within {HISTORY_TARGET:g}x) "
                      f"{'ok' if ok else 'OVER'}")
    biggest = two[0] if two else results[-1]
    for key, limit in TARGETS.items():
        ok = biggest[f"{key}_s"] < limit
        failed |= not ok
        print(f"{key.upper()} at {biggest['scale']} scale, warm: {biggest[f'{key}_s']:.2f} s (target under {limit:g} s; "
              f"cold {biggest[f'{key}_cold_s']:.2f} s) {'ok' if ok else 'OVER'}")
    ok = biggest["peak_mb"] < 1024
    failed |= not ok
    print(f"Peak memory at {biggest['scale']} scale: {biggest['peak_mb']:.0f} MB (target under 1024 MB) {'ok' if ok else 'OVER'}")
    county = [r for r in results if SCALES[r["scale"]] is not None and SCALES[r["scale"]][2] == 2]
    if len(county) >= 2:
        first, last = county[0], county[-1]
        data = (last["audits"] + last["responses"]) / (first["audits"] + first["responses"])
        for key in ("html", "pdf"):
            grew = last[f"{key}_s"] / first[f"{key}_s"]
            print(f"{key.upper()} time grew {grew:.2f}x from {first['scale']} to {last['scale']} while the data grew {data:.2f}x"
                  f" ({'no faster than the data' if grew <= data * 1.1 else 'FASTER than the data'})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
