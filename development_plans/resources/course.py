"""A course's own resources: added and removed by its managers, listed first among a plan item's
suggestions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.framework import Framework
from development_plans.resources.catalogue import RESOURCE_TYPES, Catalogue, Resource
from development_plans.resources.links import web_url_problem
from development_plans.resources.models import TITLE_MAX, CourseResource

DESCRIPTION_MAX = 1000
MINUTES_MAX = 100_000


class ResourceInvalid(ValueError):
    """A course resource was rejected; ``problems`` maps each field to what to fix."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


def suggestions(
    catalogue: Catalogue,
    course: Sequence[CourseResource],
    dimension_id: str,
    level_id: str,
) -> list[Resource]:
    """Resources for one plan item: the course's own first, then the catalogue's, each
    matching the item's dimension and target level."""
    own = [r.as_resource() for r in course]
    return [r for r in (*own, *catalogue.resources) if r.matches(dimension_id, level_id)]


def course_resources(session: Session, course_id: int, framework_id: str) -> list[CourseResource]:
    """The resources a course has added for one framework, oldest first."""
    return list(
        session.scalars(
            select(CourseResource)
            .where(CourseResource.course_id == course_id)
            .where(CourseResource.framework_id == framework_id)
            .order_by(CourseResource.id)
        )
    )


def add_course_resource(
    session: Session,
    *,
    course_id: int,
    framework: Framework,
    added_by_id: int,
    title: str,
    url: str,
    type: str,
    dimension_id: str,
    level_id: str,
    estimated_minutes: int | None = None,
    description: str = "",
) -> CourseResource:
    """Validate and add a course resource; raises :class:`ResourceInvalid` naming each field."""
    title, url, description = title.strip(), url.strip(), description.strip()
    problems: dict[str, str] = {}
    if not title:
        problems["title"] = "Enter a title"
    elif len(title) > TITLE_MAX:
        problems["title"] = f"Title must be {TITLE_MAX} characters or fewer"
    if problem := web_url_problem(url):
        problems["url"] = problem
    if type not in RESOURCE_TYPES:
        problems["type"] = "Select the type of resource"
    if dimension_id not in {d.id for d in framework.dimensions}:
        problems["dimension_id"] = "Select the dimension it helps with"
    if level_id not in framework.level_ids:
        problems["level_id"] = "Select the level it suits"
    if estimated_minutes is not None and not 1 <= estimated_minutes <= MINUTES_MAX:
        problems["estimated_minutes"] = f"Estimated time must be between 1 and {MINUTES_MAX}"
    if len(description) > DESCRIPTION_MAX:
        problems["description"] = f"Description must be {DESCRIPTION_MAX} characters or fewer"
    if problems:
        raise ResourceInvalid(problems)
    row = CourseResource(
        course_id=course_id,
        framework_id=framework.id,
        title=title,
        url=url,
        type=type,
        estimated_minutes=estimated_minutes,
        description=description,
        dimension_id=dimension_id,
        level_id=level_id,
        added_by_id=added_by_id,
    )
    session.add(row)
    session.flush()
    return row


def remove_course_resource(session: Session, course_id: int, resource_id: int) -> bool:
    """Remove one of a course's resources; False if the course has no such resource."""
    row = session.get(CourseResource, resource_id)
    if row is None or row.course_id != course_id:
        return False
    session.delete(row)
    session.flush()
    return True
