"""WTForms pieces for the auditor's journey.

The audit form is built from its tool version. Each question kind
(`rules.QUESTION_KINDS`) has an `AnswerKind` in `ANSWER_KINDS` that

- builds the question's field with a GOV.UK widget (radios, checkboxes, text input,
  day-month-year date, textarea),
- reads what was typed, as the audit service takes it (`typed`), and
- turns a stored answer back into what the field shows (`form_data`), so a draft
  reopens exactly as it was left, including answers that still need correcting.

The form has no validators of its own for answers: a draft keeps whatever was typed, and
`audit_service` reports what the rules refuse.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup, escape
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from app.audits import rules

ANSWER_PREFIX = "answer-"
EVIDENCE_PREFIX = "evidence-"
GOOD_PRACTICE = "What good looks like"


def answer_name(key: str) -> str:
    return ANSWER_PREFIX + key


def evidence_name(key: str) -> str:
    return EVIDENCE_PREFIX + key


# --- A day, month and year, kept as typed ---------------------------------------------------


class DayMonthYearField(Field):
    """Three inputs (GOV.UK date input). `data` is [day, month, year] as typed, so a
    half-typed date is shown again rather than lost; `date` is the date, or None."""

    widget = GovDateInput()

    def process_data(self, value):
        if isinstance(value, date):
            parts = [str(value.day), str(value.month), str(value.year)]
        elif isinstance(value, dict):
            parts = [str(value.get(k) or "") for k in ("day", "month", "year")]
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            year, month, day = value.split("-")
            parts = [day.lstrip("0") or "0", month.lstrip("0") or "0", year]
        else:
            parts = ["", "", ""]
        self.data = parts
        self.raw_data = parts

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.data = parts
        self.raw_data = parts

    @property
    def blank(self) -> bool:
        return not any(self.data or ())

    @property
    def date(self) -> date | None:
        try:
            day, month, year = (int(p) for p in self.data)
            if year < 1000:
                return None
            return date(year, month, day)
        except (TypeError, ValueError):
            return None

    def _value(self):
        return ""


# --- The question-kind registry -------------------------------------------------------------


def _guidance_html(question) -> str:
    """The question's guidance in a GOV.UK details component."""
    text = " ".join((question.guidance or "").split())
    if not text:
        return ""
    summary = "Guidance"
    if text.lower().startswith(GOOD_PRACTICE.lower()):
        summary = GOOD_PRACTICE
        text = text[len(GOOD_PRACTICE):].lstrip(" :")
        text = text[:1].upper() + text[1:]
    return (
        '<details class="govuk-details">'
        f'<summary class="govuk-details__summary"><span class="govuk-details__summary-text">{escape(summary)}</span></summary>'
        f'<div class="govuk-details__text">{escape(text)}</div>'
        "</details>"
    )


def question_label(question) -> str:
    return question.text + ("" if question.required else " (optional)")


class AnswerKind:
    """How one kind of question is asked and read back. Subclasses fill in the parts."""

    # Where the guidance goes in the GOV.UK macro's params: inside the fieldset, before the
    # options ("beforeInputs"), before a textarea ("beforeInput"), or None: after the field.
    guidance_slot: str | None = None

    def field(self, question) -> Any:
        raise NotImplementedError

    def typed(self, field) -> Any:
        """What was typed, as the audit service takes it; None for nothing."""
        return field.data or None

    def form_data(self, question, stored: Any) -> Any:
        """A stored answer (or the text kept when it was refused) as the field shows it."""
        return stored

    def params(self, question) -> dict:
        return {}

    def anchor(self, field) -> str:
        """The id of the element an error message links to."""
        return field.id

    def error(self, question, error: str) -> str:
        return error


ANSWER_KINDS: dict[str, AnswerKind] = {}


def answer_kind(*kinds: str):
    """Register an AnswerKind for question kinds."""

    def register(cls):
        for kind in kinds:
            ANSWER_KINDS[kind] = cls()
        return cls

    return register


def _legend(question, size: str = "s") -> dict:
    return {"fieldset": {"legend": {"text": question_label(question), "classes": f"govuk-fieldset__legend--{size}"}}}


@answer_kind(rules.GRADED, rules.YES_PARTLY_NO, rules.SINGLE_CHOICE)
class OneChoice(AnswerKind):
    guidance_slot = "beforeInputs"

    def field(self, question):
        return RadioField(question_label(question), choices=rules.answer_choices(question), widget=GovRadioInput(),
                          validators=[Optional()], validate_choice=False)

    def params(self, question):
        params = {**_legend(question), "hint": None}
        if question.kind == rules.YES_PARTLY_NO:
            params["classes"] = "govuk-radios--inline"
        return params

    def form_data(self, question, stored):
        return stored if isinstance(stored, str) else None


