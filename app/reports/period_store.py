"""Figures of closed periods, kept in the database so a report does not work them out again
on every view.

A period is closed once it ended before today (UK). Its figures can still change after
that: a response sent late from a phone that was offline, a moderation finalised weeks
later, a purge, a change to the plan. So each kept entry carries a fingerprint of what it
was worked out from (counts, highest ids and last-changed times of the rows, the
questionnaire versions, the plan's measures, the threshold, `CODE_VERSION`), and is used
only while that fingerprint is unchanged: otherwise it is worked out again and replaced.
The open period is always worked out live.

The entries are in the database, not in a process's memory, so every web server sees the
same ones. Writes go through their own short transaction: a report view (a GET) commits
nothing else, and a view whose own session has unsaved writes keeps nothing, since what it
would keep could be rolled back.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, Integer, LargeBinary, String, UniqueConstraint, event, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.db import db, utcnow
from app.core.periods import Period

log = logging.getLogger(__name__)

# Bump to have every kept entry worked out again. A change to the code itself needs no bump:
# the fingerprint has a digest of the app's code (`code_digest`), so a deploy that changes a
# rule (a suppression rule, a headline definition) works every kept figure out again once.
CODE_VERSION = 1
APP_DIR = Path(__file__).resolve().parents[1]
CODE_FILES = ("*.py", "*.yaml", "*.yml", "*.json", "*.tsv", "*.txt")

T = TypeVar("T")


class KeptFigures(db.Model):
    """One closed period's figures of one kind, for one area and suppression threshold."""

    __tablename__ = "kept_period_figures"
    __table_args__ = (UniqueConstraint("kind", "period", "area_key", "threshold"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # "feedback", "feedback-baselines", "audits", "pdf"
    period: Mapped[str] = mapped_column(String(20))  # e.g. "H1 2026-27"
    area_key: Mapped[str] = mapped_column(String(30))  # "county", "district:3", "locality:1"
    threshold: Mapped[int] = mapped_column(Integer)  # 0 where figures do not depend on it
    fingerprint: Mapped[str] = mapped_column(String(64))
    figures: Mapped[Any] = mapped_column(JSON)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # a file kept as made (a closed period's PDF)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- The rules ------------------------------------------------------------------------------


def is_closed(period: Period, today: date) -> bool:
    """A period is closed once it ended before today: only closed periods' figures are kept."""
    return period.end < today


def fingerprint(parts: list) -> str:
    """A short digest of what figures were worked out from (plain values: numbers, strings,
    dates, lists), with the code that worked them out, so that any change to them gives another."""
    text = json.dumps([CODE_VERSION, code_digest(), parts], default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the app's code and data files, read once per process (a deploy restarts it)."""
    digest = hashlib.sha256()
    skip = {APP_DIR / "static", APP_DIR / "assets"}
    for pattern in CODE_FILES:
        for path in sorted(APP_DIR.rglob(pattern)):
            if not any(parent in skip for parent in path.parents) and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(APP_DIR)}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def still_fresh(kept_fingerprint: str | None, current_fingerprint: str, period: Period, today: date) -> bool:
    """Whether kept figures may be shown: the period is closed and what they were worked out
    from is unchanged. Anything else (the open period, nothing kept, a changed input) is
    worked out live."""
    return is_closed(period, today) and kept_fingerprint is not None and kept_fingerprint == current_fingerprint


def area_key(district_id: int | None, locality_id: int | None) -> str:
    if district_id is not None:
        return f"district:{district_id}"
    if locality_id is not None:
        return f"locality:{locality_id}"
    return "county"


# --- Keeping and finding ----------------------------------------------------------------------


def kept(kind: str, period: Period, area: str, threshold: int, *, today: date,
         inputs: Callable[[], list], compute: Callable[[], T], encode: Callable[[T], Any],
         decode: Callable[[Any], T]) -> T:
    """The period's figures of `kind`: the kept ones while `still_fresh`, else `compute()`
    (kept for next time when the period is closed). `inputs()` gives the parts of the
    fingerprint; it is asked only for a closed period."""
    if not is_closed(period, today):
        return compute()
    current = fingerprint(inputs())
    row = db.session.execute(
        select(KeptFigures.fingerprint, KeptFigures.figures).where(
            KeptFigures.kind == kind, KeptFigures.period == period.label, KeptFigures.area_key == area,
            KeptFigures.threshold == threshold)
    ).first()
    if row is not None and still_fresh(row.fingerprint, current, period, today):
        return decode(row.figures)
    value = compute()
    _keep(kind, period.label, area, threshold, current, encode(value), replace=row is not None)
    return value


_WROTE = "kept_figures_session_wrote"


@event.listens_for(Session, "after_flush")
def _session_wrote(session, flush_context):
    session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _session_ended(session, transaction):
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def kept_file(kind: str, period: Period, area: str, threshold: int, *, today: date, inputs: Callable[[], list],
              make: Callable[[], bytes]) -> bytes:
    """As `kept`, for a file made from figures (a PDF): the kept bytes while still fresh."""
    if not is_closed(period, today):
        return make()
    current = fingerprint(inputs())
    row = db.session.execute(
        select(KeptFigures.fingerprint, KeptFigures.content).where(
            KeptFigures.kind == kind, KeptFigures.period == period.label, KeptFigures.area_key == area,
            KeptFigures.threshold == threshold)
    ).first()
    if row is not None and row.content is not None and still_fresh(row.fingerprint, current, period, today):
        return row.content
    body = make()
    _keep(kind, period.label, area, threshold, current, {}, replace=row is not None, content=body)
    return body


def _keep(kind: str, period: str, area: str, threshold: int, digest: str, figures: Any, *, replace: bool,
          content: bytes | None = None) -> None:
    if db.session.info.get(_WROTE):
        return  # worked out from this session's unsaved rows: they may yet be rolled back
    key = dict(kind=kind, period=period, area_key=area, threshold=threshold)
    values = dict(fingerprint=digest, figures=figures, content=content, computed_at=utcnow())
    table = KeptFigures.__table__
    try:
        with db.engine.begin() as conn:
            if replace:
                conn.execute(update(table).where(*(table.c[k] == v for k, v in key.items())).values(**values))
            else:
                conn.execute(insert(table).values(**key, **values))
    except (IntegrityError, OperationalError) as error:
        # Another server kept the same figures first, or the database is busy: they are
        # worked out again next time, nothing is lost.
        log.info("period figures not kept (%s %s %s): %s", kind, period, area, error.__class__.__name__)


# --- Dataclasses to JSON and back ---------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """Dataclasses, lists, tuples, dicts, dates and moments as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        encode = _encoder(type(value))
        return value if encode is None else encode(value)
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


_encoders: dict[Any, Any] = {}


def _encoder(kind: Any) -> Callable[[Any], Any] | None:
    """A function turning values of `kind` into plain ones, worked out once per type from the
    type hints (None where the value is plain already); `to_plain` for what hints do not say."""
    if kind not in _encoders:
        _encoders[kind] = to_plain  # a dataclass that refers to itself
        _encoders[kind] = _make_encoder(kind)
    return _encoders[kind]


def _make_encoder(kind: Any) -> Callable[[Any], Any] | None:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind in _PLAIN or origin is typing.Literal:
        return None
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        inner = _encoder(arms[0]) if len(arms) == 1 else to_plain
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = tuple(f.name for f in dataclasses.fields(kind))
        encoders = tuple(_encoder(hints.get(n, Any)) for n in names)
        return lambda v: {n: (x if e is None or x is None else e(x))
                          for n, e, x in zip(names, encoders, (getattr(v, n) for n in names))}
    if origin is list or kind is list:
        inner = _encoder(args[0]) if args else to_plain
        return list if inner is None else (lambda v: [None if x is None else inner(x) for x in v])
    if origin is tuple or kind is tuple:
        return to_plain
    if origin is dict or kind is dict:
        inner = _encoder(args[1]) if len(args) == 2 else to_plain
        return dict if inner is None else (lambda v: {k: None if x is None else inner(x) for k, x in v.items()})
    if kind in (date, datetime):
        return lambda v: v.isoformat()
    return to_plain


def from_plain(kind: Any, value: Any) -> Any:
    """`to_plain`'s output back as `kind` (a dataclass or a type hint), field by field from
    the dataclasses' own type hints: a field added to them later comes back too."""
    decode = _decoder(kind)
    return value if decode is None else decode(value)


_PLAIN = (int, float, str, bool, type(None), Any)
_decoders: dict[Any, Any] = {}


def _decoder(kind: Any) -> Callable[[Any], Any] | None:
    """A function turning plain values back into `kind`, worked out once per type (a report
    decodes tens of thousands of values); None where the plain value is already right."""
    if kind in _decoders:
        return _decoders[kind]
    _decoders[kind] = None  # a dataclass that refers to itself decodes its own field plainly
    _decoders[kind] = decode = _make_decoder(kind)
    return decode


def _make_decoder(kind: Any) -> Callable[[Any], Any] | None:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind in _PLAIN or origin is typing.Literal:
        return None
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        inner = _decoder(arms[0]) if len(arms) == 1 else None
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = {f.name: _decoder(hints.get(f.name, Any)) for f in dataclasses.fields(kind) if f.init}

        def decode_dataclass(value):
            return kind(**{k: (v if (d := fields[k]) is None or v is None else d(v))
                           for k, v in value.items() if k in fields})
        return decode_dataclass
    if origin in (list, typing.List) or kind is list:
        inner = _decoder(args[0]) if args else None
        return None if inner is None else (lambda v: [None if x is None else inner(x) for x in v])
    if origin is tuple or kind is tuple:
        return tuple
    if origin is dict or kind is dict:
        inner = _decoder(args[1]) if len(args) == 2 else None
        return None if inner is None else (lambda v: {k: None if x is None else inner(x) for k, x in v.items()})
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    return None
