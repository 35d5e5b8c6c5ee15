"""Pack versions: a new version of a pack never changes an old result. The first assessment
made with a version stores that version's content; an assessment made with an earlier version
than the one installed is read with the stored copy."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from development_plans.framework.loading import framework_from_data
from development_plans.framework.model import Framework
from development_plans.framework.models import FrameworkPackVersion


def remember_version(session: Session, framework: Framework) -> None:
    """Store this pack version's content unless it is stored already (the first copy wins)."""
    if framework.content is None:
        raise ValueError(f"framework {framework.id!r} has no content to store")
    statement = upsert(
        dialect_of(session), FrameworkPackVersion, conflict=("framework_id", "version")
    )
    execute_upsert(
        session,
        statement,
        [
            {
                "framework_id": framework.id,
                "version": framework.version,
                "content": framework.content,
                "first_used_at": utcnow(),
            }
        ],
    )


def framework_at_version(
    session: Session, installed: Mapping[str, Framework], framework_id: str, version: str
) -> Framework:
    """The pack ``framework_id`` at ``version``: the installed pack when it is that version,
    else the stored copy of that version; the installed pack when no copy was stored (an
    assessment older than stored versions). ``KeyError`` when the pack is not installed."""
    current = installed[framework_id]
    if current.version == version:
        return current
    content = session.scalar(
        select(FrameworkPackVersion.content).where(
            FrameworkPackVersion.framework_id == framework_id,
            FrameworkPackVersion.version == version,
        )
    )
    if content is None:
        return current
    return _stored_framework(framework_id, version, json.dumps(content))


@functools.lru_cache(maxsize=32)
def _stored_framework(framework_id: str, version: str, content: str) -> Framework:
    # Keyed by the content too, so two databases in one process can never share a wrong copy.
    return framework_from_data(json.loads(content), f"stored pack {framework_id} {version}")


def stored_versions(session: Session, framework_id: str) -> list[str]:
    """The versions of a pack stored so far, oldest first."""
    return list(
        session.scalars(
            select(FrameworkPackVersion.version)
            .where(FrameworkPackVersion.framework_id == framework_id)
            .order_by(FrameworkPackVersion.first_used_at, FrameworkPackVersion.version)
        )
    )
