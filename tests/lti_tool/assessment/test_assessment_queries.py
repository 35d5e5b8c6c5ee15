"""How many SQL statements each self-assessment page costs: a fixed number, however many
answers and dimensions there are (all answers load in one query; no query per row)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from support.assessment_pages import assessment_id_in

from development_plans.framework import available_frameworks
from lti_tool.assessment.home_section import home_section
from lti_tool.auth import current_viewer
from lti_tool.extensions import db

# The most statements each page may issue, including the two that load the session and viewer.
# The home page is shared with other features, so there only the self-assessment section counts.
BUDGET = {
    "home (self-assessment section)": 4,
    "dimension": 6,  # one reads the version of the page's answers, for the form to carry
    "save dimension": 9,
    "check": 5,
    "submit": 15,  # 7 to close the cycle and store results, 8 to keep its grade and queue it
    "results": 11,  # one finds the plan drafted from these results (the next step), one the
    # managers who share their view of the learner (none here; three more when any do)
}


@contextmanager
def statements(app) -> Iterator[list[str]]:
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def cost(app, request) -> int:
    """Statements run while serving ``request``."""
    with statements(app) as seen:
        response = request()
    assert response.status_code < 400, response.text[:1000]
    return len(seen)


def home_section_cost(app, learner) -> int:
    """Statements the self-assessment section adds to the home page for this learner."""
    sid = learner.http.cookies.get("dp_session")
    with app.test_request_context(headers={"Cookie": f"dp_session={sid}"}):
        viewer = current_viewer()
        with statements(app) as seen:
            section = home_section(viewer)
    assert section.data["latest"]
    return len(seen)


@pytest.fixture
def framework(app):
    with app.app_context():
        return available_frameworks(app.config["FRAMEWORK_PACKS_DIR"])[
            "nhs-healthcare-leadership-model"
        ]


def test_page_costs_do_not_grow_with_the_answers(launch, app, framework, capsys):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    base = f"/assessment/{assessment_id}"
    no_redirect = {"allow_redirects": False}
    empty = {
        "home (self-assessment section)": home_section_cost(app, asha),
        "dimension": cost(app, lambda: asha.get(f"{base}/dimensions/1")),
        "check": cost(app, lambda: asha.get(f"{base}/check")),
    }
    first = framework.dimensions[0]
    saves = []
    for number, dimension in enumerate(framework.dimensions, start=1):
        token = asha.csrf(asha.get(f"{base}/dimensions/{number}").text)
        saves.append(
            cost(
                app,
                lambda number=number, dimension=dimension, token=token: asha.post(
                    f"{base}/dimensions/{number}",
                    {
                        **{
                            f"rating__{b.id.replace('.', '__')}": "2"
                            for b in dimension.all_behaviours()
                        },
                        "importance": "3",
                        "csrf_token": token,
                        "action": "continue",
                    },
                    **no_redirect,
                ),
            )
        )
    full = {
        "home (self-assessment section)": home_section_cost(app, asha),
        "dimension": cost(app, lambda: asha.get(f"{base}/dimensions/1")),
        "check": cost(app, lambda: asha.get(f"{base}/check")),
    }
    assert full == empty, "a page costs more queries when more answers are stored"
    assert len(set(saves)) == 1, f"saving costs differ between pages: {saves}"

    token = asha.csrf(asha.get(f"{base}/check").text)
    submit = cost(app, lambda: asha.post(f"{base}/submit", {"csrf_token": token}, **no_redirect))
    results = cost(app, lambda: asha.get(f"{base}/results"))

    second = assessment_id_in(asha.post("/assessment/start", {"csrf_token": token}).url)
    asha.answer_all(second, framework)
    asha.submit(second)
    compared = cost(app, lambda: asha.get(f"/assessment/{second}/results"))
    # One more statement loads the earlier cycle's results (all dimensions at once).
    assert compared == results + 1, "comparing with an earlier cycle costs a query per row"

    measured = {**full, "save dimension": saves[0], "submit": submit, "results": results}
    with capsys.disabled():
        print(f"\nqueries per page ({len(first.all_behaviours())}+ answers): {measured}")
    for page, count in measured.items():
        assert count <= BUDGET[page], f"{page} issues {count} statements"
