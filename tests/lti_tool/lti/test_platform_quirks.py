"""Real platforms' habits, each emulated by the demo LMS (its ``flavour`` and settings) or the
second platform, and handled by the tool (``lti_tool/lti/quirks.py``)."""

from __future__ import annotations

import io
import re
import uuid
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from support.lti import Launcher, browser, form_action, hidden_inputs, register, registered_platform
from support.second_platform import INSTRUCTOR, LEARNER, SecondPlatform
from support.team_data import submitted_plan

from demo_lms import INSTRUCTOR as DEMO_INSTRUCTOR
from demo_lms import LEARNER as DEMO_LEARNER
from demo_lms import Persona

LABEL = re.compile(r"Person [0-9A-F]{4}-[0-9A-F]{4}")


@contextmanager
def demo_lms(app, tool, platform_key_path, **config):
    with registered_platform(app, tool, key_path=platform_key_path, **config) as running:
        yield running


def add_deployment(app, deployment_id: str) -> None:
    """Deploy the registered tool once more (another institution or a GUID deployment)."""
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment, LtiRegistration

    with app.app_context():
        registration = db.session.scalar(select(LtiRegistration))
        registration.deployments.append(LtiDeployment(deployment_id=deployment_id))
        db.session.commit()


def courses(app) -> list[tuple[str, str, str]]:
    from development_plans.courses import Course
    from lti_tool.extensions import db

    with app.app_context():
        rows = db.session.execute(
            select(Course.client_id, Course.deployment_id, Course.context_id).order_by(Course.id)
        )
        return [tuple(r) for r in rows]


def stored_user(app, subject: str):
    from development_plans.people import User
    from lti_tool.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        db.session.expunge(user)
        return user


def landed(response) -> str:
    assert response.status_code == 200, response.text[:1500]
    return response.text


# -- Canvas ----------------------------------------------------------------------------------


def test_canvas_one_issuer_many_client_ids_and_deployments(app, tool, platform_key_path):
    """Every Canvas customer shares one issuer: each (client ID, deployment) is its own course
    even for the same context id, and each launches through the whole OIDC flow."""
    with demo_lms(app, tool, platform_key_path, flavour="canvas") as canvas:
        tenants = [("demo-client", "1"), ("trust-b", "21:b1f0"), ("trust-c", "33:c7aa")]
        for client_id, deployment_id in tenants[1:]:
            canvas.use(client_id=client_id, deployment_id=deployment_id)
            register(app, canvas, deployments=(deployment_id,))
        for client_id, deployment_id in tenants:
            canvas.use(client_id=client_id, deployment_id=deployment_id)
            assert "Asha Patel" in landed(Launcher(canvas, tool).launch("asha"))
    context = canvas.config.course.id
    assert courses(app) == [(c, d, context) for c, d in tenants]


def test_canvas_unresolved_substitutions_are_not_stored(app, tool, platform_key_path):
    """Canvas leaves a variable it cannot resolve as ``$Person.name.given`` text, even in the
    name and email claims: none of it becomes a name, and the person is shown by a label."""
    with demo_lms(
        app, tool, platform_key_path, flavour="canvas", share_personal_data=False
    ) as canvas:
        claims = canvas.id_token_claims_for("asha", nonce="n")
        assert claims["given_name"] == "$Person.name.given"
        page = landed(Launcher(canvas, tool).launch("asha"))
    user = stored_user(app, "demo-learner-asha")
    assert (user.name, user.given_name, user.family_name, user.email) == (None,) * 4
    assert "$Person" not in page and "$Canvas" not in page
    assert LABEL.fullmatch(user.display_name) and user.display_name in page
    assert "demo-learner-asha" not in page


def test_canvas_login_url_on_another_host_than_the_issuer(app, tool, platform_key_path):
    """Canvas's OIDC login URL (sso.canvaslms.com, per region) is not on its issuer's host: the
    tool sends the browser to the registered URL, never one derived from the issuer."""
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiRegistration

    with demo_lms(app, tool, platform_key_path, flavour="canvas") as canvas:
        regional = canvas.auth_url.replace("127.0.0.1", "localhost")
        with app.app_context():
            db.session.scalar(select(LtiRegistration)).auth_login_url = regional
            db.session.commit()
        launcher = Launcher(canvas, tool)
        launcher.login("asha")
        assert launcher.auth_location.startswith(regional + "?")
        action, fields = launcher.authenticate()
        assert "Asha Patel" in landed(launcher.session.post(action, data=fields))


# -- Brightspace -----------------------------------------------------------------------------


