"""How much a respondent's phone downloads for the first page of a questionnaire.

Starts the app on a throwaway SQLite database, loads the seed questionnaires, makes a
campaign and an invite for each, serves the app over real HTTP on 127.0.0.1 and fetches
/q/<code> and every stylesheet and script the page links to. Prints raw and gzip sizes
(level 6, what a web server usually sends); the budget is 14 KB for the HTML and CSS
together, compressed: about what the first round trip of a connection can carry.

    .venv/bin/python bench/respondent_page_size.py          # needs app/static built (npm run build)
"""
from __future__ import annotations

import gzip
import re
import sys
import tempfile
import threading
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET = 14 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def fetch(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return response.read()


def main() -> int:
    from flask_migrate import upgrade
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    from app import create_app
    from app.auth.models import User
    from app.feedback import services
    from app.feedback.questionnaire_service import published_versions, seed_questionnaires
    from app.org.services import save_user, seed_places

    css_path = ROOT / "app" / "static" / "css" / "respondent.css"
    if not css_path.exists():
        print("app/static/css/respondent.css is missing: run `npm --prefix app/assets run build`", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db"})
        with app.app_context():
            upgrade()
            seed_places()
            seed_questionnaires()
            person = save_user(User(), "Bench Admin", "bench@example.org", None, {"admin", "practitioner"}, "not-a-real-password-1")
            codes = {}
            for version in published_versions():
                campaign = services.create_campaign(
                    name=version.questionnaire.key, version=version, period_start=date.today() - timedelta(days=1),
                    period_end=date.today() + timedelta(days=30), user=person,
                )
                codes[version.questionnaire.key] = services.issue_invite(campaign, person, date.today()).display_code

        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            rows = []
            assets: dict[str, bytes] = {}
            for key, code in sorted(codes.items()):
                html = fetch(base, f"/q/{code}")
                links = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
                scripts = re.findall(rb'<script[^>]+src="([^"]+)"', html)
                for path in links + scripts:
                    assets.setdefault(path.decode(), fetch(base, path.decode()))
                css = b"".join(assets[p.decode()] for p in links)
                rows.append((key, len(html), gz(html), len(css), gz(css)))
        finally:
            server.shutdown()

    print(f"{'questionnaire (first page, /q/<code>)':<40} {'HTML raw':>9} {'HTML gz':>8} {'CSS raw':>8} {'CSS gz':>7} {'HTML+CSS gz':>12}")
    worst = 0
    for key, html_raw, html_gz, css_raw, css_gz in rows:
        total = html_gz + css_gz
        worst = max(worst, total)
        print(f"{key:<40} {html_raw:>9,} {html_gz:>8,} {css_raw:>8,} {css_gz:>7,} {total:>12,}")
    for path, body in assets.items():
        if path.endswith(".js"):
            print(f"(and, only with JavaScript on: {path} {len(body):,} bytes raw, {gz(body):,} gzip)")
    print(f"Largest first page: {worst:,} bytes of HTML and CSS, gzip; budget {BUDGET:,}: "
          f"{'within' if worst <= BUDGET else 'OVER'} budget.")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
