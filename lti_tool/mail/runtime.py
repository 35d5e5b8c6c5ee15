"""Plugging mail delivery into the app: the ``flask mail`` commands and the background sender."""

from __future__ import annotations

from flask import Flask

from lti_tool.mail.settings import MailSettings


def init_app(app: Flask, settings: MailSettings) -> None:
    """Filled in with the sender (the API above works without it)."""
