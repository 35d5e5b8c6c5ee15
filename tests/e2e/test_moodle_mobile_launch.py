"""Moodle's mobile-style launch in Chromium: the tool opened in the whole window
(``document_target=window``), not in a frame. Launch, home and starting a self-assessment work and
are accessible; nothing assumes a frame: no script error, no lti.frameResize posted anywhere (the
window is its own parent), and the page is not styled as framed."""

from __future__ import annotations

from support.e2e import assert_accessible, navigate

# In the tool's window: record every message posted to it (a frameResize sent to window.parent
# would land here, since the top window is its own parent) and every postMessage call.
RECORD_POSTS = """
if (window.top === window && location.hostname === "localhost") {
  window.__received = [];
  window.__posted = [];
  window.addEventListener("message", (event) => window.__received.push(event.data));
  const post = window.postMessage.bind(window);
  window.postMessage = (data, targetOrigin) => {
    window.__posted.push({data, targetOrigin});
    post(data, targetOrigin);
  };
}
"""


def assert_no_frame_assumption(page, errors, where: str) -> None:
    page.wait_for_timeout(300)  # past the tool's resize debounce
    assert errors == [], f"script errors on {where}: {errors}"
    assert page.evaluate("() => window.parent === window"), where
    assert page.evaluate("() => window.__posted") == [], where
    assert page.evaluate("() => window.__received") == [], where
    assert not page.evaluate("() => document.documentElement.classList.contains('dp-framed')")


def test_the_tool_in_the_whole_window_launches_and_starts_an_assessment(chromium, moodle_site):
    context = chromium.new_context(viewport={"width": 900, "height": 1000})
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_POSTS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{moodle_site.lms_url}/launch/asha?target=window")
    page.wait_for_url(lambda url: url.startswith(moodle_site.tool_url) and "/lti/" not in url)
    start = page.get_by_role("button", name="Start your self-assessment")
    start.wait_for()
    assert page.evaluate("() => document.body.dataset.platformOrigins") == (
        f"http://127.0.0.1:{moodle_site.port}"
    )
    assert_no_frame_assumption(page, errors, "home")
    assert_accessible(page, "home in the whole window")

    with page.expect_navigation():
        start.click()
    page.get_by_test_id("progress").wait_for()
    assert_no_frame_assumption(page, errors, "the first dimension")
    assert_accessible(page, "the first dimension in the whole window")

    navigate(page, page.get_by_role("button", name="Save and come back later"))
    assert "/saved" in page.url
    assert_no_frame_assumption(page, errors, "the saved page")
    context.close()
