"""Validating packs (development_plans.framework.validation and .explanation): every problem
reported with its path inside the pack, in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.packs import (
    BROKEN,
    HLM_PACK,
    mutated_small_pack,
    problems_of,
)

from development_plans.framework import load_framework


def test_missing_fields_are_all_reported() -> None:
    assert problems_of(BROKEN / "missing-fields.yaml") == [
        "licence: this required field is missing",
        "dimensions[0].levels.basic.behaviours[1].self (line 31): this required field is missing",
    ]


def test_duplicate_behaviour_id() -> None:
    assert problems_of(BROKEN / "duplicate-behaviour-id.yaml") == [
        "dimensions[1].levels.basic.behaviours[1].id (line 47): duplicate behaviour id"
        " 'listening.basic.1' (first used at dimensions[1].levels.basic.behaviours[0])"
    ]


def test_level_missing_from_a_dimension() -> None:
    assert problems_of(BROKEN / "missing-level.yaml") == [
        "dimensions[1].levels (line 40): level 'expert' is missing; every dimension must"
        " describe every level of the pack, in order (basic, expert)"
    ]


def test_wrong_types() -> None:
    assert problems_of(BROKEN / "wrong-types.yaml") == [
        "dimensions[0].what_it_is (line 19): should be a list but is text ('Working with others')",
        "scale[1].value (line 11): should be a whole number but is text ('one')",
        "version (line 4): should be text but is a decimal number (1.0)",
    ]


def _duplicate_dimension_id(data: dict) -> None:
    data["dimensions"][2]["id"] = "listening"


def _behaviour_in_wrong_place(data: dict) -> None:
    behaviours = data["dimensions"][2]["levels"]["developing"]["behaviours"]
    behaviours[1]["id"] = "planning-together.advanced.9"


def _duplicate_across_dimensions(data: dict) -> None:
    behaviours = data["dimensions"][2]["levels"]["advanced"]["behaviours"]
    behaviours[0]["id"] = "listening.foundation.1"


def _levels_out_of_order_and_unknown(data: dict) -> None:
    levels = data["dimensions"][0]["levels"]
    data["dimensions"][0]["levels"] = {
        "developing": levels["developing"],
        "foundation": levels["foundation"],
        "expert": levels["advanced"],
    }
    for n, behaviour in enumerate(levels["advanced"]["behaviours"], 1):
        behaviour["id"] = f"listening.expert.{n}"


def _below_lowest_level_described(data: dict) -> None:
    data["dimensions"][1]["levels"]["not-yet"] = {
        "title": "Not yet",
        "behaviours": [
            {"id": "giving-feedback.not-yet.1", "self": "Do I?", "observer": "Do they?"}
        ],
    }


def _ids_clash(data: dict) -> None:
    data["scale"][1]["id"] = "seldom"
    data["below_lowest"]["id"] = "developing"
    data["corrections"].append(dict(data["corrections"][0]))


def _duplicate_level_id(data: dict) -> None:
    data["levels"][2]["id"] = "foundation"


def _scale_values(data: dict) -> None:
    data["scale"][2]["value"] = 2


def _scale_goes_down(data: dict) -> None:
    data["scale"][0]["value"] = 5


def _bad_correction_location(data: dict) -> None:
    data["corrections"][0]["location"] = "dimensions[7].title"


SMALL_LEVELS = "(foundation, developing, advanced)"


def _unknown_shown_from(data: dict) -> None:
    data["shown_from"] = "often"


def _duplicate_rater_group(data: dict) -> None:
    group = {"id": "peers", "name": "Peers", "identifiable": False}
    data["rater_groups"] = [group, {**group, "name": "Colleagues"}]


SEMANTIC_CASES = {
    "shown_from names no rating": (
        _unknown_shown_from,
        ["shown_from: 'often' is not one of the scale's ratings (seldom, usually, always)"],
    ),
    "duplicate rater group": (
        _duplicate_rater_group,
        ["rater_groups[1].id: duplicate rater group id 'peers' (also used by rater_groups[0])"],
    ),
    "duplicate dimension id": (
        _duplicate_dimension_id,
        ["dimensions[2].id: duplicate dimension id 'listening' (also used by dimensions[0])"]
        + [
            f"dimensions[2].levels.{level}.behaviours[{n}].id: behaviour id"
            f" 'planning-together.{level}.{n + 1}' does not match where it is: it should start"
            f" with 'listening.{level}.' (its dimension id and level id)"
            for level in ("foundation", "developing", "advanced")
            for n in (0, 1)
        ],
    ),
    "behaviour id prefix": (
        _behaviour_in_wrong_place,
        [
            "dimensions[2].levels.developing.behaviours[1].id: behaviour id"
            " 'planning-together.advanced.9' does not match where it is: it should start with"
            " 'planning-together.developing.' (its dimension id and level id)"
        ],
    ),
    "duplicate behaviour id across dimensions": (
        _duplicate_across_dimensions,
        [
            "dimensions[2].levels.advanced.behaviours[0].id: duplicate behaviour id"
            " 'listening.foundation.1' (first used at"
            " dimensions[0].levels.foundation.behaviours[0])",
            "dimensions[2].levels.advanced.behaviours[0].id: behaviour id"
            " 'listening.foundation.1' does not match where it is: it should start with"
            " 'planning-together.advanced.' (its dimension id and level id)",
        ],
    ),
    "levels out of order and unknown": (
        _levels_out_of_order_and_unknown,
        [
            "dimensions[0].levels: level 'advanced' is missing; every dimension must describe"
            f" every level of the pack, in order {SMALL_LEVELS}",
            f"dimensions[0].levels.expert: 'expert' is not one of the pack's levels {SMALL_LEVELS}",
            "dimensions[0].levels: levels are out of order (developing, foundation); list them"
            f" lowest first, as in the pack's levels list {SMALL_LEVELS}",
        ],
    ),
    "below-lowest level given behaviours": (
        _below_lowest_level_described,
        [
            "dimensions[1].levels.not-yet: 'not-yet' is the below-lowest level, which has no"
            " behaviours; remove it"
        ],
    ),
    "ids clash": (
        _ids_clash,
        [
            "scale[1].id: duplicate rating id 'seldom' (also used by scale[0])",
            "below_lowest.id: 'developing' is also the id of levels[1]; the below-lowest level"
            " needs an id of its own",
            "corrections[1].id: duplicate correction id 'fix-1' (also used by corrections[0])",
        ],
    ),
    "duplicate level id": (
        _duplicate_level_id,
        ["levels[2].id: duplicate level id 'foundation' (also used by levels[0])"],
    ),
    "duplicate scale value": (
        _scale_values,
        ["scale[2].value: duplicate rating value 2 (also used by scale[1])"],
    ),
    "scale going down": (
        _scale_goes_down,
        [
            "scale[1].value: rating values must go up from the first option to the last,"
            " but 2 comes after 5"
        ],
    ),
    "correction location": (
        _bad_correction_location,
        [
            "corrections[0].location: 'dimensions[7].title' does not point to anything in"
            " this pack; use a path such as 'dimensions[0].levels.essential.title' or a"
            " behaviour id"
        ],
    ),
}


@pytest.mark.parametrize("case", list(SEMANTIC_CASES))
def test_semantic_checks(tmp_path: Path, case: str) -> None:
    change, expected = SEMANTIC_CASES[case]
    assert problems_of(mutated_small_pack(tmp_path, change)) == expected


def test_schema_messages_are_human(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        behaviour = data["dimensions"][0]["levels"]["foundation"]["behaviours"][0]
        behaviour["obsever"] = behaviour.pop("observer")
        data["dimensions"][0]["levels"]["developing"]["behaviours"] = []
        data["dimensions"][1]["id"] = "Giving Feedback"
        data["dimensions"][1]["name"] = "   "
        data["source"]["url"] = "example.org"
        data["levels"][0]["id"] = 3
        data["colour"] = "blue"

    problems = problems_of(mutated_small_pack(tmp_path, change))
    assert problems == [
        "colour: unexpected field 'colour' (allowed: id, version, title, source, attribution,"
        " licence, scale, shown_from, levels, below_lowest, dimensions, rater_groups,"
        " corrections)",
        "dimensions[0].levels.developing.behaviours: needs at least 1 behaviour but has 0",
        "dimensions[0].levels.foundation.behaviours[0].observer: this required field is missing",
        "dimensions[0].levels.foundation.behaviours[0].obsever: unexpected field 'obsever';"
        " did you mean 'observer'?",
        "dimensions[1].id: 'Giving Feedback' is not a valid id: use lower-case letters, digits"
        " and single hyphens, e.g. 'leading-with-care'",
        "dimensions[1].name: must not be blank",
        "levels[0].id: should be text but is a whole number (3)",
        "source.url: 'example.org' is not a web address (it should start with https://)",
    ]


def _rater_groups(data: dict) -> None:
    data["rater_groups"] = [
        {"id": "peers", "name": "Peers"},
        {"id": "peers", "name": "Peers again"},
        {"id": "boss", "name": "Boss", "identifiable": True},
    ]


def test_rater_groups_are_unique_and_the_catch_all_is_not_identifiable(tmp_path: Path) -> None:
    assert problems_of(mutated_small_pack(tmp_path, _rater_groups)) == [
        "rater_groups[1].id: duplicate rater group id 'peers' (also used by rater_groups[0])",
        "rater_groups[2].identifiable: the last rater group takes in the groups too small to show"
        " on their own, so it cannot be identifiable",
    ]


def test_the_hlm_pack_names_its_four_rater_groups() -> None:
    framework = load_framework(HLM_PACK)
    assert [(g.id, g.identifiable) for g in framework.rater_groups] == [
        ("line-manager", True),
        ("peers", False),
        ("direct-reports", False),
        ("others", False),
    ]
    assert framework.rater_group("peers").name == "Peers"
