"""At 320px the wide tables scroll sideways in their own box: an administrator with a small
set of data visits the pages with tables, and on each every box is a focusable region named
by its table's caption (so keyboard users can scroll it: axe's scrollable-region-focusable),
the page itself does not scroll sideways, and axe-core finds nothing."""
import uuid
from datetime import date, datetime

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401  (fixtures)
from audits.test_corrective_actions import make_action  # noqa: F401  (fixture)
from conftest import PASSWORD
from moderation.test_figures import moderated  # noqa: F401  (fixture)
from playwright.sync_api import expect
from sqlalchemy import select

from app.core.db import db
from app.safeguarding import services as alerts
from app.feedback.models import Campaign, Response
from app.moderation import rules
from browser.test_feedback_admin_a11y import feedback  # noqa: F401  (fixture)

I, RI, G, O = rules.CATEGORIES

# (page, its heading, the caption of a table on it)
PAGES = [
    ("/admin/people", "People", "People who can sign in"),
    ("/admin/teams", "Teams", "Teams by district"),
    ("/plan", "Improvement plan", "Recommendations"),
    ("/plan/figures", "KPI figures", "KPIs and their latest figures"),
    ("/admin/cases", "Cases", "Cases"),
    ("/audit-rounds", "Audit rounds", "Rounds, newest first"),
    ("/admin/audit-tools", "Audit tools", "Tools and their versions"),
    ("/feedback/campaigns", "Feedback campaigns", "Campaigns, latest first"),
    ("/admin/questionnaires", "Questionnaires", "Questionnaires and their versions"),
    ("/feedback/alerts", "Safeguarding alerts", "Open alerts: not acknowledged first, oldest first"),
    ("/moderation/results", "Moderation results", "Agreement on the overall judgement, by audit round"),
    ("/corrective-actions", "Corrective actions", "My open corrective actions"),
]


@pytest.fixture
def dataset(feedback, make_user, make_team, make_case, publish_tool, moderated, make_action):  # noqa: F811
    """Besides the plan, questionnaires and a children's campaign (`feedback`): a team with an
    auditor, eight moderated audits (two returned), one corrective action for the admin and
    one open safeguarding alert. Returns the admin."""
    admin = feedback
    team = make_team("Carlisle Safeguarding 1", "Carlisle")
    alex = make_user("auditor", "moderator", email="alex@example.org", name="Alex Auditor", team_id=team.id)
    eha = publish_tool("early_help_audit")
    for grade, final, days in [(G, G, 3), (G, G, 5), (RI, RI, 4), (RI, G, 8), (O, G, 12), (I, I, 2), (G, None, 6), (RI, None, 9)]:
        moderated(alex, team, eha, grade, final, days)
    make_action(admin, case=make_case(reference="CF-40112", team=team), due=date(2026, 12, 4),
                description="Update the chronology with the strategy meeting of 3 March")

    campaign = db.session.scalar(select(Campaign))
    response = Response(campaign_id=campaign.id, team_id=team.id, submitted_at=datetime(2026, 5, 20, 10),
                        idempotency_key=uuid.uuid4().hex, answers={"safe-home": "sad"}, free_text={})
    db.session.add(response)
    assert alerts.raise_alert(response, campaign.questionnaire) is not None
    db.session.commit()
    return admin


def test_every_wide_table_scrolls_in_a_named_focusable_region_at_320px(
    phone, dataset, sign_in, axe, assert_no_horizontal_scroll, assert_only_local_requests
):
    page = phone
    sign_in(page, dataset.email, PASSWORD)
    for url, heading, caption in PAGES:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        region = page.get_by_role("region", name=caption, exact=True)
        expect(region.get_by_role("table", name=caption, exact=True)).to_be_visible()
        expect(region).to_have_attribute("tabindex", "0")
        # Every box on the page, not just the one named above, is focusable and named by its caption.
        boxes = page.evaluate("""() => [...document.querySelectorAll('.app-table-wrapper')].map(box => {
            const label = document.getElementById(box.getAttribute('aria-labelledby'));
            return {tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'),
                    labelled_by_caption: !!label && label.tagName === 'CAPTION' && box.contains(label)
                                         && label.textContent.trim() !== ''};
        })""")
        assert boxes and all(b == {"tabindex": "0", "role": "region", "labelled_by_caption": True} for b in boxes), (url, boxes)
        assert_no_horizontal_scroll(page)
        axe(page, f"{url} at 320px")
    assert_only_local_requests(page)


def test_a_keyboard_user_tabs_to_a_wide_table_and_scrolls_it_sideways(phone, dataset, sign_in):
    page = phone
    sign_in(page, dataset.email, PASSWORD)
    page.goto("/moderation/results")
    region = page.get_by_role("region", name="Agreement on the overall judgement, by audit round")
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")  # it is wider than the screen
    for _ in range(30):  # the skip link, the menu, links before the table...
        page.keyboard.press("Tab")
        if region.evaluate("box => document.activeElement === box"):
            break
    expect(region).to_be_focused()
    # Focus shows: an outline or the GOV.UK focus box-shadow.
    assert region.evaluate("""box => { const s = getComputedStyle(box);
        return (s.outlineStyle !== 'none' && s.outlineColor !== 'rgba(0, 0, 0, 0)') || s.boxShadow !== 'none'; }""")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle())
