"""The documented rule that turns behaviour ratings into a framework level.

Pure Python with no web framework imports, so the rule can be tested on its own and
explained to learners. The rule itself is described in plain words in ``docs/scoring.md``.

Nothing here assumes a particular framework: levels, behaviours and the rating scale are
all passed in. A dimension is an ascending sequence of ``(level_id, behaviour_ids)``;
ratings map behaviour ids to integer values on the content pack's scale, where a missing
key or ``None`` means the learner left the behaviour unanswered.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "DEFAULT_RULE",
    "DEFAULT_SHOWN_LABELS",
    "DimensionScore",
    "LevelEvidence",
    "PriorityItem",
    "ScoringRule",
    "explain",
    "level_change",
    "level_rank",
    "prioritise",
    "score_dimension",
    "shown_phrase",
    "shown_rating_labels",
]

Levels = Sequence[tuple[str, Sequence[str]]]
Ratings = Mapping[str, int | None]

#: Labels of the default scale's ratings that count as "shown" (Often, Consistently).
DEFAULT_SHOWN_LABELS: tuple[str, ...] = ("often", "consistently")


@dataclass(frozen=True)
class ScoringRule:
    """When a behaviour counts as shown and how many shown behaviours reach a level."""

    shown_at_least: int = 2
    required_fraction: Fraction = Fraction(2, 3)

    def __post_init__(self) -> None:
        if isinstance(self.shown_at_least, bool) or not isinstance(self.shown_at_least, int):
            raise TypeError("shown_at_least must be an int rating value")
        fraction = self.required_fraction
        # Only exact rationals (int, Fraction): a float such as 0.7 is not exactly 7/10.
        if isinstance(fraction, bool) or not isinstance(fraction, numbers.Rational):
            raise TypeError("required_fraction must be a Fraction (or int), not a float")
        fraction = Fraction(fraction)
        if not 0 < fraction <= 1:
            raise ValueError("required_fraction must be greater than 0 and at most 1")
        object.__setattr__(self, "required_fraction", fraction)

    def required(self, total: int) -> int:
        """Number of shown behaviours needed at a level of ``total`` behaviours: ceil(f × n)."""
        if total < 0:
            raise ValueError("total must not be negative")
        fraction = self.required_fraction
        return -(-(fraction.numerator * total) // fraction.denominator)

    def is_shown(self, rating: int | None) -> bool:
        """True when a rating counts as showing the behaviour (unanswered never does)."""
        return rating is not None and rating >= self.shown_at_least


#: 2 of 3 behaviours rated at least 2 (Often) on the 0–3 scale.
DEFAULT_RULE = ScoringRule()


@dataclass(frozen=True)
class LevelEvidence:
    """What the ratings show at one level of one dimension."""

    level_id: str
    shown: int
    total: int
    required: int
    reached: bool
    unanswered: int

    @property
    def met(self) -> bool:
        """True when enough behaviours at this level are shown, ignoring the levels below."""
        return self.shown >= self.required


@dataclass(frozen=True)
class DimensionScore:
    """The level reached in one dimension (``None`` = below the lowest) and the evidence."""

    level_id: str | None
    per_level: tuple[LevelEvidence, ...]

    @property
    def rank(self) -> int:
        """0 when below the lowest level, otherwise 1 + the index of the level reached."""
        return sum(1 for evidence in self.per_level if evidence.reached)

    @property
    def unanswered(self) -> int:
        """Number of this dimension's behaviours left unanswered."""
        return sum(evidence.unanswered for evidence in self.per_level)


def _check_levels(levels: Levels) -> None:
    if not levels:
        raise ValueError("a dimension needs at least one level")
    level_ids: set[str] = set()
    behaviour_ids: set[str] = set()
    for level_id, behaviours in levels:
        if level_id in level_ids:
            raise ValueError(f"duplicate level id {level_id!r}")
        level_ids.add(level_id)
        if isinstance(behaviours, str) or not behaviours:
            raise ValueError(f"level {level_id!r} needs a sequence of at least one behaviour")
        for behaviour_id in behaviours:
            if behaviour_id in behaviour_ids:
                raise ValueError(f"behaviour {behaviour_id!r} appears more than once")
            behaviour_ids.add(behaviour_id)


