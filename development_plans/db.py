"""Conflict-safe upserts on SQLite and PostgreSQL, so two requests writing the same row at once
never collide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import CursorResult, Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from development_plans.models import Base


def upsert(
    dialect: str,
    model: type[Base],
    *,
    conflict: Sequence[str],
    update: Mapping[str, Any] | None = None,
) -> Insert:
    """``INSERT … ON CONFLICT (conflict) DO UPDATE SET update`` (or ``DO NOTHING``) for the
    ``dialect`` ("postgresql" or "sqlite"), so two requests writing one row at once never
    collide. ``update`` maps column names to values or to functions of ``excluded`` (the row
    this insert proposed).
    Run it with :func:`execute_upsert`, which passes the rows as parameters: that keeps the
    compiled statement cached and batches many rows into few round trips."""
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(model)
    if update:
        values = {k: (v(insert.excluded) if callable(v) else v) for k, v in update.items()}
        return insert.on_conflict_do_update(index_elements=list(conflict), set_=values)
    return insert.on_conflict_do_nothing(index_elements=list(conflict))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def execute_upsert(
    session: Session, statement: Insert, rows: Sequence[Mapping[str, Any]]
) -> CursorResult:
    """Run an :func:`upsert` on the session's connection, in its transaction, without the ORM's
    bulk machinery (the rows are plain values; nothing is loaded into the session)."""
    return session.connection().execute(statement, list(rows))
