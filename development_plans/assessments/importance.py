"""How important a dimension is to the learner's current role: the question and its answers."""

from __future__ import annotations

from dataclasses import dataclass

from development_plans.framework import Dimension


@dataclass(frozen=True)
class ImportanceOption:
    """One answer to "how important is this dimension to my current role?"."""

    value: int
    label: str


#: How important a dimension is to the learner's current role, least important first.
IMPORTANCE_SCALE: tuple[ImportanceOption, ...] = (
    ImportanceOption(1, "Not important"),
    ImportanceOption(2, "Slightly important"),
    ImportanceOption(3, "Important"),
    ImportanceOption(4, "Very important"),
)
#: The words for each importance value.
IMPORTANCE_LABELS = {option.value: option.label for option in IMPORTANCE_SCALE}


def importance_question(dimension: Dimension) -> str:
    """The importance question for a dimension, as the learner reads it."""
    return f"How important is {dimension.name} to your current role?"


def importance_label(importance: int) -> str:
    """The words for an importance value, e.g. "Very important"."""
    return IMPORTANCE_LABELS[importance]
