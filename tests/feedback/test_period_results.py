"""Feedback results for a period, across campaigns: exact shares, n and Wilson ranges from
hand-built responses, suppression at the threshold, the previous period, the baseline of
an annual practitioner measure, and one database round trip through feedback_for_period."""
import dataclasses
import json
import uuid
from datetime import date, datetime

import pytest

from app.core.db import db
from app.core.periods import Period
from app.feedback.models import Response
from app.feedback.period_results import (
    MeasureInfo,
    PeriodResponse,
    compute_period,
    feedback_for_period,
    make_figure,
)
from app.feedback.questionnaires import SURVEYS_DIR, load_questionnaire_file
from feedback.conftest import make_team_named

CHILDREN = load_questionnaire_file(SURVEYS_DIR / "children_feedback.yaml")
PRACTITIONERS = load_questionnaire_file(SURVEYS_DIR / "practitioner_survey.yaml")
QUESTIONNAIRES = {1: CHILDREN, 2: PRACTITIONERS}
MEASURES = {
    "r1-fm3": MeasureInfo("Children say they feel listened to", 1, "six_monthly", False, (1, 2, 0)),
    "r10-fm1": MeasureInfo("Social workers say they get feedback", 10, "annual", True, (10, 0, 0)),
}
H1 = Period.parse("H1 2026-27")  # April to September 2026; the period before is H2 2025-26
CARLISLE, EDEN = 10, 11
NAMES = {CARLISLE: "Carlisle", EDEN: "Eden"}


def child(day, face, district=CARLISLE, team=None):
    return PeriodResponse(1, day, district, team, {"listened-to": face})


def practitioner(day, feedback, supervision, district=None):
    return PeriodResponse(2, day, district, None, {"feedback-on-work": feedback, "supervision-helps": supervision})


def children_in_h1():
    """7 children in H1 2026-27: Carlisle 5 (4 happy, 1 middle), Eden 2 (1 happy, 1 sad);
    and 5 in Carlisle in H2 2025-26, all happy."""
    now = [child(date(2026, 5, 1), f) for f in ["happy"] * 4 + ["middle"]]
    now += [child(date(2026, 9, 30), "happy", EDEN), child(date(2026, 4, 1), "sad", EDEN)]
    before = [child(date(2025, 10, 1 + i), "happy") for i in range(5)]
    return now + before


def compute(records, **kw):
    return compute_period(H1, records, QUESTIONNAIRES, measures=MEASURES, district_names=NAMES, **kw)


def test_a_measure_gives_its_share_n_and_wilson_range_beside_the_previous_period():
    """Eden's 2 children are left out of the county's figure (a small district counts in no
    area above it): Carlisle's 5, 4 happy, remain."""
    result = compute(children_in_h1())
    children = result.audience("children")
    assert (result.period, result.previous_period, children.responses, children.previous_responses) == (
        "H1 2026-27", "H2 2025-26", 5, 5)
    measure = children.measures[0]
    assert (measure.key, measure.text) == ("r1-fm3", "Children say they feel listened to")
    figure = measure.figure
    assert (figure.positive, figure.n, figure.respondents) == (4, 5, 5)
    assert figure.share == 0.8
    # one answer each: Wilson's interval for 4 of 5
    assert (round(figure.low, 3), round(figure.high, 3)) == (0.376, 0.964)
    assert (measure.previous_label, measure.previous.positive, measure.previous.n, measure.previous.share) == (
        "H2 2025-26", 5, 5, 1.0)
    assert (round(measure.previous.low, 3), measure.previous.high) == (0.566, 1.0)
    assert measure.baseline is None and measure.baseline_label is None


def test_a_statement_counts_each_answer_and_hides_every_category_when_one_is_under_the_threshold():
    """5 of 7 children said yes, mostly: shown with 71% of 7, the 2 others would be 7 - 5,
    so no category is shown."""
    statement = compute(children_in_h1()).audience("children").statements[0]
    assert (statement.key, statement.questionnaire_key) == ("listened-to", "children_feedback")
    assert [(c.label, c.count, c.suppressed) for c in statement.categories] == [
        ("Yes, mostly", None, True), ("Sometimes", None, True), ("No, not really", None, True)]
    assert statement.categories_note == "Answers by category are not shown: in a district's quarter, fewer than 5 people chose one of them."
    assert (statement.figure.n, round(statement.figure.share, 3)) == (5, 0.8)  # Eden's 2 left out
    # 5 yes and 5 sometimes: every category shown
    records = [child(date(2026, 5, 1), face) for face in ["happy"] * 5 + ["middle"] * 5]
    statement = compute(records).audience("children").statements[0]
    assert [c.count for c in statement.categories] == [5, 5, 0] and statement.categories_note == ""


