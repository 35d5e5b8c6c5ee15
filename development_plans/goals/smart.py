"""What makes a goal SMART: the checks a goal must pass, field by field, with messages that teach
how to fix it, and the time horizon goals and progress dates must fall within."""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

HORIZON_MONTHS = 18
SPECIFIC_MIN = 15
TEXT_MAX = 1000
LONG_TEXT_MAX = 2000


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_target_date(today: date) -> date:
    """The furthest target date a goal may have: 18 months from today."""
    return add_months(today, HORIZON_MONTHS)


def date_example(day: date) -> str:
    """``day`` written as the date fields take it ("27 3 2027"): the one way every date hint and
    message shows an example."""
    return f"{day.day} {day.month} {day.year}"


#: Words that say how someone wants to be or feel rather than what they will do or count.
_VAGUE_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "be",
        "become",
        "being",
        "better",
        "bit",
        "confident",
        "confidence",
        "develop",
        "developing",
        "do",
        "feel",
        "generally",
        "get",
        "good",
        "great",
        "happier",
        "i",
        "improve",
        "improved",
        "improving",
        "it",
        "just",
        "leader",
        "leadership",
        "learn",
        "manager",
        "me",
        "more",
        "my",
        "myself",
        "nurse",
        "person",
        "really",
        "skills",
        "some",
        "stuff",
        "things",
        "to",
        "try",
        "will",
        "want",
        "work",
        "on",
        "overall",
    ]
)
_VAGUE_OPENINGS = (
    "be a better",
    "be better",
    "be more",
    "become a better",
    "become better",
    "feel better",
    "feel more",
    "get better",
    "improve",
    "try to be",
    "work on",
)
_WORD = re.compile(r"[a-z']+|\d+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def is_vague(text: str) -> bool:
    """True when ``text`` says how someone wants to be ("Be a better leader", "Feel better",
    "Improve") rather than an action or a count someone else could check: every word is a
    wish word, or it opens with a wish and says little more (under eight words, no number)."""
    words = _words(text)
    if not words:
        return False
    if all(w in _VAGUE_WORDS for w in words):
        return True
    opening = " ".join(words[:4])
    short = len(words) < 8 and not any(w.isdigit() for w in words)
    return short and any(opening.startswith(o) for o in _VAGUE_OPENINGS)


def _vague_specific(text: str) -> str:
    return (
        f"'{text}' says who you want to be, not what you will do. Name one action someone "
        "could watch you take, with where and with whom, for example 'Chair the Monday safety "
        "huddle and ask each person for one improvement idea'"
    )


def _vague_measurable(text: str) -> str:
    return (
        f"'{text}' is a feeling no one else can check. Say something you can count or show, "
        "for example 'feedback from 3 colleagues' or 'used at 6 huddles'"
    )


@dataclass
class GoalInput:
    """What a learner writes for a goal, before it is checked."""

    specific: str
    measurable: str
    support: str
    behaviour_ids: Sequence[str]
    target_date: date | None
    resource_keys: Sequence[str] = field(default_factory=tuple)

    def cleaned(self) -> GoalInput:
        """The same input with surrounding spaces removed and repeats dropped."""
        return GoalInput(
            specific=self.specific.strip(),
            measurable=self.measurable.strip(),
            support=self.support.strip(),
            behaviour_ids=list(dict.fromkeys(self.behaviour_ids)),
            target_date=self.target_date,
            resource_keys=list(dict.fromkeys(self.resource_keys)),
        )


def note_too_long(problems: dict[str, str], name: str, label: str, text: str, limit: int) -> None:
    """Add a message for field ``name`` when ``text`` is over ``limit`` (unless it has one)."""
    if len(text) > limit and name not in problems:
        problems[name] = f"{label} must be {limit} characters or fewer (it is {len(text)})"


def _wording_problems(data: GoalInput, problems: dict[str, str]) -> None:
    if not data.specific:
        problems["specific"] = (
            "Say exactly what you will do: an action someone could watch you take, for example "
            "'Lead the weekly team huddle and ask each person for one idea'"
        )
    elif is_vague(data.specific):
        problems["specific"] = _vague_specific(data.specific)
    elif len(data.specific) < SPECIFIC_MIN:
        problems["specific"] = (
            f"Be more specific (at least {SPECIFIC_MIN} characters): say what you will do, "
            "where and with whom"
        )
    note_too_long(problems, "specific", "What you will do", data.specific, TEXT_MAX)
    if not data.measurable:
        problems["measurable"] = (
            "Say how you will know you have done it: something you can count or show, for "
            "example 'feedback from 3 colleagues' or 'used at 6 huddles'"
        )
    elif is_vague(data.measurable):
        problems["measurable"] = _vague_measurable(data.measurable)
    note_too_long(problems, "measurable", "How you will know", data.measurable, TEXT_MAX)
    if not data.support:
        problems["support"] = (
            "Say what support, time or resources make this achievable for you, or write "
            "'none needed'"
        )
    note_too_long(problems, "support", "Support you need", data.support, TEXT_MAX)


def _date_problem(target: date | None, today: date, unchanged: date | None) -> str | None:
    latest = latest_target_date(today)
    if target is None:
        return (
            "Enter a target date, so the goal is time-bound, for example "
            f"{date_example(add_months(today, 3))}"
        )
    if target == unchanged:
        return None
    if target <= today:
        return "Target date must be in the future"
    if target > latest:
        return (
            f"Target date must be within {HORIZON_MONTHS} months, on or before "
            f"{latest:%-d %B %Y}; split a bigger goal into smaller ones"
        )
    return None


def goal_problems(
    data: GoalInput,
    *,
    focus_ids: Collection[str],
    resource_keys: Collection[str],
    today: date,
    unchanged_date: date | None = None,
) -> dict[str, str]:
    """What is wrong with a goal, field by field, in words that say how to make it SMART.
    ``unchanged_date`` is the goal's saved date, accepted as it is even if it has passed."""
    data = data.cleaned()
    problems: dict[str, str] = {}
    _wording_problems(data, problems)
    if not data.behaviour_ids:
        problems["behaviour_ids"] = (
            "Select at least one focus behaviour this goal develops, so it is relevant to your plan"
        )
    elif any(b not in focus_ids for b in data.behaviour_ids):
        problems["behaviour_ids"] = "Select focus behaviours from this item's list"
    if any(k not in resource_keys for k in data.resource_keys):
        problems["resource_keys"] = "Select resources from the suggested list"
    if problem := _date_problem(data.target_date, today, unchanged_date):
        problems["target_date"] = problem
    return problems
