"""The home page's "Your next step" panel: one primary button that follows where the learner is
(continue the assessment, draft the plan, revise it, record progress...)."""

from __future__ import annotations

from flask import url_for

from development_plans.plans.next_step import NextStep, StepKind, next_step
from lti_tool import views
from lti_tool.assessment.links import resume_url
from lti_tool.auth import Viewer
from lti_tool.home.sections import HomeSection

#: Steps that are a form posted to start a self-assessment rather than a link.
STARTS_ASSESSMENT = {StepKind.START_ASSESSMENT, StepKind.NEW_ASSESSMENT}


def step_url(step: NextStep, who: Viewer, latest, glance) -> str:
    """Where the next step's button leads."""
    if step.kind in STARTS_ASSESSMENT:
        return url_for("assessment.start")
    if step.kind is StepKind.CONTINUE_ASSESSMENT:
        framework = views.installed_frameworks().get(latest.framework_id)
        return resume_url(latest, framework) if framework else url_for("home.index")
    if step.kind is StepKind.DRAFT_PLAN:
        return url_for("plan.index")
    if step.kind is StepKind.RECORD_PROGRESS:
        return url_for("goals.progress", goal_id=step.goal.id)
    return url_for("plan.show", plan_id=glance.plan.id)


def next_step_section(who: Viewer) -> HomeSection | None:
    """The learner's next step, first on the home page; managers have none here."""
    if who.manages:
        return None
    cycles = views.learner_history(who)
    latest = cycles[0] if cycles else None
    glance = views.learner_glance(who)
    step = next_step(latest, glance)
    return HomeSection(
        "plan/_next_step.html",
        order=5,
        data={
            "step": step,
            "url": step_url(step, who, latest, glance),
            "post": step.kind in STARTS_ASSESSMENT,
            "plan": glance.plan if glance else None,
        },
    )
