"""Audit tool versions in the database: drafts, publishing, the freeze, retiring, import
errors, loading the seed tools, and which impact measures are answered."""
import dataclasses
import shutil
import textwrap

import pytest
from sqlalchemy import func, select

from app.audits import rules, tool_service
from app.audits.models import AuditTool, AuditToolVersion
from app.audits.tools import TOOLS_DIR, load_tool_text
from app.core.datafile import DataFileError
from app.core.db import db

SMALL_TOOL = textwrap.dedent("""\
    # A small tool for tests: comments are kept when stored.
    key: home_visits_audit
    title: Home visits audit
    description: Are children seen, and seen alone, as often as their plan says?
    version: 7            # the file's own number is replaced by the row's
    status: published
    scoring:
      method: mean_of_questions
    sections:
      - key: visits
        title: Visits
        questions:
          - key: seen-alone
            text: Is the child seen alone at every visit?
            kind: graded
            guidance: What good looks like is the child seen alone, and their words recorded.
            limits: {inadequate: inadequate}
            measures:
              - {key: r2-am1, rule: graded_good_or_better}
    """)


def changed(text: str, old: str = "Is the child seen alone at every visit?", new: str = "Is the child seen alone at each visit?") -> str:
    assert old in text
    return text.replace(old, new)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def versions(key: str = "home_visits_audit") -> list[tuple[int, str]]:
    db.session.expire_all()
    tool = tool_service.tool_by_key(key)
    return [(v.version, v.status) for v in tool.versions]


# --- Import, drafts and publishing ------------------------------------------------------------


def test_import_makes_a_new_tool_with_a_draft_numbered_by_the_service(make_user):
    admin = make_user("admin")
    draft = tool_service.import_tool_yaml(SMALL_TOOL, "home_visits_audit.yaml", user=admin)
    assert (draft.version, draft.status, draft.created_by_id) == (1, rules.DRAFT, admin.id)
    assert draft.tool.key == "home_visits_audit" and draft.tool.title == "Home visits audit"
    # The stored YAML says what the row is, and keeps the author's comments.
    assert "version: 1            # the file's own number is replaced by the row's" in draft.definition_yaml
    assert "status: draft" in draft.definition_yaml
    assert "# A small tool for tests" in draft.definition_yaml
    stored = load_tool_text(draft.definition_yaml)
    assert (stored.version, stored.status) == (1, rules.DRAFT)
    assert stored == dataclasses.replace(load_tool_text(SMALL_TOOL), version=1, status=rules.DRAFT)


def test_importing_again_replaces_the_draft_rather_than_making_another():
    tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml")
    again = tool_service.import_tool_yaml(changed(SMALL_TOOL), "a.yaml")
    assert versions() == [(1, "draft")]
    assert again.definition.sections[0].questions[0].text == "Is the child seen alone at each visit?"
    assert count(AuditToolVersion) == 1


def test_publish_sets_who_and_when_and_the_yaml_says_published(make_user):
    admin = make_user("admin")
    draft = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml")
    tool_service.publish(draft, admin)
    db.session.expire_all()
    row = db.session.get(AuditToolVersion, draft.id)
    assert row.status == rules.PUBLISHED and row.published_at is not None and row.published_by_id == admin.id
    assert load_tool_text(row.definition_yaml).status == rules.PUBLISHED
    assert row.tool.published == row and row.tool.draft is None


def test_import_with_publish_publishes_at_once():
    row = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    assert versions() == [(1, "published")]
    assert row.published_at is not None


def test_a_new_version_is_offered_and_the_old_one_stays_published_for_its_audits(make_audit):
    v1 = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    audit = make_audit(tool_version=v1)
    v2 = tool_service.import_tool_yaml(changed(SMALL_TOOL), "a.yaml")
    assert versions() == [(1, "published"), (2, "draft")]
    assert v1.tool.published == v1, "a draft is not offered"
    tool_service.publish(v2)
    assert versions() == [(1, "published"), (2, "published")]
    assert v1.tool.published.version == 2
    db.session.expire_all()
    assert audit.tool_version.version == 1
    assert audit.tool_version.definition.sections[0].questions[0].text == "Is the child seen alone at every visit?"


def test_a_published_version_is_frozen():
    v1 = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    before = v1.definition_yaml
    with pytest.raises(tool_service.FrozenVersion, match="published and can never change"):
        tool_service.update_version_text(v1, changed(SMALL_TOOL))
    with pytest.raises(tool_service.FrozenVersion):
        v1.definition_yaml = changed(SMALL_TOOL)  # even straight on the row
    with pytest.raises(tool_service.FrozenVersion):
        v1.version = 5
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(AuditToolVersion, v1.id).definition_yaml == before
    assert versions() == [(1, "published")]


