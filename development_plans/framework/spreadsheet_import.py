"""Bring your own framework: a spreadsheet in the layout of ``docs/content-packs.md`` becomes a
pack, checked exactly as a pack file is, with every problem told by row and column. It is all
or nothing: with any problem there is no pack.

Each row has a *Row type*: ``framework`` (one per field: id, version, title, …), ``scale``,
``level``, ``below lowest``, ``dimension``, ``behaviour`` and ``rater group``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from development_plans.framework.errors import ContentError
from development_plans.framework.loading import check_pack_data, framework_from_data
from development_plans.framework.model import Framework
from development_plans.framework.problems import PathPart, format_path
from development_plans.framework.spreadsheet import Row, read_sheet

#: The framework rows' fields and where each goes in the pack.
FRAMEWORK_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "version": ("version",),
    "title": ("title",),
    "attribution": ("attribution",),
    "licence": ("licence",),
    "source name": ("source", "name"),
    "source publisher": ("source", "publisher"),
    "source url": ("source", "url"),
    "shown from": ("shown_from",),
}
ROW_TYPES = ("framework", "scale", "level", "below lowest", "dimension", "behaviour", "rater group")
_YES = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}


def import_spreadsheet(path: str | os.PathLike[str]) -> tuple[dict[str, Any] | None, list[str]]:
    """The pack data in the spreadsheet at ``path`` and ``[]``, or ``None`` and every problem,
    each starting with where it is (``row 7, column J (Self): …``)."""
    problems: list[str] = []
    rows = read_sheet(Path(path), problems)
    if problems:
        return None, problems
    builder = _PackBuilder()
    for row in rows:
        builder.add(row)
    builder.finish()
    if builder.problems:
        return None, builder.problems
    found = [builder.locate(problem) for problem in check_pack_data(builder.data)]
    return (None, found) if found else (builder.data, [])


def framework_from_spreadsheet(path: str | os.PathLike[str]) -> Framework:
    """The framework in the spreadsheet at ``path``; :class:`ContentError` lists every problem."""
    data, problems = import_spreadsheet(path)
    if data is None:
        raise ContentError(path, problems)
    return framework_from_data(data, os.fspath(path))


def pack_yaml(data: dict[str, Any], source: str) -> str:
    """The pack as a YAML file, saying which spreadsheet it came from."""
    heading = (
        f"# Imported from the spreadsheet {source} by `flask content import-spreadsheet`.\n"
        "# Behaviour ids are stable: never renumber them once learners have used the pack.\n\n"
    )
    return heading + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


class _PackBuilder:
    """Turns rows into pack data, remembering which cell each value came from."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.problems: list[str] = []
        self.cells: dict[str, str] = {}
        self.behaviour_rows: list[Row] = []
        self.dimensions: dict[str, int] = {}
        self.titles: dict[tuple[str, str], Row] = {}

    def add(self, row: Row) -> None:
        kind = " ".join(row.get("Row type").lower().split())
        if kind == "behaviour":
            self.behaviour_rows.append(row)  # after every dimension row, wherever it is
        elif kind in ROW_TYPES:
            getattr(self, "_" + kind.replace(" ", "_"))(row)
        elif not kind:
            self.problems.append(f"{row.where('Row type')}: this row has no Row type")
        else:
            self.problems.append(
                f"{row.where('Row type')}: unknown Row type {kind!r}"
                f" (use one of: {', '.join(ROW_TYPES)})"
            )

    def finish(self) -> None:
        for row in self.behaviour_rows:
            self._behaviour(row)
        order = [level.get("id") for level in self.data.get("levels", [])]
        for dimension in self.data.get("dimensions", []):
            levels = dimension["levels"]
            ranked = sorted(levels, key=lambda k: order.index(k) if k in order else len(order))
            dimension["levels"] = {key: levels[key] for key in ranked}

    def locate(self, problem: str) -> str:
        """A pack problem (``dimensions[0].name: …``) told by the cell it came from."""
        path, _, message = problem.partition(": ")
        message = re.sub(
            r"\(first used at (\S+)\)",
            lambda m: f"(first used at {self.cells.get(m.group(1), m.group(1))})",
            message,
        )
        for key in sorted(self.cells, key=len, reverse=True):
            if path == key or path.startswith((key + ".", key + "[")):
                return f"{self.cells[key]}: {message}"
        for field, parts in FRAMEWORK_FIELDS.items():
            if path == format_path(parts):
                return f"the framework row with Field {field!r}: {message}"
        return f"{path}: {message}"

    def _put(self, parts: list[PathPart], row: Row, column: str, value: Any = None) -> None:
        """Note the cell of ``parts``; set it to ``value`` (the cell's text by default) unless
        that is empty, so a missing value is reported as missing at that cell."""
        self.cells[format_path(parts)] = row.where(column)
        value = row.get(column) if value is None else value
        if value in ("", []):
            return
        node: Any = self.data
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value

    def _item(self, key: str, row: Row, fields: dict[str, str]) -> int:
        items = self.data.setdefault(key, [])
        items.append({})
        index = len(items) - 1
        self.cells[format_path([key, index])] = row.where("Row type")
        for name, column in fields.items():
            self._put([key, index, name], row, column)
        return index

    def _framework(self, row: Row) -> None:
        field = " ".join(row.get("Field").lower().split())
        parts = FRAMEWORK_FIELDS.get(field)
        if parts is None:
            self.problems.append(
                f"{row.where('Field')}: unknown framework field {field or '(empty)'!r}"
                f" (use one of: {', '.join(FRAMEWORK_FIELDS)})"
            )
            return
        if format_path(parts) in self.cells:
            self.problems.append(
                f"{row.where('Field')}: the framework's {field} is also given at"
                f" {self.cells[format_path(parts)]}"
            )
            return
        if len(parts) == 2:
            self.data.setdefault(parts[0], {})
        self._put(list(parts), row, "Value")

    def _scale(self, row: Row) -> None:
        index = self._item(
            "scale", row, {"id": "ID", "label": "Name", "description": "Description"}
        )
        text = row.get("Value")
        try:
            self._put(["scale", index, "value"], row, "Value", int(text) if text else None)
        except ValueError:
            self.problems.append(f"{row.where('Value')}: should be a whole number but is {text!r}")

    def _level(self, row: Row) -> None:
        self._item("levels", row, {"id": "ID", "name": "Name", "description": "Description"})

    def _below_lowest(self, row: Row) -> None:
        if "below_lowest" in self.data:
            self.problems.append(
                f"{row.where('Row type')}: only one below lowest row is allowed (the first is at"
                f" {self.cells['below_lowest']})"
            )
            return
        self.data["below_lowest"] = {}
        self.cells["below_lowest"] = row.where("Row type")
        for name, column in {"id": "ID", "name": "Name", "description": "Description"}.items():
            self._put(["below_lowest", name], row, column)

    def _dimension(self, row: Row) -> None:
        index = self._item(
            "dimensions", row, {"id": "ID", "name": "Name", "why_it_is_important": "Description"}
        )
        for name, column in (("what_it_is", "What it is"), ("what_it_is_not", "What it is not")):
            lines = [line.strip() for line in row.get(column).splitlines() if line.strip()]
            self._put(["dimensions", index, name], row, column, lines)
        self.data["dimensions"][index].setdefault("what_it_is_not", [])
        self.data["dimensions"][index]["levels"] = {}
        self.dimensions.setdefault(row.get("ID"), index)

    def _behaviour(self, row: Row) -> None:
        dimension_id, level_id = row.get("Dimension"), row.get("Level")
        if dimension_id not in self.dimensions:
            known = ", ".join(self.dimensions) or "none yet"
            self.problems.append(
                f"{row.where('Dimension')}: {dimension_id or '(empty)'!r} is not the ID of a"
                f" dimension row (dimensions: {known})"
            )
            return
        if not level_id:
            self.problems.append(f"{row.where('Level')}: name the level's ID")
            return
        d = self.dimensions[dimension_id]
        levels = self.data["dimensions"][d]["levels"]
        if level_id not in levels:
            levels[level_id] = {"behaviours": []}
            self.cells[format_path(["dimensions", d, "levels", level_id])] = row.where("Level")
        self._title(row, d, level_id)
        behaviours = levels[level_id]["behaviours"]
        behaviours.append({})
        here: list[PathPart] = [
            "dimensions",
            d,
            "levels",
            level_id,
            "behaviours",
            len(behaviours) - 1,
        ]
        self.cells[format_path(here)] = row.where("Row type")
        generated = f"{dimension_id}.{level_id}.{len(behaviours)}"
        self._put([*here, "id"], row, "ID", row.get("ID") or generated)
        self._put([*here, "self"], row, "Self")
        self._put([*here, "observer"], row, "Observer")

    def _title(self, row: Row, d: int, level_id: str) -> None:
        """The level's title comes from its first row that has one; others must agree."""
        key = (d, level_id)
        parts: list[PathPart] = ["dimensions", d, "levels", level_id, "title"]
        title, first = row.get("Title"), self.titles.get(key)
        if first is None:
            if title:
                self.titles[key] = row
                self._put(parts, row, "Title")
            else:
                self.cells.setdefault(format_path(parts), row.where("Title"))
        elif title and title != first.get("Title"):
            self.problems.append(
                f"{row.where('Title')}: {title!r} differs from this level's title"
                f" {first.get('Title')!r} at {first.where('Title')}"
            )

    def _rater_group(self, row: Row) -> None:
        fields = {"id": "ID", "name": "Name", "description": "Description"}
        index = self._item("rater_groups", row, fields)
        text = row.get("Identifiable").lower()
        if not text:
            return  # not identifiable, the pack's default
        if text in _YES:
            self._put(["rater_groups", index, "identifiable"], row, "Identifiable", _YES[text])
        else:
            self.problems.append(
                f"{row.where('Identifiable')}: should be yes or no but is {text or '(empty)'!r}"
            )
