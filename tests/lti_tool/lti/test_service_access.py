"""Opening LTI Advantage services for a registration: none for an unknown one, the library's
exceptions translated at the adapter's edge, and one access token per expiry kept in memory."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import delete

from lti_tool.extensions import db
from lti_tool.lti.services import (
    AGS_SCOPES,
    ServiceAccess,
    ServiceRequestFailed,
    granted_ags_scopes,
    services_for,
)
from lti_tool.store import SharedValue

SCORE = {
    "userId": "demo-learner-asha",
    "scoreGiven": 1,
    "scoreMaximum": 1,
    "activityProgress": "Completed",
    "gradingProgress": "FullyGraded",
    "timestamp": "2026-11-27T10:00:00.000+00:00",
}


def _access(app) -> ServiceAccess:
    return ServiceAccess(app.extensions["lti_adapter"].store, timeout=5)


def _open(app, platform, access: ServiceAccess):
    with app.app_context():
        return access.services_for(
            db.session,
            issuer=platform.issuer,
            client_id=platform.client_id,
            token_scopes=sorted(AGS_SCOPES),
        )


def test_no_services_without_an_active_registration(app, platform):
    with app.app_context():
        assert (
            services_for(
                db.session,
                issuer=platform.issuer,
                client_id="someone-else",
                store=app.extensions["lti_adapter"].store,
                timeout=5,
            )
            is None
        )


def test_a_refused_call_is_a_requests_error_carrying_the_lms_answer(app, platform):
    services = _open(app, platform, _access(app))
    with pytest.raises(ServiceRequestFailed) as refused:
        services.post_score(f"{platform.lineitems_url}/no-such-item", SCORE)
    assert isinstance(refused.value, requests.HTTPError)
    assert refused.value.response.status_code == 404
    assert type(refused.value.__cause__).__module__.startswith("pylti1p3")


def test_a_token_is_kept_in_memory_until_a_401(app, platform):
    access = _access(app)
    services = _open(app, platform, access)
    line_item = f"{platform.lineitems_url}/1"
    services.post_score(line_item, SCORE)
    with app.app_context():
        db.session.execute(delete(SharedValue).where(SharedValue.key.like("access-token:%")))
        db.session.commit()

    services.post_score(line_item, {**SCORE, "timestamp": "2026-11-27T10:00:01.000+00:00"})
    assert access.token_requests == 1 and platform.state_snapshot()["token_requests"] == 1

    platform.control(revoke_tokens=True)
    services.post_score(line_item, {**SCORE, "timestamp": "2026-11-27T10:00:02.000+00:00"})
    assert access.token_requests == 2
    assert [post["status"] for post in platform.state_snapshot()["scores"]] == [204, 204, 401, 204]


def test_granted_ags_scopes_keeps_only_ags_sorted():
    nrps = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
    assert granted_ags_scopes([*sorted(AGS_SCOPES, reverse=True), nrps]) == tuple(
        sorted(AGS_SCOPES)
    )