def test_brightspace_anonymous_guid_deployment_shows_stable_labels(app, tool, platform_key_path):
    """A Brightspace anonymous deployment (GUID deployment id) sends no name or email, nor does
    its roster: the tool works and shows everyone by a stable label, never their sub."""
    deployment = str(uuid.uuid4())
    with demo_lms(
        app,
        tool,
        platform_key_path,
        flavour="brightspace",
        share_personal_data=False,
        deployment_id=deployment,
    ) as brightspace:
        add_deployment(app, deployment)
        claims = brightspace.id_token_claims_for("asha", nonce="n")
        assert "name" not in claims and "email" not in claims
        context_type = claims["https://purl.imsglobal.org/spec/lti/claim/context"]["type"]
        assert context_type == ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]
        first = landed(Launcher(brightspace, tool).launch("asha"))
        label = stored_user(app, "demo-learner-asha").display_name
        assert LABEL.fullmatch(label) and label in first
        assert label in landed(Launcher(brightspace, tool).launch("asha")), "stable"
        plan_id, _ = submitted_plan(app, "demo-learner-asha")
        manager = Launcher(brightspace, tool)
        landed(manager.launch("carys"))
        dashboard = landed(manager.session.get(f"{tool.url}/team/"))
        asha_id = stored_user(app, "demo-learner-asha").id
        member = landed(manager.session.get(f"{tool.url}/team/members/{asha_id}"))
        plan = landed(manager.session.get(f"{tool.url}/plan/{plan_id}"))
        csrf = hidden_inputs(member)["csrf_token"]
        commented = manager.session.post(
            f"{tool.url}/team/plans/{plan_id}/comments", data={"csrf_token": csrf, "body": "Good"}
        )
        assert commented.status_code == 200, commented.text[:800]
        pdf = manager.session.get(f"{tool.url}/plan/{plan_id}/pdf")
        learner = Launcher(brightspace, tool)
        landed(learner.launch("asha"))
        own_plan = landed(learner.session.get(f"{tool.url}/plan/{plan_id}"))
    carys = stored_user(app, "demo-manager-carys").display_name
    assert LABEL.fullmatch(carys) and carys in own_plan, "the comment's author, by label"
    assert "demo-manager-carys" not in own_plan
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert label in text and "demo-learner-asha" not in text
    assert courses(app) == [("demo-client", deployment, "demo-course-101")]
    for page in (dashboard, member, plan):
        assert label in page
        assert "demo-learner-asha" not in page
    ben = stored_user(app, "demo-learner-ben").display_name  # known only from the roster
    assert LABEL.fullmatch(ben) and ben != label and ben in dashboard


# -- Blackboard Learn ------------------------------------------------------------------------


def test_blackboard_one_client_id_many_institutions(app, tool, platform_key_path):
    """Blackboard Learn: one registration for the tool, each institution its own deployment;
    the same context id in two deployments is two courses, and work stays in its own."""
    with demo_lms(app, tool, platform_key_path, flavour="blackboard") as learn:
        add_deployment(app, "institution-b")
        landed(Launcher(learn, tool).launch("asha"))
        plan_id, _ = submitted_plan(app, "demo-learner-asha")
        learn.use(deployment_id="institution-b")
        other = Launcher(learn, tool)
        home = landed(other.launch("asha"))
        elsewhere = other.session.get(f"{tool.url}/plan/{plan_id}")
    assert [d for _, d, _ in courses(app)] == ["1", "institution-b"]
    assert "Asha Patel" in home
    assert elsewhere.status_code in (403, 404)


# -- Moodle ----------------------------------------------------------------------------------

MOODLE_PEOPLE = (
    Persona("student", "3", "Asha", "Patel", "asha@example.nhs.uk", (DEMO_LEARNER,)),
    Persona("teacher", "4", "Carys", "Jones", "carys@example.nhs.uk", (DEMO_INSTRUCTOR,)),
    Persona("nonediting", "5", "Dev", "Shah", "dev@example.nhs.uk", (DEMO_INSTRUCTOR,)),
)


def test_moodle_login_hint_is_the_user_id_passed_back_untouched(app, tool, platform_key_path):
    with demo_lms(app, tool, platform_key_path, flavour="moodle", personas=MOODLE_PEOPLE) as moodle:
        launcher = Launcher(moodle, tool)
        auth = launcher.login("student")
        assert auth["login_hint"] == "3"
        action, fields = launcher.authenticate()
        assert "Asha Patel" in landed(launcher.session.post(action, data=fields))
    assert stored_user(app, "3").name == "Asha Patel"


