"""Which framework pack an assessment uses: the placement's choice or the default for a new
one, and always its own pack for one already started."""

from __future__ import annotations

from collections.abc import Mapping

from development_plans.assessments.errors import FrameworkUnavailable
from development_plans.assessments.models import Assessment
from development_plans.framework import Framework

#: The pack a placement uses unless it names another one.
DEFAULT_FRAMEWORK_ID = "nhs-healthcare-leadership-model"


def framework_for_placement(
    frameworks: Mapping[str, Framework], placement_framework_id: str | None = None
) -> Framework:
    """The pack a new assessment in a placement uses: the placement's choice, else the default."""
    if placement_framework_id is not None:
        try:
            return frameworks[placement_framework_id]
        except KeyError:
            raise FrameworkUnavailable(
                f"The framework {placement_framework_id!r} chosen for this activity is not"
                " installed. Ask your administrator to add its content pack."
            ) from None
    if DEFAULT_FRAMEWORK_ID in frameworks:
        return frameworks[DEFAULT_FRAMEWORK_ID]
    if len(frameworks) == 1:
        return next(iter(frameworks.values()))
    raise FrameworkUnavailable(
        f"No framework is chosen for this activity and the default {DEFAULT_FRAMEWORK_ID!r}"
        " is not installed. Ask your administrator to add a content pack."
    )


def framework_of(assessment: Assessment, frameworks: Mapping[str, Framework]) -> Framework:
    """The pack an assessment was started with (ids stay stable across wording corrections)."""
    try:
        return frameworks[assessment.framework_id]
    except KeyError:
        raise FrameworkUnavailable(
            f"The framework {assessment.framework_id!r} this self-assessment uses is no longer"
            " installed. Ask your administrator to add its content pack again."
        ) from None
