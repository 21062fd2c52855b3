"""A campaign's results: exact counts, shares and Wilson ranges from hand-built responses,
small numbers suppressed, the response rate against its target, and who may see the page."""
import uuid
from datetime import date

import pytest
from conftest import page

from app.core.db import db
from app.feedback import services
from app.feedback.models import Response
from app.feedback.questionnaires import SURVEYS_DIR, load_questionnaire_file
from app.feedback.results import SUPPRESSED, TOO_FEW, ResponseRecord, compute

CHILDREN = load_questionnaire_file(SURVEYS_DIR / "children_feedback.yaml")
PARENTS = load_questionnaire_file(SURVEYS_DIR / "parents_carers_feedback.yaml")


def children_responses():
    """9 children: listened-to 6 happy, 2 middle, 1 sad; know-plan happy from 4 of them;
    two comments, one with a name."""
    faces = ["happy"] * 6 + ["middle"] * 2 + ["sad"]
    out = []
    for i, face in enumerate(faces):
        answers = {"listened-to": face}
        if i < 4:
            answers["know-plan"] = "happy"
        out.append(ResponseRecord(answers, {}, None))
    out[0] = ResponseRecord(out[0].answers, {"better": "more visits"}, "Sam")
    out[1] = ResponseRecord(out[1].answers, {"better": "A quieter room", "anything-else": "  "}, None)
    return out


def parents_responses():
    """8 parents, agree scale with don't know (SA strongly agree, A agree, D disagree,
    SD strongly disagree, DK don't know)."""
    understand = ["strongly_agree"] * 3 + ["agree"] * 2 + ["disagree"] + ["dont_know"] * 2
    fits = ["agree"] * 3 + ["disagree"] + ["dont_know"] * 2 + [None, None]
    changed = ["agree", "disagree", "strongly_disagree"] + [None] * 5
    return [
        ResponseRecord({k: v for k, v in (("understand-plan", u), ("plan-fits-needs", f), ("plan-up-to-date", c)) if v})
        for u, f, c in zip(understand, fits, changed)
    ]


def rules_wilson(positive, n):
    from app.feedback.rules import wilson_interval

    return wilson_interval(positive, n)


def by_key(items):
    return {item.key: item for item in items}


# --- The computations ---------------------------------------------------------------------


def test_a_statement_counts_each_face_and_its_share_positive_with_a_wilson_range():
    statement = by_key(compute(CHILDREN, children_responses(), invites=0, invites_answered=0).statements)["listened-to"]
    assert [(label, cell.count) for label, cell in statement.categories] == [
        ("Yes, mostly", 6), ("Sometimes", 2), ("No, not really", 1)]
    # 2 and 1 are small; the 6 would give them away (9 counted, 67% positive): none is shown
    assert [cell.value for _, cell in statement.categories] == [None, None, None]
    assert statement.categories_hidden
    assert (statement.answered, statement.result.counted, statement.result.positive) == (9, 9, 6)
    assert round(statement.result.share, 3) == 0.667
    low, high = statement.result.interval
    assert (round(low, 3), round(high, 3)) == (0.354, 0.879)


def test_one_small_category_cannot_be_worked_out_from_the_answers_counted():
    """6 yes, 2 sometimes, 7 no: 15 counted is shown, so 2 alone would be 15 - 13."""
    responses = [ResponseRecord({"listened-to": f}) for f in ["happy"] * 6 + ["middle"] * 2 + ["sad"] * 7]
    statement = by_key(compute(CHILDREN, responses, invites=0, invites_answered=0).statements)["listened-to"]
    assert [cell.value for _, cell in statement.categories] == [None, None, None]
    assert (statement.result.counted, statement.result.positive) == (15, 6)
    five = [ResponseRecord({"listened-to": f}) for f in ["happy"] * 6 + ["middle"] * 5]
    statement = by_key(compute(CHILDREN, five, invites=0, invites_answered=0).statements)["listened-to"]
    assert [cell.value for _, cell in statement.categories] == [6, 5, 0] and not statement.categories_hidden


def test_dont_know_is_shown_but_not_counted():
    statement = by_key(compute(PARENTS, parents_responses(), invites=0, invites_answered=0).statements)["understand-plan"]
    assert [(label, cell.count) for label, cell in statement.categories] == [
        ("Strongly agree", 3), ("Agree", 2), ("Neither agree nor disagree", 0), ("Disagree", 1),
        ("Strongly disagree", 0), ("Don't know", 2)]
    assert (statement.answered, statement.result.counted, statement.result.positive) == (8, 6, 5)
    assert round(statement.result.share, 3) == 0.833
    assert tuple(round(x, 3) for x in statement.result.interval) == (0.436, 0.970)


def test_fewer_than_5_counted_is_too_few_to_judge_and_fewer_than_5_answering_is_not_shown():
    statements = by_key(compute(PARENTS, parents_responses(), invites=0, invites_answered=0).statements)
    fits = statements["plan-fits-needs"]
    assert (fits.answered, fits.result.counted, fits.suppressed, fits.result.too_few) == (6, 4, False, True)
    assert fits.result.share is None and fits.result.interval is None
    changed = statements["plan-up-to-date"]
    assert (changed.answered, changed.suppressed, changed.result.share) == (3, True, None)


