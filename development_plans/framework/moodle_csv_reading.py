"""Reading a Moodle competency framework CSV back into its tree, as Moodle's importer does:
the framework row, then competencies attached to their parents by ID number. Every problem is
reported by row and column, so a file that would not import is explained, not half-read."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

from development_plans.framework.moodle_csv import (
    MOODLE_HEADER,
    Competency,
    CompetencyFramework,
    MoodleCsvError,
)


def read_moodle_csv(text: str) -> CompetencyFramework:
    """The competency framework in ``text``; :class:`MoodleCsvError` lists every problem."""
    rows = list(csv.reader(io.StringIO(text)))
    problems: list[str] = []
    if not rows or tuple(rows[0]) != MOODLE_HEADER:
        problems.append("row 1: the header row must be exactly: " + ",".join(MOODLE_HEADER))
    framework: tuple[int, dict[str, str]] | None = None
    competencies: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(MOODLE_HEADER):
            problems.append(f"row {number}: has {len(row)} columns, not {len(MOODLE_HEADER)}")
            continue
        cells = dict(zip(MOODLE_HEADER, row, strict=True))
        if cells["Is framework"]:
            if framework is not None:
                problems.append(
                    f"row {number}: a second framework row (the first is row {framework[0]})"
                )
            framework = framework or (number, cells)
            continue
        id_number = cells["ID number"]
        if not id_number or not cells["Short name"]:
            problems.append(f"row {number}, column ID number / Short name: both are needed")
        elif id_number in seen:
            problems.append(
                f"row {number}, column ID number: {id_number!r} is also row {seen[id_number]}'s"
            )
        seen.setdefault(id_number, number)
        competencies.append((number, cells))
    for number, cells in competencies:
        parent = cells["Parent ID number"]
        if parent and parent not in seen:
            problems.append(
                f"row {number}, column Parent ID number: {parent!r} is not the ID number of"
                " any competency in the file"
            )
    if framework is None:
        problems.append("no framework row (one row must have Is framework = 1)")
        raise MoodleCsvError(problems)
    scale = _scale(framework, problems)
    if problems:
        raise MoodleCsvError(problems)
    tree = _tree(framework[1], scale, competencies)
    reached = _id_numbers(tree.competencies)
    for number, cells in competencies:
        if cells["ID number"] not in reached:
            problems.append(
                f"row {number}, column Parent ID number: its parents lead back to itself,"
                " never to the framework"
            )
    if problems:
        raise MoodleCsvError(problems)
    return tree


def _id_numbers(competencies: tuple[Competency, ...]) -> set[str]:
    found: set[str] = set()
    for competency in competencies:
        found.add(competency.id_number)
        found |= _id_numbers(competency.children)
    return found


def _scale(
    framework: tuple[int, dict[str, str]], problems: list[str]
) -> tuple[tuple[str, ...], tuple[bool, ...], int]:
    number, cells = framework
    labels = tuple(label.strip() for label in cells["Scale values"].split(","))
    where = f"row {number}, column Scale configuration"
    try:
        config: Any = json.loads(cells["Scale configuration"])
    except json.JSONDecodeError as exc:
        problems.append(f"{where}: not JSON ({exc.msg})")
        return labels, (), 0
    if not isinstance(config, list) or not config or "scaleid" not in config[0]:
        problems.append(f'{where}: must be a list starting with {{"scaleid": …}}')
        return labels, (), 0
    ratings = config[1:]
    if [item.get("id") for item in ratings] != list(range(1, len(labels) + 1)):
        problems.append(f"{where}: must describe ratings 1 to {len(labels)} in order")
        return labels, (), 0
    proficient = tuple(bool(item.get("proficient")) for item in ratings)
    defaults = [i for i, item in enumerate(ratings) if item.get("scaledefault")]
    if len(defaults) != 1 or not any(proficient):
        problems.append(f"{where}: needs one default rating and at least one proficient rating")
        return labels, proficient, 0
    return labels, proficient, defaults[0]


def _tree(
    cells: dict[str, str],
    scale: tuple[tuple[str, ...], tuple[bool, ...], int],
    competencies: list[tuple[int, dict[str, str]]],
) -> CompetencyFramework:
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for _, row in competencies:
        children[row["Parent ID number"]].append(row)

    def build(parent: str) -> tuple[Competency, ...]:
        return tuple(
            Competency(
                row["ID number"],
                row["Short name"],
                row["Description"],
                build(row["ID number"]),
                tuple(
                    related.replace("%2C", ",")
                    for related in row["Cross-referenced competency ID numbers"].split(",")
                    if related
                ),
            )
            for row in children[parent]
        )

    labels, proficient, default = scale
    return CompetencyFramework(
        id_number=cells["ID number"],
        short_name=cells["Short name"],
        description=cells["Description"],
        scale=labels,
        proficient=proficient,
        default_rating=default,
        taxonomies=tuple(cells["Taxonomy"].split(",")) if cells["Taxonomy"] else (),
        competencies=build(""),
    )
