"""Delivering one claimed batch: check and renew the claims in one go, post the scores over one
kept-alive HTTP session (the line item looked up once per placement), and settle the sent rows
in bulk.

Up to ``GRADES_PARALLEL_POSTS`` scores are in flight at once, once a score has gone through to
that LMS in this batch (the first is a probe, so a failing LMS gets one request). That never
reorders a learner's scores: a batch holds at most one row per learner and placement (only the
newest is claimable, and never while an older one is in flight). Database work stays on this
thread. A platform-wide failure waits for the scores in flight, settles them, then rests that LMS
and hands its remaining rows back.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import requests
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.grades import claims, settlement
from lti_tool.grades.claims import ClaimedGrade
from lti_tool.grades.line_items import LineItemTarget
from lti_tool.grades.models import DeliveryStatus
from lti_tool.grades.problems import (
    DeliveryProblem,
    backoff_delay,
    classify,
    http_status_of,
    platform_message,
)
from lti_tool.grades.scores import score_body
from lti_tool.grades.settlement import SentScore
from lti_tool.lti.services import PlatformServices

if TYPE_CHECKING:
    from lti_tool.grades.sender import GradeSender, SendReport

log = logging.getLogger(__name__)

Platform = tuple[str, str]


@dataclass(frozen=True)
class ReadyScore:
    """A claimed grade with everything resolved but the POST itself."""

    grade: ClaimedGrade
    services: PlatformServices
    target: LineItemTarget
    body: dict[str, Any]


def post_score(ready: ReadyScore) -> str | None:
    """POST one score (on any thread: HTTP only); returns a note when the LMS already had it."""
    try:
        ready.services.post_score(ready.target.url, ready.body)
    except requests.RequestException as error:
        if http_status_of(error) != 409:
            raise
        return "The LMS already had this score or a later one. " + platform_message(error.response)
    return None


class BatchDelivery:
    """One sender delivering the rows it claimed, oldest first, on one database connection (no
    transaction stays open while the LMS is called)."""

    def __init__(
        self, sender: GradeSender, session: Session, report: SendReport, pool: Executor
    ) -> None:
        self.sender = sender
        self.settings = sender.settings
        self.session = session
        self.report = report
        self.pool = pool
        self.targets: dict[int, LineItemTarget] = {}
        self.probed: set[Platform] = set()
        self.resting: set[Platform] = set()
        self.to_rest: dict[Platform, tuple[DeliveryProblem, datetime | None]] = {}
        self.in_flight: dict[Future, ReadyScore] = {}
        self.sent: list[SentScore] = []

    def run(self, row_ids: list[int]) -> None:
        """Deliver ``row_ids``, renewing the claims on what is left whenever half the claim time
        has passed."""
        remaining = sorted(row_ids)
        while remaining:
            grades = self._hold(remaining)
            renew_at = time.monotonic() + self.settings.claim_seconds / 2
            remaining = []
            for index, grade in enumerate(grades):
                if time.monotonic() >= renew_at:
                    remaining = [later.row_id for later in grades[index:]]
                    break
                while len(self.in_flight) >= self.settings.parallel_posts:
                    self._collect(until_empty=False)
                self._rest_failing()
                self._start(grade)
            self._collect(until_empty=True)
            self._rest_failing()
            self._settle_sent()

    def _hold(self, row_ids: list[int]) -> list[ClaimedGrade]:
        with self.session.begin():
            held = claims.hold(
                self.session, self.sender.sender_id, row_ids, ttl=self.settings.claim_seconds
            )
        self.report.superseded += held.overtaken
        self.report.handed_back += held.lost
        return held.grades

    def _settle_sent(self) -> None:
        if self.sent:
            with self.session.begin():
                settlement.record_sent(self.session, self.sender.sender_id, self.sent)
            self.sent = []

    def _start(self, grade: ClaimedGrade) -> None:
        if grade.platform in self.resting or grade.platform in self.to_rest:
            self.report.handed_back += 1
            return
        try:
            ready = self._ready(grade)
        except Exception as error:
            self._failed(grade, error)
            return
        if grade.platform in self.probed and self.settings.parallel_posts > 1:
            self.in_flight[self.pool.submit(post_score, ready)] = ready
            return
        try:
            note = post_score(ready)
        except Exception as error:
            self._finished(ready, error=error)
        else:
            self._finished(ready, note=note)

    def _collect(self, *, until_empty: bool) -> None:
        """Settle finished posts: at least one, or every one in flight."""
        while self.in_flight:
            done, _ = wait(list(self.in_flight), return_when=FIRST_COMPLETED)
            for future in done:
                ready = self.in_flight.pop(future)
                error = future.exception()
                if error is None:
                    self._finished(ready, note=future.result())
                else:
                    self._finished(ready, error=error)
            if not until_empty:
                return

    def _ready(self, grade: ClaimedGrade) -> ReadyScore:
        services = self.sender.services(self.session, grade)
        placement = grade.placement
        target = self.targets.get(placement.placement_id)
        if target is None:
            target = self.sender.line_items.target(self.session, services, placement)
            self.targets[placement.placement_id] = target
        body = score_body(grade.score, score_maximum=target.score_maximum)
        return ReadyScore(grade=grade, services=services, target=target, body=body)

    def _finished(
        self, ready: ReadyScore, *, note: str | None = None, error: BaseException | None = None
    ) -> None:
        grade = ready.grade
        if error is not None:
            if http_status_of(error) == 404 and not ready.target.from_launch:
                self.targets.pop(grade.placement.placement_id, None)
                self.sender.line_items.forget(self.session, grade.placement.placement_id)
                error = DeliveryProblem(
                    "The LMS no longer has the line item the tool created; a new one will be "
                    "found or created.",
                    permanent=False,
                    http_status=404,
                    retry_after=0,
                )
            self._failed(grade, error)
            return
        self.probed.add(grade.platform)
        self.sender.platform_failures.pop(grade.platform, None)
        self.sent.append(
            SentScore(
                row_id=grade.row_id,
                lineitem_url=ready.target.url,
                score_given=ready.body["scoreGiven"],
                score_maximum=ready.body["scoreMaximum"],
                http_status=409 if note else None,
                note=note,
            )
        )
        self.report.sent += 1

    def _failed(self, grade: ClaimedGrade, error: BaseException) -> None:
        self.session.rollback()
        problem = classify(error)
        retry_at = self._record_problem(grade, problem)
        if problem.platform_wide:
            self.probed.discard(grade.platform)
            self.to_rest.setdefault(grade.platform, (problem, retry_at))

    def _backoff(self, attempts: int, problem: DeliveryProblem) -> float:
        return backoff_delay(
            attempts,
            base=self.settings.retry_base_seconds,
            cap=self.settings.retry_cap_seconds,
            retry_after=problem.retry_after,
            rand=self.sender.rand,
        )

    def _record_problem(self, grade: ClaimedGrade, problem: DeliveryProblem) -> datetime | None:
        with self.session.begin():
            status, retry_at = settlement.record_failure(
                self.session,
                grade.row_id,
                self.sender.sender_id,
                message=problem.message,
                http_status=problem.http_status,
                retry_delay=None if problem.permanent else lambda n: self._backoff(n, problem),
                max_attempts=self.settings.max_attempts,
            )
        if status is DeliveryStatus.FAILED:
            self.report.failed += 1
            log.warning("Grade delivery #%s failed: %s", grade.row_id, problem.message)
        elif status is DeliveryStatus.SUPERSEDED:
            self.report.superseded += 1
        elif status is DeliveryStatus.PENDING:
            self.report.retrying += 1
            log.info("Grade delivery #%s will be retried: %s", grade.row_id, problem.message)
        return retry_at

    def _rest_failing(self) -> None:
        """Rest every LMS that failed as a whole, once the scores in flight have settled (so none
        of them is handed back after it reached the LMS)."""
        if not self.to_rest:
            return
        self._collect(until_empty=True)
        self._settle_sent()
        for platform, (problem, retry_at) in self.to_rest.items():
            self._rest(platform, problem, retry_at)
        self.to_rest.clear()

    def _rest(
        self, platform: Platform, problem: DeliveryProblem, retry_at: datetime | None
    ) -> None:
        """Hold back every pending grade for an LMS that failed as a whole, for longer after
        each consecutive failure, and hand back this batch's remaining rows for it."""
        failures = self.sender.platform_failures.get(platform, 0) + 1
        self.sender.platform_failures[platform] = failures
        delay = self._backoff(failures, problem)
        until = max(retry_at or utcnow(), utcnow() + timedelta(seconds=delay))
        issuer, client_id = platform
        with self.session.begin():
            settlement.rest_platform(
                self.session,
                issuer=issuer,
                client_id=client_id,
                sender_id=self.sender.sender_id,
                until=until,
            )
        self.resting.add(platform)
