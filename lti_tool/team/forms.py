"""The team pages' inputs: the dashboard's filters, sort and page from the query string, the
review decision, and the levels of a manager's own view."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import current_app, request

from development_plans import team as team_rules
from development_plans.framework import Framework
from development_plans.team import DashboardQuery, MemberStatus

DECISIONS = {"approve": "Approve the plan", "request_changes": "Ask for changes"}


def dashboard_query(framework: Framework) -> DashboardQuery:
    """The dashboard's filters, sort and page from the query string; unknown values ignored."""
    args = request.args
    status = args.get("status", "")
    dimension = args.get("dimension", "")
    level = args.get("level", "")
    dimensions = {d.id for d in framework.dimensions}
    sort = args.get("sort", "name")
    page = args.get("page", "1")
    return DashboardQuery(
        status=MemberStatus(status) if status in set(MemberStatus) else None,
        dimension_id=dimension if dimension in dimensions else None,
        level_id=level if level in {framework.below_lowest.id, *framework.level_ids} else None,
        sort=sort if sort in team_rules.SORT_KEYS or sort in dimensions else "name",
        descending=args.get("order") == "desc",
        include_left=args.get("left") == "1",
        page=int(page) if page.isdigit() else 1,
        per_page=current_app.config["TEAM_PAGE_SIZE"],
    )


def query_args(query: DashboardQuery, **changes: Any) -> dict[str, str]:
    """The query string that shows ``query`` with ``changes`` applied (for links)."""
    values = {
        "status": query.status.value if query.status else None,
        "dimension": query.dimension_id,
        "level": query.level_id,
        "left": "1" if query.include_left else None,
        "sort": query.sort if query.sort != "name" else None,
        "order": "desc" if query.descending else None,
        "page": str(query.page) if query.page > 1 else None,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v}


_QUERY_KEYS = ("status", "dimension", "level", "left", "sort", "order", "page")


def returned_query(text: str) -> str:
    """A dashboard query string posted back by a form, keeping only the dashboard's own keys
    (the page it was on is shown again; nothing else can ride along)."""
    pairs = [(k, v) for k, v in parse_qsl(text[:2000]) if k in _QUERY_KEYS]
    return urlencode(pairs)


def chosen_levels(framework: Framework) -> dict[str, str]:
    """Dimension id → level id for every dimension the manager chose a level in."""
    return {d.id: request.form[d.id] for d in framework.dimensions if request.form.get(d.id)}


def opened_versions(framework: Framework) -> dict[str, int]:
    """Dimension id → the version of the manager's view the form was opened at (0: none)."""
    posted = {d.id: request.form.get(f"version-{d.id}", "") for d in framework.dimensions}
    return {dimension_id: int(value) for dimension_id, value in posted.items() if value.isdigit()}
