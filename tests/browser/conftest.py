"""Browser fixtures: the app served over real HTTP, Debian's chromium driven by
Playwright, and axe-core run on the pages a journey visits.

The live server serves the same `app` object as tests/conftest.py, so it uses the
same database (SQLite file or PostgreSQL) and the same per-test cleaning. Data made
with `make_user` or `plan` is committed before the browser asks for a page.

tests/browser has an __init__.py so that this file is imported as `browser.conftest`:
without it pytest would register it as the module `conftest` in place of
tests/conftest.py, and `from conftest import ...` in other test modules would break.
"""
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "app" / "assets" / "node_modules" / "axe-core" / "axe.min.js"
MAIN_CSS = ROOT / "app" / "static" / "css" / "main.css"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # no access log in the test output
        pass


@pytest.fixture(scope="session")
def live_server(app):
    """Base URL of the app served by werkzeug in a daemon thread.

    The `app` fixture sets SERVER_NAME="localhost"; Flask 3.1 only uses that to
    build external URLs (it no longer refuses other hosts unless subdomain
    matching is on), and the app's redirects are relative, so 127.0.0.1 works.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed: run `sudo apt-get install chromium` (make test does this when run as root)")
    for needed, how in ((AXE_JS, "npm --prefix app/assets ci"), (MAIN_CSS, "npm --prefix app/assets run build")):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `{how}`", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser, live_server, **context_options) -> Page:
    # axe-core goes in as an init script: that way the app's Content-Security-Policy
    # stays enforced (no bypass_csp), so a CSP violation shows up as a console error.
    context = browser.new_context(base_url=live_server, **context_options)
    context.set_default_timeout(5_000)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.javascript = context_options.get("java_script_enabled", True)
    page.requests = []  # every URL the page asked for
    page.problems = []  # JavaScript errors, console errors (CSP included), failed sub-resources
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.problems.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda msg: msg.type == "error"
        and not msg.text.startswith("Failed to load resource")  # reported by status below
        and page.problems.append(f"console error: {msg.text}"),
    )
    page.on(
        "response",
        lambda response: response.status >= 400
        and response.request.resource_type != "document"
        and page.problems.append(f"{response.status} for {response.url}"),
    )
    return page


@pytest.fixture
def new_page(browser, live_server):
    """Factory for extra pages with their own context options (e.g. java_script_enabled=False)."""
    contexts = []

    def make(**context_options) -> Page:
        page = _new_page(browser, live_server, **context_options)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page(viewport={"width": 1024, "height": 768})


@pytest.fixture
def phone(new_page) -> Page:
    return new_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True, device_scale_factor=2)


def run_axe(page: Page, context: str = "") -> None:
    """Run axe-core on the page as it is now; fail on any violation."""
    # With JavaScript off the page's timers never fire, so axe.run would never finish.
    assert page.javascript, "axe needs JavaScript: run it in a context with JavaScript on"
    page.wait_for_load_state("load")
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = results["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {page.url}{' (' + context + ')' if context else ''}:"]
        for v in violations:
            lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"]:
                lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
                lines.append(f"      {node['html'][:200]}")
        pytest.fail("\n".join(lines), pytrace=False)


def check_only_local_requests(page: Page, live_server: str) -> None:
    """Nothing was fetched from any host but the live server; no JavaScript, console
    (CSP included) or sub-resource errors."""
    local = urlsplit(live_server).netloc
    outside = [
        url for url in page.requests
        if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != local
    ]
    assert not outside, f"requests to other hosts: {outside}"
    assert not page.problems, "problems while loading pages:\n" + "\n".join(page.problems)


def check_no_horizontal_scroll(page: Page) -> None:
    """The page is no wider than the viewport; only .app-table-wrapper may scroll sideways."""
    width = page.viewport_size["width"]
    overflow = page.evaluate(
        """(width) => {
            const wide = [];
            for (const el of document.body.querySelectorAll('*')) {
                if (el.closest('.app-table-wrapper')) continue;
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 0.5) wide.push(el.outerHTML.slice(0, 120));
            }
            return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
        }""",
        width,
    )
    assert overflow["scrollWidth"] <= width, (
        f"{page.url} scrolls sideways at {width}px (scrollWidth {overflow['scrollWidth']}); too wide: {overflow['wide']}"
    )


def do_sign_in(page: Page, email: str, password: str) -> None:
    """Fill in the sign-in form (going to it unless the page is already there) and submit it."""
    if urlsplit(page.url).path != "/sign-in":
        page.goto("/sign-in")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


# The helpers as fixtures, so test modules need not import this conftest.

@pytest.fixture
def axe():
    """axe(page, context="") runs axe-core on the page and fails on any violation."""
    return run_axe


@pytest.fixture
def assert_only_local_requests(live_server):
    """assert_only_local_requests(page): nothing loaded from another host, no JavaScript errors."""
    return lambda page: check_only_local_requests(page, live_server)


@pytest.fixture
def assert_no_horizontal_scroll():
    return check_no_horizontal_scroll


@pytest.fixture
def sign_in():
    """sign_in(page, email, password) through the sign-in form."""
    return do_sign_in
