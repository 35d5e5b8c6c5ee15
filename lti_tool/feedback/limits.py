"""Rate limits on the public rater links, kept in the shared store so every worker counts
together: a fixed window per client address, counted with one insert-if-absent slot per request
(atomic in the database store and in Redis). Checked first thing in a request, so committing
the count commits nothing else."""

from __future__ import annotations

import time

from flask import current_app, request

from lti_tool.extensions import db

WINDOW_SECONDS = 60


def _store():
    return current_app.extensions["lti_adapter"].store


def link_request_allowed() -> bool:
    """True while this client address has made fewer than ``FEEDBACK_LINK_REQUESTS_PER_MINUTE``
    requests to rater links in the current minute."""
    limit = current_app.config["FEEDBACK_LINK_REQUESTS_PER_MINUTE"]
    window = int(time.time() // WINDOW_SECONDS)
    key = f"feedback-link:{request.remote_addr}:{window}"
    store = _store()
    start = store.get(f"{key}:next") or 0
    allowed = False
    for slot in range(start, limit):
        if store.add(f"{key}:{slot}", 1, ttl=WINDOW_SECONDS * 2):
            store.set(f"{key}:next", slot + 1, ttl=WINDOW_SECONDS * 2)
            allowed = True
            break
    db.session.commit()  # the count is kept even when the page itself changes nothing
    return allowed