@answer_kind(rules.MULTIPLE_CHOICE)
class AnyChoices(AnswerKind):
    guidance_slot = "beforeInputs"

    def field(self, question):
        return SelectMultipleField(question_label(question), choices=rules.answer_choices(question),
                                   widget=GovCheckboxesInput(), validators=[Optional()], validate_choice=False)

    def params(self, question):
        return {**_legend(question), "hint": {"text": "Select all that apply"}}

    def typed(self, field):
        return list(field.data or []) or None

    def form_data(self, question, stored):
        return list(stored) if isinstance(stored, (list, tuple)) else []


@answer_kind(rules.NUMBER)
class NumberAnswer(AnswerKind):
    guidance_slot = None  # a GOV.UK text input puts anything before it inside its wrapper

    def field(self, question):
        return StringField(question_label(question), widget=GovTextInput())

    def params(self, question):
        return {
            "label": {"classes": "govuk-label--s"},
            "classes": "govuk-input--width-5",
            "inputmode": "numeric",
            "spellcheck": False,
        }

    def typed(self, field):
        return (field.data or "").strip() or None

    def form_data(self, question, stored):
        if stored is None:
            return ""
        if isinstance(stored, float) and stored.is_integer():
            stored = int(stored)
        return str(stored)


@answer_kind(rules.DATE)
class DateAnswer(AnswerKind):
    guidance_slot = "beforeInputs"

    def field(self, question):
        return DayMonthYearField(question_label(question))

    def params(self, question):
        return {**_legend(question), "hint": {"text": "For example, 27 3 2026"}}

    def typed(self, field):
        if field.blank:
            return None
        real = field.date
        if real is not None:
            return real.isoformat()
        day, month, year = field.data
        return {"day": day, "month": month, "year": year}

    def anchor(self, field):
        return f"{field.id}-day"

    def error(self, question, error):
        return error.replace("must be a date (YYYY-MM-DD)", "must be a real date, for example 27 3 2026")


@answer_kind(rules.TEXT)
class TextAnswer(AnswerKind):
    guidance_slot = "beforeInput"

    def field(self, question):
        return TextAreaField(question_label(question), widget=GovTextArea())

    def params(self, question):
        return {"label": {"classes": "govuk-label--s"}, "rows": 4}

    def typed(self, field):
        return (field.data or "").strip() or None

    def form_data(self, question, stored):
        return stored if isinstance(stored, str) else ""


# --- The audit form -------------------------------------------------------------------------


class LockedForm(FlaskForm):
    """A form that names the version of the audit it was opened on (see `EditConflict`)."""

    lock_version = HiddenField()

    def typed_lock_version(self) -> int | None:
        try:
            return int(self.lock_version.data)
        except (TypeError, ValueError):
            return None

    def set_lock_version(self, value: int) -> None:
        """Show a newer version in the hidden field (its posted value would win otherwise)."""
        self.lock_version.data = str(value)
        self.lock_version.raw_data = [str(value)]


class AuditFormBase(LockedForm):
    """A tool's questions: all of them, or one section's. `tool` and `questions` are set
    on the subclass."""

    state = HiddenField()

    tool = None
    questions: tuple = ()

    # Reading what was typed.

    def typed_answers(self) -> dict[str, Any]:
        return {q.key: ANSWER_KINDS[q.kind].typed(self[answer_name(q.key)]) for q in self.questions}

    def typed_evidence(self) -> dict[str, str]:
        return {
            q.key: (self[evidence_name(q.key)].data or "")
            for q in self.questions
            if evidence_name(q.key) in self
        }

    # Errors, as the page shows them.

    def show_invalid(self, invalid: dict[str, str]) -> None:
        for q in self.questions:
            if q.key in invalid:
                self[answer_name(q.key)].errors = [ANSWER_KINDS[q.kind].error(q, invalid[q.key])]

    def anchor(self, question_key: str, target: str = "answer") -> str:
        """The id of a question's answer (or evidence) field, for links to it."""
        if target == "evidence" and evidence_name(question_key) in self:
            return self[evidence_name(question_key)].id
        q = self.tool.question(question_key)
        return ANSWER_KINDS[q.kind].anchor(self[answer_name(question_key)])

    def error_list(self) -> list[dict]:
        errors = []
        for q in self.questions:
            for name, target in ((answer_name(q.key), "answer"), (evidence_name(q.key), "evidence")):
                if name in self and self[name].errors:
                    errors.append({"text": self[name].errors[0], "href": "#" + self.anchor(q.key, target)})
        return errors

    # Rendering.

    def render_answer(self, question) -> Markup:
        kind = ANSWER_KINDS[question.kind]
        field = self[answer_name(question.key)]
        params = kind.params(question)
        guidance = _guidance_html(question)
        if guidance and kind.guidance_slot:
            params["formGroup"] = {kind.guidance_slot: {"html": guidance}}
        html = field(params=params)
        if guidance and not kind.guidance_slot:
            html = Markup(html) + Markup(guidance)
        return Markup(html)

    def render_evidence(self, question) -> Markup:
        name = evidence_name(question.key)
        if name not in self:
            return Markup("")
        required = question.evidence == rules.EVIDENCE_REQUIRED
        label = Markup("Evidence{}<span class=\"govuk-visually-hidden\"> for: {}</span>").format(
            "" if required else " (optional)", question.text
        )
        hint = ("What you found in the record that supports your answer. Not needed for Not applicable."
                if required else "What you found in the record, if it helps explain your answer.")
        return Markup(self[name](params={"label": {"html": label}, "hint": {"text": hint}, "rows": 3}))


