"""Who is on a team: the course's learners, or only a mentor's mentees; never the manager."""

from __future__ import annotations

from sqlalchemy import select
from support.plan_data import course, person

from development_plans import team
from development_plans.people import Enrolment


def test_team_is_the_course_learners_or_only_a_mentors_mentees(db):
    here, there = course(db, "c1"), course(db, "c2")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    person(db, "Olu", there)
    carys = person(db, "Carys", here, "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == carys.id))
    whole = team.team_of(enrolment, mentor_only=False)
    assert {team.team_member(db, whole, u.id) for u in (asha, ben)} == {asha, ben}
    assert team.team_member(db, whole, carys.id) is None
    enrolment.mentee_subjects = [ben.subject]
    mentor = team.team_of(enrolment, mentor_only=True)
    assert team.team_member(db, mentor, asha.id) is None
    assert team.team_member(db, mentor, ben.id) == ben
    enrolment.mentee_subjects = []
    assert team.team_member(db, team.team_of(enrolment, mentor_only=True), ben.id) is None
    assert team.team_counts(db, whole) == (2, 0)
