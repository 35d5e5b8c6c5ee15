"""Launches whose state the platform keeps (LTI client-side postMessages, platform storage), in a
browser that keeps no cookie at all: the honest launch and journey, and every hostile variant
refused with a 4xx page that writes no user, course, enrolment, placement or session."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin

import pytest
import requests
from sqlalchemy import update
from support.lti import Launcher, form_action, hidden_inputs, row_counts
from support.platform_storage import StorageLauncher, handle_of, storage_data

from development_plans.db import utcnow


def refused(response, status, *phrases):
    assert response.status_code == status, response.text[:2000]
    assert "For the LMS administrator" in response.text or status == 401
    for phrase in phrases:
        assert phrase in response.text, phrase


def expire(app, prefix: str) -> None:
    """Make every shared value under ``prefix`` past its expiry, as time would."""
    from lti_tool.extensions import db
    from lti_tool.store import SharedValue

    with app.app_context():
        db.session.execute(
            update(SharedValue)
            .where(SharedValue.key.startswith(prefix))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()


def landed(browser: StorageLauncher, redirect) -> object:
    """Follow the confirmation's redirect: the handle is spent for a page-token address."""
    spent = browser.session.get(
        urljoin(browser.tool.url, redirect.headers["Location"]), allow_redirects=False
    )
    assert spent.status_code == 303, spent.text[:1000]
    assert "lti_handle" not in spent.headers["Location"]
    assert "pt=" in spent.headers["Location"]
    page = browser.session.get(urljoin(browser.tool.url, spent.headers["Location"]))
    assert page.status_code == 200, page.text[:2000]
    return page


