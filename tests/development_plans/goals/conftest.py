"""The goal domain tests' fixtures: a database session and a drafted plan with its people."""

from __future__ import annotations

import pytest
from support.plan_data import course, db, hlm, person, results

from development_plans.plans import draft_plan

__all__ = ["db", "plan_and_people"]


@pytest.fixture
def plan_and_people(db):
    here = course(db)
    asha = person(db, "Asha", here)
    carys = person(db, "Carys", here, "manager")
    fw = hlm()
    plan = draft_plan(
        db, user=asha, course_id=here.id, placement_id=None, framework=fw, results=results(fw)
    )
    return plan, asha, carys, fw