def audit_form_class(tool, section=None) -> type[AuditFormBase]:
    """The form for a tool version, or one of its sections: one answer field per question,
    and an evidence box where the question has one."""
    questions = tuple(section.questions if section is not None else (q for _, q in tool.all_questions()))
    fields: dict[str, Any] = {"tool": tool, "questions": questions}
    for question in questions:
        fields[answer_name(question.key)] = ANSWER_KINDS[question.kind].field(question)
        if question.evidence != rules.EVIDENCE_NONE:
            fields[evidence_name(question.key)] = TextAreaField(f"Evidence for: {question.text}", widget=GovTextArea())
    name = f"AuditForm_{tool.key}_{tool.version}" + (f"_{section.key}" if section is not None else "")
    return type(name, (AuditFormBase,), fields)


def audit_form_data(audit, questions) -> dict[str, Any]:
    """The stored audit as form data."""
    answers = audit.answers or {}
    evidence = audit.evidence or {}
    data: dict[str, Any] = {"lock_version": str(audit.lock_version), "state": audit.state}
    for q in questions:
        data[answer_name(q.key)] = ANSWER_KINDS[q.kind].form_data(q, answers.get(q.key))
        if q.evidence != rules.EVIDENCE_NONE:
            data[evidence_name(q.key)] = evidence.get(q.key, "")
    return data


def audit_form(audit, formdata=None, section=None) -> AuditFormBase:
    """The audit form (or one section's page of it): as stored, or as posted when
    `formdata` is given."""
    cls = audit_form_class(audit.tool_version.definition, section)
    if formdata is not None:
        return cls(formdata=formdata)
    return cls(formdata=None, data=audit_form_data(audit, cls.questions))


# --- The collaborative audit ----------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


class CollaborativeForm(LockedForm):
    """Whether the audit was done with the child's social worker, and their view."""

    collaborative = RadioField(
        "Did you do this audit with the child's social worker?",
        description="A collaborative audit: you looked at the record together and talked about it.",
        choices=YES_NO,
        widget=GovRadioInput(),
        validators=[Optional()],
        validate_choice=False,
    )
    worker_view = TextAreaField(
        "The social worker's view (optional)",
        description="What the social worker said about the case and about what this audit found.",
        widget=GovTextArea(),
    )

    def typed_collaborative(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.collaborative.data)


def collaborative_form(audit, formdata=None) -> CollaborativeForm:
    if formdata is not None:
        return CollaborativeForm(formdata=formdata)
    return CollaborativeForm(formdata=None, data={
        "lock_version": str(audit.lock_version),
        "collaborative": {True: "yes", False: "no"}.get(audit.collaborative),
        "worker_view": audit.worker_view or "",
    })


# --- Corrective actions ---------------------------------------------------------------------


class CorrectiveActionForm(FlaskForm):
    description = TextAreaField(
        "What needs to be done",
        description="For example, 'Hold a core group to agree the contingency plan with the family'.",
        widget=GovTextArea(),
    )
    owner_id = SelectField("Who will do it", widget=GovSelect(), validate_choice=False,
                           description="The case's team is listed first.")
    due_date = DayMonthYearField("Due date", description="For example, 27 3 2026")

    def validate_description(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter what needs to be done")

    def validate_owner_id(self, field):
        if not (field.data or "").isdigit():
            raise ValidationError("Choose who will do it")

    def validate_due_date(self, field):
        if field.blank:
            raise ValidationError("Enter the date it must be done by")
        if field.date is None:
            raise ValidationError("The due date must be a real date, for example 27 3 2026")

    def set_owners(self, people) -> None:
        self.owner_id.choices = [("", "Choose a person")] + [
            (str(p.id), f"{p.name} ({p.team.name})" if p.team else p.name) for p in people
        ]


# --- Submitting -----------------------------------------------------------------------------


class SubmitAuditForm(LockedForm):
    override_judgement = RadioField(
        "Your overall judgement", choices=list(rules.JUDGEMENTS.items()), widget=GovRadioInput(),
        validators=[Optional()], validate_choice=False,
    )
    override_reason = TextAreaField(
        "Your reason for a different judgement",
        description="Only needed if your judgement is not the one the grades give.",
        widget=GovTextArea(),
    )
