"""The anonymity rule, with property tests: a group too small to show changes nothing the
learner sees whatever its raters answer, and a shown group's report depends only on the multiset
of its answers, never on who answered or in what order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from support.feedback_data import BEHAVIOURS, DIMENSIONS, FRAMEWORK, GROUPS

from development_plans.feedback import (
    RaterSheet,
    build_report,
    effective_threshold,
    group_answers,
)

SELF = {b: 2 for b in BEHAVIOURS}
SELF_IMPORTANCE = {d: 3 for d in DIMENSIONS}


def sheets_in(group_id: str):
    rating = st.one_of(st.none(), st.sampled_from([o.value for o in FRAMEWORK.scale]))
    return st.builds(
        RaterSheet,
        st.just(group_id),
        st.fixed_dictionaries({b: rating for b in BEHAVIOURS}),
        st.fixed_dictionaries({d: st.integers(1, 4) for d in DIMENSIONS}),
        st.dictionaries(st.sampled_from(DIMENSIONS), st.text(min_size=1, max_size=20)),
    )


def report(sheets, threshold=3):
    grouping = group_answers(FRAMEWORK.rater_groups, sheets, threshold)
    return build_report(FRAMEWORK, grouping, SELF, SELF_IMPORTANCE)


def plain(group_id: str, count: int) -> list[RaterSheet]:
    return [RaterSheet(group_id, {b: 3 for b in BEHAVIOURS}) for _ in range(count)]


def test_threshold_is_three_by_default_and_never_below_two():
    assert effective_threshold(None) == 3
    assert effective_threshold(5) == 5
    assert effective_threshold(1) == 2
    assert effective_threshold(0) == 2


def test_groups_at_the_threshold_are_shown_in_pack_order():
    grouping = group_answers(GROUPS, plain("others", 3) + plain("peers", 3), 3)
    assert [g.id for g in grouping.shown] == ["peers", "others"]
    assert grouping.left_out == ()


def test_the_line_manager_is_shown_alone_and_labelled_identifiable():
    grouping = group_answers(GROUPS, plain("line-manager", 1), 3)
    assert [g.label for g in grouping.shown] == ["Line manager (identifiable)"]


def test_a_small_group_is_folded_into_others_when_that_reaches_the_threshold():
    grouping = group_answers(GROUPS, plain("direct-reports", 2) + plain("others", 1), 3)
    assert [(g.id, g.count, g.label) for g in grouping.shown] == [
        ("others", 3, "Others (including direct reports)")
    ]
    assert grouping.left_out == ()


def test_small_groups_together_below_the_threshold_are_left_out_saying_why():
    grouping = group_answers(GROUPS, plain("peers", 1) + plain("others", 1), 3)
    assert grouping.shown == ()
    assert [(g.name, g.answered) for g in grouping.left_out] == [("Peers", 1), ("Others", 1)]
    assert "3 are needed to keep answers anonymous" in grouping.left_out[0].reason
    assert "even with Others added there were only 2" in grouping.left_out[0].reason


def test_a_left_out_group_does_not_reach_all_others_combined():
    shown_only = report(plain("peers", 3))
    with_hidden = report(
        plain("peers", 3) + [RaterSheet("direct-reports", {b: 1 for b in BEHAVIOURS})]
    )
    assert [v.others_level for v in with_hidden.dimensions] == [
        v.others_level for v in shown_only.dimensions
    ]


@settings(max_examples=60, deadline=None)
@given(
    shown=st.lists(sheets_in("peers"), min_size=3, max_size=5),
    hidden=st.lists(sheets_in("direct-reports"), min_size=1, max_size=2),
    index=st.integers(0, 1),
    changed=sheets_in("direct-reports"),
)
def test_a_hidden_raters_answers_change_nothing_the_learner_sees(shown, hidden, index, changed):
    """Direct reports below the threshold, with no Others to fold into: left out. Replacing
    any one of their sheets by any other answers leaves the report exactly as it was."""
    before = report(shown + hidden)
    assert [g.name for g in before.grouping.left_out] == ["Direct reports"]
    hidden = list(hidden)
    hidden[index % len(hidden)] = changed
    assert report(shown + hidden) == before


@settings(max_examples=60, deadline=None)
@given(
    sheets=st.lists(sheets_in("peers"), min_size=3, max_size=6),
    others=st.lists(sheets_in("others"), min_size=0, max_size=4),
    order=st.randoms(use_true_random=False),
)
def test_a_shown_groups_report_depends_only_on_the_multiset_of_answers(sheets, others, order):
    before = report(sheets + others)
    shuffled = sheets + others
    order.shuffle(shuffled)
    assert report(shuffled) == before


@settings(max_examples=30, deadline=None)
@given(sheets=st.lists(sheets_in("peers"), min_size=0, max_size=6), threshold=st.integers(0, 5))
def test_nothing_below_the_threshold_is_ever_shown(sheets, threshold):
    grouping = group_answers(GROUPS, sheets, threshold)
    for group in grouping.shown:
        assert group.identifiable or group.count >= max(2, threshold)
