"""Names and Role Provisioning Services of the demo LMS."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import requests

from demo_lms import INSTRUCTOR, LEARNER, Member
from demo_lms.claims import SCOPE_NRPS, SCOPE_SCORE
from demo_lms.testing import RunningPlatform, running_platform

MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
Bearer = Callable[..., dict[str, str]]


def all_pages(url: str, headers: dict[str, str]) -> list[requests.Response]:
    pages = []
    next_url: str | None = url
    while next_url:
        response = requests.get(next_url, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        pages.append(response)
        match = re.fullmatch(r'<([^>]*)>; rel="next"', response.headers.get("Link", ""))
        next_url = match.group(1) if match else None
    return pages


def test_default_roster(platform: RunningPlatform, bearer: Bearer) -> None:
    response = requests.get(platform.memberships_url, headers=bearer([SCOPE_NRPS]), timeout=10)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == MEMBERSHIPS
    assert "Link" not in response.headers
    body = response.json()
    assert body["id"] == platform.memberships_url
    assert body["context"] == {
        "id": "demo-course-101",
        "label": "LEAD101",
        "title": "Leadership development 2026",
    }
    assert body["members"][0] == {
        "user_id": "demo-learner-asha",
        "status": "Active",
        "name": "Asha Patel",
        "given_name": "Asha",
        "family_name": "Patel",
        "email": "asha.patel@example.nhs.uk",
        "roles": [LEARNER],
    }
    assert [m["user_id"] for m in body["members"]] == [
        "demo-learner-asha",
        "demo-learner-ben",
        "demo-manager-carys",
    ]


def test_paging_with_rel_next_across_three_pages(platform: RunningPlatform, bearer: Bearer) -> None:
    platform.control(
        membership_page_size=3,
        members=[{"user_id": f"anon-{n}", "roles": [LEARNER]} for n in range(4)],
    )

    pages = all_pages(platform.memberships_url, bearer([SCOPE_NRPS]))

    assert [len(page.json()["members"]) for page in pages] == [3, 3, 1]
    user_ids = [m["user_id"] for page in pages for m in page.json()["members"]]
    assert len(set(user_ids)) == 7
    nameless = [m for page in pages for m in page.json()["members"] if m["user_id"] == "anon-0"]
    assert nameless == [{"user_id": "anon-0", "status": "Active", "roles": [LEARNER]}]


def test_limit_and_role_filters_carry_into_next_links(
    platform: RunningPlatform, bearer: Bearer
) -> None:
    platform.control(
        members=[{"user_id": f"learner-{n}", "roles": [LEARNER]} for n in range(3)]
        + [{"user_id": "manager-2", "roles": [INSTRUCTOR], "name": "M Two"}]
    )
    headers = bearer([SCOPE_NRPS])

    learners = all_pages(f"{platform.memberships_url}?role=Learner&limit=2", headers)
    instructors = all_pages(
        platform.memberships_url + "?role=" + requests.utils.quote(INSTRUCTOR, safe=""), headers
    )

    assert [len(page.json()["members"]) for page in learners] == [2, 2, 1]
    assert all(m["roles"] == [LEARNER] for page in learners for m in page.json()["members"])
    assert [m["user_id"] for m in instructors[0].json()["members"]] == [
        "demo-manager-carys",
        "manager-2",
    ]


def test_large_roster_from_config_and_statuses(make_config: Any, bearer: Bearer) -> None:
    extra = tuple(
        Member(user_id=f"bulk-{n:04d}", status="Inactive" if n % 2 else "Active")
        for n in range(250)
    )
    with running_platform(make_config(extra_members=extra, membership_page_size=100)) as platform:
        pages = all_pages(platform.memberships_url, bearer([SCOPE_NRPS], target=platform))

    assert [len(page.json()["members"]) for page in pages] == [100, 100, 53]
    statuses = [m["status"] for page in pages for m in page.json()["members"]]
    assert statuses.count("Inactive") == 125


def test_members_knob_updates_status_and_replaces(
    platform: RunningPlatform, bearer: Bearer
) -> None:
    headers = bearer([SCOPE_NRPS])

    platform.control(members=[{"user_id": "demo-learner-ben", "status": "Deleted"}])
    updated = requests.get(platform.memberships_url, headers=headers, timeout=10).json()
    platform.control(set_members=[{"user_id": "only-one"}])
    replaced = requests.get(platform.memberships_url, headers=headers, timeout=10).json()

    ben = next(m for m in updated["members"] if m["user_id"] == "demo-learner-ben")
    assert ben == {"user_id": "demo-learner-ben", "status": "Deleted", "roles": [LEARNER]}
    assert replaced["members"] == [{"user_id": "only-one", "status": "Active", "roles": [LEARNER]}]


def test_memberships_need_the_nrps_scope(platform: RunningPlatform, bearer: Bearer) -> None:
    missing = requests.get(platform.memberships_url, timeout=10)
    wrong = requests.get(platform.memberships_url, headers=bearer([SCOPE_SCORE]), timeout=10)

    assert missing.status_code == 401
    assert wrong.status_code == 403


def test_unknown_context_and_bad_paging_parameters(
    platform: RunningPlatform, bearer: Bearer
) -> None:
    headers = bearer([SCOPE_NRPS])
    other = platform.memberships_url.replace("demo-course-101", "other-course")

    assert requests.get(other, headers=headers, timeout=10).status_code == 404
    for query in ("limit=0", "limit=abc", "page=-1", "rlid=nope"):
        url = f"{platform.memberships_url}?{query}"
        assert requests.get(url, headers=headers, timeout=10).status_code == 400, query
    rlid = requests.get(
        f"{platform.memberships_url}?rlid=demo-resource-1", headers=headers, timeout=10
    )
    assert rlid.status_code == 200


def test_membership_faults_then_recover(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer([SCOPE_NRPS])
    platform.control(fail={"endpoint": "memberships", "statuses": [500, 500]})

    statuses = [
        requests.get(platform.memberships_url, headers=headers, timeout=10).status_code
        for _ in range(3)
    ]

    assert statuses == [500, 500, 200]
