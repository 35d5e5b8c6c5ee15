"""Which framework pack an assessment uses: the placement's choice or the default for a new
one, and always its own pack for one already started."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from development_plans.assessments.errors import FrameworkUnavailable
from development_plans.assessments.models import Assessment
from development_plans.framework import Framework
from development_plans.framework.versions import framework_at_version

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


def framework_of(
    session: Session, assessment: Assessment, frameworks: Mapping[str, Framework]
) -> Framework:
    """The pack an assessment was made with, at the version it was made with: a newer version
    installed since never changes it. A pack no longer installed at all is unavailable."""
    try:
        return framework_at_version(
            session, frameworks, assessment.framework_id, assessment.framework_version
        )
    except KeyError:
        raise FrameworkUnavailable(
            f"The framework {assessment.framework_id!r} this self-assessment uses is no longer"
            " installed. Ask your administrator to add its content pack again."
        ) from None
