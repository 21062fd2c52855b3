"""How long the six-monthly report takes, and how much memory, as the data grows.

For each scale, a child process builds a throwaway SQLite database (migrations, `seed`, the
demo data at that scale, fixed seed and day), signs in as the QA viewer and fetches the
draft report for H1 2026-27 through the app as a browser would: the HTML page, the PDF and
the Excel workbook. It prints the rows behind the report, the median of three timings for
each (after one warm-up request), and the process's peak memory (max RSS).

    .venv/bin/python bench/report_speed.py                 # small, quarter, half and county
    .venv/bin/python bench/report_speed.py county          # one scale
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/report_speed.py county

Targets (issue 6) at county scale: HTML under 2 s, PDF under 10 s, peak memory under 1 GB,
and time growing no faster than the data. With BENCH_DATABASE_URL the database is emptied
first (DROP SCHEMA public): never point it at one you want to keep.
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
SCALES = {  # submitted audits and questionnaire responses over two years; small is the first-run demo
    "small": None,
    "quarter": (1500, 7500),
    "half": (3000, 15000),
    "county": (6000, 30000),
}
TARGETS = {"html": 2.0, "pdf": 10.0}


def timed(client, url: str, repeat: int = 3) -> tuple[float, int]:
    client.get(url)  # warm-up: templates compiled, caches filled
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return statistics.median(times), size


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
                audits, responses = SCALES[scale]
                load_county(SEED, TODAY, Scale(scale, audits=audits, responses=responses))
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
        query = f"?period={PERIOD.replace(' ', '+')}"
        html, html_size = timed(client, "/reports/draft" + query)
        pdf, pdf_size = timed(client, "/reports/draft.pdf" + query)
        xlsx, xlsx_size = timed(client, "/reports/draft.xlsx" + query)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"scale": scale, "generated_s": generated, **rows, "html_s": html, "html_kb": html_size / 1024,
            "pdf_s": pdf, "pdf_kb": pdf_size / 1024, "xlsx_s": xlsx, "xlsx_kb": xlsx_size / 1024, "peak_mb": peak_mb}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(argv[1])))
        return 0
    scales = argv or list(SCALES)
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        print(f"Unknown scale {', '.join(unknown)}: choose from {', '.join(SCALES)}", file=sys.stderr)
        return 2
    print(f"Report for {PERIOD}, demo data seed {SEED} to {TODAY:%-d %B %Y}; median of 3 after a warm-up.")
    print(f"{'scale':<8} {'audits':>7} {'responses':>9} {'load':>7} {'HTML':>7} {'(KB)':>6} {'PDF':>7} {'(KB)':>6} {'Excel':>7} {'peak MB':>8}")
    results = []
    for scale in scales:
        out = subprocess.run([sys.executable, __file__, "--one", scale], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['scale']:<8} {r['audits']:>7,} {r['responses']:>9,} {r['generated_s']:>6.1f}s {r['html_s']:>6.2f}s "
              f"{r['html_kb']:>6.0f} {r['pdf_s']:>6.2f}s {r['pdf_kb']:>6.0f} {r['xlsx_s']:>6.2f}s {r['peak_mb']:>8.0f}")
    failed = False
    biggest = results[-1]
    for key, limit in TARGETS.items():
        ok = biggest[f"{key}_s"] < limit
        failed |= not ok
        print(f"{key.upper()} at {biggest['scale']} scale: {biggest[f'{key}_s']:.2f} s (target under {limit:g} s) {'ok' if ok else 'OVER'}")
    ok = biggest["peak_mb"] < 1024
    failed |= not ok
    print(f"Peak memory at {biggest['scale']} scale: {biggest['peak_mb']:.0f} MB (target under 1024 MB) {'ok' if ok else 'OVER'}")
    county = [r for r in results if SCALES[r["scale"]] is not None]
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
