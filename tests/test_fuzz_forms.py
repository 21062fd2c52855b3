"""Every form in the product, fuzzed (Hypothesis): whatever a person or a script types into
any field of any POST route, signed in with every role, the answer is a page (a 2xx, 3xx
or 4xx with a message), never a server error. The fields are read from each page's own
form, so a form added later is fuzzed too; the route list is the app's URL map.

The values are what breaks forms in practice: empty and blank text, very long text, NUL
and other control characters, right-to-left and emoji text, numbers too big for any
column, impossible dates, markup and SQL-looking text. Deterministic (`derandomize`), so a
failure repeats; the failing route and values are in the assertion message.
"""
import io
import re

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.auth.roles import ROLES
from app.core.db import db

# Routes that end the session or are fuzzed elsewhere: signing out would sign the fuzzer out.
SKIP = {"auth.sign_out", "auth.sign_in", "auth.change_password"}

AWKWARD = [
    "", " ", "0", "-1", "1.5", "99999999999999999999999", "1e309", "NaN", "2026-02-30", "30/02/2026",
    "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "a\x00b", "\u202eevil", "😀" * 20, "x" * 5000,
    "yes", "no", "agree", "good", "inadequate", "finalise", "return", "on", "true", "1", "2", "3",
]
values = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=40), st.integers(-10**12, 10**12).map(str))


def _fields(html: bytes, path: str) -> tuple[dict[str, list[str]], set[str]]:
    """The names (with the values a person could choose) of the form that posts to `path`,
    and which of them are file uploads. Any form on the page when none names the path."""
    soup = BeautifulSoup(html, "html.parser")
    forms = [f for f in soup.find_all("form") if (f.get("method") or "get").lower() == "post"]
    mine = [f for f in forms if (f.get("action") or path).split("?")[0] == path] or forms
    names: dict[str, list[str]] = {}
    files: set[str] = set()
    for form in mine:
        for field in form.find_all(["input", "select", "textarea", "button"]):
            name = field.get("name")
            if not name or name == "csrf_token":
                continue
            choices = names.setdefault(name, [])
            if field.name == "select":
                choices += [o.get("value", o.text) for o in field.find_all("option")]
            elif field.get("value") is not None:
                choices.append(field["value"])
            if field.get("type") == "file":
                files.add(name)
    return names, files


def _route_values(app) -> dict[str, list[str]]:
    """Real values for the URL's parts, so most requests reach the form behind the route."""
    from app.audits.models import AuditTool
    from app.feedback.models import Invite, Questionnaire

    tool = db.session.scalar(select(AuditTool).where(AuditTool.key == "case_file_audit"))
    questions = [q.key for _, q in tool.published.definition.all_questions()][:2] if tool and tool.published else ["x"]
    questionnaire = db.session.scalar(select(Questionnaire.key).limit(1)) or "x"
    codes = list(db.session.scalars(select(Invite.code).limit(2))) or ["NOPE"]
    return {"key": ["case_file_audit", questionnaire], "question_key": questions, "token": codes + ["x"],
            "code": codes + ["ZZZZ-ZZZZ"]}


def _url(rule, strings: dict[str, list[str]], draw_int, draw_str) -> str:
    url = rule.rule
    for name, converter in rule._converters.items():
        if converter.__class__.__name__ == "IntegerConverter":
            value = draw_str(strings[name]) if name in strings else str(draw_int())
        else:
            value = draw_str(strings.get(name, ["x"]))
        url = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + ">", value, url)
    return url


def test_no_form_gives_a_server_error_whatever_is_typed(app, client, make_user):
    from app.demo import load_demo

    seeded = app.test_cli_runner().invoke(args=["seed"])  # places, the plan, audit tools, questionnaires
    assert seeded.exit_code == 0, seeded.output
    load_demo(seed=7)
    me = make_user(*ROLES)  # every role, so every route's form is reachable
    client.sign_in(me)
    strings = _route_values(app)
    # Some audits to fill in as their auditor, so the audit form's routes are reached too.
    from app.audits.models import Audit

    mine = db.session.scalars(select(Audit).where(Audit.state == "not_started").order_by(Audit.id).limit(3)).all()
    for audit in mine:
        audit.auditor_id = me.id
    db.session.commit()
    strings["audit_id"] = [str(a.id) for a in mine] + ["1"]
    failures = []
    routes = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in SKIP),
                    key=lambda r: r.rule)
    assert len(routes) > 40, "the URL map should have the product's forms"
    token = client.csrf_token()  # tied to the session, so one serves every form

    for rule in routes:
        _fuzz_route(client, token, rule, strings, failures)
        db.session.rollback()
    assert failures == []


def _fuzz_route(client, token, rule, strings, failures) -> None:
    """A few examples of one route's form; a server error is added to `failures`.

    The form's fields are read once, before Hypothesis draws anything, so every example
    draws the same things in the same order whatever earlier examples saved."""
    urls = sorted({_url(rule, strings, lambda i=i: i, lambda xs, i=i: xs[i % len(xs)]) for i in range(1, 7)})
    names, files = {}, set()
    if "GET" in rule.methods:
        for url in urls:
            shown = client.get(url)
            if shown.status_code >= 500:
                failures.append(f"GET {url}: {shown.status_code}")
            elif shown.status_code == 200:
                names, files = _fields(shown.data, url)
                break
    if not names:
        names = {"text": [], "reason": [], "note": [], "action": ["finalise", "return"]}

    @settings(max_examples=6, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(url=st.sampled_from(urls), data=st.data())
    def fuzz(url, data):
        form = {"csrf_token": token}
        for name, choices in sorted(names.items()):
            if data.draw(st.booleans()):
                continue  # a field left out altogether, as a script might
            chosen = data.draw(st.sampled_from(choices) if choices and data.draw(st.booleans()) else values)
            form[name] = (io.BytesIO(chosen.encode("utf-8", "surrogatepass")), "upload.csv") if name in files else chosen
        extra = {"content_type": "multipart/form-data"} if files else {}
        response = client.post(url, data=form, **extra)
        if response.status_code >= 500:
            failures.append(f"POST {url} {sorted(form)}: {response.status_code}")

    fuzz()
