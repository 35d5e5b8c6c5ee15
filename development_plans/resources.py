"""Learning resources for plan items: a validated catalogue in ``content/resources`` plus the
resources a course's managers add in the tool, both tagged with dimension and level."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import yaml
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from development_plans.framework import ContentError, Framework
from development_plans.models import Base, utcnow

__all__ = [
    "CATALOGUE_SCHEMA_PATH",
    "RESOURCE_TYPES",
    "Catalogue",
    "CourseResource",
    "Resource",
    "ResourceInvalid",
    "add_course_resource",
    "catalogue_for",
    "course_resources",
    "default_resources_dir",
    "estimated_time_text",
    "load_catalogue",
    "remove_course_resource",
    "suggestions",
    "web_url_problem",
]

_REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_SCHEMA_PATH = _REPO_ROOT / "content" / "schema" / "resource-catalogue.schema.json"
RESOURCES_DIR_ENV = "DP_RESOURCES_DIR"

#: Resource types, with the words learners see.
RESOURCE_TYPES: dict[str, str] = {
    "course": "Course",
    "e-learning": "E-learning",
    "reading": "Reading",
    "video": "Video",
    "activity": "Activity",
}

URL_MAX = 2000
TITLE_MAX = 200
DESCRIPTION_MAX = 1000
MINUTES_MAX = 100_000


@dataclass(frozen=True)
class Resource:
    """One suggested resource, from the catalogue or added by the course."""

    key: str
    title: str
    url: str
    type: str
    provider: str
    estimated_minutes: int | None
    description: str
    dimension_ids: tuple[str, ...]
    level_ids: tuple[str, ...]
    link_is_example: bool = False
    from_course: bool = False

    @property
    def type_label(self) -> str:
        """The resource type in words, e.g. "E-learning"."""
        return RESOURCE_TYPES.get(self.type, self.type)

    @property
    def time_text(self) -> str:
        """The estimated time in words, or an empty string when unknown."""
        return estimated_time_text(self.estimated_minutes)

    def matches(self, dimension_id: str, level_id: str) -> bool:
        """True when this resource is tagged with the dimension and the level."""
        return dimension_id in self.dimension_ids and level_id in self.level_ids


@dataclass(frozen=True)
class Catalogue:
    """The catalogue of resources for one framework."""

    framework_id: str
    resources: tuple[Resource, ...]

    def get(self, key: str) -> Resource | None:
        """The resource with this key (``catalogue:<id>``), if any."""
        return next((r for r in self.resources if r.key == key), None)


class ResourceInvalid(ValueError):
    """A course resource was rejected; ``problems`` maps each field to what to fix."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


class CourseResource(Base):
    """A resource a course's managers added, e.g. a link to an activity in their LMS course."""

    __tablename__ = "course_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    url: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))
    estimated_minutes: Mapped[int | None] = mapped_column()
    description: Mapped[str] = mapped_column(Text, default="")
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str] = mapped_column(String(100))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def as_resource(self) -> Resource:
        """This row as a :class:`Resource` (key ``course:<id>``)."""
        return Resource(
            key=f"course:{self.id}",
            title=self.title,
            url=self.url,
            type=self.type,
            provider="Your course",
            estimated_minutes=self.estimated_minutes,
            description=self.description,
            dimension_ids=(self.dimension_id,),
            level_ids=(self.level_id,),
            from_course=True,
        )


def estimated_time_text(minutes: int | None) -> str:
    """Minutes as words a learner can plan with: "45 minutes", "3 hours", "about 100 hours"."""
    if not minutes:
        return ""
    if minutes < 60:
        return f"{minutes} minute{'' if minutes == 1 else 's'}"
    hours, rest = divmod(minutes, 60)
    if hours >= 10:
        return f"about {round(minutes / 60)} hours"
    if rest == 0:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{hours} hour{'' if hours == 1 else 's'} {rest} minutes"


