"""Section 11 pages, on the `section11` blueprint under /section-11: the cycles, an agency's
return (its task list, a page per standard, its actions, check and submit), the panel's
review and close, the agency's response, and the annual report (HTML, PDF, Excel).

Agency leads reach only their own agency's return; the panel and admins every return;
QA viewers the report. Partner staff reach nothing else here."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import User
from app.auth.roles import ADMIN, AGENCY_LEAD, PARTNERSHIP_PANEL, QA_VIEWER
from app.core.access import get_or_404, roles_required
from app.core.clock import uk_today
from app.core.db import db
from app.core.forms import field_error
from app.feedback.forms import ButtonForm
from app.org.models import Agency
from app.section11 import framework as frameworks
from app.section11 import report as annual
from app.section11 import rules, services, states
from app.section11.forms import ActionForm, CloseForm, CycleForm, StandardForm, response_form, review_form
from app.section11.models import Section11Cycle, Section11Return

bp = Blueprint("section11", __name__, url_prefix="/section-11")

EVERYONE = (ADMIN, PARTNERSHIP_PANEL, AGENCY_LEAD, QA_VIEWER)
REPORT_READERS = (ADMIN, PARTNERSHIP_PANEL, QA_VIEWER)


def _me() -> User:
    return current_user._get_current_object()


def _return(return_id: int, edit: bool = False) -> Section11Return:
    ret = get_or_404(Section11Return, return_id)
    allowed = services.may_edit_return(_me(), ret) if edit else services.may_see_return(_me(), ret)
    if not allowed:
        abort(403)
    return ret


def _editable(ret: Section11Return):
    """A redirect to the return's page if it can no longer be changed, else None."""
    if ret.status not in states.EDITABLE:
        flash("This return has been submitted: it can no longer be changed.", "info")
        return redirect(url_for("section11.return_page", return_id=ret.id))
    return None


@bp.route("")
@roles_required(*EVERYONE)
def index():
    me = _me()
    return render_template("section11/index.html", cycles=services.cycles(), returns=services.returns_for(me),
                           sees_all=services.sees_every_return(me), reads_report=services.may_read_report(me),
                           today=uk_today(), rules=rules)


@bp.route("/cycles/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def cycle_new():
    agencies = db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)).all()
    form = CycleForm()
    form.agency_ids.choices = [(str(a.id), a.name) for a in agencies]
    if request.method == "GET":
        form.year.data = uk_today().year if uk_today().month > 3 else uk_today().year - 1
        form.agency_ids.data = [str(a.id) for a in agencies]
    framework = frameworks.load_framework()
    if form.validate_on_submit():
        chosen = [a for a in agencies if str(a.id) in (form.agency_ids.data or [])]
        due = form.due_date.data or rules.default_due_date(form.year.data)
        try:
            cycle = services.open_cycle(form.year.data, due, chosen, _me(), framework)
        except services.Section11Error as error:
            db.session.rollback()
            field_error(form, error, "year")
        else:
            flash(f"The {cycle.label} Section 11 audit is open: {len(chosen)} {'agency is' if len(chosen) == 1 else 'agencies are'} asked for a return by "
                  f"{due.strftime('%-d %B %Y')}.", "success")
            return redirect(url_for("section11.cycle", cycle_id=cycle.id))
    return render_template("section11/cycle_new.html", form=form, framework=framework,
                           agency_items=[{"value": str(a.id), "text": a.name, "hint": {"text": a.kind_label},
                                          "checked": str(a.id) in (form.agency_ids.data or [])} for a in agencies]
                           ), 400 if form.errors else 200


@bp.route("/cycles/<int:cycle_id>")
@roles_required(ADMIN, PARTNERSHIP_PANEL)
def cycle(cycle_id: int):
    cycle = get_or_404(Section11Cycle, cycle_id)
    return render_template("section11/cycle.html", cycle=cycle, today=uk_today(), rules=rules,
                           returns=sorted(cycle.returns, key=lambda r: r.agency.name))


@bp.route("/returns/<int:return_id>")
@roles_required(ADMIN, PARTNERSHIP_PANEL, AGENCY_LEAD)
def return_page(return_id: int):
    ret = _return(return_id)
    me = _me()
    return render_template("section11/return.html", ret=ret, framework=ret.cycle.standards, answers=ret.answers_by_key(),
                           rules=rules, states=states, editing=services.may_edit_return(me, ret),
                           reviewing=services.may_review(me), days_late=rules.days_late(ret.status, ret.cycle.due_date, uk_today()))


