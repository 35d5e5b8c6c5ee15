"""Which LMS line item a placement's grades go to, and its ``scoreMaximum``.

The launch's own line item when the LMS sent one; otherwise the one tagged for this resource
link, found through the line items endpoint or created there once (a creation lock in the
database keeps two senders from creating two gradebook columns)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.grades.models import GradeLineItem
from lti_tool.lti.services import PlatformServices
from lti_tool.lti.vocabulary import LINEITEM_READ_SCOPE, LINEITEM_SCOPE

LINE_ITEM_TAG = "development-planner-completion"
LINE_ITEM_RESOURCE_ID = "development-plan"
DEFAULT_SCORE_MAXIMUM = 100.0
SCORE_MAXIMUM_CACHE_SECONDS = 60.0
CREATION_LOCK_SECONDS = 60.0


class LineItemUnavailable(Exception):
    """No line item can be used now; ``permanent`` says whether trying again could help."""

    def __init__(self, message: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class LineItemTarget:
    """Where to post a placement's scores, and the maximum to scale them to."""

    url: str
    score_maximum: float
    from_launch: bool


@dataclass(frozen=True)
class PlacementGrading:
    """What a sender needs to know about a placement to find its line item."""

    placement_id: int
    resource_link_id: str
    title: str | None
    lineitem_url: str | None
    lineitems_url: str | None
    scopes: tuple[str, ...]


def _score_maximum(item: Any) -> float | None:
    value = item.get("scoreMaximum") if isinstance(item, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


class LineItemResolver:
    """Finds, creates and remembers line items for one sender."""

    def __init__(self, sender_id: str) -> None:
        self.sender_id = sender_id
        self._maximums: dict[str, tuple[float, float]] = {}

    def target(
        self, session: Session, services: PlatformServices, placement: PlacementGrading
    ) -> LineItemTarget:
        """The line item to post this placement's scores to (``session`` must have no
        transaction open; each database step commits on its own)."""
        if placement.lineitem_url:
            url = placement.lineitem_url
        else:
            url = self._remembered(session, placement.placement_id) or self._find_or_create(
                session, services, placement
            )
        return LineItemTarget(
            url=url,
            score_maximum=self._maximum(services, url, placement.scopes),
            from_launch=bool(placement.lineitem_url),
        )

    def forget(self, session: Session, placement_id: int) -> None:
        """Drop a found or created line item the LMS says no longer exists."""
        with session.begin():
            session.execute(delete(GradeLineItem).where(GradeLineItem.placement_id == placement_id))

    def _maximum(self, services: PlatformServices, url: str, scopes: tuple[str, ...]) -> float:
        cached = self._maximums.get(url)
        if cached and time.monotonic() - cached[1] < SCORE_MAXIMUM_CACHE_SECONDS:
            return cached[0]
        maximum = DEFAULT_SCORE_MAXIMUM
        if LINEITEM_SCOPE in scopes or LINEITEM_READ_SCOPE in scopes:
            maximum = _score_maximum(services.line_item(url)) or DEFAULT_SCORE_MAXIMUM
        self._maximums[url] = (maximum, time.monotonic())
        return maximum

    def _remember_maximum(self, item: dict[str, Any]) -> None:
        if maximum := _score_maximum(item):
            self._maximums[item["id"]] = (maximum, time.monotonic())

    def _remembered(self, session: Session, placement_id: int) -> str | None:
        with session.begin():
            row = session.get(GradeLineItem, placement_id)
            return row.lineitem_url if row else None

    def _tagged(
        self, services: PlatformServices, placement: PlacementGrading
    ) -> dict[str, Any] | None:
        assert placement.lineitems_url
        items = services.line_items(
            placement.lineitems_url,
            resource_link_id=placement.resource_link_id,
            tag=LINE_ITEM_TAG,
        )
        for item in items:
            if (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and item.get("tag") == LINE_ITEM_TAG
                and item.get("resourceLinkId") == placement.resource_link_id
            ):
                self._remember_maximum(item)
                return item
        return None

    def _find_or_create(
        self, session: Session, services: PlatformServices, placement: PlacementGrading
    ) -> str:
        if not placement.lineitems_url:
            raise LineItemUnavailable(
                "The LMS sent neither a line item nor a line items endpoint.", permanent=True
            )
        if found := self._tagged(services, placement):
            return self._store(session, placement.placement_id, found["id"])
        if LINEITEM_SCOPE not in placement.scopes:
            raise LineItemUnavailable(
                "The LMS sent no line item for this activity and does not let the tool "
                "create one (no lineitem scope).",
                permanent=True,
            )
        existing = self._lock_creation(session, placement.placement_id)
        if existing:
            return existing
        try:
            if found := self._tagged(services, placement):
                return self._store(session, placement.placement_id, found["id"])
            created = services.create_line_item(
                placement.lineitems_url,
                {
                    "label": placement.title or "Development plan",
                    "scoreMaximum": DEFAULT_SCORE_MAXIMUM,
                    "resourceLinkId": placement.resource_link_id,
                    "resourceId": LINE_ITEM_RESOURCE_ID,
                    "tag": LINE_ITEM_TAG,
                },
            )
            if not isinstance(created, dict) or not isinstance(created.get("id"), str):
                raise LineItemUnavailable(
                    "The LMS created a line item but did not say where it is.", permanent=False
                )
            self._remember_maximum(created)
            return self._store(session, placement.placement_id, created["id"])
        except BaseException:
            self._unlock_creation(session, placement.placement_id)
            raise

    def _store(self, session: Session, placement_id: int, url: str) -> str:
        with session.begin():
            row = session.get(GradeLineItem, placement_id)
            if row is None:
                row = GradeLineItem(placement_id=placement_id)
                session.add(row)
            row.lineitem_url = url
            row.creating_by = None
            row.creating_until = None
            row.resolved_at = utcnow()
        return url

    def _lock_creation(self, session: Session, placement_id: int) -> str | None:
        """Take the creation lock, or return the URL another sender has just stored; raise if
        another sender holds the lock."""
        now = utcnow()
        until = now + timedelta(seconds=CREATION_LOCK_SECONDS)
        try:
            with session.begin():
                session.add(
                    GradeLineItem(
                        placement_id=placement_id, creating_by=self.sender_id, creating_until=until
                    )
                )
            return None
        except IntegrityError:
            pass
        with session.begin():
            row = session.get(GradeLineItem, placement_id, populate_existing=True)
            if row is not None and row.lineitem_url:
                return row.lineitem_url
            taken = session.execute(
                update(GradeLineItem)
                .where(
                    GradeLineItem.placement_id == placement_id,
                    GradeLineItem.lineitem_url.is_(None),
                    or_(
                        GradeLineItem.creating_by.is_(None),
                        GradeLineItem.creating_by == self.sender_id,
                        GradeLineItem.creating_until < now,
                    ),
                )
                .values(creating_by=self.sender_id, creating_until=until)
                .execution_options(synchronize_session=False)
            )
        if taken.rowcount == 1:
            return None
        raise LineItemUnavailable(
            "Another sender is creating this activity's line item.", permanent=False, retry_after=1
        )

    def _unlock_creation(self, session: Session, placement_id: int) -> None:
        with session.begin():
            session.execute(
                update(GradeLineItem)
                .where(
                    GradeLineItem.placement_id == placement_id,
                    GradeLineItem.creating_by == self.sender_id,
                )
                .values(creating_by=None, creating_until=None)
                .execution_options(synchronize_session=False)
            )
