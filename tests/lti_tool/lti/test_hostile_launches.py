"""Every malformed or malicious launch is refused with a 4xx page that explains itself, and
writes nothing about users, courses, enrolments, placements or sessions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select
from support.lti import Launcher, row_counts

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, body: dict, signature: bytes = b"") -> str:
    return ".".join(
        [b64(json.dumps(header).encode()), b64(json.dumps(body).encode()), b64(signature)]
    )


def prepared(platform, tool, persona="asha"):
    """A browser that has started a login; returns it with the state and honest claims."""
    launcher = Launcher(platform, tool)
    auth = launcher.login(persona)
    claims = platform.id_token_claims_for(persona, nonce=auth["nonce"])
    return launcher, auth["state"], claims


def refused_without_writes(app, response, status, *phrases):
    assert response.status_code == status, response.text[:2000]
    assert "For the LMS administrator" in response.text
    for phrase in phrases:
        assert phrase in response.text, phrase


def sign(platform, claims, **headers):
    return platform.sign_id_token(claims, headers=headers or None)


def test_honest_launch_lands_on_home_page(app, platform, tool):
    response = Launcher(platform, tool).launch("asha")
    assert response.status_code == 200
    assert response.history and response.history[0].status_code == 303
    assert "Asha Patel" in response.text
    assert "learner" in response.text
    assert "Leadership development 2026" in response.text


def _expired(c):
    c.update(exp=int(time.time()) - 10, iat=int(time.time()) - 400)


def _future_iat(c):
    c.update(iat=int(time.time()) + 3600, exp=int(time.time()) + 7200)


CLAIM_TAMPERING = {
    "expired": (_expired, 400, "signature or timing"),
    "missing exp": (lambda c: c.pop("exp"), 400, "signature or timing"),
    "missing iat": (lambda c: c.pop("iat"), 400, "signature or timing"),
    "iat far in the future": (_future_iat, 400, "signature or timing"),
    "wrong aud": (
        lambda c: c.update(aud="another-tool", azp="another-tool"),
        403,
        "not registered",
    ),
    "extra aud without azp": (
        lambda c: (c.update(aud=[c["aud"], "another-tool"]), c.pop("azp", None)),
        400,
        "different tool",
    ),
    "azp not among audiences": (lambda c: c.update(azp="someone-else"), 400, "different tool"),
    "wrong iss": (lambda c: c.update(iss="https://evil.example"), 403, "not registered"),
    "unknown client_id": (lambda c: c.update(aud="nope", azp="nope"), 403, "not registered"),
    "wrong message type": (
        lambda c: c.update({CLAIM + "message_type": "LtiStrangeRequest"}),
        400,
        "not one this tool accepts",
    ),
    "wrong LTI version": (
        lambda c: c.update({CLAIM + "version": "1.1.0"}),
        400,
        "not one this tool accepts",
    ),
    "resource link launch without sub": (
        lambda c: c.pop("sub"),
        400,
        "not one this tool accepts",
    ),
    "roles not a list": (
        lambda c: c.update({CLAIM + "roles": "Learner"}),
        400,
        "not one this tool accepts",
    ),
}


@pytest.mark.parametrize("case", list(CLAIM_TAMPERING))
def test_tampered_claims_are_refused(app, platform, tool, case):
    tamper, status, phrase = CLAIM_TAMPERING[case]
    launcher, state, claims = prepared(platform, tool)
    tamper(claims)
    before = row_counts(app)
    response = launcher.post_launch(sign(platform, claims), state)
    refused_without_writes(app, response, status, phrase)
    assert row_counts(app) == before


def test_bad_signature(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(claims, other, algorithm="RS256", headers={"kid": platform.kid})
    before = row_counts(app)
    refused_without_writes(app, launcher.post_launch(token, state), 400, "signature or timing")
    assert row_counts(app) == before


def test_alg_none(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    token = unsigned({"alg": "none", "kid": platform.kid, "typ": "JWT"}, claims)
    before = row_counts(app)
    refused_without_writes(app, launcher.post_launch(token, state), 400, "signature key")
    assert row_counts(app) == before


def test_hs256_signed_with_platform_public_key(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    header = {"alg": "HS256", "kid": platform.kid, "typ": "JWT"}
    signing_input = unsigned(header, claims).rsplit(".", 1)[0]
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(platform.private_key_pem.encode(), None)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64(signature)}"
    before = row_counts(app)
    refused_without_writes(app, launcher.post_launch(token, state), 400, "signature key")
    assert row_counts(app) == before


def test_unknown_kid(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    token = sign(platform, claims, kid="no-such-key")
    before = row_counts(app)
    refused_without_writes(app, launcher.post_launch(token, state), 400, "signature key")
    assert row_counts(app) == before


def test_unknown_deployment_is_recorded_inactive_and_refused(app, platform, tool):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment

    launcher, state, claims = prepared(platform, tool)
    claims[CLAIM + "deployment_id"] = "999"
    before = row_counts(app)
    response = launcher.post_launch(sign(platform, claims), state)
    refused_without_writes(app, response, 403, "not activated", "--activate 999")
    after = row_counts(app)
    assert after.pop("lti_deployments") == before.pop("lti_deployments") + 1
    assert after == before
    with app.app_context():
        recorded = db.session.scalar(
            select(LtiDeployment).where(LtiDeployment.deployment_id == "999")
        )
        assert recorded is not None and recorded.active is False


def test_inactive_deployment_is_refused(app, platform, tool):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment

    with app.app_context():
        db.session.add(
            LtiDeployment(
                registration_id=db.session.scalar(select(LtiDeployment.registration_id)),
                deployment_id="2",
                active=False,
            )
        )
        db.session.commit()
    launcher, state, claims = prepared(platform, tool)
    claims[CLAIM + "deployment_id"] = "2"
    before = row_counts(app)
    refused_without_writes(
        app, launcher.post_launch(sign(platform, claims), state), 403, "switched off"
    )
    assert row_counts(app) == before


def test_replayed_nonce(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    token = sign(platform, claims)
    assert launcher.post_launch(token, state).status_code == 200
    before = row_counts(app)
    replay = launcher.post_launch(token, state)
    refused_without_writes(app, replay, 400, "already been used")
    assert row_counts(app) == before


def test_missing_state(app, platform, tool):
    launcher, _, claims = prepared(platform, tool)
    before = row_counts(app)
    response = launcher.session.post(
        f"{tool.url}/lti/launch", data={"id_token": sign(platform, claims)}
    )
    refused_without_writes(app, response, 400, "could not be matched")
    assert row_counts(app) == before


def test_mismatched_state(app, platform, tool):
    launcher, _, claims = prepared(platform, tool)
    before = row_counts(app)
    response = launcher.post_launch(sign(platform, claims), "state-someone-elses")
    refused_without_writes(app, response, 400, "could not be matched")
    assert row_counts(app) == before


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b.c", "e30.e30", "W10.W10.sig"])
def test_malformed_jwt(app, platform, tool, token):
    launcher, state, _ = prepared(platform, tool)
    before = row_counts(app)
    refused_without_writes(app, launcher.post_launch(token, state), 400, "could not be read")
    assert row_counts(app) == before


def test_oversized_token(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    claims[CLAIM + "custom"] = {"padding": "x" * 70_000}
    before = row_counts(app)
    response = launcher.post_launch(sign(platform, claims), state)
    refused_without_writes(app, response, 413, "too large")
    assert row_counts(app) == before


def test_get_on_launch_url_is_refused_not_500(app, platform, tool):
    launcher = Launcher(platform, tool)
    response = launcher.session.get(f"{tool.url}/lti/launch")
    refused_without_writes(app, response, 405, "form post")


def test_names_from_the_lms_are_escaped_everywhere(app, platform, tool):
    launcher, state, claims = prepared(platform, tool)
    claims["name"] = '<script>alert("name")</script>'
    claims[CLAIM + "context"]["title"] = "<img src=x onerror=alert(1)>"
    response = launcher.post_launch(sign(platform, claims), state)
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in response.text
