"""The links external raters answer through: a long random token, of which only the sha256 is
stored, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """A fresh token (for the link, never stored) and its hash (the only thing stored)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """The stored form of a token: its sha256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
