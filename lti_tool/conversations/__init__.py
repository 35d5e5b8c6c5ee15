"""Conversations on a plan: replying in a thread, for the learner whose plan it is and for the
managers of their team. Managers open threads from the member page (:mod:`lti_tool.team`); the
threads are drawn by ``templates/conversations/_threads.html`` on the plan, goal and member
pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the reply route."""
    from lti_tool.conversations.routes import bp

    app.register_blueprint(bp)
