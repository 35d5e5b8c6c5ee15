"""In Chromium with every cookie of the tool refused inside the LMS frame, partitioned or not (as
Safari and strict privacy settings do): the cookie path cannot work there, and with the demo LMS
offering platform storage a learner launches, answers and submits the whole self-assessment,
reads the results and drafts a plan; a login started in another browser and a replayed launch
are refused on that path too."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

import pytest
from support.e2e import CHROMIUM, CHROMIUM_ARGS, answer_dimension, navigate, tool_frame
from support.plan_data import hlm

TOOL_IN_LMS = "http://localhost:*,http://127.0.0.1:*"  # the tool's site, embedded in the LMS's


def cookieless_browser(chromium, user_dir):
    """A browser profile that blocks third-party cookies and every cookie of the tool's site
    when the LMS's site embeds it (partitioned cookies included)."""
    (user_dir / "Default").mkdir(parents=True)
    prefs = {
        "profile": {
            "cookie_controls_mode": 1,
            "content_settings": {"exceptions": {"cookies": {TOOL_IN_LMS: {"setting": 2}}}},
        }
    }
    (user_dir / "Default" / "Preferences").write_text(json.dumps(prefs))
    context = chromium.browser_type.launch_persistent_context(
        str(user_dir),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 1000},
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def blocking(chromium, tmp_path):
    contexts = []

    def open_browser():
        context = cookieless_browser(chromium, tmp_path / f"profile-{len(contexts)}")
        contexts.append(context)
        return context

    yield open_browser
    for context in contexts:
        context.close()


def open_course(page, demo_site, platform_storage: bool) -> None:
    page.goto(f"{demo_site.lms_url}/")
    box = page.get_by_label(re.compile("Keep the tool's launch state in this LMS"))
    box.set_checked(platform_storage)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()


def launch(page, demo_site, persona: str):
    with page.expect_navigation():
        page.locator(f"a[href*='/launch/{persona}']").first.click()
    return tool_frame(page)


def test_the_cookie_path_cannot_work_in_this_browser(blocking, demo_site):
    page = blocking().new_page()
    open_course(page, demo_site, platform_storage=False)
    frame = launch(page, demo_site, "asha")
    frame.get_by_role("heading", name="Open Development Planner in a new window").wait_for()
    assert frame.locator("[data-testid=name]").count() == 0


def test_whole_learner_journey_on_platform_storage(blocking, demo_site):
    framework = hlm()
    values = [option.value for option in framework.scale]
    page = blocking().new_page()
    open_course(page, demo_site, platform_storage=True)
    frame = launch(page, demo_site, "asha")
    frame.wait_for_url(lambda url: "pt=" in url)
    frame.get_by_test_id("name").wait_for()
    assert frame.get_by_test_id("name").inner_text() == "Asha Patel"
    assert "lti_handle" not in frame.url
    assert not page.context.cookies(demo_site.tool_url), "the tool could keep no cookie"

    navigate(frame, frame.get_by_role("button", name="Start your self-assessment"))
    for dimension in framework.dimensions:
        frame.locator(f"h1:has-text('{dimension.name}')").wait_for()
        answer_dimension(
            frame, dimension, lambda b: 3 if b.level_id == "essential" else 2, 3, values
        )
        navigate(frame, frame.get_by_role("button", name="Save and continue"))
    frame.get_by_role("heading", name=re.compile("Check your answers")).wait_for()
    assert frame.locator(".nhsuk-error-summary").count() == 0
    navigate(frame, frame.get_by_role("button", name="Submit self-assessment"))
    frame.get_by_role("heading", name=re.compile("Your results")).wait_for()
    assert frame.locator("[data-testid=profile-table] tbody tr").count() == len(
        framework.dimensions
    )
    navigate(frame, frame.get_by_test_id("results-next-step"))
    navigate(frame, frame.get_by_test_id("draft-plan"))
    frame.get_by_test_id("plan-status").wait_for()
    assert "Draft" in frame.get_by_test_id("plan-status").inner_text()
    assert not page.context.cookies(demo_site.tool_url)


def captured_launch(context, demo_site) -> dict[str, str]:
    """Start a platform-storage launch and stop its id_token's post: what an attacker holds."""
    page = context.new_page()
    open_course(page, demo_site, platform_storage=True)
    page.route("**/lti/launch", lambda route: route.abort())
    with page.expect_request("**/lti/launch") as posted:
        page.locator("a[href*='/launch/ben']").first.click()
    return dict(parse_qsl(posted.value.post_data or ""))


