"""Mail senders: claim due outbox rows in batches and send each over one SMTP connection, once,
as a loop, or until nothing is pending; a looping sender also prunes old rows (``housekeeping``).
One instance per thread or process; any number may run at once (``claims``).

Never twice, never lost. A message is claimed (committed) before it is sent, so no other sender
touches it; it is marked sent, and committed, right after the server accepted it. If the process
dies between those two moments (or the database is unreachable for the second), the claim
expires and the message is sent again: that is the one window in which a recipient can get a
message twice, and the copy carries the same Message-ID (``messages.message_id``), so receivers
that deduplicate drop it. Every other failure leaves the row pending (retried with backoff) or
failed with the server's reply (a 5xx), never deleted: ``flask mail list`` shows them.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.mail import claims, settlement, transport
from lti_tool.mail.claims import MailToSend
from lti_tool.mail.housekeeping import prune_mail
from lti_tool.mail.messages import build_message, parse_sender
from lti_tool.mail.models import MailStatus
from lti_tool.mail.settings import MailSettings

log = logging.getLogger(__name__)

SETTLE_POLL_SECONDS = 0.05
SETTLE_MAX_SLEEP_SECONDS = 0.25


@dataclass
class MailReport:
    """What one sending pass did."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    handed_back: int = 0
    lost: int = 0

    def add(self, other: MailReport) -> None:
        for count in fields(self):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))

    def summary(self) -> str:
        return (
            f"claimed {self.claimed}: sent {self.sent}, retrying {self.retrying}, "
            f"failed {self.failed}, handed back {self.handed_back}"
        )