def web_url_problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable web link (only http and https), or None if it is."""
    if not url:
        return "Enter a web address"
    if len(url) > URL_MAX:
        return f"Web address must be {URL_MAX} characters or fewer"
    if any(ch.isspace() for ch in url):
        return "Web address must not contain spaces"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Enter a web address in the correct format, like https://www.example.nhs.uk/page"
    if parts.scheme.lower() not in ("http", "https"):
        return "Web address must start with https:// or http://"
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        return "Enter a web address in the correct format, like https://www.example.nhs.uk/page"
    return None


# --------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------


def default_resources_dir() -> Path:
    """The folder of resource catalogues: ``$DP_RESOURCES_DIR`` or ``content/resources``."""
    override = os.environ.get(RESOURCES_DIR_ENV, "").strip()
    return Path(override).expanduser() if override else _REPO_ROOT / "content" / "resources"


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(CATALOGUE_SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def load_catalogue(path: str | os.PathLike[str], framework: Framework | None = None) -> Catalogue:
    """Load and validate one catalogue file; with ``framework``, also check that every
    dimension and level id exists in it. Raises ``ContentError`` listing every problem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, [f"(file): cannot be read ({exc})"]) from exc
    except yaml.YAMLError as exc:
        raise ContentError(path, [f"(file): not valid YAML: {exc}"]) from exc
    problems = [
        f"{_where(error.absolute_path)}: {error.message}"
        for error in sorted(_validator().iter_errors(data), key=lambda e: str(e.absolute_path))
    ]
    if problems:
        raise ContentError(path, problems)
    if framework is not None and data["framework"] != framework.id:
        problems.append(f"framework: is {data['framework']!r}, expected {framework.id!r}")
    seen: set[str] = set()
    resources = []
    for index, entry in enumerate(data["resources"]):
        if entry["id"] in seen:
            problems.append(f"resources[{index}].id: {entry['id']!r} is used more than once")
        seen.add(entry["id"])
        if framework is not None:
            for dim in entry["dimensions"]:
                if dim not in {d.id for d in framework.dimensions}:
                    problems.append(f"resources[{index}].dimensions: no dimension {dim!r}")
            for level in entry["levels"]:
                if level not in framework.level_ids:
                    problems.append(f"resources[{index}].levels: no level {level!r}")
        resources.append(
            Resource(
                key=f"catalogue:{entry['id']}",
                title=entry["title"],
                url=entry["url"],
                type=entry["type"],
                provider=entry["provider"],
                estimated_minutes=entry["estimated_minutes"],
                description=entry.get("description", ""),
                dimension_ids=tuple(entry["dimensions"]),
                level_ids=tuple(entry["levels"]),
                link_is_example=bool(entry.get("link_is_example", False)),
            )
        )
    if problems:
        raise ContentError(path, problems)
    return Catalogue(framework_id=data["framework"], resources=tuple(resources))


def catalogue_for(
    framework: Framework, directory: str | os.PathLike[str] | None = None
) -> Catalogue:
    """The catalogue for ``framework`` from ``directory`` (default: ``content/resources``);
    an empty catalogue when no file names this framework."""
    folder = (Path(directory) if directory is not None else default_resources_dir()).resolve()
    key = (framework.id, framework.version, str(folder))
    if key not in _CATALOGUES:
        _CATALOGUES[key] = _find_catalogue(framework, folder)
    return _CATALOGUES[key]


_CATALOGUES: dict[tuple[str, str, str], Catalogue] = {}


def _find_catalogue(framework: Framework, folder: Path) -> Catalogue:
    for path in sorted(folder.glob("*.y*ml")):
        head = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(head, dict) and head.get("framework") == framework.id:
            return load_catalogue(path, framework)
    return Catalogue(framework_id=framework.id, resources=())


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


# --------------------------------------------------------------------------------------
# Course resources
# --------------------------------------------------------------------------------------


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
