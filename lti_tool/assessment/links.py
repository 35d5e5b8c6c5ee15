"""Where the self-assessment pages send a learner next."""

from __future__ import annotations

from flask import url_for

from development_plans.assessments import Assessment, MissingItem
from development_plans.framework import Framework
from lti_tool.assessment.forms import rating_field_name


def resume_url(assessment: Assessment, framework: Framework) -> str:
    """Where a learner continues: the page they saved last, or the check page at the end."""
    if assessment.is_submitted:
        return url_for("assessment.results", assessment_id=assessment.id)
    if assessment.current_dimension >= len(framework.dimensions):
        return url_for("assessment.check", assessment_id=assessment.id)
    return url_for(
        "assessment.dimension",
        assessment_id=assessment.id,
        number=assessment.current_dimension + 1,
    )


def item_url(assessment: Assessment, item: MissingItem) -> str:
    """A link to one unanswered question on its dimension page, returning to the check page."""
    anchor = "importance" if item.behaviour_id is None else rating_field_name(item.behaviour_id)
    return (
        url_for(
            "assessment.dimension",
            assessment_id=assessment.id,
            number=item.dimension_number,
            return_to="check",
        )
        + "#"
        + anchor
    )
