"""Board packs: setting them up, what each is due for, and publishing one pack for a period
(the report for the pack's area with only its sections, frozen like any published report)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.db import db
from app.core.periods import Period
from app.org.models import District, Locality
from app.reports import pack_rules
from app.reports.models import BoardPack, PublishedReport, pack_edition
from app.reports.report_data import COUNTY, area_name


class PackNameTaken(ValueError):
    pass


def area_choices() -> list[tuple[str, str]]:
    """The areas a report or pack can be for: the county, each locality, each district."""
    choices = [("county", COUNTY)]
    choices += [(f"locality:{loc.id}", f"{loc.name} locality") for loc in db.session.scalars(select(Locality).order_by(Locality.name))]
    choices += [(f"district:{d.id}", f"{d.name} district") for d in db.session.scalars(select(District).order_by(District.name))]
    return choices


def area_ids(area_key: str) -> tuple[int | None, int | None]:
    """(district_id, locality_id) of an area key; (None, None) for the county."""
    kind, _, ident = area_key.partition(":")
    if kind == "district":
        return int(ident), None
    if kind == "locality":
        return None, int(ident)
    return None, None


def area_label(area_key: str) -> str:
    return area_name(*area_ids(area_key))


def save_pack(pack: BoardPack, *, board: str, name: str, sections: list[str], area_key: str, cadence: str,
              due_days: int, first_period: str) -> BoardPack:
    """Add or change a pack (already validated). Raises PackNameTaken, saving nothing, when
    the board has another pack of that name."""
    clash = db.session.scalar(select(BoardPack.id).where(BoardPack.board == board.strip(), BoardPack.name == name.strip(),
                                                          BoardPack.id != (pack.id or 0)))
    if clash:
        raise PackNameTaken(f"{board.strip()} already has a pack called {name.strip()}")
    pack.board, pack.name = board.strip(), name.strip()
    pack.sections = [key for key in pack_rules.SECTIONS if key in sections]  # in the report's order
    pack.area_key, pack.cadence, pack.due_days = area_key, cadence, due_days
    pack.first_period = Period.parse(first_period).label
    db.session.add(pack)
    try:
        db.session.commit()
    except IntegrityError:  # someone else saved the same name a moment before
        db.session.rollback()
        raise PackNameTaken(f"{board.strip()} already has a pack called {name.strip()}") from None
    return pack


@dataclass
class PackStatus:
    pack: BoardPack
    area: str
    periods: list[pack_rules.PackPeriod]  # the newest, at most SHOWN_PERIODS
    earlier: int  # periods before those shown
    earlier_overdue: int

    @property
    def overdue(self) -> int:
        return self.earlier_overdue + sum(p.state == pack_rules.OVERDUE for p in self.periods)


def pack_statuses(today: date) -> list[PackStatus]:
    """Every pack with the periods it is due for, newest first, and which are published."""
    packs = db.session.scalars(select(BoardPack).order_by(BoardPack.board, BoardPack.name)).all()
    published: dict[int, dict[str, int]] = {}
    rows = db.session.execute(select(PublishedReport.board_pack_id, PublishedReport.period, PublishedReport.id)
                              .where(PublishedReport.board_pack_id.is_not(None)))
    for pack_id, period, report_id in rows:
        published.setdefault(pack_id, {})[period] = report_id
    out = []
    for pack in packs:
        periods = pack_rules.pack_periods(pack.cadence, pack.first_period, pack.due_days, today, published.get(pack.id, {}))
        shown, earlier = periods[:pack_rules.SHOWN_PERIODS], periods[pack_rules.SHOWN_PERIODS:]
        out.append(PackStatus(pack, area_label(pack.area_key), shown, len(earlier),
                              sum(p.state == pack_rules.OVERDUE for p in earlier)))
    return out


def published_pack(pack: BoardPack, period: Period) -> PublishedReport | None:
    return db.session.scalar(select(PublishedReport).where(
        PublishedReport.period == period.label, PublishedReport.area_key == pack.area_key,
        PublishedReport.edition == pack_edition(pack.id)))


def pack_title(pack: BoardPack, period: Period) -> str:
    area = area_label(pack.area_key)
    return f"{pack.board}: {pack.name} {period.label}" + ("" if area == COUNTY else f", {area}")


def publish_pack(pack: BoardPack, period: Period, user, now: datetime | None = None) -> tuple[PublishedReport, bool]:
    """Publish the pack for `period` (which has ended): (the published report, whether it is new).
    A second click, or someone else first, finds the one already published."""
    from app.reports.services import build_report

    existing = published_pack(pack, period)
    if existing is not None:
        return existing, False
    district_id, locality_id = area_ids(pack.area_key)
    report = pack_rules.restrict(build_report(period, district_id=district_id, locality_id=locality_id, now=now),
                                 pack.sections)
    report.title = pack_title(pack, period)
    row = PublishedReport(period=period.label, kind=period.kind, district_id=district_id, locality_id=locality_id,
                          area_key=pack.area_key, edition=pack_edition(pack.id), board_pack_id=pack.id,
                          title=report.title, figures=report.to_dict(), published_by_id=user.id,
                          published_by_name=user.name)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return published_pack(pack, period), False
    return row, True
