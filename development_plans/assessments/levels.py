"""Level names as learners and managers read them. The level below the framework's lowest keeps
the pack's name (for the Healthcare Leadership Model, "Insufficient") but is always explained
kindly beside it: it means "not yet consistently at" the lowest level, not a failure."""

from __future__ import annotations

from development_plans.assessments.scoring import ScoringRule
from development_plans.framework import Framework, Level


def scoring_rule(framework: Framework) -> ScoringRule:
    """The scoring rule on this pack's scale: a behaviour counts as shown from the pack's
    ``shown_from`` rating up (by default the middle of the scale)."""
    return ScoringRule(shown_at_least=framework.shown_at_least)


def level_meaning(framework: Framework, level: Level) -> str | None:
    """A kind explanation of ``level`` when its name alone could read as a verdict (the level
    below the lowest), else None."""
    if level.id != framework.below_lowest.id:
        return None
    return f"not yet consistently at {framework.levels[0].name}"


def level_words(framework: Framework, level_id: str | None) -> str:
    """The level's name with its explanation when it has one, e.g. "Insufficient – not yet
    consistently at Essential"; ``None`` is the level below the lowest."""
    level = framework.level(level_id or framework.below_lowest.id)
    meaning = level_meaning(framework, level)
    return level.name if meaning is None else f"{level.name} – {meaning}"


def is_top_level(framework: Framework, level: Level) -> bool:
    """True for the framework's highest level: nothing above it to work towards."""
    return level.id == framework.levels[-1].id
