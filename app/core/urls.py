"""The service's own absolute addresses, for whatever leaves the request: emails, printed
cards, QR codes, links people copy.

They are built from the setting PUBLIC_URL (e.g. `https://feedback.example.gov.uk`), never
from the request. The request's Host header is chosen by whoever sends it: an anonymous
respondent who sets `Host: evil.example` must not put a link to evil.example into a
safeguarding email. `public_url` works with or without a request (a queue worker has none).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


class PublicUrlError(ValueError):
    pass


def check_public_url(value: str) -> str:
    """The setting, normalised (no trailing slash); PublicUrlError if it is not an
    http(s) address with a host and nothing after the path."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublicUrlError(f"PUBLIC_URL must be the service's address, like https://feedback.example.gov.uk (it is {value!r}).")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise PublicUrlError(f"PUBLIC_URL must not have a query, a fragment or a user name (it is {value!r}).")
    return value.rstrip("/")


def public_host() -> str:
    return urlsplit(current_app.config["PUBLIC_URL"]).netloc


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` under PUBLIC_URL, whatever host the request named."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def bare(url: str) -> str:
    """An address without its scheme, for printing: feedback.example.gov.uk/q."""
    return url.split("://", 1)[-1]
