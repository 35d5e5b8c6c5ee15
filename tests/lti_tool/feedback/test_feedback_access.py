"""Who sees what in 360 feedback, over real HTTP: a rater only their own invitation; a learner
nobody's answers; a manager of another course, a mentor for someone else and a visitor nothing;
a link opens its one questionnaire and nothing else; withdrawn, closed and unknown links are
refused plainly; links are rate-limited and their forms need CSRF tokens."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from support.assessment_data import HLM
from support.assessment_pages import Learner
from support.feedback_pages import (
    add_members,
    answer,
    ask_for_feedback,
    csrf,
    invite,
    links_in_outbox,
)
from support.lti import Launcher, browser, registered_platform
from support.team_data import text_of, user_id

from demo_lms.config import INSTRUCTOR, Course, Persona
from development_plans import feedback as fb
from development_plans.db import utcnow
from lti_tool.extensions import db


def _raters(app) -> dict[str, int]:
    """Rater ids by the name or email of the person asked."""
    with app.app_context():
        rows = db.session.execute(select(fb.Rater.id, fb.Rater.user_id, fb.Rater.email)).all()
        by_id = {user_id(app, n): n for n in ("pia", "pete", "carys", "paul")}
        return {(email or by_id[uid]): rid for rid, uid, email in rows}


@pytest.fixture
def world(app, tool, launch):
    """Asha asked Carys (line manager), Pia and Pete (peers), Rae and Rob by email; Ben asked
    Paul. Returns the browsers and ids."""
    asha = launch("asha")
    asha_request = ask_for_feedback(asha)
    ids = {n: user_id(app, n) for n in ("carys", "pia", "pete", "paul")}
    add_members(
        asha,
        asha_request,
        {ids["carys"]: "line-manager", ids["pia"]: "peers", ids["pete"]: "peers"},
    )
    invite(asha, asha_request, "Rae", "rae@example.org", "direct-reports")
    invite(asha, asha_request, "Rob", "rob@example.org", "direct-reports")
    ben = launch("ben")
    ben_request = ask_for_feedback(ben)
    add_members(ben, ben_request, {ids["paul"]: "peers"})
    raters = _raters(app)
    return {
        "asha": asha,
        "ben": ben,
        "asha_request": asha_request,
        "ben_request": ben_request,
        "raters": raters,
        "links": links_in_outbox(app),
    }


def _close(app, request_id: int) -> None:
    with app.app_context():
        db.session.execute(
            update(fb.FeedbackRequest)
            .where(fb.FeedbackRequest.id == request_id)
            .values(closes_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()


def test_a_rater_sees_only_their_own_invitation(world, launch):
    pia = launch("pia")
    raters = world["raters"]
    assert pia.get(f"/feedback/answer/{raters['pia']}").status_code == 200
    for other in (raters["pete"], raters["carys"], raters["paul"], raters["rae@example.org"]):
        for path in ("", "/1", "/send"):
            assert pia.get(f"/feedback/answer/{other}{path}").status_code == 404
    for request_id in (world["asha_request"], world["ben_request"]):
        assert pia.get(f"/feedback/{request_id}").status_code == 404
        assert pia.get(f"/feedback/{request_id}/report").status_code == 404
    assert "Give feedback to Ben" not in pia.home().text


def test_a_learner_cannot_open_anyones_answers(world, tool, launch):
    raters = world["raters"]
    answer(launch("pia").http, f"{tool.url}/feedback/answer/{raters['pia']}", HLM, 3, send=False)
    asha = world["asha"]
    for path in ("", "/1", "/send"):
        assert asha.get(f"/feedback/answer/{raters['pia']}{path}").status_code == 404
    page = asha.get(f"/feedback/{world['asha_request']}")
    assert "Kind and clear" not in page.text
    assert asha.get(f"/feedback/{world['asha_request']}/report").status_code == 404
    assert asha.get(f"/feedback/{world['ben_request']}").status_code == 404


def test_a_mentor_for_someone_else_and_a_visitor_see_nothing(app, world, launch):
    _close(app, world["asha_request"])
    nia = launch("nia")  # mentor of Ben only
    request_id = world["asha_request"]
    for path in ("/report", "/report.pdf"):
        assert nia.get(f"/feedback/{request_id}{path}").status_code == 404
    refused = nia.post(f"/feedback/{request_id}/release", {"csrf_token": nia.csrf_for_session(app)})
    assert refused.status_code == 404
    assert f"/feedback/{request_id}/report" not in nia.home().text
    carys = launch("carys")
    assert carys.get(f"/feedback/{request_id}/report").status_code == 200

    visitor = browser()
    base = world["asha"].base
    for path in (
        f"/feedback/{request_id}",
        f"/feedback/{request_id}/report",
        "/feedback/",
        f"/feedback/answer/{world['raters']['pia']}",
    ):
        assert visitor.get(base + path).status_code == 401


def test_a_manager_of_another_course_sees_nothing(app, tool, world, tmp_path):
    _close(app, world["asha_request"])
    dan = Persona("dan", "dan", "Dan", "Other", "dan@example.nhs.uk", (INSTRUCTOR,))
    with registered_platform(
        app,
        tool,
        key_path=tmp_path / "other.pem",
        personas=(dan,),
        course=Course(id="other-course", title="Another course"),
    ) as other:
        launcher = Launcher(other, tool)
        dan_browser = Learner(launcher, launcher.launch("dan"))
        request_id = world["asha_request"]
        for path in ("", "/report", "/report.pdf"):
            response = dan_browser.get(f"/feedback/{request_id}{path}")
            assert response.status_code in (403, 404) and "Asha" not in response.text
        assert dan_browser.get(f"/feedback/answer/{world['raters']['carys']}").status_code == 404
        refused = dan_browser.post(
            f"/feedback/{request_id}/release", {"csrf_token": dan_browser.csrf_for_session(app)}
        )
        assert refused.status_code == 404


def test_a_link_opens_its_one_questionnaire_and_nothing_else(world):
    base = world["asha"].base
    external = browser()
    opened = external.get(f"{base}/feedback/r/{world['links']['rae@example.org']}")
    assert opened.status_code == 200 and "Feedback for Asha Patel" in opened.text
    for path in (
        "/",
        f"/feedback/{world['asha_request']}",
        f"/feedback/{world['ben_request']}",
        f"/feedback/answer/{world['raters']['pia']}",
        "/plan/",
        "/plan/export.json",
        f"/feedback/{world['asha_request']}/report",
    ):
        assert external.get(base + path).status_code == 401
    unknown = external.get(f"{base}/feedback/r/{'x' * 43}")
    assert unknown.status_code == 404 and "does not work" in text_of(unknown.text)


def test_withdrawn_and_closed_links_are_refused_plainly(app, world):
    base, asha = world["asha"].base, world["asha"]
    rob = world["raters"]["rob@example.org"]
    page = asha.get(f"/feedback/{world['asha_request']}")
    asha.post(
        f"/feedback/{world['asha_request']}/raters/{rob}/withdraw", {"csrf_token": csrf(page.text)}
    )
    external = browser()
    withdrawn = external.get(f"{base}/feedback/r/{world['links']['rob@example.org']}")
    assert withdrawn.status_code == 410 and "withdrawn" in text_of(withdrawn.text)
    rae_link = f"{base}/feedback/r/{world['links']['rae@example.org']}"
    assert external.get(rae_link).status_code == 200
    _close(app, world["asha_request"])
    for path in ("", "/1", "/send"):
        closed = external.get(rae_link + path)
        assert closed.status_code == 410 and "has closed" in text_of(closed.text)


def test_a_reminder_replaces_the_link_and_keeps_saved_answers(app, world):
    base, asha = world["asha"].base, world["asha"]
    old = f"{base}/feedback/r/{world['links']['rae@example.org']}"
    external = browser()
    answer(external, old, HLM, 2, send=False)
    page = asha.get(f"/feedback/{world['asha_request']}")
    reminded = asha.post(
        f"/feedback/{world['asha_request']}/remind", {"csrf_token": csrf(page.text)}
    )
    assert "reminder is on its way" in text_of(reminded.text)
    new = f"{base}/feedback/r/{links_in_outbox(app)['rae@example.org']}"
    assert new != old and external.get(old).status_code == 404
    assert "Continue" in external.get(new).text


def test_link_forms_need_a_csrf_token_and_links_are_rate_limited(app, world):
    base = world["asha"].base
    link = f"{base}/feedback/r/{world['links']['rae@example.org']}"
    external = browser()
    assert external.get(f"{link}/1").status_code == 200
    assert external.post(f"{link}/1", data={"importance": 3}).status_code == 400
    app.config["FEEDBACK_LINK_REQUESTS_PER_MINUTE"] = 3
    statuses = [browser().get(link).status_code for _ in range(6)]
    assert 429 in statuses and statuses[0] in (200, 429)
    limited = browser().get(link)
    assert limited.status_code == 429 and "too many requests" in text_of(limited.text).lower()


def test_the_learners_pages_and_export_never_identify_raters(app, tool, world, launch):
    raters = world["raters"]
    for name in ("pia", "pete", "carys"):
        answer(
            launch(name).http,
            f"{tool.url}/feedback/answer/{raters[name]}",
            HLM,
            {"pia": 3, "pete": 1, "carys": 2}[name],
        )
    asha = world["asha"]
    page = text_of(asha.get(f"/feedback/{world['asha_request']}").text)
    assert "Line manager 1 1 Peers 2 2 Direct reports 2 0" in page
    assert "answered" not in page.split("People you asked")[-1].lower()
    carys = launch("carys")
    _close(app, world["asha_request"])
    report = carys.get(f"/feedback/{world['asha_request']}/report")
    carys.post(
        f"/feedback/{world['asha_request']}/release",
        {"csrf_token": csrf(report.text), "note-general": "Thanks."},
    )
    export = asha.get("/plan/export.json")
    data = json.loads(export.text)
    text = json.dumps(data["feedback_360"])
    assert data["feedback_360"][0]["state"] == "released"
    for identity in ("Pia", "Pete", "pia@", "pete@", "Rae", "rae@", "Rob", "rob@"):
        assert identity not in text
    assert "Peers" in text  # two peers: below the threshold, so left out with the reason
    report = asha.get(f"/feedback/{world['asha_request']}/report").text
    for identity in ("Pia", "Pete", "pia@", "Rae", "Rob"):
        assert identity not in report
