"""The page a launch lands on, where each feature adds its own section."""

from __future__ import annotations

from flask import Flask

from lti_tool.home.routes import bp


def init_app(app: Flask) -> None:
    """Plug in the home page; features add their sections with ``add_home_section``."""
    app.register_blueprint(bp)
