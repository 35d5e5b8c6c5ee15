"""A registration can change without losing anyone's work: the same course reached through a new
registration and deployment is a new, empty course until the administrator says, with `flask
platform continue`, that the new deployment continues the old one."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select
from support.assessment_pages import Learner, assessment_id_in
from support.lti import Launcher, browser, hidden_inputs, registered_platform
from support.team_data import submitted_plan


def dynamically_register(platform, tool) -> None:
    """Moodle's admin adds the tool again through Dynamic Registration; both admins approve."""
    session = browser()
    page = session.get(f"{platform.url}/register-tool", params={"url": f"{tool.url}/lti/register"})
    frame = html.unescape(re.search(r'<iframe[^>]*src="([^"]+)"', page.text).group(1))
    done = session.post(f"{tool.url}/lti/register", data=hidden_inputs(session.get(frame).text))
    assert done.status_code == 200, done.text[:800]
    platform.control(use_registration=1)


def cli(app, *args):
    return app.test_cli_runner().invoke(args=["platform", *args])


def continue_args(old, new_client="dynamic-client-1", new_deployment="dynamic-deployment-1"):
    issuer, client_id, deployment_id = old
    return (
        "continue",
        *("--old-issuer", issuer, "--old-client-id", client_id, "--old-deployment", deployment_id),
        *("--new-client-id", new_client, "--new-deployment", new_deployment, "--yes"),
    )


def launched(platform, tool, persona):
    launcher = Launcher(platform, tool)
    landing = launcher.launch(persona)
    assert landing.status_code == 200, landing.text[:1500]
    return Learner(launcher, landing)


def course_keys(app):
    from development_plans.courses import Course
    from lti_tool.extensions import db

    with app.app_context():
        rows = db.session.execute(
            select(Course.issuer, Course.client_id, Course.deployment_id).order_by(Course.id)
        )
        return [tuple(r) for r in rows]


def test_reregistered_course_keeps_every_plan_and_assessment(app, platform, tool):
    old = (platform.issuer, platform.client_id, platform.deployment_id)
    for persona in ("carys", "ben"):
        launched(platform, tool, persona)
    asha = launched(platform, tool, "asha")
    plan_id, goal_id = submitted_plan(app, "demo-learner-asha")
    ben = launched(platform, tool, "ben")
    ben_assessment = assessment_id_in(ben.start().url)

    dynamically_register(platform, tool)
    approved = cli(app, "activate", "--issuer", platform.issuer, "--client-id", "dynamic-client-1")
    assert approved.exit_code == 0, approved.output
    asha = launched(platform, tool, "asha")
    assert asha.get(f"/plan/{plan_id}").status_code == 404, "a new, empty course"
    assert len(course_keys(app)) == 2

    done = cli(app, *continue_args(old))
    assert done.exit_code == 0, done.output
    assert "Moved 1 course(s)" in done.output and "Merged away the empty course" in done.output
    new = (platform.issuer, "dynamic-client-1", "dynamic-deployment-1")
    assert course_keys(app) == [new]

    asha = launched(platform, tool, "asha")
    plan = asha.get(f"/plan/{plan_id}")
    assert plan.status_code == 200 and "Lead the weekly huddle" in plan.text
    ben = launched(platform, tool, "ben")
    assert ben.get(f"/assessment/{ben_assessment}/dimensions/1").status_code == 200
    carys = launched(platform, tool, "carys")
    team = carys.get("/team/")
    assert "Asha Patel" in team.text and "Ben Okafor" in team.text
    tokens = [e for e in platform.state_snapshot()["service_log"] if e["endpoint"] == "token"]
    assert tokens[-1]["assertion"]["iss"] == "dynamic-client-1", "roster via the new one"

    platform.use(client_id=old[1], deployment_id=old[2])  # an activity still on the old type
    assert launched(platform, tool, "asha").get(f"/plan/{plan_id}").status_code == 200
    assert course_keys(app) == [new]
    shown = cli(app, "show")
    assert "deployment dynamic-deployment-1: active, 1 course(s)" in shown.output
    assert f"{platform.issuer} client demo-client deployment 1  ->  " in shown.output
    _assert_everything_in_one_course(app)


def _assert_everything_in_one_course(app):
    from development_plans.assessments import Assessment
    from development_plans.courses import Course
    from development_plans.plans import Plan
    from lti_tool.extensions import db

    with app.app_context():
        course_ids = set(db.session.scalars(select(Course.id)))
        for model in (Plan, Assessment):
            assert set(db.session.scalars(select(model.course_id))) == course_ids


def test_work_already_done_under_the_new_deployment_is_refused_or_set_aside(app, platform, tool):
    old = (platform.issuer, platform.client_id, platform.deployment_id)
    launched(platform, tool, "asha")
    plan_id, _ = submitted_plan(app, "demo-learner-asha")
    dynamically_register(platform, tool)
    cli(app, "activate", "--issuer", platform.issuer, "--client-id", "dynamic-client-1")
    launched(platform, tool, "asha").start()  # a fresh assessment in the empty new course

    refused = cli(app, *continue_args(old))
    assert refused.exit_code != 0
    assert "already has courses with work in them" in refused.output
    assert len(course_keys(app)) == 2, "nothing changed"

    done = cli(app, *continue_args(old), "--set-aside")
    assert done.exit_code == 0, done.output
    assert "Set aside course" in done.output
    assert launched(platform, tool, "asha").get(f"/plan/{plan_id}").status_code == 200


def test_a_site_with_a_new_issuer_keeps_its_people_by_sub_and_can_move_back(
    app, platform, tool, platform_key_path
):
    """A re-registered site with another address (issuer): people keep their sub, and the
    continuation is reversed by continuing back."""
    from development_plans.people import User
    from lti_tool.extensions import db

    old = (platform.issuer, platform.client_id, platform.deployment_id)
    launched(platform, tool, "asha")
    plan_id, _ = submitted_plan(app, "demo-learner-asha")
    with app.app_context():
        asha_id = db.session.scalar(select(User.id).where(User.subject == "demo-learner-asha"))
    with registered_platform(app, tool, key_path=platform_key_path, client_id="moved") as moved:
        launched(moved, tool, "asha")  # an empty course and an empty Asha under the new issuer
        done = app.test_cli_runner().invoke(
            args=["platform", *continue_args(old, "moved", "1"), "--new-issuer", moved.issuer]
        )
        assert done.exit_code == 0, done.output
        assert "1 person(s)" in done.output
        asha = launched(moved, tool, "asha")
        assert asha.get(f"/plan/{plan_id}").status_code == 200
        with app.app_context():
            users = db.session.execute(select(User.id, User.issuer)).all()
        assert [tuple(u) for u in users] == [(asha_id, moved.issuer)]

        back = app.test_cli_runner().invoke(
            args=[
                "platform",
                *continue_args((moved.issuer, "moved", "1"), old[1], old[2]),
                "--new-issuer",
                old[0],
            ]
        )
        assert back.exit_code == 0, back.output
        assert "reverses the earlier continuation" in back.output
        assert course_keys(app) == [old]
        assert launched(platform, tool, "asha").get(f"/plan/{plan_id}").status_code == 200
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_continue_refuses_an_unregistered_new_deployment(app, platform):
    old = (platform.issuer, platform.client_id, platform.deployment_id)
    refused = cli(app, *continue_args(old, "nobody", "9"))
    assert refused.exit_code != 0 and "register it first" in refused.output
    same = cli(app, *continue_args(old, old[1], old[2]))
    assert same.exit_code != 0 and "cannot continue itself" in same.output
