"""Which pack an assessment uses (development_plans.assessments.framework_choice)."""

from __future__ import annotations

import pytest
from support.assessment_data import (
    HLM,
    SMALL,
    started,
)

from development_plans.assessments import (
    DEFAULT_FRAMEWORK_ID,
    FrameworkUnavailable,
    framework_for_placement,
    framework_of,
)


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
    assert framework_of(assessment, {SMALL.id: SMALL}) is SMALL
    with pytest.raises(FrameworkUnavailable, match=SMALL.id):
        framework_of(assessment, {HLM.id: HLM})
