from flask import Blueprint

bp = Blueprint("partnership", __name__, url_prefix="/multi-agency")


def register():
    """The pages, on the blueprint (imported here so app/__init__ registers one name)."""
    from app.partnership import part_views, report_views, views  # noqa: F401

    return bp