@bp.route("/returns/<int:return_id>/standards/<key>", methods=["GET", "POST"])
@roles_required(AGENCY_LEAD)
def standard(return_id: int, key: str):
    ret = _return(return_id, edit=True)
    if (stop := _editable(ret)) is not None:
        return stop
    framework = ret.cycle.standards
    try:
        standard = framework.standard(key)
    except KeyError:
        abort(404)
    answer = ret.answers_by_key().get(key)
    form = StandardForm(data={"rating": answer.rating, "evidence": answer.evidence} if answer else None)
    if form.validate_on_submit():
        draft = request.form.get("save") == "draft"
        try:
            services.save_standard(ret, key, form.rating.data, form.evidence.data, _me(), complete=not draft)
        except services.Section11Error as error:
            db.session.rollback()
            field_error(form, error, "rating")
        else:
            if draft:
                flash(f"Standard {framework.number(key)} is saved as a draft.", "success")
                return redirect(url_for("section11.return_page", return_id=ret.id))
            following = [s.key for s in framework.standards][framework.number(key):]
            gaps = [k for k in following if k in services.missing(ret)]
            if gaps:
                return redirect(url_for("section11.standard", return_id=ret.id, key=gaps[0]))
            return redirect(url_for("section11.return_page", return_id=ret.id))
    return render_template("section11/standard.html", ret=ret, standard=standard, number=framework.number(key),
                           total=len(framework.standards), form=form), 400 if form.errors else 200


@bp.route("/returns/<int:return_id>/actions", methods=["GET", "POST"])
@roles_required(AGENCY_LEAD)
def actions(return_id: int):
    ret = _return(return_id, edit=True)
    if (stop := _editable(ret)) is not None:
        return stop
    framework = ret.cycle.standards
    form = ActionForm()
    form.standard_key.choices = [("", "Not one standard")] + [
        (s.key, f"{framework.number(s.key)}. {s.title}") for s in framework.standards]
    if form.validate_on_submit():
        try:
            services.add_action(ret, form.text.data, form.owner.data, form.due_date.data, form.standard_key.data, _me())
        except services.Section11Error as error:
            db.session.rollback()
            field_error(form, error, "text")
        else:
            flash("The action is added.", "success")
            return redirect(url_for("section11.actions", return_id=ret.id))
    return render_template("section11/actions.html", ret=ret, framework=framework, form=form,
                           button=ButtonForm()), 400 if form.errors else 200


@bp.route("/returns/<int:return_id>/actions/<int:action_id>/remove", methods=["POST"])
@roles_required(AGENCY_LEAD)
def action_remove(return_id: int, action_id: int):
    ret = _return(return_id, edit=True)
    if ButtonForm().validate_on_submit():
        try:
            services.remove_action(ret, action_id)
        except services.Section11Error as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("section11.return_page", return_id=ret.id))
        flash("The action is removed.", "success")
    return redirect(url_for("section11.actions", return_id=ret.id))


@bp.route("/returns/<int:return_id>/check")
@roles_required(AGENCY_LEAD)
def check(return_id: int):
    ret = _return(return_id, edit=True)
    if (stop := _editable(ret)) is not None:
        return stop
    return _render_check(ret)


def _render_check(ret: Section11Return, problems: list[str] = (), status: int = 200):
    framework = ret.cycle.standards
    return render_template("section11/check.html", ret=ret, framework=framework, answers=ret.answers_by_key(),
                           rules=rules, missing=services.missing(ret), problems=problems, button=ButtonForm()), status


@bp.route("/returns/<int:return_id>/submit", methods=["POST"])
@roles_required(AGENCY_LEAD)
def submit(return_id: int):
    ret = _return(return_id, edit=True)
    if (stop := _editable(ret)) is not None:
        return stop
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.submit(ret, _me())
    except services.Section11Error as error:
        db.session.rollback()
        return _render_check(ret, [str(error)], 400)
    flash(f"{ret.agency.name}'s Section 11 return is submitted to the partnership.", "success")
    return redirect(url_for("section11.return_page", return_id=ret.id))


