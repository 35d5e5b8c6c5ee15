"""Completion events: how the domain tells the rest of the tool that a learner's completion
changed, inside the transaction that changed it.

Who signals: :func:`development_plans.completion.progress.record_completion` (called by the
assessment and plan features) and :func:`~development_plans.completion.progress.choose_policy`,
through :func:`completion_recorded`.
Who listens: ``lti_tool.grades.queue.queue_score``, registered with :func:`on_completion_recorded`
by ``lti_tool.grades.init_app``; it writes the AGS score to the grade outbox in the same
transaction, so the grade commits with the change or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from development_plans.completion.policies import Completion


@dataclass(frozen=True)
class CompletionRecorded:
    """The gradebook should now hold ``completion`` for a learner in a placement: reached in
    ``cycle`` at ``occurred_at`` under ``policy``."""

    user_id: int
    placement_id: int
    completion: Completion
    policy: str
    occurred_at: datetime
    cycle: int | None = None


CompletionListener = Callable[[Session, CompletionRecorded], None]
_listeners: list[CompletionListener] = []


def on_completion_recorded(listener: CompletionListener) -> None:
    """Call ``listener(session, event)`` for every completion recorded from now on (once, however
    often it is registered). It runs inside the caller's transaction and must not commit."""
    if listener not in _listeners:
        _listeners.append(listener)


def completion_recorded(session: Session, event: CompletionRecorded) -> None:
    """Tell every listener that ``event`` happened in ``session``'s transaction."""
    for listener in list(_listeners):
        listener(session, event)
