"""The report: each group's level by the self-assessment's scoring rule applied to its typical
rating, importance self versus others, hidden strengths, blind spots and comments."""

from __future__ import annotations

from support.feedback_data import BEHAVIOURS, DIMENSIONS, FRAMEWORK, GROUPS

from development_plans.feedback import (
    BLIND_SPOT,
    HIDDEN_STRENGTH,
    RaterSheet,
    build_report,
    group_answers,
    typical_rating,
)


def test_the_typical_rating_is_the_mean_of_those_who_saw_it_rounded_half_up():
    assert typical_rating([1, 2]) == 2
    assert typical_rating([1, 1, 2]) == 1
    assert typical_rating([3, None, None]) == 3
    assert typical_rating([None, None]) is None
    assert typical_rating([]) is None


def _sheet(group, rating, importance=4, comment=None):
    comments = {DIMENSIONS[0]: comment} if comment else {}
    return RaterSheet(
        group, {b: rating for b in BEHAVIOURS}, {d: importance for d in DIMENSIONS}, comments
    )


def test_levels_use_the_scoring_rule_and_others_combine_every_shown_group():
    sheets = [_sheet("line-manager", 1)] + [_sheet("peers", 3) for _ in range(3)]
    grouping = group_answers(GROUPS, sheets, 3)
    report = build_report(FRAMEWORK, grouping, {b: 1 for b in BEHAVIOURS}, {DIMENSIONS[0]: 2})
    view = report.dimensions[0]
    top = FRAMEWORK.levels[-1]
    assert view.self_level == FRAMEWORK.below_lowest
    assert [(g.group.id, g.level) for g in view.groups] == [
        ("line-manager", FRAMEWORK.below_lowest),
        ("peers", top),
    ]
    assert view.others_level == top  # (1 + 3 + 3 + 3) / 4 = 2.5, rounded to 3: shown
    assert (view.self_importance, view.others_importance) == (2, 4.0)
    assert report.dimensions[1].self_importance is None


def test_hidden_strengths_and_blind_spots_compare_self_with_all_others():
    peers = [_sheet("peers", 3) for _ in range(3)]
    mine = {b: (1 if i % 2 else 3) for i, b in enumerate(BEHAVIOURS)}
    grouping = group_answers(GROUPS, peers, 3)
    report = build_report(FRAMEWORK, grouping, mine, {})
    assert {v.behaviour.id for v in report.hidden_strengths} == {
        b for b, r in mine.items() if r == 1
    }
    assert all(v.kind == HIDDEN_STRENGTH for v in report.hidden_strengths)
    assert report.blind_spots == ()
    low = build_report(FRAMEWORK, group_answers(GROUPS, [_sheet("peers", 1)] * 3, 3), mine, {})
    assert {v.behaviour.id for v in low.blind_spots} == {b for b, r in mine.items() if r == 3}
    assert all(v.kind == BLIND_SPOT for v in low.blind_spots)


def test_comments_are_verbatim_without_names_only_for_shown_groups():
    sheets = [_sheet("peers", 2, comment=f"Peer view {n}") for n in (2, 1, 3)]
    sheets.append(_sheet("direct-reports", 2, comment="Hidden report"))
    report = build_report(FRAMEWORK, group_answers(GROUPS, sheets, 3), {}, {})
    assert report.dimensions[0].comments == (
        ("Peers", "Peer view 1"),
        ("Peers", "Peer view 2"),
        ("Peers", "Peer view 3"),
    )
    assert [g.name for g in report.grouping.left_out] == ["Direct reports"]


def test_a_plan_from_the_report_takes_others_levels_and_the_learners_importance():
    sheets = [_sheet("peers", 3, importance=2) for _ in range(3)]
    report = build_report(FRAMEWORK, group_answers(GROUPS, sheets, 3), {}, {DIMENSIONS[0]: 4})
    results = report.plan_results()
    assert [(r.dimension_id, r.level_id, r.importance) for r in results] == [
        (d, FRAMEWORK.levels[-1].id, 4 if d == DIMENSIONS[0] else 2) for d in DIMENSIONS
    ]
    assert len(report.chart_rows()) == len(DIMENSIONS)


def test_without_a_shown_group_there_is_no_combined_view():
    report = build_report(FRAMEWORK, group_answers(GROUPS, [_sheet("peers", 3)], 3), {}, {})
    assert not report.has_answers
    assert report.plan_results() == [] and report.chart_rows() == []
    assert report.hidden_strengths == () == report.blind_spots
