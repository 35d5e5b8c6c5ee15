"""A rater answering: each dimension's behaviours in observer phrasing on the pack's scale or
"I have not seen this", the dimension's importance to the person's role and an optional comment.
Answers can be saved and changed until the rater sends them; they stay readable to that rater
alone until the window closes, and then to no one individually."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.assessments import IMPORTANCE_SCALE
from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from development_plans.feedback.errors import FeedbackError, NotAllowed
from development_plans.feedback.models import Rater, RaterAnswer, RaterDimension, RequestState
from development_plans.feedback.requesting import require_open, state_of
from development_plans.framework import Framework

#: The longest comment kept per dimension.
COMMENT_LIMIT = 2000


@dataclass(frozen=True)
class RaterAnswers:
    """What one rater has saved: ratings (None = not seen), importances and comments."""

    ratings: dict[str, int | None]
    importances: dict[str, int]
    comments: dict[str, str]

    def answered_dimension(self, framework: Framework, dimension_id: str) -> bool:
        """True when every behaviour of the dimension has a rating or "not seen"."""
        dimension = framework.dimension(dimension_id)
        return all(b.id in self.ratings for b in dimension.all_behaviours())


def usable(rater: Rater | None, now: datetime | None = None) -> str | None:
    """None when the rater may open the questionnaire; otherwise why not, in plain words."""
    if rater is None:
        return "This link does not work. Check you copied all of it from the email."
    if rater.revoked_at is not None:
        return "This link has been withdrawn by the person who asked for feedback."
    if state_of(rater.request, now) is not RequestState.OPEN:
        return "This request for feedback has closed, so the link no longer opens it."
    return None


def own_answers_visible(rater: Rater, now: datetime | None = None) -> bool:
    """A rater sees what they said until the window closes, and then nobody sees it."""
    return rater.revoked_at is None and state_of(rater.request, now) is RequestState.OPEN


def load_rater_answers(session: Session, rater: Rater) -> RaterAnswers:
    """The rater's saved answers, in two queries."""
    ratings = session.execute(
        select(RaterAnswer.behaviour_id, RaterAnswer.rating).where(RaterAnswer.rater_id == rater.id)
    ).all()
    dimensions = session.execute(
        select(
            RaterDimension.dimension_id, RaterDimension.importance, RaterDimension.comment
        ).where(RaterDimension.rater_id == rater.id)
    ).all()
    return RaterAnswers(
        ratings=dict(ratings),
        importances={d: i for d, i, _ in dimensions if i is not None},
        comments={d: c for d, _, c in dimensions if c},
    )


def _check(
    framework: Framework,
    dimension_id: str,
    ratings: Mapping[str, int | None],
    importance: int | None,
    comment: str,
) -> None:
    try:
        dimension = framework.dimension(dimension_id)
    except KeyError:
        raise FeedbackError("That part of the questionnaire does not exist.") from None
    allowed = {option.value for option in framework.scale}
    ids = {b.id for b in dimension.all_behaviours()}
    for behaviour_id, rating in ratings.items():
        if behaviour_id not in ids or (rating is not None and rating not in allowed):
            raise FeedbackError("One of the answers is not on the scale.")
    if importance is not None and importance not in {o.value for o in IMPORTANCE_SCALE}:
        raise FeedbackError("Choose how important this is from the list.")
    if len(comment) > COMMENT_LIMIT:
        raise FeedbackError(f"Keep the comment to {COMMENT_LIMIT} characters.")


def save_answers(
    session: Session,
    rater: Rater,
    framework: Framework,
    dimension_id: str,
    *,
    ratings: Mapping[str, int | None],
    importance: int | None,
    comment: str = "",
    now: datetime | None = None,
) -> None:
    """Keep one dimension's answers; a rating None means "I have not seen this"."""
    now = now or utcnow()
    _writable(rater, now)
    comment = comment.strip()
    _check(framework, dimension_id, ratings, importance, comment)
    dialect = dialect_of(session)
    if ratings:
        statement = upsert(
            dialect,
            RaterAnswer,
            conflict=("rater_id", "behaviour_id"),
            update={"rating": lambda new: new.rating},
        )
        rows = [{"rater_id": rater.id, "behaviour_id": b, "rating": r} for b, r in ratings.items()]
        execute_upsert(session, statement, rows)
    statement = upsert(
        dialect,
        RaterDimension,
        conflict=("rater_id", "dimension_id"),
        update={"importance": lambda new: new.importance, "comment": lambda new: new.comment},
    )
    row = {
        "rater_id": rater.id,
        "dimension_id": dimension_id,
        "importance": importance,
        "comment": comment or None,
    }
    execute_upsert(session, statement, [row])
    rater.updated_at = now
    session.flush()


def _writable(rater: Rater, now: datetime) -> None:
    if rater.revoked_at is not None:
        raise NotAllowed("This invitation has been withdrawn.")
    require_open(rater.request, now)
    if rater.answered_at is not None:
        raise NotAllowed("You have already sent your feedback, so it can no longer change.")


def send_answers(
    session: Session, rater: Rater, framework: Framework, now: datetime | None = None
) -> None:
    """Send the feedback: from now on it counts, and it can no longer change. Behaviours left
    unanswered count as "not seen"."""
    now = now or utcnow()
    _writable(rater, now)
    answers = load_rater_answers(session, rater)
    if not answers.ratings:
        raise FeedbackError("Answer at least one part of the questionnaire before sending it.")
    rater.answered_at = now
    rater.updated_at = now
    session.flush()
