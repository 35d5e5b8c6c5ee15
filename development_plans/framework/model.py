"""The framework model: levels, dimensions, behaviours and the rating scale of one content pack.

Everything here is a frozen dataclass built once by :mod:`development_plans.framework.loading`
from a validated pack, so a ``Framework`` is safe to share between requests and threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Perspective = Literal["self", "observer"]


@dataclass(frozen=True)
class RatingOption:
    """One point on the pack's rating scale, e.g. ``often`` / "Often" / 2."""

    id: str
    label: str
    value: int
    description: str = ""


@dataclass(frozen=True)
class Level:
    """A level of the framework. ``rank`` is 0 for the below-lowest level, then 1, 2, …"""

    id: str
    name: str
    rank: int
    description: str = ""


@dataclass(frozen=True)
class Source:
    """Where the framework text comes from."""

    name: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Correction:
    """A change made to the wording of the source text, kept for transparency."""

    id: str
    location: str
    original: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class RaterGroup:
    """A group of people who give 360 feedback, e.g. peers. An ``identifiable`` group (a line
    manager) is shown even with one answer, and labelled so."""

    id: str
    name: str
    description: str = ""
    identifiable: bool = False


@dataclass(frozen=True)
class Behaviour:
    """A behaviour statement, phrased for self-assessment and for an observer."""

    id: str
    self_text: str
    observer_text: str
    dimension_id: str
    level_id: str

    def text(self, perspective: Perspective) -> str:
        """The statement for ``"self"`` ("Do I …?") or ``"observer"`` ("Do they …?")."""
        if perspective == "self":
            return self.self_text
        if perspective == "observer":
            return self.observer_text
        raise ValueError(f"perspective must be 'self' or 'observer', not {perspective!r}")


@dataclass(frozen=True)
class DimensionLevel:
    """One level of one dimension: its heading and its behaviours."""

    level: Level
    title: str
    behaviours: tuple[Behaviour, ...]

    @property
    def level_id(self) -> str:
        """The id of the framework level this describes."""
        return self.level.id

    def behaviour_ids(self) -> tuple[str, ...]:
        """Ids of this level's behaviours, in pack order."""
        return tuple(b.id for b in self.behaviours)


@dataclass(frozen=True)
class Dimension:
    """A dimension of the framework, with its levels in ascending order."""

    id: str
    name: str
    what_it_is: tuple[str, ...]
    why_it_is_important: str
    what_it_is_not: tuple[str, ...]
    levels: tuple[DimensionLevel, ...]

    def level(self, level_id: str) -> DimensionLevel:
        """This dimension's entry for ``level_id``; ``KeyError`` if it has none."""
        for entry in self.levels:
            if entry.level.id == level_id:
                return entry
        known = ", ".join(entry.level.id for entry in self.levels)
        raise KeyError(f"dimension {self.id!r} has no level {level_id!r} (it has: {known})")

    def behaviours_at(self, level_id: str) -> tuple[Behaviour, ...]:
        """The behaviours at ``level_id``, in pack order; ``KeyError`` for an unknown level."""
        return self.level(level_id).behaviours

    def all_behaviours(self) -> tuple[Behaviour, ...]:
        """Every behaviour of this dimension, lowest level first."""
        return tuple(b for entry in self.levels for b in entry.behaviours)

    def level_behaviour_ids(self) -> list[tuple[str, tuple[str, ...]]]:
        """``[(level_id, (behaviour_id, …)), …]`` in ascending level order.

        This is the shape :mod:`development_plans.assessments.scoring` takes for one dimension.
        """
        return [(entry.level.id, entry.behaviour_ids()) for entry in self.levels]


@dataclass(frozen=True)
class Framework:
    """A loaded, validated content pack. Immutable and safe to share between requests.

    ``content`` is the pack's data as read (never changed), kept so a version can be stored
    and exported exactly."""

    id: str
    version: str
    title: str
    source: Source
    attribution: str
    licence: str
    scale: tuple[RatingOption, ...]
    levels: tuple[Level, ...]
    below_lowest: Level
    dimensions: tuple[Dimension, ...]
    corrections: tuple[Correction, ...]
    shown_from: str | None = None
    rater_groups: tuple[RaterGroup, ...] = ()
    path: Path | None = field(default=None, compare=False)
    content: dict[str, Any] | None = field(default=None, repr=False, compare=False, hash=False)
    _dimensions_by_id: dict[str, Dimension] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _behaviours_by_id: dict[str, Behaviour] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _levels_by_id: dict[str, Level] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        dims = {d.id: d for d in self.dimensions}
        behaviours = {b.id: b for d in self.dimensions for b in d.all_behaviours()}
        levels = {self.below_lowest.id: self.below_lowest, **{lv.id: lv for lv in self.levels}}
        object.__setattr__(self, "_dimensions_by_id", dims)
        object.__setattr__(self, "_behaviours_by_id", behaviours)
        object.__setattr__(self, "_levels_by_id", levels)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id; ``KeyError`` if there is none."""
        try:
            return self._dimensions_by_id[dimension_id]
        except KeyError:
            raise KeyError(f"framework {self.id!r} has no dimension {dimension_id!r}") from None

    def behaviour(self, behaviour_id: str) -> Behaviour:
        """The behaviour with this id; ``KeyError`` if there is none."""
        try:
            return self._behaviours_by_id[behaviour_id]
        except KeyError:
            raise KeyError(f"framework {self.id!r} has no behaviour {behaviour_id!r}") from None

    def level(self, level_id: str) -> Level:
        """The level with this id, including the below-lowest level; ``KeyError`` if unknown."""
        try:
            return self._levels_by_id[level_id]
        except KeyError:
            known = ", ".join(self._levels_by_id)
            raise KeyError(
                f"framework {self.id!r} has no level {level_id!r} (it has: {known})"
            ) from None

    def next_level(self, level_id: str) -> Level | None:
        """The level above ``level_id``: the lowest level for the below-lowest level, and
        ``None`` above the top level. ``KeyError`` for an unknown level."""
        rank = self.level(level_id).rank
        return self.levels[rank] if rank < len(self.levels) else None

    def all_behaviours(self) -> tuple[Behaviour, ...]:
        """Every behaviour, in pack order (dimension by dimension, lowest level first)."""
        return tuple(self._behaviours_by_id.values())

    def rater_group(self, group_id: str) -> RaterGroup:
        """The 360 rater group with this id; ``KeyError`` if the pack has none such."""
        for group in self.rater_groups:
            if group.id == group_id:
                return group
        raise KeyError(f"framework {self.id!r} has no rater group {group_id!r}")

    def rating_option(self, rating_id: str) -> RatingOption:
        """The scale option with this id; ``KeyError`` if there is none."""
        for option in self.scale:
            if option.id == rating_id:
                return option
        raise KeyError(f"framework {self.id!r} has no rating {rating_id!r}")

    @property
    def shown_at_least(self) -> int:
        """The lowest rating value that counts as showing a behaviour: the pack's
        ``shown_from`` rating, else the middle of the scale (the upper of two middles)."""
        if self.shown_from is not None:
            return self.rating_option(self.shown_from).value
        return self.scale[len(self.scale) // 2].value

    @property
    def level_ids(self) -> tuple[str, ...]:
        """Ids of the levels, lowest first (without the below-lowest level)."""
        return tuple(lv.id for lv in self.levels)
