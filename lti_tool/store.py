"""Short-lived state shared by every worker process: in the database by default, or in Redis.

Launch state, nonces, the platforms' JWKS and access tokens live here, never in process memory,
so a login handled by one worker can be completed by another.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from development_plans.models import utcnow
from lti_tool.models import SharedValue


class SharedStore(Protocol):
    def get(self, key: str) -> Any | None: ...
    def set(self, key: str, value: Any, ttl: int | None = None) -> None: ...
    def add(self, key: str, value: Any, ttl: int | None = None) -> bool: ...
    def pop(self, key: str) -> Any | None: ...
    def delete(self, key: str) -> None: ...


class DatabaseStore:
    """Shared values in the ``shared_values`` table, each call in its own short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _live(self, key: str):
        now = utcnow()
        return (SharedValue.key == key) & (
            SharedValue.expires_at.is_(None) | (SharedValue.expires_at > now)
        )

    def get(self, key: str) -> Any | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(SharedValue.value).where(self._live(key))).scalar()
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        """Store ``value`` (an upsert, so workers setting one key at once never collide)."""
        row = self._row(key, value, ttl)
        upsert = self._insert().values(**row)
        with self.engine.begin() as conn:
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=["key"],
                    set_={"value": row["value"], "expires_at": row["expires_at"]},
                )
            )

    def add(self, key: str, value: Any, ttl: int | None = None) -> bool:
        """Store ``value`` only if no live value exists; True when this call stored it."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(SharedValue).where(
                    (SharedValue.key == key) & (SharedValue.expires_at <= utcnow())
                )
            )
            inserted = conn.execute(
                self._insert_ignoring_conflict()
                .values(**self._row(key, value, ttl))
                .returning(SharedValue.key)
            ).scalar()
            return inserted is not None

    def pop(self, key: str) -> Any | None:
        """Remove and return a live value atomically: two workers never both get it."""
        with self.engine.begin() as conn:
            raw = conn.execute(
                delete(SharedValue).where(self._live(key)).returning(SharedValue.value)
            ).scalar()
        return None if raw is None else json.loads(raw)

    def delete(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(SharedValue).where(SharedValue.key == key))

    def purge_expired(self) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                delete(SharedValue).where(SharedValue.expires_at <= utcnow())
            ).rowcount

    def _row(self, key: str, value: Any, ttl: int | None) -> dict[str, Any]:
        expires = utcnow() + timedelta(seconds=ttl) if ttl else None
        return {"key": key, "value": json.dumps(value), "expires_at": expires}

    def _insert(self):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(SharedValue)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(SharedValue)

    def _insert_ignoring_conflict(self):
        return self._insert().on_conflict_do_nothing(index_elements=["key"])


class RedisStore:
    """Shared values in Redis, JSON-encoded, with Redis expiry."""

    def __init__(self, url: str, prefix: str = "dp:") -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix

    def get(self, key: str) -> Any | None:
        raw = self.redis.get(self.prefix + key)
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self.redis.set(self.prefix + key, json.dumps(value), ex=ttl or None)

    def add(self, key: str, value: Any, ttl: int | None = None) -> bool:
        return bool(self.redis.set(self.prefix + key, json.dumps(value), ex=ttl or None, nx=True))

    def pop(self, key: str) -> Any | None:
        raw = self.redis.getdel(self.prefix + key)
        return None if raw is None else json.loads(raw)

    def delete(self, key: str) -> None:
        self.redis.delete(self.prefix + key)


def make_store(url: str, engine: Engine) -> SharedStore:
    """The store named by SHARED_STORE_URL: ``database`` or a ``redis://`` URL."""
    if url == "database":
        return DatabaseStore(engine)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    raise ValueError(f"SHARED_STORE_URL must be 'database' or a redis:// URL, not {url!r}")
