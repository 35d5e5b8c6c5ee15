"""Framework content packs: load, validate and query a leadership framework.

A *content pack* is a YAML (or JSON) file describing one framework: its rating scale, its
ordered levels, its dimensions with behaviour statements at every level, and a record of
the corrections made to the source text. ``content/README.md`` and ``docs/content-packs.md``
describe the format; ``content/schema/framework-pack.schema.json`` is its JSON Schema.

Nothing here is specific to the NHS Healthcare Leadership Model: the number of dimensions,
the level names and the rating scale all come from the pack.

This module is plain Python (PyYAML, jsonschema, dataclasses) with no web framework imports,
so it can be used from the app, the CLI, scripts and tests alike.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jsonschema
import yaml

__all__ = [
    "PACK_SUFFIXES",
    "SCHEMA_PATH",
    "Behaviour",
    "ContentError",
    "Correction",
    "Dimension",
    "DimensionLevel",
    "Framework",
    "Level",
    "RatingOption",
    "Source",
    "available_frameworks",
    "default_content_dir",
    "load_framework",
    "validate_pack_file",
]

_REPO_ROOT = Path(__file__).resolve().parent.parent

#: The JSON Schema every pack is checked against.
SCHEMA_PATH = _REPO_ROOT / "content" / "schema" / "framework-pack.schema.json"

#: File name endings recognised as packs (YAML or JSON).
PACK_SUFFIXES = (".yaml", ".yml", ".json")

#: Environment variable that overrides :func:`default_content_dir`.
CONTENT_DIR_ENV = "DP_CONTENT_DIR"

Perspective = Literal["self", "observer"]
_PathPart = str | int


class ContentError(ValueError):
    """A content pack could not be loaded.

    ``str(error)`` names the file and lists every problem found; ``problems`` holds the same
    problems one per item, each written as ``<path inside the pack>: <what is wrong>``, for
    example ``dimensions[3].levels.strong.behaviours[1].self: this required field is missing``.
    """

    def __init__(self, source: str | os.PathLike[str], problems: Iterable[str]) -> None:
        self.source = os.fspath(source)
        self.problems: list[str] = list(problems)
        count = len(self.problems)
        heading = f"{self.source}: {count} problem{'' if count == 1 else 's'} in content pack"
        super().__init__(heading + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


# --------------------------------------------------------------------------------------
# The framework model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingOption:
    """One point on the pack's rating scale, e.g. ``often`` / "Often" / 2."""

    id: str
    label: str
    value: int
    description: str = ""


@dataclass(frozen=True)
class Level:
    """A level of the framework. ``rank`` is 0 for the below-lowest level, then 1, 2, …"""

    id: str
    name: str
    rank: int
    description: str = ""


@dataclass(frozen=True)
class Source:
    """Where the framework text comes from."""

    name: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Correction:
    """A change made to the wording of the source text, kept for transparency."""

    id: str
    location: str
    original: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class Behaviour:
    """A behaviour statement, phrased for self-assessment and for an observer."""

    id: str
    self_text: str
    observer_text: str
    dimension_id: str
    level_id: str

    def text(self, perspective: Perspective) -> str:
        """The statement for ``"self"`` ("Do I …?") or ``"observer"`` ("Do they …?")."""
        if perspective == "self":
            return self.self_text
        if perspective == "observer":
            return self.observer_text
        raise ValueError(f"perspective must be 'self' or 'observer', not {perspective!r}")


@dataclass(frozen=True)
class DimensionLevel:
    """One level of one dimension: its heading and its behaviours."""

    level: Level
    title: str
    behaviours: tuple[Behaviour, ...]

    @property
    def level_id(self) -> str:
        """The id of the framework level this describes."""
        return self.level.id

    def behaviour_ids(self) -> tuple[str, ...]:
        """Ids of this level's behaviours, in pack order."""
        return tuple(b.id for b in self.behaviours)