POST_INTO_FRAME = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def test_launch_started_in_another_browser_is_refused(blocking, demo_site):
    stolen = captured_launch(blocking(), demo_site)
    victim = blocking().new_page()
    open_course(victim, demo_site, platform_storage=True)
    frame = launch(victim, demo_site, "asha")
    frame.get_by_test_id("name").wait_for()
    with frame.expect_navigation():
        frame.evaluate(POST_INTO_FRAME, [f"{demo_site.tool_url}/lti/launch", stolen])
    frame.get_by_role("heading", name="Your launch could not be matched to this browser").wait_for()
    assert "Ben" not in frame.locator("main").inner_text()


def test_replayed_launch_is_refused(blocking, demo_site):
    page = blocking().new_page()
    open_course(page, demo_site, platform_storage=True)
    with page.expect_request("**/lti/launch") as posted:
        frame = launch(page, demo_site, "asha")
    frame.get_by_test_id("name").wait_for()
    with frame.expect_navigation():
        frame.evaluate(
            POST_INTO_FRAME,
            [f"{demo_site.tool_url}/lti/launch", dict(parse_qsl(posted.value.post_data or ""))],
        )
    frame.get_by_role("heading", name="This launch has already been used or has expired").wait_for()


def test_storage_in_a_frame_the_platform_names(blocking, demo_site):
    """Canvas keeps the values in a frame of its own (lti_storage_target=post_message_forwarding):
    the tool finds it by name among the LMS page's frames."""
    page = blocking().new_page()
    page.goto(f"{demo_site.lms_url}/launch/asha?storage=frame")
    frame = tool_frame(page)
    frame.wait_for_url(lambda url: "pt=" in url)
    frame.get_by_test_id("name").wait_for()
    assert frame.get_by_test_id("name").inner_text() == "Asha Patel"
    assert page.frame(name="post_message_forwarding") is not None


def test_a_platform_that_does_not_answer_gets_the_cookie_path(blocking, demo_site):
    """lti_storage_target without a storage frame that answers: the login falls back to the
    cookie path (here, with every cookie blocked, its new-window offer)."""
    page = blocking().new_page()
    page.route("**/demo-lms/static/platform-storage.js", lambda route: route.abort())
    page.goto(f"{demo_site.lms_url}/launch/asha?storage=platform")
    frame = tool_frame(page)
    frame.get_by_role("heading", name="Open Development Planner in a new window").wait_for()
    assert "lti_storage_target" not in frame.url


HOSTILE_FRAME = """<!doctype html><title>storage</title><script>
window.received = [];
window.addEventListener("message", function (event) {
  window.received.push(event.data);
  var data = event.data || {};
  event.source.postMessage({subject: data.subject + ".response", message_id: data.message_id,
    key: data.key, value: data.value, supported_messages: [
      {subject: "lti.put_data", frame: "post_message_forwarding"},
      {subject: "lti.get_data", frame: "post_message_forwarding"}]}, "*");
});
</script>"""


TO_HOSTILE_FRAME = '<script>location.replace("http://hostile.test/frame")</script>'


def test_a_storage_frame_of_another_origin_is_never_told_anything(blocking, demo_site):
    """The frame the LMS names is at another origin than its OIDC authorization URL: the tool's
    messages, addressed to that origin only, never reach it, and the login falls back."""
    context = blocking()
    context.route(
        "http://hostile.test/**",
        lambda route: route.fulfill(body=HOSTILE_FRAME, content_type="text/html"),
    )

    page = context.new_page()
    page.route(  # the LMS's storage frame sends the browser to another origin
        "**/demo-lms/storage-frame",
        lambda route: route.fulfill(body=TO_HOSTILE_FRAME, content_type="text/html"),
    )
    page.goto(f"{demo_site.lms_url}/launch/asha?storage=frame")
    frame = tool_frame(page)
    frame.get_by_role("heading", name="Open Development Planner in a new window").wait_for()
    hostile = page.frame(name="post_message_forwarding")
    assert hostile is not None and hostile.url == "http://hostile.test/frame"
    assert hostile.evaluate("() => window.received") == []
