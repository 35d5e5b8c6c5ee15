"""Reading and changing who wants which notice (conflict-safe: two saves at once both land)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from development_plans.notices.kinds import NoticeKind
from development_plans.notices.models import NoticePreference


def preferences(session: Session, user_id: int) -> dict[NoticeKind, bool]:
    """Every kind of notice, on unless ``user_id`` switched it off."""
    rows = session.execute(
        select(NoticePreference.kind, NoticePreference.enabled).where(
            NoticePreference.user_id == user_id
        )
    )
    saved = {kind: enabled for kind, enabled in rows}
    return {kind: saved.get(kind.value, True) for kind in NoticeKind}


def wants(session: Session, user_id: int, kind: NoticeKind) -> bool:
    """Whether ``user_id`` gets notices of ``kind``."""
    enabled = session.scalar(
        select(NoticePreference.enabled).where(
            NoticePreference.user_id == user_id, NoticePreference.kind == kind.value
        )
    )
    return True if enabled is None else bool(enabled)


def save_preferences(session: Session, user_id: int, choices: Mapping[NoticeKind, bool]) -> None:
    """Record ``user_id``'s choices (kinds left out keep theirs), in the caller's transaction."""
    if not choices:
        return
    now = utcnow()
    statement = upsert(
        dialect_of(session),
        NoticePreference,
        conflict=["user_id", "kind"],
        update={"enabled": lambda new: new.enabled, "updated_at": lambda new: new.updated_at},
    )
    execute_upsert(
        session,
        statement,
        [
            {"user_id": user_id, "kind": kind.value, "enabled": bool(on), "updated_at": now}
            for kind, on in choices.items()
        ],
    )
