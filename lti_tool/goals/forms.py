"""Reading the goal pages' forms into plain values for the domain. CSRF is checked for every POST
by ``CSRFProtect``; the rules themselves (SMART, lengths, links) live in development_plans, so
these functions only turn text into typed values and say when that fails."""

from __future__ import annotations

from datetime import date

from werkzeug.datastructures import MultiDict

from development_plans.goals import GoalInput, GoalStatus

DATE_PARTS = ("day", "month", "year")


def date_values(form: MultiDict, prefix: str) -> dict[str, str]:
    """The day, month and year typed for a date, as text, to show again."""
    return {part: form.get(f"{prefix}-{part}", "").strip()[:10] for part in DATE_PARTS}


def parse_date(form: MultiDict, prefix: str, label: str) -> tuple[date | None, str | None]:
    """A date from three boxes (``<prefix>-day`` …), or None with a message saying what to fix."""
    values = date_values(form, prefix)
    if not any(values.values()):
        return None, None
    missing = [part for part in DATE_PARTS if not values[part]]
    if missing:
        return None, f"{label} must include a {' and a '.join(missing)}"
    if not all(values[part].isdigit() for part in DATE_PARTS) or len(values["year"]) != 4:
        return None, f"{label} must be a real date, like 27 3 2027"
    try:
        return date(int(values["year"]), int(values["month"]), int(values["day"])), None
    except ValueError:
        return None, f"{label} must be a real date, like 27 3 2027"


def goal_input(form: MultiDict) -> tuple[GoalInput, dict[str, str]]:
    """The goal form as a :class:`GoalInput`, and any date that could not be read."""
    target, problem = parse_date(form, "target_date", "Target date")
    data = GoalInput(
        specific=form.get("specific", ""),
        measurable=form.get("measurable", ""),
        support=form.get("support", ""),
        behaviour_ids=form.getlist("behaviour_ids"),
        target_date=target,
        resource_keys=form.getlist("resource_keys"),
    )
    return data, ({"target_date": problem} if problem else {})


def goal_status(form: MultiDict) -> GoalStatus | None:
    """The status chosen on the status form, or None when none (or an unknown one) was."""
    try:
        return GoalStatus(form.get("status", ""))
    except ValueError:
        return None
