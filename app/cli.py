"""Command line: `flask --app wsgi <command>`."""
import sys

import click
from flask import Flask, current_app

from app.auth.models import User
from app.auth.roles import ROLES
from app.auth.services import DuplicateEmail
from app.core.clock import uk_today
from app.core.datafile import DataFileError


def init_app(app: Flask) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(create_user)
    app.cli.add_command(demo_data)
    app.cli.add_command(measures_coverage)
    app.cli.add_command(send_action_reminders)
    app.cli.add_command(worker)
    app.cli.add_command(scheduler)


@click.command()
def seed():
    """Load reference data: districts and localities, the plans (improvement and partnership), the audit tools and the questionnaires. Safe to run again."""
    from app.org.services import seed_places
    from app.plan.seed import PlanFileError, load_plans

    localities, districts = seed_places()
    click.echo(f"Places: {localities} localities and {districts} districts added.")
    try:
        result = load_plans()
    except (DataFileError, PlanFileError) as error:
        click.echo(f"The plans were not loaded: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"Plans: {result['added']} rows added, {result['updated']} updated, "
        f"{result['kept']} kept as edited in the browser."
    )
    _seed_audit_tools()
    _seed_questionnaires()


def _seed_questionnaires():
    from app.feedback.questionnaire_service import FrozenVersion, seed_questionnaires

    try:
        result = seed_questionnaires()
    except (DataFileError, FrozenVersion) as error:
        click.echo(f"The questionnaires were not loaded: {error}", err=True)
        sys.exit(1)
    click.echo(f"Questionnaires: {result['added']} versions added, {result['unchanged']} unchanged.")
    for warning in result["warnings"]:
        click.echo(f"  Reading level: {warning}")


def _seed_audit_tools():
    from app.audits.tool_service import ToolVersionError, seed_tools

    try:
        tools = seed_tools()
    except (DataFileError, ToolVersionError) as error:
        click.echo(f"The audit tools were not loaded: {error}", err=True)
        sys.exit(1)
    click.echo(f"Audit tools: {tools['added']} published versions added, {tools['unchanged']} unchanged.")


@click.command("measures-coverage")
@click.option("--kind", type=click.Choice(["audit", "feedback"]), help="Check one kind of measure only.")
def measures_coverage(kind):
    """List the impact measures no published audit tool or questionnaire answers. Exits 1 if there are any."""
    from app.audits.tool_service import measures_coverage as coverage
    from app.feedback.questionnaire_service import register_coverage

    register_coverage()  # published questionnaires answer feedback measures

    results = coverage([kind] if kind else None)
    for result in results:
        if result.total == 0:
            click.echo(f"The plan has no {result.label.lower()}: load it with `flask --app wsgi seed`.")
        elif result.unanswered:
            click.echo(f"{result.label} not answered by {result.answered_by}:")
            for measure in result.unanswered:
                key = measure.seed_key or f"added in the browser, id {measure.id}"
                click.echo(f"  Recommendation {measure.recommendation.number} ({key}): {measure.text}")
    click.echo(" ".join(result.summary for result in results))
    if any(result.unanswered or result.total == 0 for result in results):
        sys.exit(1)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(sorted(ROLES)), help="Repeat for several roles.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(email, name, roles, password):
    """Create a person who can sign in."""
    from app.auth.rules import password_problem
    from app.org.services import save_user

    problem = password_problem(password, name, email, current_app.config.get("ORGANISATION_NAME", ""))
    if problem:
        click.echo(f"{problem}.", err=True)
        sys.exit(1)
    try:
        user = save_user(User(), name, email, None, set(roles), password)
    except DuplicateEmail as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles)) or 'none'}.")


@click.command("demo-data")
@click.option("--scale", type=click.Choice(["small", "county"]), default="small", show_default=True,
              help="small: a first run, in seconds. county: two years of a county (6,000 audits, 30,000 responses).")
@click.option("--seed", "random_seed", default=2026, show_default=True, help="The same seed gives the same data.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the data ends on (YYYY-MM-DD); default: today. The same seed and day give the same rows.")
def demo_data(scale, random_seed, today):
    """Add demo teams, one demo account per role, and their data. Never in production. Safe to run again."""
    import time

    from app.demo import DEMO_PASSWORD, demo_accounts, load_demo
    from app.demo_county import SCALES, AlreadyLoaded, county_loaded, load_county

    if current_app.config["APP_ENV"] == "production":
        click.echo("Demo data is not loaded in production.", err=True)
        sys.exit(1)
    day = today.date() if today else uk_today()
    if scale == "county":
        started = time.perf_counter()
        try:
            added = load_county(random_seed, day, SCALES["county"])
        except AlreadyLoaded as error:
            click.echo(f"{error} To load it afresh, start from an empty database.")
        else:
            click.echo(f"Demo county loaded in {time.perf_counter() - started:.1f} s (seed {random_seed}, to {day:%-d %B %Y}). Rows:")
            click.echo("  " + ", ".join(f"{table} {n:,}" for table, n in added.items()))
        accounts = demo_accounts()
    elif county_loaded():
        click.echo("The demo county is loaded: the small demo's audits and feedback were not added.")
        accounts = demo_accounts()
    else:
        accounts = load_demo(random_seed, day)
    click.echo("Demo accounts (development only), password for each: " + DEMO_PASSWORD)
    for email, roles in accounts:
        click.echo(f"  {email:<32} {roles}")


@click.command("send-action-reminders")
def send_action_reminders():
    """Queue, for each owner of a corrective action due within 3 days or overdue, one
    reminder listing them (the scheduler does this every morning; this is for a one-off)."""
    from app.audits.action_service import queue_reminders

    queued = queue_reminders()
    click.echo(f"Corrective action reminders: {queued} email{'' if queued == 1 else 's'} queued.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop (for tests and one-offs).")
def worker(burst):
    """Run queued jobs (needs REDIS_URL): safeguarding email first, then everything else."""
    from app.core import jobs

    _need_redis()
    jobs.run_worker(burst=burst)


@click.command("scheduler")
def scheduler():
    """Put scheduled jobs on the queue (needs REDIS_URL): escalating unacknowledged alerts and
    retrying undelivered email every minute, corrective-action reminders daily at 07:00 UTC,
    deleting expired invite notes nightly."""
    from app.core import jobs

    _need_redis()
    jobs.run_scheduler()


def _need_redis():
    if not current_app.config.get("REDIS_URL"):
        click.echo("Set REDIS_URL (e.g. redis://127.0.0.1:6379/0): the worker and scheduler use Redis."
                   " Without it, `flask run` runs the same jobs in a background thread.", err=True)
        sys.exit(2)
