"""The Moodle competency framework CSV: Moodle's exact layout, read with the csv module as
Moodle's importer reads it, and read back by our own parser into the same tree."""

from __future__ import annotations

import csv
import io
import json

import pytest
from support.packs import FRAMEWORKS_DIR, SMALL_PACK

from development_plans.framework import Framework, load_framework
from development_plans.framework.moodle_csv import (
    MOODLE_HEADER,
    Competency,
    CompetencyFramework,
    MoodleCsvError,
    competency_framework,
    moodle_competency_csv,
    write_moodle_csv,
)
from development_plans.framework.moodle_csv_reading import read_moodle_csv

EXACT_HEADER = (
    "Parent ID number,ID number,Short name,Description,Description format,Scale values,"
    "Scale configuration,Rule type (optional),Rule outcome (optional),Rule config (optional),"
    "Cross-referenced competency ID numbers,Exported ID (optional),Is framework,Taxonomy"
)
PACKS = sorted(FRAMEWORKS_DIR.glob("*.yaml")) + [SMALL_PACK]


def rows_of(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == list(MOODLE_HEADER)
    rows = list(reader)
    assert all(None not in row and len(row) == 14 for row in rows)
    return rows


def test_the_header_row_is_exactly_moodles(hlm: Framework) -> None:
    text = moodle_competency_csv(hlm)
    assert text.split("\r\n", 1)[0] == EXACT_HEADER


def test_one_framework_row_carries_the_scale_and_proficient_ratings(hlm: Framework) -> None:
    rows = rows_of(moodle_competency_csv(hlm))
    frameworks = [row for row in rows if row["Is framework"]]
    assert len(frameworks) == 1 and rows[0] is frameworks[0]
    top = rows[0]
    assert top["Parent ID number"] == "" and top["Is framework"] == "1"
    assert top["ID number"] == "nhs-healthcare-leadership-model-1.0.0"
    assert top["Short name"] == "Healthcare Leadership Model"
    assert top["Scale values"] == "Rarely,Sometimes,Often,Consistently"
    assert json.loads(top["Scale configuration"]) == [
        {"scaleid": "0"},
        {"id": 1, "scaledefault": 0, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 0},
        {"id": 3, "scaledefault": 1, "proficient": 1},
        {"id": 4, "scaledefault": 0, "proficient": 1},
    ]
    assert top["Taxonomy"] == "domain,level,behaviour"
    assert top["Description format"] == "2"


def test_every_dimension_level_and_behaviour_is_a_row_under_its_parent(hlm: Framework) -> None:
    rows = rows_of(moodle_competency_csv(hlm))[1:]
    by_id = {row["ID number"]: row for row in rows}
    assert len(by_id) == len(rows) == 9 + 9 * 4 + 114
    for dimension in hlm.dimensions:
        assert by_id[dimension.id]["Parent ID number"] == ""
        assert by_id[dimension.id]["Short name"] == dimension.name
        for entry in dimension.levels:
            level_row = by_id[f"{dimension.id}.{entry.level.id}"]
            assert level_row["Parent ID number"] == dimension.id
            assert level_row["Short name"].startswith(f"{entry.level.name}: ")
            for behaviour in entry.behaviours:
                row = by_id[behaviour.id]
                assert row["Parent ID number"] == level_row["ID number"]
                assert behaviour.self_text in row["Description"]
                assert behaviour.observer_text in row["Description"]
    for row in rows:
        assert row["Is framework"] == "" and row["Scale values"] == ""
        assert row["Rule config (optional)"] == "null"
        assert len(row["ID number"]) <= 100 and len(row["Short name"]) <= 100


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_every_pack_round_trips_through_our_parser(pack) -> None:
    framework = load_framework(pack)
    tree = competency_framework(framework)
    assert read_moodle_csv(moodle_competency_csv(framework)) == tree
    assert [d.id_number for d in tree.competencies] == [d.id for d in framework.dimensions]
    behaviours = [b.id_number for d in tree.competencies for lv in d.children for b in lv.children]
    assert behaviours == [b.id for b in framework.all_behaviours()]


def test_a_five_point_scale_is_proficient_from_its_shown_from_rating() -> None:
    framework = load_framework(FRAMEWORKS_DIR / "reflective-practice.yaml")
    top = rows_of(moodle_competency_csv(framework))[0]
    assert top["Scale values"] == "Never,Rarely,Sometimes,Often,Always"
    config = json.loads(top["Scale configuration"])[1:]
    assert [item["proficient"] for item in config] == [0, 0, 0, 1, 1]
    assert [item["scaledefault"] for item in config] == [0, 0, 0, 1, 0]


def test_commas_quotes_and_cross_references_survive_the_round_trip() -> None:
    tree = CompetencyFramework(
        id_number="f,1",
        short_name='A "quoted", framework',
        description="Line one\nline two",
        scale=("No", "Yes"),
        proficient=(False, True),
        default_rating=1,
        taxonomies=("domain", "behaviour"),
        competencies=(
            Competency("a,b", "First, with a comma", "", (Competency("c", "Child", "x"),)),
            Competency("d", "Second", "", related=("a,b", "c")),
        ),
    )
    text = write_moodle_csv(tree)
    assert rows_of(text)[3]["Cross-referenced competency ID numbers"] == "a%2Cb,c"
    assert read_moodle_csv(text) == tree


def test_the_parser_names_row_and_column_of_every_problem(hlm: Framework) -> None:
    rows = list(csv.reader(io.StringIO(moodle_competency_csv(hlm))))
    rows[0][2] = "Shortname"
    rows[3][0] = "no-such-parent"
    rows[4] = rows[4][:5]
    rows[5][1] = rows[6][1]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with pytest.raises(MoodleCsvError) as caught:
        read_moodle_csv(out.getvalue())
    assert caught.value.problems == [
        "row 1: the header row must be exactly: " + EXACT_HEADER,
        "row 5: has 5 columns, not 14",
        f"row 7, column ID number: {rows[6][1]!r} is also row 6's",
        "row 4, column Parent ID number: 'no-such-parent' is not the ID number of any"
        " competency in the file",
    ]


def test_the_parser_needs_a_framework_row_and_a_usable_scale() -> None:
    with pytest.raises(MoodleCsvError, match="no framework row"):
        read_moodle_csv(EXACT_HEADER + "\r\n")
    tree = competency_framework(load_framework(SMALL_PACK))
    text = write_moodle_csv(tree).replace('""proficient"":1', '""proficient"":0')
    with pytest.raises(MoodleCsvError, match="at least one proficient rating"):
        read_moodle_csv(text)