@dataclass(frozen=True)
class Dimension:
    """A dimension of the framework, with its levels in ascending order."""

    id: str
    name: str
    what_it_is: tuple[str, ...]
    why_it_is_important: str
    what_it_is_not: tuple[str, ...]
    levels: tuple[DimensionLevel, ...]

    def level(self, level_id: str) -> DimensionLevel:
        """This dimension's entry for ``level_id``; ``KeyError`` if it has none."""
        for entry in self.levels:
            if entry.level.id == level_id:
                return entry
        known = ", ".join(entry.level.id for entry in self.levels)
        raise KeyError(f"dimension {self.id!r} has no level {level_id!r} (it has: {known})")

    def behaviours_at(self, level_id: str) -> tuple[Behaviour, ...]:
        """The behaviours at ``level_id``, in pack order; ``KeyError`` for an unknown level."""
        return self.level(level_id).behaviours

    def all_behaviours(self) -> tuple[Behaviour, ...]:
        """Every behaviour of this dimension, lowest level first."""
        return tuple(b for entry in self.levels for b in entry.behaviours)

    def level_behaviour_ids(self) -> list[tuple[str, tuple[str, ...]]]:
        """``[(level_id, (behaviour_id, …)), …]`` in ascending level order.

        This is the shape :mod:`development_plans.scoring` takes for one dimension.
        """
        return [(entry.level.id, entry.behaviour_ids()) for entry in self.levels]


