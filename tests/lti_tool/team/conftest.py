"""Fixtures for the team pages: launched browsers, a mentor persona, a learner with a plan
submitted for review, and a SQL statement counter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import event, select
from support.lti import Launcher, hidden_inputs, registered_platform
from support.plan_data import hlm, submit_assessment

from demo_lms.config import DEFAULT_PERSONAS, MENTOR, Persona
from development_plans import plans as plan_rules
from development_plans.assessments import latest_submitted
from development_plans.goals import GoalInput, add_goal
from development_plans.models import Course, User, utcnow

ASHA = "demo-learner-asha"
BEN = "demo-learner-ben"
DANA = Persona(
    id="dana",
    sub="demo-mentor-dana",
    given_name="Dana",
    family_name="Reyes",
    email="dana.reyes@example.nhs.uk",
    roles=(MENTOR,),
    mentees=(BEN,),
)


def text_of(html: str) -> str:
    """The visible text of a page, tags removed and entities decoded, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@dataclass
class Browser:
    """A launched person's browser on the tool."""

    launcher: Launcher
    base: str

    def get(self, path: str, **kwargs):
        return self.launcher.session.get(self.base + path, **kwargs)

    def post(self, path: str, data: dict | None = None, csrf_page: str = "/team/", **kwargs):
        """POST with this browser's CSRF token, taken from the page at ``csrf_page``."""
        fields = {"csrf_token": hidden_inputs(self.get(csrf_page).text).get("csrf_token", "")}
        return self.launcher.session.post(
            self.base + path, data={**fields, **(data or {})}, allow_redirects=False, **kwargs
        )

    def follow(self, response):
        assert response.status_code in (302, 303), response.text[:2000]
        return self.get(response.headers["Location"].removeprefix(self.base))


@pytest.fixture
def platform(app, tool, platform_key_path):
    """The demo platform with a mentor (Dana, mentoring Ben) besides the default personas."""
    with registered_platform(
        app, tool, key_path=platform_key_path, personas=(*DEFAULT_PERSONAS, DANA)
    ) as running:
        yield running


@pytest.fixture
def launch(platform, tool):
    def run(persona: str, on=None) -> Browser:
        launcher = Launcher(on or platform, tool)
        landed = launcher.launch(persona)
        assert landed.status_code == 200, landed.text[:2000]
        return Browser(launcher, tool.url)

    return run


def user_id(app, subject: str) -> int:
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.subject == subject))


def submitted_plan(app, subject: str, submit: bool = True) -> tuple[int, int]:
    """Give ``subject`` an assessment and a plan with one goal, submitted for review unless
    ``submit`` is false; returns (plan id, goal id)."""
    from lti_tool.extensions import db

    submit_assessment(app, subject, {"engaging-the-team": None})
    framework = hlm()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
        assessment = latest_submitted(db.session, user.id, course_id)
        plan = plan_rules.draft_plan(
            db.session,
            user=user,
            course_id=course_id,
            placement_id=None,
            framework=framework,
            results=assessment.dimension_results,
            assessment_id=assessment.id,
            cycle=assessment.cycle,
        )
        item = next(i for i in plan.items if i.included)
        behaviour = plan_rules.focus_behaviours(framework, item)[0]
        goal = add_goal(
            db.session,
            plan,
            item,
            GoalInput(
                specific="Lead the weekly huddle and ask everyone for one idea",
                measurable="Six huddles with notes",
                support="Time with my mentor",
                behaviour_ids=[behaviour.id],
                target_date=utcnow().date() + timedelta(days=60),
            ),
            user,
            framework,
            resource_keys=(),
            today=utcnow().date(),
        )
        if submit:
            plan_rules.submit_for_review(db.session, plan, user)
        db.session.commit()
        return plan.id, goal.id


class QueryCounter:
    """Counts SQL statements the app's engine runs while active."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *args) -> None:
        self.count += 1

    def __enter__(self):
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


@pytest.fixture
def queries(app):
    from lti_tool.extensions import db

    with app.app_context():
        engine = db.engine
    return QueryCounter(engine)
