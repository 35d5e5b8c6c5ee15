"""Validating a pack's data: the JSON Schema first, then the rules a schema cannot express
(ids unique, behaviour ids matching where they are, every dimension describing every level in
order, the scale going up, corrections pointing at something)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from development_plans.framework.explanation import explain_schema_error
from development_plans.framework.problems import PathPart, Problems, format_path

if TYPE_CHECKING:
    import jsonschema

#: The JSON Schema every pack is checked against.
SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "content" / "schema" / "framework-pack.schema.json"
)


@functools.cache
def _schema_validator() -> jsonschema.protocols.Validator:
    import jsonschema  # here, not at import: ~3 MB a web worker may never need

    try:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuntimeError(f"content pack schema not found at {SCHEMA_PATH}: {exc}") from exc
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def check_schema(data: Any, problems: Problems) -> None:
    """Add every JSON Schema error, in plain words, sorted by where it is in the pack."""
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: _sort_key(e.path))
    for error in errors:
        for parts, message in explain_schema_error(error):
            problems.add(parts, message)


def _sort_key(parts: Iterable[PathPart]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)


def check_semantics(data: Any, problems: Problems) -> None:
    """Rules JSON Schema cannot express. Written defensively: it also runs on packs that
    failed the schema, skipping whatever has the wrong shape, so one run reports as much as
    possible."""
    if not isinstance(data, dict):
        return
    _check_scale(data.get("scale"), problems)
    _check_shown_from(data, problems)
    level_ids = _check_levels(data, problems)
    behaviour_ids = _check_dimensions(data.get("dimensions"), level_ids, data, problems)
    _check_corrections(data, behaviour_ids, problems)
    _check_rater_groups(data.get("rater_groups"), problems)


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _check_scale(scale: Any, problems: Problems) -> None:
    first_use: dict[str, int] = {}
    previous: tuple[int, int] | None = None
    for i, option in _items(scale):
        rating_id = option.get("id")
        if isinstance(rating_id, str):
            if rating_id in first_use:
                problems.add(
                    ["scale", i, "id"],
                    f"duplicate rating id {rating_id!r}"
                    f" (also used by scale[{first_use[rating_id]}])",
                )
            first_use.setdefault(rating_id, i)
        value = option.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if previous is not None and value <= previous[1]:
            if value == previous[1]:
                message = f"duplicate rating value {value} (also used by scale[{previous[0]}])"
            else:
                message = (
                    f"rating values must go up from the first option to the last, but {value}"
                    f" comes after {previous[1]}"
                )
            problems.add(["scale", i, "value"], message)
        previous = (i, value)


def _check_shown_from(data: dict[str, Any], problems: Problems) -> None:
    shown_from = data.get("shown_from")
    scale_ids = [option.get("id") for _, option in _items(data.get("scale"))]
    if isinstance(shown_from, str) and scale_ids and shown_from not in scale_ids:
        problems.add(
            ["shown_from"],
            f"{shown_from!r} is not one of the scale's ratings ({', '.join(map(str, scale_ids))})",
        )


def _check_unique_ids(items: Any, where: str, what: str, problems: Problems) -> None:
    first_use: dict[str, int] = {}
    for i, item in _items(items):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first_use:
            problems.add(
                [where, i, "id"],
                f"duplicate {what} id {item_id!r} (also used by {where}[{first_use[item_id]}])",
            )
        first_use.setdefault(item_id, i)


def _check_rater_groups(groups: Any, problems: Problems) -> None:
    """360 rater group ids unique; the last group (the catch-all others are folded into) is
    not identifiable, or folding would name people."""
    _check_unique_ids(groups, "rater_groups", "rater group", problems)
    items = _items(groups)
    if items and items[-1][1].get("identifiable") is True:
        problems.add(
            ["rater_groups", items[-1][0], "identifiable"],
            "the last rater group takes in the groups too small to show on their own, so it"
            " cannot be identifiable",
        )


def _check_levels(data: dict[str, Any], problems: Problems) -> list[str]:
    """The pack's level ids, lowest first, or [] when the levels list is too broken to
    check dimensions against (its own problems are reported by the schema)."""
    levels = data.get("levels")
    if not isinstance(levels, list) or not all(
        isinstance(level, dict) and isinstance(level.get("id"), str) for level in levels
    ):
        return []
    level_ids: list[str] = []
    for i, level in _items(levels):
        level_id = level["id"]
        if level_id in level_ids:
            first = level_ids.index(level_id)
            problems.add(
                ["levels", i, "id"],
                f"duplicate level id {level_id!r} (also used by levels[{first}])",
            )
            continue
        level_ids.append(level_id)
    if len(level_ids) != len(levels):
        return []  # duplicate level ids: checking dimensions against them would mislead
    below = data.get("below_lowest")
    if isinstance(below, dict) and below.get("id") in level_ids:
        problems.add(
            ["below_lowest", "id"],
            f"{below['id']!r} is also the id of levels[{level_ids.index(below['id'])}];"
            " the below-lowest level needs an id of its own",
        )
    return level_ids


def _check_dimensions(
    dimensions: Any, level_ids: list[str], data: dict[str, Any], problems: Problems
) -> dict[str, list[PathPart]]:
    """Dimension ids unique, each dimension's levels those of the pack and in order, behaviour
    ids unique and matching their place. Returns where each behaviour id is first used."""
    below = data.get("below_lowest")
    below_id = below.get("id") if isinstance(below, dict) else None
    dimension_first_use: dict[str, int] = {}
    behaviour_first_use: dict[str, list[PathPart]] = {}
    for d, dimension in _items(dimensions):
        dimension_id = dimension.get("id")
        if isinstance(dimension_id, str):
            if dimension_id in dimension_first_use:
                problems.add(
                    ["dimensions", d, "id"],
                    f"duplicate dimension id {dimension_id!r}"
                    f" (also used by dimensions[{dimension_first_use[dimension_id]}])",
                )
            dimension_first_use.setdefault(dimension_id, d)
        levels = dimension.get("levels")
        if not isinstance(levels, dict):
            continue
        here: list[PathPart] = ["dimensions", d, "levels"]
        if level_ids:
            _check_dimension_levels(levels, here, level_ids, below_id, problems)
        _check_behaviour_ids(levels, here, dimension_id, behaviour_first_use, problems)
    return behaviour_first_use


def _check_dimension_levels(
    levels: dict[Any, Any],
    here: list[PathPart],
    level_ids: list[str],
    below_id: Any,
    problems: Problems,
) -> None:
    """One dimension describes every level of the pack, no other, lowest first."""
    expected = ", ".join(level_ids)
    keys = [k for k in levels if isinstance(k, str)]
    for level_id in level_ids:
        if level_id not in levels:
            problems.add(
                here,
                f"level {level_id!r} is missing; every dimension must describe every"
                f" level of the pack, in order ({expected})",
            )
    for key in keys:
        if key in level_ids:
            continue
        if key == below_id:
            problems.add(
                here + [key],
                f"{key!r} is the below-lowest level, which has no behaviours; remove it",
            )
        else:
            problems.add(here + [key], f"{key!r} is not one of the pack's levels ({expected})")
    present = [k for k in keys if k in level_ids]
    if present != [k for k in level_ids if k in present]:
        problems.add(
            here,
            f"levels are out of order ({', '.join(present)}); list them lowest first,"
            f" as in the pack's levels list ({expected})",
        )


def _check_behaviour_ids(
    levels: dict[Any, Any],
    here: list[PathPart],
    dimension_id: Any,
    first_use: dict[str, list[PathPart]],
    problems: Problems,
) -> None:
    """Behaviour ids unique across the pack, each starting with its dimension and level id."""
    for level_id, entry in levels.items():
        if not isinstance(entry, dict):
            continue
        for b, behaviour in _items(entry.get("behaviours")):
            behaviour_id = behaviour.get("id")
            if not isinstance(behaviour_id, str):
                continue
            where: list[PathPart] = [*here, level_id, "behaviours", b, "id"]
            if behaviour_id in first_use:
                first = format_path(first_use[behaviour_id])
                problems.add(
                    where, f"duplicate behaviour id {behaviour_id!r} (first used at {first})"
                )
            else:
                first_use[behaviour_id] = where[:-1]
            if isinstance(dimension_id, str) and _SLUG.fullmatch(dimension_id):
                prefix = f"{dimension_id}.{level_id}."
                if not behaviour_id.startswith(prefix):
                    problems.add(
                        where,
                        f"behaviour id {behaviour_id!r} does not match where it is: it should"
                        f" start with {prefix!r} (its dimension id and level id)",
                    )


def _check_corrections(
    data: dict[str, Any], behaviour_ids: Mapping[str, Any], problems: Problems
) -> None:
    first_use: dict[str, int] = {}
    for i, correction in _items(data.get("corrections")):
        correction_id = correction.get("id")
        if isinstance(correction_id, str):
            if correction_id in first_use:
                problems.add(
                    ["corrections", i, "id"],
                    f"duplicate correction id {correction_id!r}"
                    f" (also used by corrections[{first_use[correction_id]}])",
                )
            first_use.setdefault(correction_id, i)
        location = correction.get("location")
        if (
            isinstance(location, str)
            and location not in behaviour_ids
            and _resolve_location(data, location) is _MISSING
        ):
            problems.add(
                ["corrections", i, "location"],
                f"{location!r} does not point to anything in this pack; use a path such as"
                " 'dimensions[0].levels.essential.title' or a behaviour id",
            )


_MISSING = object()
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LOCATION = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+|\[\d+\])*")


def _resolve_location(data: Any, location: str) -> Any:
    """The value at a path like ``dimensions[2].levels.strong.title``, or ``_MISSING``."""
    if not _LOCATION.fullmatch(location):
        return _MISSING
    node = data
    for name, index in re.findall(r"([A-Za-z0-9_-]+)|\[(\d+)\]", location):
        if index:
            if not isinstance(node, list) or int(index) >= len(node):
                return _MISSING
            node = node[int(index)]
        else:
            if not isinstance(node, dict) or name not in node:
                return _MISSING
            node = node[name]
    return node
