"""The help pages and who may read them. Plain values: no Flask, no database.

Every page is for administrators; a page about someone's own work is open to that role too
(an auditor reads about audit rounds, a practitioner about campaigns and invites)."""
from __future__ import annotations

from dataclasses import dataclass

from app.auth.roles import ADMIN, AUDITOR, MODERATOR, PRACTITIONER, QA_VIEWER, TEAM_MANAGER


@dataclass(frozen=True)
class HelpPage:
    name: str  # in the address: /help/<name>
    title: str  # "Audit tools"; the link reads "Help with audit tools"
    summary: str  # one line on the list of help pages
    roles: tuple[str, ...] = (ADMIN,)

    @property
    def link_text(self) -> str:
        return f"Help with {self.title[0].lower()}{self.title[1:]}"

    @property
    def template(self) -> str:
        return f"help/{self.name.replace('-', '_')}.html"


PAGES = (
    HelpPage("audit-tools", "Audit tools",
             "Sections, questions, guidance, scoring, limiting questions, measures and versions."),
    HelpPage("questionnaires", "Questionnaires",
             "Audience, scale, layout, statements, safety statements, translations and Easy Read."),
    HelpPage("the-plan", "The improvement plan",
             "Recommendations, actions, impact measures, KPIs and their figures."),
    HelpPage("people-and-teams", "People and teams",
             "Adding people, giving them roles, teams and deactivating an account."),
    HelpPage("audit-rounds", "Audit rounds and moderation",
             "Choosing a dip sample, moderation policies, and what happens to a submitted audit.",
             (ADMIN, AUDITOR, MODERATOR, QA_VIEWER)),
    HelpPage("campaigns", "Feedback campaigns and invites",
             "Running a campaign, handing out invites, and what happens to the answers.",
             (ADMIN, PRACTITIONER, TEAM_MANAGER)),
    HelpPage("reports", "Reports and board packs",
             "The six-monthly report, small numbers, and making a board pack.",
             (ADMIN, QA_VIEWER, MODERATOR)),
    HelpPage("bulk-import", "Importing and exporting files",
             "Moving a whole tool or questionnaire in or out as a file, for bulk work."),
)
BY_NAME = {page.name: page for page in PAGES}
READERS = tuple(dict.fromkeys(role for page in PAGES for role in page.roles))


def may_read(page: HelpPage, roles) -> bool:
    return any(role in page.roles for role in roles)


def readable(roles) -> list[HelpPage]:
    """The help pages a person with `roles` may read, in the order above."""
    return [page for page in PAGES if may_read(page, roles)]