def score_dimension(
    levels: Levels, ratings: Ratings, rule: ScoringRule = DEFAULT_RULE
) -> DimensionScore:
    """Walk the levels upward; return the highest level reached with every level below it."""
    _check_levels(levels)
    per_level: list[LevelEvidence] = []
    reached_id: str | None = None
    below_reached = True
    for level_id, behaviours in levels:
        values = [ratings.get(behaviour_id) for behaviour_id in behaviours]
        shown = sum(1 for value in values if rule.is_shown(value))
        required = rule.required(len(values))
        reached = below_reached and shown >= required
        per_level.append(
            LevelEvidence(
                level_id=level_id,
                shown=shown,
                total=len(values),
                required=required,
                reached=reached,
                unanswered=sum(1 for value in values if value is None),
            )
        )
        if reached:
            reached_id = level_id
        below_reached = reached
    return DimensionScore(level_id=reached_id, per_level=tuple(per_level))


def level_rank(level_id: str | None, level_order: Sequence[str]) -> int:
    """Rank of a level: 0 for ``None`` (below the lowest), else 1 + its index in the order."""
    if level_id is None:
        return 0
    try:
        return list(level_order).index(level_id) + 1
    except ValueError:
        raise ValueError(f"unknown level id {level_id!r}") from None


def level_change(
    previous_level_id: str | None, current_level_id: str | None, level_order: Sequence[str]
) -> int:
    """Levels moved since the previous cycle: positive = improved, negative = went down."""
    return level_rank(current_level_id, level_order) - level_rank(previous_level_id, level_order)


def shown_rating_labels(
    scale: Mapping[int, str], rule: ScoringRule = DEFAULT_RULE
) -> tuple[str, ...]:
    """Lower-cased labels of the scale's ratings that count as shown, lowest value first."""
    return tuple(scale[value].lower() for value in sorted(scale) if rule.is_shown(value))


def shown_phrase(labels: Sequence[str]) -> str:
    """Join rating labels as a phrase: ("often", "consistently") -> "often or consistently"."""
    labels = [label for label in labels if label]
    if not labels:
        raise ValueError("at least one shown rating label is needed")
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _count(shown: int, total: int, name: str) -> str:
    noun = "behaviour" if total == 1 else "behaviours"
    return f"{shown} of {total} {name} {noun}"


def explain(
    score: DimensionScore,
    level_names: Mapping[str, str],
    below_lowest_name: str,
    shown_labels: Sequence[str] = DEFAULT_SHOWN_LABELS,
) -> str:
    """A plain-words sentence telling the learner why they are at their level."""
    phrase = shown_phrase(shown_labels)
    evidence = score.per_level
    reached = [e for e in evidence if e.reached]
    current = below_lowest_name if score.level_id is None else level_names[score.level_id]

    if len(reached) == len(evidence):
        if len(evidence) == 1:
            only = evidence[0]
            because = f"you show {_count(only.shown, only.total, level_names[only.level_id])}"
            sentence = f"You are at {current}, the highest level: {because} {phrase}."
        else:
            counts = _join([f"{e.shown} of {e.total} {level_names[e.level_id]}" for e in evidence])
            sentence = (
                f"You are at {current}, the highest level: you show enough of every level's "
                f"behaviours {phrase} ({counts})."
            )
    else:
        following = evidence[len(reached)]
        following_name = level_names[following.level_id]
        gap = (
            f"{_count(following.shown, following.total, following_name)} "
            f"({following.required} needed to reach {following_name})"
        )
        if reached:
            done = _join([_count(e.shown, e.total, level_names[e.level_id]) for e in reached])
            sentence = f"You are at {current}: you show {done} {phrase}, and {gap}."
        else:
            sentence = (
                f"You are at {current}: you show "
                f"{_count(following.shown, following.total, following_name)} {phrase} "
                f"({following.required} needed to reach {following_name})."
            )

    unanswered = score.unanswered
    if unanswered:
        if unanswered == 1:
            sentence += " You left 1 behaviour unanswered; it counts as not shown."
        else:
            sentence += f" You left {unanswered} behaviours unanswered; they count as not shown."
    return sentence


@dataclass(frozen=True)
class PriorityItem:
    """One dimension to order for the development plan."""

    dimension_id: str
    level_rank: int
    importance: int


def prioritise(items: Iterable[PriorityItem]) -> list[PriorityItem]:
    """Most important to the role first, then lowest level first, then source order."""
    # sorted() is stable, so ties keep the order the items were given in.
    return sorted(items, key=lambda item: (-item.importance, item.level_rank))
