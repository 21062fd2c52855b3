"""The commands an administrator types: `flask --app wsgi seed`, `create-user`, `demo-data`."""
from sqlalchemy import func, select

from app.auth.models import User
from app.core.db import db
from app.org.models import District, Locality, Team
from app.plan.models import Kpi, KpiValue, Plan, Recommendation, RecommendationKpi


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_twice_loads_places_and_plan_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "3 localities and 6 districts added" in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0, second.output
    assert "0 rows added, 0 updated" in second.output
    # The improvement plan's 10 recommendations and the partnership business plan's 14 priority areas.
    assert (count(Locality), count(District), count(Plan), count(Recommendation), count(Kpi), count(RecommendationKpi)) == (
        3, 6, 2, 24, 44, 46)
    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    assert carlisle.locality.name == "Carlisle & Eden"


def test_create_user_with_roles(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "Lead@Example.org", "--name", "QA Lead", "--role", "moderator", "--role", "qa_viewer"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "lead@example.org"))
    assert user.roles == {"moderator", "qa_viewer"}
    assert user.check_password("a long enough password")


def test_create_user_refuses_a_short_password_and_a_duplicate(app, make_user):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A"], input="short\nshort\n")
    assert short.exit_code == 1 and "12 characters or more" in short.output
    make_user(email="taken@example.org")
    clash = runner.invoke(args=["create-user", "--email", "taken@example.org", "--name", "B"], input="a long enough password\n" * 2)
    assert clash.exit_code == 1 and "already has the email address taken@example.org" in clash.output
    assert count(User) == 1


def test_demo_data_gives_one_account_per_role_and_is_repeatable(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    for email in ("admin@example.org", "auditor@example.org", "moderator@example.org", "qa@example.org", "practitioner@example.org"):
        assert email in first.output
    counts = (count(User), count(Team), count(KpiValue))
    assert counts[1] >= 6 and counts[2] > 0
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert (count(User), count(Team), count(KpiValue)) == counts
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    assert admin.roles == {"admin"}


def test_demo_data_needs_the_seed_first(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code != 0
    assert "Run `flask --app wsgi seed`" in str(result.exception)


def test_demo_data_refuses_production(app):
    app.config["APP_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["demo-data"])
    finally:
        app.config["APP_ENV"] = "testing"
    assert result.exit_code == 1
    assert "not loaded in production" in result.output
    assert count(User) == 0


def test_demo_data_county_loads_once_and_small_then_adds_no_second_story(app, plan, monkeypatch):
    from app.audits.models import Audit
    from app.demo_county import SCALES
    from app.feedback.models import Response

    monkeypatch.setitem(SCALES, "county", SCALES["tiny"])  # the county's proportions, a fraction of its rows
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data", "--scale", "county", "--seed", "5", "--today", "2026-11-23"])
    assert first.exit_code == 0, first.output
    assert "Demo county loaded in" in first.output and "(seed 5, to 23 November 2026)" in first.output
    assert "team 40" in first.output and "admin@example.org" in first.output
    counts = (count(User), count(Audit), count(Response))
    again = runner.invoke(args=["demo-data", "--scale", "county", "--seed", "5"])
    assert again.exit_code == 0, again.output
    assert "The demo county is loaded already: nothing was added." in again.output
    small = runner.invoke(args=["demo-data"])
    assert small.exit_code == 0, small.output
    assert "the small demo's audits and feedback were not added" in small.output
    assert (count(User), count(Audit), count(Response)) == counts


def test_demo_data_county_refuses_production(app):
    app.config["APP_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["demo-data", "--scale", "county"])
    finally:
        app.config["APP_ENV"] = "testing"
    assert result.exit_code == 1
    assert "not loaded in production" in result.output
    assert count(User) == 0


def test_demo_data_refuses_an_unknown_scale(app):
    result = app.test_cli_runner().invoke(args=["demo-data", "--scale", "city"])
    assert result.exit_code == 2
    assert "'city' is not one of 'small', 'county'" in result.output
