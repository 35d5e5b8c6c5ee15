"""Level names as learners and managers read them: the level below the lowest explained kindly."""

from __future__ import annotations

from support.plan_data import hlm

from development_plans.assessments import is_top_level, level_meaning, level_words


def test_the_level_below_essential_keeps_its_name_and_is_explained_kindly():
    fw = hlm()
    assert level_words(fw, None) == "Insufficient – not yet consistently at Essential"
    assert level_words(fw, "insufficient") == level_words(fw, None)
    assert level_meaning(fw, fw.below_lowest) == "not yet consistently at Essential"


def test_the_other_levels_are_their_names():
    fw = hlm()
    assert [level_words(fw, lv.id) for lv in fw.levels] == [lv.name for lv in fw.levels]
    assert all(level_meaning(fw, lv) is None for lv in fw.levels)
    assert [is_top_level(fw, lv) for lv in fw.levels] == [False, False, False, True]
