"""Load the plans of the register from their data files (app/plan/data/): the council's
improvement plan and the safeguarding partnership's business plan.

Safe to run again and again: rows are matched on the file's keys, missing ones are
added, and a row an admin has edited since (`locally_edited`) is left as it is.
Rows the file does not know (added in the browser) are never touched.
"""
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.core.datafile import load_yaml_file
from app.core.db import db
from app.plan import rules
from app.plan.models import ImpactMeasure, Kpi, Plan, PlanAction, Recommendation, RecommendationKpi

PLAN_FILE = Path(__file__).parent / "data" / "improvement_plan.yaml"
PARTNERSHIP_PLAN_FILE = Path(__file__).parent / "data" / "partnership_business_plan.yaml"
PLAN_FILES = (PLAN_FILE, PARTNERSHIP_PLAN_FILE)  # in the register's order

_text = {"type": "string", "minLength": 1}
_opt_text = {"type": ["string", "null"]}
_opt_date = {"type": ["string", "null"], "format": "date"}
_opt_number = {"type": ["number", "null"]}

SCHEMA = {
    "type": "object",
    "required": ["plan", "kpis", "recommendations"],
    "additionalProperties": False,
    "properties": {
        "plan": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title"],
            "properties": {
                "key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                "title": _text,
                "owner": _opt_text,
                "period": _opt_text,
                "item_noun": _opt_text,
                "measure_prefix": {"type": "string", "pattern": "^[a-z]+$"},
                "summary": _opt_text,
                "inspection": _opt_text,
                "baseline_date": _opt_date,
                "target_date": _opt_date,
            },
        },
        "kpis": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "code", "description", "direction", "unit", "baseline", "target"],
                "properties": {
                    "key": _text,
                    "code": _text,
                    "description": _text,
                    "direction": {"enum": [*rules.DIRECTIONS, None]},
                    "direction_note": _opt_text,
                    "unit": {"enum": list(rules.UNITS)},
                    "frequency": {"enum": list(rules.FREQUENCIES)},
                    "baseline": _opt_text,
                    "baseline_value": _opt_number,
                    "baseline_rag": {"enum": [*rules.RAGS, None]},
                    "baseline_date": _opt_date,
                    "target": _opt_text,
                    "target_value": _opt_number,
                    "target_date": _opt_date,
                    "note": _opt_text,
                    "figure_source": {"enum": list(rules.FIGURE_SOURCES)},
                },
            },
        },
        "recommendations": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["number", "title", "short_title", "actions", "audit_measures", "feedback_measures", "kpis"],
                "properties": {
                    "number": {"type": "integer", "minimum": 1},
                    "title": _text,
                    "short_title": _text,
                    "actions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["number", "text", "owner"],
                            "properties": {
                                "number": {"type": ["string", "integer"]},
                                "theme": _opt_text,
                                "text": _text,
                                "owner": _opt_text,
                                "due": _opt_date,
                                "due_text": _opt_text,
                                "governance": _opt_text,
                                "outcome": _opt_text,
                                "achieved": _opt_text,
                                "status": {"enum": list(rules.ACTION_STATUSES)},
                            },
                        },
                    },
                    "audit_measures": {"type": "array", "items": {"$ref": "#/$defs/measure"}},
                    "feedback_measures": {"type": "array", "items": {"$ref": "#/$defs/feedback_measure"}},
                    "kpis": {"type": "array", "items": _text},
                },
            },
        },
    },
    "$defs": {
        "measure": {
            "type": "object",
            "additionalProperties": False,
            "required": ["key", "text", "frequency"],
            "properties": {
                "key": _text,
                "text": _text,
                "frequency": {"enum": list(rules.FREQUENCIES)},
                "has_baseline": {"type": "boolean"},
                "target_percent": _opt_number,
            },
        },
        "feedback_measure": {
            "type": "object",
            "additionalProperties": False,
            "required": ["key", "text", "frequency", "respondent_groups"],
            "properties": {
                "key": _text,
                "text": _text,
                "frequency": {"enum": list(rules.FREQUENCIES)},
                "has_baseline": {"type": "boolean"},
                "target_percent": _opt_number,
                "respondent_groups": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"enum": list(rules.RESPONDENT_GROUPS)},
                },
            },
        },
    },
}


class PlanFileError(ValueError):
    pass


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _check_references(data: dict, source: str) -> None:
    """What a schema cannot say: keys unique, KPI references resolve."""
    problems = []
    kpi_keys = [k["key"] for k in data["kpis"]]
    measure_keys = [
        m["key"] for r in data["recommendations"] for m in r["audit_measures"] + r["feedback_measures"]
    ]
    for label, keys in (("kpi key", kpi_keys), ("measure key", measure_keys)):
        seen = set()
        for key in keys:
            if key in seen:
                problems.append(f"{label} '{key}' is used twice")
            seen.add(key)
    prefix = data["plan"].get("measure_prefix", "r")
    for key in measure_keys:
        if not key.startswith(prefix) or not key[len(prefix):len(prefix) + 1].isdigit():
            problems.append(f"measure key '{key}' must start with the plan's prefix '{prefix}' and a number")
    numbers = [r["number"] for r in data["recommendations"]]
    if len(set(numbers)) != len(numbers):
        problems.append("two recommendations have the same number")
    for i, rec in enumerate(data["recommendations"]):
        for j, key in enumerate(rec["kpis"]):
            if key not in kpi_keys:
                problems.append(f"recommendations[{i}].kpis[{j}]: no KPI has the key '{key}'")
    if problems:
        raise PlanFileError(f"{source}: " + "; ".join(problems))


