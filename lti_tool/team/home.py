"""The team's part of the home page: "Your team" for managers, with a link straight to what
waits for their review; the latest messages on their plan for learners."""

from __future__ import annotations

from development_plans import conversations
from development_plans import team as team_rules
from lti_tool.auth import Viewer
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection
from lti_tool.team.access import team_for
from lti_tool.views import learner_glance


def home_section(viewer: Viewer) -> HomeSection | None:
    """Managers: "Your team" first, with counts and a button straight to the plans waiting for
    their review. Learners: the latest messages on their current plan."""
    if viewer.manages:
        members, waiting = team_rules.team_counts(db.session, team_for(viewer))
        return HomeSection(
            "team/_home_section.html", order=5, data={"members": members, "waiting": waiting}
        )
    glance = learner_glance(viewer)  # the newest plan, read once for the whole page
    plan_id = glance.plan.id if glance else None
    threads = conversations.threads_for(db.session, plan_id) if plan_id else []
    comments = sorted((m for t in threads for m in t.messages), key=lambda m: (m.created_at, m.id))
    if not comments:
        return None
    return HomeSection(
        "team/_review_feedback.html", order=21, data={"comments": comments, "plan_id": plan_id}
    )
