"""Rules of the improvement plan. Plain values in, plain values out: no Flask, no database.

KPI RAG rating (also in the README):

- Where the target is a number and the KPI has a direction, the RAG is computed.
  `tolerance` is the KPI's amber tolerance as a % of the target (default 5%).
  * Increase: Green if value >= target; Amber if value >= target - tolerance; else Red.
  * Decrease: Green if value <= target; Amber if value <= target + tolerance; else Red.
  * Maintain: Green if within tolerance of the target either way; Amber if within
    twice the tolerance; else Red.
- Where the target is words ("tbc", "2 per month", "Increase") or the direction is
  not stated, the RAG cannot be computed: the person entering the figure enters it.
- With no value, there is no RAG.
"""
import re
from dataclasses import dataclass
from datetime import date

# The council's improvement plan: the register's first plan, at /plan.
MAIN_PLAN = "improvement-plan"
PARTNERSHIP_PLAN = "partnership-business-plan"


def may_read_plan(plan_key: str, partner: bool) -> bool:
    """Council staff read every plan in the register; partner staff read what the partnership
    shares with them, its own business plan, not the council's improvement plan and KPIs."""
    return not partner or plan_key == PARTNERSHIP_PLAN


AUDIT = "audit"
FEEDBACK = "feedback"
MEASURE_KINDS = {AUDIT: "Audit measure", FEEDBACK: "Feedback measure"}

QUARTERLY = "quarterly"
SIX_MONTHLY = "six_monthly"
ANNUAL = "annual"
FREQUENCIES = {QUARTERLY: "Quarterly", SIX_MONTHLY: "Six-monthly", ANNUAL: "Annually"}

INCREASE = "increase"
DECREASE = "decrease"
MAINTAIN = "maintain"
DIRECTIONS = {INCREASE: "Increase", DECREASE: "Decrease", MAINTAIN: "Maintain"}

UNIT_PERCENT = "percent"
UNIT_COUNT = "count"
UNIT_RATE = "rate"
UNIT_TEXT = "text"
UNITS = {UNIT_PERCENT: "Percentage", UNIT_COUNT: "Number", UNIT_RATE: "Rate", UNIT_TEXT: "Words only"}

RED = "red"
AMBER = "amber"
GREEN = "green"
RAGS = {RED: "Red", AMBER: "Amber", GREEN: "Green"}

RESPONDENT_GROUPS = {
    "children": "Children (about 8 to 12)",
    "young_people": "Young people (13 and over)",
    "parents_carers": "Parents and carers",
    "practitioners": "Practitioners",
}

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"
ACTION_STATUSES = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETE: "Complete"}

DEFAULT_AMBER_TOLERANCE_PCT = 5.0

# Where a KPI's figure comes from.
ENTERED = "entered"  # typed in or imported from CSV, per period
FROM_AUDITS = "audits"  # worked out from final audits (app.reports.headline)
FIGURE_SOURCES = {ENTERED: "Entered or imported", FROM_AUDITS: "Worked out from final audits"}


def frequency_label(frequency: str, has_baseline: bool = False) -> str:
    label = FREQUENCIES.get(frequency, frequency)
    return f"{label} (baseline in place)" if has_baseline else label


def kpi_rag(
    value: float | None,
    target: float | None,
    direction: str | None,
    tolerance_pct: float = DEFAULT_AMBER_TOLERANCE_PCT,
    entered_rag: str | None = None,
) -> str | None:
    """The RAG of a KPI value against its target; see the module docstring."""
    if value is None:
        return None
    if target is None or direction not in DIRECTIONS:
        return entered_rag if entered_rag in RAGS else None
    # Tolerance is relative to the target; for a target of 0, one unit either way.
    tolerance = abs(target) * (tolerance_pct or 0) / 100 if target else 1.0
    if direction == INCREASE:
        gap = target - value
    elif direction == DECREASE:
        gap = value - target
    else:
        gap = abs(value - target) - tolerance
    # A small epsilon so 2.3 vs 2.3000000001 from float parsing is still on target.
    if gap <= 1e-9:
        return GREEN
    if gap <= tolerance + 1e-9:
        return AMBER
    return RED


MEASURE_LABEL_WORDS = {AUDIT: "Audit", FEEDBACK: "Feedback"}


