"""Who may review and read a plan: a mentor only their mentees."""

from __future__ import annotations

from sqlalchemy import select
from support.plan_data import draft, person

from development_plans import plans
from development_plans.people import Enrolment


def test_a_mentor_reviews_only_their_mentees(db, fw, people):
    asha, ben = people["asha"], people["ben"]
    mentor = person(db, "Mo", people["course"], "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == mentor.id))
    enrolment.mentees_only = True
    enrolment.mentee_subjects = [ben.subject]
    plan = draft(db, fw, asha, people["course"])
    assert not plans.may_review(db, plan, mentor)
    assert plans.may_review(db, plan, people["carys"])
    assert not plans.may_view(db, plan, ben)
    ben_plan = draft(db, fw, ben, people["course"])
    assert plans.may_review(db, ben_plan, mentor)


def test_a_mentor_with_no_mentees_reviews_nobody(db, fw, people):
    mentor = person(db, "Mo", people["course"], "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == mentor.id))
    enrolment.mentees_only = True
    enrolment.mentee_subjects = []
    plan = draft(db, fw, people["asha"], people["course"])
    assert not plans.may_review(db, plan, mentor)
    assert not plans.may_view(db, plan, mentor)
