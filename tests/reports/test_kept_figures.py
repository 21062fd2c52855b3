"""Closed periods' figures kept in the database (app.reports.period_store, kept_figures): an
unchanged closed period is not worked out again, and every change to what its figures came
from (a late response, a purge, a moderation finalised after the period closed, the plan,
the threshold, the code's rules) is. Work is counted by calls, not timed."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from app.core.db import db
from app.core.periods import Period
from app.feedback.models import Campaign, CommentTag, Response
from app.feedback.period_results import feedback_for_period
from app.feedback.questionnaire_service import questionnaire_by_key
from app.moderation.models import Moderation, ModerationEvent
from app.plan.models import ImpactMeasure
from app.reports import kept_figures, period_store
from app.reports.audit_results import load_audits
from app.reports.period_store import KeptFigures, still_fresh, to_plain
from app.reports.services import build_report

from conftest import page
from reports.conftest import NOW, PERIOD
from reports.test_report import DRAFT, html_rows

TODAY = NOW.date()  # 15 October 2026: H1 2026-27 is closed, H2 2026-27 open
TREND = [Period.parse(p) for p in ("H2 2025-26", "H1 2026-27")]


@pytest.fixture
def calls(monkeypatch):
    """How many times the feedback results and the audit records are worked out."""
    counted = {"feedback": 0, "audits": 0}
    real_feedback, real_audits = kept_figures.feedback_for_period, kept_figures.load_audits

    def feedback(*args, **kwargs):
        counted["feedback"] += 1
        return real_feedback(*args, **kwargs)

    def audits(*args, **kwargs):
        counted["audits"] += 1
        return real_audits(*args, **kwargs)

    monkeypatch.setattr(kept_figures, "feedback_for_period", feedback)
    monkeypatch.setattr(kept_figures, "load_audits", audits)
    return counted


def kept_feedback(period=PERIOD, threshold=5):
    return to_plain(kept_figures.feedback(period, None, None, threshold, today=TODAY))


def live_feedback(period=PERIOD, threshold=5):
    return to_plain(feedback_for_period(period, threshold=threshold))


def kept_audits():
    return sorted(to_plain(kept_figures.audits(TREND, None, None, today=TODAY)), key=lambda r: r["id"])


def live_audits():
    return sorted(to_plain(load_audits(TREND[0].start, TREND[-1].end, "half")), key=lambda r: r["id"])


# --- The rule ---------------------------------------------------------------------------------


def test_kept_figures_are_shown_only_for_a_closed_period_whose_inputs_are_unchanged():
    half = Period.parse("H1 2026-27")  # 1 April to 30 September 2026
    assert still_fresh("abc", "abc", half, date(2026, 10, 1))
    assert not still_fresh("abc", "abc", half, date(2026, 9, 30)), "the period ends today: still open"
    assert not still_fresh("abc", "abd", half, date(2026, 10, 1)), "an input changed"
    assert not still_fresh(None, "abc", half, date(2026, 10, 1)), "nothing kept"


def test_a_fingerprint_changes_with_its_parts_the_code_and_the_code_version(monkeypatch):
    parts = [[6, 41, "2026-07-01 12:00:00"], "digest"]
    same = period_store.fingerprint([[6, 41, "2026-07-01 12:00:00"], "digest"])
    assert period_store.fingerprint(parts) == same
    assert period_store.fingerprint([[7, 42, "2026-07-01 12:00:00"], "digest"]) != same
    monkeypatch.setattr(period_store, "code_digest", lambda: "a deploy that changed a rule")
    changed_code = period_store.fingerprint(parts)
    assert changed_code != same
    monkeypatch.setattr(period_store, "CODE_VERSION", period_store.CODE_VERSION + 1)
    assert period_store.fingerprint(parts) not in (same, changed_code)


# --- Kept, and worked out again -----------------------------------------------------------------


def test_an_unchanged_closed_period_is_worked_out_once_and_shown_the_same(dataset, calls):
    first = build_report(PERIOD, now=NOW).to_dict()
    assert calls["feedback"] >= 1 and calls["audits"] == 4  # the four trend periods
    worked = dict(calls)
    second = build_report(PERIOD, now=NOW).to_dict()
    assert calls == worked, "nothing worked out again"
    assert second == first
    kinds = set(db.session.scalars(select(KeptFigures.kind)))
    assert kinds == {"feedback", "audits"}


def test_the_open_period_is_always_worked_out_live(dataset, calls):
    during = datetime(2026, 9, 15, 12)  # H1 2026-27 still open
    kept_figures.feedback(PERIOD, None, None, 5, today=during.date())
    kept_figures.feedback(PERIOD, None, None, 5, today=during.date())
    assert calls["feedback"] == 2
    assert db.session.scalar(select(func.count(KeptFigures.id))) == 0


def parents_campaign() -> Campaign:
    version = questionnaire_by_key("parents_carers_feedback").published
    return db.session.scalar(select(Campaign).where(Campaign.questionnaire_version_id == version.id))


def test_a_response_sent_late_into_a_closed_period_is_counted(dataset, calls):
    before = kept_feedback()
    # Sent from a phone that was offline, recorded with the moment it was answered.
    db.session.add(Response(campaign_id=parents_campaign().id, team_id=dataset["team"].id,
                            district_id=dataset["district"].id, submitted_at=datetime(2026, 9, 29, 18),
                            idempotency_key="late-one", answers={"understand-plan": "disagree"}, free_text={}))
    db.session.commit()
    worked = calls["feedback"]
    after = kept_feedback()
    assert calls["feedback"] > worked
    assert after != before and after == live_feedback()


def test_a_purged_response_leaves_the_kept_figures(dataset, calls):
    before = kept_feedback()
    gone = db.session.scalars(select(Response).where(Response.campaign_id == parents_campaign().id,
                                                     Response.submitted_at >= datetime(2026, 4, 1))).first()
    # As the retention purge deletes one (app.retention.purge.delete_responses): its comment tags, then it.
    db.session.execute(delete(CommentTag).where(CommentTag.response_id == gone.id))
    db.session.delete(gone)
    db.session.commit()
    worked = calls["feedback"]
    after = kept_feedback()
    assert calls["feedback"] > worked
    assert after != before and after == live_feedback()


def test_a_moderation_finalised_after_the_period_closed_changes_the_audits(dataset, calls):
    before = kept_audits()
    waiting = db.session.scalar(select(Moderation).where(Moderation.state == "awaiting_moderation"))
    waiting.state, waiting.final_judgement = "finalised", "inadequate"
    waiting.first_decided_at = waiting.finalised_at = datetime(2026, 10, 14, 10)
    db.session.add(ModerationEvent(moderation_id=waiting.id, at=waiting.finalised_at, event="finalised"))
    db.session.commit()
    worked = calls["audits"]
    after = kept_audits()
    assert calls["audits"] == worked + 1, "only the period the audit is in is worked out again"
    assert after != before and after == live_audits()
    assert next(r for r in after if r["id"] == waiting.audit_id)["final_judgement"] == "inadequate"


def test_a_change_to_the_plan_works_the_feedback_out_again(dataset, calls):
    kept_feedback()
    measure = db.session.scalar(select(ImpactMeasure).where(ImpactMeasure.seed_key == "r2-fm1"))
    measure.respondent_groups = ["parents_carers"]  # children no longer count towards it
    db.session.commit()
    worked = calls["feedback"]
    after = kept_feedback()
    assert calls["feedback"] > worked
    assert after == live_feedback()


def test_each_threshold_and_code_version_has_its_own_figures(dataset, calls, monkeypatch):
    kept_feedback(threshold=5)
    worked = calls["feedback"]
    assert kept_feedback(threshold=3) == live_feedback(threshold=3)
    assert calls["feedback"] > worked
    worked = calls["feedback"]
    kept_feedback(threshold=5)
    assert calls["feedback"] == worked, "the threshold of 5's are still kept"
    monkeypatch.setattr(period_store, "CODE_VERSION", period_store.CODE_VERSION + 1)
    kept_feedback(threshold=5)
    assert calls["feedback"] > worked


def test_figures_from_unsaved_changes_are_not_kept(dataset, calls):
    db.session.add(Response(campaign_id=db.session.scalars(select(Campaign)).first().id, submitted_at=datetime(2026, 7, 2, 9),
                            idempotency_key="not-yet", answers={}, free_text={}))
    db.session.flush()
    kept_feedback()
    kept_audits()
    db.session.rollback()
    assert db.session.scalar(select(func.count(KeptFigures.id))) == 0
    kept_audits()
    assert db.session.scalar(select(func.count(KeptFigures.id))) == 2  # both closed halves, once saved


def answers_counted(rows, statement: str) -> str:
    return next(r[6] for r in rows if r[0] == statement)


def test_the_report_page_keeps_a_closed_period_across_requests_and_shows_a_late_response(dataset, calls, client):
    """Through the web, as on several servers: the second view works nothing out again (the
    figures are in the database), and a late response is in the next view."""
    client.sign_in(dataset["admin"])
    statement = "I understand my child's plan"
    first = html_rows(page(client.get(DRAFT)), "statements")
    worked = dict(calls)
    assert html_rows(page(client.get(DRAFT)), "statements") == first
    assert calls == worked
    for i in range(12):
        db.session.add(Response(campaign_id=parents_campaign().id, team_id=dataset["team"].id,
                                district_id=dataset["district"].id, submitted_at=datetime(2026, 9, 1, 9) + timedelta(hours=i),
                                idempotency_key=f"late-{i}", answers={"understand-plan": "agree"}, free_text={}))
    db.session.commit()
    again = html_rows(page(client.get(DRAFT)), "statements")
    assert calls["feedback"] > worked["feedback"]
    assert [r[0] for r in again] == [r[0] for r in first]
    assert again != first


def test_a_closed_periods_pdf_is_kept_while_its_report_is_unchanged(dataset, client, monkeypatch):
    from app.reports import kept_renders

    made = []
    real = kept_renders.render.render_pdf
    monkeypatch.setattr(kept_renders.render, "render_pdf", lambda *a, **k: made.append(1) or real(*a, **k))
    client.sign_in(dataset["admin"])
    url = "/reports/draft.pdf?period=H1+2026-27"
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(b"%PDF") and len(made) == 1
    assert client.get(url).data == first.data and len(made) == 1, "kept: not laid out again"
    db.session.add(Response(campaign_id=parents_campaign().id, team_id=dataset["team"].id,
                            district_id=dataset["district"].id, submitted_at=datetime(2026, 9, 2, 9),
                            idempotency_key="late-pdf", answers={"understand-plan": "disagree"}, free_text={}))
    db.session.commit()
    again = client.get(url)
    assert len(made) == 2 and again.data != first.data
    monkeypatch.setattr(kept_renders, "layout_digest", lambda: "a new template")
    client.get(url)
    assert len(made) == 3, "a change to the layout lays it out again"


def test_the_nightly_job_keeps_the_periods_just_closed_so_their_first_reader_waits_for_nothing(
        dataset, client, calls, monkeypatch):
    from app.core.db import utcnow
    from app.core.jobs import SCHEDULE
    from app.reports import kept_jobs, kept_renders

    assert "app.reports.kept_jobs.keep_closed_periods" in {s.path for s in SCHEDULE}
    made = []
    real = kept_renders.render.render_pdf
    monkeypatch.setattr(kept_renders.render, "render_pdf", lambda *a, **k: made.append(1) or real(*a, **k))
    now = utcnow()
    done = kept_jobs.keep_closed_periods(now)
    assert len(done) == 3 and len(made) == 3  # the latest closed quarter, half-year and year, PDFs made
    half = next(label for label in done if label.startswith("H"))  # H1 2026-27, the dataset's, until April 2027
    worked = dict(calls)
    client.sign_in(dataset["admin"])
    assert client.get("/reports/draft.pdf", query_string={"period": half}).data.startswith(b"%PDF")
    assert len(made) == 3, "the first reader's PDF was the one the job made"
    assert calls == worked, "and no figure was worked out again"