def test_a_hidden_positive_category_cannot_be_worked_out_from_the_share():
    """The reviewer's case: strongly agree 3, agree 6, 3 others; 75% of 12 positive. Hiding
    only strongly agree (and the next smallest) left it as 9 - 6 = 3: now nothing is shown."""
    parents = load_questionnaire_file(SURVEYS_DIR / "parent_carer_forum.yaml")
    statement = parents.statements[0]
    answers = ["strongly_agree"] * 3 + ["agree"] * 6 + ["disagree"] * 3
    records = [PeriodResponse(3, date(2026, 5, 1), CARLISLE, None, {statement.key: a}) for a in answers]
    result = compute_period(H1, records, {3: parents})
    figure = next(s for s in result.audience("parents_carers").statements if s.key == statement.key)
    assert (figure.figure.positive, figure.figure.n) == (9, 12)
    assert all(c.count is None and c.suppressed for c in figure.categories)
    assert '"count": 6' not in json.dumps(result.to_dict())


def test_a_small_district_is_hidden_and_left_out_of_the_total_so_it_cannot_be_worked_out():
    """Eden's 2 children are hidden and not in the county's figure, which is Carlisle's 5:
    the county less Carlisle is nothing, so Carlisle need not be hidden too."""
    measure = compute(children_in_h1()).audience("children").measures[0]
    assert [(r.name, r.figure.suppressed, r.figure.n) for r in measure.by_district] == [
        ("Carlisle", False, 5), ("Eden", True, None)]
    assert measure.figure.n == 5
    # with a third district of 6: the county is Carlisle's 5 and its 6; Eden stays out
    more = children_in_h1() + [child(date(2026, 6, 1), "happy", 12) for _ in range(6)]
    measure = compute(more, threshold=5).audience("children").measures[0]
    assert [(r.name, r.figure.suppressed) for r in measure.by_district] == [
        ("Carlisle", False), ("Eden", True), ("No district recorded", False)]
    assert (measure.figure.positive, measure.figure.n) == (10, 11)


@pytest.mark.parametrize("respondents, threshold, suppressed", [(4, 5, True), (5, 5, False), (5, 6, True), (1, 1, False)])
def test_suppression_at_the_threshold_boundary(respondents, threshold, suppressed):
    figure = make_figure(respondents, respondents, respondents, threshold=threshold, protect=True)
    assert figure.suppressed is suppressed
    if suppressed:
        assert (figure.positive, figure.n, figure.respondents, figure.share) == (None, None, None, None)
        assert figure.note == f"fewer than {threshold} — not shown"


def test_fewer_than_5_answers_is_too_few_to_judge_but_the_n_is_given():
    figure = make_figure(3, 4, 4, threshold=2, protect=True)
    assert (figure.too_few, figure.share, figure.n, figure.note) == (True, None, 4, "too few to judge")


def test_practitioners_are_not_suppressed_and_annual_measures_compare_a_year_earlier_and_with_the_baseline():
    records = [
        # 2024-25, the first survey: 4 of 6 answers positive (3 people)
        practitioner(date(2024, 6, 1), "agree", "agree"),
        practitioner(date(2024, 6, 2), "agree", "disagree"),
        practitioner(date(2024, 6, 3), "strongly_agree", "disagree"),
        # H1 2025-26: 3 people, 6 answers of which one "don't know" (not counted): 5 of 5 positive
        practitioner(date(2025, 6, 1), "agree", "agree"),
        practitioner(date(2025, 6, 2), "agree", "agree"),
        practitioner(date(2025, 6, 3), "dont_know", "strongly_agree"),
        # H1 2026-27: 3 people, 6 of 6
        practitioner(date(2026, 6, 1), "agree", "agree"),
        practitioner(date(2026, 6, 2), "agree", "strongly_agree"),
        practitioner(date(2026, 6, 3), "strongly_agree", "agree"),
    ]
    audience = compute(records).audience("practitioners")
    assert audience.suppression is False
    measure = next(m for m in audience.measures if m.key == "r10-fm1")
    # 3 people: too few to judge, though 6 answers (the number behind a measure is people)
    assert (measure.figure.suppressed, measure.figure.respondents, measure.figure.n, measure.figure.share,
            measure.figure.too_few) == (False, 3, 6, None, True)
    assert (measure.previous_label, measure.previous.positive, measure.previous.n) == ("H1 2025-26", 5, 5)
    assert (measure.baseline_label, measure.baseline.positive, measure.baseline.n) == ("2024-25", 4, 6)
    assert measure.baseline.too_few  # 3 people
    # A year's report: the year before is 2025-26, the baseline stays the first year.
    year = compute_period(Period.parse("2026-27"), records, QUESTIONNAIRES, measures=MEASURES)
    measure = next(m for m in year.audience("practitioners").measures if m.key == "r10-fm1")
    assert (measure.previous_label, measure.previous.n, measure.baseline_label) == ("2025-26", 5, "2024-25")


