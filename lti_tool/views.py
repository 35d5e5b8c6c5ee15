"""Helpers every blueprint shares, written once: who is looking, which framework packs are
installed, and the "make the change, or say why not" pattern of a form post."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flask import abort, current_app, flash, g, redirect, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from development_plans.assessments import Assessment, framework_for_placement, history
from development_plans.db import utcnow
from development_plans.framework import Framework, available_frameworks
from development_plans.framework.versions import framework_at_version
from development_plans.goals import glance_for
from development_plans.plans import Plan
from lti_tool import form_tokens
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


def framework_named(framework_id: str, version: str | None = None) -> Framework:
    """An installed pack by id, e.g. the one a plan or an assessment was made with, at
    ``version`` when given (a stored copy when a newer version is installed); a missing pack is
    the administrator's problem, so 500."""
    try:
        installed = installed_frameworks()
        if version is None:
            return installed[framework_id]
        return framework_at_version(db.session, installed, framework_id, version)
    except KeyError:
        abort(500)


def plan_framework(plan: Plan) -> Framework:
    """The pack a plan was drafted with, at the version of the assessment it came from."""
    version = (
        None
        if plan.assessment_id is None
        else db.session.scalar(
            select(Assessment.framework_version).where(Assessment.id == plan.assessment_id)
        )
    )
    return framework_named(plan.framework_id, version)


def course_framework() -> Framework:
    """The pack new assessments and course settings use: ``FRAMEWORK_ID``, else the default.
    Raises ``FrameworkUnavailable`` (a page of its own) when neither is installed."""
    return framework_for_placement(installed_frameworks(), current_app.config["FRAMEWORK_ID"])


def opened_version(field: str = "version_id") -> int | None:
    """The version of the row the posted form was opened at (see ``db.save_version``), or None
    when the form did not say."""
    posted = request.form.get(field, "")
    return int(posted) if posted.isdigit() else None


def commit_or_refuse(
    change: Callable[[], T],
    *,
    then: str | Callable[[T], str],
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    back: str | Callable[[Exception], ResponseReturnValue] | None = None,
    success: str | None = None,
    once: bool = False,
) -> ResponseReturnValue:
    """Run ``change``; commit and go to ``then`` (303), an address or a function of what
    ``change`` returned. On a ``refused`` error roll back, then either show its message and go
    ``back`` (an address; ``then``'s when None) or return what ``back`` builds from the error
    (a form shown again with its problems). Nothing half-done is ever kept.

    With ``once``, the post's one-time form token (see ``lti_tool.form_tokens``) is claimed in
    the same transaction: a second post of the same form changes nothing and goes where the
    first one landed."""
    repeat = sent_before(then if isinstance(then, str) else request.path) if once else None
    if repeat is not None:
        return repeat
    try:
        result = change()
    except refused as error:
        db.session.rollback()
        if callable(back):
            return back(error)
        flash(str(error), "error")
        return redirect(back if back is not None else str(then), code=303)
    address = then(result) if callable(then) else then
    if once:
        landed_at(address)
    db.session.commit()
    if success:
        flash(success, "success")
    return redirect(address, code=303)


def sent_before(fallback: str) -> ResponseReturnValue | None:
    """Claim this post's one-time form token in the current transaction (see
    ``lti_tool.form_tokens``): None the first time (carry on, then :func:`landed_at`), else the
    redirect to where the first post landed (``fallback`` when unknown), nothing changed."""
    token = request.form.get(form_tokens.FIELD, "")
    if not token:
        return None
    earlier = form_tokens.claim(db.session, token, viewer().user.id)
    if earlier is None:
        return None
    db.session.rollback()
    flash("This was already saved, once; sending the form again changed nothing.", "success")
    return redirect(earlier or fallback, code=303)


def landed_at(address: str) -> None:
    """Remember where this post landed, for a repeat of it (after :func:`sent_before`)."""
    if token := request.form.get(form_tokens.FIELD, ""):
        form_tokens.landed(db.session, token, address)
