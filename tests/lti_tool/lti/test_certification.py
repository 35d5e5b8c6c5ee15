"""The tool-side cases of the 1EdTech LTI Advantage certification, against the demo LMS: launches
the suite sends that must work, known-bad payloads that must be refused with a 4xx page and no
session or rows, a deep-linking response it would accept, and NRPS and AGS calls made with the
right scopes and bearer tokens (cases already covered by test_hostile_launches are not repeated:
wrong kid, alg none, HS256, wrong version, missing sub, expired, iat in the future)."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from sqlalchemy import select
from support.lti import Launcher, hidden_inputs, row_counts

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
M = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INST = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
PERSONAL = ("name", "given_name", "family_name", "email")


def launch_with(platform, tool, tamper, persona="asha", headers=None):
    launcher = Launcher(platform, tool)
    auth = launcher.login(persona)
    claims = platform.id_token_claims_for(persona, nonce=auth["nonce"])
    tamper(claims)
    token = platform.sign_id_token(claims, headers=headers)
    return launcher, launcher.post_launch(token, auth["state"])


def _drop(*names):
    return lambda c: [c.pop(n, None) for n in names]


GOOD_LAUNCHES = {
    "multiple roles": (
        lambda c: c.update({CLAIM + "roles": [M + "Instructor", M + "Learner", INST + "Faculty"]}),
        "manager",
        "Asha Patel",
    ),
    "short role name": (lambda c: c.update({CLAIM + "roles": ["Instructor"]}), "manager", "Asha"),
    "unknown role": (
        lambda c: c.update({CLAIM + "roles": ["http://example.org/roles#Juggler"]}),
        "learner",
        "Asha Patel",
    ),
    "no role": (lambda c: c.update({CLAIM + "roles": []}), "learner", "Asha Patel"),
    "email only": (_drop("name", "given_name", "family_name"), "learner", "asha.patel@example"),
    "names only": (_drop("email"), "learner", "Asha Patel"),
    "no personal data": (_drop(*PERSONAL), "learner", "Person "),
    "no context": (_drop(CLAIM + "context"), "learner", "Asha Patel"),
}


@pytest.mark.parametrize("case", list(GOOD_LAUNCHES))
def test_certification_launches_work(app, platform, tool, case):
    tamper, role, shown = GOOD_LAUNCHES[case]
    launcher, response = launch_with(platform, tool, tamper)
    assert response.status_code == 200, response.text[:1500]
    assert role in response.text and shown in response.text
    assert launcher.session.get(f"{tool.url}/").status_code == 200


def test_no_context_is_a_course_of_its_deployment(app, platform, tool):
    from development_plans.courses import Course
    from lti_tool.extensions import db

    launch_with(platform, tool, _drop(CLAIM + "context"))
    with app.app_context():
        assert db.session.scalars(select(Course.context_id)).all() == ["deployment:1"]


def _link_without_id(c):
    c[CLAIM + "resource_link"].pop("id")


BAD_PAYLOADS = {
    "missing LTI version": (_drop(CLAIM + "version"), 400),
    "missing message_type": (_drop(CLAIM + "message_type"), 400),
    "missing roles": (_drop(CLAIM + "roles"), 400),
    "missing deployment_id": (_drop(CLAIM + "deployment_id"), 400),
    "missing resource_link": (_drop(CLAIM + "resource_link"), 400),
    "missing resource_link id": (_link_without_id, 400),
    "missing sub": (_drop("sub"), 400),
    "empty sub": (lambda c: c.update(sub=""), 400),
    "iat an hour ago, exp passed": (
        lambda c: c.update(iat=int(time.time()) - 3600, exp=int(time.time()) - 3000),
        400,
    ),
    "exp before iat": (lambda c: c.update(exp=c["iat"] - 60), 400),
    "iat not a number": (lambda c: c.update(iat="yesterday"), 400),
}


def refused_cleanly(app, launcher, response, status, before):
    assert response.status_code == status, response.text[:1500]
    assert "For the LMS administrator" in response.text
    assert row_counts(app) == before
    assert "dp_session" not in launcher.session.cookies
    assert launcher.session.get(f"{launcher.tool.url}/").status_code == 401


@pytest.mark.parametrize("case", list(BAD_PAYLOADS))
def test_known_bad_payloads_are_refused(app, platform, tool, case):
    tamper, status = BAD_PAYLOADS[case]
    before = row_counts(app)
    launcher, response = launch_with(platform, tool, tamper)
    refused_cleanly(app, launcher, response, status, before)


def test_missing_kid_is_refused(app, platform, tool):
    before = row_counts(app)
    launcher, response = launch_with(platform, tool, lambda c: None, headers={"kid": None})
    refused_cleanly(app, launcher, response, 400, before)


def test_deep_linking_response_the_suite_accepts(app, platform, tool):
    """iss is the client ID, aud the platform, deployment and data echoed, one well-formed
    ltiResourceLink, signed with the tool's key published (by kid) in its JWKS."""
    launcher = Launcher(platform, tool)
    page = launcher.launch("carys", "LtiDeepLinkingRequest")
    fields = hidden_inputs(page.text)
    answer = launcher.session.post(page.url.split("?")[0], data={**fields, "title": "My plan"})
    token = hidden_inputs(answer.text)["JWT"]
    kid = jwt.get_unverified_header(token)["kid"]
    keys = launcher.session.get(f"{tool.url}/lti/jwks").json()["keys"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    claims = jwt.decode(token, key, algorithms=["RS256"], audience=platform.issuer)
    data = next(h.deep_link_data for h in platform.state.hints.values() if h.deep_link_data)
    assert claims["iss"] == platform.client_id and claims["aud"] in (
        platform.issuer,
        [platform.issuer],
    )
    assert claims[CLAIM + "deployment_id"] == platform.deployment_id
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[CLAIM + "version"] == "1.3.0"
    assert claims[DL + "data"] == data
    assert claims["exp"] > claims["iat"] and claims["nonce"]
    items = claims[DL + "content_items"]
    assert [i["type"] for i in items] == ["ltiResourceLink"]
    assert items[0]["url"] == f"{tool.url}/lti/launch" and items[0]["title"] == "My plan"
    returned = launcher.session.post(platform.deep_link_return_url, data={"JWT": token})
    assert returned.status_code == 200
    assert platform.state_snapshot()["deep_link_returns"][-1]["accepted"]


def test_nrps_and_ags_calls_carry_the_right_scopes_and_bearer_tokens(app, platform, tool):
    from support.assessment_pages import Learner, assessment_id_in
    from support.packs import HLM_PACK

    from development_plans.framework import load_framework

    manager = Launcher(platform, tool)
    assert manager.launch("carys").status_code == 200
    assert manager.session.get(f"{tool.url}/team/").status_code == 200
    launcher = Launcher(platform, tool)
    learner = Learner(launcher, launcher.launch("asha"))
    started = learner.start()
    assessment_id = assessment_id_in(started.url)
    learner.answer_all(assessment_id, load_framework(HLM_PACK))
    assert learner.submit(assessment_id).status_code == 200
    sent = app.test_cli_runner().invoke(args=["grades", "send"])
    assert sent.exit_code == 0, sent.output

    log = platform.state_snapshot()["service_log"]
    tokens = [e for e in log if e["endpoint"] == "token"]
    calls = [e for e in log if e["endpoint"] != "token"]
    tool_kids = {k["kid"] for k in manager.session.get(f"{tool.url}/lti/jwks").json()["keys"]}
    for request in tokens:
        assert request["assertion"]["iss"] == request["assertion"]["sub"] == platform.client_id
        assert platform.token_url in json.dumps(request["assertion"]["aud"])
        assert request["assertion"]["kid"] in tool_kids
    assert any(NRPS_SCOPE in t["granted_scopes"] for t in tokens)
    assert any(SCORE_SCOPE in t["granted_scopes"] for t in tokens)
    memberships = [c for c in calls if c["endpoint"] == "memberships"]
    scores = [c for c in calls if c["endpoint"] == "scores"]
    assert memberships and scores, calls
    for call in calls:
        assert call["bearer"] and call["status"] is None, call
        assert set(call["token_scopes"]) & set(call["accepted_scopes"]), call
    assert all(NRPS_SCOPE in c["token_scopes"] for c in memberships)
    assert all(SCORE_SCOPE in c["token_scopes"] for c in scores)
    assert {r["user_id"] for r in platform.state_snapshot()["results"]} == {"demo-learner-asha"}
