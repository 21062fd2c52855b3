"""The attacker: every view a person can get of the same hand-made data, every pair.

Hand-made data for 2025-26 (and the quarter before) with small groups everywhere: a team
with 3 children in one quarter and 2 in another, a district with 3 and 4, a campaign of 4
parents, 3 invites answered, 2 comments on a theme, 2 alerts. Then every view is produced:
the report (HTML tables and CSV) for the county, each locality and each district, for each
quarter, both halves and the year; the feedback results page staff see for the county and
each district and period, with its district and team rows and the period before; and each
campaign's results page. Every count of people shown is kept with the people it covers
(the campaign, team, district and quarter it is drawn from).

The check: for the same count of the same thing (a statement's answers counted, a
measure's people, an answer category, responses, invites answered, a theme's comments,
alerts), whenever one view covers a part of another's people, the larger less the smaller,
and less any two other views inside it that do not overlap, is never 1 to 4; and two views
of the very same people show the same number. Shares are not checked: a share is shown
from at least 5 people, and a group's share may be worked out (as before).
"""
import csv
import io
import itertools
import re
from collections import defaultdict
from datetime import datetime

import pytest
from conftest import page
from sqlalchemy import select

from app.core.db import db
from app.core.periods import HALF, QUARTER, YEAR, Period
from app.feedback.rules import AUDIENCES
from app.feedback.models import Campaign, CommentTag, CommentTheme, Invite, Response
from app.feedback.questionnaire_service import questionnaire_by_key, seed_questionnaires
from app.org.models import District, Locality, Team
from app.plan.models import ImpactMeasure, Recommendation
from app.safeguarding.models import Alert
from reports.conftest import NOW

TH = 5
FY = 2025
QUARTERS = [Period.make(QUARTER, FY - 1, 4)] + [Period.make(QUARTER, FY, n) for n in (1, 2, 3, 4)]
VIEW_PERIODS = [Period.make(QUARTER, FY, n) for n in (1, 2, 3, 4)] + [
    Period.make(HALF, FY, 1), Period.make(HALF, FY, 2), Period.make(YEAR, FY)]

# Children per (team, quarter index into QUARTERS): small groups on purpose.
CHILDREN = {
    "Carlisle A": [5, 6, 7, 5, 8],
    "Carlisle B": [0, 3, 6, 0, 2],
    "Eden E": [2, 3, 5, 4, 6],
    "Allerdale D": [0, 5, 1, 6, 7],
}
PARENTS = {"Carlisle A": [0, 5, 2, 6, 0], "Eden E": [0, 0, 6, 0, 3], "Allerdale D": [0, 0, 0, 5, 5]}
EARLY_HELP = {"Eden E": [0, 0, 4, 0, 0], "Allerdale D": [0, 0, 0, 6, 0]}
FACES = ["happy", "happy", "middle", "sad", "happy", "middle", "happy"]
AGREE = ["agree", "strongly_agree", "disagree", "agree", "dont_know", "agree", "neither"]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    from app.reports import services

    monkeypatch.setattr(services, "utcnow", lambda: NOW)


