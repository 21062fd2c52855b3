"""Fixtures for Section 11: two agencies, their leads, the panel, and a cycle asking both."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core.db import db
from app.org.models import Agency
from app.section11 import services
from app.section11.framework import load_framework


def agency(name: str, kind: str) -> Agency:
    """The agency by name, made if missing (the agencies' own demo may not be there)."""
    found = db.session.scalar(select(Agency).where(Agency.name == name))
    if found is None:
        found = Agency(name=name, kind=kind)
        db.session.add(found)
        db.session.commit()
    return found


@pytest.fixture
def agencies(app):
    return {"police": agency("Cumbria Constabulary", "police"),
            "health": agency("North Cumbria Integrated Care", "health")}


@pytest.fixture
def people(make_user, agencies):
    def member(role, email, name, agency_key=None):
        user = make_user(role, email=email, name=name)
        if agency_key:
            user.agency_id = agencies[agency_key].id
        db.session.commit()
        return user

    return {
        "police_lead": member("agency_lead", "pat.police@example.org", "Pat Police", "police"),
        "health_lead": member("agency_lead", "hana.health@example.org", "Hana Health", "health"),
        "panel": member("partnership_panel", "pam.panel@example.org", "Pam Panel"),
        "admin": member("admin", "ada.admin@example.org", "Ada Admin"),
        "qa": member("qa_viewer", "quinn.qa@example.org", "Quinn QA"),
        "partner_auditor": member("partner_auditor", "paul.partner@example.org", "Paul Partner", "police"),
    }


@pytest.fixture
def framework():
    return load_framework()


@pytest.fixture
def cycle(agencies, people, framework):
    return services.open_cycle(2026, date(2027, 2, 28), list(agencies.values()), people["admin"], framework)


@pytest.fixture
def returns(cycle, agencies):
    return {key: next(r for r in cycle.returns if r.agency_id == a.id) for key, a in agencies.items()}


def complete(ret, user, framework, rating="fully_met", except_=()):
    """Rate every standard (but `except_`) with evidence."""
    for s in framework.standards:
        if s.key not in except_:
            services.save_standard(ret, s.key, rating, f"Evidence for {s.title}", user)
