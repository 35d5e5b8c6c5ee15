"""Run the tool with its demo LMS in one process (`./dev demo`): the LMS at
http://127.0.0.1:PORT/demo-lms/ and the tool at http://localhost:PORT/, two different sites as with
a real Moodle. The demo LMS is not production code: it is not in the tool's wheel, and the tool
never imports it.

Only for demo mode (DP_DEMO_MODE=1); never in production."""

from __future__ import annotations

import argparse
import os
import sys

from flask import Flask
from sqlalchemy import select
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from demo_lms.config import DEMO_PERSONAS
from demo_lms.mailbox import Mailbox
from lti_tool import create_app
from lti_tool.config import Config

DEMO_MOUNT = "/demo-lms"


class DemoModeRequired(RuntimeError):
    pass


def build(
    port: int,
    config: Config | None = None,
    mailbox: Mailbox | None = None,
    personas: tuple | None = None,
    flavour: str = "generic",
) -> tuple[Flask, DispatcherMiddleware, str]:
    """The tool app and the combined WSGI app serving it with the demo LMS; returns the LMS URL.
    ``personas`` replaces the course's people (browser tests that need a bigger course);
    ``flavour`` is the platform the LMS imitates (demo_lms/flavours.py).

    Unless the tool has a MAIL_URL of its own, its mail goes to ``mailbox`` (an in-process SMTP
    server, started here when not given), whose messages the LMS's Mailbox page shows."""
    from demo_lms.app import create_demo_lms
    from demo_lms.config import DemoLmsConfig

    config = config or Config()
    if not config.DEMO_MODE:
        raise DemoModeRequired(
            "The demo LMS runs only in demo mode: set DP_DEMO_MODE=1 (the README's `./dev demo` "
            "does). Never enable it in production."
        )
    tool_url = f"http://localhost:{port}"
    lms_url = f"http://127.0.0.1:{port}{DEMO_MOUNT}"
    mailbox = _configure_tool(config, tool_url, mailbox)
    tool = create_app(config)
    lms_config = DemoLmsConfig(
        issuer=lms_url,
        tool_login_url=f"{tool_url}/lti/login",
        tool_launch_url=f"{tool_url}/lti/launch",
        tool_jwks_url=f"{tool_url}/lti/jwks",
        key_path=config.INSTANCE_DIR / "demo-lms-key.pem",
        enable_control=True,
        flavour=flavour,
        **({"personas": personas} if personas else {}),
    )
    lms = create_demo_lms(lms_config, mailbox=mailbox)
    _register(tool, lms_config)
    return tool, DispatcherMiddleware(tool, {DEMO_MOUNT: lms}), f"{lms_url}/"


def _configure_tool(config: Config, tool_url: str, mailbox: Mailbox | None) -> Mailbox | None:
    """Demo settings: background senders, Dynamic Registration, and mail to the LMS's mailbox
    (started here) unless the tool has a MAIL_URL of its own; returns the mailbox."""
    config.GRADES_BACKGROUND_SENDER = True
    config.DYNAMIC_REGISTRATION = "active"
    # Every rater in the demo, and every external link opened from its Mailbox, comes from
    # 127.0.0.1: one person trying three external raters in a row must not be rate-limited.
    config.FEEDBACK_LINK_REQUESTS_PER_MINUTE = max(config.FEEDBACK_LINK_REQUESTS_PER_MINUTE, 600)
    if not config.MAIL_URL:
        mailbox = (mailbox or Mailbox()).start()
        config.MAIL_URL = mailbox.url
        config.MAIL_ENABLED = True
        config.MAIL_FROM = "Development Planner <planner@localhost>"
    config.MAIL_BACKGROUND_SENDER = True
    config.MAIL_TOOL_URL = tool_url
    return mailbox


def _register(tool: Flask, lms_config) -> None:
    """Bring the tool's database up to date and register the demo LMS with it (idempotent)."""
    from flask_migrate import upgrade

    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment, LtiRegistration

    with tool.app_context():
        upgrade()
        registration = db.session.scalar(
            select(LtiRegistration).where(
                LtiRegistration.issuer == lms_config.issuer,
                LtiRegistration.client_id == lms_config.client_id,
            )
        )
        if registration is None:
            registration = LtiRegistration(issuer=lms_config.issuer, client_id=lms_config.client_id)
            registration.deployments = [LtiDeployment(deployment_id=lms_config.deployment_id)]
            db.session.add(registration)
        registration.name = "Demo LMS"
        registration.auth_login_url = lms_config.auth_url
        registration.auth_token_url = lms_config.token_url
        registration.key_set_url = lms_config.jwks_url
        db.session.commit()


def main(argv: list[str] | None = None) -> int:
    from werkzeug.serving import run_simple

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args(argv)
    try:
        _, wsgi, lms_url = build(args.port, personas=DEMO_PERSONAS)
    except DemoModeRequired as error:
        print(error, file=sys.stderr)
        return 2
    print(f"\n  Development Planner demo is running.\n  Open the demo LMS: {lms_url}\n", flush=True)
    run_simple("127.0.0.1", args.port, wsgi, threaded=True, use_reloader=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
