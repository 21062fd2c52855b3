"""Audit and feedback platform for children's services."""
import os
from pathlib import Path

from flask import Flask

from app.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    from app.core import templating
    from app.core.db import db
    from app.core.extensions import csrf, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    templating.init_app(app)

    _import_models()
    _register_blueprints(app)

    from app.activity import log as activity_log
    from app.auth import oidc
    from app.core import errors, jobs, request_log, security, static_files
    from app import cli

    oidc.init_app(app)  # registers its sign-in pages: before errors, which wraps every page
    request_log.init_app(app)
    errors.init_app(app)  # after the blueprints: it wraps every page in one retry (app/core/outage.py)
    security.init_app(app)
    activity_log.init_app(app)
    static_files.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    return app


def _import_models() -> None:
    # Every model module, so Alembic and relationships see the whole schema.
    import app.activity.models  # noqa: F401
    import app.audits.models  # noqa: F401
    import app.auth.models  # noqa: F401
    import app.feedback.models  # noqa: F401
    import app.feedback.yswd_models  # noqa: F401
    import app.notifications.models  # noqa: F401
    import app.moderation.models  # noqa: F401
    import app.org.models  # noqa: F401
    import app.partnership.models  # noqa: F401
    import app.plan.models  # noqa: F401
    import app.reports.models  # noqa: F401
    import app.reports.period_store  # noqa: F401  (closed periods' figures, kept)
    import app.safeguarding.models  # noqa: F401
    import app.section11.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from app.activity.views import bp as activity_bp
    from app.api.views import bp as api_bp
    from app.audits.views import bp as audits_bp
    from app.auth.code_views import bp as second_factor_bp
    from app.auth.views import bp as auth_bp
    from app.core.views import bp as core_bp
    from app.feedback import admin_views, outage_views, preview_views, qa_views, respondent_views, views  # noqa: F401  (their pages, on the blueprint)
    from app.feedback import questionnaire_editor_views, questionnaire_translation_views  # noqa: F401
    from app.feedback.blueprint import bp as feedback_bp
    from app.home.views import bp as home_bp
    from app.help.views import bp as help_bp
    from app.moderation import auditor_views  # noqa: F401  (the auditor's page, on the blueprint)
    from app.moderation.views import bp as moderation_bp
    from app.org.views import bp as org_bp
    from app.partnership.blueprint import register as partnership_pages
    from app.plan.views import bp as plan_bp
    from app.reports.views import bp as reports_bp
    from app.reports import pack_views  # noqa: F401  (board packs, on the blueprint)
    from app.safeguarding.views import bp as safeguarding_bp
    from app.section11.views import bp as section11_bp

    for bp in (core_bp, auth_bp, home_bp, org_bp, plan_bp, audits_bp, feedback_bp, safeguarding_bp, moderation_bp, api_bp,
               reports_bp, activity_bp, second_factor_bp, section11_bp, help_bp, partnership_pages()):
        app.register_blueprint(bp)
