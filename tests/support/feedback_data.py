"""Data for the 360 feedback tests: the small test pack with the four rater groups of the HLM
pack, so property tests run over few behaviours."""

from __future__ import annotations

import dataclasses

from support.assessment_data import SMALL

from development_plans.db import utcnow
from development_plans.framework import RaterGroup
from development_plans.people import Enrolment

GROUPS = (
    RaterGroup("line-manager", "Line manager", identifiable=True),
    RaterGroup("peers", "Peers"),
    RaterGroup("direct-reports", "Direct reports"),
    RaterGroup("others", "Others"),
)
FRAMEWORK = dataclasses.replace(SMALL, rater_groups=GROUPS)
BEHAVIOURS = [b.id for b in FRAMEWORK.all_behaviours()]
DIMENSIONS = [d.id for d in FRAMEWORK.dimensions]

#: The tests' present: requests open now, so calls without ``now`` see them open.
NOW = utcnow()


def enrol(session, user, where, role: str = "learner", **extra) -> Enrolment:
    """Enrol ``user`` in the course ``where`` with a tool role."""
    enrolment = Enrolment(user_id=user.id, course_id=where.id, tool_role=role, **extra)
    enrolment.user = user
    enrolment.course = where
    session.add(enrolment)
    session.flush()
    return enrolment
