"""Helpers for tests of the audit tool editor's pages: send a form as a browser would."""
from conftest import page

from app.audits import tool_service
from app.core.db import db


def form_values(response, selector: str = "main form[method=post]:not(.app-inline-form)") -> dict:
    """What a browser would send from the page's form as it is: every field's current value."""
    form = page(response).select_one(selector)
    values = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            values[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                values[name] = field.get("value", "")
        else:
            values[name] = field.get("value", "")
    return values


def fill(client, url: str, changes: dict):
    """Open a form page, change some fields, and send it."""
    values = form_values(client.get(url))
    values.update(changes)
    return client.submit(url, values)


def draft_of(key: str):
    db.session.expire_all()
    return tool_service.tool_by_key(key).draft


def field_error(response, field_id: str) -> str:
    group = page(response).select_one(f"#{field_id}").find_parent(class_="govuk-form-group")
    message = group.select_one(".govuk-error-message")
    return message.get_text(" ", strip=True).removeprefix("Error:").strip() if message else ""
