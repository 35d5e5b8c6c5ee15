"""The grade sender that runs inside the web app (on in demo mode), woken through ``wakeup`` as
soon as a queued grade commits, and pruning old sent rows on schedule like any looping sender."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from lti_tool.grades.sender import GradeSender
from lti_tool.grades.settings import GradeSettings
from lti_tool.grades.wakeup import GRADES_QUEUED
from lti_tool.outbox.background import BackgroundWorker
from lti_tool.store import SharedStore


class BackgroundSender(BackgroundWorker):
    """A daemon thread running a :class:`GradeSender` until ``stop``."""

    def __init__(self, engine: Engine, store: SharedStore, settings: GradeSettings) -> None:
        super().__init__(engine, GradeSender(engine, store, settings), GRADES_QUEUED, "grades")
