"""The first run as `make run` does it, with no Redis and no mail server: the server's own
background thread sends (captures) a safeguarding alert's email, outside the request."""
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_without_redis_delivers_an_alert_from_the_web_process(tmp_path):
    db_file = tmp_path / "app.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "REDIS", "MAIL_", "DATABASE"))}
    env.update({"APP_ENV": "development", "DATABASE_URL": f"sqlite:///{db_file}", "PYTHONUNBUFFERED": "1"})
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed"], ["demo-data"]):
        done = subprocess.run(flask + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(db_file) as db:
        code = db.execute(
            "SELECT i.code FROM feedback_invite i JOIN feedback_campaign c ON c.id = i.campaign_id"
            " JOIN questionnaire_version v ON v.id = c.questionnaire_version_id"
            " JOIN questionnaire q ON q.id = v.questionnaire_id"
            " WHERE i.used_at IS NULL AND q.key = 'children_feedback' LIMIT 1").fetchone()[0]
        before = db.execute("SELECT count(*) FROM notification").fetchone()[0]

    port = _free_port()
    server = subprocess.Popen(flask + ["run", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/q/{code[:4]}-{code[4:]}"
        for _ in range(100):
            try:
                html = opener.open(url, timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        fields = dict(re.findall(r'name="(csrf_token|submission)"[^>]*value="([^"]*)"', html))
        # "I feel safe where I live." is on a page of its own; a form holding answers to any
        # page is still taken whole (and sent, with no button named), as one from an older page.
        statement = "s-safe-home"
        assert re.search(r'name="s-[a-z-]+"', html)
        data = urllib.parse.urlencode({**fields, statement: "sad"}).encode()
        sent_at = time.monotonic()
        opener.open(urllib.request.Request(url, data=data), timeout=10)
        assert time.monotonic() - sent_at < 5
        deadline = time.monotonic() + 30
        rows = []
        while time.monotonic() < deadline:
            with sqlite3.connect(db_file) as db:
                rows = db.execute("SELECT to_email, status FROM notification WHERE id > ?", (before,)).fetchall()
            if rows and all(status == "sent" for _, status in rows):
                break
            time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert rows and {status for _, status in rows} == {"sent"}, output[-3000:]
    assert "practitioner@example.org" in {email for email, _ in rows}
