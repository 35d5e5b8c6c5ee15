"""Which raters' answers a learner may see, as groups: the rule that keeps 360 feedback anonymous.

A group's answers are shown only when at least ``threshold`` of its raters answered (a course
setting, never below :data:`MIN_THRESHOLD`). A smaller group is folded into the pack's catch-all
group (its last one, "Others") when that then reaches the threshold, and otherwise left out with
the reason. An identifiable group (the line manager) is shown even with one answer, and labelled
as identifiable. Pure Python: the property tests in tests/development_plans/feedback check that
a hidden rater's answers never reach the report and that a shown group's order never matters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from development_plans.framework import RaterGroup

#: The smallest group a course may choose to show (one answer on its own would name its rater).
MIN_THRESHOLD = 2
#: The smallest group shown unless the course chooses otherwise.
DEFAULT_THRESHOLD = 3


def effective_threshold(setting: int | None) -> int:
    """The course's smallest group shown, never below :data:`MIN_THRESHOLD`."""
    return max(MIN_THRESHOLD, DEFAULT_THRESHOLD if setting is None else setting)


@dataclass(frozen=True)
class RaterSheet:
    """Everything one rater answered: ratings by behaviour id (None = "I have not seen this"),
    importance and comment by dimension id. It carries no name: the report cannot tell whose."""

    group_id: str
    ratings: Mapping[str, int | None] = field(default_factory=dict)
    importances: Mapping[str, int] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ShownGroup:
    """A group whose answers the report shows, with the smaller groups folded into it."""

    id: str
    name: str
    identifiable: bool
    sheets: tuple[RaterSheet, ...]
    folded: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The group's name as the report prints it, saying what was folded in or that the
        answers can be traced to one person."""
        if self.folded:
            return f"{self.name} (including {' and '.join(self.folded).lower()})"
        if self.identifiable:
            return f"{self.name} (identifiable)"
        return self.name

    @property
    def count(self) -> int:
        return len(self.sheets)


@dataclass(frozen=True)
class LeftOut:
    """A group whose answers are not shown, and why, in the learner's words."""

    name: str
    answered: int
    reason: str


@dataclass(frozen=True)
class Grouping:
    """The groups shown (pack order) and those left out, for one request."""

    shown: tuple[ShownGroup, ...]
    left_out: tuple[LeftOut, ...]
    threshold: int

    def all_shown_sheets(self) -> tuple[RaterSheet, ...]:
        """Every answer the report may use: those of the shown groups, nothing else."""
        return tuple(sheet for group in self.shown for sheet in group.sheets)


def _canonical(sheet: RaterSheet) -> tuple:
    """A sort key made of the answers alone, so a group's sheets come out in one order whatever
    order the raters answered in: the report cannot depend on who answered first."""
    return (
        sorted((b, -1 if r is None else r) for b, r in sheet.ratings.items()),
        sorted(sheet.importances.items()),
        sorted(sheet.comments.items()),
        sheet.group_id,
    )


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def group_answers(
    groups: Sequence[RaterGroup], sheets: Iterable[RaterSheet], threshold: int
) -> Grouping:
    """Sort answered sheets into the pack's groups and apply the anonymity rule. A sheet whose
    group the pack no longer has counts with the catch-all (last) group."""
    if not groups:
        raise ValueError("the framework pack defines no rater groups")
    threshold = max(MIN_THRESHOLD, threshold)
    catch_all = groups[-1]
    by_group: dict[str, list[RaterSheet]] = {group.id: [] for group in groups}
    for sheet in sorted(sheets, key=_canonical):
        by_group.get(sheet.group_id, by_group[catch_all.id]).append(sheet)

    shown: dict[str, ShownGroup] = {}
    small: list[RaterGroup] = []
    left_out: list[LeftOut] = []
    for group in groups[:-1]:
        answered = by_group[group.id]
        if (group.identifiable and answered) or len(answered) >= threshold:
            shown[group.id] = ShownGroup(group.id, group.name, group.identifiable, tuple(answered))
        elif answered:
            small.append(group)

    pool = [*by_group[catch_all.id], *(s for group in small for s in by_group[group.id])]
    if len(pool) >= threshold:
        folded = tuple(group.name for group in small)
        shown[catch_all.id] = ShownGroup(catch_all.id, catch_all.name, False, tuple(pool), folded)
    else:
        left = [*small, *([catch_all] if by_group[catch_all.id] else [])]
        for group in left:
            count = len(by_group[group.id])
            reason = (
                f"Only {_people(count)} answered, and {threshold} are needed to keep answers"
                " anonymous"
            )
            if group is not catch_all:
                reason += f"; even with {catch_all.name} added there were only {len(pool)}"
            left_out.append(LeftOut(group.name, count, reason + "."))
    ordered = tuple(shown[group.id] for group in groups if group.id in shown)
    return Grouping(shown=ordered, left_out=tuple(left_out), threshold=threshold)
