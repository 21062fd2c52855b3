"""The roles a person can hold. A person may hold several; none means 'can read the plan'."""

ADMIN = "admin"
AUDITOR = "auditor"
MODERATOR = "moderator"
QA_VIEWER = "qa_viewer"
PRACTITIONER = "practitioner"
TEAM_MANAGER = "team_manager"

ROLES = {
    ADMIN: "Administrator",
    AUDITOR: "Auditor",
    MODERATOR: "Moderator",
    QA_VIEWER: "QA viewer",
    PRACTITIONER: "Practitioner",
    TEAM_MANAGER: "Team manager",
}

ROLE_HINTS = {
    ADMIN: "Manages people, teams, audit tools, questionnaires and the improvement plan",
    AUDITOR: "Completes case audits in dip-sample rounds",
    MODERATOR: "Checks completed audits and agrees or changes their grades",
    QA_VIEWER: "Reads results and reports, without changing them",
    PRACTITIONER: "Hands out questionnaire invites and answers practitioner surveys",
    TEAM_MANAGER: "Manages their team; told when a safeguarding alert for it is not acknowledged in time",
}
