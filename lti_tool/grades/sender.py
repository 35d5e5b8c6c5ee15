"""Deliver outbox rows to the LMS over Assignment and Grade Services.

A :class:`GradeSender` claims due rows, posts each learner's newest score to the placement's line
item, and settles the row: sent; failed for good on a 4xx other than 401/429 (the LMS's message
kept); or retried later with exponential backoff and jitter on timeouts, connection errors, 401s
that survive a token refresh, 429s and 5xxs. No database transaction is open while it waits on
the LMS.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import requests
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from development_plans.grading import (
    ActivityProgress,
    Completion,
    CompletionState,
    GradingProgress,
    score_for,
)
from development_plans.grading_models import DeliveryStatus, GradeDelivery
from development_plans.models import Course, Placement, User, utcnow
from lti_tool.grades import outbox
from lti_tool.grades.connector import (
    USER_AGENT,
    SharedTokenConnector,
    grade_connector_class,
    granted_ags_scopes,
)
from lti_tool.grades.line_items import LineItemResolver, LineItemUnavailable, PlacementGrading
from lti_tool.grades.settings import GradeSettings
from lti_tool.lti.adapter import DatabaseToolConf, TimeoutSession
from lti_tool.lti.services import PlatformServices
from lti_tool.store import SharedStore

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 500
CONNECTOR_CACHE_SECONDS = 60.0
SETTLE_POLL_SECONDS = 0.05
SETTLE_MAX_SLEEP_SECONDS = 0.25
MAX_RETRY_AFTER_SECONDS = 24 * 3600.0


class DeliveryProblem(Exception):
    """Why an attempt failed: ``permanent`` failures are not retried; ``platform_wide`` ones
    (the LMS is down, timing out or throttling) make the sender rest that LMS, with its own
    exponential backoff, rather than try every other learner's grade against it."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        http_status: int | None = None,
        retry_after: float | None = None,
        platform_wide: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.http_status = http_status
        self.retry_after = retry_after
        self.platform_wide = platform_wide


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
        for name in ("claimed", "sent", "failed", "retrying", "superseded", "handed_back"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        """One line for logs and the CLI."""
        return (
            f"claimed {self.claimed}: sent {self.sent}, retrying {self.retrying}, "
            f"failed {self.failed}, superseded {self.superseded}, handed back {self.handed_back}"
        )


@dataclass(frozen=True)
class DeliveryJob:
    """Everything needed to deliver one row, read before any HTTP call."""

    row_id: int
    user_subject: str
    issuer: str
    client_id: str
    placement: PlacementGrading
    completion: Completion
    score_timestamp: datetime


def backoff_delay(
    attempt: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before attempt ``attempt + 1``: exponential from ``base``, capped, with
    "equal jitter" (half fixed, half random); never sooner than the LMS's Retry-After (which is
    honoured beyond the cap, up to a day)."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    delay = ceiling / 2 + rand() * ceiling / 2
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
    return delay


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - utcnow()).total_seconds(), 0.0) if when.tzinfo else None


def platform_message(response: requests.Response) -> str:
    """The LMS's own explanation of a refused request, short enough to store and show."""
    text = response.text or ""
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    detail = None
    if isinstance(body, dict):
        for key in ("error_description", "message", "error", "reason"):
            if isinstance(body.get(key), str) and body[key].strip():
                detail = body[key].strip()
                break
    detail = detail or text.strip() or response.reason or "no explanation given"
    return f"HTTP {response.status_code}: {detail}"[:MESSAGE_LIMIT]