@dataclass(frozen=True)
class Framework:
    """A loaded, validated content pack. Immutable and safe to share between requests."""

    id: str
    version: str
    title: str
    source: Source
    attribution: str
    licence: str
    scale: tuple[RatingOption, ...]
    levels: tuple[Level, ...]
    below_lowest: Level
    dimensions: tuple[Dimension, ...]
    corrections: tuple[Correction, ...]
    path: Path | None = field(default=None, compare=False)
    _dimensions_by_id: dict[str, Dimension] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _behaviours_by_id: dict[str, Behaviour] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _levels_by_id: dict[str, Level] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        dims = {d.id: d for d in self.dimensions}
        behaviours = {b.id: b for d in self.dimensions for b in d.all_behaviours()}
        levels = {self.below_lowest.id: self.below_lowest, **{lv.id: lv for lv in self.levels}}
        object.__setattr__(self, "_dimensions_by_id", dims)
        object.__setattr__(self, "_behaviours_by_id", behaviours)
        object.__setattr__(self, "_levels_by_id", levels)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id; ``KeyError`` if there is none."""
        try:
            return self._dimensions_by_id[dimension_id]
        except KeyError:
            raise KeyError(f"framework {self.id!r} has no dimension {dimension_id!r}") from None

    def behaviour(self, behaviour_id: str) -> Behaviour:
        """The behaviour with this id; ``KeyError`` if there is none."""
        try:
            return self._behaviours_by_id[behaviour_id]
        except KeyError:
            raise KeyError(f"framework {self.id!r} has no behaviour {behaviour_id!r}") from None

    def level(self, level_id: str) -> Level:
        """The level with this id, including the below-lowest level; ``KeyError`` if unknown."""
        try:
            return self._levels_by_id[level_id]
        except KeyError:
            known = ", ".join(self._levels_by_id)
            raise KeyError(
                f"framework {self.id!r} has no level {level_id!r} (it has: {known})"
            ) from None

    def next_level(self, level_id: str) -> Level | None:
        """The level above ``level_id``: the lowest level for the below-lowest level, and
        ``None`` above the top level. ``KeyError`` for an unknown level."""
        rank = self.level(level_id).rank
        return self.levels[rank] if rank < len(self.levels) else None

    def all_behaviours(self) -> tuple[Behaviour, ...]:
        """Every behaviour, in pack order (dimension by dimension, lowest level first)."""
        return tuple(self._behaviours_by_id.values())

    def rating_option(self, rating_id: str) -> RatingOption:
        """The scale option with this id; ``KeyError`` if there is none."""
        for option in self.scale:
            if option.id == rating_id:
                return option
        raise KeyError(f"framework {self.id!r} has no rating {rating_id!r}")

    @property
    def level_ids(self) -> tuple[str, ...]:
        """Ids of the levels, lowest first (without the below-lowest level)."""
        return tuple(lv.id for lv in self.levels)


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def default_content_dir() -> Path:
    """The folder of framework packs: ``$DP_CONTENT_DIR`` if set, else the repository's
    ``content/frameworks`` (found relative to this package, not the working directory)."""
    override = os.environ.get(CONTENT_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return _REPO_ROOT / "content" / "frameworks"


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """Load and validate the pack at ``path`` (``.yaml``, ``.yml`` or ``.json``).

    Raises :class:`ContentError` listing every problem found. Results are cached by the
    file's path, modification time and size, so an unchanged file is parsed only once.
    """
    framework, problems = _load_cached_for(path)
    if framework is None:
        raise ContentError(path, problems)
    return framework


def validate_pack_file(path: str | os.PathLike[str]) -> list[str]:
    """Check the pack at ``path`` and return its problems (empty when it is valid).

    Each problem reads ``<path inside the pack>: <what is wrong>``; the caller names the file.
    """
    return list(_load_cached_for(path)[1])


def available_frameworks(directory: str | os.PathLike[str] | None = None) -> dict[str, Framework]:
    """Load every pack in ``directory`` (default: :func:`default_content_dir`).

    Returns ``{framework id: Framework}`` in file-name order. Raises :class:`ContentError`
    naming the folder if it is missing, if any pack is invalid (problems are prefixed with the
    file name) or if two packs share an id. An existing folder with no packs gives ``{}``.
    """
    folder = Path(directory) if directory is not None else default_content_dir()
    if not folder.is_dir():
        raise ContentError(folder, ["(folder): this folder of content packs does not exist"])
    frameworks: dict[str, Framework] = {}
    problems: list[str] = []
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in PACK_SUFFIXES and not p.name.startswith(".")
    )
    for file in files:
        framework, file_problems = _load_cached_for(file)
        if framework is None:
            problems.extend(f"{file.name}: {problem}" for problem in file_problems)
            continue
        if framework.id in frameworks:
            other = frameworks[framework.id].path
            other_name = other.name if other else "another pack"
            problems.append(
                f"{file.name}: id: framework id {framework.id!r} is already used by {other_name}"
            )
            continue
        frameworks[framework.id] = framework
    if problems:
        raise ContentError(folder, problems)
    return frameworks


def _load_cached_for(path: str | os.PathLike[str]) -> tuple[Framework | None, tuple[str, ...]]:
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, (f"(file): cannot be read ({reason})",)
    return _load_cached(str(resolved), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _load_cached(
    resolved: str, mtime_ns: int, size: int
) -> tuple[Framework | None, tuple[str, ...]]:
    # mtime_ns and size are part of the cache key only: an edited file is loaded again.
    path = Path(resolved)
    problems = _Problems()
    data = _read_pack_file(path, problems)
    if problems:
        return None, problems.as_tuple()
    _check_schema(data, problems)
    _check_semantics(data, problems)
    if problems:
        return None, problems.as_tuple()
    return _build_framework(data, path), ()


class _Problems:
    """Collects problems as ``path: message`` lines, adding YAML line numbers when known."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self.root_node: yaml.Node | None = None

    def add(self, where: Sequence[_PathPart] | str, message: str) -> None:
        if isinstance(where, str):
            location = where
        else:
            location = _format_path(where)
            line = _line_of(self.root_node, where)
            if line is not None:
                location += f" (line {line})"
        item = f"{location}: {message}"
        if item not in self._items:
            self._items.append(item)

    def __bool__(self) -> bool:
        return bool(self._items)

    def as_tuple(self) -> tuple[str, ...]:
        return tuple(self._items)


