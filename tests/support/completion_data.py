"""Rows for completion and grade tests: a placement whose launch offered AGS, and people in it."""

from __future__ import annotations

from development_plans.courses import Course, Placement
from development_plans.people import Enrolment, User
from lti_tool.lti.vocabulary import LINEITEM_SCOPE, SCORE_SCOPE

AGS_SCOPES = [SCORE_SCOPE, LINEITEM_SCOPE]


def graded_placement(session, **fields) -> Placement:
    """A placement in a new course whose launch offered a line item and the score scope (``fields``
    override either)."""
    course = Course(issuer="https://lms.example", client_id="c", deployment_id="1", context_id="x")
    session.add(course)
    session.flush()
    placement = Placement(
        course_id=course.id,
        resource_link_id="link",
        **{"lineitem_url": "https://lms.example/li/1", "ags_scopes": AGS_SCOPES, **fields},
    )
    session.add(placement)
    session.flush()
    return placement


def enrolled(session, placement: Placement, role: str = "learner", subject: str = "s1") -> int:
    """A person enrolled in the placement's course with ``role``; returns their user id."""
    user = User(issuer="https://lms.example", subject=subject)
    session.add(user)
    session.flush()
    session.add(Enrolment(user_id=user.id, course_id=placement.course_id, tool_role=role))
    session.flush()
    return user.id
