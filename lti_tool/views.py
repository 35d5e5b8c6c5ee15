"""Helpers every blueprint shares, written once: who is looking, which framework packs are
installed, and the "make the change, or say why not" pattern of a form post."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect
from werkzeug.wrappers import Response

from development_plans.assessments import framework_for_placement
from development_plans.framework import Framework, available_frameworks
from development_plans.models import utcnow
from lti_tool.auth import Viewer, current_viewer
from lti_tool.extensions import db


def viewer() -> Viewer:
    """The person the launch established; 401 when there is none."""
    found = current_viewer()
    if found is None:
        abort(401)
    return found


def today() -> date:
    """Today's date in UTC, the day goals and progress are judged against."""
    return utcnow().date()


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
    change: Callable[[], Any],
    *,
    refused: type[Exception] | tuple[type[Exception], ...],
    then: str,
    back: str,
    success: str | None = None,
) -> Response:
    """Run ``change``; commit and go to ``then`` (303), or on a refusal roll back, show its
    message as an error and go ``back``. Nothing half-done is ever kept."""
    try:
        change()
    except refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back, code=303)
    db.session.commit()
    if success:
        flash(success, "success")
    return redirect(then, code=303)
