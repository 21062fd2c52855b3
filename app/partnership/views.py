"""Multi-agency audits: the list, starting one (administrators: the QA group), a round's
page (the QA group: every case and part), giving a part to an auditor, and the findings.
Every page checks who may see it (app/partnership/rules.py); parts are in part_views.py and
the composite report in report_views.py."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.audits import rules as audit_rules
from app.audits.models import Audit, AuditToolVersion
from app.auth.roles import ADMIN, AGENCY_LEAD, AUDITOR, PARTNER_AUDITOR, PARTNERSHIP_PANEL, QA_VIEWER
from app.core.access import get_or_404, roles_required
from app.core.db import db
from app.org.models import Agency, Locality
from app.partnership import rules
from app.partnership import services as service
from app.partnership.blueprint import bp
from app.partnership.forms import AssignForm, FindingsForm, StartForm
from app.partnership.models import AuditPart, MultiAgencyRound

EVERYONE = (ADMIN, QA_VIEWER, AUDITOR, PARTNER_AUDITOR, AGENCY_LEAD, PARTNERSHIP_PANEL)


def mround_or_404(round_id: int) -> MultiAgencyRound:
    mround = service.for_round(round_id)
    if mround is None:
        abort(404)
    return mround


def qa_group_only(mround: MultiAgencyRound) -> None:
    if not rules.in_qa_group(current_user, mround.lead_auditor_id):
        abort(403)


@bp.route("")
@roles_required(*EVERYONE)
def index():
    qa = current_user.has_role(ADMIN, QA_VIEWER)
    rounds = service.all_rounds()
    return render_template(
        "partnership/index.html",
        my_parts=service.my_parts(current_user),
        lead_rounds=[m for m in rounds if m.lead_auditor_id == current_user.id],
        qa_rounds=rounds if qa else [],
        reports=[] if qa else service.reports_for(current_user),
    )


def _start_choices(form: StartForm) -> None:
    form.tool_version_id.choices = [("", "Choose a tool")] + [(str(v.id), v.label) for v in service.multi_agency_versions()]
    agencies = db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)).all()
    form.agency_ids.choices = [(str(a.id), f"{a.name} ({a.kind_label})") for a in agencies]
    places = [("", "Choose a district or locality")]
    for locality in db.session.scalars(select(Locality).order_by(Locality.name)):
        places.append((f"locality-{locality.id}", f"{locality.name} locality (all its districts)"))
        places += [(f"district-{d.id}", f"{d.name} district") for d in locality.districts]
    form.place.choices = places
    form.lead_auditor_id.choices = [("", "Choose the lead auditor")] + [(str(u.id), u.name) for u in service.lead_candidates()]


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@bp.route("/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def start():
    form = StartForm()
    _start_choices(form)
    errors = []
    if request.method == "POST" and form.validate_on_submit():
        version_id = _int(form.tool_version_id.data)
        try:
            mround = service.start(
                name=form.name.data, theme=form.theme.data, user=current_user,
                tool_version=db.session.get(AuditToolVersion, version_id) if version_id else None,
                agency_ids=[int(i) for i in form.agency_ids.data or [] if i.isdigit()], place=form.place.data,
                sample_spec=form.sample_spec.data, due_date=form.due_date.date if not form.due_date.blank else None,
                lead_auditor_id=_int(form.lead_auditor_id.data),
            )
        except service.Refused as refused:
            for field, message in refused.errors.items():
                form[field].errors = [message]
        else:
            flash(f"‘{mround.round.name}’ started: {len(mround.round.audits)} cases drawn. Give each agency's part to an auditor.",
                  "success")
            return redirect(url_for("partnership.round_page", round_id=mround.round_id))
    for field in form:
        if field.errors:
            errors.append({"text": field.errors[0], "href": f"#{field.id}"})
    return render_template("partnership/start.html", form=form, errors=errors), (400 if errors else 200)


@bp.route("/<int:round_id>")
@roles_required(*EVERYONE)
def round_page(round_id: int):
    mround = mround_or_404(round_id)
    qa_group_only(mround)
    audits = list(db.session.scalars(select(Audit).where(Audit.round_id == round_id).order_by(Audit.id)))
    rows = [(audit, service.parts_of(audit)) for audit in audits]
    return render_template("partnership/round.html", mround=mround, rows=rows, rules=audit_rules,
                           may_assign=current_user.has_role(ADMIN),
                           may_write=current_user.has_role(ADMIN) or current_user.id == mround.lead_auditor_id)


@bp.route("/parts/<int:part_id>/auditor", methods=["GET", "POST"])
@roles_required(ADMIN)
def assign(part_id: int):
    part = get_or_404(AuditPart, part_id)
    mround = mround_or_404(part.audit.round_id)
    form = AssignForm()
    form.auditor_id.choices = [("", "Nobody yet")] + [
        (str(u.id), f"{u.name} ({u.agency.name if u.agency else 'children’s social care'})")
        for u in service.candidates(mround, part)]
    errors = []
    if request.method == "GET":
        form.auditor_id.data = str(part.auditor_id or "")
    elif form.validate_on_submit():
        try:
            service.assign(mround, part, _int(form.auditor_id.data))
        except service.Refused as refused:
            form.auditor_id.errors = [refused.errors["auditor_id"]]
        else:
            who = part.auditor.name if part.auditor else "nobody"
            flash(f"The {part.section.title} part of case {part.audit.case.reference} is given to {who}.", "success")
            return redirect(url_for("partnership.round_page", round_id=mround.round_id))
    if form.auditor_id.errors:
        errors = [{"text": form.auditor_id.errors[0], "href": "#auditor_id"}]
    return render_template("partnership/assign.html", form=form, part=part, mround=mround, errors=errors), \
        (400 if errors else 200)


@bp.route("/<int:round_id>/findings", methods=["GET", "POST"])
@roles_required(ADMIN, AUDITOR)
def findings(round_id: int):
    mround = mround_or_404(round_id)
    if not (current_user.has_role(ADMIN) or current_user.id == mround.lead_auditor_id):
        abort(403)
    form = FindingsForm(obj=mround)
    if request.method == "POST" and form.validate_on_submit():
        for name in ("summary", "strengths", "areas_to_develop"):
            setattr(mround, name, (form[name].data or "").strip() or None)
        db.session.commit()
        flash("The findings were saved.", "success")
        return redirect(url_for("partnership.report", round_id=round_id))
    return render_template("partnership/findings.html", form=form, mround=mround)
