"""The small-numbers rule, one setting for every page and format.

A figure about children, young people or parents and carers built on fewer respondents than
`SUPPRESSION_THRESHOLD` (default 5) is never shown, so nobody can be picked out of a table.
Campaign results, feedback results for a period and the reports all read it from here.
"""
from flask import current_app

DEFAULT_SUPPRESSION_THRESHOLD = 5


def suppression_threshold() -> int:
    return int(current_app.config.get("SUPPRESSION_THRESHOLD", DEFAULT_SUPPRESSION_THRESHOLD))