def test_a_small_number_of_responses_is_not_shown_nor_the_total_that_would_give_it_away():
    """3 children and 6 practitioners in H1, 2 children before: shown, the total (9) less
    the practitioners (6) was the 3 children."""
    records = [child(date(2026, 5, 1), "happy") for _ in range(3)] + [child(date(2026, 1, 5), "happy")] * 2
    records += [practitioner(date(2026, 6, 1), "agree", "agree") for _ in range(6)]
    result = compute(records)
    children, staff = result.audience("children"), result.audience("practitioners")
    assert (children.responses, children.previous_responses, staff.responses, result.responses) == (None, None, 6, None)
    data = result.to_dict()
    assert [(a["audience"], a["responses"], a["previous_responses"]) for a in data["audiences"]] == [
        ("children", None, None), ("practitioners", 6, 0)]
    assert data["responses"] is None
    # 5 children: shown, and so is the total
    result = compute(records + [child(date(2026, 5, 2), "sad") for _ in range(2)])
    assert (result.audience("children").responses, result.responses) == (5, 11)


def test_the_result_is_plain_json():
    result = compute(children_in_h1())
    text = json.dumps(result.to_dict())
    assert json.loads(text)["audiences"][0]["measures"][0]["figure"]["n"] == 5


# --- From the database --------------------------------------------------------------------


def test_feedback_for_period_reads_responses_by_the_day_they_were_given(make_campaign, places, plan):
    from sqlalchemy import select

    from app.org.models import District

    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    barrow = db.session.scalar(select(District).where(District.name == "Barrow"))
    campaign = make_campaign()
    faces = ["happy"] * 4 + ["middle", "sad"]
    days = [datetime(2026, 5, 1, 10)] * 6 + [datetime(2026, 3, 31, 22, 30)]  # the last, 23:30 UK time on 31 March: H2 2025-26
    for i, (face, when) in enumerate(zip(faces + ["happy"], days)):
        db.session.add(Response(campaign_id=campaign.id, district_id=(carlisle if i < 5 else barrow).id,
                                submitted_at=when, idempotency_key=uuid.uuid4().hex, answers={"listened-to": face}))
    db.session.commit()
    result = feedback_for_period("H1 2026-27")
    measure = next(m for m in result.audience("children").measures if m.key == "r1-fm3")
    assert (measure.figure.positive, measure.figure.n) == (4, 5)  # Barrow's one child is left out
    assert measure.text.startswith("Children say they feel listened to")
    assert measure.previous.suppressed  # 1 child in H2 2025-26
    only_carlisle = feedback_for_period(Period.parse("H1 2026-27"), district_id=carlisle.id)
    assert only_carlisle.audience("children").responses == 5
    locality = feedback_for_period("H1 2026-27", locality_id=barrow.locality_id, threshold=1)
    assert locality.audience("children").responses == 1
    assert feedback_for_period("H1 2026-27", locality_id=barrow.locality_id).audience("children").responses is None
    with pytest.raises(ValueError):
        feedback_for_period("H3 2026-27")


def test_a_response_counts_in_the_period_of_its_uk_date(make_campaign, places, plan):
    """00:30 on 1 October in the UK is 23:30 UTC on 30 September: it belongs to H2, as audits do."""
    from app.reports.feedback_results import load_responses

    campaign = make_campaign()
    for when, n in ((datetime(2026, 9, 30, 22, 59), 5), (datetime(2026, 9, 30, 23, 30), 6)):  # 5 and 6: not suppressed
        for _ in range(n):
            db.session.add(Response(campaign_id=campaign.id, submitted_at=when, idempotency_key=uuid.uuid4().hex,
                                    answers={"listened-to": "happy"}))
    db.session.commit()
    h1, h2 = Period.parse("H1 2026-27"), Period.parse("H2 2026-27")
    assert feedback_for_period(h1).audience("children").responses == 5
    assert feedback_for_period(h2).audience("children").responses == 6
    assert len(load_responses(h1.start, h1.end)[0]) == 5
    assert len(load_responses(h2.start, h2.end)[0]) == 6


