"""The Administration landing page: every admin destination under a plain heading.

The same list tells the service navigation which pages belong to "Administration", so a new admin
page added here is both linked and marked as the current section.
"""
from flask import current_app, url_for

# (heading, [(endpoint, link text, one-line description, endpoint prefixes that belong to it)])
SECTIONS = [
    ("The improvement plan", [
        ("plan.figures", "KPI figures",
         ("Enter or import each period's figures. Recommendations, actions, impact measures and KPIs "
          "are changed from their own pages in the improvement plan."), ("plan.figures",)),
    ]),
    ("Audits", [
        ("audits.tools", "Audit tools", "Import, publish and retire the audit tools auditors use.", ("audits.tool",)),
        ("audits.cases", "Cases", "The cases a dip sample can pick from, imported by reference from the case management system.",
         ("audits.case",)),
        ("audits.rounds", "Audit rounds",
         "Pick a round's dip sample and assign auditors. Each round's moderation policy is on the round's page.",
         ("audits.round", "moderation.policy")),
        ("partnership.index", "Multi-agency audits",
         "Start the partnership's themed multi-agency audits, give each agency's part to its auditor, and read the composite reports.",
         ("partnership.",)),
    ]),
    ("Feedback", [
        ("feedback.questionnaires", "Questionnaires",
         "Import, publish and retire the questionnaires children, young people and families answer.",
         ("feedback.questionnaire",)),
        ("feedback.campaigns", "Feedback campaigns", "Hand out a questionnaire for a period; practitioners issue invites in it.",
         ("feedback.campaign", "feedback.invite")),
        ("safeguarding.concern_words", "Concern words",
         "Words in an answer that raise a safeguarding alert.", ("safeguarding.concern_word",)),
        ("safeguarding.leads", "Safeguarding leads",
         "Each team's designated safeguarding leads, who are emailed about its alerts.", ("safeguarding.lead",)),
        ("feedback.comment_themes", "Comment themes", "The themes used to tag comments in the feedback results.",
         ("feedback.comment",)),
        ("feedback.you_said_we_did", "You said, we did", "What changed because of what people told us.",
         ("feedback.you_said",)),
    ]),
    ("People and access", [
        ("org.users", "People", "Add people, give them roles and deactivate them when they leave.", ("org.user",)),
        ("org.teams", "Teams", "Teams, their service area and district.", ("org.team",)),
        ("org.agency_list", "Partner agencies",
         "The safeguarding partnership's agencies (police, health, schools, district councils...), whose staff "
         "see only their agency's work.", ("org.agenc",)),
        ("auth.api_tokens", "API tokens", "Let another system read the improvement plan and KPI figures.",
         ("auth.api_token",)),
        ("activity.log", "Activity log", "Who opened, changed or downloaded case-level data, and who was refused.",
         ("activity.",)),
    ]),
    ("Figures for the QA group", [
        ("moderation.results", "Moderation results", "How each audit round's moderation went.",
         ("moderation.results", "moderation.round_results", "moderation.history")),
        ("moderation.agreement", "Moderation agreement", "How often moderators agreed with auditors over a period.",
         ("moderation.agreement",)),
        ("audits.action_figures", "Corrective action figures",
         "Corrective actions completed, open and overdue, by district and team.", ("audits.action_figures",)),
        ("feedback.period_results_page", "Feedback results",
         "What children, young people and families said over a period.", ("feedback.period_results",)),
        ("reports.index", "Reports", "Draft, publish and download the period reports.", ()),
        ("reports.packs", "Board packs",
         "Set up each board's pack of the report (its sections, area and cycle) and see which are due.", ()),
    ]),
    ("Help", [
        ("help.index", "Help for administrators",
         "How to build audit tools and questionnaires, run rounds and campaigns, and read the reports.", ("help.",)),
    ]),
]

# Pages that show "Administration" as the current section (the org blueprint is the landing page and people and teams).
ACTIVE_PREFIXES = ("org.", *(p for _, links in SECTIONS for *_, prefixes in links for p in prefixes))


def sections() -> list[dict]:
    """The headings and links for pages that exist (parts not built yet stay out)."""
    built = []
    for heading, links in SECTIONS:
        shown = [
            {"href": url_for(endpoint), "text": text, "description": description}
            for endpoint, text, description, _ in links
            if endpoint in current_app.view_functions
        ]
        if shown:
            built.append({"heading": heading, "links": shown})
    return built
