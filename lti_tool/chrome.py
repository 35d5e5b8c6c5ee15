"""The page chrome (NHS.UK header and footer) rendered once per distinct content per process and
reused on every page: the NHS.UK macros cost ~1.5 ms a page, more than most pages' own content.
The header's only variable part is the viewer's name, role and course."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, url_for
from markupsafe import Markup

from lti_tool.auth import Viewer


def init_app(app: Flask) -> None:
    @lru_cache(maxsize=2048)
    def header(home_url: str, account_text: str) -> Markup:
        module = app.jinja_env.get_template("_chrome/chrome.html").module
        return module.site_header(home_url, account_text)  # Markup: the macro escaped it

    @lru_cache(maxsize=1)
    def footer() -> Markup:
        return app.jinja_env.get_template("_chrome/chrome.html").module.site_footer()

    def site_header(viewer: Viewer | None) -> Markup:
        account = ""
        if viewer is not None:
            parts = (viewer.user.display_name, viewer.role.value, viewer.course.display_title)
            account = " · ".join(parts)
        return header(url_for("home.index"), account)

    app.jinja_env.globals.update(site_header=site_header, site_footer=footer)
