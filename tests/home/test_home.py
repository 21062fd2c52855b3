"""Each person lands on what they came to do: the home page's parts by role, in order."""
from datetime import timedelta

from conftest import page
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from feedback.conftest import admin, answer, campaign, invite, make_campaign, practitioner, questionnaires, team  # noqa: F401
from moderation.helpers import submitted_audit

from app.audits import states
from app.core.clock import uk_today
from app.core.db import db, utcnow
from app.moderation import services as moderation

PARTS = ["#my-open-alerts", "#home-alerts", "#home-audits", "#home-moderation", "#home-invites", "#home-headlines",
         "#home-plan"]


def words(element) -> str:
    return " ".join(element.get_text().split())


def parts(response) -> list[str]:
    """The home page's parts, in the order they are on the page."""
    soup = page(response)
    found = [el for el in soup.select(", ".join(PARTS))]
    return ["#" + el["id"] for el in found]


def test_signing_in_lands_on_the_home_page(client, make_user):
    user = make_user("auditor")
    response = client.submit("/sign-in", {"email": user.email, "password": "correct horse battery staple"})
    assert response.headers["Location"] == "/"
    home = page(client.get("/"))
    assert home.h1.get_text(strip=True) == "Home"
    assert home.select_one(".govuk-caption-l").get_text(strip=True) == user.name


def test_an_auditor_sees_audits_due_overdue_first(client, make_user, make_audit, publish_tool):
    auditor = make_user("auditor")
    tool = publish_tool()
    today = uk_today()
    later = make_audit(auditor=auditor, due=today + timedelta(days=20), tool_version=tool)
    returned = make_audit(auditor=auditor, due=today + timedelta(days=10), state=states.RETURNED, tool_version=tool)
    overdue = make_audit(auditor=auditor, due=today - timedelta(days=1), tool_version=tool)
    make_audit(auditor=make_user("auditor"), due=today - timedelta(days=5), tool_version=tool)  # someone else's
    client.sign_in(auditor)
    response = client.get("/")
    assert parts(response) == ["#home-audits"]
    section = page(response).select_one("#home-audits")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all("td")] for tr in section.select("tbody tr")]
    assert [r[0] for r in rows] == [overdue.case.reference, returned.case.reference, later.case.reference]
    assert rows[0][3] == "Overdue" and rows[1][3] == "Returned" and rows[2][3] == "Not started"
    assert "3 audits to do, 1 overdue." in words(section)
    assert section.select_one("tbody a")["href"] == f"/audits/{overdue.id}"


def test_an_auditor_sees_moderation_outcomes_of_the_last_30_days(client, make_user, make_audit, publish_tool):
    auditor = make_user("auditor")
    tool = publish_tool()
    lowered, lowered_m = submitted_audit(make_audit, auditor, tool_version=tool)
    agreed, agreed_m = submitted_audit(make_audit, auditor, tool_version=tool)
    sent_back, returned_m = submitted_audit(make_audit, auditor, tool_version=tool)
    old, old_m = submitted_audit(make_audit, auditor, tool_version=tool)
    _, theirs = submitted_audit(make_audit, make_user("auditor"), tool_version=tool)
    now = utcnow()
    mo = make_user("moderator")

    def decide(m, days_ago, overall=None, action="finalise"):
        when = now - timedelta(days=days_ago)
        moderation.claim(m, mo, now=when)
        moderation.decide(m, mo, {"overall": overall} if overall else {}, {"overall": "No safety plan."} if overall else {},
                          None, action, "Add the chronology." if action == "return" else None, now=when,
                          agree_rest=True, notify=False)

    decide(lowered_m, 2, "inadequate")
    decide(agreed_m, 5)
    decide(old_m, 40)
    decide(theirs, 1)
    decide(returned_m, 1, action="return")

    client.sign_in(auditor)
    items = [words(li) for li in page(client.get("/")).select("#home-outcomes li")]
    day = lambda n: f"{(now - timedelta(days=n)).date():%-d %B %Y}"  # noqa: E731
    assert items == [
        f"{sent_back.case.reference}: returned to you on {day(1)}. Amend it and send it back.",
        f"{lowered.case.reference}: finalised on {day(2)}. Final judgement Inadequate; yours was Good.",
        f"{agreed.case.reference}: finalised on {day(5)}. The moderator agreed your judgement (Good).",
    ]
    assert old.case.reference not in page(client.get("/")).get_text()


