"""The helpers really fail: pages with known problems must not pass."""
import pytest

PAGE = '<html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test</title></head><body><main><h1>Test</h1>{}</main></body></html>'


def test_axe_reports_each_violation_with_its_nodes(page, axe):
    page.set_content(PAGE.format('<img src="data:,"><a href="#"></a>'))
    with pytest.raises(pytest.fail.Exception) as failure:
        axe(page, "self-test")
    message = str(failure.value)
    assert "image-alt" in message and "link-name" in message
    assert '["img"]' in message  # the target node is named


def test_horizontal_scroll_is_caught_except_inside_a_table_wrapper(phone, assert_no_horizontal_scroll):
    phone.set_content(PAGE.format('<div class="app-table-wrapper" style="overflow-x: auto"><table><tr><td style="min-width: 900px">wide</td></tr></table></div>'))
    assert_no_horizontal_scroll(phone)

    phone.set_content(PAGE.format('<p style="min-width: 900px">too wide</p>'))
    with pytest.raises(AssertionError, match="scrolls sideways at 320px"):
        assert_no_horizontal_scroll(phone)
