"""Helpers every blueprint shares, written once: who is looking, which framework packs are
installed, and the "make the change, or say why not" pattern of a form post."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flask import abort, current_app, flash, g, redirect
from flask.typing import ResponseReturnValue

from development_plans.assessments import framework_for_placement, history
from development_plans.db import utcnow
from development_plans.framework import Framework, available_frameworks
from development_plans.goals import glance_for
from lti_tool.auth import Viewer, current_viewer
from lti_tool.extensions import db

T = TypeVar("T")


def viewer() -> Viewer:
    """The person the launch established; 401 when there is none."""
    found = current_viewer()
    if found is None:
        abort(401)
    return found


def today() -> date:
    """Today's date in UTC, the day goals and progress are judged against."""
    return utcnow().date()


def learner_history(who: Viewer) -> list:
    """The viewer's self-assessment cycles, newest first, read once per request: several home
    page sections show them."""
    return _once_per_request("history", lambda: history(db.session, who.user.id, who.course.id))


def learner_glance(who: Viewer):
    """The viewer's current plan at a glance (or None), read once per request like
    :func:`learner_history`."""
    return _once_per_request(
        "glance", lambda: glance_for(db.session, who.user.id, who.course.id, today())
    )


def _once_per_request(name: str, read: Callable[[], T]) -> T:
    memo = g.setdefault("read_once", {})
    if name not in memo:
        memo[name] = read()
    return memo[name]


def installed_frameworks() -> dict[str, Framework]:
    """The framework packs in ``FRAMEWORK_PACKS_DIR``."""
    return available_frameworks(current_app.config["FRAMEWORK_PACKS_DIR"])


def framework_named(framework_id: str) -> Framework:
    """An installed pack by id, e.g. the one a plan or an assessment was made with; a missing
    pack is the administrator's problem, so 500."""
    try:
        return installed_frameworks()[framework_id]
    except KeyError:
        abort(500)


def course_framework() -> Framework:
    """The pack new assessments and course settings use: ``FRAMEWORK_ID``, else the default.
    Raises ``FrameworkUnavailable`` (a page of its own) when neither is installed."""
    return framework_for_placement(installed_frameworks(), current_app.config["FRAMEWORK_ID"])


def commit_or_refuse(
    change: Callable[[], T],
    *,
    then: str | Callable[[T], str],
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    back: str | Callable[[Exception], ResponseReturnValue] | None = None,
    success: str | None = None,
) -> ResponseReturnValue:
    """Run ``change``; commit and go to ``then`` (303), an address or a function of what
    ``change`` returned. On a ``refused`` error roll back, then either show its message and go
    ``back`` (an address; ``then``'s when None) or return what ``back`` builds from the error
    (a form shown again with its problems). Nothing half-done is ever kept."""
    try:
        result = change()
    except refused as error:
        db.session.rollback()
        if callable(back):
            return back(error)
        flash(str(error), "error")
        return redirect(back if back is not None else str(then), code=303)
    db.session.commit()
    if success:
        flash(success, "success")
    return redirect(then(result) if callable(then) else then, code=303)
