"""Assignment and Grade Services of the demo LMS: line items, scores, results, faults."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
import requests

from demo_lms.claims import SCOPE_LINEITEM_READONLY, SCOPE_NRPS, SCOPE_SCORE
from demo_lms.testing import RunningPlatform

LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
Bearer = Callable[..., dict[str, str]]


def create(platform: RunningPlatform, headers: dict[str, str], **fields: Any) -> requests.Response:
    body = {"label": "Self-assessment", "scoreMaximum": 10, **fields}
    return requests.post(
        platform.lineitems_url,
        data=json.dumps(body),
        headers={**headers, "Content-Type": LINEITEM},
        timeout=10,
    )


def post_score(
    item_url: str, headers: dict[str, str], timestamp: str, **fields: Any
) -> requests.Response:
    body = {
        "userId": "demo-learner-asha",
        "scoreGiven": 7,
        "scoreMaximum": 10,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": timestamp,
        **fields,
    }
    return requests.post(
        f"{item_url}/scores",
        data=json.dumps(body),
        headers={**headers, "Content-Type": SCORE},
        timeout=10,
    )


def next_link(response: requests.Response) -> str | None:
    match = re.search(r'<([^>]*)>;\s*rel="next"', response.headers.get("Link", ""))
    return match.group(1) if match else None


def test_default_line_item_is_listed(platform: RunningPlatform, bearer: Bearer) -> None:
    response = requests.get(
        platform.lineitems_url, headers=bearer([SCOPE_LINEITEM_READONLY]), timeout=10
    )

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.ims.lis.v2.lineitemcontainer+json"
    assert response.json() == [
        {
            "id": f"{platform.lineitems_url}/1",
            "label": "My development plan",
            "scoreMaximum": 100,
            "resourceLinkId": "demo-resource-1",
        }
    ]


def test_create_then_find_by_filters(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer()

    created = create(platform, headers, tag="self-assessment", resourceId="plan-2026")

    assert created.status_code == 201
    assert created.headers["Content-Type"] == LINEITEM
    item = created.json()
    assert item["id"] == created.headers["Location"] == f"{platform.lineitems_url}/2"
    assert item["tag"] == "self-assessment"
    found = requests.get(
        platform.lineitems_url, params={"tag": "self-assessment"}, headers=headers, timeout=10
    )
    assert found.json() == [item]
    by_link = requests.get(
        platform.lineitems_url,
        params={"resource_link_id": "demo-resource-1"},
        headers=headers,
        timeout=10,
    )
    assert [i["id"] for i in by_link.json()] == [f"{platform.lineitems_url}/1"]
    fetched = requests.get(item["id"], headers=headers, timeout=10)
    assert fetched.json() == item


@pytest.mark.parametrize(
    ("fields", "content_type", "status"),
    [
        ({"label": ""}, LINEITEM, 400),
        ({"scoreMaximum": 0}, LINEITEM, 400),
        ({"scoreMaximum": "10"}, LINEITEM, 400),
        ({"resourceLinkId": "no-such-link"}, LINEITEM, 400),
        ({}, "application/json", 415),
    ],
)
def test_invalid_line_items_are_refused(
    platform: RunningPlatform,
    bearer: Bearer,
    fields: dict[str, Any],
    content_type: str,
    status: int,
) -> None:
    response = requests.post(
        platform.lineitems_url,
        data=json.dumps({"label": "x", "scoreMaximum": 10, **fields}),
        headers={**bearer(), "Content-Type": content_type},
        timeout=10,
    )

    assert response.status_code == status


def test_line_items_page_with_rel_next(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer()
    for number in range(4):
        assert create(platform, headers, label=f"Item {number}").status_code == 201

    url: str | None = f"{platform.lineitems_url}?limit=2"
    pages = []
    while url:
        response = requests.get(url, headers=headers, timeout=10)
        pages.append([item["label"] for item in response.json()])
        url = next_link(response)

    assert pages == [["My development plan", "Item 0"], ["Item 1", "Item 2"], ["Item 3"]]


def test_put_and_delete_line_item(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = {**bearer(), "Content-Type": LINEITEM}
    item = create(platform, headers).json()

    updated = requests.put(
        item["id"],
        data=json.dumps({**item, "label": "Renamed", "scoreMaximum": 20}),
        headers=headers,
        timeout=10,
    )
    deleted = requests.delete(item["id"], headers=headers, timeout=10)
    gone = requests.get(item["id"], headers=headers, timeout=10)

    assert updated.status_code == 200
    assert (updated.json()["label"], updated.json()["scoreMaximum"]) == ("Renamed", 20)
    assert deleted.status_code == 204
    assert gone.status_code == 404


def test_scores_are_kept_and_older_timestamps_conflict(
    platform: RunningPlatform, bearer: Bearer
) -> None:
    headers = bearer()
    item_url = f"{platform.lineitems_url}/1"

    first = post_score(item_url, headers, "2026-03-01T10:00:00.000Z", scoreGiven=4)
    newer = post_score(item_url, headers, "2026-03-01T10:00:01.500+00:00", scoreGiven=8)
    older = post_score(item_url, headers, "2026-03-01T09:59:59.000Z", scoreGiven=1)

    assert (first.status_code, newer.status_code, older.status_code) == (204, 204, 409)
    assert older.json()["error"] == "conflict"
    state = platform.state_snapshot()
    assert [r["score"]["scoreGiven"] for r in state["results"]] == [8]
    assert [(s["status"], s["body"]["scoreGiven"]) for s in state["scores"]] == [
        (204, 4),
        (204, 8),
        (409, 1),
    ]
    gradebook = requests.get(f"{platform.url}/gradebook", timeout=10).text
    assert "8 / 10" in gradebook
    assert "3 score POSTs received" in gradebook


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"userId": "stranger"}, 400),
        ({"timestamp": "2026-03-01T10:00:00"}, 400),
        ({"timestamp": "yesterday"}, 400),
        ({"activityProgress": "Done"}, 400),
        ({"gradingProgress": "Graded"}, 400),
        ({"scoreGiven": -1}, 400),
        ({"scoreMaximum": None}, 400),
    ],
)
def test_invalid_scores_are_refused(
    platform: RunningPlatform, bearer: Bearer, fields: dict[str, Any], status: int
) -> None:
    timestamp = fields.pop("timestamp", "2026-03-01T10:00:00Z")

    response = post_score(f"{platform.lineitems_url}/1", bearer(), timestamp, **fields)

    assert response.status_code == status
    assert platform.state.results == {}


def test_score_without_grade_records_progress_only(
    platform: RunningPlatform, bearer: Bearer
) -> None:
    response = post_score(
        f"{platform.lineitems_url}/1",
        bearer(),
        "2026-03-01T10:00:00Z",
        scoreGiven=None,
        scoreMaximum=None,
        activityProgress="InProgress",
        gradingProgress="NotReady",
    )

    assert response.status_code == 204
    results = requests.get(
        f"{platform.lineitems_url}/1/results", headers=bearer(), timeout=10
    ).json()
    assert results == [
        {
            "id": f"{platform.lineitems_url}/1/results/demo-learner-asha",
            "scoreOf": f"{platform.lineitems_url}/1",
            "userId": "demo-learner-asha",
        }
    ]


def test_results_are_scaled_and_paged(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer()
    item_url = f"{platform.lineitems_url}/1"
    for user, given in (
        ("demo-learner-asha", 5),
        ("demo-learner-ben", 10),
        ("demo-manager-carys", 0),
    ):
        assert post_score(
            item_url, headers, "2026-03-01T10:00:00Z", userId=user, scoreGiven=given
        ).ok

    first = requests.get(f"{item_url}/results?limit=2", headers=headers, timeout=10)
    url = next_link(first)
    assert url is not None
    second = requests.get(url, headers=headers, timeout=10)

    assert first.headers["Content-Type"] == "application/vnd.ims.lis.v2.resultcontainer+json"
    results = first.json() + second.json()
    assert [(r["userId"], r["resultScore"], r["resultMaximum"]) for r in results] == [
        ("demo-learner-asha", 50, 100),
        ("demo-learner-ben", 100, 100),
        ("demo-manager-carys", 0, 100),
    ]
    assert next_link(second) is None
    one = requests.get(
        f"{item_url}/results", params={"user_id": "demo-learner-ben"}, headers=headers, timeout=10
    )
    assert [r["userId"] for r in one.json()] == ["demo-learner-ben"]


def test_calls_without_a_token_get_401_with_a_challenge(platform: RunningPlatform) -> None:
    item_url = f"{platform.lineitems_url}/1"
    responses = [
        requests.get(platform.lineitems_url, timeout=10),
        requests.get(platform.lineitems_url, headers={"Authorization": "Bearer nope"}, timeout=10),
        post_score(item_url, {}, "2026-03-01T10:00:00Z"),
        requests.get(f"{item_url}/results", timeout=10),
    ]

    for response in responses:
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert 'error="invalid_token"' in responses[1].headers["WWW-Authenticate"]
    assert platform.state.results == {}


def test_wrong_scope_is_403(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer([SCOPE_NRPS, SCOPE_LINEITEM_READONLY])

    score = post_score(f"{platform.lineitems_url}/1", headers, "2026-03-01T10:00:00Z")
    created = create(platform, headers)

    assert score.status_code == 403
    assert created.status_code == 403
    assert 'error="insufficient_scope"' in score.headers["WWW-Authenticate"]


def test_revoked_tokens_are_401(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer()
    assert requests.get(platform.lineitems_url, headers=headers, timeout=10).status_code == 200

    platform.control(revoke_tokens=True)

    response = requests.get(platform.lineitems_url, headers=headers, timeout=10)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_token_lifetime_knob_and_expiry(
    platform: RunningPlatform,
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
) -> None:
    platform.control(token_expires_in=2)

    body = request_token(sign_assertion()).json()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    fresh = requests.get(platform.lineitems_url, headers=headers, timeout=10)
    token = platform.state.tokens[body["access_token"]]
    platform.state.tokens[body["access_token"]] = replace(token, expires_at=time.time() - 1)
    expired = requests.get(platform.lineitems_url, headers=headers, timeout=10)

    assert body["expires_in"] == 2
    assert fresh.status_code == 200
    assert expired.status_code == 401


def test_injected_faults_play_then_recover(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer([SCOPE_SCORE])
    item_url = f"{platform.lineitems_url}/1"
    platform.control(fail={"endpoint": "scores", "statuses": [500, 503, 429], "retry_after": 1})

    statuses = []
    for second in range(4):
        response = post_score(item_url, headers, f"2026-03-01T10:00:0{second}Z")
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert response.headers["Retry-After"] == "1"

    assert statuses == [500, 503, 429, 204]
    assert len(platform.state.results) == 1
    assert [entry["status"] for entry in platform.state_snapshot()["scores"]] == statuses


def test_token_endpoint_faults(
    platform: RunningPlatform,
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
) -> None:
    platform.control(fail={"endpoint": "token", "statuses": [502]})

    assert request_token(sign_assertion()).status_code == 502
    assert request_token(sign_assertion()).status_code == 200
