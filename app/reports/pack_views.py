"""Board packs, on the reports blueprint: the QA group (QA viewers, administrators) sees each
pack and the periods it is due for; administrators set packs up and publish them."""
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.access import county_wide, get_or_404, roles_required
from app.core.clock import uk_today
from app.core.periods import Period
from app.reports import pack_rules, pack_services
from app.reports.models import BoardPack
from app.reports.pack_forms import BoardPackForm
from app.reports.views import PublishForm, bp

QA_GROUP = ("admin", "qa_viewer")
ADMINS = ("admin",)


@bp.get("/packs")
@roles_required(*QA_GROUP)
@county_wide
def packs():
    return render_template("reports/packs.html", title="Board packs", statuses=pack_services.pack_statuses(uk_today()),
                           sections=pack_rules.SECTIONS, cadences=pack_rules.CADENCES, publish_form=PublishForm(),
                           may_change=current_user.has_role(*ADMINS))


@bp.route("/packs/new", methods=["GET", "POST"])
@roles_required(*ADMINS)
def pack_new():
    return _edit(BoardPack(), editing=False)


@bp.route("/packs/<int:pack_id>/edit", methods=["GET", "POST"])
@roles_required(*ADMINS)
def pack_edit(pack_id: int):
    return _edit(get_or_404(BoardPack, pack_id), editing=True)


def _edit(pack: BoardPack, editing: bool):
    data = None
    if editing:
        data = {"board": pack.board, "name": pack.name, "sections": list(pack.sections), "area": pack.area_key,
                "cadence": pack.cadence, "due_days": str(pack.due_days), "first_period": pack.first_period}
    form = BoardPackForm(data=data, areas=pack_services.area_choices())
    if form.validate_on_submit():
        try:
            pack_services.save_pack(pack, board=form.board.data, name=form.name.data, sections=form.sections.data,
                                    area_key=form.area.data, cadence=form.cadence.data,
                                    due_days=int(form.due_days.data.strip()), first_period=form.first_period.data)
        except pack_services.PackNameTaken as taken:
            form.name.errors.append(str(taken))
        else:
            flash(f"{pack.board}: {pack.name} is saved.", "success")
            return redirect(url_for("reports.packs") + f"#pack-{pack.id}")
    title = f"Change {pack.name}" if editing else "Set up a board pack"
    return render_template("reports/pack_form.html", form=form, title=title, editing=editing)


@bp.post("/packs/<int:pack_id>/publish")
@roles_required(*ADMINS)
def pack_publish(pack_id: int):
    if not PublishForm().validate_on_submit():
        abort(400)
    pack = get_or_404(BoardPack, pack_id)
    try:
        period = Period.parse(request.args.get("period", ""))
    except ValueError:
        abort(404)
    if not pack_rules.is_pack_period(pack.cadence, pack.first_period, period):
        abort(404)
    if period.end >= uk_today():  # only a period that is over: its figures are then complete
        flash(f"{period.label} has not ended: publish it from {period.end + timedelta(days=1):%-d %B %Y}.", "error")
        return redirect(url_for("reports.packs") + f"#pack-{pack.id}")
    row, new = pack_services.publish_pack(pack, period, current_user)
    flash("Board pack published. Its figures are frozen: it will not change." if new
          else "This board pack was already published; it has not been changed.", "success")
    return redirect(url_for("reports.published", report_id=row.id))
