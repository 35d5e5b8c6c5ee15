"""What real platforms send that the specification does not promise, handled in one place.

- Canvas sends a variable substitution it cannot resolve as its literal text
  (``$Person.name.given``, ``$Canvas.user.id``), in custom parameters and even in name and email:
  such a value is no value.
- Brightspace's "anonymous" deployments (and Moodle's privacy settings) send no name or email: the
  person is shown by a stable label from a keyed hash of issuer and ``sub`` (never the raw ``sub``).
- Canvas and Blackboard Learn share one issuer between every customer (many client IDs, many
  deployments), and Canvas's login URL is on another host than its issuer: nothing here may derive
  one from the other; registrations are looked up by (issuer, client ID), courses by deployment.
- Moodle's ``login_hint`` is its user id, passed back untouched; its mobile app launches in the
  whole window rather than a frame, and both kinds of teacher arrive as Instructor.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app

from development_plans.people.labels import person_label

_UNRESOLVED = re.compile(r"\$[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+")


def is_unresolved_substitution(value: object) -> bool:
    """True for ``$Person.name.given`` and the like: a substitution the platform left as text."""
    return isinstance(value, str) and _UNRESOLVED.fullmatch(value.strip()) is not None


def resolved(value: object, limit: int = 255) -> str | None:
    """A claim's text, cut to ``limit``; None when missing, empty or an unresolved substitution."""
    if not isinstance(value, str) or not value.strip() or is_unresolved_substitution(value):
        return None
    return value[:limit]


def label_for(issuer: str, subject: str) -> str:
    """The person's pseudonymous label, keyed by a key derived from the app's secret key."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = hmac.new(secret, b"development-planner person label", hashlib.sha256).digest()
    return person_label(issuer, subject, key)