def classify(error: Exception) -> DeliveryProblem:
    """Turn whatever an attempt raised into a retryable or permanent problem."""
    if isinstance(error, DeliveryProblem):
        return error
    if isinstance(error, LineItemUnavailable):
        return DeliveryProblem(str(error), permanent=error.permanent, retry_after=error.retry_after)
    if isinstance(error, requests.Timeout):
        return DeliveryProblem(
            f"The LMS did not answer in time ({error.__class__.__name__}).",
            permanent=False,
            platform_wide=True,
        )
    if isinstance(error, requests.ConnectionError):
        return DeliveryProblem(
            f"Could not connect to the LMS: {error}"[:MESSAGE_LIMIT],
            permanent=False,
            platform_wide=True,
        )
    response = getattr(error, "response", None)
    if isinstance(response, requests.Response):
        status = response.status_code
        message = platform_message(response)
        if status in (401, 408, 429) or status >= 500:
            return DeliveryProblem(
                message,
                permanent=False,
                http_status=status,
                retry_after=_retry_after(response),
                platform_wide=status != 401,
            )
        if 400 <= status < 500:
            return DeliveryProblem(message, permanent=True, http_status=status)
        return DeliveryProblem(message, permanent=False, http_status=status)
    log.exception("Unexpected error while sending a grade", exc_info=error)
    return DeliveryProblem(f"{error.__class__.__name__}: {error}"[:MESSAGE_LIMIT], permanent=False)


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
        self.connector_class = grade_connector_class(store)
        self.line_items = LineItemResolver(self.sender_id)
        self._connectors: dict[
            tuple[str, str, tuple[str, ...]], tuple[SharedTokenConnector, float]
        ] = {}
        self._failures: dict[tuple[str, str], int] = {}

    @property
    def token_requests(self) -> int:
        """Access tokens this sender has asked an LMS for (cache misses)."""
        return self.connector_class.token_requests

    def claim(self, limit: int | None = None) -> list[int]:
        """Claim up to a batch of due rows for this sender."""
        with Session(self.engine) as session:
            return outbox.claim_due(
                session,
                self.sender_id,
                limit=limit or self.settings.batch_size,
                ttl=self.settings.claim_seconds,
            )

    def deliver(self, row_ids: list[int]) -> SendReport:
        """Deliver rows this sender has claimed, one after another, on one database connection
        (no transaction stays open while the LMS is called)."""
        report = SendReport(claimed=len(row_ids))
        with self.engine.connect() as connection, Session(bind=connection) as session:
            for row_id in row_ids:
                self._deliver(session, row_id, report)
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
            due = outbox.next_due(session)
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
        passes, or ``wake`` is set by a newly queued grade."""
        while not stop.is_set():
            try:
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

    def _deliver(self, session: Session, row_id: int, report: SendReport) -> None:
        with session.begin():
            check = outbox.renew_claim(
                session, row_id, self.sender_id, ttl=self.settings.claim_seconds
            )
            job = self._job(session, row_id) if check is outbox.ClaimCheck.HELD else None
        if check is outbox.ClaimCheck.OVERTAKEN:
            report.superseded += 1
            return
        if job is None:
            report.handed_back += 1
            return
        platform = (job.issuer, job.client_id)
        try:
            self._post(session, job)
        except Exception as error:
            session.rollback()
            problem = classify(error)
            retry_at = self._record_problem(session, job, problem, report)
            if problem.platform_wide:
                self._rest(session, platform, problem, retry_at)
        else:
            self._failures.pop(platform, None)
            report.sent += 1

    def _rest(
        self,
        session: Session,
        platform: tuple[str, str],
        problem: DeliveryProblem,
        retry_at: datetime | None,
    ) -> None:
        """Hold back every pending grade for an LMS that failed as a whole, for longer after
        each consecutive failure."""
        failures = self._failures[platform] = self._failures.get(platform, 0) + 1
        delay = backoff_delay(
            failures,
            base=self.settings.retry_base_seconds,
            cap=self.settings.retry_cap_seconds,
            retry_after=problem.retry_after,
            rand=self.rand,
        )
        until = max(retry_at or utcnow(), utcnow() + timedelta(seconds=delay))
        issuer, client_id = platform
        with session.begin():
            outbox.rest_platform(
                session, issuer=issuer, client_id=client_id, sender_id=self.sender_id, until=until
            )

    def _job(self, session: Session, row_id: int) -> DeliveryJob:
        """The row and its learner, placement and course as plain values."""
        found = session.execute(
            select(GradeDelivery, User.subject, Placement, Course.issuer, Course.client_id)
            .join(User, User.id == GradeDelivery.user_id)
            .join(Placement, Placement.id == GradeDelivery.placement_id)
            .join(Course, Course.id == Placement.course_id)
            .where(GradeDelivery.id == row_id)
        ).one()
        row, subject, placement, issuer, client_id = found
        return DeliveryJob(
            row_id=row.id,
            user_subject=subject,
            issuer=issuer,
            client_id=client_id,
            placement=PlacementGrading(
                placement_id=placement.id,
                resource_link_id=placement.resource_link_id,
                title=placement.title,
                lineitem_url=placement.lineitem_url,
                lineitems_url=placement.lineitems_url,
                scopes=granted_ags_scopes(placement.ags_scopes or []),
            ),
            completion=Completion(
                state=CompletionState(row.state),
                percent=row.completion_percent,
                activity_progress=ActivityProgress(row.activity_progress),
                grading_progress=GradingProgress(row.grading_progress),
            ),
            score_timestamp=row.score_timestamp,
        )

    def _connector(self, session: Session, job: DeliveryJob) -> SharedTokenConnector:
        key = (job.issuer, job.client_id, job.placement.scopes)
        cached = self._connectors.get(key)
        if cached and time.monotonic() - cached[1] < CONNECTOR_CACHE_SECONDS:
            return cached[0]
        registration = DatabaseToolConf(session).find_registration_by_params(
            job.issuer, job.client_id
        )
        session.commit()
        if registration is None:
            raise DeliveryProblem(
                f"No active platform registration for issuer {job.issuer} and client ID "
                f"{job.client_id}; see `flask platform list`.",
                permanent=True,
            )
        connector = self.connector_class(
            registration,
            requests_session=TimeoutSession(self.settings.http_timeout, USER_AGENT),
        )
        connector.token_scopes = job.placement.scopes
        self._connectors[key] = (connector, time.monotonic())
        return connector

    def _post(self, session: Session, job: DeliveryJob) -> None:
        services = PlatformServices(self._connector(session, job))
        target = self.line_items.target(session, services, job.placement)
        score = score_for(
            job.completion,
            user_subject=job.user_subject,
            score_maximum=target.score_maximum,
            timestamp=job.score_timestamp,
        )
        note = None
        try:
            services.post_score(target.url, score)
        except Exception as error:
            response = getattr(error, "response", None)
            status = response.status_code if isinstance(response, requests.Response) else None
            if status == 404 and not target.from_launch:
                self.line_items.forget(session, job.placement.placement_id)
                raise DeliveryProblem(
                    "The LMS no longer has the line item the tool created; a new one will be "
                    "found or created.",
                    permanent=False,
                    http_status=404,
                    retry_after=0,
                ) from error
            if status != 409:
                raise
            note = f"The LMS already had this score or a later one. {platform_message(response)}"
        with session.begin():
            outbox.record_sent(
                session,
                job.row_id,
                self.sender_id,
                lineitem_url=target.url,
                score_given=score["scoreGiven"],
                score_maximum=score["scoreMaximum"],
                http_status=409 if note else None,
                note=note,
            )

    def _record_problem(
        self, session: Session, job: DeliveryJob, problem: DeliveryProblem, report: SendReport
    ) -> datetime | None:
        def retry_delay(attempts: int) -> float:
            return backoff_delay(
                attempts,
                base=self.settings.retry_base_seconds,
                cap=self.settings.retry_cap_seconds,
                retry_after=problem.retry_after,
                rand=self.rand,
            )

        with session.begin():
            status, retry_at = outbox.record_failure(
                session,
                job.row_id,
                self.sender_id,
                message=problem.message,
                http_status=problem.http_status,
                retry_delay=None if problem.permanent else retry_delay,
                max_attempts=self.settings.max_attempts,
            )
        if status is DeliveryStatus.FAILED:
            report.failed += 1
            log.warning("Grade delivery #%s failed: %s", job.row_id, problem.message)
        elif status is DeliveryStatus.SUPERSEDED:
            report.superseded += 1
        elif status is DeliveryStatus.PENDING:
            report.retrying += 1
            log.info("Grade delivery #%s will be retried: %s", job.row_id, problem.message)
        return retry_at
