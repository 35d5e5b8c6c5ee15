"""Parsed keys are cached per worker process, and registrations are read per request: a key
rotation or a registration change takes effect at once in every worker."""

from __future__ import annotations

import time

import jwt
from support.gunicorn import Gunicorn
from support.lti import Launcher, hidden_inputs, registered_platform

DEEP_LINKING = "LtiDeepLinkingRequest"
ATTEMPTS = 40


def _served_by(log) -> list[str]:
    return [line.split()[0] for line in log.read_text().splitlines()]


def _worker_after(log, before: int) -> str:
    """The worker that logged the last request after line ``before`` (gunicorn writes its access
    log just after the response, so wait a moment for the line)."""
    deadline = time.monotonic() + 5
    while len(served := _served_by(log)) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    return served[-1]


def _placement_kid(platform, tool) -> str:
    """Place the activity once; the kid in the header of the tool's signed response."""
    launcher = Launcher(platform, tool)
    page = launcher.launch("carys", DEEP_LINKING)
    answer = launcher.session.post(page.url.split("?")[0], data=hidden_inputs(page.text))
    assert answer.status_code == 200, answer.text[:500]
    return jwt.get_unverified_header(hidden_inputs(answer.text)["JWT"])["kid"]


def _kids_from_every_worker(platform, tool, log, workers: int) -> set[str]:
    """Signed responses until each worker has signed at least once (the kernel picks workers)."""
    kids: dict[str, set[str]] = {}
    for _ in range(ATTEMPTS):
        before = len(log.read_text().splitlines())
        kid = _placement_kid(platform, tool)
        worker = _worker_after(log, before)
        kids.setdefault(worker, set()).add(kid)
        if len(kids) == workers:
            break
    assert len(kids) == workers, f"only {len(kids)} of {workers} workers answered"
    return set().union(*kids.values())


def _env(database_url, tmp_path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "DP_INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "workers-test",
    }


def test_a_key_rotation_is_used_at_once_by_every_worker(app, database_url, tmp_path):
    from lti_tool.extensions import db
    from lti_tool.lti import keys

    log = tmp_path / "access.log"
    with (
        Gunicorn(_env(database_url, tmp_path), workers=2, log=log) as tool,
        registered_platform(app, tool) as platform,
    ):
        with app.app_context():
            old = keys.signing_key(db.session).kid
        assert _kids_from_every_worker(platform, tool, log, 2) == {old}
        with app.app_context():
            new, _ = keys.rotate(db.session)
            new_kid = new.kid
        assert new_kid != old
        assert _kids_from_every_worker(platform, tool, log, 2) == {new_kid}


def test_a_registration_switched_off_is_refused_at_once_by_every_worker(
    app, database_url, tmp_path
):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiRegistration

    log = tmp_path / "access.log"
    with (
        Gunicorn(_env(database_url, tmp_path), workers=2, log=log) as tool,
        registered_platform(app, tool) as platform,
    ):
        workers_seen: set[str] = set()
        for _ in range(ATTEMPTS):
            assert Launcher(platform, tool).launch("asha").status_code == 200
            workers_seen = set(_served_by(log))
            if len(workers_seen) == 2:
                break
        assert len(workers_seen) == 2
        with app.app_context():
            db.session.query(LtiRegistration).update({"active": False})
            db.session.commit()
        refused_by: set[str] = set()
        for _ in range(ATTEMPTS):
            before = len(log.read_text().splitlines())
            launcher = Launcher(platform, tool)
            url = platform.login_initiation_url("asha") + "&lti1p3_new_window=1"
            response = launcher.session.get(url, allow_redirects=False)
            assert response.status_code == 403, response.text[:300]
            assert "registration is waiting for approval" in response.text
            refused_by.add(_worker_after(log, before))
            if refused_by == workers_seen:
                break
        assert refused_by == workers_seen
