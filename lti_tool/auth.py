"""Who is looking: loaded from the server-side session on every request, never from the request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, g, session
from sqlalchemy import select

from development_plans.models import Course, Enrolment, ToolRole, User
from lti_tool.extensions import db


@dataclass(frozen=True)
class Viewer:
    """The person using the tool now, in the course they launched from."""

    user: User
    course: Course
    enrolment: Enrolment
    placement_id: int | None

    @property
    def role(self) -> ToolRole:
        return self.enrolment.role

    @property
    def manages(self) -> bool:
        return self.role.manages


def current_viewer() -> Viewer | None:
    """The viewer named by this browser's session, if the enrolment is still active."""
    if "viewer" in g:
        return g.viewer
    viewer = None
    enrolment_id = session.get("enrolment_id")
    if isinstance(enrolment_id, int):
        row = db.session.execute(
            select(Enrolment, User, Course)
            .join(User, Enrolment.user_id == User.id)
            .join(Course, Enrolment.course_id == Course.id)
            .where(Enrolment.id == enrolment_id)
        ).first()
        if (
            row is not None
            and row.Enrolment.active
            and row.User.id == session.get("user_id")
            and row.Course.id == session.get("course_id")
        ):
            placement = session.get("placement_id")
            viewer = Viewer(row.User, row.Course, row.Enrolment, placement)
    g.viewer = viewer
    return viewer


def launched_required(view: Callable) -> Callable:
    """Only people who arrived through an LMS launch in this browser."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if current_viewer() is None:
            abort(401)
        return view(*args, **kwargs)

    return guarded


def managers_only(view: Callable) -> Callable:
    """Only managers (instructors, teaching assistants, mentors, administrators) of this course."""

    @wraps(view)
    def guarded(*args, **kwargs):
        viewer = current_viewer()
        if viewer is None:
            abort(401)
        if not viewer.manages:
            abort(403)
        return view(*args, **kwargs)

    return guarded