@pytest.fixture
def made(app, places, make_user):
    admin = make_user("admin", email="attack.admin@example.org", name="Ada Admin")
    seed_questionnaires()
    district = {d.name: d for d in db.session.scalars(select(District))}
    teams = {name: Team(name=name, district=district[name.split()[0]], service_area="safeguarding")
             for name in CHILDREN}
    db.session.add_all(teams.values())
    r1 = Recommendation(number=1, title="Children and families are heard.", short_title="Heard")
    db.session.add_all([r1, *[
        ImpactMeasure(recommendation=r1, kind="feedback", position=i, seed_key=key, frequency="six_monthly", text=text)
        for i, (key, text) in enumerate([("r1-fm3", "Children say they feel listened to"),
                                         ("r1-fm1", "Families understand the early help process"),
                                         ("r2-fm1", "Children and families understand their plan")])]])

    def campaign(key):
        q = questionnaire_by_key(key)
        c = Campaign(name=f"{q.title} (attack)", questionnaire_version=q.published, period_start=QUARTERS[0].start,
                     period_end=QUARTERS[-1].end, created_by_id=admin.id)
        db.session.add(c)
        return c

    children, parents, early_help = campaign("children_feedback"), campaign("parents_carers_feedback"), campaign(
        "parents_early_help")
    db.session.flush()
    keys = itertools.count(1)
    made_responses = defaultdict(list)  # (campaign, team, quarter index) -> responses

    def respond(c, team, qi, answers, invite=None):
        day = QUARTERS[qi].start.replace(day=10)
        r = Response(campaign_id=c.id, team_id=teams[team].id, district_id=teams[team].district_id, invite=invite,
                     submitted_at=datetime(day.year, day.month, day.day, 12), idempotency_key=f"attack-{next(keys)}",
                     answers=answers, free_text={"better": "Something"})
        db.session.add(r)
        made_responses[(c.id, team, qi)].append(r)

    for team, counts in CHILDREN.items():
        for qi, n in enumerate(counts):
            for i in range(n):
                answers = {"listened-to": FACES[(i + qi) % 7], "home-calmer": FACES[(i * 3 + qi) % 7]}
                if i % 3 != 1:
                    answers["safe-home"] = FACES[(i + 2) % 7]
                respond(children, team, qi, answers)
    for team, counts in PARENTS.items():
        for qi, n in enumerate(counts):
            # Invites handed out by the team in the quarter: 8 in Carlisle A's Q2, 3 answered there.
            invites = [Invite(campaign=parents, code=f"AT{qi}{team[:2]}{i:03d}", issued_by_id=admin.id,
                              team_id=teams[team].id, created_at=datetime(QUARTERS[qi].start.year,
                                                                          QUARTERS[qi].start.month, 2, 9))
                       for i in range(n + 2)]
            db.session.add_all(invites)
            for i in range(n):
                respond(parents, team, qi, {"understand-plan": AGREE[(i + qi) % 7], "plan-fits-needs": AGREE[(i + 3) % 7]},
                        invites[i] if i < 3 + qi % 2 * 3 else None)
    for team, counts in EARLY_HELP.items():
        for qi, n in enumerate(counts):
            for i in range(n):
                respond(early_help, team, qi, {"understood-process": AGREE[i % 7]})
    db.session.flush()
    # Comment themes: 6 in Carlisle A's Q1, 2 in Eden's Q1, 5 in Allerdale's Q3, 3 in Carlisle B's Q3.
    listened = CommentTheme(name="Being listened to")
    db.session.add(listened)
    for (c, team, qi), n in [((children.id, "Carlisle A", 1), 6), ((children.id, "Eden E", 1), 2),
                             ((children.id, "Allerdale D", 3), 5), ((children.id, "Carlisle B", 2), 3)]:
        for r in made_responses[(c, team, qi)][:n]:
            db.session.add(CommentTag(response_id=r.id, question_key="better", theme=listened))
    # Alerts: 5 in Carlisle A's Q2 (4 acknowledged, 2 passed on), 2 in Eden's Q2, 3 in Allerdale's Q4.
    for team, qi, n in [("Carlisle A", 2, 5), ("Eden E", 2, 2), ("Allerdale D", 4, 3)]:
        for i, r in enumerate(made_responses[(children.id, team, qi)][:n]):
            at = r.submitted_at
            db.session.add(Alert(response_id=r.id, campaign_id=children.id, team_id=teams[team].id, raised_at=at,
                                 acknowledged_at=at.replace(hour=14) if i < 4 else None, escalation_level=i % 2))
    db.session.commit()
    return {"admin": admin, "teams": teams, "districts": district, "campaigns": [children, parents, early_help]}


# --- Who each view covers ------------------------------------------------------------------


