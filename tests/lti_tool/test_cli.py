"""Administrator commands: platforms, deployments, keys, content validation, tool URLs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[2]

ADD = [
    "platform",
    "add",
    "--issuer",
    "https://moodle.example.nhs.uk",
    "--client-id",
    "abc123",
    "--auth-login-url",
    "https://moodle.example.nhs.uk/mod/lti/auth.php",
    "--access-token-url",
    "https://moodle.example.nhs.uk/mod/lti/token.php",
    "--keyset-url",
    "https://moodle.example.nhs.uk/mod/lti/certs.php",
    "--deployment",
    "7",
]


def test_platform_add_list_deployments_remove(app):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiRegistration

    runner = app.test_cli_runner()
    result = runner.invoke(args=ADD)
    assert result.exit_code == 0, result.output
    assert "Registered https://moodle.example.nhs.uk (client ID abc123)" in result.output
    second = [*ADD[:5], "second-type", *ADD[6:-2], "--deployment", "8"]
    assert runner.invoke(args=second).exit_code == 0

    listing = runner.invoke(args=["platform", "list"]).output
    assert "client ID abc123" in listing and "client ID second-type" in listing
    assert "deployment 7: active" in listing

    deployments = ["platform", "deployments", "--issuer", ADD[3], "--client-id", "abc123"]
    result = runner.invoke(args=[*deployments, "--add", "9", "--deactivate", "7"])
    assert result.exit_code == 0, result.output
    assert "7: inactive" in result.output and "9: active" in result.output
    result = runner.invoke(args=[*deployments, "--activate", "404"])
    assert result.exit_code != 0 and "not recorded" in result.output

    remove = ["platform", "remove", "--issuer", ADD[3], "--client-id", "abc123", "--yes"]
    assert runner.invoke(args=remove).exit_code == 0
    with app.app_context():
        remaining = db.session.scalars(select(LtiRegistration.client_id)).all()
    assert remaining == ["second-type"]


def test_platform_add_rejects_a_non_url(app):
    bad = list(ADD)
    bad[bad.index("--keyset-url") + 1] = "certs.php"
    result = app.test_cli_runner().invoke(args=bad)
    assert result.exit_code != 0
    assert "is not an http(s) URL" in result.output


def test_remove_unknown_platform_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(
        args=["platform", "remove", "--issuer", "https://x", "--client-id", "y", "--yes"]
    )
    assert result.exit_code != 0 and "No platform is registered" in result.output


def test_key_rotation_publishes_old_and_new_keys_for_the_grace_period(app):
    from development_plans.db import utcnow
    from lti_tool.extensions import db
    from lti_tool.lti.models import ToolKey

    client = app.test_client()
    first = client.get("/lti/jwks").get_json()["keys"]
    assert len(first) == 1 and first[0]["alg"] == "RS256" and "d" not in first[0]
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "New signing key" in result.output
    published = {k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]}
    assert published == {first[0]["kid"], result.output.split()[3].rstrip(".")}
    with app.app_context():
        old = db.session.scalar(select(ToolKey).where(ToolKey.kid == first[0]["kid"]))
        old.retired_at = utcnow() - timedelta(days=8)
        db.session.commit()
    after_grace = client.get("/lti/jwks").get_json()["keys"]
    assert [k["kid"] for k in after_grace] != [first[0]["kid"]] and len(after_grace) == 1


def test_rotated_key_signs_service_tokens(app):
    from lti_tool.extensions import db
    from lti_tool.lti import keys

    with app.app_context():
        before = keys.signing_key(db.session).kid
        new, retired = keys.rotate(db.session)
        assert keys.signing_key(db.session).kid == new.kid != before
        assert [k.kid for k in retired] == [before]


def test_content_validate(app, tmp_path):
    runner = app.test_cli_runner()
    good = ROOT / "content" / "frameworks" / "healthcare-leadership-model.yaml"
    result = runner.invoke(args=["content", "validate", str(good)])
    assert result.exit_code == 0 and "is a valid framework pack" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: 1\n")
    result = runner.invoke(args=["content", "validate", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output


def test_urls_for_the_lms_form(app):
    result = app.test_cli_runner().invoke(args=["urls", "--base-url", "https://dp.example.nhs.uk"])
    assert result.exit_code == 0, result.output
    assert "Initiate login URL:       https://dp.example.nhs.uk/lti/login" in result.output
    assert "Redirection URI(s):       https://dp.example.nhs.uk/lti/launch" in result.output
    assert "Public keyset URL:        https://dp.example.nhs.uk/lti/jwks" in result.output
