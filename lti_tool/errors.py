"""Every failure becomes a page that says what went wrong and what to do, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lti_tool.lti.errors import LaunchRefused

MESSAGES = {
    400: ("Something in that request was not right", "Go back and try again."),
    401: (
        "Open Development Planner from your course",
        "Your session has ended or this browser has not launched the tool. Open the activity "
        "from your course in the LMS again.",
    ),
    403: ("You cannot see this page", "It belongs to someone else or needs another role."),
    404: ("Page not found", "The page or record does not exist, or you cannot see it."),
    405: ("That action is not allowed here", "Go back and try again."),
    413: ("That was too large to accept", "Send less at once and try again."),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(LaunchRefused)
    def launch_refused(refusal: LaunchRefused):
        return render_template("errors/launch.html", refusal=refusal), refusal.status

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return render_template(
            "errors/generic.html",
            title="This form has expired",
            detail="Go back, reload the page and submit it again. Nothing you saved before "
            "has been lost.",
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        title, detail = MESSAGES.get(error.code or 500, (error.name, error.description))
        return render_template("errors/generic.html", title=title, detail=detail), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        return render_template(
            "errors/generic.html",
            title="Sorry, there is a problem with the service",
            detail="Try again later. Nothing you saved before has been lost.",
        ), 500
