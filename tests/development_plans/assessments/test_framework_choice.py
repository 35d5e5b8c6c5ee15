"""Which pack an assessment uses (development_plans.assessments.framework_choice)."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from support.assessment_data import (
    HLM,
    SMALL,
    T0,
    answer_everything,
    started,
)

from development_plans.assessments import (
    DEFAULT_FRAMEWORK_ID,
    FrameworkUnavailable,
    framework_for_placement,
    framework_of,
    results_for,
    submit,
)
from development_plans.framework import Framework
from development_plans.framework.loading import framework_from_data
from development_plans.framework.versions import remember_version, stored_versions


def test_framework_for_placement_defaults_to_the_leadership_model():
    both = {HLM.id: HLM, SMALL.id: SMALL}
    assert HLM.id == DEFAULT_FRAMEWORK_ID
    assert framework_for_placement(both) is HLM
    assert framework_for_placement(both, SMALL.id) is SMALL
    assert framework_for_placement({SMALL.id: SMALL}) is SMALL
    with pytest.raises(FrameworkUnavailable, match="'missing-pack'"):
        framework_for_placement(both, "missing-pack")
    with pytest.raises(FrameworkUnavailable, match="default"):
        framework_for_placement({})


def test_framework_of_names_a_missing_pack(session, asha, lead101):
    assessment = started(session, asha, lead101)
    assert framework_of(session, assessment, {SMALL.id: SMALL}) is SMALL
    with pytest.raises(FrameworkUnavailable, match=SMALL.id):
        framework_of(session, assessment, {HLM.id: HLM})


def _second_version() -> Framework:
    """The small pack at a new version: a level renamed, behaviours reworded and removed."""
    data = copy.deepcopy(SMALL.content)
    data["version"] = "0.4"
    data["levels"][1]["name"] = "Growing"
    for dimension in data["dimensions"]:
        developing = dimension["levels"]["developing"]
        developing["behaviours"] = developing["behaviours"][:1]
        developing["behaviours"][0]["self"] = "Do I do something else entirely?"
    return framework_from_data(data, "version 0.4")


def test_a_new_pack_version_never_changes_an_old_result(session, asha, lead101):
    first = started(session, asha, lead101)
    levels = {"foundation": 3, "developing": 2, "advanced": 1}
    answer_everything(session, first, SMALL, rating_for=lambda b: levels[b.level_id])
    submit(session, first, SMALL, now=T0)
    before = results_for(session, first, SMALL)
    assert [d.level.name for d in before.dimensions] == ["Developing"] * 3

    v2 = _second_version()
    installed = {v2.id: v2}
    old = framework_of(session, first, installed)
    assert old == SMALL and old.version == "0.3" and old is not v2
    after = results_for(session, first, old)
    assert [(d.level.name, d.explanation) for d in after.dimensions] == [
        (d.level.name, d.explanation) for d in before.dimensions
    ]
    assert old.dimension("listening").behaviours_at("developing") == SMALL.dimension(
        "listening"
    ).behaviours_at("developing")

    second = started(session, asha, lead101, framework=v2, now=T0 + timedelta(days=30))
    assert (second.framework_version, framework_of(session, second, installed)) == ("0.4", v2)
    assert stored_versions(session, SMALL.id) == ["0.3", "0.4"]
    assert framework_of(session, first, installed).level("developing").name == "Developing"


def test_the_first_stored_copy_of_a_version_wins(session, asha, lead101):
    remember_version(session, SMALL)
    edited = framework_from_data({**SMALL.content, "title": "Edited, same version"}, "edited")
    remember_version(session, edited)
    assessment = started(session, asha, lead101, framework=edited)
    nine = framework_from_data({**SMALL.content, "version": "9", "title": "Nine"}, "nine")
    assert framework_of(session, assessment, {nine.id: nine}).title == SMALL.title
