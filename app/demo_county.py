"""A demo county: about two years of audits, moderation, corrective actions and feedback,
at the size of a real county (`flask --app wsgi demo-data --scale county`).

The story it tells: the share of audits judged Good or Outstanding rises from about 43%
to about 60%; auditors are somewhat generous, so moderators lower some grades, more of
them early on; moderation gets quicker (from over 20 working days to about 10); feedback
slowly becomes more positive. Everything is made up: names from a fixed list, example.org
addresses, cases by reference only (CTY-000001...).

Deterministic: every draw comes from `random.Random` streams made from the seed, and
every time is worked out from `today`, which the caller passes in (the command uses the
day it runs unless given --today). The same seed and the same `today` give the same rows,
apart from password hashes (salted). No wall clock, no global random.

Fast: rows are inserted in bulk (`insert(Model)` with lists of rows), in one transaction.
The rules are the domain's own: judgements from `app.audits.rules.score`, moderation
selection from `app.moderation.rules.select_for_moderation`, what a moderator decides on
from `app.moderation.services.targets`, safety signals from `app.feedback.rules`.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import bindparam, func, insert, select, update
from werkzeug.security import generate_password_hash

from app.audits import branching
from app.audits import rules as audit_rules
from app.audits import sampling

# The small demo's words for evidence and the worker's view, and answers stored as a save stores them.
from app.audits.audit_service import _storable
from app.demo.audits import _EVIDENCE, _TEXT_ANSWERS, _WORKER_VIEWS
from app.audits.models import Audit, AuditRound, AuditTool, Case, CorrectiveAction
from app.auth.models import User, UserRole
from app.auth.roles import ADMIN, AUDITOR, MODERATOR, PRACTITIONER, QA_VIEWER
from app.core.db import db
from app.core.periods import HALF, QUARTER, Period
from app.demo.packs import add_demo_packs
from app.demo.plan import COUNTY_KPI_HISTORY, kpi_figures
from app.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAMS, demo_accounts
from app.feedback import invite_codes
from app.feedback import rules as feedback_rules
from app.feedback.models import Campaign, Invite, Response
from app.feedback.yswd_models import YouSaidWeDid
from app.moderation import rules as moderation_rules
from app.moderation.models import (
    Moderation,
    ModerationDecision,
    ModerationEvent,
    RoundModerationPolicy,
)
from app.moderation.services import OVERALL, targets
from app.org.models import District, Team
from app.plan.models import KpiValue
from app.safeguarding import services as safeguarding
from app.safeguarding.models import Alert, SafeguardingLead

CASE_PREFIX = "CTY-"
BATCH = 1000
O, G, RI, I = audit_rules.OUTSTANDING, audit_rules.GOOD, audit_rules.REQUIRES_IMPROVEMENT, audit_rules.INADEQUATE


@dataclass(frozen=True)
class Scale:
    """How big a county to make. `county` is the real size; `tiny` keeps its proportions
    at a fraction of the rows, for tests."""

    name: str
    audits: int  # submitted audits over two years
    responses: int  # questionnaire responses over two years
    years: int = 2  # how many years of history, at the same yearly volume (the bench's ten years)

    @property
    def total_audits(self) -> float:
        return self.audits * self.years / 2

    @property
    def total_responses(self) -> float:
        return self.responses * self.years / 2


SCALES = {
    "county": Scale("county", audits=6000, responses=30000),
    "tiny": Scale("tiny", audits=360, responses=1200),
}


class AlreadyLoaded(RuntimeError):
    """The demo county is in the database already: loading it again would double it."""


def county_loaded() -> bool:
    return db.session.scalar(select(Case.id).where(Case.reference.like(f"{CASE_PREFIX}%")).limit(1)) is not None


def load_county(seed: int, today: date, scale: Scale = SCALES["county"]) -> dict[str, int]:
    """Add the demo county and return how many rows each of its tables then has. Raises
    AlreadyLoaded if it is there already, RuntimeError if `flask seed` has not been run.
    One transaction: nothing is half saved."""
    from app.audits.tool_service import seed_tools
    from app.feedback.questionnaire_service import seed_questionnaires

    if county_loaded():
        raise AlreadyLoaded("The demo county is loaded already: nothing was added.")
    seed_tools()
    seed_questionnaires()
    story = Story(today, scale.years)
    demo_accounts(story.joined)  # the six accounts of the small demo, to sign in with
    # One stream per part, so a change to one part leaves the others' draws as they were.
    streams = {name: random.Random(f"{seed}:{name}") for name in ("cases", "audits", "moderation", "actions", "feedback", "kpi")}
    try:
        people = add_people(story)
        cases = add_cases(streams["cases"], story, people, scale)
        audits = add_audits(streams["audits"], story, people, cases, scale)
        add_moderation(streams["moderation"], story, people, audits)
        add_corrective_actions(streams["actions"], story, people, audits)
        add_feedback(streams["feedback"], story, people, scale)
        kpi_figures(streams["kpi"], today, COUNTY_KPI_HISTORY)
        add_demo_packs(today)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Team, User, Case, AuditRound, Audit, Moderation, ModerationDecision, ModerationEvent,
                          CorrectiveAction, Campaign, Invite, Response, Alert, YouSaidWeDid, KpiValue)}


# --- Time: the story's clock ----------------------------------------------------------------


class Story:
    """The years told (two unless asked): the half-years before the current one, and the
    current one up to today; and how things stand at a point in them (0 at the start, 1 today)."""

    def __init__(self, today: date, years: int = 2):
        self.today = today
        self.now = datetime.combine(today, time(12))  # nothing happens after midday today
        current = Period.containing(today, HALF)
        self.halves = [current]
        for _ in range(2 * years):
            self.halves.insert(0, self.halves[0].previous())
        self.start = self.halves[0].start
        self.joined = datetime.combine(self.start - timedelta(days=30), time(9))  # teams and people set up
        quarter = Period.containing(self.start, QUARTER)
        self.quarters = []
        while quarter.start <= today:
            self.quarters.append(quarter)
            quarter = quarter.next()

    def elapsed(self, period: Period) -> float:
        """How much of the period has gone by: 1 for a period before today's."""
        return min(1.0, ((min(period.end, self.today) - period.start).days + 1) / ((period.end - period.start).days + 1))

    def progress(self, moment: date | datetime) -> float:
        day = moment.date() if isinstance(moment, datetime) else moment
        return min(1.0, max(0.0, (day - self.start).days / max(1, (self.today - self.start).days)))

    def good_share(self, t: float) -> float:
        """Share of final judgements Good or Outstanding aimed at: from about 43% in the first half-year to about 60%."""
        return 0.40 + 0.20 * t

    def lowered_share(self, t: float) -> float:
        """Share of moderated audits whose overall grade the moderator lowers: generous auditors, learning."""
        return 0.34 - 0.20 * t

    def auditor_good_share(self, t: float, moderated: float = 0.2) -> float:
        """What auditors give, so that after moderation the final share is `good_share`
        (`moderated`: about the share of Good audits moderated, the random part of the policy)."""
        return min(0.95, self.good_share(t) / (1 - moderated * self.lowered_share(t)))

    def working_days_to_moderation(self, t: float) -> float:
        return 22 - 13 * t

    def positive_share(self, t: float) -> float:
        """Feedback: the chance an answer is positive, improving slowly."""
        return 0.62 + 0.10 * t

    def moment(self, rng: random.Random, start: date, end: date) -> datetime:
        """A working-day moment between two dates (inclusive), in office hours, not after now."""
        day = start + timedelta(days=rng.randint(0, max(0, (min(end, self.today) - start).days)))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        day = min(day, self.today)
        at = datetime.combine(day, time(9)) + timedelta(minutes=rng.randrange(8 * 60))
        return min(at, self.now - timedelta(minutes=rng.randrange(1, 120)))


