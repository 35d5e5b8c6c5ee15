"""Canvas cloud in Chromium: the LMS frames the tool from the institution's host, an origin that is
neither its issuer's nor its login's. The browser refuses the frame until the administrator adds
that origin (`flask platform frame-origins add`); then the launch works in the frame, the frame
grows to the page (lti.frameResize sent only to the institution's origin), and a self-assessment
starts."""

from __future__ import annotations

import time

from support.e2e import RECORD_MESSAGES_TO_PARENT, navigate, tool_frame

VIEWPORT = {"width": 900, "height": 1000}


def wait_until(check, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
    return value


def open_launch(chromium, site):
    """A browser on the institution host's activity page; returns it, its page, its console."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_MESSAGES_TO_PARENT)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{site.institution_url}/launch/asha")
    return context, page, console


def add_frame_origin(site, origin: str) -> None:
    result = site.app.test_cli_runner().invoke(
        args=[
            "platform",
            "frame-origins",
            "add",
            "--issuer",
            f"http://127.0.0.1:{site.port}/demo-lms",
            "--client-id",
            "demo-client",
            origin,
        ]
    )
    assert result.exit_code == 0, result.output


def test_canvas_frames_the_tool_from_the_institution_host_once_added(chromium, canvas_site):
    institution = f"http://127.0.0.1:{canvas_site.institution_port}"
    canvas_site.app.extensions["platform_origins"].seconds = 0  # servers: within 30 s

    context, page, console = open_launch(chromium, canvas_site)
    wait_until(
        lambda: any("frame-ancestors" in text for text in console),
        what="Chromium to refuse the frame",
    )
    context.close()

    add_frame_origin(canvas_site, institution)
    context, page, console = open_launch(chromium, canvas_site)
    frame = tool_frame(page)
    frame.wait_for_url(lambda url: url.startswith(canvas_site.tool_url) and "/lti/" not in url)
    frame.get_by_role("button", name="Start your self-assessment").wait_for()
    wait_until(
        lambda: (
            page.eval_on_selector("iframe.activity", "f => f.clientHeight")
            == frame.evaluate("() => document.documentElement.scrollHeight")
        ),
        what="the frame to grow to the page",
    )
    sent = frame.evaluate("() => window.__sentToParent")
    assert sent and {m["targetOrigin"] for m in sent} == {institution}, sent

    navigate(frame, frame.get_by_role("button", name="Start your self-assessment"))
    frame.get_by_test_id("progress").wait_for()
    assert not [text for text in console if "Content Security Policy" in text], console
    context.close()
