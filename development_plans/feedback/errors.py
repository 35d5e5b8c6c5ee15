"""Why a 360 feedback change was refused, in words the person can act on."""

from __future__ import annotations


class FeedbackError(Exception):
    """A change the feedback request cannot accept; ``str(error)`` says why."""


class NotAllowed(FeedbackError):
    """The person may not do this (wrong person, role or request state)."""


class WindowClosed(FeedbackError):
    """The request no longer takes answers or new raters."""

    def __init__(self) -> None:
        super().__init__("This request for feedback has closed, so it can no longer change.")


class InvalidRater(FeedbackError):
    """A rater cannot be added as asked; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "email") -> None:
        self.field = field
        super().__init__(message)