# --- The page -----------------------------------------------------------------------------


@pytest.fixture
def h1_responses(make_campaign, places, plan):
    """7 children in H1 2026-27 (6 in Carlisle, 1 in Barrow); 5 social workers of a Carlisle
    safeguarding team (each one of two agreeing) and 2 partner agency staff (no team, both agreeing)."""
    from sqlalchemy import select

    from app.org.models import District

    carlisle = db.session.scalar(select(District).where(District.name == "Carlisle"))
    barrow = db.session.scalar(select(District).where(District.name == "Barrow"))
    children, staff = make_campaign(), make_campaign("practitioner_survey")
    for i, face in enumerate(["happy"] * 5 + ["sad", "happy"]):
        db.session.add(Response(campaign_id=children.id, district_id=(carlisle if i < 6 else barrow).id,
                                submitted_at=datetime(2026, 5, 1), idempotency_key=uuid.uuid4().hex,
                                answers={"listened-to": face}))
    social_work = make_team_named("Carlisle Safeguarding", "Carlisle", "safeguarding")
    for i in range(7):
        partner = i >= 5
        db.session.add(Response(campaign_id=staff.id, submitted_at=datetime(2026, 6, 1), idempotency_key=uuid.uuid4().hex,
                                team_id=None if partner else social_work.id, district_id=None if partner else carlisle.id,
                                answers={"feedback-on-work": "agree", "supervision-helps": "agree" if partner else "disagree"}))
    db.session.commit()
    return carlisle, barrow


