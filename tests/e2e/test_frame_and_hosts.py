"""In the demo LMS at 900 px, in Chromium: the tool tells the LMS its height (lti.frameResize, only
to the launching platform's origin) and the LMS frame grows to it, so nobody scrolls a box inside
the course page; outside a frame nothing is sent; and no page asks another host for anything or
trips the Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

from support.e2e import RECORD_MESSAGES_TO_PARENT, launch_in_iframe, navigate, tool_frame
from support.frames import assert_frame_fits, content_height, wait_until
from support.plan_data import submit_assessment

VIEWPORT = {"width": 900, "height": 1000}
FIRST_FRAME_HEIGHT = 800  # the demo LMS's iframe height before the tool says anything

RECORD_MESSAGES_TO_SELF = """
if (window.top === window && location.hostname === "localhost") {
  window.__received = [];
  window.addEventListener("message", (event) => window.__received.push(event.data));
}
"""


def assert_sent_only_to_platform(frame, demo_site, where: str) -> None:
    sent = frame.evaluate("() => window.__sentToParent")
    resizes = [m for m in sent if "lti.frameResize" in str(m["data"])]
    assert resizes, f"{where} sent no lti.frameResize"
    lms_origin = f"http://127.0.0.1:{demo_site.port}"
    assert {m["targetOrigin"] for m in sent} == {lms_origin}, sent
    last_object = [m["data"] for m in resizes if isinstance(m["data"], dict)][-1]
    assert last_object["subject"] == "lti.frameResize"
    assert last_object["height"] == content_height(frame)
    assert any(isinstance(m["data"], str) for m in resizes), "the JSON text form is sent too"


def test_the_frame_grows_with_the_content(chromium, demo_site):
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_MESSAGES_TO_PARENT)
    page = context.new_page()
    frame = launch_in_iframe(page, demo_site, "asha")
    home = assert_frame_fits(page, frame, "home")
    assert home > FIRST_FRAME_HEIGHT
    assert_sent_only_to_platform(frame, demo_site, "home")

    navigate(frame, frame.get_by_role("button", name="Start your self-assessment"))
    frame.get_by_test_id("progress").wait_for()
    dimension = assert_frame_fits(page, frame, "a dimension page")
    assert dimension > home + 1000, (home, dimension)
    assert_sent_only_to_platform(frame, demo_site, "a dimension page")

    frame.locator("details.nhsuk-details summary").first.click()
    opened = wait_until(
        lambda: (h := content_height(frame)) > dimension and h, what="the details to open"
    )
    assert assert_frame_fits(page, frame, "the opened details") == opened

    navigate(frame, frame.get_by_role("button", name="Save and come back later"))
    assert assert_frame_fits(page, frame, "a short page") < dimension
    context.close()


def test_outside_a_frame_nothing_is_sent(chromium, demo_site):
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_MESSAGES_TO_SELF)
    page = context.new_page()
    page.goto(f"{demo_site.lms_url}/launch/asha?target=window")
    page.wait_for_url(lambda url: url.startswith(demo_site.tool_url) and "/lti/" not in url)
    page.get_by_test_id("name").wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.body.dataset.platformOrigins").startswith("http://127")
    assert page.evaluate("() => window.__received") == []
    assert not page.evaluate("() => document.documentElement.classList.contains('dp-framed')")
    context.close()


def test_no_page_asks_another_host(chromium, demo_site):
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    requested: list[str] = []
    refused: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: refused.append(message.text))
    frame = launch_in_iframe(page, demo_site, "asha")
    navigate(frame, frame.get_by_role("button", name="Start your self-assessment"))
    frame.get_by_test_id("progress").wait_for()
    assessment_id = submit_assessment(demo_site.app, "demo-learner-asha", {})
    frame.goto(f"{demo_site.tool_url}/assessment/{assessment_id}/results")
    frame.locator("h1").wait_for()
    frame.goto(f"{demo_site.tool_url}/")
    navigate(frame, frame.get_by_test_id("start-plan-link"))
    navigate(frame, frame.get_by_test_id("draft-plan"))
    frame.get_by_test_id("plan-status").wait_for()
    page.wait_for_timeout(300)

    hosts = {urlsplit(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {f"127.0.0.1:{demo_site.port}", f"localhost:{demo_site.port}"}, hosts
    tool_paths = {urlsplit(url).path for url in requested if "//localhost:" in url}
    assert {"/static/tool.js", "/assets/nhsuk-frontend.min.css", "/static/app.css"} <= tool_paths
    assert f"/assessment/{assessment_id}/results" in tool_paths
    violations = [text for text in refused if "Content Security Policy" in text]
    assert violations == []
    assert tool_frame(page).url.startswith(f"{demo_site.tool_url}/plan/")
    context.close()