@bp.route("/returns/<int:return_id>/review", methods=["GET", "POST"])
@roles_required(PARTNERSHIP_PANEL)
def review(return_id: int):
    ret = _return(return_id)
    if ret.status != states.SUBMITTED or all(a.panel_view for a in ret.answers):
        flash(f"This return is {ret.status_label.lower()}: there is nothing to review now.", "info")
        return redirect(url_for("section11.return_page", return_id=ret.id))
    framework = ret.cycle.standards
    form = review_form(framework.standards, answers=ret.answers_by_key())
    if form.validate_on_submit():
        views = {s.key: (form[f"view_{s.key}"].data, form[f"reason_{s.key}"].data or "") for s in framework.standards}
        problems = rules.review_problems([s.key for s in framework.standards], views)
        for key, message in problems.items():
            name = f"view_{key}" if message.startswith("Choose") else f"reason_{key}"
            form[name].errors = [*form[name].errors, f"Standard {framework.number(key)}: {message.lower()}"]
        if not problems:
            try:
                challenged = services.send_review(ret, views)
            except services.Section11Error as error:
                db.session.rollback()
                field_error(form, error, f"view_{framework.standards[0].key}")
            else:
                if challenged:
                    flash(f"The challenge is sent: {ret.agency.name} is asked to respond.", "success")
                    return redirect(url_for("section11.return_page", return_id=ret.id))
                flash("The panel agrees every standard: close the review.", "success")
                return redirect(url_for("section11.close", return_id=ret.id))
    return render_template("section11/review.html", ret=ret, framework=framework, answers=ret.answers_by_key(),
                           form=form, rules=rules), 400 if form.errors else 200


@bp.route("/returns/<int:return_id>/respond", methods=["GET", "POST"])
@roles_required(AGENCY_LEAD)
def respond(return_id: int):
    ret = _return(return_id, edit=True)
    if ret.status != states.CHALLENGED:
        flash(f"This return is {ret.status_label.lower()}: there is no challenge to answer.", "info")
        return redirect(url_for("section11.return_page", return_id=ret.id))
    framework = ret.cycle.standards
    challenged = sorted((a for a in ret.answers if a.panel_view == rules.CHALLENGE),
                        key=lambda a: framework.number(a.standard_key))
    form = response_form(challenged)
    if form.validate_on_submit():
        responses = {a.standard_key: (form[f"response_{a.standard_key}"].data or "", form[f"rating_{a.standard_key}"].data)
                     for a in challenged}
        empty = [k for k, (text, _) in responses.items() if not text.strip()]
        for key in empty:
            form[f"response_{key}"].errors = [
                *form[f"response_{key}"].errors, f"Enter your response to the challenge on standard {framework.number(key)}"]
        if not empty:
            try:
                services.respond(ret, responses, _me())
            except services.Section11Error as error:
                db.session.rollback()
                field_error(form, error, f"response_{challenged[0].standard_key}")
            else:
                flash("Your response is sent to the partnership panel.", "success")
                return redirect(url_for("section11.return_page", return_id=ret.id))
    return render_template("section11/respond.html", ret=ret, framework=framework, challenged=challenged, form=form,
                           rules=rules), 400 if form.errors else 200


@bp.route("/returns/<int:return_id>/close", methods=["GET", "POST"])
@roles_required(PARTNERSHIP_PANEL)
def close(return_id: int):
    ret = _return(return_id)
    ready = ret.status == states.RESPONDED or (ret.status == states.SUBMITTED and ret.answers
                                               and all(a.panel_view for a in ret.answers))
    if not ready:
        flash(f"This return is {ret.status_label.lower()}: it cannot be closed now.", "info")
        return redirect(url_for("section11.return_page", return_id=ret.id))
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.close_review(ret, form.outcome.data, form.note.data, _me())
        except services.Section11Error as error:
            db.session.rollback()
            field_error(form, error, "outcome")
        else:
            flash(f"The review of {ret.agency.name}'s return is closed: {ret.status_label.lower()}.", "success")
            return redirect(url_for("section11.cycle", cycle_id=ret.cycle_id))
    return render_template("section11/close.html", ret=ret, form=form), 400 if form.errors else 200


# --- The annual report --------------------------------------------------------------------


def _report(cycle_id: int) -> annual.AnnualReport:
    return annual.build(get_or_404(Section11Cycle, cycle_id), uk_today())


@bp.route("/cycles/<int:cycle_id>/report")
@roles_required(*REPORT_READERS)
def report(cycle_id: int):
    return render_template("section11/report.html", report=_report(cycle_id), rules=rules)


def _download(body: bytes, kind: str, filename: str):
    response = make_response(body)
    response.headers["Content-Type"] = kind
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/cycles/<int:cycle_id>/report.pdf")
@roles_required(*REPORT_READERS)
def report_pdf(cycle_id: int):
    report = _report(cycle_id)
    return _download(annual.render_pdf(report), "application/pdf", f"section-11-report-{report.cycle.label}.pdf")


@bp.route("/cycles/<int:cycle_id>/report.xlsx")
@roles_required(*REPORT_READERS)
def report_xlsx(cycle_id: int):
    report = _report(cycle_id)
    return _download(annual.render_xlsx(report),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"section-11-report-{report.cycle.label}.xlsx")
