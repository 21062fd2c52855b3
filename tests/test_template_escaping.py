"""Text people type is text on every page: never markup.

GOV.UK Frontend's macros print an `html` parameter (and `summaryHtml`, `titleHtml`...) as
it is. A value built in the template by joining strings with `~` is a plain string, not
escaped, so a case reference such as `<img src=x>` joined into one becomes markup. Such
values are built with `{% set name %}...{% endset %}` blocks, which escape what they print.
"""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HTML_PARAM = re.compile(r"""['"](?:html|\w+Html)['"]\s*:\s*""")


def _expression(text: str, start: int) -> str:
    """The expression after a dict key, up to the comma or closing bracket that ends it."""
    depth, quote, i = 0, None, start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            break
        i += 1
    return text[start:i]


def html_params_built_by_joining():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in HTML_PARAM.finditer(text):
            expression = _expression(text, match.end())
            if "~" in expression or "%" in expression or "format(" in expression:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {expression.strip()}")
    return found


def test_no_template_builds_an_html_parameter_by_joining_strings():
    assert html_params_built_by_joining() == []


def test_the_check_finds_a_joined_html_parameter(tmp_path, monkeypatch):
    (tmp_path / "bad.html").write_text("""{{ govukButton({'html': 'Assign<span>' ~ case.reference ~ '</span>'}) }}""")
    monkeypatch.setattr(__import__(__name__), "TEMPLATES", tmp_path)
    assert html_params_built_by_joining() == ["bad.html:1: 'Assign<span>' ~ case.reference ~ '</span>'"]
