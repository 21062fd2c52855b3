"""Light on the wire, as the product serves it (issue 14): static files under names with a
hash of their content, cached for a year, sent compressed as the browser asks; the
respondent's HTML compressed too; staff pages not (app/core/static_files.py)."""
import gzip
import re

import brotli
from conftest import page, static_url

from app.core import static_files


def test_pages_link_static_files_by_a_hashed_name(client):
    href = page(client.get("/q")).select_one("link[rel=stylesheet]")["href"]
    assert re.fullmatch(r"/static/css/respondent\.[0-9a-f]{12}\.css", href)
    assert href == static_url("css/respondent.css")


def test_a_hashed_file_is_cached_for_a_year_and_compressed_when_asked(client, app):
    url = static_url("css/respondent.css")
    plain = (app.static_folder + "/css/respondent.css")
    with open(plain, "rb") as f:
        original = f.read()

    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert brotli.decompress(response.data) == original
    assert len(response.data) < len(original) / 5
    assert response.headers["X-Content-Type-Options"] == "nosniff"

    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(gzipped.data) == original
    neither = client.get(url)
    assert "Content-Encoding" not in neither.headers and neither.data == original


def test_the_plain_name_still_works_briefly_cached(client):
    response = client.get("/static/css/respondent.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=60, public"


def test_the_name_changes_with_the_content():
    assert static_files.hashed_name("css/a.css", b"one") != static_files.hashed_name("css/a.css", b"two")
    assert static_files.hashed_name("css/a.css", b"one").startswith("css/a.")


def test_respondent_pages_are_compressed_when_asked(client):
    br = client.get("/q/help", headers={"Accept-Encoding": "gzip, br"})
    assert br.headers["Content-Encoding"] == "br"
    assert b"Get help now" in brotli.decompress(br.data)
    assert br.headers["Cache-Control"] == "no-store"  # pages are never kept
    gz = client.get("/q/help", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and b"Get help now" in gzip.decompress(gz.data)
    assert "Content-Encoding" not in client.get("/q/help").headers


def test_staff_pages_are_not_compressed(client):
    response = client.get("/sign-in", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
