"""Properties and examples for the scoring rule in development_plans.assessments.scoring."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from development_plans.assessments.scoring import (
    DEFAULT_RULE,
    DimensionScore,
    PriorityItem,
    ScoringRule,
    explain,
    level_change,
    level_rank,
    prioritise,
    score_dimension,
    shown_phrase,
    shown_rating_labels,
)

FAST = settings(max_examples=200, deadline=None)

# --- strategies --------------------------------------------------------------------------


@st.composite
def structures(draw):
    """A random framework dimension: levels, a rating scale and a rule within that scale."""
    n_levels = draw(st.integers(1, 6))
    # Arbitrary (unique) level ids, so nothing can rely on names like "essential".
    level_ids = draw(
        st.lists(st.text(min_size=1, max_size=8), min_size=n_levels, max_size=n_levels, unique=True)
    )
    levels = [
        (level_id, tuple(f"{i}/{level_id}/b{j}" for j in range(draw(st.integers(1, 5)))))
        for i, level_id in enumerate(level_ids)
    ]
    scale_max = draw(st.integers(2, 6))
    denominator = draw(st.integers(1, 12))
    rule = ScoringRule(
        shown_at_least=draw(st.integers(1, scale_max)),
        required_fraction=Fraction(draw(st.integers(1, denominator)), denominator),
    )
    return levels, scale_max, rule


def behaviours_of(levels):
    return [b for _, behaviours in levels for b in behaviours]


@st.composite
def scenarios(draw):
    """A structure plus ratings: each behaviour rated, None, or missing from the mapping."""
    levels, scale_max, rule = draw(structures())
    ratings = {}
    for behaviour in behaviours_of(levels):
        choice = draw(st.sampled_from(["rated", "rated", "rated", "none", "missing"]))
        if choice == "rated":
            ratings[behaviour] = draw(st.integers(0, scale_max))
        elif choice == "none":
            ratings[behaviour] = None
    return levels, scale_max, rule, ratings


def rank(score: DimensionScore, levels) -> int:
    return level_rank(score.level_id, [level_id for level_id, _ in levels])


# --- properties --------------------------------------------------------------------------


@FAST
@given(scenarios(), st.data())
def test_raising_one_rating_never_lowers_the_level(scenario, data):
    levels, scale_max, rule, ratings = scenario
    behaviour = data.draw(st.sampled_from(behaviours_of(levels)))
    old = ratings.get(behaviour)
    lowest_new = 0 if old is None else old + 1
    if lowest_new > scale_max:  # already at the top of the scale: lower it instead and swap
        raised, lowered = dict(ratings), {**ratings, behaviour: data.draw(st.integers(0, old))}
    else:
        new = data.draw(st.integers(lowest_new, scale_max))
        raised, lowered = {**ratings, behaviour: new}, ratings
    assert rank(score_dimension(levels, raised, rule), levels) >= rank(
        score_dimension(levels, lowered, rule), levels
    )


@FAST
@given(scenarios())
def test_ratings_pointwise_higher_never_lower_the_level(scenario):
    levels, scale_max, rule, ratings = scenario
    topped = {b: scale_max if v is None else min(scale_max, v + 1) for b, v in ratings.items()}
    assert rank(score_dimension(levels, topped, rule), levels) >= rank(
        score_dimension(levels, ratings, rule), levels
    )


@FAST
@given(structures())
def test_all_lowest_ratings_are_below_the_lowest_level(structure):
    levels, _scale_max, rule = structure
    score = score_dimension(levels, dict.fromkeys(behaviours_of(levels), 0), rule)
    assert score.level_id is None
    assert score.rank == 0
    assert not any(e.reached for e in score.per_level)


@FAST
@given(structures())
def test_all_unanswered_is_below_the_lowest_level(structure):
    levels, _scale_max, rule = structure
    for ratings in ({}, dict.fromkeys(behaviours_of(levels))):
        score = score_dimension(levels, ratings, rule)
        assert score.level_id is None
        assert score.unanswered == len(behaviours_of(levels))


@FAST
@given(structures())
def test_all_highest_ratings_reach_the_top_level(structure):
    levels, scale_max, rule = structure
    score = score_dimension(levels, dict.fromkeys(behaviours_of(levels), scale_max), rule)
    assert score.level_id == levels[-1][0]
    assert score.rank == len(levels)


@FAST
@given(scenarios(), st.randoms(use_true_random=False))
def test_result_depends_only_on_the_ratings(scenario, random):
    levels, _scale_max, rule, ratings = scenario
    expected = score_dimension(levels, ratings, rule)
    assert score_dimension(levels, dict(ratings), rule) == expected

    items = list(ratings.items())
    random.shuffle(items)
    assert score_dimension(levels, dict(items), rule) == expected

    unrelated = {f"unrelated-{i}": random.randint(-5, 10) for i in range(random.randint(1, 5))}
    assert score_dimension(levels, {**unrelated, **ratings}, rule) == expected

    # Explicit None and a missing key are the same thing: unanswered.
    filled = {b: ratings.get(b) for b in behaviours_of(levels)}
    assert score_dimension(levels, filled, rule) == expected


@FAST
@given(scenarios())
def test_a_level_is_never_reached_when_the_one_below_is_not(scenario):
    levels, _scale_max, rule, ratings = scenario
    per_level = score_dimension(levels, ratings, rule).per_level
    for below, above in zip(per_level, per_level[1:], strict=False):
        assert below.reached or not above.reached


@FAST
@given(scenarios())
def test_evidence_matches_an_independent_reading_of_the_rule(scenario):
    levels, _scale_max, rule, ratings = scenario
    score = score_dimension(levels, ratings, rule)
    assert [e.level_id for e in score.per_level] == [level_id for level_id, _ in levels]
    f = rule.required_fraction
    all_below_met = True
    expected_level = None
    for evidence, (_, behaviours) in zip(score.per_level, levels, strict=True):
        values = [ratings.get(b) for b in behaviours]
        shown = sum(1 for v in values if v is not None and v >= rule.shown_at_least)
        assert evidence.total == len(behaviours)
        assert evidence.shown == shown
        assert evidence.unanswered == sum(1 for v in values if v is None)
        assert 0 <= evidence.shown <= evidence.total
        assert evidence.shown + evidence.unanswered <= evidence.total
        assert 1 <= evidence.required <= evidence.total
        # required is the smallest whole number of behaviours that is at least f × total.
        assert evidence.required >= f * evidence.total > evidence.required - 1
        met = shown * f.denominator >= f.numerator * len(behaviours)
        assert evidence.met == met
        all_below_met = all_below_met and met
        assert evidence.reached == all_below_met
        if evidence.reached:
            expected_level = evidence.level_id
    assert score.level_id == expected_level
    assert score.rank == sum(e.reached for e in score.per_level)


@FAST
@given(scenarios())
def test_explain_names_the_level_reached(scenario):
    levels, _scale_max, rule, ratings = scenario
    score = score_dimension(levels, ratings, rule)
    names = {level_id: f"Level{i}" for i, (level_id, _) in enumerate(levels)}
    sentence = explain(score, names, "Below")
    current = "Below" if score.level_id is None else names[score.level_id]
    assert sentence.startswith(f"You are at {current}")
    assert sentence.endswith(".")
    assert "often or consistently" in sentence
    if score.rank < len(levels):
        following = names[levels[score.rank][0]]
        assert f"needed to reach {following})" in sentence


# --- the rule's arithmetic ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "total", "required"),
    [
        (Fraction(2, 3), 1, 1),
        (Fraction(2, 3), 2, 2),
        (Fraction(2, 3), 3, 2),
        (Fraction(2, 3), 4, 3),
        (Fraction(2, 3), 6, 4),
        (Fraction(7, 25), 25, 7),  # float(7/25) * 25 == 7.000000000000001
        (Fraction(9, 14), 42, 27),  # float(9/14) * 42 == 27.000000000000004
        (Fraction(7, 10), 10, 7),
        (Fraction(1, 2), 4, 2),
        (Fraction(1), 5, 5),
    ],
)
def test_required_is_an_exact_ceiling(fraction, total, required):
    assert ScoringRule(required_fraction=fraction).required(total) == required


@FAST
@given(st.integers(1, 200), st.data())
def test_required_is_the_smallest_count_at_or_above_the_fraction(denominator, data):
    fraction = Fraction(data.draw(st.integers(1, denominator)), denominator)
    total = data.draw(st.integers(0, 500))
    required = ScoringRule(required_fraction=fraction).required(total)
    assert required >= fraction * total
    assert required - 1 < fraction * total or required == 0


def test_rule_defaults_and_validation():
    assert ScoringRule(shown_at_least=2, required_fraction=Fraction(2, 3)) == DEFAULT_RULE
    assert ScoringRule(required_fraction=1).required_fraction == Fraction(1)
    with pytest.raises(TypeError):
        ScoringRule(required_fraction=0.7)
    with pytest.raises(ValueError):
        ScoringRule(required_fraction=Fraction(0))
    with pytest.raises(ValueError):
        ScoringRule(required_fraction=Fraction(4, 3))
    with pytest.raises(FrozenInstanceError):
        DEFAULT_RULE.shown_at_least = 1


def test_bad_structures_are_rejected():
    with pytest.raises(ValueError):
        score_dimension([], {})
    with pytest.raises(ValueError):
        score_dimension([("a", ())], {})
    with pytest.raises(ValueError):
        score_dimension([("a", ("x",)), ("a", ("y",))], {})
    with pytest.raises(ValueError):
        score_dimension([("a", ("x",)), ("b", ("x",))], {})


# --- explain: exact sentences ------------------------------------------------------------

LEVELS = [
    ("essential", ("d.essential.1", "d.essential.2", "d.essential.3")),
    ("proficient", ("d.proficient.1", "d.proficient.2", "d.proficient.3")),
    ("strong", ("d.strong.1", "d.strong.2", "d.strong.3")),
    ("exemplary", ("d.exemplary.1", "d.exemplary.2", "d.exemplary.3")),
]
NAMES = {
    "essential": "Essential",
    "proficient": "Proficient",
    "strong": "Strong",
    "exemplary": "Exemplary",
}


def rated(**levels: tuple[int | None, ...]) -> dict[str, int | None]:
    return {
        f"d.{level}.{i + 1}": value
        for level, values in levels.items()
        for i, value in enumerate(values)
    }


def test_explain_at_a_middle_level():
    ratings = rated(
        essential=(3, 2, 3), proficient=(2, 2, 3), strong=(3, 1, 0), exemplary=(3, 3, 3)
    )
    score = score_dimension(LEVELS, ratings)
    assert score.level_id == "proficient"
    assert explain(score, NAMES, "Insufficient") == (
        "You are at Proficient: you show 3 of 3 Essential behaviours and 3 of 3 Proficient "
        "behaviours often or consistently, and 1 of 3 Strong behaviours "
        "(2 needed to reach Strong)."
    )


def test_explain_below_the_lowest_level():
    ratings = rated(
        essential=(3, 1, 0), proficient=(3, 3, 3), strong=(0, 0, 0), exemplary=(0, 0, 0)
    )
    score = score_dimension(LEVELS, ratings)
    assert score.level_id is None
    assert explain(score, NAMES, "Insufficient") == (
        "You are at Insufficient: you show 1 of 3 Essential behaviours often or consistently "
        "(2 needed to reach Essential)."
    )


def test_explain_at_the_top_level():
    ratings = rated(
        essential=(3, 3, 3), proficient=(2, 2, 1), strong=(3, 2, 2), exemplary=(2, 0, 3)
    )
    score = score_dimension(LEVELS, ratings)
    assert score.level_id == "exemplary"
    assert explain(score, NAMES, "Insufficient") == (
        "You are at Exemplary, the highest level: you show enough of every level's behaviours "
        "often or consistently (3 of 3 Essential, 2 of 3 Proficient, 3 of 3 Strong and "
        "2 of 3 Exemplary)."
    )


def test_explain_with_three_levels_reached_and_unanswered_items():
    ratings = rated(essential=(3, 3, None), proficient=(2, 3, 3), strong=(2, 2, 2), exemplary=(1,))
    score = score_dimension(LEVELS, ratings)
    assert score.level_id == "strong"
    assert score.unanswered == 3
    assert explain(score, NAMES, "Insufficient") == (
        "You are at Strong: you show 2 of 3 Essential behaviours, 3 of 3 Proficient behaviours "
        "and 3 of 3 Strong behaviours often or consistently, and 0 of 3 Exemplary behaviours "
        "(2 needed to reach Exemplary). You left 3 behaviours unanswered; they count as "
        "not shown."
    )


def test_explain_a_single_unanswered_behaviour_and_a_higher_level_met_out_of_order():
    # Strong is met on its own but not reached, because Proficient is not.
    ratings = rated(
        essential=(2, 2, None), proficient=(1, 1, 1), strong=(3, 3, 3), exemplary=(0, 0, 0)
    )
    score = score_dimension(LEVELS, ratings)
    assert score.level_id == "essential"
    assert score.per_level[2].met and not score.per_level[2].reached
    assert explain(score, NAMES, "Insufficient") == (
        "You are at Essential: you show 2 of 3 Essential behaviours often or consistently, "
        "and 0 of 3 Proficient behaviours (2 needed to reach Proficient). You left 1 behaviour "
        "unanswered; it counts as not shown."
    )


def test_explain_single_behaviour_levels_custom_labels_and_one_level_framework():
    levels = [("basic", ("b1",)), ("advanced", ("a1", "a2"))]
    names = {"basic": "Basic", "advanced": "Advanced"}
    labels = ("usually", "almost always", "always")
    rule = ScoringRule(shown_at_least=3, required_fraction=Fraction(1, 2))
    score = score_dimension(levels, {"b1": 3, "a1": 2, "a2": 2}, rule)
    assert explain(score, names, "Not yet", labels) == (
        "You are at Basic: you show 1 of 1 Basic behaviour usually, almost always or always, "
        "and 0 of 2 Advanced behaviours (1 needed to reach Advanced)."
    )
    single = score_dimension([("only", ("o1", "o2"))], {"o1": 2, "o2": 3})
    assert explain(single, {"only": "Only"}, "Below") == (
        "You are at Only, the highest level: you show 2 of 2 Only behaviours often or consistently."
    )


def test_shown_labels_come_from_the_scale():
    scale = {0: "Rarely", 1: "Sometimes", 2: "Often", 3: "Consistently"}
    assert shown_rating_labels(scale) == ("often", "consistently")
    assert shown_rating_labels(scale, ScoringRule(shown_at_least=1)) == (
        "sometimes",
        "often",
        "consistently",
    )
    assert shown_phrase(("often", "consistently")) == "often or consistently"
    assert shown_phrase(("a", "b", "c")) == "a, b or c"
    assert shown_phrase(("always",)) == "always"
    with pytest.raises(ValueError):
        shown_phrase(())


# --- level change and priorities ---------------------------------------------------------

ORDER = ["essential", "proficient", "strong", "exemplary"]


@pytest.mark.parametrize(
    ("previous", "current", "change"),
    [
        (None, None, 0),
        (None, "essential", 1),
        ("essential", "strong", 2),
        ("strong", "strong", 0),
        ("exemplary", None, -4),
        ("proficient", "essential", -1),
    ],
)
def test_level_change(previous, current, change):
    assert level_change(previous, current, ORDER) == change


def test_level_rank_rejects_unknown_ids():
    assert level_rank(None, ORDER) == 0
    assert level_rank("exemplary", ORDER) == 4
    with pytest.raises(ValueError):
        level_rank("expert", ORDER)


def test_prioritise_orders_by_importance_then_lowest_level_then_source_order():
    items = [
        PriorityItem("a", level_rank=2, importance=1),
        PriorityItem("b", level_rank=0, importance=1),
        PriorityItem("c", level_rank=3, importance=3),
        PriorityItem("d", level_rank=1, importance=3),
        PriorityItem("e", level_rank=2, importance=1),
        PriorityItem("f", level_rank=1, importance=3),
        PriorityItem("g", level_rank=4, importance=2),
    ]
    assert [item.dimension_id for item in prioritise(items)] == ["d", "f", "c", "g", "b", "a", "e"]
    assert prioritise(iter(items)) == prioritise(items)
    assert prioritise([]) == []


@FAST
@given(
    st.lists(
        st.builds(
            PriorityItem,
            dimension_id=st.text(max_size=3),
            level_rank=st.integers(0, 5),
            importance=st.integers(-2, 5),
        ),
        max_size=12,
    )
)
def test_prioritise_is_a_stable_sort_by_the_documented_key(items):
    result = prioritise(items)
    assert sorted(map(id, result)) == sorted(map(id, items))  # a permutation, nothing lost
    for before, after in zip(result, result[1:], strict=False):
        key_before = (-before.importance, before.level_rank)
        key_after = (-after.importance, after.level_rank)
        assert key_before <= key_after
        if key_before == key_after:
            assert _index(items, before) < _index(items, after)


def _index(items, item):
    return next(i for i, candidate in enumerate(items) if candidate is item)
