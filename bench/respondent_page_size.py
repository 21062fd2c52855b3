"""What a respondent's phone really downloads, as the product serves it: gunicorn on a free
port, fetched over HTTP as a browser without JavaScript would (no proxy, no local gzip).

Starts on a throwaway SQLite database, loads the seed questionnaires, makes a campaign and
an invite for each, starts `gunicorn wsgi:app` on 127.0.0.1, then for each questionnaire:

- first view, new visitor: /q/<code> and every stylesheet it links (scripts are left out:
  JavaScript off; the icon is in the page), counted as bytes on the wire (status line,
  headers and body, as sent) and requests;
- the Easy Read version's first view (/q/<code>?lang=easy-read: a picture inline), the same way;
- the code page (/q) and the help page (/q/help), the same way;
- second page: the first page's form sent with Continue; the stylesheet is already cached
  (a hashed name, Cache-Control immutable), so only the HTML comes.

Each is fetched twice, asking for `gzip, deflate` (what Chrome asks over plain HTTP) and for
`gzip, deflate, br` (over HTTPS). Budget: a first view of at most 14 KB (what the first
round trip of a new connection carries) in at most 2 requests, in the gzip case.

    .venv/bin/python bench/respondent_page_size.py     # needs app/static built (npm run build)
"""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET = 14 * 1024
MAX_REQUESTS = 2
ASKS = {"gzip": "gzip, deflate", "br": "gzip, deflate, br"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, encoding: str, body: bytes | None = None) -> tuple[int, dict, bytes]:
    """One request on its own connection; returns (bytes on the wire, headers, raw body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Accept-Encoding": encoding, "Accept": "text/html,*/*", "User-Agent": "bench"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    raw = response.read()  # http.client does not decompress: these are the bytes sent
    head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in response.getheaders()) + "\r\n"
    conn.close()
    return len(head.encode()) + len(raw), dict(response.getheaders()), raw


def decoded(headers: dict, raw: bytes) -> str:
    encoding = headers.get("Content-Encoding")
    if encoding == "br":
        import brotli

        raw = brotli.decompress(raw)
    elif encoding == "gzip":
        import gzip

        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def hidden_fields(html: str) -> dict:
    form = html[html.index('id="respondent-form"'):]
    return {unescape(n): unescape(v) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def setup(db_url: str) -> dict[str, str]:
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.models import User
    from app.feedback import services
    from app.feedback.questionnaire_service import published_versions, seed_questionnaires
    from app.org.services import save_user, seed_places

    app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": db_url})
    codes = {}
    with app.app_context():
        upgrade()
        seed_places()
        seed_questionnaires()
        person = save_user(User(), "Bench Admin", "bench@example.org", None, {"admin", "practitioner"}, "not-a-real-password-1")
        today = date.today()
        for version in published_versions():
            campaign = services.create_campaign(
                name=version.questionnaire.key, version=version, period_start=today - timedelta(days=1),
                period_end=today + timedelta(days=30), user=person,
            )
            codes[version.questionnaire.key] = services.issue_invite(campaign, person, today).display_code
            if version.definition.translation("easy-read") is not None:  # the same invite, read in Easy Read
                codes[version.questionnaire.key + " (Easy Read)"] = codes[version.questionnaire.key] + "?lang=easy-read"
    return codes


def measure(port: int, code: str, encoding: str) -> dict:
    first_bytes, headers, raw = request(port, "GET", f"/q/{code}", encoding)
    code = code.split("?")[0]  # the language is carried by the form from here on
    html = decoded(headers, raw)
    requests, total = 1, first_bytes
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    cached = True
    for href in sheets:
        size, sheet_headers, _ = request(port, "GET", href, encoding)
        requests += 1
        total += size
        cached = cached and "immutable" in sheet_headers.get("Cache-Control", "")
    form = {**hidden_fields(html), "go": "next"}
    second_bytes, second_headers, second_raw = request(port, "POST", f"/q/{code}", encoding, urlencode(form).encode())
    second = decoded(second_headers, second_raw)
    again = re.findall(r'<link rel="stylesheet" href="([^"]+)"', second)
    # The second page needs only its HTML if it links the same, immutable, stylesheet.
    second_requests = 1 + sum(1 for href in again if not (cached and href in sheets))
    return {"first": total, "requests": requests, "html": first_bytes, "second": second_bytes,
            "second_requests": second_requests, "compressed_as": headers.get("Content-Encoding", "none")}


def first_view(port: int, path: str, encoding: str) -> tuple[int, int]:
    """Bytes and requests of a page and its stylesheets, new visitor, JavaScript off."""
    total, headers, raw = request(port, "GET", path, encoding)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', decoded(headers, raw))
    return total + sum(request(port, "GET", href, encoding)[0] for href in sheets), 1 + len(sheets)


def main() -> int:
    css = ROOT / "app" / "static" / "css" / "respondent.css"
    if not css.exists():
        print("app/static/css/respondent.css is missing: run `npm --prefix app/assets run build`", file=sys.stderr)
        return 2
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/bench.db"
        codes = setup(db_url)
        port = free_port()
        env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning",
                                   "--chdir", str(ROOT), "wsgi:app"], env=env, cwd=ROOT)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            rows = {key: {ask: measure(port, code, value) for ask, value in ASKS.items()} for key, code in sorted(codes.items())}
            others = {path: {ask: first_view(port, path, value) for ask, value in ASKS.items()} for path in ("/q", "/q/help")}
        finally:
            server.terminate()
            server.wait(timeout=20)

    print(f"{'questionnaire (first view: /q/<code> + CSS)':<40} {'gzip':>7} {'br':>7} {'reqs':>5} "
          f"{'page 2 gzip':>12} {'br':>7} {'reqs':>5}")
    worst, worst_requests = 0, 0
    for key, row in rows.items():
        gz, br = row["gzip"], row["br"]
        worst = max(worst, gz["first"])
        worst_requests = max(worst_requests, gz["requests"])
        print(f"{key:<40} {gz['first']:>7,} {br['first']:>7,} {gz['requests']:>5} "
              f"{gz['second']:>12,} {br['second']:>7,} {gz['second_requests']:>5}")
    for path, row in others.items():
        worst = max(worst, row["gzip"][0])
        worst_requests = max(worst_requests, row["gzip"][1])
        print(f"{path:<40} {row['gzip'][0]:>7,} {row['br'][0]:>7,} {row['gzip'][1]:>5}")
    ok = worst <= BUDGET and worst_requests <= MAX_REQUESTS
    print(f"Bytes on the wire from gunicorn (headers and body). Largest first view: {worst:,} bytes in {worst_requests}"
          f" requests (gzip); budget {BUDGET:,} bytes in {MAX_REQUESTS}: {'within' if ok else 'OVER'} budget.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
