"""A framework as a Moodle competency framework: the CSV that Moodle's competency framework
import (``admin/tool/lpimportcsv``) reads, and a parser that reads such a file back.

The layout follows Moodle's own ``framework_importer`` and ``framework_exporter``: a header row
of 14 columns, one row for the framework (``Is framework`` = 1) carrying the rating scale (its
labels comma-separated, and a JSON configuration marking the default and the proficient
ratings), then one row per competency naming its parent by ID number. Cross-referenced ID
numbers are comma-separated, with a comma inside an ID number written ``%2C``. A pack becomes
three depths of competencies, one taxonomy each: its dimensions (``domain``), each dimension's
levels (``level``) and their behaviours (``behaviour``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from development_plans.framework.model import Framework

#: Moodle's header row, exactly (``framework_importer::list_required_headers``).
MOODLE_HEADER = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
#: The taxonomy of each depth of the tree: dimension, level, behaviour.
TAXONOMIES = ("domain", "level", "behaviour")
#: Moodle's FORMAT_PLAIN: descriptions are plain text, shown escaped.
PLAIN_TEXT = "2"
#: Moodle keeps at most this many characters of an ID number or a short name.
MOODLE_TEXT_LIMIT = 100


class MoodleCsvError(ValueError):
    """A competency CSV that is not in Moodle's layout; ``problems`` name row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Competency:
    """One competency: a dimension, a dimension's level or a behaviour."""

    id_number: str
    short_name: str
    description: str
    children: tuple[Competency, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompetencyFramework:
    """A Moodle competency framework: its scale, taxonomies and tree of competencies."""

    id_number: str
    short_name: str
    description: str
    scale: tuple[str, ...]
    proficient: tuple[bool, ...]
    default_rating: int
    taxonomies: tuple[str, ...]
    competencies: tuple[Competency, ...]


def competency_framework(framework: Framework) -> CompetencyFramework:
    """The pack as a Moodle competency framework. Ratings from the pack's ``shown_from`` up are
    proficient, and the lowest of them is the default."""
    shown = [option.value >= framework.shown_at_least for option in framework.scale]
    dimensions = tuple(
        Competency(
            _id_number(dimension.id),
            _short(dimension.name),
            dimension.why_it_is_important,
            tuple(
                Competency(
                    _id_number(f"{dimension.id}.{entry.level.id}"),
                    _short(f"{entry.level.name}: {entry.title}"),
                    f"{dimension.name}, {entry.level.name}: {entry.title}",
                    tuple(
                        Competency(
                            _id_number(behaviour.id),
                            _short(behaviour.self_text),
                            f"{behaviour.self_text}\nAs others see it: {behaviour.observer_text}",
                        )
                        for behaviour in entry.behaviours
                    ),
                )
                for entry in dimension.levels
            ),
        )
        for dimension in framework.dimensions
    )
    return CompetencyFramework(
        id_number=_id_number(f"{framework.id}-{framework.version}"),
        short_name=_short(framework.title),
        description=(
            f"{framework.title}, version {framework.version}. {framework.attribution}"
            f" Licence: {framework.licence}"
        ),
        scale=tuple(option.label.replace(",", ";") for option in framework.scale),
        proficient=tuple(shown),
        default_rating=shown.index(True),
        taxonomies=TAXONOMIES,
        competencies=dimensions,
    )


def moodle_competency_csv(framework: Framework) -> str:
    """The CSV file Moodle's competency framework import accepts, for this pack."""
    return write_moodle_csv(competency_framework(framework))


def write_moodle_csv(tree: CompetencyFramework) -> str:
    """The framework as CSV text in Moodle's import layout."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MOODLE_HEADER)
    writer.writerow(
        [
            "",
            tree.id_number,
            tree.short_name,
            tree.description,
            PLAIN_TEXT,
            ",".join(tree.scale),
            _scale_configuration(tree),
            "",
            "",
            "",
            "",
            "",
            "1",
            ",".join(tree.taxonomies),
        ]
    )
    for parent, competency in _walk("", tree.competencies):
        writer.writerow(
            [
                parent,
                competency.id_number,
                competency.short_name,
                competency.description,
                PLAIN_TEXT,
                "",
                "",
                "",
                "0",
                "null",
                ",".join(escape_id_number(related) for related in competency.related),
                "",
                "",
                "",
            ]
        )
    return out.getvalue()


def escape_id_number(id_number: str) -> str:
    """An ID number as Moodle writes it in a comma-separated list: ``,`` becomes ``%2C``."""
    return id_number.replace(",", "%2C")


def _walk(parent: str, competencies: tuple[Competency, ...]) -> list[tuple[str, Competency]]:
    rows: list[tuple[str, Competency]] = []
    for competency in competencies:
        rows.append((parent, competency))
        rows.extend(_walk(competency.id_number, competency.children))
    return rows


def _scale_configuration(tree: CompetencyFramework) -> str:
    """Moodle's scale configuration: the scale id first (the importer fills it in), then each
    rating by its 1-based position, marked default and proficient."""
    items: list[dict[str, object]] = [{"scaleid": "0"}]
    for index, proficient in enumerate(tree.proficient):
        items.append(
            {
                "id": index + 1,
                "scaledefault": int(index == tree.default_rating),
                "proficient": int(proficient),
            }
        )
    return json.dumps(items, separators=(",", ":"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MOODLE_TEXT_LIMIT:
        return text
    return text[: MOODLE_TEXT_LIMIT - 1].rstrip() + "…"


def _id_number(text: str) -> str:
    if len(text) > MOODLE_TEXT_LIMIT:
        raise ValueError(f"{text!r} is longer than Moodle's {MOODLE_TEXT_LIMIT}-character ID")
    return text
