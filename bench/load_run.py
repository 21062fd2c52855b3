"""Questionnaire submissions under load and under faults, served as a council would serve them:
gunicorn with gunicorn.conf.py (2 sync workers, as measured in issue 15) in production mode, on
a PostgreSQL cluster of its own (made in a temporary folder, so it can be restarted without
touching any other), with Redis for the rate limits.

    .venv/bin/python bench/load_run.py             # both runs
    .venv/bin/python bench/load_run.py load        # wrk, 50 connections, 30 s
    .venv/bin/python bench/load_run.py faults      # 50 respondents at once for 40 s; one web
                                                   # worker SIGKILLed at 10 s, PostgreSQL
                                                   # restarted at 20 s

Each respondent opens their invite (/q/<code>: GET, the questionnaire on one page, with its
answers token and the page's CSRF token) and sends every answer (POST, Send): a submission is
acknowledged when the reply is the redirect to "Thank you".

- load: wrk (Debian's package) with bench/load_run.lua, after a 10 s warm-up that is not
  measured; prints submissions a second and the latency percentiles of every request (wrk's
  own), and any status but 200 and 302.
- faults: 50 Python threads, each a respondent after another, recording every invite code's
  outcome. Then, from the database: every acknowledged code has exactly one response (none lost,
  none twice); no reply was a server error (500) - during the outage a respondent gets the kind
  503 page that keeps their answers, which is what "not acknowledged" means here.

Needs: wrk (apt-get install wrk), PostgreSQL's server binaries (postgresql), Redis on
127.0.0.1:6379 (database 9 is emptied). Run as root it runs PostgreSQL as the postgres user.
"""
from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
INVITES = int(os.environ.get("BENCH_INVITES", "120000"))
CONNECTIONS = 50
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
WARM_UP_SECONDS = 10
WARM_UP_INVITES = 20_000
FAULT_SECONDS = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- A PostgreSQL of its own ---------------------------------------------------------------------


class Postgres:
    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            sys.exit("PostgreSQL's server binaries are needed (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/bench"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / tool), *args], check=True, capture_output=True, text=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def restart(self) -> None:
        # With its log file named: a server started without one keeps our pipe open, and we wait forever.
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                        "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- The product ---------------------------------------------------------------------------------


def environment(db_url: str, port: int) -> dict:
    return {
        **os.environ, "FLASK_APP": "wsgi", "APP_ENV": "production", "DATABASE_URL": db_url,
        "SECRET_KEY": secrets.token_hex(32), "PUBLIC_URL": f"https://127.0.0.1:{port}", "REDIS_URL": REDIS_URL,
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "9", "SAFEGUARDING_PHONE": "0300 123 4567",
        "SAFEGUARDING_INBOX_EMAIL": "safeguarding@example.org",
        "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "LOG_LEVEL": "warning",
    }


def prepare(pg: Postgres, env: dict, folder: Path) -> Path:
    """Migrations, the seed, the small demo, and INVITES fresh invites to one open campaign;
    writes their codes and the answers to send, and returns the codes file."""
    subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "bench"], check=True)
    dev = {**env, "APP_ENV": "development"}
    for args in (["db", "upgrade"], ["seed"], ["demo-data"]):
        subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=dev, check=True, capture_output=True, timeout=600)
    out = subprocess.run([sys.executable, __file__, "--invites", str(folder)], cwd=ROOT, env=dev, check=True,
                         capture_output=True, text=True, timeout=600)
    print(out.stdout.strip())
    return folder / "codes.txt"


def make_invites(folder: Path) -> None:
    """In the set-up process: an open campaign's invites, and the form fields of a full answer."""
    from sqlalchemy import insert, select

    from app import create_app
    from app.core.clock import uk_today
    from app.core.db import db
    from app.feedback import invite_codes, rules, services
    from app.feedback.models import Campaign, Invite

    app = create_app()
    with app.app_context():
        today = uk_today()
        campaign = next(c for c in db.session.scalars(select(Campaign).order_by(Campaign.id))
                        if c.is_open_on(today) and len(c.questionnaire.statements) >= 6)
        q = campaign.questionnaire
        scale = rules.SCALES[q.scale]
        positive = scale.positive[0]
        fields = {services.answer_field(s.key): positive for s in q.statements}
        fields["go"] = "send"
        codes = set()
        while len(codes) < INVITES:
            codes.add(invite_codes.new_code())
        rows = [{"campaign_id": campaign.id, "code": c, "issued_by_id": campaign.created_by_id,
                 "team_id": campaign.team_id} for c in codes]
        for i in range(0, len(rows), 5000):
            db.session.execute(insert(Invite), rows[i:i + 5000])
        db.session.commit()
        (folder / "codes.txt").write_text("\n".join(sorted(codes)) + "\n")
        (folder / "answers.txt").write_text(urllib.parse.urlencode(fields))
        print(f"{INVITES:,} invites to '{campaign.name}' ({len(q.statements)} statements, scale {q.scale})")


