"""Help inside the product in a browser: an administrator goes from an admin page to its
help page and through every help page, with axe-core on each, at desktop width and at 320 px."""
from playwright.sync_api import expect

from app.help import pages as help_pages
from conftest import PASSWORD


def test_an_administrator_reads_help_from_an_admin_page(page, make_user, sign_in, axe, assert_no_horizontal_scroll,
                                                       assert_only_local_requests, live_server):
    make_user("admin", email="ada@example.org", name="Ada Admin")
    sign_in(page, "ada@example.org", PASSWORD)
    page.goto(f"{live_server}/admin/audit-tools")
    page.get_by_role("link", name="Help with audit tools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit tools")
    axe(page, "help with audit tools")
    page.screenshot(path="/tmp/plain-words-help-audit-tools.png", full_page=True)

    page.get_by_role("link", name="All help pages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help")
    axe(page, "the list of help pages")
    for help_page in help_pages.PAGES:
        page.goto(f"{live_server}/help/{help_page.name}")
        expect(page.get_by_role("heading", level=1)).to_have_text(help_page.title)
        axe(page, f"help: {help_page.title}")

    page.set_viewport_size({"width": 320, "height": 640})
    for help_page in help_pages.PAGES:
        page.goto(f"{live_server}/help/{help_page.name}")
        assert_no_horizontal_scroll(page)
        axe(page, f"help: {help_page.title} at 320px")
    page.screenshot(path="/tmp/plain-words-help-bulk-import-320.png", full_page=True)

    page.goto(f"{live_server}/admin/audit-tools/import")
    assert_no_horizontal_scroll(page)
    axe(page, "import an audit tool at 320px")
    assert_only_local_requests(page)


BROKEN = """\
key: home_visits_audit
title: Home visits audit
description: Are children seen alone?
scoring:
  method: mean_of_questions
sections:
  - key: visits
    title: Visits
    questions:
      - key: seen-alone
        text: Is the child seen alone at every visit?
"""


def test_a_broken_import_is_refused_in_plain_words_at_the_field(page, make_user, sign_in, axe, live_server,
                                                                assert_no_horizontal_scroll):
    make_user("admin", email="ada@example.org", name="Ada Admin")
    sign_in(page, "ada@example.org", PASSWORD)
    page.goto(f"{live_server}/admin/audit-tools/import")
    page.get_by_label("Or paste the tool's YAML").fill(BROKEN)
    page.get_by_role("button", name="Import as a draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("pasted YAML: Question 1 in 'Visits' needs a kind")
    expect(page.locator("#text-error")).to_contain_text("Correct the problems listed above")
    axe(page, "a broken import")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)
    page.screenshot(path="/tmp/plain-words-broken-import-320.png", full_page=True)