def _insert(model, rows: list[dict], returning: bool = False) -> list[int]:
    """Insert rows in batches; with `returning`, their new ids in the order given."""
    ids: list[int] = []
    for i in range(0, len(rows), BATCH):
        chunk = rows[i:i + BATCH]
        if returning:
            result = db.session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), chunk)
            ids.extend(result.scalars().all())
        else:
            db.session.execute(insert(model), chunk)
    return ids


# --- Teams and people -----------------------------------------------------------------------

# The small demo's 13 teams and these make the county's 40 (district -> (name suffix, service area)).
MORE_TEAMS = {
    "Allerdale": [("Safeguarding 2", "safeguarding"), ("Safeguarding 3", "safeguarding"), ("Children Looked After", "cla"),
                  ("Care Leavers", "care_leavers"), ("Children with Disabilities", "cwd")],
    "Copeland": [("Safeguarding 2", "safeguarding"), ("Early Help", "early_help"), ("Care Leavers", "care_leavers"),
                 ("Children with Disabilities", "cwd")],
    "Carlisle": [("Safeguarding 2", "safeguarding"), ("Safeguarding 3", "safeguarding"), ("Early Help", "early_help"),
                 ("Early Help 2", "early_help"), ("Children Looked After", "cla")],
    "Eden": [("Early Help", "early_help"), ("Children Looked After", "cla"), ("Care Leavers", "care_leavers")],
    "Barrow": [("Safeguarding 2", "safeguarding"), ("Early Help 2", "early_help"), ("Children Looked After", "cla"),
               ("Care Leavers", "care_leavers"), ("Children with Disabilities", "cwd")],
    "South Lakeland": [("Safeguarding 2", "safeguarding"), ("Early Help", "early_help"), ("Early Help 2", "early_help"),
                       ("Care Leavers", "care_leavers"), ("Children with Disabilities", "cwd")],
}

# Made-up people: first names and family names paired by position, never real staff.
FIRST_NAMES = [
    "Abigail", "Aidan", "Amira", "Ben", "Bethany", "Callum", "Carys", "Chloe", "Daniel", "Deepa", "Eilidh", "Elliot",
    "Fatima", "Finley", "Freya", "Gareth", "Grace", "Harvey", "Hannah", "Imran", "Isla", "Jack", "Jasmine", "Joel",
    "Kayleigh", "Kieran", "Laura", "Liam", "Lucy", "Mason", "Megan", "Mohammed", "Naomi", "Nathan", "Olivia", "Owen",
    "Paige", "Patrick", "Rachel", "Reece", "Rhiannon", "Ryan", "Sadia", "Scott", "Sophie", "Stuart", "Tara", "Thomas",
    "Una", "Victoria", "Wesley", "Yasmin", "Zac", "Adele", "Bryony", "Conor", "Danielle", "Ewan", "Gemma", "Holly",
]
FAMILY_NAMES = [
    "Ashworth", "Bainbridge", "Carrick", "Dobson", "Ellwood", "Fairclough", "Grainger", "Hetherington", "Irving",
    "Jardine", "Kirkbride", "Lowther", "Musgrave", "Nicholson", "Oglethorpe", "Pattinson", "Quayle", "Robson",
    "Sewell", "Thwaite", "Urwin", "Vasey", "Wilkinson", "Yeowart", "Atkinson", "Blamire", "Crosthwaite", "Dalton",
    "Earl", "Fell", "Gaskell", "Hodgson", "Ireland", "Jackson", "Kendal", "Lancaster", "Metcalfe", "Nelson", "Ormerod",
    "Pearson", "Rigg", "Stubbs", "Tyson", "Varty", "Walker", "Airey", "Birkett", "Coulthard", "Denwood", "Edmondson",
    "Fleming", "Gate", "Harrison", "Inman", "Jopson", "Kitching", "Lister", "Mossop", "Noble", "Postlethwaite",
]
AUDITORS, MODERATORS, QA_VIEWERS = 14, 6, 3  # and one practitioner per team (40): 63 people