def test_editing_a_tool_whose_latest_is_published_makes_a_new_draft_copied_from_it(make_user):
    v1 = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    tool = v1.tool
    text, number = tool_service.edit_text(tool)
    assert number == 2 and "version: 2" in text and "status: draft" in text
    draft, created = tool_service.save_draft(tool, changed(text), make_user("admin"), based_on=tool_service.edit_base(tool))
    assert created and (draft.version, draft.status) == (2, rules.DRAFT)
    assert versions() == [(1, "published"), (2, "draft")]
    # Editing again changes that draft: at most one draft.
    again, created = tool_service.save_draft(tool, changed(text, new="Is the child seen alone?"), based_on=tool_service.edit_base(tool))
    assert not created and again.id == draft.id
    assert versions() == [(1, "published"), (2, "draft")]
    assert again.definition.sections[0].questions[0].text == "Is the child seen alone?"
    with pytest.raises(tool_service.ToolVersionError, match="already has a draft, version 2"):
        tool_service._new_draft(tool, text, load_tool_text(text), None)


def test_start_draft_copies_the_published_version():
    v1 = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    draft = tool_service.start_draft(v1.tool)
    assert (draft.version, draft.status) == (2, rules.DRAFT)
    assert draft.definition.sections == v1.definition.sections
    assert tool_service.start_draft(v1.tool).id == draft.id
    assert versions() == [(1, "published"), (2, "draft")]


def test_an_edit_over_someone_elses_change_is_refused_but_a_repeated_save_is_not():
    draft = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml")
    tool = draft.tool
    base = tool_service.edit_base(tool)
    mine = changed(draft.definition_yaml, new="Mine?")
    tool_service.save_draft(tool, mine, based_on=base)
    again, created = tool_service.save_draft(tool, mine, based_on=base)  # a double click
    assert again.id == draft.id and not created
    with pytest.raises(tool_service.ToolVersionError, match="changed by someone else"):
        tool_service.save_draft(tool, changed(draft.definition_yaml, old="Mine?", new="Theirs?"), based_on=base)
    db.session.expire_all()
    assert tool_service.tool_by_key("home_visits_audit").draft.definition.sections[0].questions[0].text == "Mine?"


def test_a_draft_keeps_its_tool_key():
    draft = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml")
    with pytest.raises(DataFileError, match="The key is 'other_audit', which is not this tool's key"):
        tool_service.save_draft(draft.tool, SMALL_TOOL.replace("key: home_visits_audit", "key: other_audit"))
    assert count(AuditTool) == 1


def test_retiring_takes_a_version_out_of_new_rounds_but_audits_keep_it(make_audit):
    v1 = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    audit = make_audit(tool_version=v1)
    v2 = tool_service.import_tool_yaml(changed(SMALL_TOOL), "a.yaml", publish=True)
    tool_service.retire(v2)
    assert versions() == [(1, "published"), (2, "retired")]
    assert v1.tool.published == v1
    tool_service.retire(v1)
    db.session.expire_all()
    tool = tool_service.tool_by_key("home_visits_audit")
    assert tool.published is None
    # The audit still displays and scores on its (retired) version.
    result = rules.score(audit.tool_version.definition, {"seen-alone": "inadequate"})
    assert result.judgement == rules.INADEQUATE
    with pytest.raises(tool_service.ToolVersionError, match="already retired"):
        tool_service.retire(v1)
    with pytest.raises(tool_service.FrozenVersion, match="retired and cannot be published again"):
        tool_service.publish(v1)


def test_a_draft_cannot_be_retired_and_published_twice_is_refused():
    draft = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml")
    with pytest.raises(tool_service.ToolVersionError, match="is a draft: nothing uses it"):
        tool_service.retire(draft)
    tool_service.publish(draft)
    with pytest.raises(tool_service.ToolVersionError, match="already published"):
        tool_service.publish(draft)


def test_a_draft_passed_by_a_newer_seeded_version_is_numbered_after_it_when_published(tmp_path):
    tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml", publish=True)
    draft = tool_service.import_tool_yaml(changed(SMALL_TOOL), "a.yaml")
    assert draft.version == 2
    (tmp_path / "home_visits_audit.yaml").write_text(changed(SMALL_TOOL, new="Seen alone?").replace("version: 7", "version: 3"))
    assert tool_service.seed_tools(tmp_path) == {"added": 1, "unchanged": 0}
    tool_service.publish(draft)
    assert versions() == [(1, "published"), (3, "published"), (4, "published")]
    assert load_tool_text(draft.definition_yaml).version == 4
    assert draft.tool.published == draft


# --- Import errors save nothing -----------------------------------------------------------------


