"""A teacher tells the class to open the activity now: learners launch at the same instant into a
course the tool has never seen, through gunicorn with several worker processes. Every launch
succeeds and each course, user, enrolment and placement exists exactly once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from support.gunicorn import Gunicorn
from support.lti import Launcher, registered_platform

from demo_lms.config import Persona

LEARNERS = 8
TRIALS = 8
CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
PERSONAS = tuple(
    Persona(
        id=f"l{i}",
        sub=f"class-learner-{i}",
        given_name="Learner",
        family_name=str(i),
        email=f"l{i}@example.nhs.uk",
        roles=(LEARNER,),
    )
    for i in range(LEARNERS)
)


def prepared_launch(platform, tool, persona: str, trial: int) -> tuple[Launcher, dict]:
    """Log in and sign the id_token for this trial's new course; the POST is left to the race."""
    launcher = Launcher(platform, tool)
    params = launcher.login(persona)
    claims = platform.id_token_claims_for(persona, params["nonce"])
    claims[CONTEXT] = {"id": f"new-course-{trial}", "title": f"Cohort {trial}"}
    claims["sub"] = f"{claims['sub']}-trial-{trial}"
    return launcher, {"id_token": platform.sign_id_token(claims), "state": params["state"]}


def test_a_class_launching_at_once_into_a_new_course(app, database_url, tmp_path):
    from development_plans.courses import Course, Placement
    from development_plans.people import Enrolment, User
    from lti_tool.extensions import db
    from lti_tool.sessions import WebSession

    env = {
        "DATABASE_URL": database_url,
        "DP_INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "concurrency-test",
    }
    statuses: list[int] = []
    with (
        Gunicorn(env, workers=4) as tool,
        registered_platform(app, tool, personas=PERSONAS) as platform,
    ):
        for trial in range(TRIALS):
            launches = [prepared_launch(platform, tool, p.id, trial) for p in PERSONAS]
            start = threading.Barrier(LEARNERS)

            def post(launch, start=start):
                launcher, fields = launch
                start.wait()
                return launcher.post_launch(fields["id_token"], fields["state"]).status_code

            with ThreadPoolExecutor(LEARNERS) as pool:
                statuses += list(pool.map(post, launches))

    assert statuses == [200] * (LEARNERS * TRIALS)
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(Course) == TRIALS
        assert count(User) == LEARNERS * TRIALS
        assert count(Enrolment) == LEARNERS * TRIALS
        assert count(Placement) == TRIALS
        assert count(WebSession) >= LEARNERS * TRIALS