def test_a_measure_pools_its_statements_answers_and_counts_its_respondents():
    measure = by_key(compute(PARENTS, parents_responses(), invites=0, invites_answered=0,
                             measure_texts={"r2-fm1": "Parents understand the plan"}).measures)["r2-fm1"]
    assert measure.text == "Parents understand the plan"
    assert measure.statements == ["understand-plan", "plan-fits-needs", "plan-up-to-date"]
    # counted 6 + 4 + 3 answers, positive 5 + 3 + 1; 6 respondents (2 said only "don't know")
    assert (measure.result.positive, measure.result.counted, measure.result.respondents) == (9, 13, 6)
    assert round(measure.result.share, 3) == 0.692
    # The interval per person (rules.clustered_interval): (y, m) = (3,3) (2,3) (2,3) (1,2) (1,1) (0,1);
    # sum (y - 9/13 m)^2 = 268/169, v = 6/5 * 268/169 / 169 = 0.0113 against 36/2197 = 0.0164
    # if independent: deff 0.69, kept at 1, so Wilson's for 9 of 13.
    assert tuple(round(x, 3) for x in measure.result.interval) == (0.424, 0.873)
    # Two people answering alike across three statements each count as two, not six
    alike = [ResponseRecord({"understand-plan": a, "plan-fits-needs": a, "plan-up-to-date": a})
             for a in ["agree"] * 4 + ["disagree"] * 2]
    result = by_key(compute(PARENTS, alike, invites=0, invites_answered=0).measures)["r2-fm1"].result
    assert (result.counted, result.respondents) == (18, 6)
    assert result.interval == pytest.approx(rules_wilson(4, 6))


def test_a_measure_from_fewer_than_5_respondents_is_suppressed():
    measures = by_key(compute(CHILDREN, children_responses(), invites=0, invites_answered=0).measures)
    assert (measures["r2-fm1"].result.respondents, measures["r2-fm1"].result.suppressed) == (4, True)
    assert measures["r2-fm1"].result.share is None
    assert (measures["r1-fm2"].result.respondents, measures["r1-fm2"].result.share) == (0, None)
    assert (measures["r1-fm3"].result.respondents, round(measures["r1-fm3"].result.share, 3)) == (9, 0.667)


@pytest.mark.parametrize("invites, answered, rate, verdict", [
    (10, 3, 0.3, "met"), (10, 2, 0.2, "not met"), (4, 1, 0.25, "met"), (0, 0, None, "no invites issued"),
])
def test_the_response_rate_is_judged_against_the_target(invites, answered, rate, verdict):
    result = compute(CHILDREN, [], invites=invites, invites_answered=answered).rate
    assert result.rate == rate
    assert result.verdict == verdict


def test_the_target_can_be_the_campaigns_own():
    assert compute(CHILDREN, [], invites=10, invites_answered=3, target=0.5).rate.verdict == "not met"


def test_comments_are_sorted_by_words_and_names_are_kept_only_when_asked():
    hidden = compute(CHILDREN, children_responses(), invites=0, invites_answered=0)
    assert [(c.question, c.text, c.name) for c in hidden.comments] == [
        ("What would make things better?", "A quieter room", None),
        ("What would make things better?", "more visits", None),
    ]
    shown = compute(CHILDREN, children_responses(), invites=0, invites_answered=0, show_names=True)
    assert [c.name for c in shown.comments] == [None, "Sam"]


def test_comments_from_fewer_than_5_responses_are_not_shown():
    outcome = compute(CHILDREN, children_responses()[:4], invites=0, invites_answered=0)
    assert outcome.comments_suppressed and outcome.comments == []


# --- The page -----------------------------------------------------------------------------


@pytest.fixture
def filled(make_campaign, team, practitioner, plan):
    """A campaign for the team with 4 invites, 3 of them answered, and 9 responses in all."""
    campaign = make_campaign(team=team)
    invites = [services.issue_invite(campaign, practitioner, date.today()) for _ in range(4)]
    for i, record in enumerate(children_responses()):
        db.session.add(Response(
            campaign_id=campaign.id, invite_id=invites[i].id if i < 3 else None, team_id=team.id,
            idempotency_key=uuid.uuid4().hex, answers=dict(record.answers), free_text=dict(record.free_text),
            respondent_name=record.respondent_name,
        ))
    db.session.commit()
    return campaign


def text_of(soup, selector):
    return [" ".join(row.get_text(" ", strip=True).split()) for row in soup.select(selector)]


