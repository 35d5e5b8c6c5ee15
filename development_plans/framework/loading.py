"""Loading framework packs: one file, or every pack in a folder the caller names.

A pack is read, checked against the schema and the rules the schema cannot express, and built
into a :class:`~development_plans.framework.model.Framework`. Parsed packs are cached per
process by the file's path, modification time and size, so an unchanged file is parsed once
and an edited one is read again.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from development_plans.framework.errors import ContentError
from development_plans.framework.model import (
    Behaviour,
    Correction,
    Dimension,
    DimensionLevel,
    Framework,
    Level,
    RaterGroup,
    RatingOption,
    Source,
)
from development_plans.framework.problems import Problems
from development_plans.framework.reading import PACK_SUFFIXES, read_pack_file
from development_plans.framework.validation import check_schema, check_semantics


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


def framework_from_data(data: Any, source: str) -> Framework:
    """Check pack data already read (a stored pack version, an imported spreadsheet) and build
    its framework; raises :class:`ContentError` naming ``source`` with every problem."""
    problems = check_pack_data(data)
    if problems:
        raise ContentError(source, problems)
    return _build_framework(data, None)


def check_pack_data(data: Any) -> tuple[str, ...]:
    """Every problem in pack data: the schema's, then the rules it cannot express."""
    problems = Problems()
    check_schema(data, problems)
    check_semantics(data, problems)
    return problems.as_tuple()


def available_frameworks(directory: str | os.PathLike[str]) -> dict[str, Framework]:
    """Load every pack in ``directory``: the app passes its ``FRAMEWORK_PACKS_DIR`` setting.

    Returns ``{framework id: Framework}`` in file-name order. Raises :class:`ContentError`
    naming the folder if it is missing, if any pack is invalid (problems are prefixed with the
    file name) or if two packs share an id. An existing folder with no packs gives ``{}``.
    """
    folder = Path(directory)
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
    problems = Problems()
    data = read_pack_file(path, problems)
    if problems:
        return None, problems.as_tuple()
    check_schema(data, problems)
    check_semantics(data, problems)
    if problems:
        return None, problems.as_tuple()
    return _build_framework(data, path), ()


def _build_framework(data: dict[str, Any], path: Path | None) -> Framework:
    """The model of a validated pack."""
    levels = tuple(
        Level(lv["id"], lv["name"], rank, lv.get("description", ""))
        for rank, lv in enumerate(data["levels"], start=1)
    )
    below = data["below_lowest"]
    level_by_id = {lv.id: lv for lv in levels}
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
        below_lowest=Level(below["id"], below["name"], 0, below.get("description", "")),
        dimensions=tuple(_build_dimension(dim, level_by_id) for dim in data["dimensions"]),
        corrections=tuple(
            Correction(c["id"], c["location"], c["original"], c["corrected"], c["reason"])
            for c in data.get("corrections", [])
        ),
        shown_from=data.get("shown_from"),
        rater_groups=tuple(
            RaterGroup(g["id"], g["name"], g.get("description", ""), g.get("identifiable", False))
            for g in data.get("rater_groups", [])
        ),
        path=path,
        content=data,
    )


def _build_dimension(dim: dict[str, Any], level_by_id: dict[str, Level]) -> Dimension:
    entries = []
    for level_id, entry in dim["levels"].items():
        behaviours = tuple(
            Behaviour(b["id"], b["self"], b["observer"], dim["id"], level_id)
            for b in entry["behaviours"]
        )
        entries.append(DimensionLevel(level_by_id[level_id], entry["title"], behaviours))
    return Dimension(
        id=dim["id"],
        name=dim["name"],
        what_it_is=tuple(dim["what_it_is"]),
        why_it_is_important=dim["why_it_is_important"],
        what_it_is_not=tuple(dim["what_it_is_not"]),
        levels=tuple(entries),
    )