@dataclass
class People:
    teams: list[SimpleNamespace]  # id, name, district_id, service_area
    admin_id: int
    auditors: list[SimpleNamespace]  # id, team_id, name
    moderators: list[SimpleNamespace]
    practitioner_of_team: dict[int, int]  # team id -> the team's practitioner (its manager and safeguarding lead)


def add_people(story: Story) -> People:
    districts = {d.name: d.id for d in db.session.scalars(select(District))}
    existing = {t.name for t in db.session.scalars(select(Team))}
    created = story.joined
    rows = [{"name": f"{district} {suffix}", "district_id": districts[district], "service_area": area, "active": True,
             "created_at": created}
            for district, specs in MORE_TEAMS.items() for suffix, area in specs if f"{district} {suffix}" not in existing]
    _insert(Team, rows)
    names = [name for specs in DEMO_TEAMS.values() for name, _ in specs]
    names += [f"{district} {suffix}" for district, specs in MORE_TEAMS.items() for suffix, _ in specs]
    by_name = {t.name: t for t in db.session.scalars(select(Team).where(Team.name.in_(names)))}
    teams = [SimpleNamespace(id=by_name[n].id, name=n, district_id=by_name[n].district_id, service_area=by_name[n].service_area)
             for n in names]
    password_hash = generate_password_hash(DEMO_PASSWORD)  # one hash for all: hashing 63 passwords takes seconds
    plan = [(PRACTITIONER, teams[i % len(teams)]) for i in range(len(teams))]
    plan += [(AUDITOR, teams[(i * 3 + 1) % len(teams)]) for i in range(AUDITORS)]
    plan += [(MODERATOR, teams[(i * 7 + 2) % len(teams)]) for i in range(MODERATORS)]
    plan += [(QA_VIEWER, None) for _ in range(QA_VIEWERS)]
    users = []
    for n, (role, team) in enumerate(plan):
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {FAMILY_NAMES[(n * 7 + n // len(FIRST_NAMES)) % len(FAMILY_NAMES)]}"
        email = name.lower().replace(" ", ".") + "@example.org"
        users.append({"email": email, "name": name, "password_hash": password_hash, "team_id": team.id if team else None,
                      "active": True, "created_at": created, "session_version": 1})
    ids = _insert(User, users, returning=True)
    _insert(UserRole, [{"user_id": uid, "role": role} for uid, (role, _) in zip(ids, plan)])

    def made(role):
        return [SimpleNamespace(id=uid, team_id=team.id, name=row["name"]) for uid, (r, team), row in zip(ids, plan, users) if r == role]

    demo = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_([p[0] for p in DEMO_PEOPLE])))}

    def demo_people(role):
        return [SimpleNamespace(id=u.id, team_id=u.team_id, name=u.name) for u in demo.values() if role in u.roles]

    admin = min(u.id for u in demo.values() if ADMIN in u.roles)
    practitioners = {p.team_id: p.id for p in made(PRACTITIONER)}
    _insert(SafeguardingLead, [{"team_id": team_id, "user_id": uid, "added_at": created} for team_id, uid in practitioners.items()])
    return People(teams, admin, made(AUDITOR) + demo_people(AUDITOR), made(MODERATOR) + demo_people(MODERATOR), practitioners)


# --- Cases ----------------------------------------------------------------------------------

# Which cases each audit tool looks at: service types and, for thematic tools, a flag.
TOOL_COHORTS = {
    "case_file_audit": (("CIN", "CP"), None, 4),  # the whole-service audit: four times the others' share
    "early_help_audit": (("EH",), None, 1.5),
    "cla_placement_audit": (("CLA",), None, 1.5),
    "care_leavers_audit": (("CL",), None, 1),
    "cwd_audit": (("CWD",), None, 1),
    "connected_persons_audit": (("CLA",), "connected_person", 0.6),
    "cse_audit": (("CP", "CLA", "CIN"), "cse", 0.6),
    "homelessness_16_17_audit": (("CIN", "CL"), "homeless_16_17", 0.5),
    "transitions_audit": (("CWD", "CL"), "transition", 0.6),
}
AREA_OF_SERVICE_TYPE = {"CIN": "safeguarding", "CP": "safeguarding", "CLA": "cla", "CL": "care_leavers", "EH": "early_help",
                        "CWD": "cwd"}
WORKERS = ["A. Hughes", "B. Patel", "C. Murray", "D. Okafor", "E. Walsh", "F. Nowak", "G. Bell", "H. Graham",
           "I. Armstrong", "J. Little", "K. Routledge", "L. Dixon", "M. Chen", "N. Iqbal", "O. Brennan", "P. Kaur"]


def _tool_weights() -> dict[str, float]:
    return {key: weight for key, (_, _, weight) in TOOL_COHORTS.items()}


def add_cases(rng: random.Random, story: Story, people: People, scale: Scale) -> dict[str, list[dict]]:
    """A pool of cases for each tool, half as many as its audits over the two years (a case
    may be audited again in a later quarter, never twice in a round), spread over the teams
    of the right service area. Returns tool key -> cases (with their new ids)."""
    weights = _tool_weights()
    total = sum(weights.values())
    teams_of_area: dict[str, list] = {}
    for team in people.teams:
        teams_of_area.setdefault(team.service_area, []).append(team)
    teams_of_area["safeguarding"] += teams_of_area.get("hub", [])
    pools: dict[str, list[dict]] = {}
    rows = []
    for key, (service_types, flag, weight) in TOOL_COHORTS.items():
        size = max(12, math.ceil(scale.total_audits * weight / total * 0.5))
        pool = []
        for _ in range(size):
            service_type = rng.choice(service_types)
            teams = teams_of_area.get(AREA_OF_SERVICE_TYPE[service_type]) or people.teams
            team = rng.choice(teams)
            start = story.start - timedelta(days=rng.randint(30, 3 * 365))
            end = None
            if rng.random() < 0.25:  # closed at some point in the two years
                end = story.start + timedelta(days=rng.randint(90, max(91, (story.today - story.start).days)))
            row = {"reference": f"{CASE_PREFIX}{len(rows) + 1:06d}", "service_type": service_type, "team_id": team.id,
                   "start_date": start, "end_date": end, "worker": rng.choice(WORKERS), "flags": [flag] if flag else [],
                   "imported_at": datetime.combine(story.start, time(7)), "updated_at": datetime.combine(story.start, time(7))}
            rows.append(row)
            pool.append(row)
        pools[key] = pool
    for row, case_id in zip(rows, _insert(Case, rows, returning=True)):
        row["id"] = case_id
    return pools