def _format_path(parts: Iterable[_PathPart]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text or "(top level)"


def _line_of(node: yaml.Node | None, parts: Sequence[_PathPart]) -> int | None:
    """1-based line of the deepest YAML node on ``parts`` that exists. None without a YAML
    tree, and for a missing top-level field (the whole file is not a useful place)."""
    if node is None:
        return None
    for depth, part in enumerate(parts):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            if depth == 0:
                return None
            break
        node = child
    return node.start_mark.line + 1


def _read_pack_file(path: Path, problems: _Problems) -> Any:
    suffix = path.suffix.lower()
    if suffix not in PACK_SUFFIXES:
        problems.add("(file)", f"unsupported file type {suffix or '(none)'!r}; use .yaml or .json")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add("(file)", "is not UTF-8 text")
        return None
    except OSError as exc:
        problems.add("(file)", f"cannot be read ({exc.strerror or exc})")
        return None
    data = _read_json(text, problems) if suffix == ".json" else _read_yaml(text, problems)
    if not problems and not isinstance(data, dict):
        problems.add(
            "(top level)",
            f"should be a mapping of fields (id, title, …) but is {_describe_type(data)}",
        )
    return data


def _read_yaml(text: str, problems: _Problems) -> Any:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        what = getattr(exc, "problem", None) or str(exc)
        problems.add(where, f"not valid YAML: {what}")
        return None
    problems.root_node = root
    for parts, key, line in _duplicate_yaml_keys(root, []):
        problems.add(
            f"{_format_path(parts)} (line {line})",
            f"the key {key!r} appears more than once here; only one is allowed",
        )
    return data


def _duplicate_yaml_keys(
    node: yaml.Node | None, parts: list[_PathPart]
) -> Iterator[tuple[list[_PathPart], str, int]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if name in seen:
                yield parts + [name], name, key.start_mark.line + 1
            seen.add(name)
            yield from _duplicate_yaml_keys(value, parts + [name])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_yaml_keys(item, parts + [index])


def _read_json(text: str, problems: _Problems) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                problems.add("(file)", f"the key {key!r} appears more than once in one object")
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        problems.add(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")
        return None


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


@functools.cache
def _schema_validator() -> jsonschema.protocols.Validator:
    try:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuntimeError(f"content pack schema not found at {SCHEMA_PATH}: {exc}") from exc
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _check_schema(data: Any, problems: _Problems) -> None:
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: _sort_key(e.path))
    for error in errors:
        for parts, message in _explain_schema_error(error):
            problems.add(parts, message)


def _sort_key(parts: Iterable[_PathPart]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "empty",
}


def _describe_type(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _explain_schema_error(
    error: jsonschema.ValidationError,
) -> list[tuple[list[_PathPart], str]]:
    parts: list[_PathPart] = list(error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        if match:
            return [(parts + [match.group(1)], "this required field is missing")]
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        results = []
        for key in instance:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else f" (allowed: {', '.join(allowed)})"
            results.append((parts + [key], f"unexpected field {key!r}{tip}"))
        if results:
            return results
    if kind == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return [
            (
                parts,
                f"should be {wanted} but is {_describe_type(instance)} ({_short(instance)})",
            )
        ]
    if kind == "pattern":
        return [(parts, _explain_pattern(str(error.validator_value), instance))]
    if kind == "minItems":
        count = error.validator_value
        what = "behaviour" if parts and parts[-1] == "behaviours" else "entry"
        plural = what if count == 1 else ("behaviours" if what == "behaviour" else "entries")
        return [(parts, f"needs at least {count} {plural} but has {len(instance)}")]
    if kind == "minProperties":
        return [(parts, f"needs at least {error.validator_value} entry but is empty")]
    return [(parts, error.message)]


def _explain_pattern(pattern: str, value: Any) -> str:
    if pattern == r"\S":
        return "must not be blank"
    if pattern.startswith("^https?://"):
        return f"{_short(value)} is not a web address (it should start with https://)"
    if pattern.endswith(r"\.[1-9][0-9]*$"):
        return (
            f"{_short(value)} is not a valid behaviour id: use <dimension-id>.<level-id>.<number>,"
            " e.g. 'leading-with-care.essential.1'"
        )
    if pattern == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return (
            f"{_short(value)} is not a valid id: use lower-case letters, digits and single"
            " hyphens, e.g. 'leading-with-care'"
        )
    return f"{_short(value)} does not match the required format {pattern}"


def _check_semantics(data: Any, problems: _Problems) -> None:
    """Rules JSON Schema cannot express. Written defensively: it also runs on packs that
    failed the schema, skipping whatever has the wrong shape, so one run reports as much as
    possible."""
    if not isinstance(data, dict):
        return
    _check_scale(data.get("scale"), problems)
    level_ids = _check_levels(data, problems)
    behaviour_ids = _check_dimensions(data.get("dimensions"), level_ids, data, problems)
    _check_corrections(data, behaviour_ids, problems)


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _check_scale(scale: Any, problems: _Problems) -> None:
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


def _check_levels(data: dict[str, Any], problems: _Problems) -> list[str]:
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
    dimensions: Any, level_ids: list[str], data: dict[str, Any], problems: _Problems
) -> dict[str, list[_PathPart]]:
    below = data.get("below_lowest")
    below_id = below.get("id") if isinstance(below, dict) else None
    expected = ", ".join(level_ids)
    dimension_first_use: dict[str, int] = {}
    behaviour_first_use: dict[str, list[_PathPart]] = {}
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
        here = ["dimensions", d, "levels"]
        keys = [k for k in levels if isinstance(k, str)]
        if level_ids:
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
                    problems.add(
                        here + [key], f"{key!r} is not one of the pack's levels ({expected})"
                    )
            present = [k for k in keys if k in level_ids]
            if present != [k for k in level_ids if k in present]:
                problems.add(
                    here,
                    f"levels are out of order ({', '.join(present)}); list them lowest first,"
                    f" as in the pack's levels list ({expected})",
                )
        for level_id, entry in levels.items():
            if not isinstance(entry, dict):
                continue
            for b, behaviour in _items(entry.get("behaviours")):
                behaviour_id = behaviour.get("id")
                if not isinstance(behaviour_id, str):
                    continue
                where: list[_PathPart] = [*here, level_id, "behaviours", b, "id"]
                if behaviour_id in behaviour_first_use:
                    first = _format_path(behaviour_first_use[behaviour_id])
                    problems.add(
                        where, f"duplicate behaviour id {behaviour_id!r} (first used at {first})"
                    )
                else:
                    behaviour_first_use[behaviour_id] = where[:-1]
                if isinstance(dimension_id, str) and _SLUG.fullmatch(dimension_id):
                    prefix = f"{dimension_id}.{level_id}."
                    if not behaviour_id.startswith(prefix):
                        problems.add(
                            where,
                            f"behaviour id {behaviour_id!r} does not match where it is: it should"
                            f" start with {prefix!r} (its dimension id and level id)",
                        )
    return behaviour_first_use


def _check_corrections(
    data: dict[str, Any], behaviour_ids: Mapping[str, Any], problems: _Problems
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


# --------------------------------------------------------------------------------------
# Building the model from validated data
# --------------------------------------------------------------------------------------


def _build_framework(data: dict[str, Any], path: Path) -> Framework:
    levels = tuple(
        Level(lv["id"], lv["name"], rank, lv.get("description", ""))
        for rank, lv in enumerate(data["levels"], start=1)
    )
    below = data["below_lowest"]
    below_lowest = Level(below["id"], below["name"], 0, below.get("description", ""))
    level_by_id = {lv.id: lv for lv in levels}
    dimensions = []
    for dim in data["dimensions"]:
        entries = []
        for level_id, entry in dim["levels"].items():
            behaviours = tuple(
                Behaviour(b["id"], b["self"], b["observer"], dim["id"], level_id)
                for b in entry["behaviours"]
            )
            entries.append(DimensionLevel(level_by_id[level_id], entry["title"], behaviours))
        dimensions.append(
            Dimension(
                id=dim["id"],
                name=dim["name"],
                what_it_is=tuple(dim["what_it_is"]),
                why_it_is_important=dim["why_it_is_important"],
                what_it_is_not=tuple(dim["what_it_is_not"]),
                levels=tuple(entries),
            )
        )
    source = data["source"]
    return Framework(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        source=Source(source["name"], source["publisher"], source["url"]),
        attribution=data["attribution"],
        licence=data["licence"],
        scale=tuple(
            RatingOption(o["id"], o["label"], o["value"], o.get("description", ""))
            for o in data["scale"]
        ),
        levels=levels,
        below_lowest=below_lowest,
        dimensions=tuple(dimensions),
        corrections=tuple(
            Correction(c["id"], c["location"], c["original"], c["corrected"], c["reason"])
            for c in data.get("corrections", [])
        ),
        path=path,
    )