def test_the_period_page_shows_each_audience_with_filters(client, make_user, h1_responses):
    from conftest import page

    carlisle, _ = h1_responses
    client.sign_in(make_user("qa_viewer"))
    doc = page(client.get("/feedback/results?period=H1 2026-27"))
    assert doc.h1.get_text(strip=True) == "Feedback results for H1 2026-27"
    row = doc.select_one("#measures-children tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    # Barrow's one child is left out of the county's figure: Carlisle's 5 of 6
    assert cells == ["83% (n 6; 95% range 44% to 97%)", "H2 2025-26: no answers", "No baseline"]
    staff = [td.get_text(" ", strip=True) for td in doc.select_one("#measures-practitioners tbody tr").select("td")]
    # "Social workers will say...": the 5 social workers' 10 answers, 5 positive; not the partner staff's.
    # Each gave one of two: no spread between people, so the interval is Wilson's over 10 answers.
    assert staff == ["50% (n 10 answers from 5 people; 95% range 24% to 76%)", "H1 2025-26: no answers",
                     "2026-27: 50% (n 10 answers from 5 people; 95% range 24% to 76%)"]
    district = [r.get_text(" ", strip=True) for r in doc.select("#district-children-r1-fm3 tbody tr")]
    # Barrow is not in the county's figure, so Carlisle need not be hidden to protect it
    assert district == ["Barrow fewer than 5 — not shown no answers", "Carlisle 83% (n 6; 95% range 44% to 97%) no answers"]
    only = page(client.get(f"/feedback/results?period=H1 2026-27&audience=children&district={carlisle.id}"))
    assert only.select_one("#measures-practitioners") is None
    assert next(td.get_text(" ", strip=True) for td in only.select_one("#measures-children tbody tr").select("td")) == (
        "83% (n 6; 95% range 44% to 97%)")


def test_the_page_says_why_a_statement_has_no_answers_by_category(client, make_user, h1_responses):
    """7 children, Barrow's one left out: 5 yes, mostly and 1 no, not really; 83% of 6 is shown, so neither count is."""
    from conftest import page

    client.sign_in(make_user("qa_viewer"))
    doc = page(client.get("/feedback/results?period=H1 2026-27"))
    table = doc.select_one("#statement-children-children_feedback-listened-to")
    assert [th.get_text(strip=True) for th in table.thead.select("th")] == ["Answers by category", "Positive", "H2 2025-26"]
    cells = [td.get_text(" ", strip=True) for td in table.tbody.select("td")]
    assert cells[:2] == ["Answers by category are not shown: in a district's quarter, fewer than 5 people chose one of them.",
                         "83% (n 6; 95% range 44% to 97%)"]


def test_the_page_does_not_show_a_small_number_of_responses_even_filtered_to_its_audience(client, make_user, h1_responses):
    from conftest import page

    _, barrow = h1_responses  # 1 child in Barrow
    client.sign_in(make_user("qa_viewer"))
    for query in (f"district={barrow.id}", f"district={barrow.id}&audience=children"):
        doc = page(client.get(f"/feedback/results?period=H1 2026-27&{query}"))
        assert doc.select_one("#responses-children").get_text(" ", strip=True) == (
            "Fewer than 5 responses (not shown) (0 responses in H2 2025-26).")
        summary = doc.select_one("#summary").get_text(" ", strip=True)
        assert summary.startswith("Responses given (the total is not shown, as fewer than 5 people in an audience answered)")
        assert "1 response" not in doc.get_text(" ", strip=True)


@pytest.mark.parametrize("query, message", [
    ("period=H3 2026-27", "'H3 2026-27': a year has two halves, H1 and H2"),
    ("period=spring", "'spring' is not a period: use a financial year like 2018-19, a half like H1 2018-19, or a quarter like Q3 2018-19"),
    ("period=H1 2026-27&district=999", "Choose a district from the list"),
    ("period=H1 2026-27&audience=pets", "Choose who answered from the list"),
])
def test_bad_filters_are_named(client, make_user, places, query, message):
    from conftest import error_messages

    client.sign_in(make_user("admin"))
    response = client.get("/feedback/results?" + query)
    assert response.status_code == 400
    assert error_messages(response) == [message]


def test_the_number_of_queries_does_not_grow_with_the_responses(make_campaign, places, plan):
    from sqlalchemy import event

    campaign = make_campaign()

    def add(n):
        for _ in range(n):
            db.session.add(Response(campaign_id=campaign.id, submitted_at=datetime(2026, 5, 1),
                                    idempotency_key=uuid.uuid4().hex, answers={"listened-to": "happy"}))
        db.session.commit()

    def queries() -> int:
        seen = []
        listener = lambda *args: seen.append(1)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            db.session.expire_all()
            feedback_for_period("H1 2026-27")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    add(5)
    few = queries()
    add(60)
    assert queries() == few <= 6


def test_the_threshold_can_be_raised_in_the_settings(app, client, make_user, h1_responses, monkeypatch):
    from conftest import page

    monkeypatch.setitem(app.config, "SUPPRESSION_THRESHOLD", 8)
    client.sign_in(make_user("qa_viewer"))
    doc = page(client.get("/feedback/results?period=H1 2026-27"))
    cells = [td.get_text(" ", strip=True) for td in doc.select_one("#measures-children tbody tr").select("td")]
    assert cells[0] == "fewer than 8 — not shown"
    assert "fewer than 8 people are not shown" in doc.get_text(" ", strip=True)


def test_children_are_not_given_by_team_and_a_districts_quarter_is_one_group():
    """Carlisle's small team (A, 3) and team B (8) are one group, Carlisle's quarter: 11, shown.
    A team's figure would be smaller than the groups, so children's figures have no team rows;
    practitioners' do."""
    teams = [(1, CARLISLE, 3), (2, CARLISLE, 8), (3, EDEN, 6), (4, EDEN, 7)]
    records = [child(date(2026, 5, 1), "happy", district, team) for team, district, n in teams for _ in range(n)]
    records += [PeriodResponse(2, date(2026, 6, 1), CARLISLE, 1, {"feedback-on-work": "agree"})]
    result = compute(records, team_names={1: "A", 2: "B", 3: "C", 4: "D"},
                     team_districts={team: district for team, district, _ in teams})
    measure = result.audience("children").measures[0]
    assert measure.by_team == []
    assert [(r.name, r.figure.n) for r in measure.by_district] == [("Carlisle", 11), ("Eden", 13)]
    assert measure.figure.n == 24
    staff = next(m for m in result.audience("practitioners").measures if m.key == "r10-fm1")
    assert [(r.name, r.figure.n) for r in staff.by_team] == [("A", 1)]


def test_a_small_group_of_one_campaign_is_left_out_though_its_district_has_more():
    """Two campaigns in Carlisle's quarter: 6 answers in one, 3 in the other. The 3 are left
    out everywhere, so a campaign's results less the county's cannot give them away."""
    records = [dataclasses.replace(child(date(2026, 5, 1), "happy"), campaign_id=1) for _ in range(6)]
    records += [dataclasses.replace(child(date(2026, 5, 2), "sad"), campaign_id=2) for _ in range(3)]
    result = compute(records)
    children = result.audience("children")
    assert (children.responses, children.measures[0].figure.n, children.measures[0].figure.positive) == (6, 6, 6)
    # the 3 alone: not shown, rather than 0
    alone = compute(records[6:]).audience("children")
    assert (alone.responses, alone.measures[0].figure.suppressed) == (None, True)
