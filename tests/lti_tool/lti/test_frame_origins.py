"""`flask platform frame-origins`: the administrator adds the origins an LMS frames the tool from
besides its issuer and login URL (Canvas cloud frames it from the institution's host); they reach
frame-ancestors, the launch's frame-resize targets and `flask platform show`, and anything but a
plain origin is refused with a message saying why."""

from __future__ import annotations

import re

import pytest
from support.lti import browser
from support.plan_pages import launch

from lti_tool.security import web_origin

__all__ = ["launch"]

CANVAS_HOST = "https://nhs-trust.instructure.com"


def frame_ancestors(tool) -> list[str]:
    header = browser().get(f"{tool.url}/health").headers["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]*)", header).group(1).split()


def command(platform, action: str, *origins: str) -> list[str]:
    return [
        "platform",
        "frame-origins",
        action,
        "--issuer",
        platform.issuer,
        "--client-id",
        platform.client_id,
        *origins,
    ]


def test_an_added_origin_may_frame_the_tool_and_a_removed_one_may_not(app, platform, tool):
    app.extensions["platform_origins"].seconds = 0  # a running server sees it within 30 s
    runner = app.test_cli_runner()
    assert frame_ancestors(tool) == [web_origin(platform.issuer)]

    added = runner.invoke(
        args=command(platform, "add", CANVAS_HOST, "https://Beta.Example.org:443/")
    )
    assert added.exit_code == 0, added.output
    assert "https://nhs-trust.instructure.com  (added)" in added.output
    assert frame_ancestors(tool) == sorted(
        [web_origin(platform.issuer), CANVAS_HOST, "https://beta.example.org"]
    )
    again = runner.invoke(args=command(platform, "add", CANVAS_HOST))
    assert again.exit_code == 0 and again.output.count(CANVAS_HOST) == 1, again.output

    shown = runner.invoke(args=["platform", "show"]).output
    framed_from = (
        f"framed from: {web_origin(platform.issuer)} {CANVAS_HOST} https://beta.example.org"
    )
    assert framed_from in shown, shown

    removed = runner.invoke(args=command(platform, "remove", "https://beta.example.org"))
    assert removed.exit_code == 0, removed.output
    assert frame_ancestors(tool) == sorted([web_origin(platform.issuer), CANVAS_HOST])
    listed = runner.invoke(args=command(platform, "list")).output
    assert "beta.example.org" not in listed and CANVAS_HOST in listed

    unknown = runner.invoke(args=command(platform, "remove", "https://never.example.org"))
    assert unknown.exit_code != 0
    assert "Not added to this registration: https://never.example.org" in unknown.output


@pytest.mark.parametrize(
    ("origin", "reason"),
    [
        ("https://nhs-trust.instructure.com/courses/1", "no path"),
        ("https://*.instructure.com", "wildcards are not allowed"),
        ("*", "wildcards are not allowed"),
        ("http://nhs-trust.instructure.com", "only localhost and 127.0.0.1 may use http"),
        ("nhs-trust.instructure.com", "is not a web origin"),
        ("ftp://files.example.org", "is not a web origin"),
        ("https://example.org:notaport", "is not a web origin"),
        ("https://user@example.org", "no path"),
        ("https://example.org?x=1", "no path"),
    ],
)
def test_anything_but_an_origin_is_refused_with_the_reason(app, platform, tool, origin, reason):
    result = app.test_cli_runner().invoke(args=command(platform, "add", CANVAS_HOST, origin))
    assert result.exit_code != 0
    assert reason in result.output, result.output
    app.extensions["platform_origins"].seconds = 0
    assert frame_ancestors(tool) == [web_origin(platform.issuer)], "nothing is added"


def test_development_origins_may_use_http(app, platform, tool):
    origins = ["http://localhost:5000", "http://127.0.0.1:8080"]
    result = app.test_cli_runner().invoke(args=command(platform, "add", *origins))
    assert result.exit_code == 0, result.output
    app.extensions["platform_origins"].seconds = 0
    assert set(origins) <= set(frame_ancestors(tool))


def test_an_unknown_registration_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(
        args=["platform", "frame-origins", "list", "--issuer", "https://x", "--client-id", "y"]
    )
    assert result.exit_code != 0 and "No platform is registered" in result.output


def test_the_launch_tells_the_page_every_origin_it_may_be_framed_from(app, platform, launch):
    app.test_cli_runner().invoke(args=command(platform, "add", CANVAS_HOST))
    home = launch("asha").get("/").text
    expected = f'data-platform-origins="{web_origin(platform.issuer)} {CANVAS_HOST}"'
    assert expected in home
