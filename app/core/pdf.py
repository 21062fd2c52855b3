"""PDFs from our own HTML, with WeasyPrint, fetching nothing from anywhere.

WeasyPrint follows whatever a page names: images, stylesheets, and `<a rel=attachment>`
links, which it downloads into the PDF. An audit's text comes partly from imported files
(a case reference is whatever the case management system exported), so a page must never
make the server fetch an address: that would let an imported value read internal services
into a PDF. Every PDF is therefore made with

- a fixed base URL that names no real host (`https://pdf.invalid/`, a reserved name), never
  the request's address, so relative links resolve to nowhere; and
- `StaticFilesOnly`, a URL fetcher that serves files under `app/static/` for URLs under
  `BASE_URL + "static/"` and refuses everything else (any other host, `file:`, `data:`,
  other schemes) without touching the network. It records what was asked for (tests read it).
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
BASE_URL = "https://pdf.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class FetchRefused(ValueError):
    pass


class StaticFilesOnly(URLFetcher):
    def __init__(self, static_dir: Path = STATIC_DIR):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.static_dir = Path(static_dir).resolve()
        self.requested: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        path = self.static_file(url)
        if path is None:
            raise FetchRefused(f"not fetched: only the product's own static files are ({url[:200]})")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def static_file(self, url: str) -> Path | None:
        """The file under the static folder that `url` names, or None."""
        if not url.startswith(STATIC_PREFIX):
            return None
        parts = urlsplit(url)
        if parts.query or parts.fragment or parts.username or parts.password or parts.port:
            return None
        relative = unquote(url[len(STATIC_PREFIX):])
        if not relative or "\\" in relative or "\x00" in relative:
            return None
        path = (self.static_dir / relative).resolve()
        if not path.is_relative_to(self.static_dir) or not path.is_file():
            return None  # ../ out of the folder, a link pointing elsewhere, or nothing there
        return path


def write_pdf(html: str, stylesheet: Path | None = None, fetcher: StaticFilesOnly | None = None, **options) -> bytes:
    """The PDF of `html` (and an optional stylesheet file of ours), fetching only static files.
    `options` go to WeasyPrint's write_pdf: `pdf_variant="pdf/ua-1"` for a tagged PDF."""
    fetcher = fetcher or StaticFilesOnly()
    stylesheets = []
    if stylesheet is not None:
        # Read by us and given as a string, so that it too resolves against BASE_URL.
        stylesheets.append(CSS(string=Path(stylesheet).read_text(encoding="utf-8"), base_url=BASE_URL, url_fetcher=fetcher))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets, **options)
