"""Themes for free-text comments: a list kept by administrators and QA staff, comments
tagged with them by QA staff, and how many comments carry each theme in a period or a
campaign (`theme_counts`, for reports).

A comment is one free-text answer: a response's answer to one question. Comments are
listed for QA staff and administrators only, and only from campaigns with at least
the suppression threshold's number of responses in the period (as on a campaign's results), in order of their words,
never of when they came in; a name left by a respondent is shown to administrators only.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core import privacy
from app.core.clock import local_day, utc_bounds
from app.core.db import db
from app.core.privacy import suppression_threshold
from app.core.periods import Period
from app.feedback.models import Campaign, CommentTag, CommentTheme, Response

NAME_MAX = 80
PAGE_SIZE = 50


class ThemeError(ValueError):
    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.message = message
        self.field = field


# --- The list of themes --------------------------------------------------------------------


def themes() -> list[CommentTheme]:
    return list(db.session.scalars(select(CommentTheme).order_by(func.lower(CommentTheme.name))))


def tag_counts_by_theme() -> dict[int, int]:
    return dict(db.session.execute(select(CommentTag.theme_id, func.count()).group_by(CommentTag.theme_id)).all())


def add_theme(name: str, user=None) -> CommentTheme:
    name = " ".join((name or "").split())
    if not name:
        raise ThemeError("Enter the name of the theme")
    if len(name) > NAME_MAX:
        raise ThemeError(f"The name must be {NAME_MAX} characters or fewer")
    if any(t.name.casefold() == name.casefold() for t in themes()):
        raise ThemeError(f"There is already a theme called '{name}'")
    theme = CommentTheme(name=name, added_by=user)
    db.session.add(theme)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ThemeError(f"There is already a theme called '{name}'") from None
    return theme


def remove_theme(theme: CommentTheme) -> None:
    """Remove a theme no comment carries; a theme in use stays, so counts already
    reported can be produced again."""
    used = db.session.scalar(select(func.count()).select_from(CommentTag).where(CommentTag.theme_id == theme.id))
    if used:
        raise ThemeError(
            f"'{theme.name}' is on {used} comment{'s' if used != 1 else ''}, so it stays: reports count it."
        )
    db.session.delete(theme)
    db.session.commit()


# --- Comments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentRow:
    response_id: int
    question_key: str
    question: str
    text: str
    name: str | None
    campaign: str
    theme_ids: frozenset[int]

    @property
    def ref(self) -> str:
        return f"{self.response_id}-{self.question_key}"


@dataclass(frozen=True)
class CommentList:
    rows: list[CommentRow]  # this page's
    total: int
    page: int
    pages: int
    responses: int
    suppressed: bool  # fewer responses than the suppression threshold: no comments are shown


def _response_filter(query, period: Period | None, campaign_id: int | None, district_id: int | None,
                     locality_id: int | None = None):
    if period is not None:
        since, until = utc_bounds(period.start, period.end)  # the period's UK days
        query = query.where(Response.submitted_at >= since, Response.submitted_at < until)
    if campaign_id is not None:
        query = query.where(Response.campaign_id == campaign_id)
    if district_id is not None:
        query = query.where(Response.district_id == district_id)
    if locality_id is not None:
        from app.org.models import District

        query = query.where(Response.district_id.in_(select(District.id).where(District.locality_id == locality_id)))
    return query


def comments(*, period: Period | None = None, campaign_id: int | None = None, district_id: int | None = None,
             show_names: bool = False, page: int = 1) -> CommentList:
    """The comments of a period and/or campaign, by question then by their words, a page at a time."""
    rows = db.session.execute(_response_filter(
        select(Response.id, Response.campaign_id, Response.free_text, Response.respondent_name),
        period, campaign_id, district_id)).all()
    # As on a campaign's results: no comments from a campaign with fewer responses here than the threshold.
    per_campaign = Counter(r.campaign_id for r in rows)
    rows = [r for r in rows if per_campaign[r.campaign_id] >= suppression_threshold()]
    if not rows:
        return CommentList([], 0, 1, 1, sum(per_campaign.values()), True)
    campaigns = {c.id: c for c in db.session.scalars(select(Campaign).where(Campaign.id.in_({r.campaign_id for r in rows})))}
    found = []
    for response_id, campaign_id_, free_text, name in rows:
        campaign = campaigns[campaign_id_]
        questions = {f.key: f.text for f in campaign.questionnaire.free_text}
        for key, text in (free_text or {}).items():
            if isinstance(text, str) and text.strip():
                name = (name or "").strip() or None
                found.append((questions.get(key, key), text.strip(), response_id, key, name if show_names else None,
                              campaign.name))
    found.sort(key=lambda c: (c[0].casefold(), c[1].casefold(), c[2]))
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    tags: dict[tuple[int, str], set[int]] = defaultdict(set)
    if shown:
        for response_id, key, theme_id in db.session.execute(
            select(CommentTag.response_id, CommentTag.question_key, CommentTag.theme_id)
            .where(CommentTag.response_id.in_({c[2] for c in shown}))
        ):
            tags[(response_id, key)].add(theme_id)
    out = [CommentRow(rid, key, question, text, name, campaign, frozenset(tags[(rid, key)]))
           for question, text, rid, key, name, campaign in shown]
    return CommentList(out, len(found), page, pages, len(rows), False)


def save_tags(chosen: dict[tuple[int, str], set[int]], shown: list[tuple[int, str]], user=None) -> int:
    """Make the themes of each comment in `shown` exactly those `chosen` for it (a comment
    left out of `chosen` loses its themes). Sending the same form twice changes nothing
    the second time. Returns how many comments changed."""
    valid_themes = {t.id for t in themes()}
    shown = list(dict.fromkeys(shown))
    response_ids = {rid for rid, _ in shown}
    existing: dict[tuple[int, str], dict[int, CommentTag]] = defaultdict(dict)
    if response_ids:
        for tag in db.session.scalars(select(CommentTag).where(CommentTag.response_id.in_(response_ids))):
            existing[(tag.response_id, tag.question_key)][tag.theme_id] = tag
    changed = 0
    for ref in shown:
        want = {t for t in chosen.get(ref, set()) if t in valid_themes}
        have = existing.get(ref, {})
        if want == set(have):
            continue
        changed += 1
        for theme_id, tag in have.items():
            if theme_id not in want:
                db.session.delete(tag)
        for theme_id in want - set(have):
            db.session.add(CommentTag(response_id=ref[0], question_key=ref[1], theme_id=theme_id, tagged_by=user))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ThemeError("Someone else tagged these comments at the same moment. Nothing was saved: check them and save again.",
                         field="themes") from None
    return changed


# --- Counts, for reports -------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    comments: int | None  # comments (free-text answers) tagged with the theme; None: not shown (small)


def theme_counts(period: Period | str | None = None, *, campaign_id: int | None = None,
                 district_id: int | None = None, locality_id: int | None = None,
                 threshold: int | None = None) -> list[ThemeCount]:
    """How many comments carry each theme, among responses given in `period` (a Period or
    its label) and/or in one campaign, most first; themes no comment carries are left out.
    `asdict` each for JSON.

    Comments are people's words, so a theme's count is pooled from groups like every count
    of people (app.core.privacy): a theme's comments from one district in one quarter (themes
    are shown only by area and period) count only when at least `threshold` carry it. So
    no count less another, a county's less a district's or a half's less a quarter's, gives
    a small group away. A theme whose every group is small has a count of None (not shown)."""
    if isinstance(period, str):
        period = Period.parse(period)
    th = suppression_threshold() if threshold is None else threshold
    query = _response_filter(
        select(CommentTheme.name, Response.district_id, Response.submitted_at)
        .join(CommentTag, CommentTag.theme_id == CommentTheme.id)
        .join(Response, Response.id == CommentTag.response_id),
        period, campaign_id, district_id, locality_id,
    )
    groups: dict[str, Counter] = defaultdict(Counter)
    for name, district, at in db.session.execute(query):
        groups[name][privacy.group_of(None, district, local_day(at))] += 1
    counts = [ThemeCount(name, privacy.pooled(by_group, th)[0] or None) for name, by_group in groups.items()]
    return sorted(counts, key=lambda c: (-(c.comments or 0), c.theme.casefold()))


def theme_counts_dicts(*args, **kwargs) -> list[dict]:
    return [asdict(c) for c in theme_counts(*args, **kwargs)]