def measure_labels(recommendation_number: int, kinds: list[str]) -> list[str]:
    """Readable labels for a recommendation's impact measures, in the plan's own numbering:
    `kinds` are the measures' kinds in plan order (by position); each is numbered by its place
    among that recommendation's measures of the same kind, as the plan page lists them:
    (2, [audit, audit, feedback]) -> ["Audit 2.1", "Audit 2.2", "Feedback 2.1"]."""
    seen: dict[str, int] = {}
    labels = []
    for kind in kinds:
        seen[kind] = seen.get(kind, 0) + 1
        labels.append(f"{MEASURE_LABEL_WORDS.get(kind, kind.title())} {recommendation_number}.{seen[kind]}")
    return labels


def action_overdue(status: str, due: date | None, today: date) -> bool:
    return status != COMPLETE and due is not None and due < today


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "No figure"
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return f"{text}%" if unit == UNIT_PERCENT else text


def figure_words(value: float | None, words: str | None, unit: str) -> str | None:
    """A baseline or target shown the same way as the KPI's values: the number formatted
    (3,187 beside 3,300; 2.3%) when there is one, else the plan's words ("tbc", "2 per
    month"); None when there is neither."""
    if value is not None:
        return format_value(value, unit)
    return words or None


def parse_number(text: str) -> float:
    """A figure typed by a person or found in a CSV: '34.7', '34.7%', '1,204'.

    Raises ValueError with a message fit to show that person.
    """
    cleaned = (text or "").strip().replace(",", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    if not cleaned:
        raise ValueError("Enter a number")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{text.strip()}' is not a number")
    return number


# --- The plan as printed, where it contradicts itself -----------------------------------

# Words saying a KPI counts things done late: more of them is worse, so Increase is suspect.
_LATE_WORDS = re.compile(
    r"\b(late|later than|delay(ed|s)?|overdue|out of time(scales?)?)\b|recorded\s*(>|more than|over)\s*\d", re.I)


@dataclass(frozen=True)
class KpiFacts:
    """What the contradiction rules read of a KPI."""

    id: int
    code: str
    description: str
    direction: str | None
    unit: str
    baseline_value: float | None
    target_value: float | None


def _same_words(a: str, b: str) -> bool:
    """One description is the other with a note added: "Referrals within 12 months of a
    previous referral" and "... (rolling 12 month)"."""
    def plain(s):
        return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", "", s)).strip().casefold()
    a, b = plain(a), plain(b)
    return bool(a) and (a in b or b in a)


def _code_stem(code: str) -> str:
    return re.sub(r"[a-z]$", "", (code or "").strip(), flags=re.I)


def kpi_contradictions(kpis: list[KpiFacts]) -> dict[int, list[str]]:
    """Where the plan as printed contradicts itself, per KPI id, in words for the QA group.
    The KPIs are kept as printed; these are flagged until an administrator resolves them.

    - Late but Increase: the words count things done late ("late", "delayed", "overdue",
      "recorded >1 month after...") but the direction is Increase, so more late ones would
      score Green.
    - The same figure twice: two KPIs with the same unit, direction, baseline and target
      whose codes differ only by a final letter (CS1.0 and CS1.0a) or whose descriptions are
      the same but for a note in brackets."""
    flags: dict[int, list[str]] = {}
    for k in kpis:
        if k.direction == INCREASE and _LATE_WORDS.search(k.description or ""):
            flags.setdefault(k.id, []).append(
                "its words count things done late, but its direction is Increase, so more of them would score Green")
    for i, a in enumerate(kpis):
        for b in kpis[i + 1:]:
            same_numbers = (a.unit, a.direction, a.baseline_value, a.target_value) == (
                b.unit, b.direction, b.baseline_value, b.target_value) and a.baseline_value is not None
            if same_numbers and (_code_stem(a.code) == _code_stem(b.code) or _same_words(a.description, b.description)):
                flags.setdefault(a.id, []).append(f"it seems to be the same figure as KPI {b.code}")
                flags.setdefault(b.id, []).append(f"it seems to be the same figure as KPI {a.code}")
    return flags


def flag_words(flags: list[str]) -> str:
    """"Flagged for the QA group: ..." as the KPI's page and the report say it."""
    return "Flagged for the QA group: " + "; ".join(flags) + "." if flags else ""


def unresolved(flags: dict[int, list[str]], resolved: dict[int, str | None]) -> dict[int, list[str]]:
    """The flags still to show: an administrator's resolution covers the flags as they were
    worded when resolved (`resolved`: KPI id -> those words); a new or changed one shows again."""
    return {kpi_id: f for kpi_id, f in flags.items() if resolved.get(kpi_id) != flag_words(f)}