def test_a_moderator_sees_the_queue_with_overdue_counts(client, make_user, make_audit, publish_tool):
    moderator, auditor = make_user("moderator"), make_user("auditor")
    tool = publish_tool()
    _, late = submitted_audit(make_audit, auditor, tool_version=tool)
    _, fresh = submitted_audit(make_audit, auditor, tool_version=tool)
    _, claimed = submitted_audit(make_audit, auditor, tool_version=tool)
    late.first_submitted_at = utcnow() - timedelta(days=30)  # over 10 working days
    db.session.commit()
    moderation.claim(claimed, moderator)

    client.sign_in(moderator)
    response = client.get("/")
    assert parts(response) == ["#home-moderation"]
    counts = {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
              for row in page(response).select("#home-moderation-counts .govuk-summary-list__row")}
    assert counts == {"Waiting for a moderator": "2, 1 overdue", "You are moderating": "1"}
    mine = page(response).select("#home-moderation tbody a")
    assert [a["href"] for a in mine] == [f"/moderation/{claimed.id}"]
    assert claimed.audit.case.reference in mine[0].get_text()
    # The queue's waiting audits are counted, not listed: the queue page is where they are taken.
    assert late.audit.case.reference not in response.get_data(as_text=True)


def test_a_practitioner_sees_open_alerts_before_invites(client, new_client, practitioner, invite):
    viewer = new_client()
    viewer.sign_in(practitioner)
    calm = viewer.get("/")
    assert parts(calm) == ["#home-alerts", "#home-invites"]
    assert "You have no open safeguarding alerts." in page(calm).select_one("#home-alerts").get_text()
    invites = page(calm).select_one("#home-invites")
    assert "1 campaign is open for your team" in invites.get_text(" ", strip=True)
    assert [a.get_text() for a in invites.select("li a")] == [invite.display_code]

    answer(client, f"/q/{invite.display_code}", {"safe-home": "sad"})
    worried = viewer.get("/")
    assert parts(worried) == ["#my-open-alerts", "#home-invites"]
    assert "1 not acknowledged" in page(worried).select_one("#my-open-alerts").get_text(" ", strip=True)


def test_a_person_with_two_roles_sees_both_parts(client, make_user, make_audit):
    both = make_user("auditor", "moderator")
    make_audit(auditor=both, due=uk_today() + timedelta(days=3))
    client.sign_in(both)
    assert parts(client.get("/")) == ["#home-audits", "#home-moderation"]


def test_an_auditing_practitioner_sees_alerts_then_audits_then_invites(client, make_user, team):
    client.sign_in(make_user("auditor", "practitioner", team_id=team.id))
    assert parts(client.get("/")) == ["#home-alerts", "#home-audits", "#home-invites"]


def test_someone_with_no_special_role_sees_the_plan_summary(client, make_user, plan):
    client.sign_in(make_user())
    response = client.get("/")
    assert parts(response) == ["#home-plan"]
    rows = page(response).select("#home-plan tbody tr")
    assert len(rows) == 10
    assert page(response).select_one("#home-plan a[href='/plan']") is not None


def test_a_team_manager_sees_the_plan_summary(client, make_user, plan):
    client.sign_in(make_user("team_manager"))
    assert parts(client.get("/")) == ["#home-plan"]  # no open alerts: no banner


def test_the_plan_itself_is_at_its_own_address(client, make_user, plan):
    client.sign_in(make_user("auditor"))
    plan_page = page(client.get("/plan"))
    assert plan_page.h1.get_text(strip=True) == "Improvement plan"
    nav = {a.get_text(strip=True): a["href"] for a in plan_page.select(".govuk-service-navigation__item a")}
    assert nav["Improvement plan"] == "/plan"
    assert plan_page.select_one(".govuk-service-navigation__service-name a")["href"] == "/"
    assert plan_page.select_one(".govuk-generic-header__homepage-link")["href"] == "/"


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_an_audit_due_today_is_not_yet_overdue(client, make_user, make_audit):
    auditor = make_user("auditor")
    make_audit(auditor=auditor, due=uk_today())
    client.sign_in(auditor)
    assert "overdue" not in page(client.get("/")).select_one("#home-audits p").get_text()
