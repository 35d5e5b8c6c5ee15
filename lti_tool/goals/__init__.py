"""The goal pages: SMART goals for the plan's items, their actions, progress and status."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the goal pages (under ``/plan``, beside the plan they belong to)."""
    from lti_tool.goals.routes import bp

    app.register_blueprint(bp)