# --- Audit rounds and audits ----------------------------------------------------------------

# Grade weights an auditor's answers lean on, for the overall judgement they end up with.
LEAN = {
    O: {O: 6, G: 3, RI: 0.4, I: 0.02},
    G: {O: 1.2, G: 7, RI: 1.4, I: 0.1},
    RI: {O: 0.2, G: 3, RI: 6, I: 1},
    I: {O: 0.05, G: 1, RI: 4, I: 5},
}
YPN_LEAN = {O: (8, 2, 0.3), G: (6, 3, 1), RI: (3, 5, 2), I: (2, 4, 5)}
OVERRIDE_REASONS = [
    "The mean understates the difference the plan has made for the child since the last review.",
    "Recent direct work, recorded after the period audited, shows the plan is now working.",
]


def _answer(rng: random.Random, question, lean: str, today: date):
    kind = question.kind
    if kind in audit_rules.KINDS_WITH_NOT_APPLICABLE and question.allow_not_applicable and rng.random() < 0.04:
        return audit_rules.NOT_APPLICABLE
    if kind == audit_rules.GRADED:
        grades = LEAN[lean]
        return rng.choices(list(grades), weights=list(grades.values()))[0]
    if kind == audit_rules.YES_PARTLY_NO:
        return rng.choices([audit_rules.YES, audit_rules.PARTLY, audit_rules.NO], weights=YPN_LEAN[lean])[0]
    if kind == audit_rules.SINGLE_CHOICE:
        return rng.choice(question.options).key
    if kind == audit_rules.MULTIPLE_CHOICE:
        return [o.key for o in rng.sample(list(question.options), rng.randint(1, min(3, len(question.options))))]
    if kind == audit_rules.NUMBER:
        low = int(question.minimum if question.minimum is not None else 0)
        high = int(question.maximum if question.maximum is not None else low + 12)
        return str(rng.randint(low, max(low, min(high, low + 12))))
    if kind == audit_rules.DATE:
        return (today - timedelta(days=rng.randint(5, 120))).isoformat()
    return rng.choice(_TEXT_ANSWERS)


def audit_answers(rng: random.Random, tool, aim: str, today: date):
    """Answers valid for the tool whose computed judgement is, if a few tries allow, `aim`.
    Returns (answers, evidence, score result): the judgement is always the rules' own."""
    for _ in range(12):
        answers, evidence = {}, {}
        for _, question in tool.all_questions():
            value = _answer(rng, question, aim, today)
            answers[question.key] = _storable(question, audit_rules.normalise_answer(question, value))
            if question.evidence != audit_rules.EVIDENCE_NONE and value != audit_rules.NOT_APPLICABLE:
                texts = _EVIDENCE.get(value) if isinstance(value, str) else None
                if texts or question.evidence == audit_rules.EVIDENCE_REQUIRED:
                    evidence[question.key] = rng.choice(texts or ["Seen on the case file and in the latest review."])
        # As the audit form stores them: no answers to questions an earlier answer left unasked.
        asked = branching.shown(tool, answers)
        answers = {k: v for k, v in answers.items() if k in asked}
        evidence = {k: v for k, v in evidence.items() if k in asked}
        result = audit_rules.score(tool, answers)
        if result.judgement == aim:
            break
    return answers, evidence, result


def _aim(rng: random.Random, good_share: float) -> str:
    """An overall judgement drawn so that `good_share` are Good or better."""
    if rng.random() < good_share:
        return O if rng.random() < 0.15 else G
    return I if rng.random() < 0.25 else RI


def add_audits(rng: random.Random, story: Story, people: People, pools: dict[str, list[dict]], scale: Scale) -> list[dict]:
    """A confirmed round per quarter for each tool, and its audits: submitted through the
    quarter (only up to today; the rest of the current quarter's are still to do)."""
    tools = {t.key: t for t in db.session.scalars(select(AuditTool))}
    weights = _tool_weights()
    total_weight = sum(weights.values())
    # Audits per quarter: the whole quarters, and the part of the current one gone by.
    per_unit = scale.total_audits / sum(story.elapsed(q) for q in story.quarters)
    rounds, audits = [], []
    for quarter in story.quarters:
        for key, (service_types, flag, weight) in TOOL_COHORTS.items():
            tool = tools.get(key)
            version = tool.published if tool is not None else None
            if version is None:
                continue
            created = story.moment(rng, quarter.start, quarter.start + timedelta(days=6))
            due = quarter.end + timedelta(days=14)
            cohort = [c for c in pools[key] if c["start_date"] <= quarter.end and (c["end_date"] is None or c["end_date"] >= quarter.start)]
            planned = round(per_unit * weight / total_weight)  # the whole quarter's sample
            sample = rng.sample(cohort, min(len(cohort), planned))
            rounds.append({
                "name": f"{tool.title}, {quarter.label}", "tool_version_id": version.id,
                "cohort_filter": {"service_types": list(service_types), "team_ids": [], "district_ids": [],
                                  "flags": [flag] if flag else [], "open_from": quarter.start.isoformat(), "open_to": quarter.end.isoformat()},
                "sample_spec": str(len(sample)), "method": sampling.SIMPLE_RANDOM, "seed": rng.randrange(10**8),
                "cohort_size": len(cohort), "sample_size": len(sample), "due_date": due, "exclude_own_team": True,
                "created_by_id": people.admin_id, "created_at": created, "confirmed_at": created + timedelta(minutes=20),
                "confirmed_by_id": people.admin_id,
            })
            for case in sample:
                audits.append(_audit(rng, story, people, rounds[-1], len(rounds) - 1, version, case, quarter))
    round_ids = _insert(AuditRound, rounds, returning=True)
    for row in audits:
        row["round_id"] = round_ids[row.pop("_round")]
    keep = ("_tool", "_version", "_team_id")
    plain = [{k: v for k, v in row.items() if k not in keep} for row in audits]
    for row, audit_id in zip(audits, _insert(Audit, plain, returning=True)):
        row["id"] = audit_id
    return audits


