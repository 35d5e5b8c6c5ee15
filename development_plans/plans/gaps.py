"""Gap analysis: how far each assessed dimension is below its target, which items come first,
and the behaviours a learner works on next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from development_plans.framework import Behaviour, Framework
from development_plans.plans.models import Plan, PlanItem
from development_plans.plans.targets import suggested_target


class DimensionResult(Protocol):
    """What an assessment says about one dimension (``level_id`` None means below the lowest)."""

    dimension_id: str
    level_id: str | None
    importance: int


@dataclass(frozen=True)
class Gap:
    """One dimension's current level, importance, suggested target and gap in levels."""

    dimension_id: str
    current_level_id: str
    importance: int
    suggested_target_id: str
    size: int


def gap_analysis(
    framework: Framework,
    results: Iterable[DimensionResult],
    targets: dict[str, str] | None = None,
) -> list[Gap]:
    """Each assessed dimension's current level, suggested target and gap, in pack order."""
    targets = targets or {}
    by_dimension = {r.dimension_id: r for r in results}
    gaps = []
    for dimension in framework.dimensions:
        result = by_dimension.get(dimension.id)
        if result is None:
            continue
        current = result.level_id or framework.below_lowest.id
        target = suggested_target(framework, current, targets.get(dimension.id))
        gaps.append(
            Gap(
                dimension_id=dimension.id,
                current_level_id=current,
                importance=result.importance,
                suggested_target_id=target,
                size=framework.level(target).rank - framework.level(current).rank,
            )
        )
    return gaps


def _priority_key(framework: Framework, item: PlanItem) -> tuple[int, int, int, int]:
    current = framework.level(item.current_level_id).rank
    gap = framework.level(item.target_level_id).rank - current
    return (-item.importance, -gap, current, item.position)


def prioritised_items(framework: Framework, plan: Plan) -> list[PlanItem]:
    """The plan's included items, most important to the role first, then the largest gap."""
    return sorted((i for i in plan.items if i.included), key=lambda i: _priority_key(framework, i))


#: How many top priorities a plan shows in full by default; the rest stay folded until the
#: learner adds a goal to one (or adds the dimension to the plan themselves).
FOCUS_COUNT = 3


def split_focus(
    items: list[PlanItem], count: int = FOCUS_COUNT
) -> tuple[list[tuple[int, PlanItem]], list[tuple[int, PlanItem]]]:
    """Prioritised items numbered from 1, split into the focus (the top ``count``, and any item
    with goals or added by the learner) and the rest, each in priority order."""
    focus, rest = [], []
    for number, item in enumerate(items, start=1):
        chosen = number <= count or bool(item.goals) or item.added_by_learner
        (focus if chosen else rest).append((number, item))
    return focus, rest


def focus_behaviours(framework: Framework, item: PlanItem) -> tuple[Behaviour, ...]:
    """The behaviours of the next level up (at the top level, that level's own behaviours)."""
    dimension = framework.dimension(item.dimension_id)
    following = framework.next_level(item.current_level_id)
    return dimension.behaviours_at(following.id if following else item.current_level_id)