def test_a_broken_import_names_the_file_and_place_and_saves_nothing():
    broken = SMALL_TOOL.replace("kind: graded", "kind: grade")
    with pytest.raises(DataFileError) as caught:
        tool_service.import_tool_yaml(broken, "home_visits_audit.yaml")
    assert "home_visits_audit.yaml: The kind of question 1 in 'Visits' is 'grade', which is not one of graded" in str(caught.value)
    assert (count(AuditTool), count(AuditToolVersion)) == (0, 0)


def test_a_broken_import_leaves_the_existing_draft_as_it_was():
    draft = tool_service.import_tool_yaml(SMALL_TOOL, "a.yaml")
    before = draft.definition_yaml
    with pytest.raises(DataFileError, match=r"line \d+, column \d+: not valid YAML"):
        tool_service.import_tool_yaml(SMALL_TOOL + "  - : [\n", "b.yaml")
    with pytest.raises(DataFileError, match="Measure 1 of question 1 in '.*': 'nowhere' is not a question in this tool"):
        tool_service.import_tool_yaml(
            SMALL_TOOL.replace("rule: graded_good_or_better}", "rule: graded_good_or_better, when: {question: nowhere, answer_in: [yes]}}"),
            "c.yaml",
        )
    db.session.expire_all()
    assert db.session.get(AuditToolVersion, draft.id).definition_yaml == before
    assert count(AuditToolVersion) == 1


def test_a_key_too_long_for_the_database_is_refused_with_its_place():
    with pytest.raises(DataFileError, match="a.yaml: The key is .* which is longer than 80 characters"):
        tool_service.import_tool_yaml(SMALL_TOOL.replace("key: home_visits_audit", "key: " + "k" * 81), "a.yaml")
    assert count(AuditTool) == 0


# --- The seed tools ---------------------------------------------------------------------------


def test_seed_tools_publishes_every_file_once():
    assert tool_service.seed_tools() == {"added": 10, "unchanged": 0}
    assert tool_service.seed_tools() == {"added": 0, "unchanged": 10}
    assert (count(AuditTool), count(AuditToolVersion)) == (10, 10)
    case_file = tool_service.tool_by_key("case_file_audit")
    assert case_file.title == "Case file audit"
    assert [(v.version, v.status) for v in case_file.versions] == [(1, "published")]
    assert case_file.versions[0].definition_yaml == (TOOLS_DIR / "case_file_audit.yaml").read_text(encoding="utf-8")


@pytest.fixture
def tools_copy(tmp_path):
    for path in TOOLS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_seed_refuses_a_changed_file_with_the_same_version_and_changes_nothing(tools_copy):
    tool_service.seed_tools(tools_copy)
    path = tools_copy / "cse_audit.yaml"
    original = path.read_text()
    path.write_text(original.replace("title: ", "title: Revised ", 1))
    (tools_copy / "zz_new_audit.yaml").write_text(SMALL_TOOL.replace("home_visits_audit", "zz_new_audit"))
    with pytest.raises(DataFileError) as caught:
        tool_service.seed_tools(tools_copy)
    message = str(caught.value)
    assert message.startswith(
        "cse_audit.yaml: The version is 1, but version 1 of 'cse_audit' is already loaded with different content")
    assert "change `version: 1` to `version: 2`" in message
    assert count(AuditToolVersion) == 10, "nothing is half-saved: the new tool was not added either"
    cse = tool_service.tool_by_key("cse_audit")
    assert "Revised" not in cse.title and cse.versions[0].definition_yaml == original

    # Raising the version loads it as version 2; version 1 stays for its audits.
    path.write_text(path.read_text().replace("version: 1", "version: 2", 1))
    assert tool_service.seed_tools(tools_copy) == {"added": 2, "unchanged": 9}
    assert [(v.version, v.status) for v in cse.versions] == [(1, "published"), (2, "published")]
    assert cse.title.startswith("Revised")


def test_seed_treats_a_comment_only_change_as_unchanged(tools_copy):
    tool_service.seed_tools(tools_copy)
    path = tools_copy / "cwd_audit.yaml"
    path.write_text("# A note added later.\n" + path.read_text())
    assert tool_service.seed_tools(tools_copy) == {"added": 0, "unchanged": 10}


def test_seed_refuses_a_broken_file_with_its_place_before_saving_anything(tools_copy):
    path = tools_copy / "transitions_audit.yaml"
    path.write_text(path.read_text().replace("method: ", "method: average_", 1))
    with pytest.raises(DataFileError, match=r"^transitions_audit.yaml: The scoring method is 'average_\w+', which is not one of"):
        tool_service.seed_tools(tools_copy)
    assert count(AuditToolVersion) == 0


