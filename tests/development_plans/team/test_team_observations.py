"""A manager's own view of a member's levels: one per observer and dimension, validated."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.plan_data import course, person

from development_plans import team
from development_plans.people import Enrolment
from development_plans.plans import InvalidChange, NotAllowed


def test_observations_are_per_observer_and_validated(db, fw):
    here = course(db, "c1")
    asha, carys = person(db, "Asha", here), person(db, "Carys", here, "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == carys.id))
    mine = team.team_of(enrolment, mentor_only=False)
    dimension = fw.dimensions[0].id
    with pytest.raises(InvalidChange):
        team.record_observation(db, mine, asha, carys, fw, {dimension: "nope"})
    with pytest.raises(NotAllowed):
        team.record_observation(db, mine, carys, asha, fw, {dimension: "strong"})
    assert team.record_observation(db, mine, asha, carys, fw, {dimension: "strong"}) == 1
    assert team.record_observation(db, mine, asha, carys, fw, {dimension: "strong"}) == 0
    views = team.observations_for(db, here.id, asha.id, fw.id)
    assert [(v.level_id, v.observer.name) for v in views[dimension]] == [("strong", "Carys")]
