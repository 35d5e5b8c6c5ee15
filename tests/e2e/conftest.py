"""Browser fixtures: the tool and its demo LMS served together (LMS at http://127.0.0.1:PORT,
tool at http://localhost:PORT: two sites, as with a real Moodle) and Debian's chromium."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from support.e2e import CHROMIUM, CHROMIUM_ARGS
from werkzeug.serving import make_server


@dataclass
class DemoSite:
    app: object
    port: int
    mailbox: object  # demo_lms.mailbox.Mailbox: the SMTP server the tool's mail goes to

    @property
    def lms_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/demo-lms"

    @property
    def tool_url(self) -> str:
        return f"http://localhost:{self.port}"


@pytest.fixture
def demo_site(make_app, database_url, tmp_path):
    from werkzeug.exceptions import NotFound

    from demo_lms.mailbox import Mailbox
    from demo_lms.with_tool import build
    from lti_tool.config import Config

    make_app()  # empties the test database
    server = make_server("127.0.0.1", 0, NotFound(), threaded=True)
    config = Config(
        INSTANCE_DIR=tmp_path / "demo-instance",
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY="e2e-secret",
        DEMO_MODE=True,
    )
    mailbox = Mailbox()
    tool, wsgi, _ = build(server.server_port, config, mailbox=mailbox)
    server.app = wsgi
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield DemoSite(app=tool, port=server.server_port, mailbox=mailbox)
    server.shutdown()
    server.server_close()
    mailbox.stop()
    from lti_tool.extensions import db

    with tool.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