def _audit(rng, story: Story, people: People, round_row: dict, round_index: int, version, case: dict, quarter: Period) -> dict:
    tool = version.definition
    auditor = rng.choice([a for a in people.auditors if a.team_id != case["team_id"]] or people.auditors)
    # The day it is due to be done; in the current quarter that may be still to come.
    planned = quarter.start + timedelta(days=rng.randint(7, (quarter.end - quarter.start).days))
    not_yet = planned >= story.today
    submitted = story.moment(rng, planned, planned)
    row = {"_round": round_index, "_tool": tool, "_version": version, "_team_id": case["team_id"],
           "case_id": case["id"], "tool_version_id": version.id, "auditor_id": auditor.id, "due_date": round_row["due_date"],
           "state": "not_started", "answers": {}, "evidence": {}, "collaborative": None, "worker_view": None,
           "computed_judgement": None, "computed_reasons": [], "override_judgement": None, "override_reason": None,
           "started_at": None, "updated_at": None, "updated_by_id": None, "submitted_at": None, "lock_version": 1}
    t = story.progress(submitted)
    answers, evidence, result = audit_answers(rng, tool, _aim(rng, story.auditor_good_share(t)), story.today)
    if not_yet:
        if rng.random() < 0.5:  # half of those still to do are started
            started = story.moment(rng, quarter.start + timedelta(days=7), story.today)
            row.update(state="in_progress", answers=answers, evidence=evidence, started_at=started, updated_at=started,
                       updated_by_id=auditor.id, lock_version=2)
        return row
    collaborative = rng.random() < 0.6
    override, reason = None, None
    if result.judgement in (G, RI) and rng.random() < 0.03:  # now and then the auditor's own judgement, a grade up
        override, reason = (O if result.judgement == G else G), rng.choice(OVERRIDE_REASONS)
    started = submitted - timedelta(days=rng.randint(0, 6), minutes=rng.randrange(30, 240))
    row.update(state="submitted", answers=answers, evidence=evidence, collaborative=collaborative,
               worker_view=rng.choice(_WORKER_VIEWS) if collaborative else None,
               computed_judgement=result.judgement, computed_reasons=list(result.reasons),
               override_judgement=override, override_reason=reason, started_at=max(started, round_row["confirmed_at"]),
               updated_at=submitted, updated_by_id=auditor.id, submitted_at=submitted, lock_version=3)
    return row


# --- Moderation -----------------------------------------------------------------------------

LOWERED = {O: G, G: RI, RI: I}
CHANGE_REASONS = [
    "The evidence on file does not support the auditor's grade: the plan is not yet making a difference.",
    "Visits are recorded, but the analysis of what they mean for the child is missing.",
    "The child's voice is not evident in the record for the period audited.",
]
LEARNING_POINTS = [
    "Share the record of direct work in team supervision.",
    "Use the grade descriptors: Good needs evidence of impact, not only of activity.",
    "Good example of analysis that shapes the plan: share at the practice week.",
    None,
]
RETURN_COMMENTS = [
    "Please add evidence for the grades in the planning section: the record seen does not show it.",
    "Two answers contradict each other (visits and the plan's review dates): please check them.",
]


def _policy(qn: int, quarters: int) -> dict:
    """Moderation policy per round: a quarter at random and the extremes early on, 15% later."""
    return {"random_share": 0.25 if qn < quarters / 2 else 0.15, "extremes": True}


def add_moderation(rng: random.Random, story: Story, people: People, audits: list[dict]) -> None:
    """Each round's policy; the audits it selects, moderated in their story's time, with
    decisions and the full history (append-only events, in order, with who and when)."""
    by_round: dict[int, list[dict]] = {}
    for a in audits:
        by_round.setdefault(a["round_id"], []).append(a)
    rounds = sorted(by_round)
    policies, moderations, plans = [], [], []
    for n, round_id in enumerate(rounds):
        qn = n * len(story.quarters) // len(rounds)
        policy_map, seed = _policy(qn, len(story.quarters)), rng.randrange(10**8)
        policies.append({"round_id": round_id, "policy": policy_map, "seed": seed, "target_days": moderation_rules.DEFAULT_TARGET_DAYS})
        submitted = [a for a in by_round[round_id] if a["submitted_at"] is not None]
        records = [moderation_rules.AuditRecord(a["id"], a["auditor_id"], a["submitted_at"], a["override_judgement"] or a["computed_judgement"])
                   for a in submitted]
        selection = moderation_rules.select_for_moderation(records, moderation_rules.ModerationPolicy.from_mapping(policy_map), seed)
        chosen = {a["id"]: a for a in submitted}
        for picked in selection:
            audit = chosen[picked.id]
            moderation, plan = _moderate(rng, story, people, audit, list(picked.reasons))
            moderations.append(moderation)
            plans.append(plan)
    _insert(RoundModerationPolicy, policies)
    ids = _insert(Moderation, moderations, returning=True)
    decisions, events = [], []
    for moderation_id, plan in zip(ids, plans):
        decisions += [{**d, "moderation_id": moderation_id} for d in plan["decisions"]]
        events += [{**e, "moderation_id": moderation_id} for e in plan["events"]]
    events.sort(key=lambda e: (e["at"], e["moderation_id"]))  # ids follow time, as they would have
    _insert(ModerationDecision, decisions)
    _insert(ModerationEvent, events)
    resubmitted = [{"b_id": p["audit_id"], "b_at": p["resubmitted_at"]} for p in plans if p["resubmitted_at"]]
    if resubmitted:  # a returned audit was submitted again: its submission time is the second one
        table = Audit.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("b_id"))
                           .values(submitted_at=bindparam("b_at"), updated_at=bindparam("b_at"), lock_version=table.c.lock_version + 2),
                           resubmitted)


