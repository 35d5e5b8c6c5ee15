"""Each launch records who launched, the course and their roles; mentors are scoped to mentees."""

from __future__ import annotations

from sqlalchemy import select
from support.lti import Launcher, registered_platform
from support.servers import LiveServer

from demo_lms.config import DEFAULT_PERSONAS, MENTOR, Persona


def enrolment_of(app, subject: str):
    from development_plans.people import Enrolment, User
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.execute(
            select(Enrolment.tool_role, Enrolment.mentees_only, Enrolment.mentee_subjects)
            .join(User, Enrolment.user_id == User.id)
            .where(User.subject == subject)
        ).one()


def test_launches_upsert_identity_and_scope_mentors(app, platform_key_path):
    mentors = (
        Persona(
            "mo",
            "demo-mentor-mo",
            "Mo",
            "Ahmed",
            "mo@example.nhs.uk",
            (MENTOR,),
            ("demo-learner-ben",),
        ),
        Persona("nia", "demo-mentor-nia", "Nia", "Evans", "nia@example.nhs.uk", (MENTOR,)),
    )
    with (
        LiveServer(app, public_host="localhost") as tool,
        registered_platform(
            app, tool, key_path=platform_key_path, personas=DEFAULT_PERSONAS + mentors
        ) as platform,
    ):
        for persona in ("carys", "mo", "nia", "asha", "asha"):
            assert Launcher(platform, tool).launch(persona).status_code == 200
    assert enrolment_of(app, "demo-manager-carys") == ("manager", False, [])
    assert enrolment_of(app, "demo-mentor-mo") == ("manager", True, ["demo-learner-ben"])
    assert enrolment_of(app, "demo-mentor-nia") == ("manager", True, [])
    assert enrolment_of(app, "demo-learner-asha") == ("learner", False, [])
