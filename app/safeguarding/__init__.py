"""Safeguarding: a response that says the respondent may not be safe raises an alert that
must reach a person, be acknowledged and be followed up.

`rules` holds the rules (escalation steps and timing, office hours, the respondent's wish
to be contacted); `services` raising, telling, acknowledging and closing alerts;
`escalation` and `retention` the scheduled jobs; `views` the staff pages. Recognising
concern in free text is the feedback domain's (`app.feedback.concerns`).
"""
