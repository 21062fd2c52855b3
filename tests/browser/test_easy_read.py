"""Easy Read on a 320 px phone: chosen on the first page, a picture with each statement,
described for screen readers; axe-core clean; nothing cut off at 200% text; the first
answer still on the first screen with the language line above the title."""
import re

from feedback.conftest import (  # noqa: F401  (fixtures)
    admin, campaign, invite, make_campaign, practitioner, questionnaires, team,
)
from feedback.test_languages import languages_campaign, languages_invite  # noqa: F401  (fixtures)
from playwright.sync_api import expect

from browser.test_respondent_journey import fits, text_at_200_percent


def test_a_child_reads_the_easy_read_version_on_a_phone(phone, invite, axe, assert_only_local_requests,
                                                        assert_no_horizontal_scroll):
    page = phone
    page.goto(f"/q/{invite.display_code}")
    first_answer = page.get_by_role("group", name="Things at home are calmer now.").get_by_label("Yes, mostly")
    assert first_answer.bounding_box()["y"] + first_answer.bounding_box()["height"] <= 640
    axe(page, "the first page, with its languages")

    page.get_by_role("button", name="Easy Read").click()
    expect(page.locator("strong[aria-current]")).to_have_text("Easy Read")
    group = page.get_by_role("group", name="Home is calmer now.")
    expect(group.get_by_role("img", name="A house. The family inside is calm.")).to_be_visible()
    picture = group.get_by_role("img").bounding_box()
    assert picture["width"] <= 100 and picture["x"] + picture["width"] <= 320
    axe(page, "Easy Read, first page")
    text_at_200_percent(page)
    fits(page, assert_no_horizontal_scroll)

    group.get_by_label("Yes, mostly").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I am happier now we get help.")
    expect(page.get_by_role("img", name="A happy face.")).to_be_visible()
    expect(page.locator("#progress")).to_have_text(re.compile("^2 of 11$"))
    axe(page, "Easy Read, second page")
    fits(page, assert_no_horizontal_scroll)
    assert_only_local_requests(page)


def test_a_right_to_left_page_mirrors_the_answers(phone, languages_invite, axe, assert_no_horizontal_scroll):
    page = phone
    page.goto(f"/q/{languages_invite.display_code}?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    answer = page.locator(".govuk-radios__item").first
    circle_right = answer.evaluate("(item) => getComputedStyle(item.querySelector('label'), '::before').right")
    assert circle_right == "2px"
    # The radio (and its circle) on the right, the words to its left.
    radio = answer.locator("input").bounding_box()
    words = answer.locator("label span").last.bounding_box()
    assert radio["x"] > words["x"]
    page.screenshot(path="/tmp/lang_rtl.png")
    axe(page, "Arabic, first page")
    fits(page, assert_no_horizontal_scroll)
