"""Waking grade senders in this process the moment a queued grade commits.

Who signals: :func:`notify_grades_queued`, called by ``queue.queue_score`` (a completion was
queued) and ``queue.retry`` (a failed grade was queued again) inside the caller's transaction.
Who listens: ``background.BackgroundSender``, through :func:`on_grades_queued` /
:func:`stop_hearing`. Listeners are called only after that transaction commits; a rollback
forgets the signal. Senders in other processes do not hear it: they poll (``GRADES_POLL_SECONDS``).
"""

from __future__ import annotations

from lti_tool.outbox.signals import CommitSignal

GRADES_QUEUED = CommitSignal("dp_grades_queued")
notify_grades_queued = GRADES_QUEUED.notify
on_grades_queued = GRADES_QUEUED.listen
stop_hearing = GRADES_QUEUED.stop_hearing
