"""Why a plan or goal change was refused, in words the person can act on."""

from __future__ import annotations


class PlanError(Exception):
    """A plan change that cannot be made; ``str(error)`` tells the person what to do."""


class NotAllowed(PlanError):
    """The person may not make this change (wrong person, role or plan state)."""


class InvalidChange(PlanError):
    """The values given were not acceptable; ``problems`` maps each field to a message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems.values()))
