"""Reading the course settings forms into plain values for the domain (CSRF is checked for every
POST by ``CSRFProtect``; the rules live in development_plans)."""

from __future__ import annotations


def minutes(text: str) -> tuple[int | None, str | None]:
    """Whole minutes from a box that may be left empty."""
    text = text.strip()
    if not text:
        return None, None
    if not text.isdigit():
        return None, "Estimated time must be a whole number of minutes, like 45"
    return int(text), None
