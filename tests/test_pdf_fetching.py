"""PDFs fetch nothing: not the addresses a case reference names, not internal services, not
local files. Only the product's own static files, through app.core.pdf.StaticFilesOnly."""
import io
import socket
import threading

import pytest
from audits.conftest import make_audit, make_case, make_team, publish_tool  # noqa: F401
from moderation.helpers import submitted_audit
from pypdf import PdfReader

from app.core import pdf


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            connections.append(conn.recv(2048))
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nSECRET-FROM-INSIDE")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def fetchers(monkeypatch):
    """Every fetcher a PDF is made with, to read what it was asked for."""
    made = []
    real_init = pdf.StaticFilesOnly.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(pdf.StaticFilesOnly, "__init__", init)
    return made


def text_and_attachments(data: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return text, list(reader.attachments)


def references(port: int) -> list[str]:
    """Case references (at most 40 characters, as the case file holds them) that try to
    make the PDF fetch something: "//127.1:port" is the listener, by the base URL's scheme."""
    found = [
        "</style><a rel=attachment href=/x>s</a>",
        f"<img src=http://127.0.0.1:{port}/x>",
        f'";}}@import"//127.0.0.1:{port}/c";x{{',
        f"<link rel=stylesheet href=//127.1:{port}>",
        f"<a rel=attachment href=//127.1:{port}>",
    ]
    assert all(len(r) <= 40 for r in found), found
    return found


@pytest.mark.parametrize("which", range(5))
def test_a_case_reference_in_the_audit_pdf_is_text_and_fetches_nothing(client, make_user, make_audit, make_case,
                                                                       listener, fetchers, which):
    port, connections = listener
    reference = references(port)[which]
    audit, _ = submitted_audit(make_audit, make_user("auditor"), case=make_case(reference=reference))
    client.sign_in(make_user("admin"))
    response = client.get(f"/audits/{audit.id}/audit.pdf")
    assert response.status_code == 200
    text, attachments = text_and_attachments(response.data)
    assert connections == []
    assert [f.requested for f in fetchers] == [[]]
    assert attachments == []
    assert "SECRET-FROM-INSIDE" not in text
    squashed = "".join(text.split())  # PDF text breaks long words across lines
    assert "".join(f"Audit of case {reference}".split()) in squashed, "the reference is shown as the text it is"
    assert "".join(f"Case audit: {reference}".split()) in squashed, "and in the page header, from the <style> block"
    assert "filename=\"audit-" in response.headers["Content-Disposition"]


def test_the_fetcher_refuses_every_address_but_our_static_files(listener, tmp_path):
    port, connections = listener
    static = tmp_path / "static"
    (static / "images").mkdir(parents=True)
    (static / "images" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')
    (tmp_path / "secret.txt").write_text("SECRET-FILE")
    (static / "images" / "out").symlink_to(tmp_path / "secret.txt")
    html = f"""<html><head><link rel=stylesheet href=http://127.0.0.1:{port}/a.css></head><body>
      <p>Hello</p>
      <img src="http://127.0.0.1:{port}/img">
      <img src="https://127.0.0.1:{port}/img2">
      <a rel=attachment href="/x">x</a>
      <a rel=attachment href="file://{tmp_path}/secret.txt">f</a>
      <a rel=attachment href="/static/../secret.txt">d</a>
      <a rel=attachment href="/static/%2e%2e/secret.txt">e</a>
      <a rel=attachment href="/static/images/out">l</a>
      <img src="ftp://127.0.0.1:{port}/f">
      <img src="/static/images/dot.svg">
    </body></html>"""
    fetcher = pdf.StaticFilesOnly(static)
    data = pdf.write_pdf(html, fetcher=fetcher)
    text, attachments = text_and_attachments(data)
    assert connections == []
    assert attachments == []
    assert "SECRET" not in text
    assert f"{pdf.BASE_URL}static/images/dot.svg" in fetcher.requested
    assert fetcher.static_file(f"{pdf.BASE_URL}static/images/dot.svg") == (static / "images" / "dot.svg").resolve()
    for url in fetcher.requested:
        if not url.endswith("dot.svg"):
            assert fetcher.static_file(url) is None, url


def test_the_report_pdf_is_made_with_the_same_fetcher():
    from pathlib import Path

    source = (Path(pdf.__file__).resolve().parent.parent / "reports" / "render.py").read_text()
    assert "write_pdf(html, PDF_CSS, pdf_variant=PDF_VARIANT)" in source and "HTML(" not in source


def test_no_pdf_is_made_without_the_fetcher():
    """Any WeasyPrint call outside app/core/pdf.py could fetch addresses again."""
    from pathlib import Path

    app_dir = Path(pdf.__file__).resolve().parent.parent
    users = sorted(str(p.relative_to(app_dir)) for p in app_dir.rglob("*.py")
                   if "weasyprint" in p.read_text(encoding="utf-8") and p.name != "pdf.py")
    assert users == []


def test_css_string_escapes_for_css_not_html():
    from app.core.templating import css_string

    assert css_string('CF-1 "x"</style>') == "CF-1 \\000022x\\000022\\00003c/style\\00003e"
    assert css_string(None) == ""
