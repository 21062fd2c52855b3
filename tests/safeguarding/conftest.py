"""Fixtures for safeguarding tests: the feedback fixtures (teams, campaigns, invites, a
respondent), a real SMTP server on loopback, and a real Redis queue."""
import os
import threading
import uuid

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer

from feedback.conftest import *  # noqa: F401,F403  (the feedback fixtures)

# Database 15 (14, 13... for each further pytest-xdist worker): emptied by the tests that use it.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _WORKER}")


class Mailbox:
    """What a real SMTP server on loopback accepted. `hold()` makes it keep the next
    message waiting in DATA (a slow server: a worker can be killed mid-send) and then
    refuse it, so that what was not fully accepted is never counted as delivered."""

    def __init__(self):
        self.messages = []
        self.hold_next = False
        self.released = threading.Event()
        self.in_data = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_next:
            self.hold_next = False
            self.in_data.set()
            await _wait(self.released)
            return "451 Try again later"
        self.messages.append(envelope)
        return "250 OK"

    def hold(self):
        """Keep the next message waiting in DATA until `release()`, then refuse it."""
        self.hold_next = True
        self.released.clear()
        self.in_data.clear()

    def release(self):
        self.released.set()

    def message_ids(self) -> list[str]:
        import email

        return [email.message_from_bytes(m.content)["Message-ID"] for m in self.messages]

    def recipients(self) -> list[str]:
        return sorted(r for m in self.messages for r in m.rcpt_tos)


async def _wait(event: threading.Event):
    import asyncio

    while not event.is_set():
        await asyncio.sleep(0.05)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.controller = None
        self.port = None

    def start(self):
        self.port = self.port or _free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, timeout=30)
        self.controller.start()

    def stop(self):
        self.mailbox.release()
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on 127.0.0.1 that the app sends to (stop() and start() it again)."""
    server = SmtpServer()
    server.start()
    for name, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_IN_TESTS": True}.items():
        monkeypatch.setitem(app.config, name, value)
    yield server
    server.stop()


@pytest.fixture
def redis_queue(app, monkeypatch):
    """The app's jobs go to a real Redis (database 15, emptied before and after)."""
    from redis import Redis

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"Redis is needed for the job queue tests at {REDIS_URL}: {error}")
    connection.flushdb()
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    yield connection
    connection.flushdb()


def unique() -> str:
    return uuid.uuid4().hex[:8]