def serve(env: dict, log: Path) -> subprocess.Popen:
    """gunicorn, its JSON lines (the app's and its own) written to `log`."""
    out = log.open("w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                              env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    base = f"http://{env['BIND']}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.25)
    server.kill()
    sys.exit("gunicorn did not start: " + log.read_text()[-2000:])


def workers_of(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


# --- Load: wrk -------------------------------------------------------------------------------------


def load_run(base: str, folder: Path) -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for the load run (apt-get install wrk)")
    codes = (folder / "codes.txt").read_text().split()
    (folder / "warm-up.txt").write_text("\n".join(codes[:WARM_UP_INVITES]) + "\n")
    (folder / "measured.txt").write_text("\n".join(codes[WARM_UP_INVITES:]) + "\n")
    # A warm-up first, not measured: each worker compiles its templates and PostgreSQL settles
    # after the set-up's bulk insert (its autovacuum runs then), as on a server that has been up.
    for name, seconds in (("warm-up", WARM_UP_SECONDS), ("measured", LOAD_SECONDS)):
        env = {**os.environ, "CODES": str(folder / f"{name}.txt"), "ANSWERS": str(folder / "answers.txt")}
        out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                              "-s", str(ROOT / "bench" / "load_run.lua"), base], env=env, capture_output=True,
                             text=True, check=True)
    print(out.stdout.rstrip())
    sent = re.search(r"submissions acknowledged: (\d+)", out.stdout)
    p99 = re.search(r"p99 ([\d.]+) ms", out.stdout)
    if sent and p99:
        print(f"Submissions a second: {int(sent.group(1)) / LOAD_SECONDS:.0f} "
              f"({CONNECTIONS} connections, {LOAD_SECONDS} s after a {WARM_UP_SECONDS} s warm-up, 2 sync workers); "
              f"p99 {float(p99.group(1)):.0f} ms (target under 250 ms) {'ok' if float(p99.group(1)) < 250 else 'OVER'}")


# --- Faults: respondents whose every outcome is known ---------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


TOKEN = re.compile(r'name="submission"[^>]*value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def respondent(base: str, code: str, answers: str, opener) -> str:
    """One respondent: 'sent' (acknowledged), or what stopped them (a status, or 'no reply')."""
    try:
        with opener.open(f"{base}/q/{code}", timeout=15) as page:
            body = page.read().decode()
        token, csrf = TOKEN.search(body).group(1), CSRF.search(body).group(1)
        data = f"{answers}&submission={token}&csrf_token={csrf}".encode()
        with opener.open(f"{base}/q/{code}", data=data, timeout=15) as reply:
            return f"status {reply.status}"
    except urllib.error.HTTPError as error:
        return "sent" if error.code == 302 else f"status {error.code}"
    except (OSError, AttributeError) as error:
        return f"no reply ({type(error).__name__})"


def fault_run(base: str, folder: Path, pg: Postgres, server: subprocess.Popen, db_url: str) -> bool:
    codes = iter((folder / "codes.txt").read_text().split()[:60_000])
    answers = (folder / "answers.txt").read_text()
    lock = threading.Lock()
    outcomes: dict[str, str] = {}
    stop = time.monotonic() + FAULT_SECONDS

    def work():
        opener = urllib.request.build_opener(NoRedirect)
        while time.monotonic() < stop:
            with lock:
                code = next(codes, None)
            if code is None:
                return
            outcome = respondent(base, code, answers, opener)
            with lock:
                outcomes[code] = outcome

    threads = [threading.Thread(target=work) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    time.sleep(10)
    victim = workers_of(server)[0]
    os.kill(victim, signal.SIGKILL)
    print(f"10 s: web worker {victim} killed (SIGKILL)")
    time.sleep(10)
    started = time.monotonic()
    pg.restart()
    print(f"20 s: PostgreSQL restarted (down for {time.monotonic() - started:.1f} s)")
    for t in threads:
        t.join()

    import psycopg

    with psycopg.connect(db_url) as conn:
        stored = Counter(code for (code,) in conn.execute(
            "SELECT i.code FROM feedback_response r JOIN feedback_invite i ON i.id = r.invite_id"))
    tally = Counter(outcomes.values())
    sent = [c for c, o in outcomes.items() if o == "sent"]
    lost = [c for c in sent if stored[c] == 0]
    twice = [c for c, n in stored.items() if n > 1]
    errors = tally.get("status 500", 0)
    print(f"Respondents: {len(outcomes):,} in {FAULT_SECONDS} s; " +
          ", ".join(f"{k}: {v:,}" for k, v in tally.most_common()))
    print(f"Acknowledged: {len(sent):,}; stored: {sum(stored.values()):,} "
          f"(stored without an acknowledgement: {sum(1 for c in stored if outcomes.get(c) != 'sent'):,})")
    ok = not lost and not twice and not errors
    for line in (folder / "server.log").read_text().splitlines():
        # A server error's own lines (the outage's retries and kind 503s are expected, and left out).
        expected = "answered 503" in line or "once more" in line
        if '"status": 500' in line or ('"level": "error"' in line and not expected) or "Traceback" in line:
            print("  server:", line[:600])
    print(f"Acknowledged answers lost: {len(lost)}; stored twice: {len(twice)}; server error pages: {errors} "
          f"-> {'ok' if ok else 'FAILED'}")
    return ok


def main(argv: list[str]) -> int:
    if argv[:1] == ["--invites"]:
        make_invites(Path(argv[1]))
        return 0
    runs = argv or ["load", "faults"]
    subprocess.run([sys.executable, "-c", f"import redis; redis.Redis.from_url('{REDIS_URL}').flushdb()"], check=True)
    ok = True
    for run in runs:
        pg = Postgres()
        pg.start()
        folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
        port = free_port()
        env = environment(pg.url, port)
        server = None
        try:
            print(f"== {run}: gunicorn, 2 sync workers, PostgreSQL {pg.bin.parent.name}, "
                  f"load average {os.getloadavg()[0]:.2f} before")
            prepare(pg, env, folder)
            server = serve(env, folder / "server.log")
            base = f"http://127.0.0.1:{port}"
            if run == "load":
                load_run(base, folder)
            else:
                ok = fault_run(base, folder, pg, server, pg.url) and ok
        finally:
            if server and server.poll() is None:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
            pg.stop()
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
