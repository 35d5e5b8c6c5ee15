"""The resource catalogue: suggested learning resources for one framework, read from a folder of
YAML files (validated against ``content/schema/resource-catalogue.schema.json`` and the
framework), each tagged with the dimensions and levels it helps with. The folder is always given
by the caller."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from development_plans.framework import ContentError, Framework

if TYPE_CHECKING:
    import jsonschema

CATALOGUE_SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "content" / "schema" / "resource-catalogue.schema.json"
)

#: Resource types, with the words learners see.
RESOURCE_TYPES: dict[str, str] = {
    "course": "Course",
    "e-learning": "E-learning",
    "reading": "Reading",
    "video": "Video",
    "activity": "Activity",
}


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


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema  # here, not at import: ~3 MB a web worker may never need

    schema = json.loads(CATALOGUE_SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _read(path: Path) -> Any:
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
    return data


def _entry_problems(index: int, entry: dict[str, Any], framework: Framework) -> list[str]:
    problems = []
    for dim in entry["dimensions"]:
        if dim not in {d.id for d in framework.dimensions}:
            problems.append(f"resources[{index}].dimensions: no dimension {dim!r}")
    for level in entry["levels"]:
        if level not in framework.level_ids:
            problems.append(f"resources[{index}].levels: no level {level!r}")
    return problems


def _resource(entry: dict[str, Any]) -> Resource:
    return Resource(
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


def load_catalogue(path: str | os.PathLike[str], framework: Framework | None = None) -> Catalogue:
    """Load and validate one catalogue file; with ``framework``, also check that every
    dimension and level id exists in it. Raises ``ContentError`` listing every problem."""
    path = Path(path)
    data = _read(path)
    problems = []
    if framework is not None and data["framework"] != framework.id:
        problems.append(f"framework: is {data['framework']!r}, expected {framework.id!r}")
    seen: set[str] = set()
    for index, entry in enumerate(data["resources"]):
        if entry["id"] in seen:
            problems.append(f"resources[{index}].id: {entry['id']!r} is used more than once")
        seen.add(entry["id"])
        if framework is not None:
            problems.extend(_entry_problems(index, entry, framework))
    if problems:
        raise ContentError(path, problems)
    resources = tuple(_resource(entry) for entry in data["resources"])
    return Catalogue(framework_id=data["framework"], resources=resources)


def catalogue_for(framework: Framework, directory: str | os.PathLike[str]) -> Catalogue:
    """The catalogue for ``framework`` in ``directory`` (the first file naming it); an empty
    catalogue when none does. Read once per framework version and folder."""
    folder = Path(directory).expanduser().resolve()
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
