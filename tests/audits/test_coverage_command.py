"""`flask --app wsgi measures-coverage` and the audit tools part of `flask --app wsgi seed`."""
import shutil

import pytest
from sqlalchemy import func, select

from app.audits import tool_service
from app.audits.models import AuditToolVersion
from app.audits.tools import TOOLS_DIR
from app.core.db import db

R7_AM1 = "Audits of cases where CYP are living with ‘connected people’ receive an overall judgement of good or better"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def seeded(plan):
    tool_service.seed_tools()


def test_every_audit_measure_is_answered_by_the_seed_tools(app, seeded):
    result = run(app, "measures-coverage", "--kind", "audit")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Audit measures: 20 of 20 answered."


def test_without_questionnaires_every_feedback_measure_is_listed_and_the_command_fails(app, seeded):
    result = run(app, "measures-coverage")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Feedback measures not answered by a published questionnaire:"
    assert lines[1].startswith("  Recommendation 1 (r1-fm1): ")
    assert len([line for line in lines if line.startswith("  Recommendation ")]) == 19
    assert lines[-1] == "Audit measures: 20 of 20 answered. Feedback measures: 0 of 19 answered."
    feedback = run(app, "measures-coverage", "--kind", "feedback")
    assert feedback.exit_code == 1
    assert feedback.output.splitlines()[-1] == "Feedback measures: 0 of 19 answered."


def test_retiring_the_connected_persons_tool_leaves_r7_am1_unanswered(app, seeded):
    tool = tool_service.tool_by_key("connected_persons_audit")
    tool_service.retire(tool.published)
    result = run(app, "measures-coverage", "--kind", "audit")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Audit measures not answered by a published audit tool:",
        f"  Recommendation 7 (r7-am1): {R7_AM1}",
        "Audit measures: 19 of 20 answered.",
    ]


def test_a_registered_questionnaire_provider_answers_feedback_measures(app, seeded, monkeypatch):
    from app.plan.models import ImpactMeasure

    feedback_keys = set(db.session.scalars(select(ImpactMeasure.seed_key).where(ImpactMeasure.kind == "feedback")))
    monkeypatch.setattr(tool_service, "COVERAGE_PROVIDERS", [*tool_service.COVERAGE_PROVIDERS, lambda: feedback_keys])
    result = run(app, "measures-coverage")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Audit measures: 20 of 20 answered. Feedback measures: 19 of 19 answered."


def test_without_the_plan_the_command_says_to_load_it(app):
    result = run(app, "measures-coverage", "--kind", "audit")
    assert result.exit_code == 1
    assert "The plan has no audit measures: load it with `flask --app wsgi seed`." in result.output


def test_seed_loads_the_audit_tools_once(app):
    first = run(app, "seed")
    assert first.exit_code == 0, first.output
    assert "Audit tools: 10 published versions added, 0 unchanged." in first.output
    second = run(app, "seed")
    assert second.exit_code == 0, second.output
    assert "Audit tools: 0 published versions added, 10 unchanged." in second.output
    assert db.session.scalar(select(func.count()).select_from(AuditToolVersion)) == 10


def test_seed_refuses_a_broken_tool_with_its_file_and_place(app, tmp_path, monkeypatch):
    for path in TOOLS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    broken = tmp_path / "cse_audit.yaml"
    broken.write_text(broken.read_text().replace("kind: graded", "kind: grade", 1))
    monkeypatch.setattr(tool_service, "TOOLS_DIR", tmp_path)
    result = run(app, "seed")
    assert result.exit_code == 1
    assert "The audit tools were not loaded: cse_audit.yaml: The kind of question " in result.output
    assert "is 'grade', which is not one of graded" in result.output
    assert db.session.scalar(select(func.count()).select_from(AuditToolVersion)) == 0


def test_seed_refuses_a_changed_tool_without_a_new_version(app, tmp_path, monkeypatch):
    for path in TOOLS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(tool_service, "TOOLS_DIR", tmp_path)
    assert run(app, "seed").exit_code == 0
    path = tmp_path / "care_leavers_audit.yaml"
    path.write_text(path.read_text().replace("title: ", "title: New ", 1))
    result = run(app, "seed")
    assert result.exit_code == 1
    assert "care_leavers_audit.yaml: The version is 1, but version 1 of 'care_leavers_audit' is already loaded with different content" in result.output
    assert "change `version: 1` to `version: 2`" in result.output
