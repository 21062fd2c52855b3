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
