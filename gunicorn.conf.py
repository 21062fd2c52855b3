"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (docs/deploy.md).

Every value can be changed through the environment without editing this file:

    BIND                 where to listen; default 127.0.0.1:8000 (a proxy on the same machine).
                         Behind a load balancer on another machine: 0.0.0.0:8000, firewalled.
    WEB_CONCURRENCY      worker processes; default 2 per CPU core plus 1
    GUNICORN_TIMEOUT     seconds a worker may spend on one request before it is restarted; 60
    GUNICORN_MAX_REQUESTS  requests a worker serves before it is replaced; 100000

Sync workers: each request has a worker to itself, and the work is the database's (measured
by bench/load_run.py on 2 cores with 2 workers and wrk's 50 connections: 185 respondents a
second, each opening their invite and sending their answers, 370 requests a second, p99 184 ms).
"""
import multiprocessing
import os
import threading

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# The slowest page, the board pack's PDF at county scale, takes about 5 seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30  # on restart, requests under way get this long to finish
keepalive = 5
# A worker is replaced after this many requests (spread out, so not all at once): memory
# that grows slowly is given back. Not often: while one is replaced the other takes every
# request, and under load (bench/load_run.py, 50 connections) each replacement made the
# slowest 1% of replies take about a second instead of 0.2 s. At 100,000 a worker serving
# 150 requests a second is replaced about every 11 minutes.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10

# Load the app once, in the master, and share it with the workers (less memory, quicker
# restarts). Safe here because nothing in the app holds a connection or a lock across the
# fork: see when_ready and post_fork below.
preload_app = True

# The app writes one JSON line per request itself (app/core/request_log.py), naming the
# route rather than the address, which can hold an invite code. gunicorn's own access log
# would write the address, query string and all, so it is off.
accesslog = None
errorlog = "-"
loglevel = "info"
# gunicorn's own lines (starting, workers booting, a worker killed for time) as JSON lines too.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.core.request_log.JsonLines"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


def when_ready(server):
    """In the master, once the app is loaded and before any worker is forked: wait for the
    concern model (app/feedback/concern_model.py), which learns in a background thread at
    start-up. A worker forked while it learned would inherit its lock held by a thread that
    does not exist in the worker, and the first answer with free text would wait forever.
    Waiting here (a second or two) means every worker starts with the model learnt."""
    for thread in threading.enumerate():
        if thread.name == "concern-model":
            thread.join()


def post_fork(server, worker):
    """A worker must not share the master's database connections (if any were opened while
    loading): the pool forgets them without closing them under the master's feet."""
    from app.core.db import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
