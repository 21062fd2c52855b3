"""An alert's email is written with the response, sent by a worker (never inside the
respondent's request), sent once, and sent when the mail server comes back; through a
real SMTP server on loopback and a real RQ worker on Redis."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from conftest import page
from feedback.conftest import answer
from sqlalchemy import select

from app.core import jobs
from app.core.db import db, utcnow
from app.notifications import delivery
from app.notifications.models import FAILED, PENDING, SENT, Notification
from app.safeguarding.models import Alert

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def notifications() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def disclose(client, invite):
    response, _ = answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"}, worker=False)
    assert response.status_code == 302
    return db.session.scalar(select(Alert))


def test_the_email_is_not_sent_inside_the_request_but_by_the_worker(app, client, invite, practitioner, lead, smtp):
    alert = disclose(client, invite)
    assert smtp.mailbox.messages == []  # nothing sent while the respondent waited
    rows = notifications()
    assert sorted(n.to_email for n in rows) == ["lee.lead@example.org", "priya@example.org"]
    assert {n.status for n in rows} == {PENDING} and {n.alert_id for n in rows} == {alert.id}
    assert [path for path, _ in app.extensions["queued_jobs"]] == ["app.notifications.delivery.deliver"] * 2

    assert jobs.run_queued() == 2
    assert smtp.mailbox.recipients() == ["lee.lead@example.org", "priya@example.org"]
    assert {n.status for n in notifications()} == {SENT}
    assert sorted(smtp.mailbox.message_ids()) == sorted(n.message_id for n in notifications())


def test_a_job_that_runs_twice_sends_once(app, client, invite, practitioner, smtp):
    disclose(client, invite)
    (row,) = notifications()
    assert delivery.deliver(row.id) == "sent"
    assert delivery.deliver(row.id) == "skipped"
    assert delivery.sweep() == 0
    assert smtp.mailbox.recipients() == ["priya@example.org"]


def test_with_the_mail_server_down_the_email_waits_shows_as_undelivered_and_goes_once_when_it_is_back(
        app, client, new_client, invite, practitioner, admin, smtp):
    smtp.stop()
    disclose(client, invite)
    jobs.run_queued()
    (row,) = notifications()
    assert row.status == PENDING and row.attempts == 1 and row.last_error
    assert row.next_attempt_at > utcnow()

    # The practitioner and the administrators see that it did not go.
    for person in (practitioner, admin):
        viewer = new_client()
        viewer.sign_in(person)
        warning = page(viewer.get("/feedback/alerts")).select_one("#undelivered")
        assert warning is not None and "priya@example.org" in warning.get_text(" ", strip=True)
    viewer.sign_in(admin)
    alert_page = page(viewer.get(f"/feedback/alerts/{row.alert_id}")).select_one("#who-was-told").get_text(" ")
    assert "Not sent yet" in alert_page

    # Not due yet: the sweep leaves it; still down when due: a second failure, a longer wait.
    assert delivery.sweep() == 0
    assert delivery.sweep(now=row.next_attempt_at + timedelta(seconds=1)) == 1
    jobs.run_queued()
    (row,) = notifications()
    assert row.attempts == 1  # the job ran before its time: claimed nothing

    smtp.start()
    later = utcnow() + timedelta(hours=1)
    assert delivery.sweep(now=later) == 1
    (path, args), = app.extensions["queued_jobs"]
    assert delivery.deliver(*args, now=later) == "sent"
    assert smtp.mailbox.recipients() == ["priya@example.org"]
    assert delivery.sweep(now=later + timedelta(hours=1)) == 0  # and never again
    assert page(viewer.get("/feedback/alerts")).select_one("#undelivered") is None


def test_after_many_failures_it_is_given_up_and_shown(app, client, invite, practitioner, smtp, monkeypatch):
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 2)
    smtp.stop()
    disclose(client, invite)
    (row,) = notifications()
    assert delivery.deliver(row.id) == "failed"
    assert delivery.deliver(row.id, now=utcnow() + timedelta(hours=1)) == "gave up"
    assert notifications()[0].status == FAILED
    assert [n.id for n in delivery.undelivered()] == [row.id]


def test_a_real_rq_worker_on_redis_delivers_the_alert(app, client, invite, practitioner, lead, smtp, redis_queue):
    from rq import Queue, SimpleWorker

    disclose(client, invite)
    queue = Queue(jobs.URGENT, connection=redis_queue)
    assert queue.count == 2 and app.extensions["queued_jobs"] == []
    SimpleWorker([queue], connection=redis_queue).work(burst=True)
    assert smtp.mailbox.recipients() == ["lee.lead@example.org", "priya@example.org"]
    assert {n.status for n in notifications()} == {SENT}


def test_a_redis_that_is_down_loses_nothing(app, client, invite, practitioner, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:9/0")  # nothing listens there
    started = time.monotonic()
    disclose(client, invite)
    assert time.monotonic() - started < 5  # the respondent is not kept waiting
    (row,) = notifications()
    assert row.status == PENDING
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    assert delivery.sweep() == 1  # the scheduler's sweep finds it
    jobs.run_queued()
    assert smtp.mailbox.recipients() == ["priya@example.org"]


def _worker_env(app, smtp) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "APP_"))}
    env.update({
        "APP_ENV": "development", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"], "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port),
        "SECRET_KEY": "worker-test-secret", "PYTHONUNBUFFERED": "1",
        "NOTIFICATION_CLAIM_SECONDS": str(app.config["NOTIFICATION_CLAIM_SECONDS"]),
    })
    return env


def _start(command: str, app, smtp) -> subprocess.Popen:
    # Its own process group: the worker's scheduler process dies with it.
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", command], cwd=ROOT,
                            env=_worker_env(app, smtp), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _start_worker(app, smtp) -> subprocess.Popen:
    return _start("worker", app, smtp)


def _kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def _stop(process: subprocess.Popen) -> str:
    _kill(process)
    out, _ = process.communicate(timeout=30)
    return out.decode(errors="replace")


def test_a_worker_killed_while_sending_leaves_the_email_to_be_sent_once(app, client, invite, practitioner, smtp,
                                                                        redis_queue, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFICATION_CLAIM_SECONDS", 3)  # a dead worker's claim lasts 3 s
    smtp.mailbox.hold()  # the server keeps the message waiting, as a slow one does
    disclose(client, invite)
    worker = _start_worker(app, smtp)
    try:
        assert smtp.mailbox.in_data.wait(60), _stop(worker)
        _kill(worker)  # dies mid-send: the message was never accepted
        worker.wait(timeout=30)
    finally:
        output = _stop(worker)
    smtp.mailbox.release()
    (row,) = notifications()
    assert row.status == PENDING and row.attempts == 1 and row.claimed_until is not None, output
    assert smtp.mailbox.messages == []

    # While the dead worker's claim lasts nobody sends it; once it has run out the sweep
    # (every minute from the scheduler) queues it again, and a new worker sends it.
    assert delivery.sweep() == 0
    time.sleep(3.5)
    assert delivery.sweep() == 1
    second = _start_worker(app, smtp)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and notifications()[0].status != SENT:
            time.sleep(0.2)
    finally:
        output = _stop(second)
    assert notifications()[0].status == SENT, output
    assert smtp.mailbox.recipients() == ["priya@example.org"]
    assert delivery.deliver(row.id) == "skipped" and delivery.sweep() == 0
    assert smtp.mailbox.recipients() == ["priya@example.org"]


@pytest.mark.parametrize("path", [s.path for s in jobs.SCHEDULE])
def test_every_scheduled_job_is_a_job(path):
    func = jobs.resolve(path)
    assert callable(func) and func.__wrapped__.__module__ == path.rpartition(".")[0]


def test_the_scheduler_puts_the_minute_jobs_on_the_queue(app, smtp, redis_queue):
    from rq import Queue

    scheduler = _start("scheduler", app, smtp)
    try:
        queue = Queue(jobs.URGENT, connection=redis_queue)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and queue.count < 2:
            time.sleep(0.2)
        names = sorted(job.func_name for job in queue.jobs)
    finally:
        out = _stop(scheduler)
    assert names == ["app.notifications.delivery.sweep", "app.safeguarding.escalation.check_escalations"], out
