"""Waking mail senders in this process the moment a queued message commits.

Who signals: :func:`notify_mail_queued`, called by ``outbox.send_later`` and ``outbox.retry``
inside the caller's transaction. Who listens: ``background.BackgroundMailSender``, through
:func:`on_mail_queued` / :func:`stop_hearing`. Listeners are called only after that transaction
commits; a rollback forgets the signal. Senders in other processes do not hear it: they poll
(``MAIL_POLL_SECONDS``), and every sender sweeps for due rows on that interval anyway.
"""

from __future__ import annotations

from lti_tool.outbox.signals import CommitSignal

MAIL_QUEUED = CommitSignal("dp_mail_queued")
notify_mail_queued = MAIL_QUEUED.notify
on_mail_queued = MAIL_QUEUED.listen
stop_hearing = MAIL_QUEUED.stop_hearing
