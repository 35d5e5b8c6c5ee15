"""The LMS frame as a user sees it: how tall the iframe is against the tool's page inside it."""

from __future__ import annotations

import time


def wait_until(check, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def frame_height(page) -> int:
    """The iframe's inner height in the LMS page."""
    return page.eval_on_selector("iframe.activity", "frame => frame.clientHeight")


def content_height(frame) -> int:
    return frame.evaluate("() => document.documentElement.scrollHeight")


def assert_frame_fits(page, frame, where: str) -> int:
    """The frame has grown to the page's height: no scroll box inside the LMS page. A page may
    still be settling (fonts, folded sections) when this is first asked, so it waits for it."""

    def fitted() -> int:
        scroll_height, client_height, overflow = frame.evaluate(
            "() => [document.documentElement.scrollHeight, document.documentElement.clientHeight,"
            " getComputedStyle(document.documentElement).overflowY]"
        )
        fits = scroll_height <= client_height and frame_height(page) == scroll_height
        return scroll_height if fits and overflow == "auto" else 0

    return wait_until(fitted, what=f"the frame to fit {where} with no scroll box inside it")
