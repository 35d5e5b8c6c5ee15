"""`./dev demo`'s course: enough people to try the whole 360 loop (a manager and at least three
peers of the learner who can launch, all on the roster), with the default personas' ids and subs
unchanged, since tests and bookmarks rely on them."""

from __future__ import annotations

from demo_lms import DemoLmsConfig, create_demo_lms
from demo_lms.config import DEFAULT_PERSONAS, DEMO_PERSONAS, LEARNER
from demo_lms.core import current_platform


def test_the_demo_course_has_a_manager_and_enough_peers_on_its_roster(tmp_path):
    assert [(p.id, p.sub) for p in DEMO_PERSONAS[:3]] == [(p.id, p.sub) for p in DEFAULT_PERSONAS]
    peers = [p for p in DEMO_PERSONAS if p.roles == (LEARNER,) and p.id != "asha"]
    assert len(peers) >= 3
    assert any(p.is_instructor for p in DEMO_PERSONAS)
    config = DemoLmsConfig(
        issuer="http://127.0.0.1:9/demo-lms",
        tool_login_url="https://tool.example.test/lti/login",
        tool_launch_url="https://tool.example.test/lti/launch",
        tool_jwks_url="https://tool.example.test/lti/jwks",
        key_path=tmp_path / "key.pem",
        personas=DEMO_PERSONAS,
    )
    lms = create_demo_lms(config)
    course = lms.test_client().get("/").data.decode()
    for persona in DEMO_PERSONAS:
        assert f"/launch/{persona.id}?" in course
    assert "Asha&#39;s line manager" in course
    with lms.test_request_context("/"):
        roster = current_platform().state.members
    assert set(roster) == {p.sub for p in DEMO_PERSONAS}
    assert all(roster[p.sub].email == p.email for p in DEMO_PERSONAS)