class MailSender:
    """Claims and sends due mail; one instance per thread or process."""

    def __init__(
        self,
        engine: Engine,
        settings: MailSettings,
        *,
        sender_id: str | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.sender_id = sender_id or f"mail-{uuid.uuid4().hex[:12]}"
        self.rand = rand
        self._pruned_at: float | None = None

    def claim(self, limit: int | None = None) -> list[int]:
        with Session(self.engine) as session:
            return claims.claim_due(
                session,
                self.sender_id,
                limit=limit or self.settings.batch_size,
                ttl=self.settings.claim_seconds,
            )

    def deliver(self, row_ids: list[int]) -> MailReport:
        """Send the claimed ``row_ids`` over one connection, recording each as it goes."""
        report = MailReport(claimed=len(row_ids))
        if not row_ids:
            return report
        with Session(self.engine) as session:
            batch = claims.load(session, row_ids)
            session.commit()
            _Batch(self, session, report).run(batch)
        return report

    def send_due(self, limit: int | None = None) -> MailReport:
        """Claim one batch of due mail and send it."""
        return self.deliver(self.claim(limit))

    def send_all_due(self) -> MailReport:
        """Send batches until nothing is due now (messages waiting for a retry stay queued)."""
        total = MailReport()
        while True:
            report = self.send_due()
            total.add(report)
            if report.claimed == 0 or report.handed_back:
                return total

    def seconds_until_due(self) -> float | None:
        with Session(self.engine) as session:
            due = claims.next_due(session)
        return None if due is None else max((due - utcnow()).total_seconds(), 0.0)

    def run_until_settled(self, timeout: float) -> MailReport:
        """Keep sending, waiting out retries and other senders' claims, until nothing is pending
        or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        total = MailReport()
        while True:
            total.add(self.send_all_due())
            wait = self.seconds_until_due()
            remaining = deadline - time.monotonic()
            if wait is None or remaining <= 0:
                return total
            time.sleep(min(max(wait, SETTLE_POLL_SECONDS), remaining, SETTLE_MAX_SLEEP_SECONDS))

    def run(self, stop: threading.Event, wake: threading.Event | None = None) -> None:
        """Send until ``stop`` is set, sleeping until the next message is due, the poll interval
        passes (the periodic sweep), or ``wake`` is set by newly queued mail."""
        while not stop.is_set():
            try:
                self.prune_if_due()
                report = self.send_due()
                if report.claimed:
                    log.info("Mail: %s", report.summary())
                    if not report.handed_back:
                        continue
                wait = self.seconds_until_due()
            except Exception:
                log.exception("Mail sender %s hit an error; trying again shortly", self.sender_id)
                wait = None
            pause = self.settings.poll_seconds if wait is None else wait
            pause = min(max(pause, SETTLE_POLL_SECONDS), self.settings.poll_seconds)
            if wake is None:
                stop.wait(pause)
            else:
                wake.wait(pause)
                wake.clear()

    def prune_if_due(self) -> int:
        """Prune old rows if ``prune_interval_seconds`` have passed since this sender last did."""
        now = time.monotonic()
        if (
            self._pruned_at is not None
            and now - self._pruned_at < self.settings.prune_interval_seconds
        ):
            return 0
        self._pruned_at = now
        with Session(self.engine) as session:
            pruned = prune_mail(session, self.settings)
            session.commit()
        if pruned:
            log.info("Mail: pruned %s old outbox rows", pruned)
        return pruned


class _Batch:
    """One batch over one connection; the claims are renewed whenever a third of their time
    has gone, so a slow server never lets a claim lapse mid-batch."""

    def __init__(self, sender: MailSender, session: Session, report: MailReport) -> None:
        self.sender = sender
        self.settings = sender.settings
        self.session = session
        self.report = report
        self.connection = None
        self.renewed_at = time.monotonic()

    def run(self, batch: list[MailToSend]) -> None:
        server = self.settings.server()
        from_address = parse_sender(self.settings.sender)
        try:
            for index, mail in enumerate(batch):
                if not self._still_held(mail, batch[index:]):
                    continue
                try:
                    if self.connection is None:
                        self.connection = transport.connect(server, self.settings.timeout)
                    message = build_message(
                        row_id=mail.row_id,
                        created_at=mail.created_at,
                        sender=from_address,
                        to_address=mail.to_address,
                        to_name=mail.to_name,
                        subject=mail.subject,
                        text=mail.text,
                        html=mail.html,
                    )
                    self.connection.send_message(
                        message, from_addr=from_address.addr_spec, to_addrs=[mail.to_address]
                    )
                except Exception as error:  # noqa: BLE001 - every failure is classified
                    if self._failed(mail, transport.classify(error), batch[index + 1 :]):
                        return
                    continue
                if settlement.mark_sent(self.session, self.sender.sender_id, mail.row_id):
                    self.report.sent += 1
                else:
                    self.report.lost += 1
        finally:
            transport.close(self.connection)

    def _still_held(self, mail: MailToSend, remaining: list[MailToSend]) -> bool:
        if time.monotonic() - self.renewed_at > self.settings.claim_seconds / 3:
            ids = [m.row_id for m in remaining]
            self.held = claims.renew(
                self.session, self.sender.sender_id, ids, ttl=self.settings.claim_seconds
            )
            self.renewed_at = time.monotonic()
            self.report.lost += len(set(ids) - self.held)
        return mail.row_id in getattr(self, "held", {mail.row_id})

    def _failed(self, mail: MailToSend, problem, rest: list[MailToSend]) -> bool:
        """Record the problem; returns True when the batch must stop (the server is resting)."""
        status = settlement.mark_problem(
            self.session,
            self.sender.sender_id,
            mail.row_id,
            mail.attempts,
            problem,
            self.settings,
            self.sender.rand,
        )
        if status == MailStatus.FAILED.value:
            self.report.failed += 1
            log.warning("Mail #%s failed: %s", mail.row_id, problem.message)
        else:
            self.report.retrying += 1
            log.info("Mail #%s will be retried: %s", mail.row_id, problem.message)
        if not problem.server_wide:
            return False
        transport.close(self.connection)
        self.connection = None
        delay = settlement.backoff_delay(
            mail.attempts + 1,
            base=self.settings.retry_base_seconds,
            cap=self.settings.retry_cap_seconds,
            rand=self.sender.rand,
        )
        ids = [m.row_id for m in rest]
        self.report.handed_back += settlement.hand_back(
            self.session, self.sender.sender_id, ids, delay
        )
        return True