def _at_working_days(start: datetime, days: int, rng: random.Random) -> datetime:
    day = moderation_rules.due_by(start, days)
    return datetime.combine(day, time(9)) + timedelta(minutes=rng.randrange(8 * 60))


def _moderate(rng, story: Story, people: People, audit: dict, reasons: list[str]) -> tuple[dict, dict]:
    submitted = audit["submitted_at"]
    auditor_grade = audit["override_judgement"] or audit["computed_judgement"]
    t = story.progress(submitted)
    row = {"audit_id": audit["id"], "round_id": audit["round_id"], "state": moderation_rules.AWAITING_MODERATION,
           "moderator_id": None, "selected_reasons": reasons, "first_submitted_at": submitted, "selected_at": submitted,
           "claimed_at": None, "first_decided_at": None, "finalised_at": None, "final_judgement": None,
           "learning_points": None, "return_comments": None}
    plan = {"audit_id": audit["id"], "resubmitted_at": None, "decisions": [],
            "events": [{"at": submitted, "by_id": None, "event": "selected", "details": {"reasons": reasons}}]}
    mean = story.working_days_to_moderation(t)
    days = max(1, round(rng.gauss(mean, mean * 0.3)))
    moderator = rng.choice([m for m in people.moderators if m.id != audit["auditor_id"]])
    claimed = _at_working_days(submitted, max(0, days - rng.randint(0, 2)), rng)
    decided = max(_at_working_days(submitted, days, rng), claimed + timedelta(minutes=45))
    if claimed >= story.now:
        return row, plan  # still waiting
    row.update(state=moderation_rules.IN_MODERATION, moderator_id=moderator.id, claimed_at=claimed)
    plan["events"].append({"at": claimed, "by_id": moderator.id, "event": "claimed", "details": {}})
    if decided >= story.now:
        return row, plan  # being moderated now
    tool_view = SimpleNamespace(tool_version=audit["_version"], answers=audit["answers"], auditor_judgement=auditor_grade)
    decision_targets = targets(tool_view)
    row["first_decided_at"] = decided
    if rng.random() < 0.05:  # returned to the auditor first, then resubmitted and finalised
        comments = rng.choice(RETURN_COMMENTS)
        snapshot = {"answers": {q.key: audit["answers"].get(q.key) for _, q in audit["_tool"].all_questions()
                                if q.kind == audit_rules.GRADED}, "judgement": auditor_grade}
        plan["events"].append({"at": decided, "by_id": moderator.id, "event": "returned",
                               "details": {"changes": [], "agreed": len(decision_targets), "comments": comments, "snapshot": snapshot}})
        resubmitted = _at_working_days(decided, rng.randint(1, 4), rng)
        reclaimed = resubmitted + timedelta(hours=rng.randint(2, 30))
        final = reclaimed + timedelta(minutes=rng.randint(30, 120))
        if final >= story.now:
            row.update(state=moderation_rules.RETURNED, return_comments=comments)
            plan["decisions"] = [_decision(tt, tt.auditor_grade, None) for tt in decision_targets]
            return row, plan
        row["return_comments"] = comments
        plan["resubmitted_at"] = resubmitted
        plan["events"] += [
            {"at": resubmitted, "by_id": audit["auditor_id"], "event": "resubmitted", "details": {"changes": []}},
            {"at": reclaimed, "by_id": moderator.id, "event": "claimed", "details": {}},
        ]
        decided = final
    final_grade, changes = auditor_grade, []
    if auditor_grade in LOWERED and rng.random() < story.lowered_share(t):
        final_grade = LOWERED[auditor_grade]
    reason = rng.choice(CHANGE_REASONS) if final_grade != auditor_grade else None
    for tt in decision_targets:
        grade = final_grade if tt.key == OVERALL else tt.auditor_grade
        plan["decisions"].append(_decision(tt, grade, reason if tt.key == OVERALL else None))
        if grade != tt.auditor_grade:
            changes.append({"what": tt.what, "from": audit_rules.judgement_label(tt.auditor_grade),
                            "to": audit_rules.judgement_label(grade), "reason": reason})
    learning = rng.choice(LEARNING_POINTS)
    details = {"changes": changes, "agreed": len(decision_targets) - len(changes), "final_judgement": final_grade}
    if learning:
        details["learning_points"] = learning
    plan["events"].append({"at": decided, "by_id": moderator.id, "event": "finalised", "details": details})
    row.update(state=moderation_rules.FINALISED, finalised_at=decided, final_judgement=final_grade, learning_points=learning)
    return row, plan


def _decision(target, grade, reason) -> dict:
    return {"target": target.key, "auditor_grade": target.auditor_grade, "moderator_grade": grade,
            "agreed": grade == target.auditor_grade, "reason": reason}


# --- Corrective actions ---------------------------------------------------------------------

ACTIONS = [
    "Review the plan with the social worker and record how the gaps found in this audit will be closed.",
    "Update the chronology and record the reasons for recent decisions.",
    "Hold a core group within four weeks to agree the contingency plan with the family.",
    "Record the child's views from the next visit and show how they shaped the plan.",
    "Complete the overdue assessment and share it with the family.",
]
COMPLETION_NOTES = [
    "Plan reviewed in supervision; the gaps are closed and recorded on the file.",
    "Chronology brought up to date and checked by the team manager.",
    "Core group held; contingency plan agreed and shared with the family.",
]