def test_login_naming_a_storage_frame_renders_the_storage_page(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    response = browser.login()
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    data = storage_data(response.text)
    assert data["origin"] == platform.url  # the OIDC authorization URL's origin, never "*"
    assert data["target"] == "_parent"
    assert data["next"].startswith(platform.auth_url + "?")
    assert f"state={data['state']}" in data["next"]
    assert data["state"].startswith("state-ps-")
    assert "lti_storage_target" not in data["fallback"]
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert re.search(r'<script type="module" src="/static/platform-storage.js">', response.text)
    assert "<script>" not in response.text


def test_platform_storage_launch_and_journey_without_any_cookie(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    before = row_counts(app)
    check = browser.launch_until_check("asha")
    assert row_counts(app) == before, "nothing is recorded before the platform confirms"
    assert check.headers["Cache-Control"] == "no-store"
    confirmed = browser.confirm(browser.read_back(check.text))
    assert confirmed.status_code == 303
    home = landed(browser, confirmed)
    assert "Asha Patel" in home.text and "learner" in home.text
    assert home.headers["Cache-Control"] == "no-store"
    assert home.headers["Referrer-Policy"] == "same-origin"
    assert not browser.session.cookies, "the browser kept no cookie"
    links = re.findall(r'href="(/[^"]*[?&]pt=[^"]*)"', home.text)
    assert links, "the tool's own links carry the page token"
    assert not re.search(r'href="/static/[^"]*pt=', home.text), "assets carry no token"
    follow = browser.session.get(urljoin(tool.url, links[0].replace("&amp;", "&")))
    assert follow.status_code == 200 and "Asha Patel" in follow.text
    assert row_counts(app)["web_sessions"] == before["web_sessions"] + 1


def test_platform_storage_learner_can_submit_a_form(app, platform, tool):
    """A form of the tool's (CSRF token in the server-side session) posts and redirects with
    the page token, and the next page knows the learner."""
    browser = StorageLauncher(platform, tool)
    home = landed(browser, browser.launch("asha"))
    form = re.search(
        r'<form method="post" action="(/assessment[^"]*pt=[^"]*)"(.*?)</form>', home.text, re.S
    )
    assert form, home.text[:3000]
    csrf = re.search(r'name="csrf_token" value="([^"]*)"', form.group(2))
    assert csrf
    action = urljoin(tool.url, form.group(1).replace("&amp;", "&"))
    posted = browser.session.post(action, data={"csrf_token": csrf.group(1)}, allow_redirects=False)
    assert posted.status_code == 303, posted.text[:2000]
    assert "pt=" in posted.headers["Location"]
    page = browser.session.get(urljoin(tool.url, posted.headers["Location"]))
    assert page.status_code == 200
    assert 'name="csrf_token"' in page.text and "Asha Patel" in page.text


def test_state_not_returned_by_the_platform_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    before = row_counts(app)
    fields = browser.read_back(check.text)
    response = browser.confirm({**fields, "state": "state-forged"})
    refused(response, 400, "could not be matched")
    assert row_counts(app) == before


def test_nothing_stored_with_the_platform_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    before = row_counts(app)
    browser.stored.clear()  # another browser, whose platform never stored this login
    refused(browser.confirm(browser.read_back(check.text)), 400, "could not be matched")
    assert row_counts(app) == before


def test_answer_from_another_origin_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    before = row_counts(app)
    response = browser.confirm(browser.read_back(check.text, origin="http://evil.example"))
    refused(response, 400, "could not be confirmed by your LMS", "http://evil.example")
    assert row_counts(app) == before


@pytest.mark.parametrize("origin", ["http://evil.example", ""])
def test_confirmation_posted_by_another_site_is_refused(app, platform, tool, origin):
    """An attacker who ran a launch of their own cannot make a victim's browser finish it: the
    confirmation must come from the tool's own page."""
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    before = row_counts(app)
    response = browser.confirm(browser.read_back(check.text), origin=origin)
    refused(response, 400, "could not be confirmed from this page")
    assert row_counts(app) == before


def test_deep_linking_on_platform_storage(app, platform, tool):
    """An instructor places the activity without a cookie: the form posts with the page token
    and the signed response goes back to the LMS, which accepts it."""
    browser = StorageLauncher(platform, tool)
    page = landed(browser, browser.launch("carys", message_type="LtiDeepLinkingRequest"))
    assert "/placement/deep-link?pt=" in page.url
    fields = hidden_inputs(page.text)
    placed = browser.session.post(page.url, data={**fields, "title": "Plan without cookies"})
    assert placed.status_code == 200, placed.text[:2000]
    assert form_action(placed.text) == platform.config.deep_link_return_url
    returned = requests.post(form_action(placed.text), data=hidden_inputs(placed.text), timeout=10)
    assert returned.status_code == 200, returned.text[:2000]
    assert "Plan without cookies" in returned.text


def test_no_answer_from_the_platform_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    before = row_counts(app)
    refused(browser.confirm(browser.read_back(check.text, origin="")), 400, "did not answer")
    assert row_counts(app) == before


def test_replayed_id_token_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    browser.launch_until_check()
    before = row_counts(app)
    replay = browser.post_launch(browser.last_launch_fields)
    refused(replay, 400, "already been used")
    assert row_counts(app) == before


def test_id_token_of_another_login_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    first = browser.store_with_platform(browser.login().text)
    second = browser.store_with_platform(browser.login().text)
    fields = browser.authenticate(second)
    before = row_counts(app)
    refused(browser.post_launch({**fields, "state": first["state"]}), 400, "could not be matched")
    assert row_counts(app) == before


def test_confirmation_works_once(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    fields = browser.read_back(check.text)
    assert browser.confirm(fields).status_code == 303
    before = row_counts(app)
    refused(browser.confirm(fields), 400, "already been used")
    assert row_counts(app) == before


def test_expired_confirmation_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    check = browser.launch_until_check()
    expire(app, "platform-storage-confirm:")
    before = row_counts(app)
    refused(browser.confirm(browser.read_back(check.text)), 400, "already been used")
    assert row_counts(app) == before


def test_launch_handle_works_once(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    confirmed = browser.launch()
    landed(browser, confirmed)
    thief = StorageLauncher(platform, tool)
    again = thief.session.get(urljoin(tool.url, confirmed.headers["Location"]))
    refused(again, 401, "Open Development Planner from your course")
    assert "Asha Patel" not in again.text


def test_expired_launch_handle_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    confirmed = browser.launch()
    expire(app, "launch-handle:")
    response = browser.session.get(urljoin(tool.url, confirmed.headers["Location"]))
    refused(response, 401, "Open Development Planner from your course")
    assert handle_of(confirmed) not in response.text


def test_expired_page_token_is_refused(app, platform, tool):
    browser = StorageLauncher(platform, tool)
    home = landed(browser, browser.launch())
    expire(app, "page-token:")
    response = browser.session.get(home.url)
    refused(response, 401, "Open Development Planner from your course")


def test_a_new_launch_ends_the_old_pages(app, platform, tool):
    """The page token names a session: when the same browser's cookie session is replaced the
    old page addresses stop working with it."""
    browser = StorageLauncher(platform, tool)
    home = landed(browser, browser.launch())
    from lti_tool.extensions import db
    from lti_tool.sessions import WebSession

    with app.app_context():
        db.session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    refused(browser.session.get(home.url), 401, "Open Development Planner from your course")


@pytest.mark.parametrize("target", ["", "bad frame name", "x" * 65])
def test_login_without_a_usable_storage_frame_keeps_the_cookie_path(app, platform, tool, target):
    launcher = Launcher(platform, tool)
    url = platform.login_initiation_url("asha")
    response = launcher.session.get(url, params={"lti_storage_target": target})
    assert response.status_code == 200
    assert 'id="cookie-check"' in response.text
    assert 'id="platform-storage"' not in response.text


def test_cookie_path_is_unchanged_when_the_platform_offers_no_storage(app, platform, tool):
    response = Launcher(platform, tool).launch("asha")
    assert response.status_code == 200 and "Asha Patel" in response.text
    assert "pt=" not in response.text


def test_manager_dashboard_links_and_filters_keep_the_page_token(app, platform, tool):
    """Addresses the dashboard builds by hand (sorting, paging) and its GET filter form, whose
    action's query a browser drops, carry the page token too."""
    browser = StorageLauncher(platform, tool)
    home = landed(browser, browser.launch("carys"))
    link = re.search(r'href="(/team/\?pt=[^"]*)"', home.text)
    assert link, home.text[:3000]
    dashboard = browser.session.get(urljoin(tool.url, link.group(1).replace("&amp;", "&")))
    assert dashboard.status_code == 200 and "Carys Jones" in dashboard.text
    sort = re.search(r'<a href="\?([^"]*sort=[^"]*)"', dashboard.text)
    assert sort and "pt=" in sort.group(1)
    sorted_page = browser.session.get(
        urljoin(tool.url, "/team/?" + sort.group(1).replace("&amp;", "&"))
    )
    assert sorted_page.status_code == 200 and "Carys Jones" in sorted_page.text
    filters = re.search(r'data-testid="filters">(.*?)</form>', dashboard.text, re.S)
    assert filters and re.search(r'<input type="hidden" name="pt" value="[^"]+">', filters.group(1))


def test_cookie_launch_never_looks_for_a_platform_storage_login(app, platform, tool):
    """Only a state marked at a platform-storage login is looked up: the cookie path pays no
    query for the second path."""
    from sqlalchemy import event

    from lti_tool.extensions import db

    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(repr(parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = Launcher(platform, tool).launch("asha")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200 and "Asha Patel" in response.text
    assert seen and not any("platform-storage-login:" in p for p in seen)