def test_seed_refuses_two_files_with_one_key(tools_copy):
    shutil.copy(tools_copy / "cse_audit.yaml", tools_copy / "cse_copy.yaml")
    with pytest.raises(DataFileError, match="cse_copy.yaml: The key is 'cse_audit', which cse_audit.yaml uses too"):
        tool_service.seed_tools(tools_copy)
    assert count(AuditToolVersion) == 0


def test_seed_leaves_a_retired_version_retired():
    tool_service.seed_tools()
    tool = tool_service.tool_by_key("cse_audit")
    tool_service.retire(tool.versions[0])
    assert tool_service.seed_tools() == {"added": 0, "unchanged": 10}
    assert [(v.version, v.status) for v in tool.versions] == [(1, "retired")]


# --- Which measures are answered --------------------------------------------------------------


def test_coverage_counts_the_newest_published_version_of_each_tool(plan):
    tool_service.seed_tools()
    audit, feedback = tool_service.measures_coverage()
    assert (audit.summary, feedback.summary) == ("Audit measures: 20 of 20 answered.", "Feedback measures: 0 of 19 answered.")
    # A new version of the connected persons tool that drops its measure: r7-am1 is then unanswered.
    tool = tool_service.tool_by_key("connected_persons_audit")
    text = tool.published.definition_yaml
    start = text.index("measures:\n  - key: r7-am1")
    end = text.index("sections:")
    draft = tool_service.import_tool_yaml(text[:start] + text[end:], "connected.yaml")
    audit, = tool_service.measures_coverage(["audit"])
    assert len(audit.answered) == 20, "a draft answers nothing yet"
    tool_service.publish(draft)
    audit, = tool_service.measures_coverage(["audit"])
    assert [m.seed_key for m in audit.unanswered] == ["r7-am1"]


def test_a_later_module_can_register_what_its_published_forms_answer(plan, monkeypatch):
    monkeypatch.setattr(tool_service, "COVERAGE_PROVIDERS", [*tool_service.COVERAGE_PROVIDERS, lambda: {"r1-fm1", "r1-fm2"}])
    audit, feedback = tool_service.measures_coverage()
    assert len(audit.answered) == 0 and audit.total == 20
    assert [m.seed_key for m in feedback.answered] == ["r1-fm1", "r1-fm2"]
    assert feedback.unanswered[0].seed_key == "r1-fm3"


def test_the_plain_words_for_scoring_limits_and_measures():
    tool = load_tool_text((TOOLS_DIR / "connected_persons_audit.yaml").read_text())
    lines = tool_service.describe_scoring(tool)
    assert "A mean of 3.5 or more is Outstanding, 2.75 or more Good, 1.75 or more Requires improvement" in lines[2]
    assert "1 limiting question can lower the judgement" in lines[3]
    assert tool_service.describe_limits(tool.question("child-safe")) == [
        "If graded Requires improvement, the overall judgement can be no better than Requires improvement.",
        "If graded Inadequate, the overall judgement can be no better than Inadequate.",
    ]
    assert tool_service.describe_link(tool.measures[0], tool) == (
        "Met when the audit's overall judgement is Good or Outstanding; counted only when"
        " 'Is the child living with connected people (family or friends carers)?' is answered Yes."
    )


@pytest.mark.parametrize("text", [
    "Date of the young person's 18th birthday",
    "Child's DOB",
    "When was the child born?",
    "Date of birth",
])
def test_a_question_asking_for_a_date_of_birth_is_refused_on_import(text):
    asking = SMALL_TOOL.replace("home_visits_audit", "dob_audit")
    asking = asking.replace("    questions:\n", f"    questions:\n      - key: when\n        text: \"{text}\"\n        kind: date\n", 1)
    with pytest.raises(DataFileError) as caught:
        tool_service.import_tool_yaml(asking, "dob_audit.yaml")
    assert "asks for a date of birth, which this product never stores" in str(caught.value)
    assert count(AuditToolVersion) == 0, "nothing is saved"


def test_a_birth_date_question_in_a_stored_version_still_opens():
    # Versions stored before the rule keep opening, so audits done on them can be read.
    from app.audits.tools import birth_date_problems, load_tool_text

    old = SMALL_TOOL.replace("    questions:\n", "    questions:\n      - key: dob\n        text: Date of birth\n        kind: date\n", 1)
    tool = load_tool_text(old, "stored")
    assert birth_date_problems(tool) and tool.question("dob").kind == "date"


def test_the_transitions_audit_asks_for_months_to_eighteen_not_a_birthday():
    tool_service.seed_tools()
    transitions = tool_service.tool_by_key("transitions_audit").published.definition
    question = transitions.question("months-to-eighteen")
    assert (question.kind, question.minimum, question.maximum) == ("number", 0, 60)
    assert not any("birthday" in q.text.lower() for _, q in transitions.all_questions())
