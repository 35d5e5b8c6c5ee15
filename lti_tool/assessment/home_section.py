"""The home page's "Your self-assessment" section."""

from __future__ import annotations

from typing import Any

from development_plans.assessments import load_answers, unanswered
from development_plans.plans.next_step import StepKind, next_step
from lti_tool import views
from lti_tool.assessment.forms import StartForm
from lti_tool.assessment.links import resume_url
from lti_tool.auth import Viewer
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection


def home_section(viewer: Viewer) -> HomeSection:
    """Progress, results and a new cycle (the next step panel holds the primary button); managers
    are told it is not theirs to take."""
    if viewer.manages:
        return HomeSection("assessment/_home_section.html", order=10, data={"manager": True})
    cycles = views.learner_history(viewer)
    data: dict[str, Any] = {"manager": False, "cycles": cycles, "form": StartForm()}
    if cycles:
        latest = cycles[0]
        frameworks = views.installed_frameworks()
        if latest.framework_id in frameworks:
            framework = frameworks[latest.framework_id]
            data["continue_url"] = resume_url(latest, framework)
            if not latest.is_submitted:
                answers = load_answers(db.session, latest)
                data["total"] = sum(len(d.all_behaviours()) + 1 for d in framework.dimensions)
                data["left"] = len(unanswered(framework, answers))
                data["dimension_count"] = len(framework.dimensions)
        data["latest"] = latest
        if latest.is_submitted:
            glance = views.learner_glance(viewer)
            data["plan"] = glance.plan if glance else None
            step = next_step(latest, glance)
            data["new_cycle_is_next_step"] = step.kind is StepKind.NEW_ASSESSMENT
    return HomeSection("assessment/_home_section.html", order=10, data=data)