class Universe:
    """Every (campaign, team, quarter) the data could hold; a view covers a set of them."""

    def __init__(self, made):
        self.campaigns = [c.id for c in made["campaigns"]]
        self.team_district = {t.id: t.district_id for t in made["teams"].values()}
        self.atoms = frozenset(itertools.product(self.campaigns, self.team_district, range(len(QUARTERS))))

    def cover(self, *, districts=None, team=None, period=None, campaign=None) -> frozenset:
        return frozenset(
            (c, t, qi) for c, t, qi in self.atoms
            if (districts is None or self.team_district[t] in districts) and (team is None or t == team)
            and (period is None or period.start <= QUARTERS[qi].start <= period.end)
            and (campaign is None or c == campaign))


# The counts of people in each report table (audit tables count cases: not these).
COLUMNS = {
    "statements": ("Answers counted",), "rec": ("Number behind it",),
    "responses-by-audience": ("Responses", "Invites answered"), "responses-by-campaign": ("Responses", "Invites answered"),
    "comment-themes": ("Comments",), "safeguarding-alerts": ("Value",),
}


def number(text: str) -> int | None:
    text = str(text).replace(",", "").strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


FIG = re.compile(r"\(n (\d+)(?: answers from (\d+) people)?")


def fig_counts(text: str):
    """(answers, people) from the results page's figure words, or None when not shown."""
    m = FIG.search(text)
    if not m:
        return None
    return int(m[1]), int(m[2] or m[1])


