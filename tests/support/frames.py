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
    """The frame has grown to the page's height: no scroll box inside the LMS page."""
    wait_until(
        lambda: frame_height(page) == content_height(frame), what=f"the frame to fit {where}"
    )
    inner = frame.evaluate(
        "() => [document.documentElement.scrollHeight, document.documentElement.clientHeight,"
        " getComputedStyle(document.documentElement).overflowY]"
    )
    scroll_height, client_height, overflow = inner
    assert scroll_height <= client_height, f"{where} scrolls inside the frame: {inner}"
    assert overflow == "auto", where
    return scroll_height