def test_the_page_shows_the_rate_statements_measures_and_comments(client, admin, filled):
    client.sign_in(admin)
    response = client.get(f"/feedback/campaigns/{filled.id}/results")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Results"
    # The 3 invites answered are a small group (one team, one quarter): left out, with the invites
    # issued in that group, so that this page less a report's count cannot give them away.
    assert text_of(soup, "#response-rate .govuk-summary-list__row")[:2] == [
        "Invites issued 0", "Responses 9 (0 from invites)"]
    assert text_of(soup, "#statement-listened-to tbody tr") == [
        "Answers by category Not shown: fewer than 5 people chose one of them", "Answers counted 9",
        "Positive 67% (95% range 35% to 88%)"]
    assert text_of(soup, "#statement-home-calmer tbody tr") == [f"Answers {SUPPRESSED}"]
    measures = {row.th.get_text(" ", strip=True).split()[0]: row for row in soup.select("#measures tbody tr")}
    assert "Children say they feel listened to" in measures["r1-fm3"].th.get_text()
    assert [td.get_text(strip=True) for td in measures["r1-fm3"].select("td")] == ["9", "67%", "35% to 88%"]
    assert [td.get_text(strip=True) for td in measures["r2-fm1"].select("td")] == [SUPPRESSED]
    assert soup.select_one("#measures caption") is not None
    assert text_of(soup, "#comments tbody tr") == [
        "What would make things better? A quieter room None given", "What would make things better? more visits Sam"]


def test_a_raised_threshold_hides_more_on_the_page(app, client, admin, filled, monkeypatch):
    monkeypatch.setitem(app.config, "SUPPRESSION_THRESHOLD", 10)  # 9 responses: nothing about them is shown
    client.sign_in(admin)
    soup = page(client.get(f"/feedback/campaigns/{filled.id}/results"))
    assert text_of(soup, "#statement-listened-to tbody tr") == ["Answers fewer than 10 — not shown"]
    assert [td.get_text(strip=True) for td in soup.select_one("#measures tbody tr").select("td")] == ["fewer than 10 — not shown"]
    assert soup.select_one("#comments") is None
    assert "Comments are shown when at least 10 people have answered" in soup.get_text(" ", strip=True)


def test_a_qa_viewer_sees_comments_without_names(client, make_user, filled):
    client.sign_in(make_user("qa_viewer"))
    response = client.get(f"/feedback/campaigns/{filled.id}/results")
    assert response.status_code == 200
    assert text_of(page(response), "#comments tbody tr") == [
        "What would make things better? A quieter room", "What would make things better? more visits"]
    assert "Sam" not in response.get_data(as_text=True)


def test_too_few_to_judge_is_said_on_the_page(app, client, admin, make_campaign, team, monkeypatch):
    # With a threshold of 5, the 4 parents who answered on the scale are a small group: not shown.
    # A threshold of 3 shows them, too few to judge.
    monkeypatch.setitem(app.config, "SUPPRESSION_THRESHOLD", 3)
    campaign = make_campaign("parents_carers_feedback", team=team)
    for record in parents_responses():
        db.session.add(Response(campaign_id=campaign.id, team_id=team.id, idempotency_key=uuid.uuid4().hex,
                                answers=dict(record.answers), free_text={}))
    db.session.commit()
    client.sign_in(admin)
    soup = page(client.get(f"/feedback/campaigns/{campaign.id}/results"))
    assert text_of(soup, "#statement-plan-fits-needs tbody tr")[-2:] == ["Answers counted 4", f"Positive {TOO_FEW}"]
    assert soup.select_one("#comments-none") is None  # 8 responses, but none left a comment
    assert text_of(soup, "#response-rate .govuk-summary-list__row")[-1] == "Target 25%: no invites issued"


def test_who_may_see_the_results(client, make_user, filled, make_team):
    url = f"/feedback/campaigns/{filled.id}/results"
    response = client.get(url)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for roles, status in [(("qa_viewer",), 200), (("auditor",), 403), (("moderator",), 403)]:
        client.sign_in(make_user(*roles))
        assert client.get(url).status_code == status, roles
        client.sign_out()
    # Practitioners never: not even in the campaign's own team (they hand out its invites).
    for team in (make_team("Carlisle Safeguarding"), filled.team):
        client.sign_in(make_user("practitioner", team_id=team.id if team else None))
        assert client.get(url).status_code == 403
        client.sign_out()
    assert client.get(f"/feedback/campaigns/{filled.id + 999}/results").status_code == 302


def test_a_missing_campaign_is_not_found(client, admin, questionnaires):
    client.sign_in(admin)
    assert client.get("/feedback/campaigns/999/results").status_code == 404



def test_a_campaigns_small_group_is_taken_out_statement_by_statement():
    """Carlisle's quarter: 6 answered listened-to; only 2 of them answered home-calmer. The 2
    are taken out of home-calmer only; a category chosen by fewer than 5 in a kept group hides
    the statement's categories."""
    from app.feedback.results import ResponseRecord as R
    from app.feedback.results import counted_answers

    q = load_questionnaire_file(SURVEYS_DIR / "children_feedback.yaml")
    carlisle = ("c", 1, "Q1")
    grouped = [(carlisle, R({"listened-to": "happy", **({"home-calmer": "sad"} if i < 2 else {})})) for i in range(6)]
    kept, few = counted_answers(q, grouped, 5)
    assert [sorted(r.answers) for r in kept] == [["listened-to"]] * 6
    assert few == frozenset()
    grouped[0] = (carlisle, R({"listened-to": "sad"}))
    assert counted_answers(q, grouped, 5)[1] == frozenset({"listened-to"})  # 5 happy, 1 sad
