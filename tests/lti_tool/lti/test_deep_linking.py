"""A course teacher places the activity through Deep Linking; learners cannot."""

from __future__ import annotations

import re

from support.lti import Launcher, form_action, hidden_inputs, row_counts

DEEP_LINKING = "LtiDeepLinkingRequest"


def test_instructor_places_the_activity_with_a_gradebook_column(app, platform, tool):
    launcher = Launcher(platform, tool)
    page = launcher.launch("carys", DEEP_LINKING)
    assert page.status_code == 200, page.text[:800]
    assert "Add Development Planner to your course" in page.text
    fields = hidden_inputs(page.text)
    fields["title"] = 'Leadership plan <2026> & "reviews"'
    answer = launcher.session.post(page.url.split("?")[0], data=fields)
    assert answer.status_code == 200
    assert form_action(answer.text) == platform.deep_link_return_url
    assert "&lt;2026&gt;" not in answer.text  # the title travels only inside the signed JWT
    returned = launcher.session.post(platform.deep_link_return_url, data=hidden_inputs(answer.text))
    assert returned.status_code == 200, returned.text[:800]
    returns = platform.state_snapshot()["deep_link_returns"]
    assert len(returns) == 1 and returns[0]["accepted"], returns
    assert len(returns[0]["placed"]) == 1
    placed = returns[0]["placed"][0]
    assert placed["line_item"], "the platform created the gradebook column"
    item = placed["item"]
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == 'Leadership plan <2026> & "reviews"'
    assert item["url"] == f"{tool.url}/lti/launch"
    assert item["lineItem"]["scoreMaximum"] == 100


def test_empty_title_is_explained_and_kept_on_the_page(app, platform, tool):
    launcher = Launcher(platform, tool)
    page = launcher.launch("carys", DEEP_LINKING)
    fields = hidden_inputs(page.text)
    fields["title"] = ""
    answer = launcher.session.post(page.url.split("?")[0], data=fields)
    assert answer.status_code == 400
    assert "Enter a title for the activity" in answer.text
    assert re.search(r"nhsuk-error-message", answer.text)
    assert 'data-testid="error-summary"' in answer.text and 'href="#title"' in answer.text


def test_title_and_text_keep_to_the_lms_limits(app, platform, tool):
    """Moodle names the activity and its gradebook column with the title: 255 characters."""
    launcher = Launcher(platform, tool)
    page = launcher.launch("carys", DEEP_LINKING)
    fields = hidden_inputs(page.text)
    address = page.url.split("?")[0]
    too_long = {**fields, "title": "é" * 256, "text": "x" * 1001}
    refused = launcher.session.post(address, data=too_long)
    assert refused.status_code == 400
    assert "There is a problem" in refused.text
    assert "Activity title must be 255 characters or fewer (it is 256)" in refused.text
    assert "Description must be 1000 characters or fewer (it is 1001)" in refused.text
    assert "é" * 256 in refused.text and "x" * 1001 in refused.text  # kept to correct

    fitting = {**fields, "title": "  " + "é" * 253 + "\n z ", "text": " Plan with your manager. "}
    answer = launcher.session.post(address, data=fitting)
    assert answer.status_code == 200, answer.text[:800]
    launcher.session.post(platform.deep_link_return_url, data=hidden_inputs(answer.text))
    (returned,) = platform.state_snapshot()["deep_link_returns"]
    item = returned["placed"][0]["item"]
    assert item["title"] == "é" * 253 + " z" and len(item["title"]) == 255
    assert item["text"] == "Plan with your manager."
    assert item["lineItem"]["label"] == item["title"]


def test_deep_linking_request_for_a_learner_is_refused_at_launch(app, platform, tool):
    """No session and no rows: refused like every other launch the tool will not accept."""
    before = row_counts(app)
    launcher = Launcher(platform, tool)
    page = launcher.launch("asha", DEEP_LINKING)
    assert page.status_code == 403, page.text[:500]
    assert "Only course teachers can place this activity" in page.text
    assert "dp_session" not in launcher.session.cookies
    assert row_counts(app) == before
    assert launcher.session.get(f"{tool.url}/").status_code == 401


def test_learner_cannot_use_deep_linking_page(app, platform, tool):
    launcher = Launcher(platform, tool)
    assert launcher.launch("asha").status_code == 200
    assert launcher.session.get(f"{tool.url}/placement/deep-link").status_code == 403


def test_resource_launch_cannot_reach_the_deep_linking_page(app, platform, tool):
    launcher = Launcher(platform, tool)
    assert launcher.launch("carys").status_code == 200
    assert launcher.session.get(f"{tool.url}/placement/deep-link").status_code == 404


def test_deep_linking_page_needs_a_launch(app, tool):
    from support.lti import browser

    assert browser().get(f"{tool.url}/placement/deep-link").status_code == 401