def collect(client, made) -> list[tuple[tuple, frozenset, int, str]]:
    """(what is counted, who it covers, the number, where it was seen) for every count shown."""
    u = Universe(made)
    shown = []
    districts = {d.name: d for d in made["districts"].values()}
    localities = {loc.name: {d.id for d in loc.districts} for loc in db.session.scalars(select(Locality))}
    areas = [("county", None)] + [(f"locality:{db.session.scalar(select(Locality.id).where(Locality.name == n))}", ids)
                                  for n, ids in localities.items()]
    areas += [(f"district:{d.id}", {d.id}) for d in districts.values()]
    for period in VIEW_PERIODS:
        for area, ids in areas:
            where = f"{period.label} {area}"
            cover = u.cover(districts=ids, period=period)
            query = f"period={period.label.replace(' ', '+')}&area={area}"
            soup = page(client.get(f"/reports/draft?{query}"))
            for table in soup.select("table[id^=table-]"):
                tid = table["id"].removeprefix("table-")
                head = [th.get_text(" ", strip=True) for th in table.thead.select("th")]
                for tr in table.tbody.select("tr"):
                    cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
                    if len(cells) != len(head):
                        continue  # a row that says there is nothing to show
                    for col in COLUMNS.get(tid if not tid.startswith("rec-") else "rec", ()):
                        if col in head and (n := number(cells[head.index(col)])) is not None:
                            label = cells[0]
                            if tid.startswith("rec-") and "Feedback" not in cells[1]:
                                continue  # audits: cases, not people
                            if tid == "safeguarding-alerts" and "Median" in cells[0]:
                                continue
                            key = (tid, col, label)
                            if tid.startswith("rec-"):  # "Feedback 1.1 (Children (about 8 to 12)): Children say ..."
                                audience_words, _, text = label.partition(" (")[2].rpartition("): ")
                                key = ("measure-people", audience_words, text)
                            shown.append((key, cover, n, f"report {where} {tid}"))
            for tid in ("statements", "responses-by-audience", "responses-by-campaign", "comment-themes"):
                rows = list(csv.reader(io.StringIO(client.get(f"/reports/draft/tables/{tid}.csv?{query}")
                                                   .get_data(as_text=True))))
                head = rows[0]
                for row in rows[1:]:
                    for col in ("Answers counted", "Responses", "Invites answered", "Comments"):
                        if col in head and (n := number(row[head.index(col)])) is not None:
                            label = row[0]
                            shown.append(((tid, col, label), cover, n, f"csv {where} {tid}"))
        # The results page staff see: the county and each district, with district and team rows.
        for name, ids in [("county", None)] + [(d.name, {d.id}) for d in districts.values()]:
            district_arg = "" if ids is None else f"&district={next(iter(ids))}"
            soup = page(client.get(f"/feedback/results?period={period.label.replace(' ', '+')}{district_arg}"))
            previous = period.previous()
            where = f"results page {period.label} {name}"
            for audience in ("children", "parents_carers"):
                text = soup.select_one(f"#responses-{audience}")
                if text is None:
                    continue
                found = re.findall(r"Fewer than \d+ responses \(not shown\)|(\d+) responses?", text.get_text(" ", strip=True))
                for n, p in zip(found, (period, previous)):
                    if n:
                        shown.append((("responses-by-audience", "Responses", AUDIENCES[audience]),
                                      u.cover(districts=ids, period=p), int(n), where))
                for tr in soup.select(f"#measures-{audience} tbody tr"):
                    key = tr.th.get_text(" ", strip=True).split()[0]
                    thing = ("measure-people", AUDIENCES[audience], tr.th.span.get_text(" ", strip=True) if tr.th.span else key)
                    for td, p in zip(tr.select("td")[:2], (period, previous)):
                        if (c := fig_counts(td.get_text(" ", strip=True))):
                            shown.append((thing, u.cover(districts=ids, period=p), c[1], where))
                    for kind in ("district", "team"):
                        for row in soup.select(f"#{kind}-{audience}-{key} tbody tr"):
                            row_name = row.th.get_text(" ", strip=True)
                            if kind == "district":
                                row_ids = {d.id for d in districts.values() if d.name == row_name}
                                covers = [u.cover(districts=row_ids, period=p) for p in (period, previous)]
                            else:
                                team = made["teams"][row_name]
                                covers = [u.cover(districts=ids, team=team.id, period=p) for p in (period, previous)]
                            for td, c_ in zip(row.select("td"), covers):
                                if (c := fig_counts(td.get_text(" ", strip=True))):
                                    shown.append((thing, c_, c[1], f"{where} {kind} row"))
            for table in soup.select("table[id^=statement-]"):
                skey = table["id"].removeprefix("statement-")
                head = [th.get_text(" ", strip=True) for th in table.thead.select("th")]
                tds = [td.get_text(" ", strip=True) for td in table.tbody.select("td")]
                text = table.caption.get_text(" ", strip=True).split(" (")[0]
                if (c := fig_counts(tds[-2])):
                    shown.append((("statements", "Answers counted", text), u.cover(districts=ids, period=period), c[0], where))
                if (c := fig_counts(tds[-1])):
                    shown.append((("statements", "Answers counted", text), u.cover(districts=ids, period=previous), c[0], where))
                for label, value in zip(head[:-2], tds[:-2]):
                    if (n := number(value)) is not None:
                        shown.append((("category", skey, label), u.cover(districts=ids, period=period), n, where))
            for li in soup.select("#theme-counts li"):
                theme, _, rest = li.get_text(" ", strip=True).partition(": ")
                if (m := re.match(r"(\d+) comment", rest)):
                    shown.append((("comment-themes", "Comments", theme), u.cover(districts=ids, period=period), int(m[1]), where))
    # Each campaign's results page: all of its people, every quarter.
    for c in made["campaigns"]:
        soup = page(client.get(f"/feedback/campaigns/{c.id}/results"))
        cover = u.cover(campaign=c.id)
        rate = {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
                for row in soup.select("#response-rate .govuk-summary-list__row")}
        m = re.match(r"(\d+) \((\d+) from invites\)", rate["Responses"])
        shown.append((("responses-by-campaign", "Responses", c.name), cover, int(m[1]), "campaign page"))
        shown.append((("responses-by-campaign", "Invites answered", c.name), cover, int(m[2]), "campaign page"))
        for table in soup.select("table[id^=statement-]"):
            text = table.caption.get_text(" ", strip=True).split(" (")[0]
            rows = {tr.th.get_text(" ", strip=True): tr.td.get_text(" ", strip=True) for tr in table.select("tr") if tr.th and tr.td}
            if (n := number(rows.get("Answers counted", ""))) is not None:
                shown.append((("statements", "Answers counted", text), cover, n, "campaign page"))
    return shown


