"""The shared store's own Redis client: URLs read as redis-py reads them, values round-trip with
expiry and NX, errors are errors, and a connection Redis dropped is opened again."""

from __future__ import annotations

import secrets

import pytest

from lti_tool.redis_client import RedisAddress, RedisClient, RedisError, RedisUnavailable

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_urls_are_read_as_redis_py_reads_them():
    plain = RedisAddress.from_url("redis://cache.example:6380/3")
    assert (plain.host, plain.port, plain.db, plain.tls, plain.password) == (
        "cache.example",
        6380,
        3,
        False,
        None,
    )
    secured = RedisAddress.from_url("rediss://app:s%40cret@cache.example")
    assert (secured.tls, secured.username, secured.password, secured.db) == (
        True,
        "app",
        "s@cret",
        0,
    )
    assert RedisAddress.from_url("redis://:only-password@h/1").password == "only-password"
    unix = RedisAddress.from_url("unix:///run/redis.sock?db=2")
    assert (unix.unix_path, unix.db, unix.host) == ("/run/redis.sock", 2, None)
    with pytest.raises(ValueError):
        RedisAddress.from_url("memcached://x")


def test_values_round_trip_with_expiry_and_nx():
    client = RedisClient(REDIS_URL)
    key = "test-client-" + secrets.token_hex(6)
    assert client.set(key, "één", ex=60)
    assert client.get(key).decode() == "één"
    assert 0 < client.command("TTL", key) <= 60
    assert client.set(key, "other", nx=True) is False
    assert client.getdel(key).decode() == "één"
    assert client.getdel(key) is None
    client.delete(key)
    with pytest.raises(RedisError):
        client.command("NO-SUCH-COMMAND")


def test_a_connection_redis_dropped_is_opened_again():
    client, other = RedisClient(REDIS_URL), RedisClient(REDIS_URL)
    key = "test-client-" + secrets.token_hex(6)
    client.set(key, "kept", ex=60)
    own_id = client.command("CLIENT", "ID")
    assert other.command("CLIENT", "KILL", "ID", str(own_id)) == 1
    assert client.get(key) == b"kept"
    assert client.command("CLIENT", "ID") != own_id


def test_an_unreachable_redis_is_reported_as_unavailable():
    with pytest.raises(RedisUnavailable):
        RedisClient("redis://127.0.0.1:9/0").get("anything")
