"""Moderation: a moderator re-examines a sample of submitted audits, agrees or changes the
grades (with a reason for each change), adds learning points, and finalises the audit or
returns it to the auditor.

`rules` holds the rules (plain values in, plain values out): the moderation states, which
audits are selected for moderation, working days and the 10-working-day target, and the
agreement statistics between auditors' and moderators' grades.
"""