class _Upsert:
    """Counts what the load did, for the command's report."""

    def __init__(self):
        self.added = self.updated = self.kept = 0

    def row(self, model, seed_key: str, **fields):
        obj = db.session.scalar(select(model).where(model.seed_key == seed_key))
        if obj is None:
            obj = model(seed_key=seed_key, **fields)
            db.session.add(obj)
            self.added += 1
        elif obj.locally_edited:
            self.kept += 1
        else:
            changed = False
            for name, value in fields.items():
                if getattr(obj, name) != value:
                    setattr(obj, name, value)
                    changed = True
            self.updated += changed
        return obj


def load_plans() -> dict:
    """Every plan of the register, in order; what was added, updated and kept, summed."""
    totals = {"added": 0, "updated": 0, "kept": 0}
    for position, path in enumerate(PLAN_FILES):
        for name, count in load_plan(path, position).items():
            totals[name] += count
    return totals


def _plan_row(header: dict, position: int) -> Plan:
    key = header.get("key", rules.MAIN_PLAN)
    plan = db.session.scalar(select(Plan).where(Plan.key == key)) or Plan(key=key)
    plan.title = header["title"]
    plan.owner = header.get("owner") or ""
    plan.period = header.get("period") or ""
    plan.summary = header.get("summary") or ""
    plan.item_noun = header.get("item_noun") or "Recommendation"
    plan.measure_prefix = header.get("measure_prefix", "r")
    plan.position = position
    db.session.add(plan)
    db.session.flush()
    return plan


def load_plan(path: Path = PLAN_FILE, position: int = 0) -> dict:
    data = load_yaml_file(path, SCHEMA)
    _check_references(data, Path(path).name)
    plan = data["plan"]
    plan_row = _plan_row(plan, position)
    # The improvement plan's rows keep the keys they were first loaded with ("rec-2").
    item_key = "rec" if plan_row.is_main else plan_row.key
    baseline_date = _date(str(plan.get("baseline_date"))) if plan.get("baseline_date") else None
    target_date = _date(str(plan.get("target_date"))) if plan.get("target_date") else None
    up = _Upsert()

    kpis = {}
    for k in data["kpis"]:
        kpis[k["key"]] = up.row(
            Kpi,
            k["key"],
            code=k["code"],
            description=k["description"],
            direction=k["direction"],
            direction_note=k.get("direction_note"),
            unit=k["unit"],
            frequency=k.get("frequency", rules.QUARTERLY),
            baseline_text=k.get("baseline"),
            baseline_value=k.get("baseline_value"),
            baseline_date=_date(k.get("baseline_date")) or baseline_date,
            baseline_rag=k.get("baseline_rag"),
            target_text=k.get("target"),
            target_value=k.get("target_value"),
            target_date=_date(k.get("target_date")) if "target_date" in k else target_date,
            note=k.get("note"),
            figure_source=k.get("figure_source", rules.ENTERED),
        )

    for r in data["recommendations"]:
        rec = up.row(Recommendation, f"{item_key}-{r['number']}", plan_id=plan_row.id, number=r["number"],
                     title=r["title"], short_title=r["short_title"])
        db.session.flush()
        for position, a in enumerate(r["actions"]):
            up.row(
                PlanAction,
                # By place where the plan prints one number twice (the partnership's 13.2).
                f"rec-{r['number']}-action-{a['number']}" if plan_row.is_main
                else f"{item_key}-{r['number']}-action-{position + 1}",
                recommendation_id=rec.id,
                number=str(a["number"]),
                position=position,
                theme=a.get("theme") or "",
                text=a["text"],
                owner=a.get("owner") or "",
                due_date=_date(a.get("due")),
                due_text=a.get("due_text"),
                governance=a.get("governance"),
                outcome=a.get("outcome"),
                achieved=a.get("achieved"),
                status=a.get("status", rules.NOT_STARTED),
            )
        measures = [(rules.AUDIT, m) for m in r["audit_measures"]] + [(rules.FEEDBACK, m) for m in r["feedback_measures"]]
        for position, (kind, m) in enumerate(measures):
            up.row(
                ImpactMeasure,
                m["key"],
                recommendation_id=rec.id,
                kind=kind,
                position=position,
                text=m["text"],
                frequency=m["frequency"],
                has_baseline=m.get("has_baseline", False),
                respondent_groups=list(m.get("respondent_groups", [])),
                # Only where the printed plan gives one: a target set by an administrator stays.
                **({"target_percent": m["target_percent"]} if "target_percent" in m else {}),
            )
        db.session.flush()
        for position, key in enumerate(r["kpis"]):
            kpi = kpis[key]
            link = db.session.get(RecommendationKpi, (rec.id, kpi.id))
            if link is None:
                db.session.add(RecommendationKpi(recommendation_id=rec.id, kpi_id=kpi.id, position=position))
                up.added += 1
    db.session.commit()
    return {"added": up.added, "updated": up.updated, "kept": up.kept}