def attack(shown, threshold=TH) -> list[str]:
    """Every way found to get a number from 1 to threshold - 1 out of two or three counts of
    the same thing: the larger less one inside it, or less two that do not overlap."""
    found = []
    by_key = defaultdict(dict)  # key -> cover -> (number, where)
    for key, cover, n, where in shown:
        if not cover:
            continue
        seen = by_key[key].get(cover)
        if seen is not None and seen[0] != n:
            found.append(f"{key}: the same people give {seen[0]} ({seen[1]}) and {n} ({where})")
        by_key[key].setdefault(cover, (n, where))
    small = range(1, threshold)
    for key, views in by_key.items():
        items = list(views.items())
        for big, (n_big, w_big) in items:
            inside = [(c, n, w) for c, (n, w) in items if c < big]
            for c, n, w in inside:
                if n_big - n in small:
                    found.append(f"{key}: {n_big} ({w_big}) less {n} ({w}) = {n_big - n}")
            for (c1, n1, w1), (c2, n2, w2) in itertools.combinations(inside, 2):
                if not c1 & c2 and n_big - n1 - n2 in small:
                    found.append(f"{key}: {n_big} ({w_big}) less {n1} ({w1}) and {n2} ({w2}) = {n_big - n1 - n2}")
    return found


def test_no_small_number_can_be_had_by_subtracting_any_views(client, made):
    client.sign_in(made["admin"])
    shown = collect(client, made)
    kinds = {key[0] for key, *_ in shown}
    # every kind of count was seen, from every kind of view
    assert {"statements", "responses-by-audience", "responses-by-campaign", "comment-themes", "safeguarding-alerts",
            "measure-people"} <= kinds, kinds
    # the report's measures and the results page's are the same things, compared with each other
    measures = defaultdict(set)
    for key, _, _, where in shown:
        if key[0] == "measure-people":
            measures[key].add(where.split()[0])
    assert any(places >= {"report", "results"} for places in measures.values()), measures
    assert {w.split()[0] for *_, w in shown} >= {"report", "csv", "results", "campaign"}
    # and many pairs inside each other to try: not an empty check
    pairs = sum(1 for (k1, c1, *_), (k2, c2, *_) in itertools.combinations(shown, 2) if k1 == k2 and c1 < c2)
    assert len(shown) > 1000 and pairs > 10_000, (len(shown), pairs)
    found = attack(shown)
    assert found == [], "\n".join(found[:20])


def test_the_attacker_finds_what_hiding_alone_would_leave():
    """The check itself can fail: the old rule (hide a small district, show the county's
    total) gives it away, and so does a half less a quarter."""
    county, carlisle, eden = frozenset({1, 2}), frozenset({1}), frozenset({2})
    assert attack([(("x",), county, 9, "county"), (("x",), carlisle, 6, "Carlisle")]) == [
        "('x',): 9 (county) less 6 (Carlisle) = 3"]
    half, q1, q2 = frozenset({(1, 1), (1, 2)}), frozenset({(1, 1)}), frozenset({(1, 2)})
    assert attack([(("x",), half, 12, "H1"), (("x",), q1, 8, "Q1"), (("x",), q2, 0, "Q2")]) != []
    assert attack([(("x",), county, 11, "county"), (("x",), carlisle, 6, "Carlisle"), (("x",), eden, 5, "Eden")]) == []
    assert attack([(("x",), frozenset({1, 2, 3}), 17, "all"), (("x",), carlisle, 6, "a"),
                   (("x",), eden, 8, "b")]) == ["('x',): 17 (all) less 6 (a) and 8 (b) = 3"]
