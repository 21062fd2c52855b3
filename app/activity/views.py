"""The activity log page: administrators read and filter it, newest first; nobody edits it."""
from datetime import timedelta

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import func, select

from app.activity.models import ActivityEntry
from app.auth.models import User
from app.core.access import roles_required
from app.core.db import db, utcnow

bp = Blueprint("activity", __name__, url_prefix="/admin/activity")

PER_PAGE = 100
WITHIN = {"1": "Today and yesterday", "7": "The last 7 days", "30": "The last 30 days", "90": "The last 90 days", "": "Any time"}
ACTIONS = {"viewed": "Viewed", "changed": "Changed", "downloaded": "Downloaded", "refused": "Refused"}


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@bp.get("/")
@roles_required("admin")
def log():
    person, kind = _int(request.args.get("person")), request.args.get("kind") or ""
    action, within = request.args.get("action") or "", request.args.get("within", "30")
    record = (request.args.get("record") or "").strip()[:64]
    page = max(1, _int(request.args.get("page")) or 1)
    query = select(ActivityEntry)
    if person:
        query = query.where(ActivityEntry.user_id == person)
    if kind:
        query = query.where(ActivityEntry.record_kind == kind)
    if action in ACTIONS:
        query = query.where(ActivityEntry.action == action)
    if record:
        query = query.where(ActivityEntry.record_id == record)
    if within in WITHIN and within:
        query = query.where(ActivityEntry.at >= utcnow() - timedelta(days=int(within)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    entries = db.session.scalars(query.order_by(ActivityEntry.at.desc(), ActivityEntry.id.desc())
                                 .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    people = db.session.scalars(select(User).order_by(User.name)).all()
    kinds = list(db.session.scalars(select(ActivityEntry.record_kind).distinct().order_by(ActivityEntry.record_kind)))
    older = url_for("activity.log", **{**request.args.to_dict(), "page": page + 1}) if total > page * PER_PAGE else None
    return render_template("activity/log.html", entries=entries, total=total, page=page, per_page=PER_PAGE, older=older,
                           people=people, kinds=kinds, actions=ACTIONS, within_choices=WITHIN,
                           chosen={"person": person, "kind": kind, "action": action, "within": within, "record": record})
