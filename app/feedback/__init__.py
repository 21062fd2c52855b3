"""Feedback from children, young people, parents, carers and practitioners.

Short questionnaires link each statement to a feedback measure of the improvement plan;
the share of positive answers is the measure's value. Some statements are safety signals,
and free text is checked against the concern words an administrator keeps.

`rules` holds the rules (plain values in, plain values out: scales, positive answers,
shares and Wilson intervals, reading level, safety signals, response rates);
`questionnaires` reads and writes the questionnaire files in `surveys/`.
"""
