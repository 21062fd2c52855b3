"""Background jobs: work that must not happen inside a person's request (sending email),
and work that happens on a clock (escalating alerts nobody has acknowledged, retrying
undelivered email, daily reminders, deleting what is kept no longer).

Production (REDIS_URL set) uses RQ on Redis:

    flask --app wsgi worker       runs queued jobs (any number of these, on any machine)
    flask --app wsgi scheduler    puts the scheduled jobs on the queue (RQ's CronScheduler;
                                  run one, or more: every scheduled job is safe to run twice)

Jobs are named by import path ("app.notifications.delivery.deliver") and take plain
arguments (ids), so a job is the same whoever runs it. Each runs in its own app context.

Without REDIS_URL (the first-run SQLite set-up, `make run`), the same jobs run in one
background thread of the web process, and the same schedule in another; while testing
they are held in a list until the test runs them (`run_queued`).

Every job here is written so that running it twice, or after a worker died half way, does
no harm: what must happen once (an email) is claimed in the database first.
"""
from __future__ import annotations

import functools
import importlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context

log = logging.getLogger(__name__)

URGENT = "urgent"  # safeguarding email: workers take these first
DEFAULT = "default"
QUEUES = (URGENT, DEFAULT)


@dataclass(frozen=True)
class Scheduled:
    path: str  # the job's import path
    every_seconds: int | None = None
    cron: str | None = None  # UTC, for RQ's CronScheduler
    queue: str = DEFAULT


# What runs on the clock. Each is safe to run late, early or twice.
SCHEDULE = (
    Scheduled("app.safeguarding.escalation.check_escalations", every_seconds=60, queue=URGENT),
    Scheduled("app.notifications.delivery.sweep", every_seconds=60, queue=URGENT),
    Scheduled("app.audits.action_service.queue_reminders", cron="0 7 * * *"),
    Scheduled("app.audits.action_review.escalate_overdue", cron="15 7 * * *"),
    Scheduled("app.retention.purge.purge_expired", cron="30 2 * * *"),
    Scheduled("app.feedback.progress.forget_expired", cron="*/15 * * * *"),  # answers in progress, after 24 hours
    Scheduled("app.reports.kept_jobs.keep_closed_periods", cron="0 3 * * *"),  # after the purge: a report's first reader waits for nothing
)


def resolve(path: str) -> Callable:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


_worker_app: Flask | None = None


def _app() -> Flask:
    """The app a job runs in: the current one, or (a worker started by `rq` itself) one made once."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from app import create_app

        _worker_app = create_app()
    return _worker_app


def job(func: Callable) -> Callable:
    """A job runs in an app context of its own, so its database session is its own and is
    closed when it ends, whoever runs it (an RQ worker, the development thread, a test)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        with _app().app_context():
            return func(*args, **kwargs)

    return run


# --- Putting a job on the queue -------------------------------------------------------------


def redis_connection(url: str | None = None):
    from redis import Redis

    # Short time-outs: a respondent's request enqueues after its answers are saved, and a
    # Redis that has gone away must cost them a second at most (the sweep catches up).
    return Redis.from_url(url or current_app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=2)


def enqueue(path: str, *args, queue: str = DEFAULT) -> None:
    """Run the job at `path` with `args` soon, outside this request. Never raises: a job
    that could not be queued is logged, and every job that matters is also found later by
    a scheduled sweep (undelivered email by `notifications.delivery.sweep`)."""
    app = current_app._get_current_object()
    try:
        if app.config.get("REDIS_URL"):
            from rq import Queue, Retry

            Queue(queue, connection=redis_connection()).enqueue(
                path, *args, retry=Retry(max=3, interval=[10, 60, 300]), job_timeout=120, result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
            )
        elif app.config.get("TESTING"):
            app.extensions.setdefault("queued_jobs", []).append((path, args))
        else:
            _executor(app).submit(_run_logged, app, path, args)
    except Exception:  # noqa: BLE001 - the caller's work is saved; the sweep retries
        log.exception("Could not queue %s%r; the scheduled sweep will pick it up", path, args)


def _run_logged(app: Flask, path: str, args: tuple) -> None:
    with app.app_context():
        try:
            resolve(path)(*args)
        except Exception:  # noqa: BLE001
            log.exception("Job %s%r failed", path, args)


def run_queued(app: Flask | None = None) -> int:
    """Testing: run the jobs held so far (and any they queue), in order. The number run."""
    app = app or current_app._get_current_object()
    held = app.extensions.setdefault("queued_jobs", [])
    count = 0
    while held:
        path, args = held.pop(0)
        resolve(path)(*args)
        count += 1
    return count


# --- Without Redis: one thread runs jobs, another the schedule -----------------------------

_executors: dict[int, ThreadPoolExecutor] = {}
_lock = threading.Lock()


def _executor(app: Flask) -> ThreadPoolExecutor:
    with _lock:
        if id(app) not in _executors:
            _executors[id(app)] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs")
            _start_clock(app)
        return _executors[id(app)]


def _start_clock(app: Flask) -> None:
    """Runs SCHEDULE in the web process: a first-run shortcut through the same jobs."""
    from croniter import croniter

    def loop():
        due = {s.path: time.time() + 5 for s in SCHEDULE if s.every_seconds}
        crons = {s.path: croniter(s.cron, time.time()) for s in SCHEDULE if s.cron}
        next_cron = {path: it.get_next(float) for path, it in crons.items()}
        while True:
            now = time.time()
            for s in SCHEDULE:
                if s.every_seconds and now >= due[s.path]:
                    due[s.path] = now + s.every_seconds
                    _executors[id(app)].submit(_run_logged, app, s.path, ())
                elif s.cron and now >= next_cron[s.path]:
                    next_cron[s.path] = crons[s.path].get_next(float)
                    _executors[id(app)].submit(_run_logged, app, s.path, ())
            time.sleep(5)

    threading.Thread(target=loop, name="jobs-clock", daemon=True).start()


def init_app(app: Flask) -> None:
    """Without Redis (and not testing), a web server starts the job thread and the clock
    with its first request; command-line runs (seed, demo-data) never start them."""
    if not app.config.get("TESTING"):
        # The concern model learns in the background now, not in the first respondent's request.
        from app.feedback.concern_model import warm_up

        warm_up()
    if app.config.get("REDIS_URL") or app.config.get("TESTING"):
        return

    @app.before_request
    def _start_jobs():
        _executor(app)


# --- Production: the worker and the scheduler ----------------------------------------------


def run_worker(burst: bool = False) -> None:
    """RQ's SimpleWorker on the urgent queue first, then the default one. Jobs run in this
    process; a worker that dies mid-job leaves its email claimed until the claim runs out,
    then the sweep sends it (once: see notifications.delivery)."""
    from rq import Queue, SimpleWorker

    connection = redis_connection()
    worker = SimpleWorker([Queue(name, connection=connection) for name in QUEUES], connection=connection)
    worker.work(burst=burst, with_scheduler=True)


def run_scheduler() -> None:
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=redis_connection())
    for s in SCHEDULE:
        scheduler.register(resolve(s.path), queue_name=s.queue, interval=s.every_seconds, cron=s.cron,
                           job_timeout=300, result_ttl=3600)
    scheduler.start()
