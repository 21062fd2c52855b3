"""The roles a person can hold. A person may hold several; none means 'can read the plan'."""

ADMIN = "admin"
AUDITOR = "auditor"
MODERATOR = "moderator"
QA_VIEWER = "qa_viewer"
PRACTITIONER = "practitioner"
TEAM_MANAGER = "team_manager"
# The safeguarding partnership's people (partner staff hold only these; see app/org/scope.py).
PARTNER_AUDITOR = "partner_auditor"
AGENCY_LEAD = "agency_lead"
PARTNERSHIP_PANEL = "partnership_panel"
# The only roles partner staff (people with an agency) may hold; the panel may be council staff too.
PARTNER_ROLES = frozenset({PARTNER_AUDITOR, AGENCY_LEAD, PARTNERSHIP_PANEL})

ROLES = {
    ADMIN: "Administrator",
    AUDITOR: "Auditor",
    MODERATOR: "Moderator",
    QA_VIEWER: "QA viewer",
    PRACTITIONER: "Practitioner",
    TEAM_MANAGER: "Team manager",
    PARTNER_AUDITOR: "Partner auditor",
    AGENCY_LEAD: "Agency safeguarding lead",
    PARTNERSHIP_PANEL: "Partnership panel member",
}

ROLE_HINTS = {
    ADMIN: "Manages people, teams, audit tools, questionnaires and the improvement plan",
    AUDITOR: "Completes case audits in dip-sample rounds",
    MODERATOR: "Checks completed audits and agrees or changes their grades",
    QA_VIEWER: "Reads results and reports, without changing them",
    PRACTITIONER: "Hands out questionnaire invites and answers practitioner surveys",
    TEAM_MANAGER: "Manages their team; told when a safeguarding alert for it is not acknowledged in time",
    PARTNER_AUDITOR: "Completes their agency's part of multi-agency case audits; sees only their agency's work",
    AGENCY_LEAD: "Completes their agency's Section 11 self-assessment and answers the partnership's challenge",
    PARTNERSHIP_PANEL: "Reviews agencies' Section 11 self-assessments for the partnership, agreeing or challenging them",
}
