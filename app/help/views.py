"""The help pages (/help). Who may read each is in app.help.pages; every admin page links to
its own help page through `help_link` (base.html)."""
from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user

from app.core.access import roles_required
from app.help import pages

bp = Blueprint("help", __name__)


@bp.route("/help")
@roles_required(*pages.READERS)
def index():
    return render_template("help/index.html", pages=pages.readable(current_user.roles))


@bp.route("/help/<name>")
@roles_required(*pages.READERS)
def page(name: str):
    found = pages.BY_NAME.get(name)
    if found is None:
        abort(404)
    if not pages.may_read(found, current_user.roles):
        abort(403)
    return render_template(found.template, page=found, pages=pages.readable(current_user.roles))


@bp.app_context_processor
def help_links():
    def help_link(name: str):
        """(address, words) of the link to a help page, if the person signed in may read it."""
        found = pages.BY_NAME[name]
        if not current_user.is_authenticated or not pages.may_read(found, current_user.roles):
            return None
        return url_for("help.page", name=name), found.link_text

    return {"help_link": help_link}
