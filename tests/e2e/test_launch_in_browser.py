"""A real browser launches from the demo LMS into the tool's cross-site iframe."""

from __future__ import annotations

from support.e2e import assert_accessible, launch_in_iframe


def test_learner_launch_in_iframe_shows_home(page, demo_site):
    frame = launch_in_iframe(page, demo_site, "asha")
    assert frame.url.startswith(demo_site.tool_url)
    assert frame.locator("[data-testid=name]").inner_text() == "Asha Patel"
    assert frame.locator("[data-testid=course]").inner_text() == "Leadership development 2026"
    assert frame.locator("[data-testid=role]").inner_text() == "learner"
    assert_accessible(frame, "learner home")


def test_manager_launch_in_iframe_and_session_survives_navigation(page, demo_site):
    frame = launch_in_iframe(page, demo_site, "carys")
    assert frame.locator("[data-testid=name]").inner_text() == "Carys Jones"
    assert frame.locator("[data-testid=role]").inner_text() == "manager"
    frame.goto(f"{demo_site.tool_url}/")
    assert frame.locator("[data-testid=role]").inner_text() == "manager"
    cookies = page.context.cookies(demo_site.tool_url)
    session = next(c for c in cookies if c["name"] == "dp_session")
    assert session["sameSite"] == "None" and session["secure"]
    assert session.get("partitionKey"), "the session cookie must be partitioned"


BLOCK_FRAME_COOKIES = """
if (window.top !== window && location.hostname === "localhost") {
  Object.defineProperty(document, "cookie", {get() { return ""; }, set(value) {}});
}
"""


def test_blocked_cookies_offer_a_new_window(chromium, demo_site):
    """A browser that refuses every cookie in the LMS frame, partitioned or not, is offered the
    tool in a new window, where the launch completes."""
    context = chromium.new_context()
    context.add_init_script(BLOCK_FRAME_COOKIES)

    def drop_cookies_in_frames(route):
        try:
            in_frame = route.request.frame.parent_frame is not None
        except Exception:  # a new window's first navigation has no frame yet: top level
            in_frame = False
        if not in_frame or "//localhost:" not in route.request.url:
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        route.fulfill(response=response, headers=headers)

    context.route("**/*", drop_cookies_in_frames)
    page = context.new_page()
    page.goto(f"{demo_site.lms_url}/")
    page.locator("a[href*='/launch/asha']").first.click()
    link = page.frame_locator("iframe.activity").get_by_role("link", name="Open in a new window")
    link.wait_for()
    with context.expect_page() as popup:
        link.click()
    window = popup.value
    window.locator("[data-testid=name]").wait_for()
    assert window.locator("[data-testid=name]").inner_text() == "Asha Patel"
    context.close()
