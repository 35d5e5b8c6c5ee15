"""Grade senders: claim due outbox rows in batches and deliver them to the LMS over Assignment and
Grade Services (``delivery.BatchDelivery``), once, as a loop, or until nothing is pending; a
looping sender also prunes old sent rows (``housekeeping``). One instance per thread or process.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.grades import claims
from lti_tool.grades.claims import ClaimedGrade
from lti_tool.grades.delivery import BatchDelivery
from lti_tool.grades.housekeeping import prune_sent_grades
from lti_tool.grades.line_items import LineItemResolver
from lti_tool.grades.problems import DeliveryProblem
from lti_tool.grades.settings import GradeSettings
from lti_tool.lti.services import PlatformServices, ServiceAccess
from lti_tool.store import SharedStore

log = logging.getLogger(__name__)

USER_AGENT = "DevelopmentPlanner-grades"
CONNECTOR_CACHE_SECONDS = 60.0
SETTLE_POLL_SECONDS = 0.05
SETTLE_MAX_SLEEP_SECONDS = 0.25


@dataclass
class SendReport:
    """What one sending pass did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    superseded: int = 0
    handed_back: int = 0

    def add(self, other: SendReport) -> None:
        """Fold another pass's counts into this one."""
        for count in fields(self):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))

    def summary(self) -> str:
        """One line for logs and the CLI."""
        return (
            f"claimed {self.claimed}: sent {self.sent}, retrying {self.retrying}, "
            f"failed {self.failed}, superseded {self.superseded}, handed back {self.handed_back}"
        )


class GradeSender:
    """Claims and delivers due grades; one instance per thread or process."""

    def __init__(
        self,
        engine: Engine,
        store: SharedStore,
        settings: GradeSettings | None = None,
        *,
        sender_id: str | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.engine = engine
        self.settings = settings or GradeSettings()
        self.sender_id = sender_id or f"sender-{uuid.uuid4().hex[:12]}"
        self.rand = rand
        self.access = ServiceAccess(
            store, timeout=self.settings.http_timeout, user_agent=USER_AGENT
        )
        self.line_items = LineItemResolver(self.sender_id)
        self.platform_failures: dict[tuple[str, str], int] = {}
        self._services: dict[tuple[str, str, tuple[str, ...]], tuple[PlatformServices, float]] = {}
        self._pruned_at: float | None = None

    @property
    def token_requests(self) -> int:
        """Access tokens this sender has asked an LMS for (cache misses)."""
        return self.access.token_requests

    def claim(self, limit: int | None = None) -> list[int]:
        """Claim up to a batch of due rows for this sender."""
        with Session(self.engine) as session:
            return claims.claim_due(
                session,
                self.sender_id,
                limit=limit or self.settings.batch_size,
                ttl=self.settings.claim_seconds,
            )

    def deliver(self, row_ids: list[int]) -> SendReport:
        """Deliver rows this sender has claimed (those it no longer holds are counted as handed
        back, those a newer score overtook as superseded)."""
        report = SendReport(claimed=len(row_ids))
        with (
            self.engine.connect() as connection,
            Session(bind=connection) as session,
            ThreadPoolExecutor(self.settings.parallel_posts, f"{self.sender_id}-post") as pool,
        ):
            BatchDelivery(self, session, report, pool).run(row_ids)
        return report

    def send_due(self, limit: int | None = None) -> SendReport:
        """Claim one batch of due rows and deliver them; returns what happened."""
        return self.deliver(self.claim(limit))

    def send_all_due(self) -> SendReport:
        """Deliver batches until nothing is due now (rows waiting for a retry stay queued)."""
        total = SendReport()
        while True:
            report = self.send_due()
            total.add(report)
            if report.claimed == 0:
                return total

    def seconds_until_due(self) -> float | None:
        """How long until the next pending row is due; None when nothing is pending."""
        with Session(self.engine) as session:
            due = claims.next_due(session)
        if due is None:
            return None
        return max((due - utcnow()).total_seconds(), 0.0)

    def run_until_settled(self, timeout: float) -> SendReport:
        """Keep sending, waiting out retries and other senders' claims, until nothing is pending
        or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        total = SendReport()
        while True:
            total.add(self.send_all_due())
            wait = self.seconds_until_due()
            remaining = deadline - time.monotonic()
            if wait is None or remaining <= 0:
                return total
            time.sleep(min(max(wait, SETTLE_POLL_SECONDS), remaining, SETTLE_MAX_SLEEP_SECONDS))

    def run(self, stop: threading.Event, wake: threading.Event | None = None) -> None:
        """Send until ``stop`` is set, sleeping until the next row is due, the poll interval
        passes, or ``wake`` is set by a newly queued grade; prune old sent rows on schedule."""
        while not stop.is_set():
            try:
                self.prune_if_due()
                report = self.send_due()
                if report.claimed:
                    log.info("Grades: %s", report.summary())
                    continue
                wait = self.seconds_until_due()
            except Exception:
                log.exception("Grade sender %s hit an error; trying again shortly", self.sender_id)
                wait = None
            pause = self.settings.poll_seconds if wait is None else wait
            pause = min(max(pause, SETTLE_POLL_SECONDS), self.settings.poll_seconds)
            if wake is None:
                stop.wait(pause)
            else:
                wake.wait(pause)
                wake.clear()

    def prune_if_due(self) -> int:
        """Prune sent rows past ``sent_retention_days`` if ``prune_interval_seconds`` have passed
        since this sender last did (or it never has); returns how many rows went."""
        now = time.monotonic()
        interval = self.settings.prune_interval_seconds
        if self._pruned_at is not None and now - self._pruned_at < interval:
            return 0
        self._pruned_at = now
        cutoff = utcnow() - timedelta(days=self.settings.sent_retention_days)
        with Session(self.engine) as session:
            pruned = prune_sent_grades(session, older_than=cutoff)
            session.commit()
        if pruned:
            log.info("Grades: pruned %s delivered rows older than %s", pruned, cutoff)
        return pruned

    def services(self, session: Session, grade: ClaimedGrade) -> PlatformServices:
        """The LMS services for a grade's registration, asking for one token covering every AGS
        scope its launch granted; kept for a minute so a registration change is soon seen.
        Leaves no transaction open."""
        key = (grade.issuer, grade.client_id, grade.placement.scopes)
        cached = self._services.get(key)
        if cached and time.monotonic() - cached[1] < CONNECTOR_CACHE_SECONDS:
            return cached[0]
        services = self.access.services_for(
            session,
            issuer=grade.issuer,
            client_id=grade.client_id,
            token_scopes=grade.placement.scopes,
        )
        session.commit()
        if services is None:
            raise DeliveryProblem(
                f"No active platform registration for issuer {grade.issuer} and client ID "
                f"{grade.client_id}; see `flask platform list`.",
                permanent=True,
            )
        self._services[key] = (services, time.monotonic())
        return services
