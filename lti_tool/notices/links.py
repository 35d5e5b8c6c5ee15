"""Absolute links to the tool's pages for emails: from the request's own address while handling
one, else from ``MAIL_TOOL_URL`` (for ``flask notices due-goals``, run outside any request);
None when neither is known (the message then names the page instead of linking it)."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def tool_link(endpoint: str, **values) -> str | None:
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = (current_app.config.get("MAIL_TOOL_URL") or "").rstrip("/")
    if not base:
        return None
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base + path
