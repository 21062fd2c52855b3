"""Times as people in the authority read them.

Moments are stored as naive UTC (`app.core.db.utcnow`); every page shows them in UK time,
so "submitted at 09:05" means the same on the auditor's form, the moderation history and
the alerts page, in summer as in winter.
"""
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    LOCAL_TIME_ZONE = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # no time zone data: show UTC rather than fail
    LOCAL_TIME_ZONE = UTC


def to_local(moment: datetime) -> datetime:
    """A stored moment (naive UTC, or aware) in UK time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TIME_ZONE)


def local_time(moment: datetime | None, fmt: str = "%H:%M") -> str:
    return to_local(moment).strftime(fmt) if moment is not None else ""


def local_datetime(moment: datetime | None) -> str:
    return local_time(moment, "%-d %B %Y at %H:%M")


def local_date(value: date | datetime | None, fmt: str = "%-d %B %Y") -> str:
    """A date as written; a moment by its UK calendar day (00:30 BST is still 'today')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime(fmt)


def local_day(moment: datetime) -> date:
    """The UK calendar day a stored moment fell on: what decides its reporting period."""
    return to_local(moment).date()


def utc_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """Naive-UTC moments [from, until) covering the UK days `first_day` to `last_day`, both
    included, for querying stored moments: in summer a UK day starts at 23:00 UTC the day before."""
    start = datetime.combine(first_day, time.min, tzinfo=LOCAL_TIME_ZONE)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=LOCAL_TIME_ZONE)
    return start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)


def uk_today(now: datetime | None = None) -> date:
    """Today's date in the UK, whatever the server's time zone."""
    return local_day(now or datetime.now(UTC))


@lru_cache(maxsize=1)
def _england_bank_holidays():
    import holidays  # the maintained list, with substitute days (a Christmas on Saturday moves to Monday)

    return holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2041))


def england_bank_holidays() -> frozenset[date]:
    """England's bank holidays, 2015 to 2040, as dates."""
    return _england_bank_holiday_dates()


@lru_cache(maxsize=1)
def _england_bank_holiday_dates() -> frozenset[date]:
    return frozenset(_england_bank_holidays().keys())


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England (from the `holidays` package, kept up to date upstream)."""
    return day in _england_bank_holidays()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)