def test_moodle_mobile_launch_replaces_the_window(app, tool, platform_key_path):
    """The Moodle app opens the tool in the whole window (document_target window, no frame):
    the launch and the pages after it work top-level."""
    with demo_lms(app, tool, platform_key_path, flavour="moodle", personas=MOODLE_PEOPLE) as moodle:
        session = browser()
        url = moodle.login_initiation_url("student", document_target="window")
        login = session.get(url + "&lti1p3_new_window=1", allow_redirects=False)
        assert login.status_code == 302, login.text[:800]
        form = session.get(login.headers["Location"], allow_redirects=False)
        fields = hidden_inputs(form.text)
        assert form_action(form.text) == f"{tool.url}/lti/launch"
        home = session.post(form_action(form.text), data=fields)
        assert "Asha Patel" in landed(home)
        assert "new window" not in home.text.lower()
        started = session.post(
            f"{tool.url}/assessment/start",
            data={"csrf_token": hidden_inputs(home.text)["csrf_token"]},
        )
        assert started.status_code == 200 and "/assessment/" in started.url, started.text[:800]


def test_moodle_editing_and_non_editing_teachers_both_manage(app, tool, platform_key_path):
    """Both kinds of Moodle teacher launch as Instructor; the roster lists the non-editing one
    as Learner, which must not demote someone whose own launch said Instructor."""
    with demo_lms(app, tool, platform_key_path, flavour="moodle", personas=MOODLE_PEOPLE) as moodle:
        moodle.control(members=[{"user_id": "5", "roles": [DEMO_LEARNER], "name": "Dev Shah"}])
        for persona in ("teacher", "nonediting"):
            launcher = Launcher(moodle, tool)
            assert "manager" in landed(launcher.launch(persona))
            team = launcher.session.get(f"{tool.url}/team/")
            assert team.status_code == 200, team.text[:800]
        assert moodle.state_snapshot()["calls"].get("memberships"), "the roster was fetched"
    from development_plans.people import Enrolment
    from lti_tool.extensions import db

    with app.app_context():
        role = db.session.scalar(
            select(Enrolment.tool_role).where(Enrolment.user_id == stored_user(app, "5").id)
        )
    assert role == "manager"


# -- The second platform ---------------------------------------------------------------------


def second_launch(platform: SecondPlatform, tool, user_id: str, roles: list[str]):
    session = browser()
    start = session.get(
        platform.start_launch(user_id, "Grace Hopper", roles), allow_redirects=False
    )
    initiation = start.headers["Location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(initiation).query).items()}
    assert query["lti_deployment_id"] == platform.deployment_id
    login = session.get(initiation + "&lti1p3_new_window=1", allow_redirects=False)
    form = session.get(login.headers["Location"], allow_redirects=False)
    return session.post(form_action(form.text), data=hidden_inputs(form.text))


@pytest.mark.parametrize("flavour", ["blackboard", "brightspace", "canvas"])
def test_second_platform_one_issuer_many_deployments(app, tool, flavour):
    """The independent platform, one issuer deploying the tool twice: one client ID with two
    deployments (Blackboard institutions; Brightspace GUIDs) or two customers' client IDs
    (Canvas). The same context in each is its own course; short role names are understood."""
    first, second = ("inst-a", "inst-b") if flavour == "blackboard" else (str(uuid.uuid4()),) * 2
    if flavour == "brightspace":
        second = str(uuid.uuid4())
    with SecondPlatform(tool.url, deployment_id=first) as platform:
        register(app, platform, deployments=tuple(dict.fromkeys((first, second))))
        assert "learner" in landed(second_launch(platform, tool, "sp-1", [LEARNER]))
        if flavour == "canvas":
            platform.client_id = "canvas-customer-b"
            register(app, platform, deployments=(second,))
        platform.deployment_id = second
        assert "manager" in landed(second_launch(platform, tool, "sp-1", ["Instructor"]))
        assert "manager" in landed(second_launch(platform, tool, "sp-2", [INSTRUCTOR, LEARNER]))
    (one, two) = courses(app)
    assert one[2] == two[2], "the same context id"
    assert (one[:2], two[:2]) == (
        ("second-platform-client", first),
        (platform.client_id, second),
    )


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("$Person.name.given", None),
        ("$Canvas.user.id", None),
        (" $Person.email.primary ", None),
        ("Asha", "Asha"),
        ("$5 voucher", "$5 voucher"),
        ("Price: $Canvas.user.id", "Price: $Canvas.user.id"),
        ("", None),
        (None, None),
    ],
)
def test_unresolved_substitutions_are_recognised(value, kept):
    from lti_tool.lti.quirks import resolved

    assert resolved(value) == kept
