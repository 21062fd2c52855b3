"""The production web server as docs/deploy.md starts it: migrations on deploy, then gunicorn
with gunicorn.conf.py (the app loaded once in the master, workers forked after the concern
model has learnt), writing nothing but JSON lines to stdout."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def served(tmp_path):
    pytest.importorskip("gunicorn")
    port = free_port()
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
           "LOG_FORMAT": "json", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "FLASK_APP": "wsgi"}
    env.pop("REDIS_URL", None)
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=120)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not answer /healthz within a minute")
        yield base, server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def test_gunicorn_serves_the_app_and_logs_json_lines_without_codes(served):
    base, server = served
    status, body = fetch(base + "/readyz")
    assert status == 200 and json.loads(body)["migrations"] == "ok"  # migrated on deploy
    status, body = fetch(base + "/q/ABCD2345?code=ABCD2345")
    assert status == 404 and "ABCD2345" in body  # kept in the box on the page, never in the log
    server.send_signal(signal.SIGTERM)
    stdout, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    assert stderr.strip() == ""  # everything went to stdout as JSON
    requests = [line for line in lines if line.get("event") == "request"]
    assert {(r["route"], r["status"]) for r in requests} >= {("/healthz", 200), ("/readyz", 200), ("/q/<code>", 404)}
    assert all(r["request_id"] for r in requests)
    assert any("Booting worker" in line["message"] for line in lines)  # gunicorn's own lines too
    assert "ABCD2345" not in stdout
