"""Files administrators paste or upload are bounded (issue 11, finding 9): a YAML alias
bomb, a deeply nested list, a huge CSV cell or hundreds of thousands of bad rows get a
clear 400 that quotes no huge value, never a server error or a page of megabytes."""
import io
import time
import tracemalloc

import pytest
from audits.conftest import make_team  # noqa: F401
from conftest import error_messages, page

from app.core.datafile import MAX_DEPTH, MAX_NODES, DataFileError, load_yaml
from app.core.versioned_text import plain_load


def alias_bomb() -> str:
    """The 'billion laughs': 9 levels of 9 aliases, nine to the ninth 'lol's, in 365 bytes."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for previous, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = "\n".join(lines) + "\nkey: x\n"
    return text


BOMB = alias_bomb()
DEEP = "key: x\nlist: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_BLOCK = "key: x\nlist:\n" + "".join("  " * i + "- \n" for i in range(1, 200))


def test_the_bomb_is_small():
    assert len(BOMB.encode()) < 400


@pytest.mark.parametrize("text, words", [
    (BOMB, f"more than {MAX_NODES:,} values"),
    (DEEP, f"nested more than {MAX_DEPTH} deep"),
    (DEEP_BLOCK, f"nested more than {MAX_DEPTH} deep"),
    ("a: &a [1, *a]\n", "an alias refers to the anchor it is inside"),
])
def test_yaml_over_its_bounds_is_refused_quickly_in_little_memory(text, words):
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(DataFileError) as refused:
        load_yaml(text, "pasted.yaml", {"type": "object"})
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [problem] = refused.value.problems
    assert words in problem and len(problem) < 200
    # A blow-up guard, not a speed claim: the bomb expanded would take minutes and gigabytes.
    # (Deep flow lists cost the YAML scanner time in the square of their depth: about 0.5 s
    # for 5,000, several times that on a busy machine.)
    assert seconds < 15 and peak < 20 * 1024 * 1024
    assert plain_load(text) is None


def test_a_few_honest_aliases_still_load():
    assert load_yaml("a: &x {b: 1}\nc: *x\n", "ok.yaml", {"type": "object"}) == {"a": {"b": 1}, "c": {"b": 1}}


def test_messages_never_quote_an_expanded_value():
    text = "a: &a [" + ",".join(['"' + "x" * 100 + '"'] * 50) + "]\nb: [" + ",".join(["*a"] * 50) + "]\n"
    with pytest.raises(DataFileError) as refused:
        load_yaml(text, "big.yaml", {"type": "object", "properties": {"b": {"type": "string"}}})
    assert all(len(p) <= 500 for p in refused.value.problems)
    assert len(str(refused.value)) < 3000


@pytest.fixture
def admin(client, make_user):
    client.sign_in(make_user("admin"))
    return client


@pytest.mark.parametrize("url", ["/admin/audit-tools/import", "/admin/questionnaires/import"])
@pytest.mark.parametrize("text", [BOMB, DEEP], ids=["alias bomb", "5,000 deep"])
def test_pasting_a_bomb_into_an_import_is_a_short_400(admin, url, text):
    response = admin.submit(url, {"text": text})
    assert response.status_code == 400
    assert len(response.data) < 60_000
    assert any("nothing was loaded" in message for message in error_messages(response))


def csv_upload(client, url: str, content: bytes):
    return client.submit(url, {"file": (io.BytesIO(content), "file.csv")}, content_type="multipart/form-data")


HUGE_CELL = b"kpi,period,value\n" + b'"' + b"9" * (9_500_000) + b'",Q1 2018-19,5\n'


@pytest.mark.parametrize("url, content", [
    ("/plan/figures/import", HUGE_CELL),
    ("/plan/figures/import", b'"' + b"k" * 9_500_000 + b'",period,value\n'),
    ("/admin/cases/import", b"reference,service_type,team,district,start_date\n" + b'"' + b"R" * 9_500_000 + b'",CP,A,Eden,01/01/2026\n'),
])
def test_a_95_megabyte_csv_cell_is_a_short_400(admin, url, content):
    response = csv_upload(admin, url, content)
    assert response.status_code == 400
    assert len(response.data) < 60_000
    assert "is longer than 131,072 characters" in page(response).get_text()


@pytest.mark.parametrize("url, header", [
    ("/plan/figures/import", b"kpi,period,value\n"),
    ("/admin/cases/import", b"reference,service_type,team,district,start_date\n"),
])
def test_a_long_cell_is_named_without_its_text(admin, url, header):
    response = csv_upload(admin, url, header + b"x" * 5000 + b",Q1 2018-19,5\n")
    assert response.status_code == 400
    assert "this cell is longer than 2,000 characters" in page(response).get_text()
    assert b"x" * 300 not in response.data


def test_many_bad_case_rows_show_the_first_50_and_how_many(admin):
    rows = b"".join(b"R%d,XX,No team,Nowhere,99/99/9999\n" % i for i in range(50_000))
    response = csv_upload(admin, "/admin/cases/import", b"reference,service_type,team,district,start_date\n" + rows)
    assert response.status_code == 400
    soup = page(response)
    assert len(soup.select("#problems tbody tr")) == 50
    title = soup.select_one(".govuk-error-summary__title").get_text(strip=True)
    assert title.startswith("Nothing was imported: the file has 200,000 problems")
    assert "199,950 more problems not listed" in soup.select_one("#problems-more").get_text()
    assert len(response.data) < 100_000


@pytest.mark.parametrize("url", ["/plan/figures/import", "/admin/cases/import"])
def test_a_header_of_millions_of_columns_is_refused_at_once(admin, url):
    tracemalloc.start()
    response = csv_upload(admin, url, b"a," * 4_000_000 + b"a\n1\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 400
    assert "the header row has 4,000,001 columns; a file can have at most 50" in page(response).get_text()
    assert len(response.data) < 60_000
    assert peak < 400 * 1024 * 1024
