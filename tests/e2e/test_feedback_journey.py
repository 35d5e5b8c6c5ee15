"""In the demo LMS, in Chromium, with mail delivered to a real SMTP server: a learner asks their
manager, three peers from the course and three direct reports by email for 360 feedback; the
manager and two peers answer after launching, one direct report through the link read from the
SMTP server; peers and direct reports, each below the threshold, are folded into Others; the
learner closes early, the manager releases the report with debrief notes, and the learner drafts
a plan from it. Every page passes axe, the external rater's page included."""

from __future__ import annotations

import threading
import time

import pytest
from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.plan_data import submit_assessment
from support.smtp import TestSmtpServer
from werkzeug.serving import make_server

from demo_lms.config import INSTRUCTOR, LEARNER, Persona

PEOPLE = (
    Persona("asha", "demo-learner-asha", "Asha", "Patel", "asha@example.nhs.uk", (LEARNER,)),
    Persona("carys", "demo-manager-carys", "Carys", "Jones", "carys@example.nhs.uk", (INSTRUCTOR,)),
    Persona("pia", "pia", "Pia", "Peer", "pia@example.nhs.uk", (LEARNER,)),
    Persona("pete", "pete", "Pete", "Peer", "pete@example.nhs.uk", (LEARNER,)),
    Persona("paul", "paul", "Paul", "Peer", "paul@example.nhs.uk", (LEARNER,)),
)
REPORTS = [(f"Report {n}", f"report{n}@example.org") for n in (1, 2, 3)]


class Site:
    def __init__(self, app, port: int, mailbox: TestSmtpServer) -> None:
        self.app, self.port, self.mailbox = app, port, mailbox
        self.lms_url = f"http://127.0.0.1:{port}/demo-lms"
        self.tool_url = f"http://localhost:{port}"


@pytest.fixture
def site(make_app, database_url, tmp_path):
    from werkzeug.exceptions import NotFound

    from demo_lms.with_tool import build
    from lti_tool.config import Config
    from lti_tool.extensions import db

    make_app()  # empties the test database
    mailbox = TestSmtpServer()
    server = make_server("127.0.0.1", 0, NotFound(), threaded=True)
    config = Config(
        INSTANCE_DIR=tmp_path / "demo-instance",
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY="e2e-secret",
        DEMO_MODE=True,
    )
    tool, wsgi, _ = build(server.server_port, config, mailbox=mailbox, personas=PEOPLE)
    server.app = wsgi
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield Site(tool, server.server_port, mailbox)
    server.shutdown()
    server.server_close()
    mailbox.stop()
    with tool.app_context():
        db.engine.dispose()


def link_for(mailbox: TestSmtpServer, address: str) -> str:
    """The questionnaire link in the latest mail to ``address`` (waiting for the delivery)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        links = [link for m in mailbox.to(address) for link in m.links if "/feedback/r/" in link]
        if links:
            return links[-1]
        time.sleep(0.1)
    raise AssertionError(f"no feedback link reached {address}")


def answer_first_part(frame, check_accessible: str | None = None) -> None:
    """Start, answer the first part "Often" throughout, save, then send."""
    navigate(frame, frame.get_by_test_id("start-answering"))
    frame.get_by_test_id("progress").wait_for()
    for radio in frame.locator("input[type=radio][value='2']").all():
        radio.check()
    if check_accessible:
        assert_accessible(frame, check_accessible)
    navigate(frame, frame.get_by_role("button", name="Save and come back later"))
    navigate(frame, frame.get_by_role("link", name="Check and send your feedback"))
    navigate(frame, frame.get_by_test_id("send-feedback"))
    assert "You sent your feedback" in frame.get_by_test_id("answer-state").inner_text()


def ask(page, site):
    launch_in_iframe(page, site, "asha")
    submit_assessment(site.app, "demo-learner-asha", {"engaging-the-team": None})
    frame = launch_in_iframe(page, site, "asha")
    navigate(frame, frame.get_by_test_id("ask-feedback-link"))
    assert_accessible(frame, "ask for feedback")
    navigate(frame, frame.get_by_test_id("start-feedback"))
    frame.get_by_test_id("group-counts").wait_for()
    assert_accessible(frame, "the learner's request")
    for name in ("Carys Jones (your manager)", "Pia Peer", "Pete Peer", "Paul Peer"):
        frame.get_by_label(name, exact=True).check()
    assert frame.get_by_label("Group for Carys Jones").input_value() == "line-manager"
    navigate(frame, frame.get_by_test_id("add-members"))
    for name, email in REPORTS:
        frame.get_by_label("Their name").fill(name)
        frame.get_by_label("Their email address").fill(email)
        frame.get_by_label("Which group are they in?").select_option("direct-reports")
        navigate(frame, frame.get_by_test_id("add-external"))
        assert f"Invitation sent to {email}" in frame.get_by_test_id("flash-success").inner_text()


def test_the_360_loop_in_the_browser(page, site):
    ask(page, site)
    for persona in ("carys", "pia", "pete"):
        frame = launch_in_iframe(page, site, persona)
        assert_accessible(frame, f"{persona}'s home with an invitation")
        navigate(frame, frame.get_by_role("link", name="Give feedback to Asha Patel"))
        answer_first_part(frame, "the questionnaire" if persona == "pia" else None)

    link = link_for(site.mailbox, "report1@example.org")
    assert link.startswith(site.tool_url)
    page.goto(f"{site.lms_url}/mailbox")  # as someone trying the demo: from its Mailbox page
    with page.expect_navigation():
        page.get_by_role("link", name="Open link 1 in the email to report1@example.org").click()
    assert page.url == link
    assert_accessible(page, "the external rater's start page")
    answer_first_part(page, "the external rater's questionnaire")
    assert_accessible(page, "the external rater's sent page")

    frame = launch_in_iframe(page, site, "asha")
    navigate(frame, frame.get_by_test_id("own-feedback-link"))
    counts = frame.get_by_test_id("group-counts").inner_text()
    assert "Peers\t3\t2" in counts and "Direct reports\t3\t1" in counts
    navigate(frame, frame.get_by_test_id("close-early"))
    assert "Closed." in frame.get_by_test_id("flash-success").inner_text()

    frame = launch_in_iframe(page, site, "carys")
    navigate(frame, frame.get_by_role("link", name="360 feedback report: Asha Patel"))
    shown = frame.get_by_test_id("shown-groups").inner_text()
    assert "Line manager (identifiable): 1 person" in shown
    assert "Others (including peers and direct reports): 3 people" in shown
    assert_accessible(frame, "the report before release")
    frame.get_by_label("Debrief notes").fill("Share the purpose of the service at huddles.")
    navigate(frame, frame.get_by_test_id("release"))
    assert "released" in frame.get_by_test_id("flash-success").inner_text()
    assert "Your 360 feedback report is ready" in site.mailbox.to("asha@example.nhs.uk")[-1].subject

    frame = launch_in_iframe(page, site, "asha")
    navigate(frame, frame.get_by_test_id("own-feedback-link"))
    navigate(frame, frame.get_by_test_id("report-link"))
    assert "Share the purpose" in frame.get_by_test_id("debrief-notes").inner_text()
    for name in ("Pia", "Pete", "Report 1"):
        assert name not in frame.locator("main").inner_text()
    assert_accessible(frame, "the learner's report")
    navigate(frame, frame.get_by_test_id("plan-from-feedback"))
    assert "From 360 feedback" in frame.get_by_test_id("from-feedback").inner_text()
    assert_accessible(frame, "the plan drafted from 360 feedback")
