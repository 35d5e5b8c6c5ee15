"""A manager opens the team dashboard of a new course (which fetches the roster from the LMS) at
the same instant as the class launches: the roster sync and the launches write the same users and
enrolments from several gunicorn workers. Every request succeeds, each person and enrolment exists
once, and what a launch says about a person (launched, their role) is never overridden by the
roster."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from support.gunicorn import Gunicorn
from support.lti import Launcher, registered_platform

from demo_lms.config import Persona

LEARNERS = 8
TRIALS = 6
CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
MANAGER = Persona(
    id="m",
    sub="race-manager",
    given_name="Ward",
    family_name="Manager",
    email="manager@example.nhs.uk",
    roles=(INSTRUCTOR,),
)
PERSONAS = (
    MANAGER,
    *(
        Persona(
            id=f"l{i}",
            sub=f"race-learner-{i}",
            given_name="Learner",
            family_name=str(i),
            email=f"l{i}@example.nhs.uk",
            roles=(LEARNER,),
        )
        for i in range(LEARNERS)
    ),
)


def subject(persona: Persona, trial: int) -> str:
    return persona.sub if persona is MANAGER else f"{persona.sub}-trial-{trial}"


def signed_launch(platform, tool, persona: Persona, trial: int) -> tuple[Launcher, dict]:
    launcher = Launcher(platform, tool)
    params = launcher.login(persona.id)
    claims = platform.id_token_claims_for(persona.id, params["nonce"])
    claims[CONTEXT] = {"id": f"race-course-{trial}", "title": f"Cohort {trial}"}
    claims["sub"] = subject(persona, trial)
    return launcher, {"id_token": platform.sign_id_token(claims), "state": params["state"]}


def roster(trial: int) -> list[dict]:
    """The LMS lists everyone in the course, learners as Learner (the roster would make a learner
    who launched as a manager a mere member, were it allowed to override the launch)."""
    return [
        {"user_id": subject(p, trial), "roles": [INSTRUCTOR if p is MANAGER else LEARNER]}
        for p in PERSONAS
    ]


def race(platform, tool, trial: int) -> list[int]:
    manager, fields = signed_launch(platform, tool, MANAGER, trial)
    assert manager.post_launch(fields["id_token"], fields["state"]).status_code == 200
    platform.control(set_members=roster(trial))
    launches = [signed_launch(platform, tool, p, trial) for p in PERSONAS[1:]]
    start = threading.Barrier(LEARNERS + 1)

    def launch(prepared):
        launcher, fields = prepared
        start.wait()
        return launcher.post_launch(fields["id_token"], fields["state"]).status_code

    def open_dashboard():
        start.wait()
        return manager.session.get(f"{tool.url}/team/").status_code

    with ThreadPoolExecutor(LEARNERS + 1) as pool:
        dashboard = pool.submit(open_dashboard)
        statuses = list(pool.map(launch, launches))
    return [dashboard.result(), *statuses]


def test_a_roster_sync_racing_the_class_launching(app, database_url, tmp_path):
    from development_plans.people import Enrolment, User
    from lti_tool.extensions import db

    env = {
        "DATABASE_URL": database_url,
        "DP_INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "roster-race-test",
    }
    statuses: list[int] = []
    with (
        Gunicorn(env, workers=4) as tool,
        registered_platform(app, tool, personas=PERSONAS) as platform,
    ):
        for trial in range(TRIALS):
            statuses += race(platform, tool, trial)
        roster_fetches = platform.state_snapshot()["calls"].get("memberships", 0)

    assert roster_fetches >= TRIALS  # every dashboard really synced the roster during the race
    assert statuses == [200] * ((LEARNERS + 1) * TRIALS)
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(User) == 1 + LEARNERS * TRIALS
        assert count(Enrolment) == (1 + LEARNERS) * TRIALS
        learners = db.session.execute(
            select(Enrolment.launched, Enrolment.tool_role, Enrolment.active)
            .join(User, User.id == Enrolment.user_id)
            .where(User.subject.like("race-learner-%"))
        ).all()
        assert set(learners) == {(True, "learner", True)}
        managers = db.session.execute(
            select(Enrolment.launched, Enrolment.tool_role)
            .join(User)
            .where(User.subject == MANAGER.sub)
        ).all()
        assert set(managers) == {(True, "manager")}