def add_corrective_actions(rng: random.Random, story: Story, people: People, audits: list[dict]) -> None:
    """Actions raised in audits judged below Good (and a few Good ones), due four weeks on;
    most completed on time, some late, some still open (a few overdue)."""
    rows = []
    for audit in audits:
        if audit["submitted_at"] is None:
            continue
        judgement = audit["override_judgement"] or audit["computed_judgement"]
        if judgement not in (RI, I) and rng.random() > 0.08:
            continue
        for _ in range(2 if judgement == I else 1):
            raised = audit["submitted_at"] - timedelta(minutes=rng.randrange(5, 90))
            due = raised.date() + timedelta(days=28)
            done = None
            roll = rng.random()
            if roll < 0.65:  # on time
                done = raised + timedelta(days=rng.randint(3, 27), hours=rng.randint(0, 6))
            elif roll < 0.88:  # late
                done = datetime.combine(due, time(10)) + timedelta(days=rng.randint(1, 30))
            if done is not None and done >= story.now:
                done = None
            # The auditor confirms it a few days later (no draw from rng, so the rest stays the same);
            # the most recent are still waiting to be confirmed.
            confirmed = done + timedelta(days=1 + audit["id"] % 5) if done is not None else None
            if confirmed is not None and confirmed >= story.now:
                confirmed = None
            rows.append({"audit_id": audit["id"], "case_id": audit["case_id"], "description": rng.choice(ACTIONS),
                         "owner_id": people.practitioner_of_team.get(audit["_team_id"], people.admin_id), "due_date": due,
                         "raised_by_id": audit["auditor_id"], "raised_at": raised, "completed_at": done,
                         "completion_note": rng.choice(COMPLETION_NOTES) if done else None,
                         "confirmed_at": confirmed, "confirmed_by_id": audit["auditor_id"] if confirmed else None})
    _insert(CorrectiveAction, rows)


# --- Feedback -------------------------------------------------------------------------------

AUDIENCE_WEIGHT = {feedback_rules.CHILDREN: 3, feedback_rules.YOUNG_PEOPLE: 3, feedback_rules.PARENTS_CARERS: 2,
                   feedback_rules.PRACTITIONERS: 1.5}
COMMENTS = [
    "More time with my worker.", "If meetings were after school.", "Nothing, it is good now.",
    "Being told what is happening sooner.", "Less people asking me the same things.",
    "Having the same worker for longer.", "Letters that are easier to read.", "Knowing who to ring in the evenings.",
    "Meetings closer to where we live.", "More help with money and getting a job.",
]
WORRYING = [  # said in a few responses: the safety signal is the answer; some add words like these
    "I get frightened when they shout at night.",
    "Sometimes I am scared to go home.",
]
YOU_SAID_WE_DID = [
    ("Children said they did not always know who their worker was.",
     "Every child now gets a card with their worker's name and photo at the first visit."),
    ("Parents said their plan was hard to follow.", "Plans now start with a one-page summary in plain English."),
    ("Young people said meetings were at times they could not make.", "Reviews are now offered after school and college."),
    ("Care leavers said they did not know what help they could ask for.", "The local offer is now on a card and on the website."),
    ("Practitioners said they had too little time for direct work.", "Two extra family support workers joined the busiest teams."),
    ("Parents said they were told about changes too late.", "Workers now send a short message within a day of any change."),
]


def add_feedback(rng: random.Random, story: Story, people: People, scale: Scale) -> None:
    """A campaign per half-year for each published questionnaire; invites handed out by each
    team's practitioner; responses (through invites and open links); alerts where a response
    says the respondent may not be safe; 'You said, we did' entries."""
    from app.feedback.questionnaire_service import published_versions
    from app.feedback.yswd import feedback_measures

    versions = published_versions()
    weight = {v.id: AUDIENCE_WEIGHT.get(v.questionnaire.audience, 1) for v in versions}
    half_share = [story.elapsed(h) for h in story.halves]
    per_unit = scale.total_responses / (sum(weight.values()) * sum(half_share))
    campaigns, plans = [], []
    for hn, half in enumerate(story.halves):
        for version in versions:
            q = version.definition
            open_link = q.audience in (feedback_rules.PARENTS_CARERS, feedback_rules.PRACTITIONERS)
            created = datetime.combine(half.start - timedelta(days=7), time(10))
            closed = datetime.combine(half.end + timedelta(days=1), time(9)) if half.end < story.today else None
            campaigns.append({"name": f"{q.title} – {half.label}", "questionnaire_version_id": version.id,
                              "period_start": half.start, "period_end": half.end, "district_id": None, "team_id": None,
                              "target_rate": feedback_rules.RESPONSE_RATE_TARGET,
                              "open_link_token": f"{rng.getrandbits(96):024x}" if open_link else None,
                              "created_by_id": people.admin_id, "created_at": created, "closed_at": closed,
                              "closed_by_id": people.admin_id if closed else None})
            plans.append((half, q, open_link, round(per_unit * weight[version.id] * half_share[hn])))
    campaign_ids = _insert(Campaign, campaigns, returning=True)

    used_codes = set(db.session.scalars(select(Invite.code)))
    invites, responses = [], []
    for campaign_id, (half, q, open_link, count) in zip(campaign_ids, plans):
        t_mid = story.progress(half.start + (min(half.end, story.today) - half.start) / 2)
        rate = 0.30 + 0.12 * t_mid  # more of those asked answer, as the service asks better
        by_invite = count if not open_link else count // 2
        for n in range(round(by_invite / rate)):
            team = rng.choice(people.teams)
            issued = story.moment(rng, half.start, half.end - timedelta(days=3))
            code = invite_codes.new_code(rng)
            while code in used_codes:
                code = invite_codes.new_code(rng)
            used_codes.add(code)
            invite = {"campaign_id": campaign_id, "code": code, "issued_by_id": people.practitioner_of_team[team.id],
                      "team_id": team.id, "created_at": issued, "used_at": None, "_district_id": team.district_id}
            invites.append(invite)
            if n < by_invite:
                # Answered within a fortnight; those handed out lately, in the last hours at most.
                answered = min(issued + timedelta(hours=rng.randint(1, 24 * 14)), story.now - timedelta(minutes=rng.randrange(5, 600)))
                if answered > issued:
                    invite["used_at"] = answered
                    responses.append(_response(rng, story, campaign_id, q, invite, answered))
        for _ in range(count - by_invite):
            responses.append(_response(rng, story, campaign_id, q, None, story.moment(rng, half.start, half.end)))
    invite_ids = _insert(Invite, [{k: v for k, v in i.items() if not k.startswith("_")} for i in invites], returning=True)
    for invite, invite_id in zip(invites, invite_ids):
        invite["id"] = invite_id
    _add_worries(rng, responses)
    rows = [{k: (v["id"] if k == "invite_id" and v else v) for k, v in r.items() if not k.startswith("_")} for r in responses]
    response_ids = _insert(Response, rows, returning=True)
    _add_alerts(rng, story, people, responses, response_ids)
    _add_you_said_we_did(rng, story, people, feedback_measures())


