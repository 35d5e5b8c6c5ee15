"""Stable, non-identifying labels for people an LMS sends without a name or email (a Brightspace
"anonymous" deployment, a Moodle privacy setting, Canvas substitutions it could not resolve).

The label comes from a keyed hash of the issuer and subject, so it is the same on every page,
every export and every launch, yet says nothing about the LMS account: the raw ``sub`` is never
shown, and without the key nobody can work back from a label to an account."""

from __future__ import annotations

import hashlib
import hmac

LABEL_PREFIX = "Person"
UNNAMED = "Unnamed person"


def person_label(issuer: str, subject: str, key: bytes) -> str:
    """``Person 3F2A-91C4``: eight hex digits of HMAC-SHA256(key, issuer + NUL + subject), so
    two people in one course share a label with odds of about one in 20 million per pair."""
    digest = hmac.new(key, f"{issuer}\0{subject}".encode(), hashlib.sha256).hexdigest().upper()
    return f"{LABEL_PREFIX} {digest[:4]}-{digest[4:8]}"
