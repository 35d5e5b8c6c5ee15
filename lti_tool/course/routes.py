"""The course's settings for its managers: the target level per dimension that learners' new
plans start from, and resources the course adds to the catalogue."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for

from development_plans import plans as plan_rules
from development_plans.framework import Framework
from development_plans.plans import InvalidChange, NotAllowed
from development_plans.resources import (
    RESOURCE_TYPES,
    ResourceInvalid,
    add_course_resource,
    course_resources,
    remove_course_resource,
)
from lti_tool.auth import Viewer, managers_only
from lti_tool.course import forms
from lti_tool.extensions import db
from lti_tool.plan.access import not_allowed_page
from lti_tool.views import commit_or_refuse, course_framework, viewer

bp = Blueprint("course", __name__, url_prefix="/plan/course")
bp.register_error_handler(NotAllowed, not_allowed_page)

RESOURCE_FIELDS = (
    "title",
    "url",
    "type",
    "dimension_id",
    "level_id",
    "estimated_minutes",
    "description",
)


@bp.route("/targets", methods=["GET", "POST"])
@managers_only
def targets() -> Any:
    """The course's target level per dimension; learners' new plans start from these."""
    who = viewer()
    framework = course_framework()
    current = plan_rules.course_targets(db.session, who.course.id, None, framework.id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = {d.id: request.form.get(f"target-{d.id}", "") for d in framework.dimensions}
        opened = {
            d.id: request.form[f"opened-{d.id}"]
            for d in framework.dimensions
            if f"opened-{d.id}" in request.form
        }
        for dimension in framework.dimensions:
            level = chosen[dimension.id]
            if level and level not in framework.level_ids:
                errors[dimension.id] = "Select one of the levels, or 'One level up'"
        if not errors:
            return commit_or_refuse(
                lambda: _set_targets(who, framework, chosen, opened),
                refused=InvalidChange,
                then=url_for("course.targets"),
                success="The course's targets are saved. New plans will use them.",
                back=lambda problem: _targets_page(
                    framework, chosen, problem.problems, opened=current
                ),
            )
        return _targets_page(framework, chosen, errors, opened=current)
    return _targets_page(framework, current, errors, opened=current)


def _targets_page(
    framework: Framework,
    shown: dict[str, str],
    errors: dict[str, str],
    *,
    opened: dict[str, str],
) -> tuple[str, int]:
    """The course targets form showing ``shown``, opened at the targets saved in ``opened``."""
    return render_template(
        "course/targets.html", framework=framework, current=shown, opened=opened, errors=errors
    ), (400 if errors else 200)


def _set_targets(
    who: Viewer, framework: Framework, chosen: dict[str, str], opened: dict[str, str]
) -> None:
    """Every dimension's target, or the stale ones named (``InvalidChange``) and nothing kept."""
    stale: dict[str, str] = {}
    for dimension in framework.dimensions:
        try:
            plan_rules.set_course_target(
                db.session,
                course_id=who.course.id,
                framework=framework,
                dimension_id=dimension.id,
                level_id=chosen[dimension.id] or None,
                by_user=who.user,
                opened=opened.get(dimension.id),
            )
        except InvalidChange as problem:
            stale.update(problem.problems)
    if stale:
        raise InvalidChange(stale)


def _resources_page(
    who: Viewer, framework: Framework, values: dict[str, str], errors: dict[str, str]
) -> tuple[str, int]:
    return render_template(
        "course/resources.html",
        framework=framework,
        rows=course_resources(db.session, who.course.id, framework.id),
        types=RESOURCE_TYPES,
        values=values,
        errors=errors,
    ), (400 if errors else 200)


@bp.route("/resources", methods=["GET", "POST"])
@managers_only
def resources() -> Any:
    """Resources the course adds to the catalogue, tagged with dimension and level."""
    who = viewer()
    framework = course_framework()
    if request.method == "GET":
        return _resources_page(who, framework, {}, {})
    values = {name: request.form.get(name, "") for name in RESOURCE_FIELDS}
    time, time_problem = forms.minutes(values["estimated_minutes"])

    def add() -> None:
        add_course_resource(
            db.session,
            course_id=who.course.id,
            framework=framework,
            added_by_id=who.user.id,
            title=values["title"],
            url=values["url"],
            type=values["type"],
            dimension_id=values["dimension_id"],
            level_id=values["level_id"],
            estimated_minutes=time,
            description=values["description"],
        )
        if time_problem:
            raise ResourceInvalid({"estimated_minutes": time_problem})

    def refused(problem: ResourceInvalid) -> tuple[str, int]:
        errors = dict(problem.problems)
        if time_problem:
            errors["estimated_minutes"] = time_problem
        return _resources_page(who, framework, values, errors)

    return commit_or_refuse(
        add,
        refused=ResourceInvalid,
        then=url_for("course.resources"),
        success="The resource is added.",
        back=refused,
        once=True,
    )


@bp.post("/resources/<int:resource_id>/remove")
@managers_only
def remove_resource(resource_id: int) -> Any:
    """Remove one of the course's resources."""
    who = viewer()

    def remove() -> None:
        if not remove_course_resource(db.session, who.course.id, resource_id):
            abort(404)

    return commit_or_refuse(
        remove, then=url_for("course.resources"), success="The resource is removed.", once=True
    )
