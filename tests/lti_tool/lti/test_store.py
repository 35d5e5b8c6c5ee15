"""The shared store behaves the same in the database and in Redis, and launches work on both."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from support.lti import Launcher

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["database", "redis"])
def store(request, app):
    from lti_tool.extensions import db
    from lti_tool.store import make_store

    with app.app_context():
        yield make_store(
            REDIS_URL if request.param == "redis" else "database", db.engine, lambda: db.session
        )


def key() -> str:
    return f"test:{uuid.uuid4()}"


def test_set_get_delete(store):
    name = key()
    assert store.get(name) is None
    store.set(name, {"a": [1, 2]}, ttl=60)
    assert store.get(name) == {"a": [1, 2]}
    store.set(name, "replaced")
    assert store.get(name) == "replaced"
    store.delete(name)
    assert store.get(name) is None


def test_several_values_set_at_once(store):
    first, second = key(), key()
    store.set(first, "old")
    store.set_many({first: {"n": 1}, second: True}, ttl=60)
    assert (store.get(first), store.get(second)) == ({"n": 1}, True)


def test_values_expire(store):
    name = key()
    store.set(name, 1, ttl=1)
    time.sleep(1.2)
    assert store.get(name) is None
    assert store.pop(name) is None
    assert store.add(name, 2, ttl=60) is True


def test_add_only_once(store):
    name = key()
    assert store.add(name, "first", ttl=60) is True
    assert store.add(name, "second", ttl=60) is False
    assert store.get(name) == "first"


def test_pop_is_atomic_across_threads(store):
    name = key()
    store.set(name, "nonce", ttl=60)
    winners = []
    barrier = threading.Barrier(8)

    def take():
        barrier.wait()
        if store.pop(name) is not None:
            winners.append(1)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert winners == [1]


def test_unknown_store_url_is_refused(app):
    from lti_tool.extensions import db
    from lti_tool.store import make_store

    with app.app_context(), pytest.raises(ValueError, match="SHARED_STORE_URL"):
        make_store("memcached://x", db.engine, lambda: db.session)


def test_launches_work_with_redis_as_the_shared_store(make_app):
    from support.lti import registered_platform
    from support.servers import LiveServer

    app = make_app(SHARED_STORE_URL=REDIS_URL)
    with (
        LiveServer(app, public_host="localhost") as tool,
        registered_platform(app, tool) as platform,
    ):
        launcher = Launcher(platform, tool)
        auth = launcher.login()
        store = app.extensions["lti_adapter"].store
        assert store.get(f"lti1p3-nonce-{auth['nonce']}") is True
        action, fields = launcher.authenticate()
        response = launcher.session.post(action, data=fields)
        assert response.status_code == 200 and "Asha Patel" in response.text
        assert store.get(f"lti1p3-nonce-{auth['nonce']}") is None


def test_many_workers_setting_one_key_at_once(store):
    """Several grade senders caching a fresh access token under the same key at the same moment
    must all succeed (a delete-then-insert raced into a duplicate key on PostgreSQL)."""
    name = key()
    errors = []
    barrier = threading.Barrier(8)

    def put(value: int) -> None:
        barrier.wait()
        try:
            store.set(name, value, ttl=60)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=put, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.get(name) in range(8)
