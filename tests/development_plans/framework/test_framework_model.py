"""The framework model (development_plans.framework.model): lookups, navigation between levels,
the shape scoring takes, immutability, and a pack with other levels and another scale."""

from __future__ import annotations

import pytest
from support.packs import (
    HLM_LEVEL_IDS,
    SMALL_PACK,
)

from development_plans.framework import (
    Behaviour,
    Framework,
    load_framework,
)


def test_lookups_and_navigation(hlm: Framework) -> None:
    dim = hlm.dimension("holding-to-account")
    assert dim.name == "Holding To Account"
    behaviour = hlm.behaviour("holding-to-account.essential.4")
    assert isinstance(behaviour, Behaviour)
    assert (behaviour.dimension_id, behaviour.level_id) == ("holding-to-account", "essential")
    assert "SMART (Specific, Measurable, Achievable, Relevant, Timed)" in behaviour.observer_text
    assert behaviour.text("self") == behaviour.self_text
    assert behaviour.text("observer") == behaviour.observer_text
    with pytest.raises(ValueError, match="perspective"):
        behaviour.text("manager")  # type: ignore[arg-type]
    assert hlm.level("insufficient") is hlm.below_lowest
    assert hlm.level("strong").rank == 3
    assert hlm.next_level("insufficient").id == "essential"  # type: ignore[union-attr]
    assert hlm.next_level("essential").id == "proficient"  # type: ignore[union-attr]
    assert hlm.next_level("strong").id == "exemplary"  # type: ignore[union-attr]
    assert hlm.next_level("exemplary") is None
    assert hlm.rating_option("often").value == 2
    assert hlm.level_ids == HLM_LEVEL_IDS
    for lookup, missing in (
        (hlm.dimension, "nope"),
        (hlm.behaviour, "inspiring-shared-purpose.essential.9"),
        (hlm.level, "expert"),
        (hlm.next_level, "expert"),
        (hlm.rating_option, "never"),
        (dim.behaviours_at, "insufficient"),
    ):
        with pytest.raises(KeyError):
            lookup(missing)
    assert [b.id for b in hlm.all_behaviours()][:4] == [
        "inspiring-shared-purpose.essential.1",
        "inspiring-shared-purpose.essential.2",
        "inspiring-shared-purpose.essential.3",
        "inspiring-shared-purpose.proficient.1",
    ]


def test_level_behaviour_ids_shape(hlm: Framework) -> None:
    shape = hlm.dimension("inspiring-shared-purpose").level_behaviour_ids()
    assert shape == [
        (
            "essential",
            (
                "inspiring-shared-purpose.essential.1",
                "inspiring-shared-purpose.essential.2",
                "inspiring-shared-purpose.essential.3",
            ),
        ),
        (
            "proficient",
            (
                "inspiring-shared-purpose.proficient.1",
                "inspiring-shared-purpose.proficient.2",
                "inspiring-shared-purpose.proficient.3",
            ),
        ),
        (
            "strong",
            (
                "inspiring-shared-purpose.strong.1",
                "inspiring-shared-purpose.strong.2",
                "inspiring-shared-purpose.strong.3",
            ),
        ),
        (
            "exemplary",
            ("inspiring-shared-purpose.exemplary.1", "inspiring-shared-purpose.exemplary.2"),
        ),
    ]


def test_framework_is_immutable(hlm: Framework) -> None:
    with pytest.raises(AttributeError):
        hlm.title = "changed"  # type: ignore[misc]
    assert isinstance(hlm.dimensions, tuple) and isinstance(hlm.dimensions[0].levels, tuple)


def test_small_pack_with_other_levels_and_scale_works() -> None:
    pack = load_framework(SMALL_PACK)
    assert pack.id == "test-supervision-skills"
    assert [d.id for d in pack.dimensions] == ["listening", "giving-feedback", "planning-together"]
    assert [(lv.id, lv.name, lv.rank) for lv in pack.levels] == [
        ("foundation", "Foundation", 1),
        ("developing", "Developing", 2),
        ("advanced", "Advanced", 3),
    ]
    assert pack.levels[2].description == "Shown reliably, including under pressure."
    assert (pack.below_lowest.id, pack.below_lowest.rank) == ("not-yet", 0)
    assert [(o.id, o.value) for o in pack.scale] == [("seldom", 1), ("usually", 2), ("always", 3)]
    assert pack.scale[1].description == "Most of the time."
    assert len(pack.all_behaviours()) == 18
    assert pack.next_level("not-yet").id == "foundation"  # type: ignore[union-attr]
    assert pack.next_level("developing").id == "advanced"  # type: ignore[union-attr]
    assert pack.next_level("advanced") is None
    feedback = pack.dimension("giving-feedback")
    assert feedback.what_it_is_not == ()
    assert feedback.level("developing").title == "Balancing"
    assert feedback.level_behaviour_ids() == [
        ("foundation", ("giving-feedback.foundation.1", "giving-feedback.foundation.2")),
        ("developing", ("giving-feedback.developing.1", "giving-feedback.developing.2")),
        ("advanced", ("giving-feedback.advanced.1", "giving-feedback.advanced.2")),
    ]
    assert pack.behaviour("planning-together.advanced.2").self_text.startswith("Am I ")
    assert [c.id for c in pack.corrections] == ["fix-1"]
    with pytest.raises(KeyError):
        pack.level("essential")