def _response(rng: random.Random, story: Story, campaign_id: int, q, invite: dict | None, at: datetime) -> dict:
    """Answers valid for the questionnaire, positive a little more often as time goes on; no
    safety signal (a few are given one later, with their alert)."""
    positive = story.positive_share(story.progress(at))
    scale = feedback_rules.SCALES[q.scale]
    answers = {}
    for statement in q.statements:
        if rng.random() < 0.07:
            continue  # not answered: every question is optional
        good = [a for a in statement.positive if a not in statement.safety_answers]
        other = [a for a in scale.answers if a not in statement.positive and a not in statement.safety_answers]
        answers[statement.key] = rng.choice(good if (rng.random() < positive or not other) else other)
    free = {}
    for question in q.free_text:
        if rng.random() < 0.08:
            free[question.key] = rng.choice(COMMENTS)
    return {"campaign_id": campaign_id, "invite_id": invite, "team_id": invite["team_id"] if invite else None,
            "district_id": invite["_district_id"] if invite else None, "submitted_at": at,
            "respondent_name": None, "idempotency_key": f"demo-county-{rng.getrandbits(96):024x}", "answers": answers,
            "free_text": free, "_q": q}


def _add_worries(rng: random.Random, responses: list[dict]) -> None:
    """A few responses (about 1 in 700, at least 3) to questionnaires that ask about safety
    say the respondent does not feel safe; some say so in words too."""
    eligible = [r for r in responses if r["_q"].safety_statements()]
    for r in rng.sample(eligible, min(len(eligible), max(3, len(responses) // 700))):
        q = r["_q"]
        statement = rng.choice(q.safety_statements())
        r["answers"][statement.key] = statement.safety_answers[0]
        if q.free_text and rng.random() < 0.4:
            r["free_text"][q.free_text[-1].key] = rng.choice(WORRYING)


def _add_alerts(rng: random.Random, story: Story, people: People, responses: list[dict], ids: list[int]) -> None:
    words = safeguarding.concern_words()
    rows = []
    for r, response_id in zip(responses, ids):
        signals = feedback_rules.safety_signals(r["_q"], r["answers"], r["free_text"], words) if _may_signal(r) else []
        if not signals:
            continue
        raised = r["submitted_at"]
        invite = r["invite_id"]
        # Who an alert tells (the invite's issuer, the team's safeguarding lead), as for a real response.
        who = SimpleNamespace(invite_id=invite["id"] if invite else None, team_id=r["team_id"])
        recipients = safeguarding.first_recipients(who)
        acknowledger = recipients[0]["user_id"] if recipients and recipients[0]["user_id"] else people.admin_id
        acknowledged = raised + timedelta(minutes=rng.randint(10, 6 * 60)) if rng.random() < 0.95 else None
        closed = acknowledged + timedelta(days=rng.randint(1, 5)) if acknowledged and rng.random() < 0.9 else None
        acknowledged = acknowledged if acknowledged and acknowledged < story.now else None
        closed = closed if closed and acknowledged and closed < story.now else None
        rows.append({"response_id": response_id, "campaign_id": r["campaign_id"], "team_id": r["team_id"], "raised_at": raised,
                     "signals": safeguarding.describe_signals(r["_q"], signals, r["free_text"]),
                     "recipients": recipients, "escalate_at": None if acknowledged else raised + timedelta(hours=2),
                     "acknowledged_at": acknowledged, "acknowledged_by_id": acknowledger if acknowledged else None,
                     "closed_at": closed, "closed_by_id": acknowledger if closed else None,
                     "close_note": "Spoke to the young person and their carer the same day; safety plan reviewed." if closed else None})
    _insert(Alert, rows)


def _may_signal(r: dict) -> bool:
    """Only responses given a worry, or with free text, can have a signal: skip the rest quickly."""
    q = r["_q"]
    return bool(r["free_text"]) or any(r["answers"].get(s.key) in s.safety_answers for s in q.safety_statements())


def _add_you_said_we_did(rng: random.Random, story: Story, people: People, measures: list[tuple[str, str]]) -> None:
    keys = [k for k, _ in measures]
    if not keys:
        return
    rows = []
    for half in story.halves:
        for heard, did in rng.sample(YOU_SAID_WE_DID, 2):
            done_on = story.moment(rng, half.start + timedelta(days=30), half.end).date()
            rows.append({"heard": heard, "did": did, "done_on": done_on, "measure_key": rng.choice(keys), "period": half.label,
                         "created_by_id": people.admin_id, "created_at": datetime.combine(done_on, time(15))})
    _insert(YouSaidWeDid, rows)
