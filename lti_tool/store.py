"""Short-lived state shared by every worker process: in the database by default, or in Redis.

Launch state, nonces, the platforms' JWKS and access tokens live here, never in process memory,
so a login handled by one worker can be completed by another.

Inside a request the database store works on the request's own session (one connection per
request, no extra round trips), so its writes commit with the request: every view that writes
through the store commits. Outside a request (the grade sender, the CLI) each call is its own
short transaction. Redis writes take effect at once either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol

from flask import has_request_context
from sqlalchemy import String, Text, bindparam, delete, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from development_plans.db import Base, upsert, utcnow


class SharedValue(Base):
    """Short-lived state shared by every worker process: launch state, nonces, JWKS and token
    caches. Rows past ``expires_at`` are treated as absent and purged opportunistically."""

    __tablename__ = "shared_values"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


class SharedStore(Protocol):
    def get(self, key: str) -> Any | None: ...
    def set(self, key: str, value: Any, ttl: int | None = None) -> None: ...
    def set_many(self, values: dict[str, Any], ttl: int | None = None) -> None: ...
    def add(self, key: str, value: Any, ttl: int | None = None) -> bool: ...
    def pop(self, key: str) -> Any | None: ...
    def delete(self, key: str) -> None: ...


class DatabaseStore:
    """Shared values in the ``shared_values`` table: in a request, on the request's session;
    elsewhere, each call in its own short transaction."""

    def __init__(self, engine: Engine, request_session: Callable[[], Session]) -> None:
        self.engine = engine
        self.request_session = request_session
        dialect = engine.dialect.name
        self._set = upsert(
            dialect,
            SharedValue,
            conflict=("key",),
            update={"value": lambda new: new.value, "expires_at": lambda new: new.expires_at},
        )
        self._add = upsert(dialect, SharedValue, conflict=("key",)).returning(SharedValue.key)
        key, now = bindparam("key"), bindparam("now", type_=SharedValue.expires_at.type)
        live = (SharedValue.key == key) & (
            SharedValue.expires_at.is_(None) | (SharedValue.expires_at > now)
        )
        self._get = select(SharedValue.value).where(live)
        self._pop = delete(SharedValue).where(live).returning(SharedValue.value)
        self._delete = delete(SharedValue).where(SharedValue.key == key)
        self._delete_expired = delete(SharedValue).where(
            (SharedValue.key == key) & (SharedValue.expires_at <= now)
        )

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        if has_request_context():
            yield self.request_session().connection()
            return
        with self.engine.begin() as conn:
            yield conn

    def get(self, key: str) -> Any | None:
        with self._connection() as conn:
            raw = conn.execute(self._get, {"key": key, "now": utcnow()}).scalar()
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        """Store ``value`` (an upsert, so workers setting one key at once never collide)."""
        with self._connection() as conn:
            conn.execute(self._set, [self._row(key, value, ttl)])

    def set_many(self, values: dict[str, Any], ttl: int | None = None) -> None:
        """Store several values in one statement."""
        with self._connection() as conn:
            conn.execute(self._set, [self._row(k, v, ttl) for k, v in values.items()])

    def add(self, key: str, value: Any, ttl: int | None = None) -> bool:
        """Store ``value`` only if no live value exists; True when this call stored it."""
        with self._connection() as conn:
            conn.execute(self._delete_expired, {"key": key, "now": utcnow()})
            inserted = conn.execute(self._add, [self._row(key, value, ttl)]).scalar()
            return inserted is not None

    def pop(self, key: str) -> Any | None:
        """Remove and return a live value atomically: two workers never both get it."""
        with self._connection() as conn:
            raw = conn.execute(self._pop, {"key": key, "now": utcnow()}).scalar()
        return None if raw is None else json.loads(raw)

    def delete(self, key: str) -> None:
        with self._connection() as conn:
            conn.execute(self._delete, {"key": key})

    def purge_expired(self) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                delete(SharedValue).where(SharedValue.expires_at <= utcnow())
            ).rowcount

    def _row(self, key: str, value: Any, ttl: int | None) -> dict[str, Any]:
        expires = utcnow() + timedelta(seconds=ttl) if ttl else None
        return {"key": key, "value": json.dumps(value), "expires_at": expires}


class RedisStore:
    """Shared values in Redis, JSON-encoded, with Redis expiry."""

    def __init__(self, url: str, prefix: str = "dp:") -> None:
        from lti_tool.redis_client import RedisClient

        self.redis = RedisClient(url)
        self.prefix = prefix

    def get(self, key: str) -> Any | None:
        raw = self.redis.get(self.prefix + key)
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self.redis.set(self.prefix + key, json.dumps(value), ex=ttl or None)

    def set_many(self, values: dict[str, Any], ttl: int | None = None) -> None:
        expiry = ["EX", str(ttl)] if ttl else []
        self.redis.pipeline(
            [["SET", self.prefix + k, json.dumps(v), *expiry] for k, v in values.items()]
        )

    def add(self, key: str, value: Any, ttl: int | None = None) -> bool:
        return self.redis.set(self.prefix + key, json.dumps(value), ex=ttl or None, nx=True)

    def pop(self, key: str) -> Any | None:
        raw = self.redis.getdel(self.prefix + key)
        return None if raw is None else json.loads(raw)

    def delete(self, key: str) -> None:
        self.redis.delete(self.prefix + key)


def make_store(url: str, engine: Engine, request_session: Callable[[], Session]) -> SharedStore:
    """The store named by SHARED_STORE_URL: ``database`` or a ``redis://`` URL."""
    if url == "database":
        return DatabaseStore(engine, request_session)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    raise ValueError(f"SHARED_STORE_URL must be 'database' or a redis:// URL, not {url!r}")
